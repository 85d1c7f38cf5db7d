//! Inline suppression comments themselves.

pub mod suppression_invalid;
pub mod suppression_unused;
