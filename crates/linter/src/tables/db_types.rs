//! RDS for PostgreSQL instance types for the metadata database (hybrid installs).
//!
//! Source: Astronomer's `astro/resource-reference-aws-hybrid.md` and `astro/release-notes.md`.
//! db.r6g takes the db.m6g sizes (inferred: the reference page repeats the db.m6g names under
//! its db.r6g heading; the release note says db.r6g is supported).
//! Hand-kept: the source last changed on 2024-05-23 and was last checked on 2026-11-25
//! (`sources::ASTRONOMER_SOURCE_CHANGED`, `sources::LAST_CHECKED`). AWS's own facts are
//! generated instead: `aws.rs`.

/// Every supported type (30).
pub const SUPPORTED: &[&str] = &[
    "db.m6g.large",
    "db.m6g.xlarge",
    "db.m6g.2xlarge",
    "db.m6g.4xlarge",
    "db.m6g.8xlarge",
    "db.m6g.12xlarge",
    "db.m6g.16xlarge",
    "db.r6g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r6g.4xlarge",
    "db.r6g.8xlarge",
    "db.r6g.12xlarge",
    "db.r6g.16xlarge",
    "db.r5.large",
    "db.r5.xlarge",
    "db.r5.2xlarge",
    "db.r5.4xlarge",
    "db.r5.8xlarge",
    "db.r5.12xlarge",
    "db.r5.16xlarge",
    "db.r5.24xlarge",
    "db.m5.large",
    "db.m5.xlarge",
    "db.m5.2xlarge",
    "db.m5.4xlarge",
    "db.m5.8xlarge",
    "db.m5.12xlarge",
    "db.m5.16xlarge",
    "db.m5.24xlarge",
];
