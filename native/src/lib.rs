//! The native core of artifact-detector: kernels over plain data (text in; offsets, counts, matches and model
//! scores out). Nothing here knows a rule, a message or a threshold: the Python side keeps the judgement.
//! `cargo test` runs the kernels' own tests without Python; the `python` feature adds the bindings (`py.rs`).

pub mod linear;
pub mod lines;
pub mod mt;
pub mod offsets;
pub mod phrases;
pub mod punkt;
pub mod pyregex;
pub mod readability;
pub mod shape;
pub mod trees;
pub mod unicode;
#[rustfmt::skip]
#[allow(clippy::all)]
pub mod unicode_tables;
pub mod view;

#[cfg(feature = "python")]
mod py;
