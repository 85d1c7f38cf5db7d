mod astro;
mod aws_tables;
mod cli;
mod config;
mod distribution;
mod docs_json;
mod egress;
mod emulator;
mod fix;
#[path = "../../crates/linter/tests/support/facts.rs"]
mod fixture_facts;
mod generated;
mod github;
mod gitlab;
mod handoff;
mod hostile;
mod inputs;
mod junit;
mod lsp;
mod markdown;
mod neovim;
mod online;
mod output_safety;
mod precommit;
mod rdjson;
mod reports;
mod sarif;
mod startup_order;
mod suppression;
mod tools;
mod wrapping;
mod yaml_ls;
mod yaml_suite;

/// The output formats the binary offers: the possible values of `check --format`, as its help
/// lists them. Tests that run every format read them here, so that a new format is covered
/// without a change to them.
pub fn formats() -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_astro-preflight"))
        .args(["check", "--help"])
        .output()
        .expect("the binary runs");
    let help = String::from_utf8(out.stdout).expect("UTF-8 help");
    let (_, option) = help
        .split_once("--format <FORMAT>")
        .expect("check --help documents --format");
    let (_, values) = option
        .split_once("Possible values:")
        .expect("--format lists its values");
    let formats: Vec<String> = values
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .map_while(|line| line.strip_prefix("- "))
        .filter_map(|line| line.split_once(':').map(|(name, _)| name.to_owned()))
        .collect();
    assert!(
        formats.len() > 1 && formats[0] == "human",
        "--format values: {formats:?}"
    );
    formats
}

/// How many rules need live AWS facts (the registry's online rules).
pub fn online_rules() -> usize {
    astro_preflight_linter::registry::all()
        .iter()
        .filter(|r| r.kind == astro_preflight_linter::RuleKind::Online)
        .count()
}
