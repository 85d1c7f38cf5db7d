//! Load + schema + every offline rule over arbitrary bytes, asserting what must hold of every
//! result: no panic, every span inside the source and on character boundaries, locations that
//! agree with the spans, rules that exist, offsets kept by masking, one diagnostic for a file
//! that does not parse, never a pass for a manifest that breaks its schema.

#![no_main]

use astro_preflight_linter::registry;
use astro_preflight_linter::{check, Settings, Severity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = check(data, &Settings::default(), None);
    let document = &result.document;
    let source = document.source.as_str();
    for d in &result.diagnostics {
        assert!(registry::find(d.rule).is_some(), "unregistered rule {}", d.rule);
        let mut spans = vec![(d.span, d.location)];
        spans.extend(d.related.iter().map(|r| (r.span, r.location)));
        for (span, location) in spans {
            assert!(span.start <= span.end && span.end <= source.len(), "span {span:?} outside a {}-byte source ({})", source.len(), d.rule);
            assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end), "span {span:?} splits a character ({})", d.rule);
            assert_eq!(document.location(span), location, "location of {span:?} ({})", d.rule);
            assert!(location.start <= location.end, "location {location:?} runs backwards ({})", d.rule);
        }
    }
    // The diagnostics are sorted by position.
    assert!(result.diagnostics.windows(2).all(|w| w[0].location.start <= w[1].location.start));
    // Masking secrets keeps every byte offset.
    assert_eq!(source.len(), String::from_utf8_lossy(data).len());
    match &document.parsed {
        // A file that does not parse: one yaml-syntax error, nothing else.
        Err(_) => {
            assert_eq!(result.diagnostics.len(), 1);
            assert_eq!(result.diagnostics[0].rule, "yaml-syntax");
            assert_eq!(result.diagnostics[0].severity, Severity::Error);
        }
        // A manifest that breaks its schema never passes.
        Ok(parsed) if !parsed.schema_errors.is_empty() => {
            assert!(result.diagnostics.iter().any(|d| d.severity == Severity::Error));
        }
        Ok(_) => {}
    }
});
