//! Fix round-trips: every fixture (`fixtures/*/*.yaml` and `fixes/*.yaml`) is fixed with safe
//! fixes and with unsafe fixes too; the fixed text is snapshotted, outside the edits it is the
//! original byte for byte, it still parses, and a re-check no longer reports what was fixed.

use std::fmt::Write;
use std::path::Path;

use astro_preflight_linter::fix::{FixMode, apply};
use astro_preflight_linter::{Applicability, Diagnostic, Settings, check, registry};

/// The rule ID of a diagnostic: the one place these tests read it.
fn rule_id(d: &Diagnostic) -> &'static str {
    d.rule.id
}

/// Checks, applies the fixes `mode` allows, re-checks; returns a report for the snapshot.
fn round_trip(source: &str, mode: FixMode) -> (String, usize) {
    let result = check(source.as_bytes(), &Settings::default(), None);
    let applied = apply(
        source,
        &result.diagnostics,
        mode,
        &Settings::default().limits,
    )
    .expect("fixes apply");
    assert_eq!(
        applied.skipped_overlapping, 0,
        "no fixture has overlapping fixes"
    );

    // Outside the edits, the text is unchanged: walk the edits in order.
    let mut edits: Vec<_> = result
        .diagnostics
        .iter()
        .filter_map(|d| d.finding.fix.as_ref())
        .filter(|f| mode.allows(f.applicability))
        .flat_map(|f| f.edits.iter())
        .collect();
    edits.sort_by_key(|e| e.span.start);
    let (mut from, mut fixed_at) = (0, 0);
    for e in &edits {
        let kept = &source[from..e.span.start];
        assert_eq!(
            &applied.text[fixed_at..fixed_at + kept.len()],
            kept,
            "text outside the edits changed"
        );
        fixed_at += kept.len();
        assert_eq!(
            &applied.text[fixed_at..fixed_at + e.replacement.len()],
            e.replacement
        );
        fixed_at += e.replacement.len();
        from = e.span.end;
    }
    assert_eq!(&applied.text[fixed_at..], &source[from..]);

    // Re-checked, what was fixed is gone, and nothing new is fixable in this mode.
    let again = check(applied.text.as_bytes(), &Settings::default(), None);
    assert_eq!(
        again.document.parsed.is_ok(),
        result.document.parsed.is_ok(),
        "the fixed text parses as the original did"
    );
    for d in result.diagnostics.iter().filter(|d| {
        d.finding
            .fix
            .as_ref()
            .is_some_and(|f| mode.allows(f.applicability))
    }) {
        assert!(
            !again
                .diagnostics
                .iter()
                .any(|a| rule_id(a) == rule_id(d) && a.finding.pointer == d.finding.pointer),
            "{} at {} still reported after its fix",
            rule_id(d),
            d.finding.pointer
        );
    }
    assert!(
        !again.diagnostics.iter().any(|d| d
            .finding
            .fix
            .as_ref()
            .is_some_and(|f| mode.allows(f.applicability))),
        "a fix remains after fixing"
    );
    let mut report = String::new();
    for d in &result.diagnostics {
        if let Some(f) = &d.finding.fix {
            writeln!(
                report,
                "# {} [{}] {}: {}",
                rule_id(d),
                f.applicability.as_str(),
                d.finding.pointer,
                f.message
            )
            .unwrap();
        }
    }
    report.push_str("---\n");
    report.push_str(&applied.text.replace('\r', "\\r"));
    (report, applied.fixed)
}

#[test]
fn fixtures_round_trip() {
    let mut fixed_any = 0;
    insta::glob!("{fixtures/*/*.yaml,fixes/*.yaml}", |path| {
        let Ok(source) = std::fs::read_to_string(path) else {
            return;
        };
        let (safe, _) = round_trip(&source, FixMode::Safe);
        let (all, n) = round_trip(&source, FixMode::Unsafe);
        fixed_any += n;
        if n > 0 {
            insta::assert_snapshot!("safe", safe);
            insta::assert_snapshot!("unsafe", all);
        }
    });
    assert!(
        fixed_any > 10,
        "the fixtures exercise the fixes ({fixed_any} applied)"
    );
}

#[test]
fn fixable_rules_declare_it_and_others_do_not_fix() {
    let mut fixable: Vec<(&str, Applicability)> = registry::all()
        .iter()
        .filter_map(|r| r.fixable.map(|a| (r.id, a)))
        .collect();
    fixable.sort_by_key(|(id, _)| *id);
    assert_eq!(
        fixable,
        [
            ("account-id-unquoted", Applicability::Safe),
            ("cidr-host-bits", Applicability::Safe),
            ("db-instance-type-ignored", Applicability::Unsafe),
            ("db-instance-type-unsupported", Applicability::Unsafe),
            ("instance-type-unsupported", Applicability::Unsafe),
            ("peering-region-invalid", Applicability::Unsafe),
            ("region-unsupported", Applicability::Unsafe),
        ]
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for dir in ["fixtures", "fixes"] {
        for entry in walk(&root.join(dir)) {
            let source = std::fs::read_to_string(&entry).unwrap();
            let result = check(source.as_bytes(), &Settings::default(), None);
            for d in &result.diagnostics {
                if let Some(fix) = &d.finding.fix {
                    let declared = registry::find(rule_id(d)).and_then(|r| r.fixable);
                    assert_eq!(
                        declared,
                        Some(fix.applicability),
                        "{}: {} fixes as it declares",
                        entry.display(),
                        rule_id(d)
                    );
                }
            }
        }
    }
}

#[test]
fn specific_fixes() {
    let fixed = |source: &str, mode| {
        let result = check(source.as_bytes(), &Settings::default(), None);
        apply(
            source,
            &result.diagnostics,
            mode,
            &Settings::default().limits,
        )
        .unwrap()
        .text
    };
    // Leading zero comes back, quoted exactly as written.
    assert_eq!(
        fixed(
            "version: 1\ninstall: hybrid\naccount:\n  id: 012345678901 # x\ncluster:\n  name: a\n",
            FixMode::Safe
        ),
        "version: 1\ninstall: hybrid\naccount:\n  id: \"012345678901\" # x\ncluster:\n  name: a\n"
    );
    // An ambiguous did-you-mean is not a fix.
    let ambiguous = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: a\n  region: us-east-9\n";
    assert_eq!(fixed(ambiguous, FixMode::Unsafe), ambiguous);
    // Unsafe fixes wait for --unsafe-fixes.
    let typo = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: a\n  region: eu-wst-1\n";
    assert_eq!(fixed(typo, FixMode::Safe), typo);
    assert!(fixed(typo, FixMode::Unsafe).ends_with("region: eu-west-1\n"));
    // A value reached through an alias is not rewritten (the anchor may serve elsewhere).
    let alias = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\nx-cidr: &c 172.20.1.0/20\ncluster:\n  name: a\n  vpcCidr: *c\n";
    let result = check(alias.as_bytes(), &Settings::default(), None);
    assert!(
        result
            .diagnostics
            .iter()
            .all(|d| rule_id(d) != "cidr-host-bits" || d.finding.fix.is_none())
    );
    // A fix that would reveal an external ID is dropped.
    let secret = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixes/secret-neighbour.yaml"),
    )
    .unwrap();
    let result = check(secret.as_bytes(), &Settings::default(), None);
    let unquoted = result
        .diagnostics
        .iter()
        .find(|d| rule_id(d) == "account-id-unquoted")
        .expect("fires");
    assert!(unquoted.finding.fix.is_none());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
    out
}
