//! `rules`, `schema`, `facts` and the hidden `generate`.

use std::io::Write;

use astro_preflight_facts::FactsProvider;
use astro_preflight_linter::request::facts_request;
use astro_preflight_linter::{RuleKind, docs, registry};
use astro_preflight_manifest::{Limits, load};
use clap::CommandFactory;

use crate::args::{Cli, FactsArgs, Generate, GenerateArgs, RulesArgs, SchemaArgs};
use crate::{check, fail, inputs};

pub fn rules(args: &RulesArgs) -> i32 {
    let mut out = String::new();
    match &args.rule {
        Some(id) => match registry::find(id) {
            Some(rule) => out.push_str(&docs::rule_page(rule)),
            None => {
                let hint = registry::closest(id)
                    .map(|b| format!("; did you mean `{b}`?"))
                    .unwrap_or_else(|| "; `astro-preflight rules` lists them".to_owned());
                return fail(format!("`{id}` is not a rule{hint}"));
            }
        },
        None => {
            let width = registry::all()
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(0);
            for rule in registry::all() {
                let kind = if rule.kind == RuleKind::Online {
                    "online "
                } else {
                    "offline"
                };
                out.push_str(&format!(
                    "{:width$}  {:7}  {}  {}\n",
                    rule.id,
                    rule.default_severity.as_str(),
                    kind,
                    rule.summary()
                ));
            }
            out.push('\n');
            out.push_str(&astro_preflight_linter::tables::sources::overview());
        }
    }
    print(&out)
}

pub fn schema(args: &SchemaArgs) -> i32 {
    let text = if args.config {
        astro_preflight_linter::config::config_schema_text()
    } else {
        astro_preflight_linter::editor_schema::manifest_schema_text()
    };
    print(&text)
}

pub fn facts(args: &FactsArgs) -> i32 {
    let limits = Limits::default();
    let input = inputs::Input::File(args.manifest.clone());
    let shown = input.display();
    let bytes = match inputs::read(&input, limits.max_bytes) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            return fail(format!(
                "{shown}: the file is {size} bytes, too large for a manifest"
            ));
        }
        Err(message) => return fail(format!("{shown}: {message}")),
    };
    let document = load(&bytes, &limits);
    let Some(request) = facts_request(&document) else {
        return fail(format!(
            "{shown}: the manifest has no usable account ID, region or node type; run `astro-preflight check {shown}` first"
        ));
    };
    let provider = match check::aws_provider(&args.aws) {
        Ok(provider) => provider,
        Err(message) => return fail(message),
    };
    let facts = provider.gather(&request);
    let text = facts.to_json();
    match &args.output {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => 0,
            Err(e) => fail(format!(
                "cannot write {}: {}",
                inputs::display_path(path),
                inputs::describe_io(&e)
            )),
        },
        None => print(&text),
    }
}

pub fn generate(args: &GenerateArgs) -> i32 {
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return fail(format!(
            "cannot create {}: {}",
            dir.display(),
            inputs::describe_io(&e)
        ));
    }
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
    match result {
        Ok(()) => 0,
        Err(e) => fail(format!(
            "cannot write into {}: {}",
            dir.display(),
            inputs::describe_io(&e)
        )),
    }
}

fn print(text: &str) -> i32 {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = lock.write_all(text.as_bytes());
    0
}
