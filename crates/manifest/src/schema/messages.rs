//! Validation with the validator generated from the committed schema, and its errors as
//! messages that name the field (`cluster.maxNodeCount must be an integer; found the string
//! "20"`), with the closest known key or value suggested for a misspelt one.

use jsonschema::JsonType;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::generate::LOADER_PATTERN;
use super::navigate::{allowed_values, field_description, known_keys, schema};
use crate::pointer::{dotted, push_segment};
use crate::suggest::closest;

/// The validator of the committed schema, generated when this crate is built.
#[jsonschema::validator(
    path = "manifest.schema.json",
    draft = Draft202012,
    keywords = { "x-pattern" => crate::schema::pattern::keyword }
)]
struct ManifestValidator;

/// What kind of schema violation, for callers that treat some specially.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaErrorKind {
    /// A required key is absent; `pointer` names the missing key, `parent` its mapping.
    Missing { parent: String },
    /// A key the schema does not know; `pointer` names it.
    UnknownKey,
    /// A value of the wrong type.
    Type,
    /// Any other violation of the value at `pointer` (pattern, enum, range, length).
    Value,
}

/// One violation of the manifest schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The pointer of the value concerned (of the missing or unknown key itself).
    pub pointer: String,
    pub kind: SchemaErrorKind,
    pub message: String,
    pub help: Option<String>,
}

/// Validates a manifest against the compiled schema.
pub fn validate(instance: &Value) -> Vec<SchemaError> {
    // Most manifests are valid: the check without error locations says so for less.
    if ManifestValidator::is_valid(instance) {
        return Vec::new();
    }
    let mut errors = Vec::new();
    for error in ManifestValidator::iter_errors(instance) {
        let at = error.instance_path().as_str().to_owned();
        convert(schema(), &at, error.kind(), error.instance(), &mut errors);
    }
    // One problem, one diagnostic: a value of the wrong type also breaks its pattern, enum or
    // const; keep the most telling error per pointer (type first, in schema order otherwise).
    errors.sort_by(|a, b| {
        a.pointer
            .cmp(&b.pointer)
            .then_with(|| rank(&a.kind).cmp(&rank(&b.kind)))
    });
    errors.dedup_by(|later, earlier| {
        later.pointer == earlier.pointer && rank(&later.kind) > 0 && rank(&earlier.kind) > 0
    });
    errors
}

/// Missing and unknown keys have pointers of their own; of the errors about one value, a type
/// error says the most.
fn rank(kind: &SchemaErrorKind) -> u8 {
    match kind {
        SchemaErrorKind::Missing { .. } | SchemaErrorKind::UnknownKey => 0,
        SchemaErrorKind::Type => 1,
        SchemaErrorKind::Value => 2,
    }
}

fn convert(
    schema: &Value,
    at: &str,
    kind: &ValidationErrorKind,
    found: &Value,
    out: &mut Vec<SchemaError>,
) {
    // `cluster.name` in backticks; the whole document in words.
    let field = if at.is_empty() {
        "the manifest".to_owned()
    } else {
        format!("`{}`", dotted(at))
    };
    match kind {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let mut pointer = at.to_owned();
            push_segment(&mut pointer, name);
            let owner = field.clone();
            out.push(SchemaError {
                pointer,
                kind: SchemaErrorKind::Missing {
                    parent: at.to_owned(),
                },
                message: format!("{owner} is missing the required key `{name}`"),
                help: {
                    // The key and its allowed values in one sentence.
                    let allowed = allowed_values(schema, &join(at, name));
                    let quoted: Vec<String> = allowed.iter().map(|v| format!("`{v}`")).collect();
                    let key = match (allowed.as_slice(), quoted.split_last()) {
                        ([one], _) => format!("`{name}: {one}`"),
                        (_, Some((last, rest))) if !rest.is_empty() => {
                            format!("`{name}`, one of {} or {last}", rest.join(", "))
                        }
                        _ => format!("`{name}`"),
                    };
                    Some(match field_description(schema, &join(at, name)) {
                        Some(d) => format!("add {key}: {d}"),
                        None => format!("add {key}"),
                    })
                },
            });
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = known_keys(schema, at);
            for key in unexpected {
                let mut pointer = at.to_owned();
                push_segment(&mut pointer, key);
                let place = if at.is_empty() {
                    "at the top level".to_owned()
                } else {
                    format!("in {field}")
                };
                let help = match closest(key, &known) {
                    Some(best) => Some(format!("did you mean `{best}`?")),
                    None if known.is_empty() => None,
                    None => Some(format!("the keys allowed here are {}", list(&known))),
                };
                out.push(SchemaError {
                    pointer,
                    kind: SchemaErrorKind::UnknownKey,
                    message: format!("unknown key `{key}` {place}"),
                    help,
                });
            }
        }
        ValidationErrorKind::Type { kind } => {
            let wanted = match kind {
                TypeKind::Single(t) => type_name(*t).to_owned(),
                TypeKind::Multiple(set) => {
                    let names: Vec<&str> = set.iter().map(type_name).collect();
                    names.join(" or ")
                }
            };
            // One value where a list is wanted (`cidrs: 10.10.0.0/16`): the list it meant.
            let help = match (kind, found) {
                (TypeKind::Single(JsonType::Array), Value::String(_) | Value::Number(_)) => {
                    let item = match found {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    let key = at.rsplit('/').next().unwrap_or_default();
                    Some(format!(
                        "a list is wanted even for one item: `{key}: [{item}]`, or `- {item}` on the next line"
                    ))
                }
                _ => slip(at, found),
            };
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Type,
                message: format!("{field} must be {wanted}; found {}", describe(found)),
                help,
            });
        }
        ValidationErrorKind::Enum { options } => {
            let names: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let help = found
                .as_str()
                .and_then(|s| closest(s, &names))
                .map(|b| format!("did you mean `{b}`?"));
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!(
                    "{field} must be one of {}; found {}",
                    list(&names),
                    describe(found)
                ),
                help,
            });
        }
        ValidationErrorKind::Constant { expected_value } => out.push(SchemaError {
            pointer: at.to_owned(),
            kind: SchemaErrorKind::Value,
            message: format!(
                "{field} must be {expected_value}; found {}",
                describe(found)
            ),
            help: None,
        }),
        ValidationErrorKind::Custom { keyword, .. } if keyword == LOADER_PATTERN => {
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!("{field} {}; found {}", pattern_phrase(at), describe(found)),
                help: slip(at, found),
            });
        }
        ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MaxLength { limit } => {
            let bound = if matches!(kind, ValidationErrorKind::MinLength { .. }) {
                "at least"
            } else {
                "at most"
            };
            let message = if *limit == 1 && bound == "at least" {
                format!("{field} must not be empty")
            } else {
                format!(
                    "{field} must be {bound} {limit} characters long; found {}",
                    describe(found)
                )
            };
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message,
                help: None,
            });
        }
        ValidationErrorKind::MinItems { limit } => out.push(SchemaError {
            pointer: at.to_owned(),
            kind: SchemaErrorKind::Value,
            message: format!(
                "{field} must list at least {limit} item{}; found an empty list",
                if *limit == 1 { "" } else { "s" }
            ),
            help: None,
        }),
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
            let bound = if matches!(kind, ValidationErrorKind::Minimum { .. }) {
                "at least"
            } else {
                "at most"
            };
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!("{field} must be {bound} {limit}; found {}", describe(found)),
                help: None,
            });
        }
        other => {
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!(
                    "{field} is invalid: {} ({})",
                    describe(found),
                    other.keyword()
                ),
                help: None,
            });
        }
    }
}

fn join(at: &str, name: &str) -> String {
    let mut p = at.to_owned();
    push_segment(&mut p, name);
    p
}

/// A hint for the common slips: a quoted version, an account ID a digit short or long.
fn slip(at: &str, found: &Value) -> Option<String> {
    match (at, found) {
        ("/version", Value::String(s)) if s.trim().parse::<u64>().is_ok() => Some(format!(
            "write the number without quotes: `version: {}`",
            s.trim()
        )),
        (at, Value::String(s))
            if is_account_id(at)
                && !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_digit())
                && s.len() != 12 =>
        {
            let n = s.len();
            let why = match n {
                11 => "one short: a leading zero lost, or a digit missing?",
                13 => "one too many: a digit typed twice?",
                _ if n < 12 => "too few",
                _ => "too many",
            };
            Some(format!(
                "it has {n} digits, {why} An AWS account ID has exactly 12 (leading zeros included); copy it from the console's account menu or `aws sts get-caller-identity`"
            ))
        }
        _ => None,
    }
}

/// `account.id`, or a peering entry's `accountId`.
pub(crate) fn is_account_id(at: &str) -> bool {
    at == "/account/id"
        || at
            .strip_prefix("/peering/")
            .and_then(|rest| rest.strip_suffix("/accountId"))
            .is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Array => "a list",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "an integer",
        JsonType::Null => "null",
        JsonType::Number => "a number",
        JsonType::Object => "a mapping",
        JsonType::String => "a string",
    }
}

/// How a found value reads in a message: `the string "20"`, `the number 20.5`, `a mapping`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null (an empty value)".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", Value::String(truncate(s, 60))),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

fn pattern_phrase(at: &str) -> &'static str {
    let last = at.rsplit('/').next().unwrap_or_default();
    let parent_is_list = last.bytes().all(|b| b.is_ascii_digit()) && !last.is_empty();
    let name = if parent_is_list {
        at.rsplit('/').nth(1).unwrap_or_default()
    } else {
        last
    };
    match name {
        "id" | "accountId" => "must be a 12-digit AWS account ID",
        "name" => "must be lowercase letters, digits and hyphens, starting with a letter",
        "vpcId" => "must be `vpc-` followed by 8 or 17 hexadecimal digits",
        "vpcCidr" | "cidrs" => "must be an IPv4 CIDR such as 10.0.0.0/16",
        "dnsServers" => "must be an IPv4 address such as 10.0.0.2",
        _ => "does not have the expected form",
    }
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loader_pattern_error_reads_as_the_fields_form() {
        let mut manifest: Value = serde_json::from_str(
            r#"{"version": 1, "account": {"id": "12345"}, "cluster": {"name": "Prod"}}"#,
        )
        .unwrap();
        let errors = validate(&manifest);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages.contains(
                &"`account.id` must be a 12-digit AWS account ID; found the string \"12345\""
            ),
            "{messages:?}"
        );
        manifest["account"]["id"] = Value::from(123);
        let errors = validate(&manifest);
        assert!(
            errors
                .iter()
                .any(|e| e.pointer == "/account/id" && e.kind == SchemaErrorKind::Type)
        );
        assert!(
            !errors.iter().any(|e| e.message.contains("12-digit")),
            "{errors:?}"
        );
    }
}
