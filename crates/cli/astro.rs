//! Astronomer's own answer: the organization's cluster options from the Astro API
//! (`crates/astro-api`), gathered once per run beside the AWS facts ([`Live`]), and `tables`
//! (`--compare-live`: what differs from the bundled tables).

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use astro_preflight_facts::astro::{ClusterOptions, DEFAULT_API_URL, ORGANIZATION_VAR, TOKEN_VAR};
use astro_preflight_facts::{Fact, Facts, FactsProvider, FactsRequest};
use astro_preflight_linter::tables::sources::{ASTRONOMER_SOURCE_CHANGED, LAST_CHECKED};
use astro_preflight_linter::tables::{db_types, instance_types, regions};
use clap::Args;

use crate::exit::{Failure, Outcome, Status};

/// Where Astronomer's cluster options come from (with `ASTRO_API_TOKEN` in the environment).
#[derive(Debug, Clone, Args)]
pub struct AstroArgs {
    /// The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default:
    /// ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration.
    #[arg(long, value_name = "ID")]
    pub astro_organization: Option<String>,

    /// The Astro API's base URL (a proxy's, an emulator's).
    #[arg(long, value_name = "URL", default_value = DEFAULT_API_URL)]
    pub astro_api_url: String,
}

/// The organization of the run's configuration (`[astro] organization-id`), when the command
/// line and the environment name none: set once the configuration is read.
static CONFIGURED: Mutex<Option<String>> = Mutex::new(None);

/// Notes the configuration's organization (the first configuration of the run that names
/// one).
pub fn configured(settings: &astro_preflight_linter::Settings) {
    if let Some(id) = &settings.astro_organization {
        let mut slot = CONFIGURED.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert_with(|| id.clone());
    }
}

/// The token of the environment, when set (trimmed: a file read into it keeps its newline).
pub fn token() -> Option<String> {
    std::env::var(TOKEN_VAR)
        .ok()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// The Astro API of a run: the token, the organization, the URL, the time allowed.
pub struct Source {
    args: AstroArgs,
    token: Option<String>,
    timeout: Duration,
    /// The answer, asked once per run.
    answer: OnceLock<Fact<ClusterOptions>>,
}

impl Source {
    pub fn new(args: &AstroArgs, timeout: Duration) -> Source {
        Source {
            args: args.clone(),
            token: token(),
            timeout,
            answer: OnceLock::new(),
        }
    }

    /// The organization: `--astro-organization`, `ASTRO_ORGANIZATION_ID`, the configuration's.
    fn organization(&self) -> Option<String> {
        self.args
            .astro_organization
            .clone()
            .or_else(|| std::env::var(ORGANIZATION_VAR).ok())
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .or_else(|| CONFIGURED.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }

    /// With a token: the organization and the URL are usable; one line saying what is wrong
    /// otherwise.
    pub fn ready(&self) -> Result<(), String> {
        if self.token.is_none() {
            return Ok(());
        }
        astro_preflight_astro_api::check_url(&self.args.astro_api_url)
            .map_err(|why| format!("--astro-api-url: {why}"))?;
        match self.organization() {
            None => Err(format!(
                "{TOKEN_VAR} is set but no Astro organization is named: give --astro-organization ID, {ORGANIZATION_VAR} or `[astro] organization-id` in astro-preflight.toml"
            )),
            Some(id) if !astro_preflight_astro_api::valid_organization_id(&id) => Err(format!(
                "the Astro organization ID `{}` is not one (letters, digits, - and _)",
                crate::render::sanitize_message(&id)
            )),
            Some(_) => Ok(()),
        }
    }

    /// The cluster options, asked once: skipped without a token.
    pub fn cluster_options(&self) -> Fact<ClusterOptions> {
        self.answer
            .get_or_init(|| {
                let (Some(token), Some(organization_id)) = (&self.token, self.organization())
                else {
                    return Fact::Skipped;
                };
                let options = astro_preflight_astro_api::Options {
                    api_url: self.args.astro_api_url.clone(),
                    organization_id,
                    token: token.clone(),
                    timeout: self.timeout,
                };
                match astro_preflight_astro_api::cluster_options(&options) {
                    Ok(found) => Fact::ok(found),
                    Err(error) => Fact::failed(error),
                }
            })
            .clone()
    }
}

/// The facts of `--online` and `facts`: AWS's, with the organization's cluster options asked
/// once, at the same time, and set in each gathering.
pub struct Live<P> {
    pub aws: P,
    pub astro: Source,
}

impl<P: FactsProvider> FactsProvider for Live<P> {
    fn ready(&self) -> Result<(), String> {
        self.astro.ready()?;
        self.aws.ready()
    }

    fn gather(&self, request: &FactsRequest) -> Facts {
        let mut facts = self.aws.gather(request);
        facts.cluster_options = self.astro.cluster_options();
        facts
    }

    fn gather_all(&self, requests: &[FactsRequest]) -> Vec<Facts> {
        let (mut all, options) = std::thread::scope(|scope| {
            let astro = scope.spawn(|| self.astro.cluster_options());
            let all = self.aws.gather_all(requests);
            (all, astro.join().unwrap_or(Fact::Skipped))
        });
        for facts in &mut all {
            facts.cluster_options = options.clone();
        }
        all
    }
}

/// The note of an online run without a token: the tables' date and how to check live.
pub fn no_token_note() -> String {
    format!(
        "Astronomer's regions, types and defaults were read from the bundled tables (Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}); to check them live for your organization, set {TOKEN_VAR} and --astro-organization (or {ORGANIZATION_VAR})"
    )
}

#[derive(Debug, Args)]
pub struct TablesArgs {
    /// Compare the bundled tables with the organization's live cluster options (Astro API,
    /// with ASTRO_API_TOKEN): print what differs; exit 1 when anything does.
    #[arg(long)]
    pub compare_live: bool,

    #[command(flatten)]
    pub astro: AstroArgs,

    /// Bound on the call to the Astro API, in seconds: more than 0, at most 3600.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = crate::args::seconds)]
    pub timeout: f64,
}

/// `astro-preflight tables`: Astronomer's bundled lists with their dates, or
/// (`--compare-live`) what differs from the organization's live options.
pub fn tables(args: &TablesArgs) -> Outcome {
    if !args.compare_live {
        let mut out = format!(
            "Astronomer's lists bundled with astro-preflight (Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}, last checked {LAST_CHECKED}):\n"
        );
        out.push_str(&format!("regions: {}\n", regions::SUPPORTED.join(", ")));
        let types: Vec<&str> = instance_types::SUPPORTED.iter().map(|t| t.name).collect();
        out.push_str(&format!("node instance types: {}\n", types.join(", ")));
        out.push_str(&format!(
            "database instance types: {}\n",
            db_types::SUPPORTED.join(", ")
        ));
        out.push_str("Compare them with your organization's: astro-preflight tables --compare-live (with ASTRO_API_TOKEN)\n");
        print!("{out}");
        return Ok(Status::Success);
    }
    if token().is_none() {
        return Err(Failure::error(format!(
            "--compare-live reads the Astro API: set {TOKEN_VAR} to an Organization API token"
        )));
    }
    let source = Source::new(&args.astro, Duration::from_secs_f64(args.timeout));
    // The configuration of the current directory may name the organization.
    let pipeline = astro_preflight_linter::pipeline::Pipeline::new(
        astro_preflight_linter::pipeline::Options::default(),
    )
    .map_err(crate::pipeline::failure)?;
    let cwd = std::env::current_dir().unwrap_or_default();
    configured(&*pipeline.settings(&cwd).map_err(crate::pipeline::failure)?);
    source.ready().map_err(Failure::Error)?;
    let live = match source.cluster_options() {
        Fact::Ok { value } => value,
        Fact::Failed { error } => {
            return Err(Failure::error(format!(
                "the Astro API's \"Get cluster options\" failed ({}): {}; {}",
                error.kind.describe(),
                error.message,
                astro_preflight_facts::astro::advice(error.kind)
            )));
        }
        Fact::Skipped | Fact::NotGathered => {
            return Err(Failure::error("the Astro API was not asked"));
        }
    };
    let drift = astro_preflight_linter::astro::drift(&live);
    let mut out = String::new();
    let bounds = match (live.node_count_min, live.node_count_max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "none stated".to_owned(),
    };
    if drift.is_empty() {
        out.push_str(&format!(
            "The bundled tables (Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}) agree with the live cluster options of organization {}.\n",
            live.organization_id
        ));
    } else {
        out.push_str(&format!(
            "The bundled tables (Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}) differ from the live cluster options of organization {} ({} differences):\n",
            live.organization_id,
            drift.len()
        ));
        for line in &drift {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&format!(
        "Live bounds of maxNodeCount: {bounds} (the tables state none but the minimum 1).\n"
    ));
    for line in out.lines() {
        println!("{}", crate::render::sanitize_message(line));
    }
    Ok(if drift.is_empty() {
        Status::Success
    } else {
        Status::Problems
    })
}
