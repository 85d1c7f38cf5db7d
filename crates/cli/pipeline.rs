//! The linter's [`Pipeline`] as the command line sets it up: the facts source of `--online`
//! (the AWS provider, built here only) or `--facts`, and a configuration that cannot be used
//! as a graphical report of the TOML.

use std::path::PathBuf;
use std::time::Duration;

use astro_preflight_facts::FactsProvider;
use astro_preflight_linter::pipeline::{self, FactsSource, Flags, Options, Pipeline};

use crate::args::{AwsArgs, OnlineArgs};
use crate::exit::Failure;
use crate::render;

/// The pipeline of a command: `--config`, the flags, the facts of `--online` or `--facts`.
pub fn new(
    config: Option<PathBuf>,
    flags: Flags,
    online: &OnlineArgs,
    facts: Option<PathBuf>,
) -> Result<Pipeline, Failure> {
    let facts = match facts {
        Some(path) => FactsSource::File(path),
        None if online.online => live(&online.aws),
        None => FactsSource::None,
    };
    Pipeline::new(Options {
        config,
        flags,
        facts,
        ..Options::default()
    })
    .map_err(failure)
}

/// Live facts from AWS, and Astronomer's cluster options from the Astro API with a token: the
/// provider of `--online` and `facts`, or why an `--assume-role` names no role. Building it
/// calls nothing: the first gathering does.
pub fn live(aws: &AwsArgs) -> FactsSource {
    let total = Duration::from_secs_f64(aws.timeout.clamp(1.0, 3600.0));
    FactsSource::Live(aws_provider(aws).map(|p| {
        Box::new(crate::astro::Live {
            aws: p,
            astro: crate::astro::Source::new(&aws.astro, total),
        }) as Box<dyn FactsProvider>
    }))
}

fn aws_provider(aws: &AwsArgs) -> Result<astro_preflight_aws::AwsFactsProvider, String> {
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

/// A configuration or facts file that cannot be used, as the command line shows it: a bad
/// configuration as miette's graphical report pointing at the TOML where the error is
/// (`path:line:column` in its header); anything else on one line.
pub fn failure(e: pipeline::Error) -> Failure {
    let pipeline::Error::Config { path, text, error } = &e else {
        return Failure::error(e);
    };
    let headline = e.to_string();
    let Some(span) = error.span.clone() else {
        return Failure::Error(headline);
    };
    let span = span.start.min(text.len())..span.end.min(text.len()).max(span.start.min(text.len()));
    let diagnostic = miette::MietteDiagnostic::new(render::sanitize_message(&headline))
        .with_code("config")
        .with_label(miette::LabeledSpan::at(span, "here"))
        .with_help("the configuration's JSON Schema is `astro-preflight schema config`");
    let report = miette::Report::new(diagnostic).with_source_code(
        miette::NamedSource::new(
            render::sanitize_message(path),
            render::sanitize_source(text),
        )
        .with_language("toml"),
    );
    let theme = if crate::color::stderr() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(crate::render::human::width())
        .with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return Failure::Error(headline);
    }
    Failure::Report(out)
}
