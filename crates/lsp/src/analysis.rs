//! One check of an open document, exactly as `check` runs it (the linter's pipeline):
//! configuration discovered from the file's directory, the external-ID digest of
//! `ASTRO_EXTERNAL_ID`, facts only from the facts file named in the client's settings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use astro_preflight_linter::pipeline::{FactsSource, Options, Pipeline};
use astro_preflight_linter::{FileResult, Settings};
use astro_preflight_manifest::load;

/// What the client's settings say (`initializationOptions`, `workspace/didChangeConfiguration`).
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    /// A facts file saved by `astro-preflight facts`: the online rules run against it.
    pub facts_file: Option<PathBuf>,
}

impl ClientSettings {
    /// Reads `factsFile` at the top level or under `astroPreflight` / `astro-preflight`.
    pub fn from_json(value: &serde_json::Value) -> ClientSettings {
        // Some clients wrap them: `{"settings": {...}}`.
        if let Some(inner) = value.get("settings").filter(|v| v.is_object()) {
            return ClientSettings::from_json(inner);
        }
        let scoped = ["astroPreflight", "astro-preflight", "astro_preflight"]
            .iter()
            .find_map(|k| value.get(k));
        let facts_file = scoped
            .and_then(|s| s.get("factsFile"))
            .or_else(|| value.get("factsFile"))
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty())
            .map(PathBuf::from);
        ClientSettings { facts_file }
    }
}

/// The pipeline of the client's settings: its facts file, the configuration read again for
/// every check (it may be edited meanwhile). With it, why the facts file cannot be used, if
/// so: the pipeline then runs without facts.
pub fn pipeline(settings: &ClientSettings) -> (Pipeline, Option<String>) {
    let options = |facts| Options {
        facts,
        remember_configurations: false,
        ..Options::default()
    };
    let facts = match &settings.facts_file {
        Some(path) => FactsSource::File(path.clone()),
        None => FactsSource::None,
    };
    match Pipeline::new(options(facts)) {
        Ok(pipeline) => (pipeline, None),
        Err(e) => {
            let pipeline = Pipeline::new(options(FactsSource::None)).unwrap_or_default();
            (pipeline, Some(e.to_string()))
        }
    }
}

/// Whether a text is an install manifest: a YAML document with a top-level `install:` key
/// (judged on the text, so that a manifest that does not parse yet still gets its diagnostics).
pub fn is_manifest(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start_matches('\u{feff}');
        ["install", "\"install\"", "'install'"].iter().any(|k| {
            line.strip_prefix(k)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    })
}

/// The result of checking one text.
pub struct Analysis {
    /// Secrets masked in `result.document.source`; byte offsets are those of the text.
    pub result: FileResult,
    pub settings: Arc<Settings>,
}

/// Checks a text with the settings of its path and, when they belong to this manifest, the
/// facts of the facts file (another manifest's facts are not used: its online rules do not
/// run). The error: a configuration that cannot be used (the defaults apply).
pub fn analyze(pipeline: &Pipeline, text: &str, path: Option<&Path>) -> (Analysis, Option<String>) {
    let (settings, config_error) = match path.and_then(Path::parent) {
        None => (Arc::new(pipeline.defaults()), None),
        Some(dir) => match pipeline.settings(dir) {
            Ok(settings) => (settings, None),
            Err(e) => (Arc::new(pipeline.defaults()), Some(e.to_string())),
        },
    };
    let document = load(text.as_bytes(), &settings.limits);
    let facts = pipeline.facts_for(&document).unwrap_or(None);
    let result = pipeline.check(document, &settings, facts.as_deref());
    (Analysis { result, settings }, config_error)
}
