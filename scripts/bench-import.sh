#!/usr/bin/env bash
# `npm run bench:import`: builds the API, then imports the largest allowed register and hostile files into it under
# load (tools/bench/bench-import.ts).
source "$(dirname "$0")/env.sh"
bash scripts/ensure-services.sh
npx nx build api --output-style=static >/dev/null
TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/bench-import.ts
