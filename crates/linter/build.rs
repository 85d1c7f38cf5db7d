//! Turns the generated AWS tables (`src/tables/generated/aws.json`, written by
//! `scripts/aws_tables.py`) into Rust statics, `$OUT_DIR/aws_tables.rs`, included by
//! `src/tables/aws.rs`: a run looks a region or an instance type up in sorted slices instead of
//! parsing JSON first (that parse was a fifth of a one-manifest check's instructions).
//!
//! Every map becomes a slice sorted by key (the order of the `BTreeMap`s it replaces); a
//! region's sizes keep the file's order (smallest first).

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Map, Value};

const TABLES: &str = "src/tables/generated/aws.json";

fn main() {
    println!("cargo::rerun-if-changed={TABLES}");
    let text = std::fs::read_to_string(TABLES).expect("read src/tables/generated/aws.json");
    let json: Value = serde_json::from_str(&text).expect("aws.json is JSON");
    let mut out = String::from("AwsTables {\n    sources: &[\n");
    for source in array(&json["sources"]) {
        writeln!(
            out,
            "        Source {{ package: {:?}, version: {:?}, date: {:?}, files: &{:?} }},",
            string(&source["package"]),
            string(&source["version"]),
            string(&source["date"]),
            strings(&source["files"]),
        )
        .unwrap();
    }
    out.push_str("    ],\n    partitions: &[\n");
    for partition in array(&json["partitions"]) {
        let regions: Vec<(&str, &str)> = sorted(&partition["regions"])
            .into_iter()
            .map(|(name, description)| (name, string(description)))
            .collect();
        writeln!(
            out,
            "        Partition {{ id: {:?}, name: {:?}, regions: &{regions:?} }},",
            string(&partition["id"]),
            string(&partition["name"]),
        )
        .unwrap();
    }
    out.push_str("    ],\n");
    for (field, key) in [("ec2", "ec2"), ("rds_postgres", "rdsPostgres")] {
        let section = &json[key];
        write!(
            out,
            "    {field}: Offerings {{\n        families: &{:?},\n        offered: &[\n",
            strings(&section["families"])
        )
        .unwrap();
        for (region, families) in sorted(&section["offered"]) {
            let families: Vec<(&str, Vec<&str>)> = sorted(families)
                .into_iter()
                .map(|(family, sizes)| (family, strings(sizes)))
                .collect();
            let families = families
                .iter()
                .map(|(family, sizes)| format!("({family:?}, &{sizes:?})"))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(out, "            ({region:?}, &[{families}]),").unwrap();
        }
        out.push_str("        ],\n    },\n");
    }
    out.push_str("}\n");
    let path = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("aws_tables.rs");
    std::fs::write(path, out).expect("write aws_tables.rs");
}

fn array(value: &Value) -> &[Value] {
    value.as_array().expect("an array in aws.json")
}

fn string(value: &Value) -> &str {
    value.as_str().expect("a string in aws.json")
}

fn strings(value: &Value) -> Vec<&str> {
    array(value).iter().map(string).collect()
}

fn sorted(value: &Value) -> Vec<(&str, &Value)> {
    let map: &Map<String, Value> = value.as_object().expect("an object in aws.json");
    let mut entries: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    entries.sort_by_key(|(k, _)| *k);
    entries
}
