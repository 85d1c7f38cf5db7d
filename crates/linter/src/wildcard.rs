//! AWS's wildcard patterns, matched with globset (as `[[allow.resources]]` is): `*` and `?` in
//! IAM actions, `*` in CloudWatch Logs filter values; every other character is literal.

use globset::GlobBuilder;

/// Whether `text` matches `pattern`, in which only the characters of `wildcards` are
/// wildcards.
pub(crate) fn matches(pattern: &str, text: &str, wildcards: &[char], ignore_case: bool) -> bool {
    let mut glob = String::with_capacity(pattern.len());
    let mut buf = [0; 4];
    for c in pattern.chars() {
        if wildcards.contains(&c) {
            glob.push(c);
        } else {
            glob.push_str(&globset::escape(c.encode_utf8(&mut buf)));
        }
    }
    GlobBuilder::new(&glob)
        .literal_separator(false)
        .case_insensitive(ignore_case)
        .build()
        .is_ok_and(|g| g.compile_matcher().is_match(text))
}

/// An IAM action pattern (`*`, `?`; actions are case-insensitive).
pub(crate) fn iam_action(pattern: &str, action: &str) -> bool {
    matches(pattern, action, &['*', '?'], true)
}

/// A CloudWatch Logs filter value (`*`; values are case-sensitive).
pub(crate) fn logs_value(pattern: &str, value: &str) -> bool {
    matches(pattern, value, &['*'], false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_actions() {
        assert!(iam_action("sts:AssumeRole", "STS:assumerole"));
        assert!(iam_action("sts:*", "sts:AssumeRole"));
        assert!(iam_action("*", "sts:AssumeRole"));
        assert!(iam_action("sts:Assume?ole", "sts:AssumeRole"));
        assert!(iam_action("sts:AssumeRole*", "sts:AssumeRoleWithSAML"));
        assert!(!iam_action("sts:AssumeRole", "sts:AssumeRoleWithSAML"));
        assert!(!iam_action("sts:TagSession", "sts:AssumeRole"));
        // Glob syntax that is not IAM's is literal.
        assert!(!iam_action("sts:[A]ssumeRole", "sts:AssumeRole"));
        assert!(iam_action("a{b,c}", "a{b,c}"));
    }

    #[test]
    fn logs_values() {
        assert!(logs_value("*Policy*", "AttachRolePolicy"));
        assert!(!logs_value("Detach*", "AttachRolePolicy"));
        assert!(!logs_value("attachrolepolicy", "AttachRolePolicy"));
        assert!(!logs_value("Attach?olePolicy", "AttachRolePolicy"));
        assert!(logs_value("AttachRolePolicy", "AttachRolePolicy"));
    }
}
