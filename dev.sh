#!/usr/bin/env bash
# The two commands of the quick start, for a machine with only the Rust
# toolchain: `./dev.sh demo` runs the demo, `./dev.sh test` runs every test.
# Each installs the wasm32-wasip2 target and builds the component first.
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
        cargo run --locked -q -p host-test -- demo
        ;;
    test)
        build_component
        # The CLI itself is under test (it must never print the key).
        cargo build --locked -p host-test
        cargo test --locked --workspace
        ;;
    *)
        echo "usage: ./dev.sh demo | test" >&2
        exit 2
        ;;
esac
