#!/usr/bin/env bash
# Installs what the local runner and the tests need; safe to run again (does nothing when up to date).
#   tools/install-deps.sh          npm stand-ins (Azurite, Cosmos DB server) from the committed lockfile
#   tools/install-deps.sh --test   also Debian's mosquitto (MQTT conformance tests) and chromium (browser tests)
# It also builds the pages (dashboard/dist) when their sources changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# npm ci in $1 (pinned by its package-lock.json), only when the lockfile changed since the last install.
npm_ci_when_lock_changed() {
  local dir="$1" what="$2" stamp want
  stamp="$dir/node_modules/.yunbao-lock.sha256"
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "installing $what (npm ci in ${dir#"$root"/})…"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}

# npm stand-ins, pinned by tools/emulators/package-lock.json.
npm_ci_when_lock_changed "$root/tools/emulators" "local Azure stand-ins"
# Microsoft's @azure/event-hubs client, a test client nobody here wrote (tests/Yunbao.EventHubsStandIn.Tests).
npm_ci_when_lock_changed "$root/tests/node-clients/event-hubs" "the Event Hubs JavaScript test client"
npm_ci_when_lock_changed "$root/tests/node-clients/iot-device" "Microsoft's Node.js IoT device SDK (stand-in tests)"

# The console and steward pages (dashboard/), pinned by dashboard/package-lock.json: npm ci when the lockfile changed,
# vite build when any source changed (a hash of the sources is kept next to the output).
dash="$root/dashboard"
npm_ci_when_lock_changed "$dash" "the pages' build tools"
bstamp="$dash/dist/.yunbao-sources.sha256"
bwant="$(cd "$dash" && find index.html vite.config.js package-lock.json console steward citizen src public -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$bstamp" || "$(cat "$bstamp")" != "$bwant" ]]; then
  echo "building the console, steward and citizen pages (vite build in dashboard)…"
  (cd "$dash" && npx --no-install vite build --logLevel error)
  echo "$bwant" > "$bstamp"
fi

# Real-browser tests drive Debian's chromium (Playwright's own browser download is not reachable).
if [[ "${1:-}" == "--test" ]] && ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (apt, about 2 minutes)…"
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

if [[ "${1:-}" == "--test" ]] && ! command -v mosquitto >/dev/null 2>&1; then
  echo "installing mosquitto (apt)…"
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
fi
