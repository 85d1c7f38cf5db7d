//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Preflight checks for Astro (Astronomer's managed Airflow) install manifests on AWS.
///
/// Checks region, VPC CIDR, node and database types, peering and, with --online, the AWS
/// account itself, before the install is requested.
#[derive(Debug, Parser)]
#[command(name = "astro-preflight", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always,
    /// never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = crate::color::ColorChoice::Auto)]
    pub color: crate::color::ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check manifests (files, directories, or - for stdin).
    Check(CheckArgs),
    /// List every rule, or explain one.
    Rules(RulesArgs),
    /// Print the JSON Schema of the manifest (`schema manifest`, the default) or of the
    /// configuration (`schema config`).
    Schema(SchemaArgs),
    /// Gather the live AWS facts for manifests, as one JSON file (for `check --facts`).
    Facts(FactsArgs),
    /// Run the language server over stdio (for editors).
    Server(ServerArgs),
    /// The information Astronomer support needs, from a manifest without errors.
    Handoff(crate::handoff::HandoffArgs),
    /// Whether Astronomer's allowlisted domains are reachable from here.
    Egress(crate::egress::EgressArgs),
    /// Generate shell completions or the man page.
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette's graphical report, pointing at the YAML value.
    Human,
    /// One line a finding, `path:line:column: severity[rule-id] message`, then the summary.
    Concise,
    /// The stable JSON interface.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, for GitLab and Jenkins.
    Junit,
    /// Markdown: a table per file and the findings, for job summaries and PR comments.
    Markdown,
    /// GitLab Code Quality (Code Climate JSON subset), for the merge request widget.
    Gitlab,
    /// reviewdog's Diagnostic Format (rdjson), for review comments.
    Rdjson,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Manifests to check: files, directories (searched for *.yaml/*.yml with a top-level
    /// `install:` key, respecting .gitignore), or - for stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format (of standard output).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Also write the report in FORMAT to PATH (repeatable): one run, every report, from one
    /// gathering of facts. A path that cannot be written fails the run before any work.
    #[arg(long = "output", short = 'o', value_name = "FORMAT=PATH", value_parser = crate::output::parse, conflicts_with = "diff")]
    pub outputs: Vec<crate::output::Output>,

    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Configuration file (default: astro-preflight.toml beside the manifest or in a parent
    /// directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore `# preflight-ignore` comments (audit).
    #[arg(long)]
    pub no_inline_ignores: bool,

    #[command(flatten)]
    pub rules: SelectArgs,

    /// Skip named files that are not manifests (no top-level `install:` key), as the
    /// directory walk does; for hooks that pass every YAML file.
    #[arg(long)]
    pub only_manifests: bool,

    /// The path to report for a manifest read from stdin.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,

    #[command(flatten)]
    pub online: OnlineArgs,

    /// Check against facts saved by `astro-preflight facts` instead of calling AWS.
    #[arg(long, value_name = "FILE", conflicts_with = "online")]
    pub facts: Option<PathBuf>,

    #[command(flatten)]
    pub fix: FixArgs,
}

/// Which rules run, over the configuration's `[rules]`.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Run only these rules (comma-separated IDs; repeatable), over the configuration's
    /// `[rules]`. `yaml-syntax` and `schema` always run.
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Do not run these rules (comma-separated IDs; repeatable), whatever the configuration and
    /// --select say.
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

impl SelectArgs {
    /// The selection, or a usage error naming the closest rule ID.
    pub fn selection(
        &self,
    ) -> Result<astro_preflight_linter::pipeline::Selection, crate::exit::Failure> {
        astro_preflight_linter::pipeline::Selection::new(self.select.as_deref(), &self.ignore)
            .map_err(crate::exit::Failure::Error)
    }
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("fix_or_diff").args(["fix", "diff"]).multiple(true)))]
pub struct FixArgs {
    /// Apply the safe fixes in place, then report what remains.
    #[arg(long)]
    pub fix: bool,

    /// Apply the unsafe fixes too (with --fix or --diff).
    #[arg(long, requires = "fix_or_diff")]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff instead of writing them; exit 1 when there are any.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct OnlineArgs {
    /// Gather live AWS facts (standard credential chain) and run the online rules.
    #[arg(long)]
    pub online: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rule to explain.
    pub rule: Option<String>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which JSON Schema: the install manifest's or the configuration file's
    /// (astro-preflight.toml).
    #[arg(value_enum, default_value_t = SchemaKind::Manifest)]
    pub which: SchemaKind,

    /// Deprecated: `schema config`.
    #[arg(long, hide = true, conflicts_with = "which")]
    pub config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The install manifest's (schemas/install-manifest.schema.json).
    Manifest,
    /// The configuration file's (schemas/config.schema.json).
    Config,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// The manifests to gather facts for: files or directories, as `check` takes them. One
    /// gathering per distinct account, region and request, all written to one file.
    #[arg(value_name = "PATH", required = true)]
    pub manifests: Vec<PathBuf>,

    /// Write the facts to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// How to reach AWS, for `check --online` and `facts`.
#[derive(Debug, Args)]
pub struct AwsArgs {
    /// AWS profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS endpoint URL (an emulator, a VPC endpoint).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = seconds)]
    pub timeout: f64,

    /// Assume this role in each manifest's account before gathering there (`sts:AssumeRole`,
    /// session `astro-preflight`): a role name, or a role ARN with `{account}` in it.
    #[arg(long, value_name = "ROLE")]
    pub assume_role: Option<String>,

    /// How many AWS calls may be in flight at once, across every account.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_concurrent_calls: u16,
}

/// A `--timeout`: a number of seconds more than 0 and at most 3600 (an hour).
pub fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err("must be a number of seconds more than 0 and at most 3600".to_owned()),
    }
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Talk over stdin and stdout (the default and only transport; accepted for editors that
    /// pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[arg(value_enum)]
    pub what: Generate,
    /// Directory to write into.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generate {
    Completions,
    Man,
}
