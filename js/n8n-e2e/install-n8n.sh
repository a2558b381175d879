#!/usr/bin/env bash
# Installs the n8n the tests run, exactly as locked by n8n-install/package-lock.json
# (npm ci), once per lock, under $SPARKBOT_N8N_CACHE (default
# ~/.cache/sparkbot-whatsapp/n8n)/<hash of package.json + lock>, and prints that path.
# Two runs at once: each installs into its own temporary folder and renames it
# into place; the loser of the race drops its copy and uses the winner's.
set -euo pipefail
here="$(cd "$(dirname "$0")/n8n-install" && pwd)"
cache="${SPARKBOT_N8N_CACHE:-$HOME/.cache/sparkbot-whatsapp/n8n}"
home="$cache/$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -c1-16)"
if [ ! -f "$home/.installed" ]; then
    echo "== installing n8n into $home (once per lock file; about 5 minutes, 2.3 GB)" >&2
    mkdir -p "$cache"
    tmp="$(mktemp -d "$home.partial.XXXXXX")"
    cp "$here/package.json" "$here/package-lock.json" "$tmp/"
    (cd "$tmp" && npm ci --no-audit --no-fund --loglevel=error >&2)
    touch "$tmp/.installed"
    mv -T "$tmp" "$home" 2>/dev/null || rm -rf "$tmp"
    [ -f "$home/.installed" ] || { echo "install-n8n.sh: $home is incomplete" >&2; exit 1; }
fi
echo "$home"
