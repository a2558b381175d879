//! What flows through a node: an input item as a node plans it, and what a
//! successful item produces.

use serde_json::{Map, Value};

use crate::types as wit;

/// A file attached to an output item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The entry's name in the item.
    pub key: String,
    /// The bytes.
    pub data: Vec<u8>,
    /// The MIME type.
    pub mime_type: String,
    /// A file name to write it under.
    pub file_name: Option<String>,
    /// The file name's extension, without the dot.
    pub file_extension: Option<String>,
}

/// What one successful item produces.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Output {
    /// The item's JSON object.
    pub json: Map<String, Value>,
    /// The item's files.
    pub binary: Vec<Binary>,
}

/// One input item, as a node plans it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The item's JSON object.
    pub json: &'a Map<String, Value>,
    /// Its parameters, expressions resolved by the host.
    pub parameters: &'a Map<String, Value>,
    /// Its files.
    pub binary: &'a [wit::BinaryEntry],
}
