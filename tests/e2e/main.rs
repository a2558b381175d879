//! End to end: the real component (`wasm32-wasip2` release build) in the
//! real wasmtime host, against the embedded SparkBot API on loopback.
//!
//! Build the component first (the README's test command does), or point
//! `SPARKBOT_COMPONENT` at it.

mod api_faults;
mod artifacts;
mod batch;
mod catalog;
mod cli;
mod describe;
mod errors;
mod host_limits;
mod hostile_credentials;
mod hostile_params;
mod https;
mod imports;
mod options;
mod params;
mod resources;
mod scan;
mod scan_and_wait;
mod second_node;
mod secrets;
mod session_ops;
mod shared_cases;
mod support;
