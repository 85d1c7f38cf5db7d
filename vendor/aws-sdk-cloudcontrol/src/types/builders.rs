

pub use crate::types::_resource_description::ResourceDescriptionBuilder;
