

pub use crate::types::_validation_exception_reason::ValidationExceptionReason;

pub use crate::types::_contact_information::ContactInformation;

pub use crate::types::_region_opt_status::RegionOptStatus;

pub use crate::types::_validation_exception_field::ValidationExceptionField;

mod _contact_information;

mod _region_opt_status;

mod _validation_exception_field;

mod _validation_exception_reason;

/// Builders
pub mod builders;

/// Error types that AWS Account can respond with.
pub mod error;
