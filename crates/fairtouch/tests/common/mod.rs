//! Helpers shared by several test targets.

pub mod disguise;
