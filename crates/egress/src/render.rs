//! The report: JSON (a stable interface) and text for people.

use serde_json::{Value, json};

use crate::{Report, domains};

/// `{"version": 1, "hosts": [...], "summary": {...}}`.
pub fn json(report: &Report) -> Value {
    let hosts: Vec<Value> = report
        .hosts
        .iter()
        .map(|h| {
            let mut host = json!({
                "host": h.host,
                "port": h.port,
                "ok": h.failure.is_none(),
                "failure": h.failure.map(|f| f.as_str()),
                "message": h.message,
                "addresses": h.addresses.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "httpStatus": h.http_status,
                "connectTo": h.connect_to,
                "proxy": h.proxy,
                "certificate": h.certificate.as_ref().map(|c| json!({"issuer": c.issuer, "subject": c.subject, "sha256": c.sha256})),
                "notes": h.notes,
                "elapsedMs": u64::try_from(h.elapsed.as_millis()).unwrap_or(u64::MAX),
            });
            if let Some(map) = host.as_object_mut() {
                for key in ["connectTo", "proxy", "certificate"] {
                    if map.get(key).is_some_and(Value::is_null) {
                        map.remove(key);
                    }
                }
            }
            host
        })
        .collect();
    json!({
        "version": 1,
        "proxy": report.proxy,
        "unusedConnectTo": report.unused_connect_to,
        "domains": {"source": domains::SOURCE, "asOf": domains::AS_OF},
        "hosts": hosts,
        "summary": {"hosts": report.hosts.len(), "ok": report.ok(), "failed": report.hosts.len() - report.ok()},
    })
}

/// One line per host, then the notes and a summary.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    match &report.proxy {
        Some(proxy) => out.push_str(&format!("proxy in use: {proxy}\n")),
        None => out.push_str(
            "no proxy (https_proxy, HTTPS_PROXY, all_proxy and ALL_PROXY are unset or empty)\n",
        ),
    }
    for mapping in &report.unused_connect_to {
        out.push_str(&format!(
            "note: --connect-to {mapping} applies to none of the hosts checked\n"
        ));
    }
    let width = report
        .hosts
        .iter()
        .map(|h| h.host.len() + 1 + h.port.to_string().len())
        .max()
        .unwrap_or(0);
    for h in &report.hosts {
        let name = format!("{}:{}", h.host, h.port);
        let verdict = match h.failure {
            None => "ok".to_owned(),
            Some(f) => format!("FAIL {}", f.as_str()),
        };
        let mut line = format!("{verdict:12} {name:width$}  {}", h.message);
        if let Some(to) = &h.connect_to {
            line.push_str(&format!(" [--connect-to {to}]"));
        }
        out.push_str(&line);
        out.push('\n');
        for note in &h.notes {
            out.push_str(&format!("{:12} {:width$}  note: {note}\n", "", ""));
        }
    }
    let ok = report.ok();
    let failed = report.hosts.len() - ok;
    out.push_str(&format!(
        "{} hosts checked: {ok} reachable, {failed} not reachable (Astronomer's allowlist as of {})\n",
        report.hosts.len(),
        domains::AS_OF
    ));
    out
}
