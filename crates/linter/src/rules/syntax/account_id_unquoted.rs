use crate::context::{Context, Emitter, ACCOUNT_ID};
use crate::registry::rule;

rule! {
    /// `account.id` is written as a YAML number, so leading zeros are lost: quote it.
    ///
    /// ## What it checks
    ///
    /// That the account ID is a quoted string. An unquoted `012345678901` is the integer
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
    /// ## Source
    ///
    /// AWS account IDs are 12 digits and may start with 0 (AWS "Viewing AWS account
    /// identifiers"); YAML 1.2 core schema integer resolution.
    id: "account-id-unquoted",
    severity: Error,
    kind: Offline,
    supersedes_schema: true,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(value) = cx.parsed.json.pointer(ACCOUNT_ID) else { return };
    if !value.is_number() {
        return;
    }
    let written = cx.document.source[cx.span_of(ACCOUNT_ID).range()].trim();
    let all_digits = !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit());
    let message = if all_digits && written.starts_with('0') {
        format!("`account.id` is written as the number {written}, which YAML reads as {value}: the leading zeros are lost")
    } else {
        format!("`account.id` is written as the number {written}; an account ID must be a quoted string")
    };
    let help = if all_digits && written.len() == 12 {
        format!("quote it: `id: \"{written}\"`")
    } else {
        "quote the 12-digit account ID, e.g. `id: \"012345678901\"`".to_owned()
    };
    out.push(cx.finding(ACCOUNT_ID, message).with_help(help).with_label("a YAML number"));
}
