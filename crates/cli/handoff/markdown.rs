//! The hand-off as Markdown: for a support request or a pull-request comment.

use super::document::{Handoff, Valued};
use super::prerequisites::Status;
use crate::render;

/// The Markdown of a hand-off of the manifest at `path`.
pub fn render(handoff: &Handoff, path: &str) -> String {
    let mut md = String::new();
    let valued = |v: &Valued<String>| format!("{}{}", cell(&v.value), default(v.defaulted));
    md.push_str(&format!(
        "## Astro install: {} ({})\n\n",
        cell(&handoff.cluster_name),
        handoff.install.as_str()
    ));
    md.push_str("| Setting | Value |\n|---|---|\n");
    md.push_str(&format!(
        "| AWS account ID | {} |\n",
        cell(&handoff.account_id)
    ));
    md.push_str(&format!(
        "| Cluster name | {} |\n",
        cell(&handoff.cluster_name)
    ));
    if let Some(org) = &handoff.organization {
        md.push_str(&format!("| Astro organization | {} |\n", cell(org)));
    }
    md.push_str(&format!("| Region | {} |\n", valued(&handoff.region)));
    md.push_str(&format!(
        "| Node instance type | {} |\n",
        valued(&handoff.node_instance_type)
    ));
    md.push_str(&format!(
        "| Maximum node count | {}{} |\n",
        handoff.max_node_count.value,
        default(handoff.max_node_count.defaulted)
    ));
    if let Some(db) = &handoff.db_instance_type {
        md.push_str(&format!("| RDS instance type | {} |\n", valued(db)));
    }
    md.push_str(&format!("| VPC CIDR | {} |\n", valued(&handoff.vpc_cidr)));
    md.push_str("\n### VPC peering\n\n");
    if handoff.peering.is_empty() {
        md.push_str("No VPC peering requested.\n");
    } else {
        md.push_str(
            "| VPC ID | Region | Account | Subnet CIDRs | DNS servers |\n|---|---|---|---|---|\n",
        );
        for p in &handoff.peering {
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&p.vpc_id),
                cell(&p.region),
                cell(&p.account_id),
                cell(&p.cidrs.join(", ")),
                cell(&p.dns_servers.join(", "))
            ));
        }
    }
    md.push_str("\n### Prerequisites\n\n");
    for p in &handoff.prerequisites {
        let (mark, word) = match p.status {
            Status::Verified => ("x", "verified"),
            Status::Warning => ("x", "verified, with warnings"),
            Status::ToConfirm => (" ", "to confirm by hand"),
        };
        md.push_str(&format!(
            "- [{mark}] **{}**: {word}. {}\n",
            p.title,
            cell(&p.detail)
        ));
    }
    if handoff.suppressed > 0 {
        md.push_str(&format!(
            "\n{} finding(s) silenced by `# preflight-ignore` comments in the manifest: a prerequisite marked verified may be concerned.\n",
            handoff.suppressed
        ));
    }
    md.push_str(&format!(
        "\n_From `{}` by astro-preflight {}, checked {}._\n",
        cell(path).replace('`', "'"),
        env!("CARGO_PKG_VERSION"),
        cell(&handoff.checked)
    ));
    md
}

fn default(defaulted: bool) -> &'static str {
    if defaulted {
        " (Astronomer's default)"
    } else {
        ""
    }
}

/// Text for a Markdown table cell or list item: one line, no pipe, no control character.
fn cell(text: &str) -> String {
    render::sanitize_message(text)
        .replace(['\n', '\r'], " ")
        .replace('|', "\\|")
}
