

pub use crate::types::_resource_description::ResourceDescription;

mod _resource_description;

/// Builders
pub mod builders;

/// Error types that AWS Cloud Control API can respond with.
pub mod error;
