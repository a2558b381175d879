#!/usr/bin/env bash
# The two commands of the quick start: `./dev.sh demo` runs the demo,
# `./dev.sh test` runs every test (the Node.js ones when Node.js >= 20.19 is
# there; CI always has it). Each installs the wasm32-wasip2 target and
# builds the component first; the Rust toolchain is all they need.
# Honors CARGO_TARGET_DIR; the tests find the component through it.
set -euo pipefail
cd "$(dirname "$0")"

build_component() {
    rustup target add wasm32-wasip2 >/dev/null
    cargo build --locked --release --target wasm32-wasip2 -p sparkbot-whatsapp
}

case "${1:-}" in
    demo)
        build_component
        # Built with progress shown: the first build compiles wasmtime
        # (about 15 to 20 minutes on 2 cores); later ones take seconds.
        echo "== building the host (first time: about 15-20 minutes)" >&2
        cargo build --locked -p host-test
        cargo run --locked -q -p host-test -- demo
        ;;
    test)
        build_component
        # A second node of the contract, which every host's tests also run.
        cargo build --locked --release --target wasm32-wasip2 -p echo-node
        # The CLI itself is under test (it must never print the key).
        cargo build --locked -p host-test
        cargo test --locked --workspace
        # The same component in Node.js through jco, and as an n8n package.
        if command -v node >/dev/null; then
            target="${CARGO_TARGET_DIR:-$PWD/target}"
            SPARKBOT_COMPONENT="$target/wasm32-wasip2/release/sparkbot_whatsapp.wasm" \
                ECHO_NODE_COMPONENT="$target/wasm32-wasip2/release/echo_node.wasm" \
                HOST_TEST_BIN="$target/debug/host-test" js/run-tests.sh node
        else
            echo "SKIPPED: the Node.js tests (js/run-tests.sh node): node is not installed" >&2
        fi
        ;;
    *)
        echo "usage: ./dev.sh demo | test" >&2
        exit 2
        ;;
esac
