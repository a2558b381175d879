//! The component asks for HTTP and what the standard library needs, nothing else.

use crate::support::host;

#[test]
fn imports_are_http_io_clocks_random_and_cli_only() {
    let imports = host().imports();
    assert!(
        imports
            .iter()
            .any(|i| i.starts_with("wasi:http/outgoing-handler@")),
        "{imports:?}"
    );
    // `workflow:node/types` holds only the contract's type definitions (the
    // exported functions use them); it carries no function, no capability.
    let allowed = [
        "wasi:http/",
        "wasi:io/",
        "wasi:clocks/",
        "wasi:random/",
        "wasi:cli/",
        "workflow:node/types@",
    ];
    for import in &imports {
        assert!(
            allowed.iter().any(|prefix| import.starts_with(prefix)),
            "unexpected import {import}"
        );
    }
}
