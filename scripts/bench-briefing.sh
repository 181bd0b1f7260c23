#!/usr/bin/env bash
# `npm run bench:briefing`: builds the API, then times the reports against the SQL floor (tools/bench/bench-briefing.ts).
source "$(dirname "$0")/env.sh"
bash scripts/ensure-services.sh
npx nx build api --output-style=static >/dev/null
# The growth run (tools/bench/growth.ts): list, search, briefing, trend, task page at 100k, 1M and 3M tasks.
if [ "${BENCH_GROWTH:-}" = 1 ] || [ "${1:-}" = --growth ]; then
  exec env TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/growth.ts
fi
TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/bench-briefing.ts
