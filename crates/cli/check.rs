//! `astro-preflight check`: inputs → configuration → load and rules (parallel; with --online,
//! load, then facts, then rules) → one renderer.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use astro_preflight_facts::{Facts, FactsProvider, FactsRequest};
use astro_preflight_linter::request::{facts_mismatch, facts_request};
use astro_preflight_linter::{Config, OnlineStatus, Settings, check_document, config};
use astro_preflight_manifest::{Document, load, too_large};
use rayon::prelude::*;

use crate::args::{AwsArgs, CheckArgs, OnlineArgs};
use crate::fail;
use crate::inputs;
use crate::render;
use crate::report::{Checked, Outcome, Report};

pub fn run(args: &CheckArgs) -> i32 {
    let (mut inputs, input_errors) = inputs::collect(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.only_manifests,
    );

    let settings = match Configs::new(args) {
        Ok(configs) => configs,
        Err(failure) => return failure.report(),
    };
    let mut per_input = Vec::with_capacity(inputs.len());
    // Inputs come directory by directory: the previous input's settings usually apply.
    // (Compared as bytes, which is cheaper than by components; a directory written two ways
    // is only looked up again.)
    let mut last: Option<(&Path, Arc<Settings>)> = None;
    for input in &inputs {
        let dir = input.config_dir();
        if let Some((last_dir, s)) = &last
            && last_dir.as_os_str() == dir.as_os_str()
        {
            per_input.push(Arc::clone(s));
            continue;
        }
        match settings.for_dir(dir) {
            Ok(s) => {
                last = Some((dir, Arc::clone(&s)));
                per_input.push(s);
            }
            Err(failure) => return failure.report(),
        }
    }

    let mut fixed = None;
    if let Some(mode) = crate::fix::mode(&args.fix) {
        match crate::fix::run(
            &args.fix,
            mode,
            &mut inputs,
            &per_input,
            !input_errors.is_empty(),
        ) {
            crate::fix::Outcome::Done(code) => return code,
            crate::fix::Outcome::Fixed(summary) => fixed = Some(summary),
        }
    }

    let saved_facts = match &args.facts {
        None => None,
        Some(path) => match read_facts(path) {
            Ok(facts) => Some(facts),
            Err(message) => return fail(message),
        },
    };

    // With --online or --facts, a manifest that could not ask for facts (no valid account ID,
    // region or node type) did not skip the online rules for want of the flag: its own
    // diagnostics say what is missing, and no note should tell to pass the flag again.
    let facts_given = args.online.online || saved_facts.is_some();
    let finish = |doc: Document, facts: Option<&Facts>, settings: &Settings| -> Checked {
        let mut result = check_document(doc, settings, facts);
        if facts_given && result.online == OnlineStatus::Skipped {
            result.online = OnlineStatus::NotApplicable;
        }
        Checked::from(result)
    };

    let outcomes: Vec<Outcome> = if args.online.online {
        // Live facts are gathered for every distinct request at once: load every file first.
        let loaded: Vec<Result<Document, String>> = inputs
            .par_iter()
            .zip(per_input.par_iter())
            .map(|(input, settings)| load_input(input, settings))
            .collect();
        let facts = gather(&args.online, &loaded);
        loaded
            .into_par_iter()
            .zip(facts.into_par_iter())
            .zip(inputs.par_iter().zip(per_input.par_iter()))
            .map(|((doc, facts), (input, settings))| {
                let result = doc.and_then(|doc| {
                    let facts = facts?;
                    Ok(finish(doc, facts.as_deref(), settings))
                });
                Outcome {
                    path: input.display(),
                    file: input.file(),
                    result,
                }
            })
            .collect()
    } else {
        // Offline, or facts replayed from a file: each file is read, loaded and checked in one
        // go, in parallel, and its parsed document dropped as soon as it is checked.
        let replayed = |doc: &Document| -> Result<Option<Arc<Facts>>, String> {
            let Some(saved) = &saved_facts else {
                return Ok(None);
            };
            match facts_request(doc) {
                None => Ok(None),
                Some(request) => match facts_mismatch(&request, saved) {
                    None => Ok(Some(Arc::clone(saved))),
                    Some(why) => Err(format!(
                        "the facts file {} does not belong to this manifest: {why}",
                        inputs::display_path(args.facts.as_deref().unwrap_or(Path::new("")))
                    )),
                },
            }
        };
        let check_one = |(input, settings): (&inputs::Input, &Arc<Settings>)| {
            let result = load_input(input, settings).and_then(|doc| {
                let facts = replayed(&doc)?;
                Ok(finish(doc, facts.as_deref(), settings))
            });
            Outcome {
                path: input.display(),
                file: input.file(),
                result,
            }
        };
        if inputs.len() == 1 {
            // One file (an editor, a hook): not worth starting the thread pool.
            inputs.iter().zip(&per_input).map(check_one).collect()
        } else {
            inputs
                .par_iter()
                .zip(per_input.par_iter())
                .map(check_one)
                .collect()
        }
    };

    let mut all = outcomes;
    all.extend(input_errors.into_iter().map(|e| Outcome {
        path: e.path,
        file: None,
        result: Err(e.message),
    }));
    let report = Report::new(all);

    let mut buffer = Vec::with_capacity(4096);
    if let Err(e) = render::render(args.format, &report, &mut buffer) {
        return fail(format!("cannot render the report: {e}"));
    }
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    if lock.write_all(&buffer).and_then(|()| lock.flush()).is_err() {
        // A closed pipe (`| head`): the exit code still tells the result.
    }
    drop(lock);
    if let Some(summary) = &fixed {
        crate::fix::print_summary(summary, args.format);
    }
    let code = report.exit_code().max(fixed.map_or(0, |s| s.exit_code()));
    // The process ends next: freeing every file's text and diagnostics one by one (a
    // millisecond on 10,000 files, on the main thread) is work nobody waits for.
    std::mem::forget(report);
    code
}

/// Reads and loads one input.
pub(crate) fn load_input(input: &inputs::Input, settings: &Settings) -> Result<Document, String> {
    let limits = &settings.limits;
    match inputs::read(input, limits.max_bytes) {
        Ok(Ok(bytes)) => Ok(load(&bytes, limits)),
        Ok(Err(size)) => Ok(too_large(size, limits)),
        Err(message) => Err(message),
    }
}

/// Gathers live facts for every loaded manifest that can ask for them.
fn gather(
    online: &OnlineArgs,
    loaded: &[Result<Document, String>],
) -> Vec<Result<Option<Arc<Facts>>, String>> {
    let requests: Vec<Option<FactsRequest>> = loaded
        .iter()
        .map(|doc| doc.as_ref().ok().and_then(facts_request))
        .collect();
    let mut distinct: Vec<FactsRequest> = Vec::new();
    for request in requests.iter().flatten() {
        if !distinct.contains(request) {
            distinct.push(request.clone());
        }
    }
    if distinct.is_empty() {
        return loaded.iter().map(|_| Ok(None)).collect();
    }
    let provider = match aws_provider(&online.aws) {
        Ok(provider) => provider,
        Err(message) => return loaded.iter().map(|_| Err(message.clone())).collect(),
    };
    let gathered: Vec<Arc<Facts>> = provider
        .gather_all(&distinct)
        .into_iter()
        .map(Arc::new)
        .collect();
    let by_request: HashMap<&FactsRequest, Arc<Facts>> = distinct.iter().zip(gathered).collect();
    requests
        .iter()
        .map(|r| Ok(r.as_ref().and_then(|r| by_request.get(r).cloned())))
        .collect()
}

/// The AWS facts provider: built only on the online path.
/// The AWS provider of `--online` and `facts`; `Err`: an `--assume-role` that names no role.
pub fn aws_provider(aws: &AwsArgs) -> Result<astro_preflight_aws::AwsFactsProvider, String> {
    if let Some(role) = &aws.assume_role {
        astro_preflight_aws::check_assume_role(role)
            .map_err(|why| format!("--assume-role {role}: {why}"))?;
    }
    let total = Duration::from_secs_f64(aws.timeout.clamp(1.0, 3600.0));
    let options = astro_preflight_aws::AwsOptions {
        profile: aws.profile.clone(),
        endpoint_url: aws.endpoint_url.clone(),
        total_timeout: total,
        call_timeout: total.min(astro_preflight_aws::AwsOptions::default().call_timeout),
        assume_role: aws.assume_role.clone(),
        max_concurrent_calls: usize::from(aws.max_concurrent_calls),
    };
    Ok(astro_preflight_aws::AwsFactsProvider::new(options))
}

/// Largest facts file read: a real one is a few kilobytes.
const MAX_FACTS_BYTES: u64 = 16 * 1024 * 1024;
/// Largest configuration file read: a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads a small text file (facts, configuration), never more than `max` bytes: a path to
/// `/dev/zero` or to a log file given by mistake ends in a message, not in exhausted memory.
fn read_small(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| inputs::describe_io(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "it is larger than {max} bytes, far more than such a file holds"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte sequence at byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

pub(crate) fn read_facts(path: &Path) -> Result<Arc<Facts>, String> {
    let shown = inputs::display_path(path);
    let text = read_small(path, MAX_FACTS_BYTES)
        .map_err(|why| format!("cannot read the facts file {shown}: {why}"))?;
    Facts::from_json(&text)
        .map(Arc::new)
        .map_err(|e| format!("the facts file {shown} is unusable: {e}"))
}

/// The settings for one input as `check` finds them (`--config`, or the nearest
/// configuration file), for `handoff`; `Err` holds the exit code, the failure reported.
pub(crate) fn settings_for(
    input: &inputs::Input,
    config: Option<&Path>,
) -> Result<Arc<Settings>, i32> {
    let explicit = match config {
        Some(path) => Some(Arc::new(
            load_config(path, HANDOFF_FLAGS).map_err(ConfigFailure::report)?,
        )),
        None => None,
    };
    let configs = Configs {
        explicit,
        flags: HANDOFF_FLAGS,
        by_dir: Default::default(),
    };
    configs
        .for_dir(input.config_dir())
        .map_err(ConfigFailure::report)
}

/// Configuration: `--config`, or the nearest `astro-preflight.toml` per directory.
struct Configs {
    explicit: Option<Arc<Settings>>,
    flags: Flags,
    by_dir: std::sync::Mutex<HashMap<PathBuf, Arc<Settings>>>,
}

impl Configs {
    fn new(args: &CheckArgs) -> Result<Configs, ConfigFailure> {
        let flags = Flags {
            inline_ignores: !args.no_inline_ignores,
            deny_warnings: args.deny_warnings,
        };
        let explicit = match &args.config {
            Some(path) => Some(Arc::new(load_config(path, flags)?)),
            None => None,
        };
        Ok(Configs {
            explicit,
            flags,
            by_dir: Default::default(),
        })
    }

    fn for_dir(&self, dir: &Path) -> Result<Arc<Settings>, ConfigFailure> {
        if let Some(s) = &self.explicit {
            return Ok(Arc::clone(s));
        }
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut cache = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = cache.get(&absolute) {
            return Ok(Arc::clone(s));
        }
        let found = absolute
            .ancestors()
            .map(|d| d.join(config::FILE_NAME))
            .find(|p| p.is_file());
        let settings = match found {
            Some(path) => Arc::new(load_config(&path, self.flags)?),
            None => Arc::new(self.flags.apply(Settings::default())),
        };
        cache.insert(absolute, Arc::clone(&settings));
        Ok(settings)
    }
}

/// A configuration that cannot be used (exit 2).
enum ConfigFailure {
    /// `error: ...` on one line.
    Message(String),
    /// A graphical report pointing at the offending TOML, already rendered.
    Report(String),
}

impl ConfigFailure {
    fn report(self) -> i32 {
        match self {
            ConfigFailure::Message(message) => fail(message),
            ConfigFailure::Report(text) => {
                let _ = io::stderr().write_all(text.as_bytes());
                2
            }
        }
    }
}

/// `handoff` honours suppressions and reports warnings as warnings.
const HANDOFF_FLAGS: Flags = Flags {
    inline_ignores: true,
    deny_warnings: false,
};

/// What the command line adds to every configuration.
#[derive(Debug, Clone, Copy)]
struct Flags {
    inline_ignores: bool,
    deny_warnings: bool,
}

impl Flags {
    fn apply(self, settings: Settings) -> Settings {
        Settings {
            inline_ignores: self.inline_ignores,
            deny_warnings: self.deny_warnings,
            external_id_digest: expected_external_id(),
            ..settings
        }
    }
}

/// The environment variable holding the external ID the role's trust policy must require.
const EXTERNAL_ID_VARIABLE: &str = "ASTRO_EXTERNAL_ID";

/// The digest of `ASTRO_EXTERNAL_ID`, read once per process; `None` when it is unset or empty.
/// The value itself is dropped at once: only its digest reaches the rules.
fn expected_external_id() -> Option<String> {
    static DIGEST: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DIGEST
        .get_or_init(|| {
            let value = std::env::var_os(EXTERNAL_ID_VARIABLE)?;
            let value = value.to_string_lossy();
            (!value.is_empty()).then(|| astro_preflight_facts::role::external_id_digest(&value))
        })
        .clone()
}

fn load_config(path: &Path, flags: Flags) -> Result<Settings, ConfigFailure> {
    let shown = inputs::display_path(path);
    let text = read_small(path, MAX_CONFIG_BYTES).map_err(|why| {
        ConfigFailure::Message(format!("cannot read the configuration {shown}: {why}"))
    })?;
    let config = Config::from_toml(&text).map_err(|e| config_report(&shown, &text, &e))?;
    Ok(flags.apply(config.settings()))
}

/// miette's graphical report of a bad configuration file, pointing at the TOML where the
/// error is (`path:line:column` in its header); a one-line message when there is no place.
fn config_report(
    shown: &str,
    text: &str,
    e: &astro_preflight_linter::ConfigError,
) -> ConfigFailure {
    use std::io::IsTerminal;

    let headline = format!("invalid configuration {shown}: {}", e.message);
    let Some(span) = e.span.clone() else {
        return ConfigFailure::Message(headline);
    };
    let span = span.start.min(text.len())..span.end.min(text.len()).max(span.start.min(text.len()));
    let diagnostic = miette::MietteDiagnostic::new(render::sanitize_message(&headline))
        .with_code("config")
        .with_label(miette::LabeledSpan::at(span, "here"))
        .with_help("the configuration's JSON Schema is `astro-preflight schema --config`");
    let report = miette::Report::new(diagnostic).with_source_code(
        miette::NamedSource::new(
            render::sanitize_message(shown),
            render::sanitize_source(text),
        )
        .with_language("toml"),
    );
    let color =
        io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return ConfigFailure::Message(headline);
    }
    ConfigFailure::Report(out)
}
