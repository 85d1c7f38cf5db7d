"""Deterministic benchmark manifests: a realistic mix of valid and broken install manifests.

``manifest(i)`` depends on ``i`` alone, so the 1,000-manifest corpus is the first 1,000 files of
the 10,000 one and every run of the benchmark checks the same bytes. About 60% of the files are
valid (hybrid and cross-account-role, full or relying on defaults); most files peer with 1-4
VPCs, each entry with 1-4 CIDRs and 1-3 DNS servers, in flow or block sequences; the rest carry one or two of the problems users make: CIDRs too small, overlapping or with host bits,
opt-in or unsupported regions, unsupported or burstable instance types, schema errors (typos,
wrong types, missing keys, unquoted account IDs), external IDs, suppression comments and YAML
syntax errors. Every file has a top-level ``install:`` key, so a directory walk finds it.
"""

from __future__ import annotations

import random
from pathlib import Path

# Bump when the generated text changes, so that existing corpora are regenerated.
VERSION = 2

WORDS = [
    "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell",
    "cyberdyne", "soylent", "vandelay", "aperture", "monarch", "oscorp", "gringotts",
]  # fmt: skip
ENVS = ["prod", "stage", "dev", "qa", "data", "ml"]
REGIONS = [
    "us-east-1", "us-east-1", "us-east-1", "us-east-2", "us-west-2", "us-west-2", "eu-west-1",
    "eu-central-1", "eu-west-2", "ap-southeast-2", "ap-northeast-1", "ap-south-1", "ca-central-1",
    "sa-east-1",
]  # fmt: skip
SHORT = {
    "us-east-1": "use1", "us-east-2": "use2", "us-west-2": "usw2", "eu-west-1": "euw1",
    "eu-central-1": "euc1", "eu-west-2": "euw2", "ap-southeast-2": "apse2",
    "ap-northeast-1": "apne1", "ap-south-1": "aps1", "ca-central-1": "cac1", "sa-east-1": "sae1",
}  # fmt: skip
NODE_TYPES = ["m5.xlarge", "m5.2xlarge", "m5.4xlarge", "m6i.xlarge", "m6i.2xlarge", "m5d.2xlarge"]
DB_TYPES = ["db.m6g.large", "db.m6g.xlarge", "db.r6g.large", "db.r5.xlarge"]

# The problems a broken manifest may have, with their relative frequency.
PROBLEMS = [
    ("cidr-too-small", 6), ("cidr-host-bits", 5), ("cidr-overlap", 5), ("peering-not-private", 3),
    ("peering-dns-outside", 3), ("peering-cidr-overlap", 2), ("region-opt-in", 4),
    ("region-unsupported", 3), ("instance-burstable", 4), ("instance-unsupported", 4),
    ("db-unsupported", 3), ("db-ignored", 2), ("unknown-key", 6), ("wrong-type", 4),
    ("missing-name", 3), ("bad-name", 4), ("account-unquoted", 4), ("external-id", 2),
    ("bad-vpc-id", 2), ("suppressed", 3), ("duplicate-key", 3), ("syntax", 3),
]  # fmt: skip
SYNTAX = {"duplicate-key", "syntax"}


def _pick_problems(rng: random.Random) -> list[str]:
    names = [p for p, _ in PROBLEMS]
    weights = [w for _, w in PROBLEMS]
    first = rng.choices(names, weights)[0]
    if first in SYNTAX or rng.random() < 0.6:
        return [first]
    second = rng.choices(names, weights)[0]
    return [first] if second in SYNTAX or second == first else [first, second]


def manifest(i: int) -> str:
    """The text of manifest number ``i``."""
    rng = random.Random(i * 7919 + 17)
    problems = _pick_problems(rng) if rng.random() < 0.4 else []
    install = "cross-account-role" if rng.random() < 0.35 else "hybrid"
    region = rng.choice(REGIONS)
    company = rng.choice(WORDS)
    env = rng.choice(ENVS)
    name = f"{company}-{env}-{SHORT[region]}-{i}"
    account = "".join(rng.choice("0123456789") for _ in range(12))
    full = rng.random() < 0.7
    prefix = 19 if install == "cross-account-role" else 20
    vpc_cidr = f"172.{rng.choice([16, 18, 20, 24, 28])}.0.0/{rng.choice([prefix, prefix, 18, 16])}"
    node = rng.choice(NODE_TYPES)
    nodes = rng.choice([10, 20, 20, 30, 50])
    db = rng.choice(DB_TYPES) if install == "hybrid" else None
    peerings = []
    for n in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
        second = 10 + (i * 3 + n) % 200
        # 10.<second>.0.0/16 first, then /20s of 192.168.0.0/16 (a quarter of it per entry, so
        # the entries of one manifest never overlap); DNS servers inside them.
        cidrs = [f"10.{second}.0.0/16"] + [f"192.168.{n * 64 + k * 16}.0/20" for k in range(rng.choice([0, 1, 1, 2, 3]))]
        dns = [f"10.{second}.0.2", f"10.{second}.0.3", f"192.168.{n * 64}.2"][: rng.choice([1, 2, 2, 3])]
        if len(cidrs) == 1:
            dns = dns[:2]
        peerings.append({
            "vpcId": "vpc-" + "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([8, 17, 17]))),
            "region": region if rng.random() < 0.8 else rng.choice(REGIONS),
            "cidrs": cidrs,
            "dnsServers": dns,
            "block": rng.random() < 0.3,
        })  # fmt: skip

    comments: dict[str, str] = {}
    extra: dict[str, list[str]] = {"account": [], "cluster": []}
    account_line = f'  id: "{account}"'
    name_line = f"  name: {name}"
    nodes_line = f"  maxNodeCount: {nodes}"
    top_extra: list[str] = []
    for problem in problems:
        if problem == "cidr-too-small":
            vpc_cidr = f"172.20.0.0/{rng.choice([21, 22, 24])}"
            full = True
        elif problem == "cidr-host-bits":
            vpc_cidr = f"172.20.{rng.choice([1, 4, 8])}.0/{prefix}"
            full = True
        elif problem == "cidr-overlap":
            vpc_cidr = f"10.{20 + i % 50}.0.0/{prefix}"
            full = True
            peerings = peerings or [_peering(rng, region, i)]
            peerings[0]["cidrs"] = [f"10.{20 + i % 50}.0.0/16"]
            peerings[0]["dnsServers"] = [f"10.{20 + i % 50}.0.2"]
        elif problem == "peering-not-private":
            peerings = peerings or [_peering(rng, region, i)]
            peerings[0]["cidrs"] = peerings[0]["cidrs"] + [f"{rng.choice([8, 52, 100])}.{i % 250}.0.0/24"]
        elif problem == "peering-dns-outside":
            peerings = peerings or [_peering(rng, region, i)]
            peerings[0]["dnsServers"] = ["192.0.2.53"]
        elif problem == "peering-cidr-overlap":
            peerings = peerings or [_peering(rng, region, i)]
            base = peerings[0]["cidrs"][0]
            peerings[0]["cidrs"] = [base, base.replace("/16", "/24")]
        elif problem == "region-opt-in":
            region = rng.choice(["eu-south-1", "ap-east-1", "me-south-1", "af-south-1"])
            full = True
        elif problem == "region-unsupported":
            region = rng.choice(["us-gov-west-1", "cn-north-1", "eu-north-1", "us-east-3", "mars-north-1"])
            full = True
        elif problem == "instance-burstable":
            node = rng.choice(["t3.xlarge", "t3.2xlarge", "t2.xlarge"])
            full = True
        elif problem == "instance-unsupported":
            node = rng.choice(["m5.large", "c5.xlarge", "r5.2xlarge", "m7g.xlarge"])
            full = True
        elif problem == "db-unsupported":
            install, db = "hybrid", rng.choice(["db.t3.medium", "db.m5.large", "db.r7g.large"])
            full = True
        elif problem == "db-ignored":
            install, db = "cross-account-role", rng.choice(DB_TYPES)
            full = True
        elif problem == "unknown-key":
            typo = rng.choice(["vpcCIDR", "nodeType", "maxNodes", "regoin", "dbInstance"])
            extra["cluster"].append(f"  {typo}: {rng.choice(['172.20.0.0/20', 'm5.xlarge', '10', 'us-east-1'])}")
        elif problem == "wrong-type":
            nodes_line = f'  maxNodeCount: "{nodes}"' if rng.random() < 0.5 else "  maxNodeCount: 20.5"
            full = True
        elif problem == "missing-name":
            name_line = ""
        elif problem == "bad-name":
            name_line = f"  name: {company.capitalize()}_{env.upper()}"
        elif problem == "account-unquoted":
            account_line = f"  id: {account if account[0] != '0' else '0' + account[1:]}"
        elif problem == "external-id":
            extra["account"].append(f"  externalId: {''.join(rng.choice('0123456789abcdef') for _ in range(32))}")
        elif problem == "bad-vpc-id":
            peerings = peerings or [_peering(rng, region, i)]
            peerings[0]["vpcId"] = "vpc-" + "".join(rng.choice("0123456789abcdef") for _ in range(12))
        elif problem == "suppressed":
            vpc_cidr = f"172.20.2.0/{prefix}"
            full = True
            comments["vpcCidr"] = "  # preflight-ignore: cidr-host-bits -- shared with the VPN team"
        elif problem == "duplicate-key":
            extra["cluster"].append(f"  region: {rng.choice(REGIONS)}")
            full = True
        elif problem == "syntax":
            top_extra.append(rng.choice(["peering: [vpc-1, {", "cluster:\n\tname: tabbed", "version: 1"]))

    lines = [
        "# yaml-language-server: $schema=../../../schemas/install-manifest.schema.json",
        f"# Astro install for {company.capitalize()} ({env}), ticket ONB-{1000 + i}.",
        "version: 1",
        f"install: {install}",
        "account:",
        account_line,
        *extra["account"],
        "cluster:",
    ]
    if name_line:
        lines.append(name_line)
    if full:
        lines.append(f"  region: {region}")
        lines.append(f"  vpcCidr: {vpc_cidr}{comments.get('vpcCidr', '')}")
        lines.append(f"  nodeInstanceType: {node}")
        lines.append(nodes_line)
        if db:
            lines.append(f"  dbInstanceType: {db}")
    elif region != "us-east-1":
        lines.append(f"  region: {region}")
    lines.extend(extra["cluster"])
    if peerings:
        lines.append("peering:")
        for p in peerings:
            lines.append(f"  - vpcId: {p['vpcId']}")
            lines.append(f"    region: {p['region']}")
            for key in ("cidrs", "dnsServers"):
                if p.get("block"):
                    lines.append(f"    {key}:")
                    lines.extend(f"      - {value}" for value in p[key])
                else:
                    lines.append(f"    {key}: [{', '.join(p[key])}]")
    lines.extend(top_extra)
    return "\n".join(lines) + "\n"


def _peering(rng: random.Random, region: str, i: int) -> dict:
    second = 10 + i % 200
    return {
        "vpcId": "vpc-" + "".join(rng.choice("0123456789abcdef") for _ in range(17)),
        "region": region,
        "cidrs": [f"10.{second}.0.0/16"],
        "dnsServers": [f"10.{second}.0.2"],
    }


def write(directory: Path, count: int) -> list[Path]:
    """Writes manifests 0..count into ``directory`` (regenerated when missing or stale)."""
    stamp = directory / ".corpus"
    want = f"{VERSION} {count}\n"
    paths = [directory / f"m{i:05d}.yaml" for i in range(count)]
    if stamp.exists() and stamp.read_text() == want and all(p.exists() for p in paths):
        return paths
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.yaml"):
        old.unlink()
    for i, path in enumerate(paths):
        path.write_text(manifest(i))
    stamp.write_text(want)
    return paths


if __name__ == "__main__":
    import sys

    print(manifest(int(sys.argv[1]) if len(sys.argv) > 1 else 0), end="")
