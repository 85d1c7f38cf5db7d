use crate::registry::{engine_reported, rule};

rule! {
    /// The file is not one valid YAML document.
    ///
    /// ## What it checks
    ///
    /// That the file parses as exactly one YAML document: no syntax error, not empty, not
    /// several documents (`---`), no duplicate keys, valid UTF-8, no tags (`!Ref`,
    /// `!!python/object`), no complex keys, and within the size, nesting and alias-expansion
    /// limits.
    ///
    /// ## Why
    ///
    /// A file that does not parse cannot be checked at all, and YAML parsers disagree on the
    /// edge cases: a duplicate key is silently "last one wins" in many tools, so the value
    /// Astronomer reads may not be the one you reviewed.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   region: us-east-1
    ///   region: eu-west-1   # duplicate key
    /// ```
    ///
    /// ## Source
    ///
    /// YAML 1.2.2 specification; the limits are documented in `docs/robustness.md`.
    /// This rule cannot be suppressed or turned off.
    id: "yaml-syntax",
    severity: Error,
    kind: Engine,
    suppressible: false,
    can_be_turned_off: false,
    check: engine_reported,
}
