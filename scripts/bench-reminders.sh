#!/usr/bin/env bash
# `npm run bench:reminders`: builds the worker, then times 100,000 reminders against plain BullMQ, the rebuild after a
# flushed Redis, and a running worker repairing a FLUSHDB of its own redis-server (tools/bench/bench-reminders.ts).
source "$(dirname "$0")/env.sh"
bash scripts/ensure-services.sh
npx nx build worker --output-style=static >/dev/null
TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/bench-reminders.ts
