#!/usr/bin/env bash
# `npm run serve:worker`: builds the worker when needed and runs it from the environment (as the API's: DATABASE_URL,
# REDIS_URL, SMTP_URL, MAIL_FROM, PUBLIC_URL). Several may run at once.
source "$(dirname "$0")/env.sh"
npx nx build worker --output-style=static >/dev/null
exec node dist/apps/worker/main.js
