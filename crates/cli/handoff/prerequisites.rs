//! Which of the install page's prerequisites (the linter's `prerequisites` table) the check
//! verified: each by the rules that name it in their declaration, when every one of them ran
//! (its level is not `off`; an online rule had facts and the facts it reads were gathered).

use astro_preflight_facts::Facts;
use astro_preflight_facts::registry::State;
use astro_preflight_linter::context::Context;
use astro_preflight_linter::prerequisites;
use astro_preflight_linter::{Diagnostic, Rule, RuleKind, Severity, sink};
use serde::Serialize;

/// How the prerequisites were checked: offline, with live facts, with saved facts.
pub struct Checking {
    /// For each prerequisite.
    pub short: &'static str,
    /// Once, with the facts file's path.
    pub full: String,
}

#[derive(Serialize)]
pub struct PrerequisiteOut {
    pub id: &'static str,
    pub title: &'static str,
    pub status: Status,
    pub detail: String,
    /// The rules that ran and verified it.
    pub rules: Vec<&'static str>,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Verified,
    Warning,
    ToConfirm,
}

/// Whether every fact a rule reads was gathered (the rule says which, in its declaration).
fn gathered(facts: &Facts, rule: &Rule) -> bool {
    facts
        .entries()
        .iter()
        .filter(|e| rule.facts.contains(&e.decl))
        .all(|e| e.state == State::Ok)
}

/// Each prerequisite that concerns the manifest, and whether the check verified it.
pub fn verify(cx: &Context<'_>, diagnostics: &[Diagnostic], how: &str) -> Vec<PrerequisiteOut> {
    let mut out = Vec::new();
    for p in prerequisites::ALL.iter().filter(|p| (p.applies)(cx)) {
        let mut ran = Vec::new();
        let mut not_run = Vec::new();
        for rule in p.rules() {
            let why_not = if sink::severity(cx.settings, rule).is_none() {
                Some("turned off in the configuration")
            } else if rule.kind == RuleKind::Online {
                match cx.facts {
                    None => Some("needs --online or --facts"),
                    Some(facts) if !gathered(facts, rule) => {
                        Some("its facts could not be gathered; see check-incomplete")
                    }
                    Some(_) => None,
                }
            } else {
                None
            };
            match why_not {
                None => ran.push(rule),
                Some(why) => not_run.push(format!("{} ({why})", rule.id)),
            }
        }
        let warnings: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && ran.contains(&d.rule))
            .map(|d| format!("{}: {}", d.rule.id, d.finding.message))
            .collect();
        let ran: Vec<&'static str> = ran.iter().map(|r| r.id).collect();
        let (status, detail) = if ran.is_empty() && not_run.is_empty() {
            (Status::ToConfirm, format!("{}.", capitalized(p.by_hand)))
        } else if !not_run.is_empty() {
            let checked = if ran.is_empty() {
                String::new()
            } else {
                format!(" Checked {how} by {}.", ran.join(", "))
            };
            (
                Status::ToConfirm,
                format!(
                    "{}.{checked} Not checked: {}.",
                    capitalized(p.by_hand),
                    not_run.join(", ")
                ),
            )
        } else if !warnings.is_empty() {
            (
                Status::Warning,
                format!(
                    "Checked {how} by {}; warnings: {}.",
                    ran.join(", "),
                    warnings.join("; ")
                ),
            )
        } else {
            (
                Status::Verified,
                format!("Checked {how} by {}.", ran.join(", ")),
            )
        };
        out.push(PrerequisiteOut {
            id: p.id,
            title: p.title,
            status,
            detail,
            rules: ran,
        });
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
