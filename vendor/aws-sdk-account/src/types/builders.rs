

pub use crate::types::_contact_information::ContactInformationBuilder;

pub use crate::types::_validation_exception_field::ValidationExceptionFieldBuilder;
