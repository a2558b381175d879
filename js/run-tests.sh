#!/usr/bin/env bash
# The component in Node.js and in n8n.
#   js/run-tests.sh node   jco transpile, the Node.js tests and the shared cases,
#                          the n8n package's tsc and unit tests (fast)
#   js/run-tests.sh n8n    the package in a real n8n, run by n8n's own CLI
#                          (n8n is installed once under ~/.cache/sparkbot-whatsapp/n8n)
# Needs: Node.js >= 20.19 and npm; the release component and the host-test
# binary (SPARKBOT_COMPONENT, HOST_TEST_BIN; defaults under CARGO_TARGET_DIR,
# or ~/.cache/sparkbot-whatsapp/target).
set -euo pipefail
cd "$(dirname "$0")"
JS="$PWD"
TARGET="${CARGO_TARGET_DIR:-$HOME/.cache/sparkbot-whatsapp/target}"
export SPARKBOT_COMPONENT="${SPARKBOT_COMPONENT:-$TARGET/wasm32-wasip2/release/sparkbot_whatsapp.wasm}"
export HOST_TEST_BIN="${HOST_TEST_BIN:-$TARGET/debug/host-test}"
N8N_CACHE="${SPARKBOT_N8N_CACHE:-$HOME/.cache/sparkbot-whatsapp/n8n}"

need() {
    [ -e "$1" ] || { echo "run-tests.sh: missing $2 at $1 ($3)" >&2; exit 1; }
}
need "$SPARKBOT_COMPONENT" "the release component" "cargo build --release --target wasm32-wasip2 -p sparkbot-whatsapp, or set SPARKBOT_COMPONENT"
need "$HOST_TEST_BIN" "the host-test binary" "cargo build -p host-test, or set HOST_TEST_BIN"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("run-tests.sh: Node.js >= 20.19 needed, found "+process.versions.node); process.exit(1) }'

deps() {
    # Installs js/node_modules from the committed lock file, once per lock change.
    local stamp=node_modules/.sparkbot-lock
    if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
        echo "== npm ci (js/)"
        npm ci --no-audit --no-fund --loglevel=error
        cp package-lock.json "$stamp"
    fi
}

build() {
    echo "== jco transpile"
    node jco/transpile.mjs
    echo "== n8n package: build (tsc against n8n-workflow)"
    (cd n8n-nodes-sparkbot-whatsapp && node build.mjs)
}

case "${1:-}" in
    node)
        deps
        build
        echo "== node --test: jco (describe, getDevices, execute, shared cases)"
        (cd jco && node --test test/*.test.mjs)
        echo "== node --test: n8n package (description conversion, node class)"
        (cd n8n-nodes-sparkbot-whatsapp && node --test dist/test/*.test.js)
        ;;
    n8n)
        deps
        build
        manifest="$JS/n8n-e2e/n8n-install/package.json"
        home="$N8N_CACHE/$(sha256sum "$manifest" | cut -c1-16)"
        if [ ! -x "$home/node_modules/.bin/n8n" ] || [ ! -f "$home/.installed" ]; then
            echo "== installing n8n into $home (once; about 6 minutes, 2.3 GB)"
            mkdir -p "$home"
            cp "$manifest" "$home/package.json"
            (cd "$home" && npm install --no-audit --no-fund --loglevel=error)
            touch "$home/.installed"
        fi
        echo "== installing n8n-nodes-sparkbot-whatsapp as a custom extension"
        pack_dir="$(mktemp -d)"
        trap 'rm -rf "$pack_dir"' EXIT
        tarball="$(cd n8n-nodes-sparkbot-whatsapp && npm pack --silent --pack-destination "$pack_dir")"
        ext="$home/extensions"
        rm -rf "$ext"
        mkdir -p "$ext"
        echo '{"private": true}' > "$ext/package.json"
        # n8n-workflow is a peer: the package uses n8n's own copy (found above $ext).
        (cd "$ext" && npm install --omit=peer --no-package-lock --no-audit --no-fund --loglevel=error "$pack_dir/$tarball")
        echo "== node --test: n8n end to end"
        (cd n8n-e2e && N8N_HOME="$home" SPARKBOT_N8N_EXTENSION="$ext/node_modules/n8n-nodes-sparkbot-whatsapp" node --test n8n.test.mjs editor.test.mjs shared-cases.test.mjs)
        ;;
    *)
        echo "usage: js/run-tests.sh node | n8n" >&2
        exit 2
        ;;
esac
