#!/usr/bin/env bash
# `npm run bench:sign-in`: builds the API, then measures a signed-in user's task list during a sign-in flood
# (see tools/bench/bench-sign-in.ts).
source "$(dirname "$0")/env.sh"
bash scripts/ensure-services.sh
npx nx build api --output-style=static >/dev/null
TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/bench-sign-in.ts
