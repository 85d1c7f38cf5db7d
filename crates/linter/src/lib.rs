//! linter
