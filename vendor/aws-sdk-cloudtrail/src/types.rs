

pub use crate::types::_import_source::ImportSource;

pub use crate::types::_trail::Trail;

pub use crate::types::_tag::Tag;

pub use crate::types::_destination::Destination;

pub use crate::types::_advanced_event_selector::AdvancedEventSelector;

pub use crate::types::_context_key_selector::ContextKeySelector;

pub use crate::types::_aggregation_configuration::AggregationConfiguration;

pub use crate::types::_partition_key::PartitionKey;

pub use crate::types::_s3_import_source::S3ImportSource;

pub use crate::types::_destination_type::DestinationType;

pub use crate::types::_type_::Type;

pub use crate::types::_event_category_aggregation::EventCategoryAggregation;

pub use crate::types::_advanced_field_selector::AdvancedFieldSelector;

pub use crate::types::_template::Template;

mod _advanced_event_selector;

mod _advanced_field_selector;

mod _aggregation_configuration;

mod _context_key_selector;

mod _destination;

mod _destination_type;

mod _event_category_aggregation;

mod _import_source;

mod _partition_key;

mod _s3_import_source;

mod _tag;

mod _template;

mod _trail;

mod _type_;

/// Builders
pub mod builders;

/// Error types that AWS CloudTrail can respond with.
pub mod error;
