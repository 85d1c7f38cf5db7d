//! The one way a manifest is checked, for `check`, `handoff`, `facts` and the language server:
//! its configuration (`--config`, or the nearest `astro-preflight.toml` above it, looked up once
//! per directory), what the command line and the environment add to it (the external-ID digest
//! of `ASTRO_EXTERNAL_ID`), and its facts (none, a facts file checked to belong to it, or live
//! through a [`FactsProvider`], which only the binary builds: this crate never compiles the AWS
//! SDK).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use astro_preflight_facts::{FactError, Facts, FactsFile, FactsProvider, FactsRequest};
use astro_preflight_manifest::Document;

use crate::config::{self, Config, ConfigError};
use crate::engine::{FactsGiven, FileResult, check_document};
use crate::registry::{self, Rule};
use crate::request::{facts_mismatch, facts_request};
use crate::settings::{Level, Settings};

/// Largest configuration file read: a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;
/// Largest facts file read: a real one is a few kilobytes.
const MAX_FACTS_BYTES: u64 = 16 * 1024 * 1024;

/// The environment variable holding the external ID the role's trust policy must require.
const EXTERNAL_ID_VARIABLE: &str = "ASTRO_EXTERNAL_ID";

/// What the command line adds to every configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flags {
    /// Honour `# preflight-ignore` comments (`--no-inline-ignores` turns them off).
    pub inline_ignores: bool,
    /// Report warnings as errors (`--deny-warnings`).
    pub deny_warnings: bool,
    /// The rules `--select` and `--ignore` choose, over the configuration's `[rules]`.
    pub selection: Selection,
}

/// `handoff`, `facts` and the language server: suppressions honoured, warnings as warnings.
impl Default for Flags {
    fn default() -> Flags {
        Flags {
            inline_ignores: true,
            deny_warnings: false,
            selection: Selection::default(),
        }
    }
}

impl Flags {
    fn apply(&self, settings: Settings) -> Settings {
        let mut settings = Settings {
            inline_ignores: self.inline_ignores,
            deny_warnings: self.deny_warnings,
            external_id_digest: expected_external_id(),
            astro_token: astro_token(),
            ..settings
        };
        self.selection.apply(&mut settings);
        settings
    }
}

/// `--select RULE,...` and `--ignore RULE,...`, which take precedence over `[rules]` in the
/// configuration (the command line over the file, as in ruff):
///
/// - with `--select`, only the rules named run (and the rules that cannot be turned off:
///   `yaml-syntax`, `schema`); a selected rule that the configuration turns off runs at its
///   default severity, one it sets a severity for keeps that severity;
/// - `--ignore` turns the rules named off, whatever the configuration and `--select` say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `None`: every rule the configuration leaves on.
    pub select: Option<Vec<&'static Rule>>,
    pub ignore: Vec<&'static Rule>,
}

impl Selection {
    /// From the IDs given on the command line: an ID that is not a rule's is refused with the
    /// closest one, as in the configuration; so is ignoring a rule that cannot be turned off.
    pub fn new(select: Option<&[String]>, ignore: &[String]) -> Result<Selection, String> {
        let rules = |ids: &[String]| -> Result<Vec<&'static Rule>, String> {
            ids.iter().map(|id| registry::lookup(id.trim())).collect()
        };
        let selection = Selection {
            select: select.map(rules).transpose()?,
            ignore: rules(ignore)?,
        };
        if let Some(rule) = selection.ignore.iter().find(|r| !r.can_be_turned_off) {
            return Err(format!(
                "`{}` cannot be ignored: a file that does not parse cannot be checked",
                rule.id
            ));
        }
        Ok(selection)
    }

    fn apply(&self, settings: &mut Settings) {
        if let Some(select) = &self.select {
            for rule in registry::all().iter().copied() {
                if !rule.can_be_turned_off {
                    continue;
                }
                if !select.contains(&rule) {
                    settings.set(rule, Level::Off);
                } else if settings.levels.get(rule) == Some(&Level::Off) {
                    settings.set(rule, Level::On(rule.default_severity));
                }
            }
        }
        for rule in &self.ignore {
            settings.set(rule, Level::Off);
        }
    }
}

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

/// `ASTRO_API_TOKEN`, read once per process (trimmed; `None` when unset or empty): the rules
/// never read it, the masking of secrets does.
fn astro_token() -> Option<crate::settings::Secret> {
    static TOKEN: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    TOKEN
        .get_or_init(|| {
            let value = std::env::var(astro_preflight_facts::astro::TOKEN_VAR).ok()?;
            let value = value.trim();
            (!value.is_empty()).then(|| value.to_owned())
        })
        .clone()
        .map(crate::settings::Secret)
}

/// Where the facts come from.
pub enum FactsSource {
    /// None: the online rules are skipped.
    None,
    /// A facts file saved by `astro-preflight facts`.
    File(PathBuf),
    /// Live, from a provider; `Err`: why it cannot be built, the failure of every manifest of
    /// the run that asks for facts.
    Live(Result<Box<dyn FactsProvider>, String>),
}

/// How a pipeline is set up.
pub struct Options {
    /// A configuration file for every manifest (`--config`); else each one's nearest.
    pub config: Option<PathBuf>,
    pub flags: Flags,
    pub facts: FactsSource,
    /// Keep each directory's configuration once read: a run over files that do not change.
    /// The language server reads it again for every check, as it is edited.
    pub remember_configurations: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            config: None,
            flags: Flags::default(),
            facts: FactsSource::None,
            remember_configurations: true,
        }
    }
}

/// Why a configuration or a facts file cannot be used.
#[derive(Debug, Clone)]
pub enum Error {
    /// The file cannot be read (missing, too large, not UTF-8, not a file).
    Read {
        /// `configuration` or `facts file`.
        what: &'static str,
        /// The path as shown.
        path: String,
        why: String,
    },
    /// The configuration is not valid; `error.span` is where, in `text`.
    Config {
        path: String,
        text: String,
        error: ConfigError,
    },
    /// The facts file does not hold facts.
    Facts { path: String, why: String },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Read { what, path, why } => write!(f, "cannot read the {what} {path}: {why}"),
            Error::Config { path, error, .. } => {
                write!(f, "invalid configuration {path}: {}", error.message)
            }
            Error::Facts { path, why } => write!(f, "the facts file {path} is unusable: {why}"),
        }
    }
}

impl std::error::Error for Error {}

enum Source {
    None,
    /// Each gathering of the file.
    Saved {
        facts: Vec<Arc<Facts>>,
        path: String,
    },
    Live(Result<Box<dyn FactsProvider>, String>),
}

/// Configuration, settings and facts for the manifests of one run.
pub struct Pipeline {
    explicit: Option<Arc<Settings>>,
    flags: Flags,
    remember: bool,
    /// Each directory's settings, once looked up.
    found: Mutex<HashMap<PathBuf, Arc<Settings>>>,
    facts: Source,
}

impl Default for Pipeline {
    /// No `--config`, default flags, no facts: never fails.
    fn default() -> Pipeline {
        Pipeline {
            explicit: None,
            flags: Flags::default(),
            remember: true,
            found: Mutex::default(),
            facts: Source::None,
        }
    }
}

impl Pipeline {
    /// Reads `--config` and the facts file, if any.
    pub fn new(options: Options) -> Result<Pipeline, Error> {
        let explicit = match &options.config {
            Some(path) => Some(Arc::new(load_config(path, &options.flags)?)),
            None => None,
        };
        let facts = match options.facts {
            FactsSource::None => Source::None,
            FactsSource::File(path) => Source::Saved {
                facts: read_facts(&path)?
                    .gatherings
                    .into_iter()
                    .map(Arc::new)
                    .collect(),
                path: display_path(&path),
            },
            FactsSource::Live(provider) => Source::Live(provider),
        };
        Ok(Pipeline {
            explicit,
            flags: options.flags,
            remember: options.remember_configurations,
            found: Mutex::default(),
            facts,
        })
    }

    /// Whether facts are gathered live (every manifest is loaded first, so that every
    /// distinct request is gathered at once: [`Pipeline::facts_for_all`]).
    pub fn is_live(&self) -> bool {
        matches!(self.facts, Source::Live(_))
    }

    /// The settings without a configuration file (the flags applied).
    pub fn defaults(&self) -> Settings {
        self.flags.apply(Settings::default())
    }

    /// The settings of a manifest in `dir` (`""`: the working directory): `--config`, or the
    /// nearest configuration file in `dir` or above it, or the defaults.
    pub fn settings(&self, dir: &Path) -> Result<Arc<Settings>, Error> {
        if let Some(s) = &self.explicit {
            return Ok(Arc::clone(s));
        }
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = found.get(&absolute) {
            return Ok(Arc::clone(s));
        }
        let file = absolute
            .ancestors()
            .map(|d| d.join(config::FILE_NAME))
            // Anything but a directory: a FIFO or a device under that name is refused by the
            // reader, not passed over.
            .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()));
        let settings = Arc::new(match file {
            Some(path) => load_config(&path, &self.flags)?,
            None => self.defaults(),
        });
        if self.remember {
            found.insert(absolute, Arc::clone(&settings));
        }
        Ok(settings)
    }

    /// The facts of one manifest: those of the facts file when they belong to it, or gathered
    /// now. `Ok(None)`: no facts source, or the manifest cannot ask for facts. `Err`: the facts
    /// file is another manifest's, or the provider could not be built.
    pub fn facts_for(&self, document: &Document) -> Result<Option<Arc<Facts>>, String> {
        let Some(request) = self.request(document) else {
            return Ok(None);
        };
        match &self.facts {
            Source::None => Ok(None),
            Source::Saved { facts, path } => {
                if let Some(facts) = facts.iter().find(|f| facts_mismatch(&request, f).is_none()) {
                    return Ok(Some(Arc::clone(facts)));
                }
                // Gathered for this account and region, but for another manifest there (node
                // type, peering VPCs): not this manifest's facts.
                let here = facts.iter().find(|f| {
                    f.request.account_id == request.account_id && f.request.region == request.region
                });
                match here.and_then(|f| facts_mismatch(&request, f)) {
                    Some(why) => Err(format!(
                        "the facts file {path} does not belong to this manifest: {why}"
                    )),
                    // No facts for its account and region: not checked online
                    // (check-incomplete says so), the other manifests are.
                    None => Ok(Some(Arc::new(Facts::absent(request)))),
                }
            }
            Source::Live(Ok(provider)) => {
                provider.ready()?;
                let facts = provider.gather(&request);
                match facts.root_cause() {
                    Some(error) => Err(nothing_gathered(error)),
                    None => Ok(Some(Arc::new(facts))),
                }
            }
            Source::Live(Err(why)) => Err(why.clone()),
        }
    }

    /// The facts of several manifests (`None`: one that could not be loaded). Live facts are
    /// gathered for every distinct request at once. The outer `Err` fails the whole run, before
    /// any result, when any manifest asks: a provider that cannot be built, credentials that
    /// cannot be found ([`FactsProvider::ready`]), or one cause that left every manifest
    /// without facts ([`Facts::root_cause`]: the credentials refused, the endpoint unreachable).
    #[allow(clippy::type_complexity)]
    pub fn facts_for_all(
        &self,
        documents: &[Option<&Document>],
    ) -> Result<Vec<Result<Option<Arc<Facts>>, String>>, String> {
        let Source::Live(provider) = &self.facts else {
            return Ok(documents
                .iter()
                .map(|d| d.map_or(Ok(None), |d| self.facts_for(d)))
                .collect());
        };
        let requests: Vec<Option<FactsRequest>> = documents
            .iter()
            .map(|d| d.and_then(|d| self.request(d)))
            .collect();
        let mut distinct: Vec<FactsRequest> = Vec::new();
        for request in requests.iter().flatten() {
            if !distinct.contains(request) {
                distinct.push(request.clone());
            }
        }
        if distinct.is_empty() {
            return Ok(documents.iter().map(|_| Ok(None)).collect());
        }
        let provider = provider.as_ref().map_err(Clone::clone)?;
        provider.ready()?;
        let gathered = provider.gather_all(&distinct);
        let causes: Vec<&FactError> = gathered.iter().filter_map(Facts::root_cause).collect();
        if causes.len() == gathered.len()
            && let Some(first) = causes.first()
        {
            return Err(nothing_gathered(first));
        }
        let gathered = gathered.into_iter().map(Arc::new);
        let by_request: HashMap<&FactsRequest, Arc<Facts>> =
            distinct.iter().zip(gathered).collect();
        Ok(requests
            .iter()
            .map(|r| Ok(r.as_ref().and_then(|r| by_request.get(r).cloned())))
            .collect())
    }

    fn request(&self, document: &Document) -> Option<FactsRequest> {
        match self.facts {
            Source::None => None,
            Source::Saved { .. } | Source::Live(_) => facts_request(document),
        }
    }

    /// Runs the rules over a loaded document with its settings and its facts (from
    /// [`Pipeline::facts_for`]).
    pub fn check(
        &self,
        document: Document,
        settings: &Settings,
        facts: Option<&Facts>,
    ) -> FileResult {
        let given = match (facts, &self.facts) {
            (Some(facts), _) => FactsGiven::Yes(facts),
            (None, Source::None) => FactsGiven::No,
            (None, Source::Saved { .. } | Source::Live(_)) => FactsGiven::NotAsked,
        };
        check_document(document, settings, given)
    }
}

/// Reads a configuration file, with the flags applied.
/// The one line of a run that gathered nothing for one cause.
fn nothing_gathered(error: &FactError) -> String {
    format!(
        "no AWS facts could be gathered: {} failed ({}): {}; {}",
        error.action,
        error.kind.describe(),
        error.message,
        error.kind.advice(&error.action)
    )
}

fn load_config(path: &Path, flags: &Flags) -> Result<Settings, Error> {
    let text = read_side_file(path, "configuration", MAX_CONFIG_BYTES)?;
    let shown = display_path(path);
    match Config::from_toml(&text) {
        Ok(config) => Ok(flags.apply(config.settings())),
        Err(error) => Err(Error::Config {
            path: shown,
            text,
            error,
        }),
    }
}

/// Reads a facts file.
fn read_facts(path: &Path) -> Result<FactsFile, Error> {
    let text = read_side_file(path, "facts file", MAX_FACTS_BYTES)?;
    let shown = display_path(path);
    FactsFile::from_json(&text).map_err(|e| Error::Facts {
        path: shown,
        why: e.to_string(),
    })
}

/// Reads a file beside the manifests (`what`: the configuration, a facts file) through the
/// manifest crate's bounded reader: a regular file only, never more than `max` bytes, never
/// blocking (a FIFO, `/dev/zero` or a log file given by mistake ends in a message, not in a
/// hang or exhausted memory). The one place such files are read.
fn read_side_file(path: &Path, what: &'static str, max: u64) -> Result<String, Error> {
    astro_preflight_manifest::read::text_file(path, max).map_err(|e| Error::Read {
        what,
        path: display_path(path),
        why: e.to_string(),
    })
}

/// A path as users wrote it, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./")
        .map(str::to_owned)
        .unwrap_or_else(|| s.into_owned())
}

/// An I/O error in words, without the OS error number (the manifest crate's reader says it).
pub use astro_preflight_manifest::read::describe_io;
