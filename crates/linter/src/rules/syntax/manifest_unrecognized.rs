use astro_preflight_manifest::pointer::pointer;
use astro_preflight_manifest::recognize::{INSTALL, MANIFEST_KEYS, Recognized, recognize};

use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// A YAML file that looks like an install manifest but has no top-level `install` key, so
    /// it would not be recognised as one.
    ///
    /// ## What it checks
    ///
    /// The top-level keys of every YAML file checked, whether named or found in a directory
    /// (where a file is checked when it has a top-level `install` key, or looks meant to be a
    /// manifest, and skipped otherwise, counted in the summary as "YAML files skipped: not
    /// install manifests"). Without `install`, a file is reported when a top-level key is
    /// within edit distance 2 of `install` in any case (`Install`, `instal`, `INSTALL`: the
    /// finding points at that key, with "did you mean `install`?"), or when it has at least
    /// two of `version`, `account`, `cluster`, `peering` and `organization` (the finding
    /// points at the first line). Block and flow style (`{version: 1, install: hybrid}`) are
    /// recognised alike. The schema's own errors about the file are left out: the file is not
    /// read as a manifest until it is one.
    ///
    /// It cannot be silenced inline nor turned off: an ignore comment belongs to a manifest,
    /// and this file is not one yet; silencing it would let a misspelt manifest pass every
    /// check unseen, which is the failure this rule exists to stop. A YAML file that is meant
    /// to be something else is kept out of directory walks with `.gitignore` or `.ignore`
    /// (the walk respects both, and skips hidden files and directories), or by naming the
    /// manifests instead of their directory.
    ///
    /// ## Why
    ///
    /// A directory walk and `--only-manifests` (the pre-commit hook) check only the YAML files
    /// that are install manifests. A manifest whose `install` key is misspelt or missing
    /// would otherwise be skipped in silence, and "0 files checked: no problems" would pass.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// version: 1
    /// Install: hybrid
    /// account:
    ///   id: "123456789012"
    /// cluster:
    ///   name: acme
    ///   region: us-east-1
    /// ```
    ///
    /// ## Source
    ///
    /// The manifest's schema (`astro-preflight schema`): `install` is required, the install
    /// profile (`hybrid` or `cross-account-role`).
    id: "manifest-unrecognized",
    severity: Error,
    kind: Offline,
    suppressible: false,
    can_be_turned_off: false,
    supersedes_schema: true,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(root) = cx.parsed.json.as_object() else {
        return;
    };
    let mut finding = match recognize(root.keys().map(String::as_str)) {
        Recognized::Manifest | Recognized::Other => return,
        Recognized::Misspelt(key) => cx
            .finding_at_key(
                &pointer([key]),
                format!(
                    "`{key}` is not a key of an install manifest, and without `{INSTALL}` this file is not recognised as one: did you mean `{INSTALL}`?"
                ),
            )
            .with_help(format!(
                "rename `{key}` to `{INSTALL}` (lower case), the install profile: `{INSTALL}: hybrid` or `{INSTALL}: cross-account-role`"
            ))
            .with_label("did you mean `install`?"),
        Recognized::Unnamed => {
            let found: Vec<String> = root
                .keys()
                .filter(|k| MANIFEST_KEYS.contains(&k.as_str()))
                .map(|k| format!("`{k}`"))
                .collect();
            let mut finding = cx.finding(
                "",
                format!(
                    "this YAML file has the keys of an install manifest ({}) but no `{INSTALL}` key, so it is not recognised as one",
                    found.join(", ")
                ),
            );
            // The first line, not the whole document.
            let text = &cx.document.source;
            let start = finding.span.start.min(text.len());
            let len = text[start..].find(['\n', '\r']).unwrap_or(text.len() - start);
            finding.span = astro_preflight_manifest::Span::new(start, start + len);
            finding.location = cx.document.location(finding.span);
            finding
                .with_help(format!(
                    "add the top-level key `{INSTALL}` with the install profile, e.g. `{INSTALL}: hybrid`"
                ))
                .with_label("no `install` key")
        }
    };
    // About the whole file: the schema's errors are left out until it is a manifest.
    finding.pointer = String::new();
    out.push(finding);
}
