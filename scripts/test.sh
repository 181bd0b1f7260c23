#!/usr/bin/env bash
# `npm test`: everything checked, on a fresh clone. Lint, type-check, unit tests under two time zones, the builds,
# integration tests over HTTP against real PostgreSQL, and the browser tests in Debian's Chromium.
source "$(dirname "$0")/env.sh"
export CI="${CI:-true}"

bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh

rm -rf test-output && mkdir -p test-output
# The test databases are made on the server DATABASE_URL names (default: the local one).
if [ -n "${DATABASE_URL:-}" ]; then
  export TEST_DATABASE_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-$(node -e 'const u=new URL(process.argv[1]);u.pathname="/postgres";console.log(u.toString())' "$DATABASE_URL")}"
fi

say "Lint"
npx nx run-many -t lint --output-style=static

say "Type-check"
npx tsc -p tsconfig.check.json

say "Unit tests, TZ=UTC"
TZ=UTC npx jest --ci --json --outputFile=test-output/unit-utc.json

say "Unit tests, TZ=Asia/Ho_Chi_Minh"
TZ=Asia/Ho_Chi_Minh npx jest --ci --json --outputFile=test-output/unit-hcm.json

say "Build (web production bundle, API, worker)"
npx nx run-many -t build -p web api worker --output-style=static

say "Integration tests over HTTP on PostgreSQL, TZ=UTC"
TZ=UTC npx jest -c apps/api/jest.int.config.cts --ci --json --outputFile=test-output/int-utc.json

say "Integration tests over HTTP on PostgreSQL, TZ=Asia/Ho_Chi_Minh"
TZ=Asia/Ho_Chi_Minh npx jest -c apps/api/jest.int.config.cts --ci --json --outputFile=test-output/int-hcm.json

say "The status and period SQL against the rule (libs/server/tasks), on PostgreSQL, TZ=UTC and TZ=Asia/Ho_Chi_Minh"
TZ=UTC npx jest -c libs/server/tasks/jest.int.config.cts --ci --json --outputFile=test-output/tasks-sql-utc.json
TZ=Asia/Ho_Chi_Minh npx jest -c libs/server/tasks/jest.int.config.cts --ci --json --outputFile=test-output/tasks-sql-hcm.json

say "Worker tests on PostgreSQL, Redis and a local SMTP server, TZ=UTC"
TZ=UTC npx jest -c apps/worker/jest.int.config.cts --ci --json --outputFile=test-output/worker-utc.json

say "Worker tests on PostgreSQL, Redis and a local SMTP server, TZ=Asia/Ho_Chi_Minh"
TZ=Asia/Ho_Chi_Minh npx jest -c apps/worker/jest.int.config.cts --ci --json --outputFile=test-output/worker-hcm.json

say "Browser tests in Chromium"
TZ=UTC npx playwright test -c apps/web-e2e/playwright.config.ts

node scripts/test-summary.js test-output
