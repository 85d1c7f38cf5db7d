//! Inline suppression end to end: `# preflight-ignore: RULE -- reason` on the line of the
//! value or the line above, the reason required, unknown and unsuppressible rules, unused
//! suppressions, the count in the summary, and `--no-inline-ignores`.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("astro-preflight").unwrap()
}

struct Checked {
    code: i32,
    /// (rule, line, message) per diagnostic.
    found: Vec<(String, u64, String)>,
    suppressed: u64,
}

impl Checked {
    fn rules(&self) -> Vec<&str> {
        self.found.iter().map(|(r, _, _)| r.as_str()).collect()
    }

    fn message(&self, rule: &str) -> &str {
        &self
            .found
            .iter()
            .find(|(r, _, _)| r == rule)
            .unwrap_or_else(|| panic!("no {rule} in {:?}", self.found))
            .2
    }
}

fn check_in(dir: &Path, text: &str, extra: &[&str]) -> Checked {
    std::fs::write(dir.join("m.yaml"), text).unwrap();
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(extra)
        .arg("m.yaml")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    Checked {
        code: out.status.code().unwrap(),
        found,
        suppressed: v["summary"]["suppressed"].as_u64().unwrap(),
    }
}

fn check(text: &str, extra: &[&str]) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    check_in(dir.path(), text, extra)
}

const HEAD: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

#[test]
fn a_suppression_with_a_reason_silences_the_rule_on_its_line_and_is_counted() {
    let plain = check(&format!("{HEAD}  vpcCidr: 172.20.1.0/20\n"), &[]);
    assert_eq!(plain.rules(), ["cidr-host-bits"]);
    let text = format!(
        "{HEAD}  vpcCidr: 172.20.1.0/20 # preflight-ignore: cidr-host-bits -- shared with the VPN team\n"
    );
    let c = check(&text, &[]);
    assert_eq!((c.code, c.rules(), c.suppressed), (0, vec![], 1));

    // Counted in every summary.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.yaml"), &text).unwrap();
    let human = bin()
        .current_dir(dir.path())
        .args(["check", "m.yaml"])
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(
        human.contains("1 file checked: no problems (1 suppressed)"),
        "{human}"
    );
    let github = bin()
        .current_dir(dir.path())
        .args(["check", "--format", "github", "m.yaml"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(github.stdout)
            .unwrap()
            .starts_with("astro-preflight: 1 file checked: no problems (1 suppressed)")
    );
    let sarif = bin()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "m.yaml"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    crate::sarif::validate(&sarif);
    assert_eq!(sarif["runs"][0]["properties"]["summary"]["suppressed"], 1);
}

#[test]
fn the_comment_may_stand_on_the_line_above_and_name_several_rules() {
    let c = check(
        &format!(
            "{HEAD}  # preflight-ignore: cidr-host-bits, cidr-too-small -- lab network, torn down nightly\n  vpcCidr: 172.20.1.0/22\n"
        ),
        &[],
    );
    assert_eq!((c.code, c.rules(), c.suppressed), (0, vec![], 2));
    // Only the line below: two lines down it is unused, and the finding stays.
    let c = check(
        &format!(
            "{HEAD}  # preflight-ignore: cidr-host-bits -- shared\n  region: us-east-1\n  vpcCidr: 172.20.1.0/20\n"
        ),
        &[],
    );
    assert_eq!(c.rules(), ["suppression-unused", "cidr-host-bits"]);
    assert_eq!(c.found[0].1, 7, "reported at the comment");
    assert_eq!(c.suppressed, 0);
}

#[test]
fn only_the_comment_just_above_a_value_applies_to_it() {
    // Two comments stacked: the upper one is above a comment, not the value (one comment
    // names several rules instead).
    let text = format!(
        "{HEAD}  # preflight-ignore: cidr-host-bits -- shared with the VPN team\n  # preflight-ignore: cidr-too-small -- lab network\n  vpcCidr: 172.20.1.0/22\n"
    );
    let c = check(&text, &[]);
    assert_eq!(
        (c.rules(), c.suppressed),
        (vec!["suppression-unused", "cidr-host-bits"], 1)
    );
    assert_eq!(c.found[0].1, 7);
}

#[test]
fn a_suppression_without_a_reason_is_invalid_and_suppresses_nothing() {
    for comment in [
        "# preflight-ignore: cidr-host-bits",
        "# preflight-ignore: cidr-host-bits --",
        "# preflight-ignore: cidr-host-bits --   ",
    ] {
        let c = check(
            &format!("{HEAD}  vpcCidr: 172.20.1.0/20 {comment}\n"),
            &["--deny-warnings"],
        );
        assert_eq!(
            c.rules(),
            ["cidr-host-bits", "suppression-invalid"],
            "{comment}"
        );
        assert!(
            c.message("suppression-invalid").contains("gives no reason"),
            "{}",
            c.message("suppression-invalid")
        );
        assert_eq!((c.code, c.suppressed), (1, 0));
    }
    let c = check(
        &format!("{HEAD}  vpcCidr: 172.20.1.0/20 # preflight-ignore: -- because\n"),
        &[],
    );
    assert_eq!(c.rules(), ["cidr-host-bits", "suppression-invalid"]);
    assert!(c.message("suppression-invalid").contains("names no rule"));
}

#[test]
fn an_unknown_rule_is_invalid_with_a_suggestion() {
    let c = check(
        &format!("{HEAD}  vpcCidr: 172.20.1.0/20 # preflight-ignore: cidr-host-bit -- shared\n"),
        &[],
    );
    assert_eq!(c.rules(), ["cidr-host-bits", "suppression-invalid"]);
    assert_eq!(
        c.message("suppression-invalid"),
        "`cidr-host-bit` is not a rule"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.yaml"),
        format!("{HEAD}  vpcCidr: 172.20.1.0/20 # preflight-ignore: cidr-host-bit -- shared\n"),
    )
    .unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "m.yaml"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("did you mean `cidr-host-bits`?")
    );
}

#[test]
fn schema_and_yaml_syntax_cannot_be_suppressed() {
    let c = check(
        &format!("{HEAD}  maxNodeCount: \"20\" # preflight-ignore: schema -- we know\n"),
        &[],
    );
    assert_eq!(c.rules(), ["schema", "suppression-invalid"]);
    assert_eq!(
        c.message("suppression-invalid"),
        "`schema` cannot be suppressed: fix the file instead"
    );
    assert_eq!((c.code, c.suppressed), (1, 0));

    let c = check(
        &format!("{HEAD}  region: us-east-1 # preflight-ignore: yaml-syntax -- we know\n"),
        &[],
    );
    assert_eq!(c.rules(), ["suppression-invalid"]);
    assert_eq!(
        c.message("suppression-invalid"),
        "`yaml-syntax` cannot be suppressed: fix the file instead"
    );

    // A file that does not parse keeps its syntax error.
    let c = check(
        &format!(
            "{HEAD}  region: us-east-1\n  region: eu-west-1 # preflight-ignore: yaml-syntax -- we know\n"
        ),
        &[],
    );
    assert_eq!(
        (c.code, c.rules(), c.suppressed),
        (1, vec!["yaml-syntax"], 0)
    );

    // Nor can the suppression rules themselves (they can be turned off in the configuration).
    let c = check(
        &format!(
            "{HEAD}  # preflight-ignore: suppression-unused -- noisy\n  region: us-east-1 # preflight-ignore: region-opt-in -- no\n"
        ),
        &[],
    );
    assert_eq!(c.rules(), ["suppression-invalid", "suppression-unused"]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.yaml"),
        format!("{HEAD}  region: us-east-1 # preflight-ignore: suppression-unused -- noisy\n"),
    )
    .unwrap();
    let out = String::from_utf8(
        bin()
            .current_dir(dir.path())
            .args(["check", "m.yaml"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        out.contains("`suppression-unused` cannot be suppressed inline"),
        "{out}"
    );
    assert!(
        out.contains("turn it off in astro-preflight.toml"),
        "the help says where to turn it off: {out}"
    );
}

#[test]
fn a_suppression_that_silences_nothing_is_unused() {
    let c = check(
        &format!("{HEAD}  region: eu-west-1 # preflight-ignore: region-opt-in -- Milan\n"),
        &[],
    );
    assert_eq!(c.rules(), ["suppression-unused"]);
    assert_eq!(
        c.message("suppression-unused"),
        "this `preflight-ignore` of `region-opt-in` suppresses nothing"
    );
    assert_eq!(c.found[0].1, 7);
    assert_eq!(c.code, 0, "a warning");
    // One of two rules used: the other is reported.
    let c = check(
        &format!(
            "{HEAD}  vpcCidr: 172.20.1.0/20 # preflight-ignore: cidr-host-bits, cidr-too-small -- shared\n"
        ),
        &[],
    );
    assert_eq!((c.rules(), c.suppressed), (vec!["suppression-unused"], 1));
    assert!(c.message("suppression-unused").contains("`cidr-too-small`"));
    // A rule that did not run (an online rule offline, a rule turned off) is not unused.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        "[rules]\ncidr-host-bits = \"off\"\n",
    )
    .unwrap();
    let c = check_in(
        dir.path(),
        &format!(
            "{HEAD}  region: us-east-1 # preflight-ignore: quota-spot, cidr-host-bits -- not here\n"
        ),
        &[],
    );
    assert_eq!(c.rules(), Vec::<&str>::new());
}

#[test]
fn no_inline_ignores_audits_every_finding() {
    let text = format!(
        "{HEAD}  vpcCidr: 172.20.1.0/20 # preflight-ignore: cidr-host-bits -- shared\n  region: eu-west-1 # preflight-ignore: region-opt-in\n"
    );
    let c = check(&text, &[]);
    assert_eq!((c.rules(), c.suppressed), (vec!["suppression-invalid"], 1));
    let audit = check(&text, &["--no-inline-ignores"]);
    assert_eq!(
        (audit.code, audit.rules(), audit.suppressed),
        (0, vec!["cidr-host-bits"], 0)
    );
    let audit = check(&text, &["--no-inline-ignores", "--deny-warnings"]);
    assert_eq!(audit.code, 1);
}

#[test]
fn look_alike_comments_are_not_suppressions() {
    // In a quoted value, after a value without a space, or another word.
    let c = check(
        &format!("{HEAD}  region: \"us-east-1 # preflight-ignore: region-unsupported -- x\"\n"),
        &[],
    );
    assert_eq!(c.rules(), ["region-unsupported"]);
    let c = check(
        &format!("{HEAD}  vpcCidr: 172.20.1.0/20 # preflight-ignored: cidr-host-bits -- x\n"),
        &[],
    );
    assert_eq!(c.rules(), ["cidr-host-bits"]);
    let c = check(
        &format!("{HEAD}  vpcCidr: 172.20.1.0/20 # not a preflight-ignore: cidr-host-bits -- x\n"),
        &[],
    );
    assert_eq!(c.rules(), ["cidr-host-bits"]);
}
