

pub use crate::types::_service_quota::ServiceQuota;

pub use crate::types::_applied_level_enum::AppliedLevelEnum;

pub use crate::types::_metric_info::MetricInfo;

pub use crate::types::_quota_period::QuotaPeriod;

pub use crate::types::_error_reason::ErrorReason;

pub use crate::types::_quota_context_info::QuotaContextInfo;

pub use crate::types::_tag::Tag;

pub use crate::types::_period_unit::PeriodUnit;

pub use crate::types::_error_code::ErrorCode;

pub use crate::types::_quota_context_scope::QuotaContextScope;

pub use crate::types::_adjustable_at_level_enum::AdjustableAtLevelEnum;

mod _adjustable_at_level_enum;

mod _applied_level_enum;

mod _error_code;

mod _error_reason;

mod _metric_info;

mod _period_unit;

mod _quota_context_info;

mod _quota_context_scope;

mod _quota_period;

mod _service_quota;

mod _tag;

/// Builders
pub mod builders;

/// Error types that Service Quotas can respond with.
pub mod error;
