#!/usr/bin/env bash
# Installs the Debian packages listed in deps/*.txt that are not installed yet, saying which.
# Idempotent: when nothing is missing it only checks (about a second) and installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
    case "$pkg" in ''|'#'*) continue ;; esac
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$pkg")
done < <(cat deps/*.txt)
# npm builds the web UI: the machine's Node.js (which carries npm) is used when present,
# else Debian's nodejs and npm are installed.
if ! command -v npm >/dev/null; then
    missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all Debian packages present"
    exit 0
fi

echo "deps: installing missing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
