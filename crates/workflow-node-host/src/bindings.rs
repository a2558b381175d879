//! Typed bindings of the node contract, generated from the same `wit/`
//! folder the component is built from, and the WIT names of its enums.

#![expect(missing_docs, reason = "generated code; the WIT documents every item")]

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "workflow:node/workflow-node",
    exports: { default: async },
});

pub use self::workflow::node::types::*;

/// The contract's package, version and enum names, read from `wit/` by `build.rs`.
mod wit_names {
    include!(concat!(env!("OUT_DIR"), "/wit_names.rs"));
}

/// The package of the contract these bindings speak (`workflow:node`).
pub const CONTRACT_PACKAGE: &str = wit_names::PACKAGE;
/// The version of the contract these bindings speak, from `wit/`.
pub const CONTRACT_VERSION: &str = wit_names::VERSION;

impl ErrorKind {
    /// The kind's name as the WIT spells it (`invalid-parameter`, …).
    pub fn wit_name(self) -> &'static str {
        // The generated enum lists the cases in WIT order, as `wit_names` does.
        wit_names::ERROR_KIND
            .get(self as usize)
            .copied()
            .unwrap_or("unknown")
    }
}

impl PropertyType {
    /// The type's name as the WIT spells it (`string`, `multi-options`, …).
    pub fn wit_name(self) -> &'static str {
        wit_names::PROPERTY_TYPE
            .get(self as usize)
            .copied()
            .unwrap_or("unknown")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_names_follow_the_wit_order() {
        assert_eq!(ErrorKind::InvalidParameter.wit_name(), "invalid-parameter");
        assert_eq!(ErrorKind::Internal.wit_name(), "internal");
        assert_eq!(PropertyType::MultiOptions.wit_name(), "multi-options");
        assert_eq!(PropertyType::Notice.wit_name(), "notice");
    }
}
