//! The host's one error type.

use std::time::Duration;

use crate::bindings::NodeError;
use crate::contract::VersionMismatch;

/// Why a call through the host failed.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The component could not be read, compiled or linked.
    #[error("cannot load the component: {0}")]
    Load(String),
    /// The component implements another version of the contract (or none):
    /// refused when it is loaded, before any call.
    #[error("cannot load the component: {0}")]
    ContractVersion(VersionMismatch),
    /// The call ran past its deadline and was stopped.
    #[error("the call ran past its deadline of {} ms and was stopped", .0.as_millis())]
    Deadline(Duration),
    /// The guest asked for more memory than the cap.
    #[error("the component needed more memory than the cap of {} MiB", .0 / (1024 * 1024))]
    MemoryLimit(usize),
    /// The guest trapped (a bug in the component); the message holds its stderr.
    #[error("the component failed: {0}")]
    Trap(String),
    /// The node answered with an error of its own.
    #[error("{}", .0.message)]
    Node(NodeError),
}

impl HostError {
    /// The error's kind as a short name, for JSON output and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            HostError::Load(_) => "load",
            HostError::ContractVersion(_) => "contract-version",
            HostError::Deadline(_) => "deadline",
            HostError::MemoryLimit(_) => "memory-limit",
            HostError::Trap(_) => "trap",
            HostError::Node(_) => "node",
        }
    }
}

/// A loading failure, with its causes.
pub(crate) fn load_error(e: impl std::fmt::Display) -> HostError {
    HostError::Load(format!("{e:#}"))
}
