//! One check of an open document, exactly as `check` runs it: configuration discovered from the
//! file's directory, facts only from the facts file named in the client's settings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use astro_preflight_linter::request::{facts_mismatch, facts_request};
use astro_preflight_linter::{Config, Facts, FileResult, Settings, check_document, config};
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

/// Largest facts or configuration file read.
const MAX_SIDE_FILE: u64 = 16 * 1024 * 1024;

fn read_small(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SIDE_FILE + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_SIDE_FILE {
        return Err(format!("{} is too large", path.display()));
    }
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

/// Loads the facts file of the settings; the error is shown to the user.
pub fn load_facts(settings: &ClientSettings) -> Result<Option<Arc<Facts>>, String> {
    let Some(path) = &settings.facts_file else {
        return Ok(None);
    };
    let text = read_small(path)?;
    Facts::from_json(&text)
        .map(|f| Some(Arc::new(f)))
        .map_err(|e| format!("the facts file {} is unusable: {e}", path.display()))
}

/// The settings of the nearest `astro-preflight.toml` above `path` (defaults without one).
/// A configuration that cannot be used gives the defaults and a message.
pub fn settings_for(path: Option<&Path>) -> (Settings, Option<String>) {
    let Some(dir) = path.and_then(Path::parent) else {
        return (Settings::default(), None);
    };
    let Some(found) = dir
        .ancestors()
        .map(|d| d.join(config::FILE_NAME))
        .find(|p| p.is_file())
    else {
        return (Settings::default(), None);
    };
    match read_small(&found).and_then(|text| {
        Config::from_toml(&text)
            .map_err(|e| format!("invalid configuration {}: {}", found.display(), e.message))
    }) {
        Ok(config) => (config.settings(), None),
        Err(message) => (Settings::default(), Some(message)),
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
    pub settings: Settings,
}

/// Checks a text with the settings of its path and, when it belongs to this manifest, the
/// facts file.
pub fn analyze(
    text: &str,
    path: Option<&Path>,
    facts: Option<&Facts>,
) -> (Analysis, Option<String>) {
    let (settings, config_error) = settings_for(path);
    let document = load(text.as_bytes(), &settings.limits);
    let facts = facts.filter(|f| {
        facts_request(&document).is_some_and(|request| facts_mismatch(&request, f).is_none())
    });
    let result = check_document(document, &settings, facts);
    (Analysis { result, settings }, config_error)
}
