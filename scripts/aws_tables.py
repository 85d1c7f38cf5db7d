#!/usr/bin/env python3
"""Regenerates crates/linter/src/tables/generated/aws.json from maintained packages.

    .venv/bin/python scripts/aws_tables.py           # rewrite the committed file
    .venv/bin/python scripts/aws_tables.py --check   # exit 1 when it differs (the tests run this)

Sources, both pinned in scripts/requirements-test.txt (scripts/test installs them into .venv):

- botocore's data/partitions.json and data/endpoints.json: every AWS partition and its regions.
- cfn-lint's data/schemas/extensions/aws_ec2_instance/instancetype_enum.json and
  aws_rds_dbinstance/dbinstanceclass_enum.json, which cfn-lint refreshes from the AWS price
  list: for each region, the EC2 instance types and the RDS for PostgreSQL classes offered.

Only the instance families Astro supports are kept (every size of them); a Rust test checks that
every type in Astronomer's hand-kept lists belongs to one of these families.
"""

import argparse
import importlib.metadata
import importlib.util
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "crates/linter/src/tables/generated/aws.json"
REQUIREMENTS = ROOT / "scripts/requirements-test.txt"

# The date of each pinned release (the timestamp of the files in its wheel), named in
# diagnostics as the date of the data. Bumping a pin in requirements-test.txt means adding its
# date here; the script refuses to run with a version it has no date for.
RELEASE_DATES = {
    ("botocore", "1.44.8"): "2026-11-20",
    ("cfn-lint", "1.58.0"): "2026-10-20",
}

EC2_FAMILIES = ["m5", "m5d", "m6i", "m6id", "r6i", "c6i", "t2", "t3"]
RDS_FAMILIES = ["db.m6g", "db.r6g", "db.r5", "db.m5"]
RDS_ENGINE = "postgres"

BOTOCORE_FILES = ["data/partitions.json", "data/endpoints.json"]
CFN_LINT_EC2 = "data/schemas/extensions/aws_ec2_instance/instancetype_enum.json"
CFN_LINT_RDS = "data/schemas/extensions/aws_rds_dbinstance/dbinstanceclass_enum.json"


def fail(message):
    print(f"aws_tables.py: {message}", file=sys.stderr)
    sys.exit(2)


def package_dir(module):
    """The directory of an installed package, without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        fail(f"the Python package `{module}` is not installed: run scripts/test, or "
             f"`.venv/bin/pip install -r {REQUIREMENTS.relative_to(ROOT)}`")
    return pathlib.Path(list(spec.submodule_search_locations)[0])


def pinned(distribution):
    """The version pinned in requirements-test.txt."""
    for line in REQUIREMENTS.read_text().splitlines():
        m = re.match(r"^\s*([A-Za-z0-9_.-]+)(\[[^\]]*\])?==([^\s#;]+)", line)
        if m and m.group(1).lower().replace("_", "-") == distribution:
            return m.group(3)
    fail(f"{distribution} is not pinned (`{distribution}==VERSION`) in {REQUIREMENTS.relative_to(ROOT)}")


def source(distribution, module, files):
    version = importlib.metadata.version(distribution)
    want = pinned(distribution)
    if version != want:
        fail(f"{distribution} {version} is installed but {want} is pinned: run scripts/test to install the pins")
    date = RELEASE_DATES.get((distribution, version))
    if date is None:
        fail(f"no release date known for {distribution} {version}: add it to RELEASE_DATES")
    return {"package": distribution, "version": version, "date": date,
            "files": [f"{module}/{f}" for f in files]}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def partitions(botocore):
    """Every partition with its regions, from partitions.json (ids, region names) and
    endpoints.json (partition names, and any region only it lists)."""
    parts = load(botocore / "data/partitions.json")["partitions"]
    endpoints = {p["partition"]: p for p in load(botocore / "data/endpoints.json")["partitions"]}
    out = []
    for p in parts:
        pid = p["id"]
        regions = {}
        for name, info in p.get("regions", {}).items():
            # `aws-global` and the like are endpoints, not regions.
            if re.fullmatch(p["regionRegex"], name):
                regions[name] = info.get("description", "")
        ep = endpoints.get(pid, {})
        for name, info in ep.get("regions", {}).items():
            if name not in regions and re.fullmatch(p["regionRegex"], name):
                regions[name] = info.get("description", "")
        out.append({
            "id": pid,
            "name": ep.get("partitionName", pid),
            "regions": dict(sorted(regions.items())),
        })
    out.sort(key=lambda p: (p["id"] != "aws", p["id"]))
    return out


SIZE_ORDER = ["nano", "micro", "small", "medium", "large", "xlarge"]


def size_key(size):
    if size in SIZE_ORDER:
        return (SIZE_ORDER.index(size), 0, size)
    m = re.fullmatch(r"(\d+)xlarge", size)
    if m:
        return (len(SIZE_ORDER), int(m.group(1)), size)
    return (len(SIZE_ORDER) + 1, 0, size)  # metal and the like last


def by_family(types, families):
    out = {}
    for t in types:
        family, _, size = t.rpartition(".")
        if family in families:
            out.setdefault(family, []).append(size)
    return {f: sorted(out[f], key=size_key) for f in families if f in out}


def ec2(cfn_lint):
    data = load(cfn_lint / CFN_LINT_EC2)
    out = {}
    for region, body in sorted(data.items()):
        if not isinstance(body, dict) or "enum" not in body or region == "all":
            continue
        out[region] = by_family(body["enum"], EC2_FAMILIES)
    return out


def rds(cfn_lint):
    data = load(cfn_lint / CFN_LINT_RDS)
    out = {}
    for region, body in sorted(data.items()):
        classes = set()
        for clause in body.get("allOf", []):
            engine = clause.get("if", {}).get("properties", {}).get("Engine", {})
            if engine.get("const") == RDS_ENGINE:
                classes.update(clause["then"]["properties"]["DBInstanceClass"]["enum"])
        out[region] = by_family(classes, RDS_FAMILIES)
    return out


def render(tables):
    """JSON with one line per partition region list and per region family, for short diffs."""
    def dump(v):
        return json.dumps(v, ensure_ascii=False)

    lines = ["{"]
    lines.append(f'  "comment": {dump(tables["comment"])},')
    lines.append('  "sources": [')
    lines.append(",\n".join(f"    {dump(s)}" for s in tables["sources"]))
    lines.append("  ],")
    lines.append('  "partitions": [')
    parts = []
    for p in tables["partitions"]:
        regions = ",\n".join(f"        {dump(k)}: {dump(v)}" for k, v in p["regions"].items())
        parts.append(f'    {{\n      "id": {dump(p["id"])},\n      "name": {dump(p["name"])},\n'
                     f'      "regions": {{\n{regions}\n      }}\n    }}')
    lines.append(",\n".join(parts))
    lines.append("  ],")
    for key, last in (("ec2", False), ("rdsPostgres", True)):
        section = tables[key]
        lines.append(f'  {dump(key)}: {{')
        lines.append(f'    "families": {dump(section["families"])},')
        lines.append('    "offered": {')
        regions = []
        for region, fams in section["offered"].items():
            body = ",\n".join(f"        {dump(f)}: {dump(s)}" for f, s in fams.items())
            regions.append(f"      {dump(region)}: {{\n{body}\n      }}" if body else f"      {dump(region)}: {{}}")
        lines.append(",\n".join(regions))
        lines.append("    }")
        lines.append("  }" + ("" if last else ","))
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate():
    botocore = package_dir("botocore")
    cfn_lint = package_dir("cfnlint")
    tables = {
        "comment": "Generated by scripts/aws_tables.py from the packages below; do not edit. "
                   "Regenerate with `.venv/bin/python scripts/aws_tables.py`.",
        "sources": [
            source("botocore", "botocore", BOTOCORE_FILES),
            source("cfn-lint", "cfnlint", [CFN_LINT_EC2, CFN_LINT_RDS]),
        ],
        "partitions": partitions(botocore),
        "ec2": {"families": EC2_FAMILIES, "offered": ec2(cfn_lint)},
        "rdsPostgres": {"families": RDS_FAMILIES, "offered": rds(cfn_lint)},
    }
    text = render(tables)
    assert json.loads(text) == tables, "render() must write the same data"
    # tables/aws.rs borrows every string from the embedded text, which an escape would prevent.
    if "\\" in text:
        fail("a string in the data needs a JSON escape; tables/aws.rs cannot borrow it")
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the committed file differs from what the installed packages give")
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT,
                        help=f"the file to write or check (default {OUTPUT.relative_to(ROOT)})")
    args = parser.parse_args()
    text = generate()
    output = args.output.resolve()
    rel = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    if args.check:
        committed = output.read_text(encoding="utf-8") if output.exists() else ""
        if committed != text:
            print(f"{rel} is stale: run `.venv/bin/python scripts/aws_tables.py` "
                  f"(or `UPDATE_GENERATED=1 cargo test --test integration aws_tables`)", file=sys.stderr)
            sys.exit(1)
        print(f"{rel} is current")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {rel}")


if __name__ == "__main__":
    main()
