//! The loader's [`LOADER_PATTERN`](super::LOADER_PATTERN) keyword: each `pattern` of the
//! manifest matched by a DFA that `build.rs` builds from the committed schema
//! (`regex-automata`, which makes DFAs to be serialized at build time and deserialized at run
//! time). jsonschema's generated code would
//! compile a `pattern` at run time (`fancy-regex` or `regex`): for the manifest's five
//! patterns, with the lazy DFAs of their first matches, 0.8 M of the 1.7 M instructions a
//! one-manifest check spent over an empty process.

use serde_json::Value;

/// [`LOADER_PATTERN`](super::LOADER_PATTERN): a string matches the pattern's DFA, built from
/// the committed schema by `build.rs` and deserialized when the generated validator first
/// meets the keyword (a few thousand instructions, where compiling the regular expression took
/// a hundred thousand); values of other types pass, as with `pattern`.
struct Pattern(regex_automata::dfa::dense::DFA<&'static [u32]>);

mod built {
    include!(concat!(env!("OUT_DIR"), "/patterns.rs"));
}

/// The factory the generated validator calls for each
/// [`LOADER_PATTERN`](super::LOADER_PATTERN) of the schema.
pub(crate) fn keyword<'a>(
    _parent: &'a serde_json::Map<String, Value>,
    value: &'a Value,
    _path: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> jsonschema::Keyword<'i>>, jsonschema::ValidationError<'a>> {
    let pattern = value
        .as_str()
        .ok_or_else(|| jsonschema::ValidationError::schema("a pattern must be a string"))?;
    let (_, bytes) = built::PATTERNS
        .iter()
        .find(|(p, _)| *p == pattern)
        .ok_or_else(|| jsonschema::ValidationError::schema("a pattern build.rs did not build"))?;
    let (dfa, _) = regex_automata::dfa::dense::DFA::from_bytes(bytes)
        .map_err(|e| jsonschema::ValidationError::schema(e.to_string()))?;
    Ok(Box::new(Pattern(dfa)))
}

impl<'i> jsonschema::Keyword<'i> for Pattern {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(
                "does not match the pattern",
            ))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        use regex_automata::dfa::Automaton;
        let Some(s) = instance.as_str() else {
            return true;
        };
        let input = regex_automata::Input::new(s).anchored(regex_automata::Anchored::Yes);
        // A DFA built without quit bytes or Unicode word boundaries cannot fail a search.
        matches!(self.0.try_search_fwd(&input), Ok(Some(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::generate::tests::published_patterns;
    use proptest::prelude::*;

    proptest! {
        /// The loader's DFAs and jsonschema's own `pattern` (the published schema, as editors
        /// and other validators read it) agree on strings near each pattern's language.
        #[test]
        fn loader_patterns_agree_with_the_published_ones(
            text in "(vpc-)?[0-9a-fA-Z./-]{0,20}",
            digits in "[0-9]{1,4}(\\.[0-9]{1,4}){0,4}(/[0-9]{1,3})?",
        ) {
            for (pattern, standard) in published_patterns() {
                let loader = keyword(&serde_json::Map::new(), &Value::from(pattern.as_str()), jsonschema::paths::Location::new()).unwrap();
                for s in [&text, &digits] {
                    let s = Value::from(s.as_str());
                    prop_assert_eq!(loader.is_valid(&s), standard.is_valid(&s), "{} on {}", pattern, s);
                }
            }
        }
    }
}
