//! Linker arguments for the `astro-preflight` binary alone: its dependencies, the other targets
//! and every cache are built as before (a `.cargo/config.toml` rustflag would rebuild them all).
//!
//! On Linux with glibc the binary is linked as a position-dependent executable (`-no-pie`): the
//! dynamic loader then has nothing to relocate, where a PIE of this size made it apply some
//! 43,000 relocations and dirty the pages they fall on before `main` on every run (about a tenth
//! of a one-manifest check). The trade-off: the binary's own code and data are not placed at a
//! random address (ASLR still moves the stack, the heap and the shared libraries). See
//! docs/performance.md, "Start-up".

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
