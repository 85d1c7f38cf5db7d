//! The file itself: YAML syntax, the schema, and values written in a way that loses or leaks
//! information.

pub mod account_id_unquoted;
pub mod external_id_in_manifest;
pub mod manifest_unrecognized;
pub mod schema;
pub mod yaml_syntax;
