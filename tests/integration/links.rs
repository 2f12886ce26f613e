//! Integration tests: links.
