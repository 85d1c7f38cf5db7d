use astro_preflight_facts::role::{
    LogGroup, MONITORED_EVENT_CROSS_ACCOUNT, MONITORED_EVENTS, MetricFilter, POLICY_NAME, ROLE_NAME,
};
use astro_preflight_manifest::InstallProfile;

use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;
use crate::wildcard;

rule! {
    /// The optional monitoring of the cross-account role's policies, which the install page
    /// describes, is not in place.
    ///
    /// ## What it checks
    ///
    /// The chain the install page sets up, and names its first missing link:
    ///
    /// 1. a CloudTrail trail that is multi-region, logging, and delivers to a CloudWatch Logs
    ///    group of this account (`cloudtrail:DescribeTrails`, `cloudtrail:GetTrailStatus`);
    /// 2. a metric filter on that group whose pattern covers the install profile's events
    ///    (`logs:DescribeMetricFilters`): `AttachRolePolicy`, `DetachRolePolicy`,
    ///    `SetPolicyVersion`, and for `install: cross-account-role` also
    ///    `CreatePolicyVersion`, for the role `astronomer-remote-management` or the policy
    ///    `AstronomerCrossAccountRole` (a pattern that does not narrow the role or policy
    ///    covers them too);
    /// 3. a CloudWatch alarm on that filter's metric with an action
    ///    (`cloudwatch:DescribeAlarms`).
    ///
    /// The help gives the page's filter pattern for the profile. Informational: the page
    /// calls this monitoring optional.
    ///
    /// ## Why
    ///
    /// The role lets Astronomer administer the account. Someone who changes its policies
    /// changes what Astronomer may do; the page advises being told when that happens.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// version: 1
    /// install: hybrid
    /// account:
    ///   id: "123456789012"
    /// cluster:
    ///   name: acme
    /// ```
    ///
    /// With a multi-region trail delivering to `CloudTrail/astro`, and no metric filter on that log
    /// group.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` and the older `astro/install-aws.md`
    /// (monitoring the cross-account role); AWS CloudTrail User Guide, "Creating CloudWatch
    /// alarms for CloudTrail events".
    id: "role-changes-unmonitored",
    severity: Info,
    kind: Online,
    facts: [ROLE_MONITORING],
    check: check,
}

/// The events to watch for a profile.
fn required_events(profile: Option<InstallProfile>) -> Vec<&'static str> {
    let mut events = MONITORED_EVENTS.to_vec();
    if profile == Some(InstallProfile::CrossAccountRole) {
        events.push(MONITORED_EVENT_CROSS_ACCOUNT);
    }
    events
}

/// The install page's filter pattern, with these events (the page lists the hybrid profile's;
/// the cross-account-role profile adds `CreatePolicyVersion`).
pub(crate) fn filter_pattern(events: &[&str]) -> String {
    let names: Vec<String> = events
        .iter()
        .map(|e| format!("$.eventName = {e}"))
        .collect();
    format!(
        "{{ ({}) && ($.requestParameters.policyArn = \"*OperationalBoundary*\" || $.requestParameters.policyArn = \"*{POLICY_NAME}\" || $.requestParameters.roleName = {ROLE_NAME}) }}",
        names.join(" || ")
    )
}

/// The value compared with `field` in a JSON filter pattern, each with whether the comparison
/// is `=` (rather than `!=`).
fn comparisons<'a>(pattern: &'a str, field: &str) -> Vec<(bool, &'a str)> {
    let mut found = Vec::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(field) {
        let after = &rest[at + field.len()..];
        rest = after;
        // The field must end there (`$.eventName`, not `$.eventNameX`).
        if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let after = after.trim_start();
        let (equal, after) = if let Some(a) = after.strip_prefix("!=") {
            (false, a)
        } else if let Some(a) = after.strip_prefix('=') {
            (true, a)
        } else {
            continue;
        };
        let after = after.trim_start();
        let value = if let Some(quoted) = after.strip_prefix('"') {
            quoted.split('"').next().unwrap_or_default()
        } else {
            let end = after
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '}' | '&' | '|'))
                .unwrap_or(after.len());
            &after[..end]
        };
        found.push((equal, value));
    }
    found
}

/// Whether every field a JSON pattern compares (`$.FIELD...`) starts with one of `allowed`.
fn only_fields(pattern: &str, allowed: &[&str]) -> bool {
    pattern
        .split("$.")
        .skip(1)
        .all(|field| allowed.iter().any(|a| field.starts_with(a)))
}

/// The required events a pattern does not cover, and whether it covers the role or the
/// policy.
fn coverage<'a>(pattern: &str, events: &[&'a str]) -> (Vec<&'a str>, bool) {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return (Vec::new(), true); // An empty pattern matches every event.
    }
    if !pattern.starts_with('{') {
        // A text pattern: the events must appear among its terms.
        let missing = events
            .iter()
            .copied()
            .filter(|e| !pattern.contains(e))
            .collect();
        return (missing, true);
    }
    let names = comparisons(pattern, "$.eventName");
    let missing = if names.is_empty() && only_fields(pattern, &["eventSource", "requestParameters"])
    {
        // Not narrowed to some events (nor by anything that would exclude these): all of them.
        Vec::new()
    } else {
        events
            .iter()
            .copied()
            .filter(|e| {
                !names
                    .iter()
                    .any(|(eq, v)| *eq && wildcard::logs_value(v, e))
            })
            .collect()
    };
    let narrowed = pattern.contains("$.requestParameters");
    let target = !narrowed || pattern.contains(ROLE_NAME) || pattern.contains(POLICY_NAME);
    (missing, target)
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(monitoring) = cx.facts.and_then(|f| f.role_monitoring.value()) else {
        return;
    };
    let events = required_events(cx.profile);
    let profile = cx.profile.map_or("hybrid", InstallProfile::as_str);
    let help = format!(
        "as the install page describes: a multi-region CloudTrail trail delivering to CloudWatch Logs, a metric filter on its log group with the pattern `{}` ({profile} install), and a CloudWatch alarm with an action (e.g. an SNS topic) on the filter's metric",
        filter_pattern(&events)
    );
    let mut report = |message: String| {
        out.push(
            cx.finding(ACCOUNT_ID, message)
                .with_help(help.clone())
                .with_label("role changes not monitored"),
        );
    };

    let groups: Vec<&LogGroup> = monitoring
        .trails
        .iter()
        .filter(|t| t.multi_region && t.logging == Some(true))
        .filter_map(|t| t.log_group.as_ref())
        .collect();
    if groups.is_empty() {
        let why = if monitoring.trails.is_empty() {
            "the account has no CloudTrail trail".to_owned()
        } else {
            format!(
                "no CloudTrail trail of the account is multi-region, logging, and delivering to a CloudWatch Logs group of this account ({} trail(s) found)",
                monitoring.trails.len()
            )
        };
        report(format!(
            "changes to the policies of the role {ROLE_NAME} are not monitored: {why}"
        ));
        return;
    }

    let filters: Vec<(&LogGroup, &MetricFilter, Vec<&str>, bool)> = groups
        .iter()
        .flat_map(|g| {
            g.metric_filters.iter().map(|f| {
                let (missing, target) = coverage(&f.pattern, &events);
                (*g, f, missing, target)
            })
        })
        .collect();
    let covering: Vec<&MetricFilter> = filters
        .iter()
        .filter(|(_, _, missing, target)| missing.is_empty() && *target)
        .map(|(_, f, _, _)| *f)
        .collect();
    if covering.is_empty() {
        let group_names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        // The closest filter: about the role or policy, missing the fewest events.
        let closest = filters
            .iter()
            .filter(|(_, _, missing, target)| *target && missing.len() < events.len())
            .min_by_key(|(_, _, missing, _)| missing.len());
        let why = match closest {
            Some((_, f, missing, _)) => format!(
                "the metric filter {} does not cover {} ({profile} install)",
                f.name,
                missing.join(", ")
            ),
            None => format!(
                "no metric filter on the log group {} covers {} for the role or the policy {POLICY_NAME}",
                group_names.join(", "),
                events.join(", ")
            ),
        };
        report(format!(
            "changes to the policies of the role {ROLE_NAME} are not monitored: {why}"
        ));
        return;
    }

    let alarmed = covering.iter().any(|f| {
        f.metrics
            .iter()
            .any(|m| m.alarms.iter().any(|a| a.actions > 0 && a.actions_enabled))
    });
    if !alarmed {
        let metrics: Vec<String> = covering
            .iter()
            .flat_map(|f| f.metrics.iter())
            .map(|m| format!("{}/{}", m.namespace, m.name))
            .collect();
        let on = if metrics.is_empty() {
            String::from("the metric filter feeds no metric")
        } else {
            format!(
                "no CloudWatch alarm with an action watches {}",
                metrics.join(", ")
            )
        };
        report(format!(
            "changes to the policies of the role {ROLE_NAME} are not monitored: the metric filter {} covers them, but {on}",
            covering[0].name
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_pattern_covers_its_profile() {
        for profile in [InstallProfile::Hybrid, InstallProfile::CrossAccountRole] {
            let events = required_events(Some(profile));
            let pattern = filter_pattern(&events);
            assert_eq!(coverage(&pattern, &events), (vec![], true), "{pattern}");
        }
        let hybrid = filter_pattern(&required_events(Some(InstallProfile::Hybrid)));
        let cross = required_events(Some(InstallProfile::CrossAccountRole));
        assert_eq!(
            coverage(&hybrid, &cross),
            (vec![MONITORED_EVENT_CROSS_ACCOUNT], true)
        );
    }

    #[test]
    fn the_install_pages_own_text_covers_the_hybrid_profile() {
        // As printed on astro/install-aws-hybrid.md (two spaces included).
        let page = r#"{ ($.eventName = AttachRolePolicy || $.eventName = DetachRolePolicy || $.eventName = SetPolicyVersion) && ($.requestParameters.policyArn = "*OperationalBoundary*" || $.requestParameters.policyArn = "*AstronomerCrossAccountRole"  || $.requestParameters.roleName = astronomer-remote-management) }"#;
        let hybrid = required_events(Some(InstallProfile::Hybrid));
        assert_eq!(coverage(page, &hybrid), (vec![], true));
        let cross = required_events(Some(InstallProfile::CrossAccountRole));
        assert_eq!(
            coverage(page, &cross),
            (vec![MONITORED_EVENT_CROSS_ACCOUNT], true)
        );
    }

    #[test]
    fn patterns_are_read_as_cloudwatch_does() {
        let events = required_events(Some(InstallProfile::Hybrid));
        // Every IAM event, any role: covers.
        assert_eq!(
            coverage("{ $.eventSource = iam.amazonaws.com }", &events),
            (vec![], true)
        );
        assert_eq!(
            coverage("{ $.errorCode = AccessDenied }", &events).0.len(),
            3
        );
        assert_eq!(
            coverage(
                "{ $.eventName = *RolePolicy || $.eventName=SetPolicyVersion }",
                &events
            ),
            (vec![], true)
        );
        // Excluded, not included.
        assert_eq!(
            coverage("{ $.eventName != AttachRolePolicy }", &events)
                .0
                .len(),
            3
        );
        // Another role.
        let other = "{ ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = SetPolicyVersion) && $.requestParameters.roleName = other }";
        assert_eq!(coverage(other, &events), (vec![], false));
        assert_eq!(coverage("", &events), (vec![], true));
    }
}
