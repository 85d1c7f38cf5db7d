//! The outcome of a `check` run: what the renderers print and what the exit code says.

use astro_preflight_linter::{Diagnostic, FileResult, OnlineStatus, Severity};

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
/// files holds only their text and their diagnostics.
#[derive(Debug)]
pub struct Checked {
    /// The text as read, secrets masked: what snippets are cut from.
    pub source: String,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics silenced by inline `preflight-ignore` comments.
    pub suppressed: usize,
    pub online: OnlineStatus,
}

impl From<FileResult> for Checked {
    fn from(result: FileResult) -> Checked {
        Checked {
            source: result.document.source,
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
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl Summary {
    /// `3 files checked: 1 error, 2 warnings (1 suppressed); 1 input could not be read`.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        for (n, word) in [(self.errors, "error"), (self.warnings, "warning"), (self.infos, "info")] {
            if n > 0 {
                parts.push(plural(n, word));
            }
        }
        let found = if parts.is_empty() { "no problems".to_owned() } else { parts.join(", ") };
        let mut line = format!("{} checked: {found}", plural(self.files - self.failures, "file"));
        if self.suppressed > 0 {
            line.push_str(&format!(" ({} suppressed)", self.suppressed));
        }
        if self.failures > 0 {
            line.push_str(&format!("; {} could not be read", plural(self.failures, "input")));
        }
        line
    }

    /// How many online rules there are, when they were skipped for want of facts.
    pub fn online_rules_skipped(&self) -> Option<usize> {
        (self.online_skipped > 0).then(|| {
            astro_preflight_linter::registry::all()
                .iter()
                .filter(|r| r.kind == astro_preflight_linter::RuleKind::Online)
                .count()
        })
    }
}

/// Everything a run produced, in input order.
#[derive(Debug)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub deny_warnings: bool,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary { files: self.outcomes.len(), ..Summary::default() };
        for outcome in &self.outcomes {
            match &outcome.result {
                Err(_) => s.failures += 1,
                Ok(result) => {
                    s.suppressed += result.suppressed;
                    if result.online == OnlineStatus::Skipped {
                        s.online_skipped += 1;
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

    /// 2 when an input could not be read; 1 when an error (or, with --deny-warnings, a
    /// warning) remains; else 0.
    pub fn exit_code(&self) -> i32 {
        let s = self.summary();
        if s.failures > 0 {
            2
        } else if s.errors > 0 || (self.deny_warnings && s.warnings > 0) {
            1
        } else {
            0
        }
    }
}
