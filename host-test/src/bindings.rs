//! Typed bindings of the node contract, generated from the same `wit/`
//! folder the component is built from.

#![expect(missing_docs, reason = "generated code; the WIT documents every item")]

wasmtime::component::bindgen!({
    path: "../wit",
    world: "sparkbot:node/workflow-node",
    exports: { default: async },
});

pub use self::sparkbot::node::types::*;
