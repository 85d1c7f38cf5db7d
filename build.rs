//! Linker arguments for the `astro-preflight` binary alone: its dependencies, the other targets
//! and every cache are built as before (a `.cargo/config.toml` rustflag would rebuild them all).
//!
//! - On Linux with glibc the binary is linked as a position-dependent executable (`-no-pie`):
//!   the dynamic loader then has nothing to relocate, where a PIE of this size made it apply
//!   some 43,000 relocations and dirty the pages they fall on before `main` on every run (about
//!   a tenth of a one-manifest check). The trade-off: the binary's own code and data are not
//!   placed at a random address (ASLR still moves the stack, the heap and the shared libraries).
//! - Where the linker is Rust's own `lld` (x86-64 Linux, the toolchain's default since Rust
//!   1.90, unless the build names another linker), the functions a check of one manifest runs
//!   are placed together, in the order of `crates/cli/startup.order` (`--symbol-ordering-file`;
//!   written and checked by `scripts/startup-order`). Scattered over 13 MB of code, they made a
//!   start-up fault in some 70 pieces of it, and map a page table entry for every page around
//!   each; together they take about 10 (a one-manifest check 0.45 ms faster). A symbol the file
//!   names and the binary no longer has is skipped: a stale file costs speed, never a build.
//!
//! See docs/performance.md, "Start-up".

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let order = Path::new("crates/cli/startup.order");
    println!("cargo::rerun-if-changed={}", order.display());
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    println!("cargo::rustc-link-arg-bins=-no-pie");
    // The linker is lld where rustc picks it: x86-64, and no linker named by the build (a
    // `linker` setting, `-C linker`, `-C linker-features`, or a `-fuse-ld` of its own).
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let linker_named = std::env::var_os("RUSTC_LINKER").is_some()
        || ["linker", "fuse-ld", "link-self-contained"]
            .iter()
            .any(|name| flags.contains(name));
    if var("CARGO_CFG_TARGET_ARCH") != "x86_64" || linker_named {
        return;
    }
    // A copy in this build's own directory: an absolute path into the checkout would outlive
    // it where two checkouts share a target directory (the same package, the same cached
    // output of this script), and a path relative to it would depend on the linker's
    // working directory.
    if let Ok(text) = std::fs::read(order) {
        let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
        let copy = Path::new(&out).join("startup.order");
        std::fs::write(&copy, text).expect("OUT_DIR is writable");
        println!(
            "cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            copy.display()
        );
        println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}
