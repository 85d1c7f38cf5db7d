//! The outcome of a `check` run: what the renderers print and what the exit code says.

use astro_preflight_linter::{Diagnostic, FileResult, OnlineStatus, RuleKind, Severity};

use astro_preflight_manifest::LineIndex;

use crate::exit::Status;

/// One input and what became of it.
#[derive(Debug)]
pub struct Outcome {
    /// The path as reported.
    pub path: String,
    /// The file's path as given, every byte kept (SARIF percent-encodes a name that is not
    /// UTF-8 from its bytes); `None` for standard input and inputs that could not be read.
    pub file: Option<std::path::PathBuf>,
    /// The check's result, or why the input could not be read (a tool failure, exit 2).
    pub result: Result<Checked, String>,
}

/// What the renderers need of a checked file. The parsed document (JSON value, span index,
/// typed manifest) is dropped as soon as the file is checked, so that a run over thousands of
/// files holds only their diagnostics, and the text of the files that have any.
#[derive(Debug)]
pub struct Checked {
    /// The text as read, secrets masked: what snippets are cut from (empty when there are no
    /// diagnostics).
    pub source: String,
    /// The loader's line index of `source`, kept when a fix's edits are to be located (JSON,
    /// SARIF, rdjson); masking keeps every line where it is.
    pub lines: Option<LineIndex>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics silenced by inline `preflight-ignore` comments.
    pub suppressed: usize,
    pub online: OnlineStatus,
}

impl From<FileResult> for Checked {
    fn from(result: FileResult) -> Checked {
        let fixes = result.diagnostics.iter().any(|d| d.finding.fix.is_some());
        // Snippets are cut from the text only for diagnostics: a clean file's text is freed
        // here, as soon as it is checked, not held with every other file's until the report.
        let mut source = result.document.source;
        if result.diagnostics.is_empty() {
            source = String::new();
        }
        Checked {
            lines: fixes.then_some(result.document.lines),
            source,
            diagnostics: result.diagnostics,
            suppressed: result.suppressed,
            online: result.online,
        }
    }
}

/// Counts for the summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
    /// Inputs that could not be read.
    pub failures: usize,
    /// Files whose online rules did not run for want of facts.
    pub online_skipped: usize,
    /// Files whose online rules ran without every fact (see `check-incomplete`).
    pub online_incomplete: usize,
    /// YAML files not checked because they are not install manifests (found in directories,
    /// or named with `--only-manifests`).
    pub yaml_skipped: usize,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl Summary {
    /// `3 files checked: 1 error, 2 warnings (1 suppressed); 1 input could not be read`.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        for (n, word) in [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
        ] {
            if n > 0 {
                parts.push(plural(n, word));
            }
        }
        let found = if parts.is_empty() {
            "no problems".to_owned()
        } else {
            parts.join(", ")
        };
        let mut line = format!(
            "{} checked: {found}",
            plural(self.files - self.failures, "file")
        );
        if self.suppressed > 0 {
            line.push_str(&format!(" ({} suppressed)", self.suppressed));
        }
        if self.failures > 0 {
            line.push_str(&format!(
                "; {} could not be read",
                plural(self.failures, "input")
            ));
        }
        if self.yaml_skipped > 0 {
            line.push_str(&format!(
                "; {} skipped: {}",
                plural(self.yaml_skipped, "YAML file"),
                if self.yaml_skipped == 1 {
                    "not an install manifest"
                } else {
                    "not install manifests"
                }
            ));
        }
        line
    }

    /// The notes every format shows after the findings: online rules skipped for want of
    /// facts, or run without all of them.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.online_skipped > 0 {
            let online = astro_preflight_linter::registry::all()
                .iter()
                .filter(|r| r.kind == RuleKind::Online)
                .count();
            notes.push(format!(
                "{online} online rules skipped; run with --online or --facts FILE"
            ));
        }
        if self.online_incomplete > 0 {
            notes.push(format!(
                "{} could not be fully checked online: some facts could not be gathered, so what they would show is not proven (see check-incomplete)",
                plural(self.online_incomplete, "file")
            ));
        }
        notes
    }
}

/// Everything a run produced, in input order, with its summary and notes computed once for
/// every renderer.
#[derive(Debug)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub summary: Summary,
    pub notes: Vec<String>,
}

impl Report {
    pub fn new(outcomes: Vec<Outcome>) -> Report {
        let summary = summarize(&outcomes);
        let notes = summary.notes();
        Report {
            outcomes,
            summary,
            notes,
        }
    }

    /// With the YAML files skipped as not manifests: counted in the summary, and the files
    /// named on the command line (`--only-manifests`) listed in a note.
    pub fn with_skipped(mut self, skipped: crate::inputs::Skipped) -> Report {
        self.summary.yaml_skipped = skipped.count;
        if !skipped.named.is_empty() {
            self.notes.push(format!(
                "not an install manifest (no top-level `install` key), so not checked: {}",
                skipped.named.join(", ")
            ));
        }
        self
    }

    /// 2 when an input could not be read; 1 when an error remains (warnings are errors under
    /// `--deny-warnings`: the sink reported them so); else 0.
    pub fn status(&self) -> Status {
        let s = &self.summary;
        if s.failures > 0 {
            Status::Failure
        } else if s.errors > 0 {
            Status::Problems
        } else {
            Status::Success
        }
    }
}

fn summarize(outcomes: &[Outcome]) -> Summary {
    let mut s = Summary {
        files: outcomes.len(),
        ..Summary::default()
    };
    for outcome in outcomes {
        match &outcome.result {
            Err(_) => s.failures += 1,
            Ok(result) => {
                s.suppressed += result.suppressed;
                match result.online {
                    OnlineStatus::Skipped => s.online_skipped += 1,
                    OnlineStatus::Incomplete => s.online_incomplete += 1,
                    OnlineStatus::Ran | OnlineStatus::NotApplicable => {}
                }
                for d in &result.diagnostics {
                    match d.severity {
                        Severity::Error => s.errors += 1,
                        Severity::Warning => s.warnings += 1,
                        Severity::Info => s.infos += 1,
                    }
                }
            }
        }
    }
    s
}
