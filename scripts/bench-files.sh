#!/usr/bin/env bash
# `npm run bench:files`: builds the API, then uploads and downloads a 20 MB file through it, on the embedded store (a
# folder) and on an S3-compatible one (s3rver on loopback) (tools/bench/bench-files.ts).
source "$(dirname "$0")/env.sh"
bash scripts/ensure-services.sh
npx nx build api --output-style=static >/dev/null
TS_NODE_PROJECT=tsconfig.check.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register -r tsconfig-paths/register tools/bench/bench-files.ts
