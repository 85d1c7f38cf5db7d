//! YAML 1.2.2's core schema (section 10.3.2): how a scalar resolves to null, a boolean, an
//! integer, a float or a string, untagged (plain scalars only) or under an explicit `!!` tag.
//!
//! saphyr's own resolution takes a quoted scalar under `!!int` for a string and reads `!!bool
//! True` or `!!int 0o17` as errors; the core schema reads the text under the tag whatever its
//! style, as PyYAML, ruamel.yaml and the npm `yaml` package do. So the rules are written out
//! here, one function per regular expression of the specification.

use serde_json::{Number, Value};

/// The value of an untagged plain scalar: the first core-schema type whose expression matches.
pub fn resolve_plain(text: &str) -> Value {
    resolve_plain_typed(text).unwrap_or_else(|| Value::String(text.to_owned()))
}

/// [`resolve_plain`] for a scalar that is not a string: `None` means the text is a string,
/// which the caller may then take without copying it.
pub fn resolve_plain_typed(text: &str) -> Option<Value> {
    if is_null(text) {
        return Some(Value::Null);
    }
    if let Some(b) = as_bool(text) {
        return Some(Value::Bool(b));
    }
    if let Some(v) = as_int(text) {
        return Some(v);
    }
    as_float(text)
}

/// Why a text is not a value of a core-schema tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagError {
    /// Not one of the tags of the core schema (`str`, `null`, `bool`, `int`, `float`).
    Unknown,
    /// The text does not match the tag's expression.
    Mismatch,
}

/// The value of a scalar under the core-schema tag `!!suffix`, whatever its style.
pub fn resolve_tagged(suffix: &str, text: &str) -> Result<Value, TagError> {
    match suffix {
        "str" => Ok(Value::String(text.to_owned())),
        "null" => is_null(text)
            .then_some(Value::Null)
            .ok_or(TagError::Mismatch),
        "bool" => as_bool(text).map(Value::Bool).ok_or(TagError::Mismatch),
        "int" => as_int(text).ok_or(TagError::Mismatch),
        // An integer's text is a float's too (`[0-9]+` matches the float expression).
        "float" => as_float(text).ok_or(TagError::Mismatch),
        _ => Err(TagError::Unknown),
    }
}

/// `null | Null | NULL | ~`, or nothing at all.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// `true | True | TRUE | false | False | FALSE`.
fn as_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]? [0-9]+` (base 10), `0o [0-7]+` (base 8), `0x [0-9a-fA-F]+` (base 16). An integer
/// outside JSON's 64 bits is read as a float, as JSON readers do.
fn as_int(text: &str) -> Option<Value> {
    let (digits, radix, negative) = if let Some(octal) = text.strip_prefix("0o") {
        (octal, 8, false)
    } else if let Some(hex) = text.strip_prefix("0x") {
        (hex, 16, false)
    } else if let Some(rest) = text.strip_prefix('-') {
        (rest, 10, true)
    } else {
        (text.strip_prefix('+').unwrap_or(text), 10, false)
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    if let Ok(n) = u64::from_str_radix(digits, radix) {
        if !negative {
            return Some(Value::Number(n.into()));
        }
        // -(2^63) is the one negative integer whose magnitude is not an i64.
        if let Some(n) = 0i64.checked_sub_unsigned(n) {
            return Some(Value::Number(n.into()));
        }
    }
    // Past 64 bits: the nearest float.
    let value = if radix == 10 {
        text.parse().ok()?
    } else {
        digits.bytes().fold(0f64, |acc, b| {
            acc * f64::from(radix) + f64::from((b as char).to_digit(radix).unwrap_or(0))
        })
    };
    Number::from_f64(value).map(Value::Number)
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, `[-+]? ( \.inf |
/// \.Inf | \.INF )`, `\.nan | \.NaN | \.NAN`. JSON has no infinity or NaN: those keep their
/// text, so that a schema expecting a number refuses them as strings.
fn as_float(text: &str) -> Option<Value> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(Value::String(text.to_owned()));
    }
    let bytes = unsigned.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = digits(0);
    let whole = i;
    let mut fraction = 0;
    if bytes.get(i) == Some(&b'.') {
        fraction = digits(i + 1);
        i += 1 + fraction;
    }
    // `.5`, `5`, `5.` and `5.5`, but not `.`
    if whole == 0 && fraction == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'-' | b'+')) {
            j += 1;
        }
        let exponent = digits(j);
        if exponent == 0 {
            return None;
        }
        i = j + exponent;
    }
    if i != bytes.len() {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    Number::from_f64(value).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_scalars_resolve_as_the_core_schema_says() {
        for (text, want) in [
            ("", json!(null)),
            ("~", json!(null)),
            ("Null", json!(null)),
            ("NULL", json!(null)),
            ("nULL", json!("nULL")),
            ("True", json!(true)),
            ("FALSE", json!(false)),
            ("yes", json!("yes")),
            ("0o17", json!(15)),
            ("0x1F", json!(31)),
            ("0x", json!("0x")),
            ("0x-1", json!("0x-1")),
            ("0o8", json!("0o8")),
            ("-0o7", json!("-0o7")),
            ("+12", json!(12)),
            ("-9223372036854775808", json!(i64::MIN)),
            ("18446744073709551615", json!(u64::MAX)),
            ("1_000", json!("1_000")),
            ("1.5", json!(1.5)),
            (".5", json!(0.5)),
            ("5.", json!(5.0)),
            ("-1e3", json!(-1000.0)),
            ("1e", json!("1e")),
            (".", json!(".")),
            ("inf", json!("inf")),
            ("-.inf", json!("-.inf")),
            (".NaN", json!(".NaN")),
            ("1.2.3", json!("1.2.3")),
        ] {
            assert_eq!(resolve_plain(text), want, "{text:?}");
        }
        // Past 64 bits, the nearest float.
        assert_eq!(resolve_plain("99999999999999999999"), json!(1e20));
    }

    #[test]
    fn tags_read_the_text_whatever_it_looks_like() {
        assert_eq!(resolve_tagged("int", "20"), Ok(json!(20)));
        assert_eq!(resolve_tagged("int", "0o17"), Ok(json!(15)));
        assert_eq!(resolve_tagged("int", "abc"), Err(TagError::Mismatch));
        assert_eq!(resolve_tagged("int", "1.5"), Err(TagError::Mismatch));
        assert_eq!(resolve_tagged("bool", "True"), Ok(json!(true)));
        assert_eq!(resolve_tagged("bool", "yes"), Err(TagError::Mismatch));
        assert_eq!(resolve_tagged("null", ""), Ok(json!(null)));
        assert_eq!(resolve_tagged("null", "NULL"), Ok(json!(null)));
        assert_eq!(resolve_tagged("null", "0"), Err(TagError::Mismatch));
        assert_eq!(resolve_tagged("float", "1"), Ok(json!(1.0)));
        assert_eq!(resolve_tagged("str", "1"), Ok(json!("1")));
        assert_eq!(resolve_tagged("binary", "AA=="), Err(TagError::Unknown));
    }
}
