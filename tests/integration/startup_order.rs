//! `crates/cli/startup.order`, the functions a one-manifest check runs, which build.rs has the
//! linker place together: current for this build. A release build of this repository (in this
//! build's target directory, so cached between runs) is checked by `scripts/startup-order
//! --check`, which runs the file's scenarios under Valgrind's callgrind (installed by
//! scripts/test): every function the file names must be in the binary, and nearly every one
//! the scenarios run must be in the file. A stale file costs a start-up about half a
//! millisecond (docs/performance.md); `scripts/startup-order` writes it again.

use std::path::Path;
use std::process::Command;

use crate::precommit::{root, target_dir};

#[test]
fn the_startup_order_is_current_for_the_release_build() {
    let built = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "--bin", "astro-preflight"])
        .current_dir(root())
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .expect("cargo runs");
    assert!(built.success(), "cargo build --release failed");
    let binary = target_dir().join("release").join("astro-preflight");
    let check = |order: &Path| {
        let out = Command::new(root().join("scripts/startup-order"))
            .arg("--check")
            .arg("--order")
            .arg(order)
            .arg(&binary)
            .output()
            .expect("python3 runs scripts/startup-order");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let order = root().join("crates/cli/startup.order");
    let (current, text) = check(&order);
    assert!(current, "{text}");
    assert!(text.contains("of them listed"), "{text}");

    // The check can fail: a function the binary does not have (a renamed one, or any after a
    // new compiler) makes the file stale, and so does one that leaves out what runs.
    let listed = std::fs::read_to_string(&order).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("stale.order");
    std::fs::write(
        &stale,
        format!("{listed}_ZN15astro_preflight4gone17h0000000000000000E\n"),
    )
    .unwrap();
    let (current, text) = check(&stale);
    assert!(!current, "{text}");
    assert!(
        text.contains("not in the binary: _ZN15astro_preflight4gone"),
        "{text}"
    );
    let half: String = listed
        .lines()
        .take(listed.lines().count() / 2)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&stale, half).unwrap();
    let (current, text) = check(&stale);
    assert!(!current, "{text}");
}
