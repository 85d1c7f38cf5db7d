use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::registry::rule;

rule! {
    /// `account.id` is written as a YAML number, so leading zeros are lost: quote it.
    ///
    /// ## What it checks
    ///
    /// That the account ID is a quoted string: `account.id`, and each `peering[].accountId`. An unquoted `012345678901` is the integer
    /// 12345678901 to every YAML parser: 11 digits, another account.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// account:
    ///   id: 012345678901     # the integer 12345678901
    /// ```
    ///
    /// Write `id: "012345678901"`.
    ///
    /// ## Fix
    ///
    /// Safe (`check --fix`): the digits are quoted exactly as written, so a leading zero comes
    /// back: `id: 012345678901` becomes `id: "012345678901"`.
    ///
    /// ## Source
    ///
    /// AWS account IDs are 12 digits and may start with 0 (AWS "Viewing AWS account
    /// identifiers"); YAML 1.2 core schema integer resolution.
    id: "account-id-unquoted",
    severity: Error,
    kind: Offline,
    supersedes_schema: true,
    fix: Safe,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    check_at(cx, out, ACCOUNT_ID);
    let entries = astro_preflight_manifest::pointer::get(&cx.parsed.json, "/peering")
        .and_then(|p| p.as_array())
        .map_or(&[][..], Vec::as_slice);
    for (index, entry) in entries.iter().enumerate() {
        // Only a number is reported: the pointer is written for those alone.
        if entry.get("accountId").is_some_and(|id| id.is_number()) {
            check_at(cx, out, &format!("/peering/{index}/accountId"));
        }
    }
}

/// The account ID at `pointer`, when it is a YAML number.
fn check_at(cx: &Context<'_>, out: &mut Emitter<'_, '_>, pointer: &str) {
    let Some(value) = astro_preflight_manifest::pointer::get(&cx.parsed.json, pointer) else {
        return;
    };
    if !value.is_number() {
        return;
    }
    let name = astro_preflight_manifest::pointer::dotted(pointer);
    let span = cx.span_of(pointer);
    let written = cx.document.source[span.range()].trim();
    let all_digits = !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit());
    let message = if all_digits && written.starts_with('0') {
        format!(
            "`{name}` is written as the number {written}, which YAML reads as {value}: the leading zeros are lost"
        )
    } else {
        format!(
            "`{name}` is written as the number {written}; an account ID must be a quoted string"
        )
    };
    let help = if all_digits && written.len() == 12 {
        format!(
            "quote it: `{}: \"{written}\"`",
            pointer.rsplit('/').next().unwrap_or("id")
        )
    } else {
        "quote the 12-digit account ID, e.g. `id: \"012345678901\"`".to_owned()
    };
    let mut d = cx
        .finding(pointer, message)
        .with_help(help)
        .with_label("a YAML number");
    // Quote the digits exactly as written, so that leading zeros come back.
    let raw = &cx.document.source[span.range()];
    if all_digits && cx.parsed.spans.get(pointer).is_some() {
        let start = span.start + (raw.len() - raw.trim_start().len());
        d = d.with_fix(Fix {
            message: format!("quote the account ID: \"{written}\""),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                span: astro_preflight_manifest::Span::new(start, start + written.len()),
                replacement: format!("\"{written}\""),
            }],
        });
    }
    out.push(d);
}
