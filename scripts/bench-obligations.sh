#!/usr/bin/env bash
# `npm run bench:obligations`: builds the API and the worker, then times the report-task generator for 10,000 units and
# the board of that period over HTTP against its SQL floor (tools/bench/bench-obligations.ts).
source "$(dirname "$0")/env.sh"
bash scripts/ensure-services.sh
npx nx run-many -t build -p api worker --output-style=static >/dev/null
TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/bench-obligations.ts
