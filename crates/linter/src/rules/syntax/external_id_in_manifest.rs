use astro_preflight_manifest::Parsed;
use astro_preflight_manifest::pointer::{dotted, push_segment};
use serde_json::Value;

use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// A key named like `externalId` appears in the manifest: the external ID is a secret and
    /// never belongs in a file committed to a repository.
    ///
    /// ## What it checks
    ///
    /// Every key at any depth, compared without case, `-` and `_`: `externalId`,
    /// `external_id`, `ExternalID`, `external-id`. The value is never printed: every output
    /// format shows it as asterisks.
    ///
    /// ## Why
    ///
    /// Astronomer's cross-account role trusts its AWS account on the condition of the external
    /// ID (the `ExternalId` parameter of the `AstroCrossAccountRole` stack). Whoever knows it
    /// can act as that role's trusted party; keep it in a secret store and hand it over out
    /// of band.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// account:
    ///   id: "123456789012"
    ///   externalId: 3f2a...   # remove this
    /// ```
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws.md` (cross-account role); AWS IAM "Access to AWS
    /// accounts owned by third parties" (the confused-deputy problem).
    id: "external-id-in-manifest",
    severity: Error,
    kind: Offline,
    supersedes_schema: true,
    check: check,
}

/// Whether a key names an external ID.
pub fn is_external_id_key(key: &str) -> bool {
    if !key.is_ascii() {
        let normalized: String = key
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        return normalized == "externalid" || normalized.ends_with(":externalid");
    }
    // Every key of every manifest passes here, three times: most end with another letter, and
    // the others are compared from the end, without allocating.
    if !key.ends_with(['d', 'D', '-', '_']) {
        return false;
    }
    let mut rest = key.bytes().rev().filter(|b| *b != b'-' && *b != b'_');
    for want in b"externalid".iter().rev() {
        if rest.next().map(|b| b.to_ascii_lowercase()) != Some(*want) {
            return false;
        }
    }
    matches!(rest.next(), None | Some(b':'))
}

/// A step from a value to one of its children.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// The pointer of every external-ID key. The path is kept as steps and written out only for a
/// key that matches: every key of every manifest passes here, and nearly none matches.
fn external_id_pointers<'v>(value: &'v Value, path: &mut Vec<Step<'v>>, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if is_external_id_key(key) {
                    let mut pointer = String::new();
                    for step in path.iter() {
                        match step {
                            Step::Key(k) => push_segment(&mut pointer, k),
                            Step::Index(i) => {
                                pointer.push('/');
                                pointer.push_str(&i.to_string());
                            }
                        }
                    }
                    push_segment(&mut pointer, key);
                    out.push(pointer);
                } else if matches!(child, Value::Object(_) | Value::Array(_)) {
                    path.push(Step::Key(key));
                    external_id_pointers(child, path, out);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                if matches!(child, Value::Object(_) | Value::Array(_)) {
                    path.push(Step::Index(i));
                    external_id_pointers(child, path, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// The pointer of every external-ID key, whose values are masked in all output.
pub(crate) fn secret_pointers(parsed: &Parsed) -> Vec<String> {
    let mut pointers = Vec::new();
    external_id_pointers(&parsed.json, &mut Vec::new(), &mut pointers);
    pointers
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for pointer in cx.secret_pointers() {
        // Point at the key, never at the value.
        out.push(
            cx.finding_at_key(pointer, format!("`{}` holds an external ID, which is a secret and must not be in a manifest", dotted(pointer)))
                .with_help("remove the key and give the external ID to Astronomer through a secret channel; if it was committed, rotate it")
                .with_label("secret: remove this key"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_external_id_key;

    #[test]
    fn external_id_keys_in_every_spelling() {
        for key in [
            "externalId",
            "external_id",
            "ExternalID",
            "external-id",
            "EXTERNAL_ID",
            "sts:ExternalId",
            "ext_ernal-Id",
        ] {
            assert!(is_external_id_key(key), "{key}");
        }
        for key in [
            "id",
            "external",
            "externalIds",
            "myexternalid",
            "xternalid",
            "",
            "éxternalid",
            "externalidé",
        ] {
            assert!(!is_external_id_key(key), "{key}");
        }
        assert!(is_external_id_key("ÉxternalId:externalid"));
    }
}
