//! A component is refused at load, by name, when it implements another
//! version of the contract; the check reads the component's exports, so a
//! component built by hand with nothing but that export shows it.

use workflow_node_host::bindings::CONTRACT_VERSION;
use workflow_node_host::{HostConfig, HostError, NodeHost};

/// The binary of a component whose only export is an empty instance named
/// `name`: the header, an instance section with one instance made of no
/// exports, and an export section exporting it.
fn component_exporting(name: &str) -> Vec<u8> {
    let name_len = u8::try_from(name.len()).expect("a short name");
    let mut bytes = vec![0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
    // Instance section: one instance, from (zero) inline exports.
    bytes.extend([0x05, 0x03, 0x01, 0x01, 0x00]);
    // Export section: one export, plain name, sort instance, index 0, no type.
    let export: Vec<u8> = [0x01, 0x00, name_len]
        .into_iter()
        .chain(name.bytes())
        .chain([0x05, 0x00, 0x00])
        .collect();
    bytes.push(0x0b);
    bytes.push(u8::try_from(export.len()).expect("a short section"));
    bytes.extend(export);
    bytes
}

fn load(name: &str) -> Result<NodeHost, HostError> {
    let config = HostConfig {
        pooling: false,
        ..HostConfig::default()
    };
    NodeHost::from_bytes(&component_exporting(name), config)
}

#[test]
fn a_component_of_another_version_is_refused_by_name() {
    let err = load("workflow:node/node@0.2.0").expect_err("refused");
    assert!(matches!(err, HostError::ContractVersion(_)), "{err:?}");
    assert_eq!(err.kind(), "contract-version");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot load the component: this component implements workflow:node 0.2.0; \
             this host speaks {CONTRACT_VERSION}: rebuild the component against workflow:node {CONTRACT_VERSION}"
        )
    );
}

#[test]
fn a_component_without_the_contract_is_refused() {
    let err = load("wasi:cli/run@0.2.2").expect_err("refused");
    assert!(matches!(err, HostError::ContractVersion(_)), "{err:?}");
    assert!(
        err.to_string().contains("exports no workflow:node/node"),
        "{err}"
    );
}

#[test]
fn a_component_of_this_version_passes_the_check() {
    // It gets past the version check, then fails to link: its `node`
    // instance has none of the contract's functions.
    let err = load(&format!("workflow:node/node@{CONTRACT_VERSION}")).expect_err("no functions");
    assert!(matches!(err, HostError::Load(_)), "{err:?}");
}
