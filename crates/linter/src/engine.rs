//! Runs the rules over one manifest: load, the rules that are on, the schema's diagnostics,
//! all through the [`Sink`]; then secrets masked and diagnostics sorted.

use astro_preflight_facts::Facts;
use astro_preflight_facts::registry::State;
use astro_preflight_manifest::{Document, YamlError, load};

use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::diagnostic::{Diagnostic, Finding, Related};
use crate::registry::engine::{SUPPRESSION_UNUSED, YAML_SYNTAX};
use crate::registry::{self, RuleKind};
use crate::rules::online::account_not_empty::unused_allowances;
use crate::settings::Settings;
use crate::sink::Sink;
use crate::{mask, schema_merge};

/// Whether the online rules ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnlineStatus {
    /// Facts were given and the online rules ran.
    Ran,
    /// Facts were given, but some could not be gathered: what the rules that need them would
    /// show is not proven (`check-incomplete` says which).
    Incomplete,
    /// No facts: the online rules did not run.
    Skipped,
    /// The manifest could not be read far enough to ask for facts.
    NotApplicable,
}

/// The result of checking one file.
#[derive(Debug)]
pub struct FileResult {
    /// The document as loaded; secrets in it (external IDs) are masked.
    pub document: Document,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics silenced by inline `preflight-ignore` comments.
    pub suppressed: usize,
    pub online: OnlineStatus,
}

/// The facts a check runs with.
#[derive(Debug, Clone, Copy)]
pub enum FactsGiven<'a> {
    /// None: the online rules are skipped.
    No,
    /// Facts were given for the run (`--online`, `--facts`), but this manifest could not ask
    /// for any (no valid account ID, region or node type): its own diagnostics say what is
    /// missing, and the online rules are not "skipped" for want of facts.
    NotAsked,
    Yes(&'a Facts),
}

impl<'a> From<Option<&'a Facts>> for FactsGiven<'a> {
    fn from(facts: Option<&'a Facts>) -> FactsGiven<'a> {
        facts.map_or(FactsGiven::No, FactsGiven::Yes)
    }
}

impl<'a> FactsGiven<'a> {
    /// The facts themselves, when there are any.
    pub fn facts(self) -> Option<&'a Facts> {
        match self {
            FactsGiven::Yes(facts) => Some(facts),
            FactsGiven::No | FactsGiven::NotAsked => None,
        }
    }
}

/// Checks the bytes of one manifest file.
pub fn check<'f>(
    bytes: &[u8],
    settings: &Settings,
    facts: impl Into<FactsGiven<'f>>,
) -> FileResult {
    let document = load(bytes, &settings.limits);
    check_document(document, settings, facts)
}

/// Checks a loaded document.
pub fn check_document<'f>(
    mut document: Document,
    settings: &Settings,
    facts: impl Into<FactsGiven<'f>>,
) -> FileResult {
    let given = facts.into();
    let facts = given.facts();
    let mut online = OnlineStatus::NotApplicable;
    let mut secrets = None;
    let (mut diagnostics, suppressed) = {
        let mut sink = Sink::new(&document, settings);
        match &document.parsed {
            Err(error) => sink.push(&YAML_SYNTAX, yaml_finding(&document, error)),
            Ok(parsed) => {
                if let Some(manifest) = &parsed.manifest {
                    let mut cx = Context::new(&document, parsed, manifest, settings, facts);
                    online = match given {
                        FactsGiven::No => OnlineStatus::Skipped,
                        FactsGiven::NotAsked => OnlineStatus::NotApplicable,
                        FactsGiven::Yes(facts)
                            if facts.entries().iter().any(|e| match e.state {
                                State::Failed(_) => true,
                                // The Astro API's facts are asked only with a token: a file
                                // without them was written without one, or by an older version.
                                State::NotGathered => !e.decl.from_astro_api(),
                                State::Ok | State::Skipped => false,
                            }) =>
                        {
                            OnlineStatus::Incomplete
                        }
                        FactsGiven::Yes(_) => OnlineStatus::Ran,
                    };
                    for rule in registry::all() {
                        let runs = match rule.kind {
                            RuleKind::Offline => true,
                            RuleKind::Online => facts.is_some(),
                            RuleKind::Engine => false,
                        };
                        if !runs || sink.severity(rule).is_none() {
                            continue;
                        }
                        sink.runs(rule);
                        (rule.check)(&cx, &mut Emitter::new(rule, &cx, &mut sink));
                    }
                    if facts.is_some() {
                        // An allowance that allowed nothing is as stale as an unused suppression.
                        for a in unused_allowances(&cx) {
                            let finding = cx
                                .finding(ACCOUNT_ID, format!("the `[[allow.resources]]` entry `{}` `{}` of astro-preflight.toml allowed nothing in this account", a.kind, a.id))
                                .with_help("remove it, or correct its type or glob")
                                .with_label("this account");
                            sink.push(&SUPPRESSION_UNUSED, finding);
                        }
                    }
                    secrets = cx.take_secret_pointers();
                }
                schema_merge::report(&document, parsed, &mut sink);
            }
        }
        sink.finish(&document)
    };
    mask::mask_secrets(
        &mut document,
        &mut diagnostics,
        settings.astro_token.as_ref(),
        secrets,
    );
    diagnostics.sort_by(|a, b| {
        (a.finding.location.start, a.rule.id, &a.finding.message).cmp(&(
            b.finding.location.start,
            b.rule.id,
            &b.finding.message,
        ))
    });
    FileResult {
        document,
        diagnostics,
        suppressed,
        online,
    }
}

fn yaml_finding(document: &Document, error: &YamlError) -> Finding {
    let mut related = Vec::new();
    if let Some((span, message)) = &error.related {
        related.push(Related {
            pointer: String::new(),
            span: *span,
            location: document.location(*span),
            message: message.clone(),
        });
    }
    Finding {
        message: error.message.clone(),
        help: None,
        pointer: String::new(),
        span: error.span,
        location: document.location(error.span),
        label: "here".to_owned(),
        related,
        fix: None,
        data: None,
    }
}
