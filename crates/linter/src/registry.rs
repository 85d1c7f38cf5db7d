//! The rule registry. Each rule is a file under `rules/` that declares itself with [`rule!`]:
//! its ID, default severity, when it runs, and every property of its policy (whether it may be
//! suppressed or turned off, whether it replaces the schema's diagnostic for its value, whether
//! it can fix what it finds, the facts and data tables it reads, the install prerequisite it
//! verifies). Its doc comment is its documentation (`astro-preflight rules RULE`,
//! `docs/rules/RULE.md`). Nothing outside this module looks a rule up by its ID.

use astro_preflight_facts::registry::FactDecl;

use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Severity};
use crate::prerequisites::Prerequisite;
use crate::tables::sources::Table;

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

/// A rule's check: reads the context, emits findings.
pub type CheckFn = fn(&Context<'_>, &mut Emitter<'_, '_>);

/// One rule and its whole policy.
pub struct Rule {
    pub id: &'static str,
    pub default_severity: Severity,
    pub kind: RuleKind,
    /// Whether an inline `preflight-ignore` may silence it.
    pub suppressible: bool,
    /// Whether `[rules]` may set it to `off`.
    pub can_be_turned_off: bool,
    /// Its diagnostic replaces the schema's for the same value (and the values below it): one
    /// problem, one diagnostic.
    pub supersedes_schema: bool,
    /// Whether it attaches fixes to its findings, and how safe they are.
    pub fixable: Option<Applicability>,
    /// The facts it reads (online rules; an offline rule names the Astro API's facts it reads
    /// when they were gathered).
    pub facts: &'static [&'static FactDecl],
    /// The data tables it reads (their sources and dates are shown with its documentation).
    pub tables: &'static [Table],
    /// The install prerequisite it verifies for `handoff`.
    pub prerequisite: Option<&'static Prerequisite>,
    /// The rule's doc comment, as Markdown.
    pub doc: &'static str,
    pub check: CheckFn,
}

impl Rule {
    /// The first sentence of the documentation: what the rule checks.
    pub fn summary(&self) -> String {
        let doc = self.documentation();
        let first = doc
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
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

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Rule {}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Rule) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Rules order by ID.
impl Ord for Rule {
    fn cmp(&self, other: &Rule) -> std::cmp::Ordering {
        self.id.cmp(other.id)
    }
}

impl std::hash::Hash for Rule {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// Declares the rule of a file. Every field after `kind` is optional (defaults shown), in
/// this order:
///
/// ```text
/// rule! {
///     /// Documentation: what it checks, why, an example, the source.
///     id: "cidr-invalid",
///     severity: Error,
///     kind: Offline,                 // Offline | Online | Engine
///     suppressible: true,            // an inline `preflight-ignore` may silence it
///     can_be_turned_off: true,       // `[rules]` may set it to "off"
///     supersedes_schema: false,      // replaces the schema's diagnostic for its value
///     fix: Safe,                     // Safe | Unsafe: it attaches fixes (default: none)
///     facts: [QUOTA_ON_DEMAND],      // the facts it reads (astro_preflight_facts::registry),
///                                    // then `+ GROUP` for each group of them it reads
///     tables: [AstroDefaults],       // the data tables it reads (tables::sources::Table)
///     prerequisite: VPC_CIDR,        // the install prerequisite it verifies (prerequisites)
///     check: check,
/// }
/// ```
macro_rules! rule {
    (
        $(#[doc = $doc:literal])*
        id: $id:literal,
        severity: $severity:ident,
        kind: $kind:ident,
        $(suppressible: $suppressible:literal,)?
        $(can_be_turned_off: $off:literal,)?
        $(supersedes_schema: $supersedes:literal,)?
        $(fix: $fix:ident,)?
        $(facts: [$($fact:ident),* $(,)?] $(+ $group:ident)*,)?
        $(tables: [$($table:ident),* $(,)?],)?
        $(prerequisite: $prerequisite:ident,)?
        check: $check:expr $(,)?
    ) => {
        pub(crate) static RULE: $crate::registry::Rule = $crate::registry::Rule {
            id: $id,
            default_severity: $crate::diagnostic::Severity::$severity,
            kind: $crate::registry::RuleKind::$kind,
            suppressible: rule!(@or true $(, $suppressible)?),
            can_be_turned_off: rule!(@or true $(, $off)?),
            supersedes_schema: rule!(@or false $(, $supersedes)?),
            fixable: rule!(@fix $($fix)?),
            facts: rule!(@facts [$($($fact),*)?] [$($($group),*)?]),
            tables: &[$($($crate::tables::sources::Table::$table),*)?],
            prerequisite: rule!(@prerequisite $($prerequisite)?),
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
    (@or $default:literal) => { $default };
    (@or $default:literal, $value:literal) => { $value };
    (@facts [$($fact:ident),*] []) => { &[$(&astro_preflight_facts::registry::$fact),*] };
    (@facts [$($fact:ident),*] [$($group:ident),+]) => {{
        use astro_preflight_facts::registry::{self, FactDecl};
        const PARTS: &[&[&FactDecl]] = &[&[$(&registry::$fact),*], $(registry::$group),+];
        const FACTS: [&FactDecl; registry::total_len(PARTS)] = registry::concat(PARTS);
        &FACTS
    }};
    (@fix) => { None };
    (@fix $fix:ident) => { Some($crate::diagnostic::Applicability::$fix) };
    (@prerequisite) => { None };
    (@prerequisite $p:ident) => { Some(&$crate::prerequisites::$p) };
}
pub(crate) use rule;

/// A check for rules the engine reports itself.
pub(crate) fn engine_reported(_: &Context<'_>, _: &mut Emitter<'_, '_>) {}

/// Every rule, in documentation order.
pub fn all() -> &'static [&'static Rule] {
    crate::rules::ALL
}

/// The rule with this ID: for IDs that users write (configuration, suppression comments, the
/// `rules` command).
pub fn find(id: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.id == id)
}

/// The rules that read a fact.
pub fn readers(fact: &'static FactDecl) -> impl Iterator<Item = &'static Rule> {
    all()
        .iter()
        .copied()
        .filter(move |r| r.facts.contains(&fact))
}

/// The closest rule ID to a misspelt one, for "did you mean".
/// The rule with this ID, or the message for an ID that is not one: `` `x` is not a rule; did
/// you mean `y`? `` (the configuration's and the command line's).
pub fn lookup(id: &str) -> Result<&'static Rule, String> {
    find(id).ok_or_else(|| {
        let hint = closest(id)
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        format!("`{id}` is not a rule{hint}")
    })
}

pub fn closest(id: &str) -> Option<&'static str> {
    astro_preflight_manifest::suggest::nearest(id, all().iter().map(|r| r.id)).map(|(best, _)| best)
}

/// The engine's own rules, for the modules that report them.
pub(crate) mod engine {
    pub(crate) use crate::rules::suppression::suppression_invalid::RULE as SUPPRESSION_INVALID;
    pub(crate) use crate::rules::suppression::suppression_unused::RULE as SUPPRESSION_UNUSED;
    pub(crate) use crate::rules::syntax::schema::RULE as SCHEMA;
    pub(crate) use crate::rules::syntax::yaml_syntax::RULE as YAML_SYNTAX;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = all().iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "duplicate rule IDs");
        for id in ids {
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
        }
    }

    #[test]
    fn policies_are_consistent() {
        for rule in all() {
            // What cannot be turned off cannot be suppressed either.
            assert!(rule.can_be_turned_off || !rule.suppressible, "{rule}");
            // Online rules name their facts; an offline rule may read the Astro API's facts
            // when they were gathered (the bundled tables otherwise), and names them too.
            if rule.kind == RuleKind::Online {
                assert!(
                    !rule.facts.is_empty(),
                    "{rule}: online rules name their facts"
                );
            } else {
                assert!(
                    rule.facts.iter().all(|f| f.from_astro_api()),
                    "{rule}: an offline rule reads no AWS fact"
                );
            }
        }
        assert!(!engine::YAML_SYNTAX.can_be_turned_off && !engine::SCHEMA.can_be_turned_off);
        assert!(
            engine::SUPPRESSION_UNUSED.can_be_turned_off
                && !engine::SUPPRESSION_UNUSED.suppressible
        );
    }
}
