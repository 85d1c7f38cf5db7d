

pub use crate::types::_import_source::ImportSourceBuilder;

pub use crate::types::_trail::TrailBuilder;

pub use crate::types::_tag::TagBuilder;

pub use crate::types::_destination::DestinationBuilder;

pub use crate::types::_advanced_event_selector::AdvancedEventSelectorBuilder;

pub use crate::types::_context_key_selector::ContextKeySelectorBuilder;

pub use crate::types::_aggregation_configuration::AggregationConfigurationBuilder;

pub use crate::types::_partition_key::PartitionKeyBuilder;

pub use crate::types::_s3_import_source::S3ImportSourceBuilder;

pub use crate::types::_advanced_field_selector::AdvancedFieldSelectorBuilder;
