//! The rule registry. Each rule is a file under `rules/` that declares itself with [`rule!`];
//! its doc comment is its documentation (`astro-preflight rules RULE`, `docs/rules/RULE.md`).

use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Severity};

/// When a rule can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Needs only the manifest.
    Offline,
    /// Needs live AWS facts (`--online` or `--facts`).
    Online,
    /// Reported by the engine itself (YAML syntax, schema, suppressions), not by a check.
    Engine,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Offline | RuleKind::Engine => "offline",
            RuleKind::Online => "online",
        }
    }
}

/// A rule's check: reads the context, emits diagnostics.
pub type CheckFn = fn(&Context<'_>, &mut Emitter<'_>);

/// One rule.
pub struct Rule {
    pub id: &'static str,
    pub default_severity: Severity,
    pub kind: RuleKind,
    /// Whether an inline `preflight-ignore` may silence it.
    pub suppressible: bool,
    /// The rule's doc comment, as Markdown.
    pub doc: &'static str,
    pub check: CheckFn,
    /// Whether the rule attaches fixes to its diagnostics, and how safe they are.
    pub fixable: Option<Applicability>,
}

impl Rule {
    /// The first sentence of the documentation: what the rule checks.
    pub fn summary(&self) -> String {
        let doc = self.documentation();
        let first = doc.split("\n\n").next().unwrap_or_default().replace('\n', " ");
        first.trim().to_owned()
    }

    /// The documentation, with the one leading space of each doc-comment line removed.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_owned()
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

/// Declares the rule of a file:
///
/// ```text
/// rule! {
///     /// Documentation: what it checks, why, an example, the source.
///     id: "cidr-too-small", severity: Error, kind: Offline, check: check,
/// }
/// ```
macro_rules! rule {
    (
        $(#[doc = $doc:literal])*
        id: $id:literal,
        severity: $severity:ident,
        kind: $kind:ident,
        $(suppressible: $suppressible:literal,)?
        $(fix: $fix:ident,)?
        check: $check:expr $(,)?
    ) => {
        pub(crate) static RULE: $crate::registry::Rule = $crate::registry::Rule {
            id: $id,
            default_severity: $crate::diagnostic::Severity::$severity,
            kind: $crate::registry::RuleKind::$kind,
            suppressible: rule!(@suppressible $($suppressible)?),
            doc: concat!($($doc, "\n"),*),
            check: $check,
            fixable: rule!(@fix $($fix)?),
        };
    };
    (@fix) => { None };
    (@fix $fix:ident) => { Some($crate::diagnostic::Applicability::$fix) };
    (@suppressible) => { true };
    (@suppressible $value:literal) => { $value };
}
pub(crate) use rule;

/// A check for rules the engine reports itself.
pub(crate) fn engine_reported(_: &Context<'_>, _: &mut Emitter<'_>) {}

/// Every rule, in documentation order.
pub fn all() -> &'static [&'static Rule] {
    crate::rules::ALL
}

/// The rule with this ID.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.id == id)
}
