//! `rules`, `schema`, `facts` and the hidden `generate`.

use std::io::Write;

use astro_preflight_facts::registry::State;
use astro_preflight_linter::pipeline::{Options, Pipeline};
use astro_preflight_linter::{RuleKind, docs, registry};
use astro_preflight_manifest::load;
use clap::CommandFactory;

use crate::args::{Cli, FactsArgs, Generate, GenerateArgs, RulesArgs, SchemaArgs, SchemaKind};
use crate::exit::{Failure, Outcome, Status};
use crate::inputs;
use crate::render::human::{columns, width, wrap, wrap_line};

pub fn rules(args: &RulesArgs) -> Outcome {
    let mut out = String::new();
    match &args.rule {
        Some(id) => match registry::find(id) {
            // Wrapped to the terminal's COLUMNS; without it, as in docs/rules/.
            Some(rule) => out.push_str(&match columns() {
                Some(columns) => wrap(&docs::rule_page(rule), columns),
                None => docs::rule_page(rule),
            }),
            None => {
                let hint = registry::closest(id)
                    .map(|b| format!("; did you mean `{b}`?"))
                    .unwrap_or_else(|| "; `astro-preflight rules` lists them".to_owned());
                return Err(Failure::error(format!("`{id}` is not a rule{hint}")));
            }
        },
        None => {
            let id_width = registry::all()
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(0);
            let columns = width();
            for rule in registry::all() {
                let kind = if rule.kind == RuleKind::Online {
                    "online "
                } else {
                    "offline"
                };
                let prefix = format!(
                    "{:id_width$}  {:7}  {}  ",
                    rule.id,
                    rule.default_severity.as_str(),
                    kind,
                );
                // The summary beside the columns when it has room there, else under them.
                if columns >= prefix.len() + 30 {
                    out.push_str(&wrap_line(
                        &format!("{prefix}{}", rule.summary()),
                        columns,
                        prefix.len(),
                    ));
                } else {
                    out.push_str(prefix.trim_end());
                    out.push('\n');
                    out.push_str(&wrap_line(&format!("    {}", rule.summary()), columns, 4));
                }
                out.push('\n');
            }
            out.push('\n');
            out.push_str(&wrap(
                &astro_preflight_linter::tables::sources::overview(),
                columns,
            ));
        }
    }
    print(&out)
}

pub fn schema(args: &SchemaArgs) -> Outcome {
    let text = if args.config || args.which == SchemaKind::Config {
        astro_preflight_linter::config::config_schema_text()
    } else {
        astro_preflight_linter::editor_schema::manifest_schema_text()
    };
    print(&text)
}

/// Gathers the facts of manifests, each read as `check` reads it (its configuration's
/// `[limits]`): one gathering per distinct request, at once, written to one file.
pub fn facts(args: &FactsArgs) -> Outcome {
    let pipeline = Pipeline::new(Options {
        facts: crate::pipeline::live(&args.aws),
        ..Options::default()
    })
    .map_err(crate::pipeline::failure)?;
    let (inputs, errors, _) = inputs::collect(&args.manifests, None, false);
    if let Some(e) = errors.first() {
        return Err(Failure::error(format!("{}: {}", e.path, e.message)));
    }
    let mut documents = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let shown = input.display();
        let settings = pipeline
            .settings(input.config_dir())
            .map_err(crate::pipeline::failure)?;
        crate::astro::configured(&settings);
        let limits = &settings.limits;
        let bytes = match inputs::read(input, limits.max_bytes) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(size)) => {
                return Err(Failure::error(format!(
                    "{shown}: the file is {size} bytes, too large for a manifest"
                )));
            }
            Err(message) => return Err(Failure::error(format!("{shown}: {message}"))),
        };
        documents.push((shown, load(&bytes, limits)));
    }
    let loaded: Vec<Option<&astro_preflight_manifest::Document>> =
        documents.iter().map(|(_, d)| Some(d)).collect();
    let mut gatherings: Vec<std::sync::Arc<astro_preflight_facts::Facts>> = Vec::new();
    let all = pipeline.facts_for_all(&loaded).map_err(Failure::Error)?;
    for ((shown, _), facts) in documents.iter().zip(all) {
        let Some(facts) = facts.map_err(Failure::Error)? else {
            return Err(Failure::error(format!(
                "{shown}: the manifest has no usable account ID, region or node type; run `astro-preflight check {shown}` first"
            )));
        };
        if !gatherings.iter().any(|g| g.request == facts.request) {
            gatherings.push(facts);
        }
    }
    let facts = astro_preflight_facts::FactsFile {
        gatherings: gatherings.iter().map(|g| (**g).clone()).collect(),
    };
    // Each failed fact, named with its gathering's account and region when there are several.
    let several = facts.gatherings.len() > 1;
    let failed: Vec<String> = facts
        .gatherings
        .iter()
        .flat_map(|g| {
            let place = if several {
                format!("{}/{}: ", g.request.account_id, g.request.region)
            } else {
                String::new()
            };
            g.entries()
                .into_iter()
                .filter_map(move |entry| match entry.state {
                    State::Failed(error) => Some(format!(
                        "{place}{}{}: {} failed ({}): {}",
                        entry.decl.name,
                        entry.scope.map(|s| format!(" [{s}]")).unwrap_or_default(),
                        error.action,
                        error.kind.describe(),
                        error.message
                    )),
                    _ => None,
                })
        })
        .collect();
    let gathered = facts
        .gatherings
        .iter()
        .flat_map(|g| g.entries())
        .any(|entry| matches!(entry.state, State::Ok));
    if !gathered && !failed.is_empty() {
        let shown: Vec<&str> = documents.iter().map(|(s, _)| s.as_str()).collect();
        return Err(Failure::error(format!(
            "{}: no fact could be gathered ({} failed; the first: {}); no facts file written",
            shown.join(", "),
            failed.len(),
            failed[0]
        )));
    }
    let status = if failed.is_empty() {
        Status::Success
    } else {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "error: {} of the facts could not be gathered; the rules that read them will report check-incomplete:",
            failed.len()
        );
        for line in &failed {
            let _ = writeln!(stderr, "  {}", crate::render::sanitize_message(line));
        }
        Status::Problems
    };
    let text = facts.to_json();
    match &args.output {
        Some(path) => crate::output::write_file(path, text.as_bytes())
            .map(|()| status)
            .map_err(|e| {
                Failure::error(format!(
                    "cannot write {}: {}",
                    inputs::display_path(path),
                    inputs::describe_io(&e)
                ))
            }),
        None => print(&text).map(|_| status),
    }
}

pub fn generate(args: &GenerateArgs) -> Outcome {
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    std::fs::create_dir_all(&dir).map_err(|e| {
        Failure::error(format!(
            "cannot create {}: {}",
            dir.display(),
            inputs::describe_io(&e)
        ))
    })?;
    let mut cmd = Cli::command();
    let result = match args.what {
        Generate::Completions => [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
            clap_complete::Shell::Elvish,
        ]
        .into_iter()
        .try_for_each(|shell| {
            clap_complete::generate_to(shell, &mut cmd, "astro-preflight", &dir).map(|_| ())
        }),
        Generate::Man => clap_mangen::generate_to(cmd, &dir),
    };
    result.map(|()| Status::Success).map_err(|e| {
        Failure::error(format!(
            "cannot write into {}: {}",
            dir.display(),
            inputs::describe_io(&e)
        ))
    })
}

fn print(text: &str) -> Outcome {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = lock.write_all(text.as_bytes());
    Ok(Status::Success)
}
