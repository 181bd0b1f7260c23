#!/usr/bin/env bash
# `npm start`: the product with demo data at http://localhost:3000 on a fresh machine.
source "$(dirname "$0")/env.sh"

bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh

# Settings kept on this machine across starts (never committed): a signing secret and the first admin.
if [ ! -f .env ]; then
  {
    echo "JWT_SECRET=$(node -e 'console.log(require("crypto").randomBytes(48).toString("base64url"))')"
    echo "ADMIN_USERNAME=admin"
    echo "ADMIN_PASSWORD=$(node -e 'console.log("Qtht-" + require("crypto").randomBytes(6).toString("base64url"))')"
  } > .env
  chmod 600 .env
fi
set -a; source .env; set +a
export WEB_DIST="${WEB_DIST:-$ROOT/dist/apps/web/browser}"
# The links in notifications and e-mails (API and worker read the same setting) point at the port served here.
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:${PORT:-3000}}"
# Warnings and errors only on the console; LOG_LEVEL=info shows every request.
export LOG_LEVEL="${LOG_LEVEL:-warn}"

say "Building the web app and the API"
npx nx run-many -t build -p web api worker --output-style=static >/dev/null

say "Migrating and loading the demo data"
node dist/apps/api/main.js seed-demo

say "Tiến Độ at $PUBLIC_URL (the reminder worker runs beside it)"
node dist/apps/worker/main.js &
WORKER=$!
trap 'kill $WORKER 2>/dev/null' EXIT INT TERM
node dist/apps/api/main.js
