//! Rule documentation as Markdown: `astro-preflight rules RULE` and `docs/rules/RULE.md`.

use astro_preflight_manifest::defaults;

use crate::registry::Rule;

/// The Markdown page of a rule.
pub fn rule_page(rule: &Rule) -> String {
    let mut doc = rule.documentation();
    // The first paragraph is the summary; the page starts with a header table.
    let rest = doc
        .split_once("\n\n")
        .map(|(_, r)| r.to_owned())
        .unwrap_or_default();
    let summary = rule.summary();
    doc = format!(
        "# {id}\n\n{summary}\n\n| default severity | needs | can be suppressed |\n|---|---|---|\n| {severity} | {kind} | {supp} |\n\n{rest}\n",
        id = rule.id,
        severity = rule.default_severity.as_str(),
        kind = match rule.kind {
            crate::RuleKind::Online => "live AWS facts (`--online` or `--facts`)",
            _ => "the manifest only",
        },
        supp = if rule.suppressible { "yes" } else { "no" },
    );
    // The data tables the rule reads, with their sources and dates.
    if let Some(data) = crate::tables::sources::data_section(rule) {
        doc.push('\n');
        doc.push_str(&data);
    }
    doc
}

/// The index page `docs/rules/README.md`.
pub fn index_page() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from the rules' own documentation (`astro-preflight rules`); do not edit by hand.\n\n| rule | default | needs | what it checks |\n|---|---|---|---|\n",
    );
    for rule in crate::registry::all() {
        out.push_str(&format!(
            "| [`{id}`]({id}.md) | {sev} | {kind} | {summary} |\n",
            id = rule.id,
            sev = rule.default_severity.as_str(),
            kind = rule.kind.as_str(),
            summary = rule.summary().replace('|', "\\|"),
        ));
    }
    out.push_str("\n## Astronomer's defaults\n\nWhat a cluster gets for each field the manifest does not set; the rules check the effective value.\n\n| field | hybrid | cross-account-role |\n|---|---|---|\n");
    let (h, c) = (&defaults::HYBRID, &defaults::CROSS_ACCOUNT_ROLE);
    let rows = [
        ("`cluster.region`", h.region.to_owned(), c.region.to_owned()),
        (
            "`cluster.vpcCidr`",
            h.vpc_cidr.to_owned(),
            c.vpc_cidr.to_owned(),
        ),
        (
            "smallest VPC",
            format!("/{}", h.max_vpc_prefix),
            format!("/{}", c.max_vpc_prefix),
        ),
        (
            "`cluster.nodeInstanceType`",
            h.node_instance_type.to_owned(),
            c.node_instance_type.to_owned(),
        ),
        (
            "`cluster.maxNodeCount`",
            h.max_node_count.to_string(),
            c.max_node_count.to_string(),
        ),
        (
            "`cluster.dbInstanceType`",
            h.db_instance_type.unwrap_or("(not taken)").to_owned(),
            c.db_instance_type.unwrap_or("(not taken)").to_owned(),
        ),
    ];
    for (field, hybrid, cross) in rows {
        out.push_str(&format!("| {field} | {hybrid} | {cross} |\n"));
    }
    out
}
