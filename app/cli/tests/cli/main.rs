//! The `zhuanjie` program, run as a user runs it (one test binary; a module per subject).

mod args;
mod engine;
mod roster;
mod same_output;
mod writes;
