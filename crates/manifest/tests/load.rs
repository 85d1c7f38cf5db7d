//! Loading: spans, encodings, and every way a file can fail to be one YAML document.

use astro_preflight_manifest::{Document, Lenient, Limits, Span, load, load_str};

fn doc(text: &str) -> Document {
    load_str(text.to_owned(), &Limits::default())
}

fn value_text<'a>(d: &'a Document, pointer: &str) -> &'a str {
    let parsed = d.parsed.as_ref().expect("parses");
    let spans = parsed
        .spans
        .get(pointer)
        .unwrap_or_else(|| panic!("no span for {pointer}"));
    &d.source[spans.value.range()]
}

fn key_text<'a>(d: &'a Document, pointer: &str) -> &'a str {
    let parsed = d.parsed.as_ref().expect("parses");
    let spans = parsed.spans.get(pointer).unwrap();
    &d.source[spans.key.unwrap().range()]
}

fn error(d: &Document) -> (&str, Span) {
    let e = d.parsed.as_ref().expect_err("should not parse");
    (e.message.as_str(), e.span)
}

const VALID: &str = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  vpcCidr: 172.20.0.0/20\npeering:\n  - vpcId: vpc-0a1b2c3d\n    region: us-east-1\n    cidrs: [10.10.0.0/16, 10.20.0.0/16]\n    dnsServers: [10.10.0.2]\n";

#[test]
fn spans_point_at_values_and_keys() {
    let d = doc(VALID);
    assert_eq!(value_text(&d, "/cluster/vpcCidr"), "172.20.0.0/20");
    assert_eq!(key_text(&d, "/cluster/vpcCidr"), "vpcCidr");
    assert_eq!(value_text(&d, "/account/id"), "\"123456789012\"");
    assert_eq!(value_text(&d, "/peering/0/cidrs/1"), "10.20.0.0/16");
    assert_eq!(key_text(&d, "/cluster"), "cluster");
    let loc = d.location(
        d.parsed
            .as_ref()
            .unwrap()
            .spans
            .get("/cluster/vpcCidr")
            .unwrap()
            .value,
    );
    assert_eq!(
        (
            loc.start.line,
            loc.start.column,
            loc.end.line,
            loc.end.column
        ),
        (7, 12, 7, 25)
    );
    let parsed = d.parsed.as_ref().unwrap();
    assert!(
        parsed.schema_errors.is_empty(),
        "{:?}",
        parsed.schema_errors
    );
    let m = parsed.manifest.as_ref().unwrap();
    assert_eq!(
        m.cluster.valid().unwrap().vpc_cidr,
        Lenient::Valid("172.20.0.0/20".to_owned())
    );
}

/// A block collection ends after its last value (a comment on that line included), not at the
/// next key: blank lines, comment lines and line endings after it are not its own.
#[test]
fn a_block_collection_ends_at_its_last_value() {
    let text = "install: hybrid\r\ncluster:\r\n  name: acme \u{3000}\r\n  vpcCidr: 172.20.0.0/20  # the VPC\r\n\r\n  # a comment\r\n   \r\npeering:\n  - vpcId: vpc-0a1b2c3d\n    cidrs:\n      - 10.10.0.0/16\n\n# the end\n";
    let d = doc(text);
    assert_eq!(
        value_text(&d, "/cluster"),
        "name: acme \u{3000}\r\n  vpcCidr: 172.20.0.0/20  # the VPC"
    );
    assert_eq!(
        value_text(&d, "/peering"),
        "- vpcId: vpc-0a1b2c3d\n    cidrs:\n      - 10.10.0.0/16"
    );
    assert_eq!(value_text(&d, "/peering/0/cidrs"), "- 10.10.0.0/16");
    assert!(value_text(&d, "").starts_with("install: hybrid"));
    assert!(value_text(&d, "").ends_with("- 10.10.0.0/16"));
}

#[test]
fn non_ascii_text_before_a_value_gives_byte_spans() {
    let text = VALID.replace("name: acme", "name: acme # café ☕ naïve");
    let text = format!("# Ünïcödé header ✓✓✓\n{text}");
    let d = doc(&text);
    assert_eq!(value_text(&d, "/cluster/vpcCidr"), "172.20.0.0/20");
    assert_eq!(value_text(&d, "/peering/0/dnsServers/0"), "10.10.0.2");
    let parsed = d.parsed.as_ref().unwrap();
    let loc = d.location(parsed.spans.get("/cluster/vpcCidr").unwrap().value);
    assert_eq!((loc.start.line, loc.start.column), (8, 12));
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", VALID.replace('\n', "\r\n"));
    let d = doc(&text);
    assert_eq!(value_text(&d, "/cluster/vpcCidr"), "172.20.0.0/20");
    let loc = d.location(
        d.parsed
            .as_ref()
            .unwrap()
            .spans
            .get("/version")
            .unwrap()
            .value,
    );
    assert_eq!((loc.start.line, loc.start.column), (1, 10));
}

#[test]
fn empty_files_are_errors() {
    for text in ["", "   \n", "# only a comment\n", "---\n", "~\n"] {
        let d = doc(text);
        assert!(error(&d).0.contains("empty"), "{text:?}: {:?}", d.parsed);
    }
}

#[test]
fn several_documents_are_an_error_at_the_second() {
    let d = doc("version: 1\n---\nversion: 2\n");
    let (message, span) = error(&d);
    assert!(message.contains("second YAML document"), "{message}");
    assert_eq!(d.location(span).start.line, 2);
}

#[test]
fn duplicate_keys_point_at_the_second_and_name_the_first() {
    let d = doc("version: 1\ncluster:\n  name: a\n  region: us-east-1\n  region: eu-west-1\n");
    let e = d.parsed.as_ref().unwrap_err();
    assert!(
        e.message.contains("duplicate key `region`"),
        "{}",
        e.message
    );
    assert_eq!(d.location(e.span).start.line, 5);
    assert_eq!(d.location(e.related.as_ref().unwrap().0).start.line, 4);
}

#[test]
fn syntax_errors_point_into_the_file() {
    let d = doc("version: 1\ncluster:\n  name: [unclosed\n  region: x\n");
    let (_, span) = error(&d);
    assert!(d.location(span).start.line >= 3);
}

#[test]
fn invalid_utf8_is_reported_at_its_byte() {
    let mut bytes = b"version: 1\ninstall: hy".to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b"brid\n");
    let d = load(&bytes, &Limits::default());
    let (message, span) = error(&d);
    assert!(message.contains("UTF-8"), "{message}");
    let loc = d.location(span);
    assert_eq!((loc.start.line, loc.start.column), (2, 12));
}

#[test]
fn deep_nesting_is_refused() {
    let flow = "[".repeat(100_000);
    let d = doc(&format!("a: {flow}"));
    assert!(error(&d).0.contains("nesting is deeper"), "{:?}", d.parsed);
    let mut block = String::new();
    for depth in 0..5_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("k:\n");
    }
    let d = doc(&block);
    assert!(error(&d).0.contains("nesting is deeper"));
}

#[test]
fn alias_bombs_are_refused() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    let d = doc(&text);
    assert!(error(&d).0.contains("more than"), "{:?}", d.parsed);
}

#[test]
fn aliases_within_budget_expand() {
    let d = doc("version: 1\nx: &r us-east-1\ncluster:\n  region: *r\n");
    let parsed = d.parsed.as_ref().unwrap();
    assert_eq!(parsed.json["cluster"]["region"], "us-east-1");
    assert_eq!(value_text(&d, "/cluster/region"), "*r");
}

#[test]
fn foreign_tags_are_refused() {
    let d = doc("version: 1\ncluster: !!python/object:os.system {}\n");
    assert!(error(&d).0.contains("unsupported YAML tag"));
    let d = doc("version: !Ref X\n");
    assert!(error(&d).0.contains("unsupported YAML tag"));
    let d = doc("version: !!str 1\n");
    assert_eq!(d.parsed.as_ref().unwrap().json["version"], "1");
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let limits = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let d = load(&[b'a'; 101], &limits);
    assert!(error(&d).0.contains("101 bytes"));
}

#[test]
fn complex_keys_are_refused() {
    let d = doc("? [a, b]\n: c\n");
    assert!(error(&d).0.contains("complex keys"));
}
