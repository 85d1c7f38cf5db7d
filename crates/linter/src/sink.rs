//! The one place that decides what is reported and how seriously (as cargo-deny's diagnostic
//! sink): a rule's configured level (off, or the severity it runs at), inline suppressions,
//! and `--deny-warnings`. Rules, the schema and the YAML loader all report through it; it
//! also reports the suppression comments themselves (`suppression-invalid`,
//! `suppression-unused`).

use astro_preflight_manifest::Document;

use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::registry::{self, Rule};
use crate::settings::{Level, Settings};
use crate::suppression::{self, Suppression};

/// Collects the diagnostics of one file.
pub struct Sink<'a> {
    settings: &'a Settings,
    suppressions: Vec<Suppression>,
    /// For each suppression, which of its rules silenced something.
    used: Vec<Vec<bool>>,
    diagnostics: Vec<Diagnostic>,
    suppressed: usize,
    /// Pointers reported by rules that supersede the schema's diagnostic for their value.
    superseding: Vec<String>,
    /// The rules that ran (a suppression of a rule that did not run is not "unused").
    ran: Vec<&'static Rule>,
}

impl<'a> Sink<'a> {
    pub fn new(document: &Document, settings: &'a Settings) -> Sink<'a> {
        // Suppressions only apply to files that parse: a syntax error is never silenced.
        let suppressions = if settings.inline_ignores && document.parsed.is_ok() {
            suppression::parse(&document.source)
        } else {
            Vec::new()
        };
        let used = suppressions
            .iter()
            .map(|s| vec![false; s.rules.len()])
            .collect();
        Sink {
            settings,
            suppressions,
            used,
            diagnostics: Vec::new(),
            suppressed: 0,
            superseding: Vec::new(),
            ran: Vec::new(),
        }
    }

    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: &'static Rule) -> Option<Severity> {
        severity(self.settings, rule)
    }

    /// Records that a rule runs (it is on, and its inputs are there).
    pub fn runs(&mut self, rule: &'static Rule) {
        self.ran.push(rule);
    }

    /// Reports a finding of a rule: dropped when the rule is off or the finding is suppressed.
    pub fn push(&mut self, rule: &'static Rule, finding: Finding) {
        let Some(severity) = self.severity(rule) else {
            return;
        };
        if rule.supersedes_schema {
            self.superseding.push(finding.pointer.clone());
        }
        if rule.suppressible && self.suppress(rule, finding.location.start.line) {
            self.suppressed += 1;
            return;
        }
        self.diagnostics
            .push(Diagnostic::new(rule, severity, finding));
    }

    /// Whether a superseding rule reported this value or one of its ancestors.
    pub fn superseded(&self, pointer: &str) -> bool {
        self.superseding.iter().any(|p| {
            pointer == p
                || pointer
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    fn suppress(&mut self, rule: &'static Rule, line: usize) -> bool {
        let mut silenced = false;
        for (s, used) in self.suppressions.iter().zip(self.used.iter_mut()) {
            if s.reason.is_none() || s.target_line != line {
                continue;
            }
            for (name, used) in s.rules.iter().zip(used.iter_mut()) {
                if registry::find(name) == Some(rule) {
                    *used = true;
                    silenced = true;
                }
            }
        }
        silenced
    }

    /// Reports the suppression comments themselves, and returns the diagnostics (unsorted) and
    /// how many were suppressed.
    pub fn finish(mut self, document: &Document) -> (Vec<Diagnostic>, usize) {
        let suppressions = std::mem::take(&mut self.suppressions);
        let used = std::mem::take(&mut self.used);
        for (s, used) in suppressions.iter().zip(&used) {
            for (rule, message, help) in suppression::problems(s, used, &self.ran) {
                let finding = suppression::finding(document, s, message, help);
                self.push(rule, finding);
            }
        }
        (self.diagnostics, self.suppressed)
    }
}

/// The severity a rule reports at under these settings, or `None` when it is off.
pub fn severity(settings: &Settings, rule: &'static Rule) -> Option<Severity> {
    let severity = match settings.levels.get(rule) {
        Some(Level::Off) if rule.can_be_turned_off => return None,
        Some(Level::On(s)) => *s,
        _ => rule.default_severity,
    };
    Some(if settings.deny_warnings && severity == Severity::Warning {
        Severity::Error
    } else {
        severity
    })
}
