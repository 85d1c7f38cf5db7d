//! What yaml-test-suite and YAML 1.2.2 (10.3.2) found wrong once: flow-collection spans, anchors
//! on keys, core-schema tags. The whole suite runs in `tests/integration/yaml_suite.rs`.

use astro_preflight_manifest::{Document, Limits, load_str};
use serde_json::{Value, json};

fn doc(text: &str) -> Document {
    load_str(text.to_owned(), &Limits::default())
}

fn json_of(text: &str) -> Value {
    match &doc(text).parsed {
        Ok(parsed) => parsed.json.clone(),
        Err(e) => panic!("{text:?} is refused: {}", e.message),
    }
}

fn refusal(text: &str) -> String {
    match &doc(text).parsed {
        Ok(parsed) => panic!("{text:?} is accepted as {}", parsed.json),
        Err(e) => e.message.clone(),
    }
}

fn value_text(d: &Document, pointer: &str) -> String {
    let parsed = d.parsed.as_ref().expect("parses");
    let spans = parsed
        .spans
        .get(pointer)
        .unwrap_or_else(|| panic!("no span for {pointer}"));
    d.source[spans.value.range()].to_owned()
}

#[test]
fn flow_collections_end_at_their_closing_bracket() {
    let d =
        doc("cluster: [1, 2]\npeering: [{cidrs: [], dns: {a: 1} }]  # note\nlast: {x: [a, b]}\n");
    assert_eq!(value_text(&d, "/cluster"), "[1, 2]");
    assert_eq!(value_text(&d, "/peering"), "[{cidrs: [], dns: {a: 1} }]");
    assert_eq!(value_text(&d, "/peering/0"), "{cidrs: [], dns: {a: 1} }");
    assert_eq!(value_text(&d, "/peering/0/cidrs"), "[]");
    assert_eq!(value_text(&d, "/peering/0/dns"), "{a: 1}");
    assert_eq!(value_text(&d, "/last/x"), "[a, b]");
    // Across lines too, and block collections still end after their last value.
    let d = doc("a:\n  - [1,\n     2 ]\n  - b\n\n# trailing\nc: d\n");
    assert_eq!(value_text(&d, "/a/0"), "[1,\n     2 ]");
    assert_eq!(value_text(&d, "/a"), "- [1,\n     2 ]\n  - b");
}

#[test]
fn an_anchor_on_a_key_can_be_named_by_an_alias() {
    assert_eq!(
        json_of("&a id: x\nname: *a\n"),
        json!({"id": "x", "name": "id"})
    );
    assert_eq!(
        json_of("&n 12: x\ncopy: *n\n"),
        json!({"12": "x", "copy": 12})
    );
    let message = refusal("name: *a\n");
    assert!(message.contains("anchor"), "{message}");
}

#[test]
fn core_schema_tags_follow_yaml_1_2_2() {
    let cases = [
        ("a: !!null\n", json!(null)),
        ("a: !!null Null\n", json!(null)),
        ("a: !!null NULL\n", json!(null)),
        ("a: !!bool True\n", json!(true)),
        ("a: !!bool TRUE\n", json!(true)),
        ("a: !!bool False\n", json!(false)),
        ("a: !!bool FALSE\n", json!(false)),
        ("a: !!int 0o17\n", json!(15)),
        ("a: !!int 0x1F\n", json!(31)),
        ("a: !!int \"20\"\n", json!(20)),
        ("a: !!int '-3'\n", json!(-3)),
        ("a: !!float 1\n", json!(1.0)),
        ("a: !!str 20\n", json!("20")),
        ("a: !!str\n", json!("")),
        ("a: NULL\n", json!(null)),
        ("a: True\n", json!(true)),
        ("a: 0o17\n", json!(15)),
        ("a: \"0o17\"\n", json!("0o17")),
        ("a: 0x-1\n", json!("0x-1")),
    ];
    for (text, want) in cases {
        assert_eq!(json_of(text)["a"], want, "{text:?}");
    }
    for text in [
        "a: !!int \"abc\"\n",
        "a: !!bool \"yes\"\n",
        "a: !!bool yes\n",
        "a: !!int 1.5\n",
        "a: !!null 0\n",
        "!!int x: 1\n",
    ] {
        assert!(
            refusal(text).contains("is not a valid value for the tag"),
            "{text:?}"
        );
    }
    // Deliberate refusals stay.
    assert!(refusal("a: !!binary AAAA\n").contains("unsupported YAML tag"));
    assert!(refusal("a: !Ref x\n").contains("unsupported YAML tag"));
}
