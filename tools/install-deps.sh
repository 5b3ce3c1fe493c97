#!/usr/bin/env bash
# Installs what the local runner and the tests need; safe to run again (does nothing when up to date).
#   tools/install-deps.sh          npm stand-ins (Azurite, Cosmos DB server) from the committed lockfile
#   tools/install-deps.sh --test   also Debian's mosquitto (MQTT conformance tests)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# npm stand-ins, pinned by tools/emulators/package-lock.json. Reinstall only when the lockfile changed.
emu="$root/tools/emulators"
stamp="$emu/node_modules/.yunbao-lock.sha256"
want="$(sha256sum "$emu/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "installing local Azure stand-ins (npm ci in tools/emulators)…"
  npm ci --prefix "$emu" --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

if [[ "${1:-}" == "--test" ]] && ! command -v mosquitto >/dev/null 2>&1; then
  echo "installing mosquitto (apt)…"
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
fi
