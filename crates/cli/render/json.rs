//! `--format json`: the stable interface of SPEC section 3.

use std::io::{self, Write};

use astro_preflight_linter::Diagnostic;
use serde_json::{json, Map, Value};

use crate::report::Report;

/// The JSON value of one diagnostic.
pub fn diagnostic_value(d: &Diagnostic) -> Value {
    let mut v = json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "pointer": d.pointer,
        "line": d.location.start.line,
        "column": d.location.start.column,
        "endLine": d.location.end.line,
        "endColumn": d.location.end.column,
    });
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .map(|r| {
                json!({
                    "message": r.message,
                    "pointer": r.pointer,
                    "line": r.location.start.line,
                    "column": r.location.start.column,
                    "endLine": r.location.end.line,
                    "endColumn": r.location.end.column,
                })
            })
            .collect();
        v["related"] = Value::Array(related);
    }
    v
}

pub fn report_value(report: &Report) -> Value {
    let files: Vec<Value> = report
        .outcomes
        .iter()
        .map(|o| {
            let mut file = Map::new();
            file.insert("path".into(), Value::String(o.path.clone()));
            match &o.result {
                Ok(result) => {
                    file.insert("diagnostics".into(), result.diagnostics.iter().map(diagnostic_value).collect());
                }
                Err(message) => {
                    file.insert("diagnostics".into(), Value::Array(Vec::new()));
                    file.insert("error".into(), Value::String(message.clone()));
                }
            }
            Value::Object(file)
        })
        .collect();
    let s = report.summary();
    json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": s.files,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "suppressed": s.suppressed,
        },
    })
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, &report_value(report))
}
