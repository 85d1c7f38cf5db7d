//! AWS facts gatherer (in progress).
