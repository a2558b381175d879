//! The one error type of a node: a kind a host can act on and a message a
//! user can act on. Converted to the WIT `node-error` only at the boundary.

use std::fmt;

/// What kind of failure happened: the contract's own `error-kind`,
/// generated from the WIT, so no name is kept twice.
pub use crate::bindings::workflow::node::types::ErrorKind;

use crate::bindings::workflow::node::types as wit;

/// A failure with what a user needs to fix it. A node never holds a secret
/// (the host keeps them), so no error of it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// What happened and what to do.
    pub message: String,
    /// More detail, such as the API's own message.
    pub description: Option<String>,
    /// The HTTP status, when the API answered.
    pub http_status: Option<u16>,
    /// The failing input item, when there was one.
    pub item_index: Option<u32>,
    /// For rate limiting: the seconds the API asked to wait.
    pub retry_after_seconds: Option<u32>,
}

/// A result whose error is a [`NodeError`].
pub type Result<T> = std::result::Result<T, NodeError>;

impl NodeError {
    /// A new error of `kind` with `message` and nothing else.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        NodeError {
            kind,
            message: message.into(),
            description: None,
            http_status: None,
            item_index: None,
            retry_after_seconds: None,
        }
    }

    /// An invalid-parameter error.
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidParameter, message)
    }

    /// A missing-credentials error.
    pub fn credentials(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::MissingCredentials, message)
    }

    /// A service error: the API answered something the node cannot use.
    pub fn service(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ServiceError, message)
    }

    /// A fault inside the node.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// Adds a longer description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Records the HTTP status of the answer.
    pub fn with_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Names the input item that failed.
    pub fn for_item(mut self, index: u32) -> Self {
        self.item_index = Some(index);
        self
    }

    /// The contract's record of this error.
    pub(crate) fn into_wit(self) -> wit::NodeError {
        wit::NodeError {
            kind: self.kind,
            message: self.message,
            description: self.description,
            http_status: self.http_status,
            item_index: self.item_index,
            retry_after_seconds: self.retry_after_seconds,
        }
    }
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for NodeError {}
