//! Which version of the contract a component implements, read from its
//! exports before anything is instantiated: a component built against
//! another version is refused by name, instead of failing on a missing
//! function or a record of another shape.

use crate::bindings::{CONTRACT_PACKAGE, CONTRACT_VERSION};

/// The interface of the contract every node exports (`workflow:node/node`).
const NODE_INTERFACE: &str = "node";

/// A component's node export, when it is not the one this host speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionMismatch {
    /// The contract version the component's node export names; `None` when
    /// it exports no `workflow:node/node` at all.
    pub found: Option<String>,
}

impl std::fmt::Display for VersionMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let speaks = CONTRACT_VERSION;
        let package = CONTRACT_PACKAGE;
        match &self.found {
            Some(found) => write!(
                f,
                "this component implements {package} {found}; this host speaks {speaks}: \
                 rebuild the component against {package} {speaks}"
            ),
            None => write!(
                f,
                "this component exports no {package}/{NODE_INTERFACE} interface; this host \
                 speaks {package} {speaks}: build the component against {package} {speaks}"
            ),
        }
    }
}

impl std::error::Error for VersionMismatch {}

/// Checks a component's export names (`workflow:node/node@0.3.0`, …): one
/// must be the node interface at the version of `wit/`.
pub fn check_exports<'a>(
    exports: impl IntoIterator<Item = &'a str>,
) -> Result<(), VersionMismatch> {
    let prefix = format!("{CONTRACT_PACKAGE}/{NODE_INTERFACE}");
    let mut found = None;
    for name in exports {
        let Some(rest) = name.strip_prefix(prefix.as_str()) else {
            continue;
        };
        match rest.strip_prefix('@') {
            Some(version) if version == CONTRACT_VERSION => return Ok(()),
            Some(version) => found = Some(version.to_string()),
            // An unversioned export names no version this host could check.
            None if rest.is_empty() => found = Some("an unversioned contract".into()),
            None => {}
        }
    }
    Err(VersionMismatch { found })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours() -> String {
        format!("{CONTRACT_PACKAGE}/{NODE_INTERFACE}@{CONTRACT_VERSION}")
    }

    #[test]
    fn the_version_comes_from_the_wit() {
        assert_eq!(CONTRACT_PACKAGE, "workflow:node");
        let wit = include_str!("../../../wit/deps/workflow-node/worlds.wit");
        assert!(wit.contains(&format!("package workflow:node@{CONTRACT_VERSION};")));
    }

    #[test]
    fn a_component_of_this_version_is_accepted() {
        let ours = ours();
        assert_eq!(check_exports(["wasi:cli/run@0.2.2", ours.as_str()]), Ok(()));
    }

    #[test]
    fn a_component_of_another_version_is_refused_by_name() {
        let err = check_exports(["workflow:node/node@0.2.0"]).unwrap_err();
        assert_eq!(err.found.as_deref(), Some("0.2.0"));
        assert_eq!(
            err.to_string(),
            format!(
                "this component implements workflow:node 0.2.0; this host speaks {CONTRACT_VERSION}: \
                 rebuild the component against workflow:node {CONTRACT_VERSION}"
            )
        );
    }

    #[test]
    fn a_component_without_the_node_export_is_refused() {
        for exports in [
            vec![],
            vec!["wasi:cli/run@0.2.2"],
            vec!["workflow:node/nodes@0.3.0"],
        ] {
            let err = check_exports(exports).unwrap_err();
            assert_eq!(err.found, None);
            assert!(
                err.to_string()
                    .contains("exports no workflow:node/node interface")
            );
        }
    }

    #[test]
    fn the_version_must_match_whole() {
        let err = check_exports([format!("workflow:node/node@{CONTRACT_VERSION}.1").as_str()])
            .unwrap_err();
        assert!(err.found.is_some());
    }
}
