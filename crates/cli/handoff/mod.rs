//! `astro-preflight handoff`: the manifest checked as `check` checks it (the linter's pipeline),
//! then what Astronomer support needs (Markdown or JSON) from the linter's effective values,
//! and the install page's prerequisites, each verified by the rules that ran or left to confirm
//! by hand. Never the external ID: it is not read.
//!
//! `document`: the hand-off, typed (its JSON is the stable interface); `prerequisites`: which
//! are verified; `markdown`: the Markdown rendering.

mod document;
mod markdown;
mod prerequisites;

use std::io::Write;
use std::path::PathBuf;

use astro_preflight_linter::Severity;
use astro_preflight_linter::context::Context;
use astro_preflight_linter::pipeline::Flags;
use clap::{Args, ValueEnum};

use self::document::Handoff;
use self::prerequisites::Checking;
use crate::args::OnlineArgs;
use crate::check::load_input;
use crate::exit::{Failure, Outcome, Status};
use crate::report::{self, Checked, Report};
use crate::{inputs, render};

#[derive(Debug, Args)]
pub struct HandoffArgs {
    /// The manifest to hand off.
    #[arg(value_name = "MANIFEST")]
    pub manifest: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = HandoffFormat::Markdown)]
    pub format: HandoffFormat,

    /// Configuration file (default: astro-preflight.toml beside the manifest or in a parent
    /// directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub rules: crate::args::SelectArgs,

    #[command(flatten)]
    pub online: OnlineArgs,

    /// Verify the prerequisites against facts saved by `astro-preflight facts`.
    #[arg(long, value_name = "FILE", conflicts_with = "online")]
    pub facts: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HandoffFormat {
    /// For a support request or a pull-request comment.
    Markdown,
    /// The stable JSON interface.
    Json,
}

pub fn run(args: &HandoffArgs) -> Outcome {
    let pipeline = crate::pipeline::new(
        args.config.clone(),
        Flags {
            selection: args.rules.selection()?,
            ..Flags::default()
        },
        &args.online,
        args.facts.clone(),
    )?;
    let how = match (&args.facts, args.online.online) {
        (Some(path), _) => Checking {
            short: "with saved facts",
            full: format!("with the facts file {}", inputs::display_path(path)),
        },
        (None, true) => Checking {
            short: "with live AWS facts",
            full: "with live AWS facts".to_owned(),
        },
        (None, false) => Checking {
            short: "offline",
            full: "offline".to_owned(),
        },
    };
    let input = inputs::Input::File(args.manifest.clone());
    let shown = input.display();
    let settings = pipeline
        .settings(input.config_dir())
        .map_err(crate::pipeline::failure)?;
    crate::astro::configured(&settings);
    let document = load_input(&input, &settings)
        .map_err(|message| Failure::error(format!("{shown}: {message}")))?;
    let facts = pipeline.facts_for(&document).map_err(Failure::Error)?;
    let result = pipeline.check(document, &settings, facts.as_deref());

    if result
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        // Not handed off: the findings, as `check` renders them, on stderr.
        let report = Report::new(vec![report::Outcome {
            path: shown.clone(),
            file: None,
            result: Ok(Checked::from(result)),
        }]);
        let mut findings = Vec::new();
        let _ = render::human::render(&report, &mut findings, crate::color::stderr());
        return Err(Failure::Refused {
            findings: String::from_utf8_lossy(&findings).into_owned(),
            message: format!("{shown} has errors: not handed off"),
        });
    }
    let not_readable = || Failure::Refused {
        findings: String::new(),
        message: format!("{shown} is not a readable manifest: not handed off"),
    };
    let parsed = result
        .document
        .parsed
        .as_ref()
        .map_err(|_| not_readable())?;
    let manifest = parsed.manifest.as_ref().ok_or_else(not_readable)?;
    let cx = Context::new(
        &result.document,
        parsed,
        manifest,
        &settings,
        facts.as_deref(),
    );
    let handoff = Handoff::new(&cx, &result.diagnostics, result.suppressed, &how).map_err(
        |missing| Failure::Refused {
            findings: String::new(),
            message: format!(
                "{shown}: {missing} is not valid (a rule that reports it is turned off?): not handed off"
            ),
        },
    )?;
    let mut out = Vec::new();
    match args.format {
        HandoffFormat::Json => render::write_json(&mut out, &handoff),
        HandoffFormat::Markdown => out.write_all(markdown::render(&handoff, &shown).as_bytes()),
    }
    .map_err(|_| Failure::error("cannot render the hand-off"))?;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&out).and_then(|()| stdout.flush());
    Ok(Status::Success)
}
