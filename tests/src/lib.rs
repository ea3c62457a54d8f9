//! Shared helpers for the browser end-to-end tests live in this crate.
