#!/usr/bin/env bash
# `npm run serve:api`: builds the API when needed and runs it alone from the environment (DATABASE_URL, REDIS_URL,
# PORT, JWT_SECRET, ADMIN_USERNAME, ADMIN_PASSWORD, WEB_DIST); pending migrations are applied first.
source "$(dirname "$0")/env.sh"
npx nx build api --output-style=static >/dev/null
exec node dist/apps/api/main.js
