#!/usr/bin/env bash
# `npm run bench:web`: builds the web app and the API, then times the dashboard for 1,001 units in Debian's Chromium
# (tools/bench/bench-web.ts).
source "$(dirname "$0")/env.sh"
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
npx nx run-many -t build -p web api --output-style=static >/dev/null
TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/bench-web.ts
