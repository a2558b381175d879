//! The code `wit-bindgen` generates from the contract (`wit/`), sealed: a
//! component reaches it only through this crate's types and its
//! [`export_node!`](crate::export_node) macro.

#![allow(missing_docs, clippy::all, unsafe_op_in_unsafe_fn)]

wit_bindgen::generate!({
    path: "../../wit",
    world: "workflow:node/http-node",
    generate_all,
    pub_export_macro: true,
    export_macro_name: "__export_workflow_node_world",
    default_bindings_module: "::workflow_node_sdk::__private::bindings",
    runtime_path: "::workflow_node_sdk::__private::wit_bindgen::rt",
});
