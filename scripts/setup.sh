#!/usr/bin/env bash
# Sets up a fresh Debian machine with Node 20 for mk: system packages (podman and friends, when
# missing), npm dependencies, the compiled JavaScript and the offline test images. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# netavark and aardvark-dns (pod networks and their DNS) are only recommended by podman's
# dependencies, iproute2 pins the bridge's MAC, util-linux's flock holds netavark's lock: named so
# that an apt configured without recommends still installs them.
packages=(podman runc netavark aardvark-dns iproute2 util-linux busybox-static tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build
# The offline images the examples and the end-to-end tests run (no registry is needed).
node dist/scripts/build-test-images.js
echo "setup: done (mk $(node dist/bin/mk.js --version))"
