#!/usr/bin/env bash
# `npm test`: everything checked, on a fresh clone. Lint, type-check, unit tests under two time zones, the builds,
# integration tests over HTTP against real PostgreSQL, and the browser tests in Debian's Chromium.
source "$(dirname "$0")/env.sh"
export CI="${CI:-true}"

bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh

rm -rf test-output && mkdir -p test-output
# The integration runs below (both lanes, every app) copy one migrated template, and the API's share one demo loaded
# into it: made by the first run that needs it (libs/server/testing/src/lib/throwaway-database.ts), dropped here.
export TIENDO_TEST_SHARED_TEMPLATE_DB="tiendo_test_tpl_npm_$$_$(node -e 'console.log(require("crypto").randomBytes(3).toString("hex"))')"
trap 'node scripts/drop-test-template.js "$TIENDO_TEST_SHARED_TEMPLATE_DB" || true' EXIT
# The test databases are made on the server DATABASE_URL names (default: the local one).
if [ -n "${DATABASE_URL:-}" ]; then
  export TEST_DATABASE_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-$(node -e 'const u=new URL(process.argv[1]);u.pathname="/postgres";console.log(u.toString())' "$DATABASE_URL")}"
fi

# Steps that do not depend on each other run side by side (the machine has two cores; a Jest run keeps about one
# busy). Each writes to its own log, printed whole when all of them have ended; the step fails if any of them failed.
side_by_side() {
  local title="$1"; shift
  say "$title"
  local names=() pids=() logs=() failed=0 i
  mkdir -p test-output/logs
  while [ "$#" -gt 0 ]; do
    local name="$1" cmd="$2"; shift 2
    local log="test-output/logs/$(echo "$name" | tr -c 'A-Za-z0-9' '-').log"
    names+=("$name"); logs+=("$log")
    # Each lane's own duration ends its log, so a slow lane shows.
    ( started=$SECONDS; rc=0; bash -c "$cmd" || rc=$?; echo "(this lane: $(( SECONDS - started )) s)"; exit $rc ) > "$log" 2>&1 &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then status=passed; else status="FAILED"; failed=1; fi
    printf '\n\033[1m-- %s: %s (%s)\033[0m\n' "${names[$i]}" "$status" "$(tail -1 "${logs[$i]}" | sed 's/^(this lane: \(.*\))$/\1/')"
    cat "${logs[$i]}"
  done
  return "$failed"
}

# What runs, and where, is set by the two cores: every step is CPU-bound, so the steps are packed into lanes that
# keep both busy. Timed on a quiet 2-core machine (README, "Tests").
#
# 1. Lint (one ESLint process over the workspace, each file under the eslint.config.mjs nearest to it, as ESLint 10
#    does by default and as `nx run-many -t lint` does project by project; one process instead of 37 saves a minute),
#    type-check (tsc over all server code and tests), the deployment files (the Kubernetes manifests in
#    deploy/k8s rendered with kubectl kustomize and checked against the API's schemas; docker-compose.yml's scaling,
#    scripts/*.spec.js) and the builds the browser tests serve (web production bundle, API, worker), side by side.
side_by_side "Lint, type-check, the deployment files and the build (web production bundle, API, worker)" \
  "Lint" "npm run lint --silent" \
  "Type-check" "npx tsc -p tsconfig.check.json" \
  "Kubernetes manifests and compose" "npx jest -c scripts/jest.config.cjs --ci --json --outputFile=test-output/manifests.json" \
  "Build" "npx nx run-many -t build -p web api worker --output-style=static"

# 2. Three lanes at once:
#    - the browser tests: Debian's Chromium against the built API serving the built web app (about one core);
#    - unit tests, then the integration tier over HTTP on PostgreSQL, whole, under TZ=UTC;
#    - the integration tier again under TZ=Asia/Ho_Chi_Minh for the files whose subject holds calendar days
#      (apps/api/jest.int.config.cts: TIENDO_INT_DATES_ONLY), the status and period SQL against the rule
#      (libs/server/tasks) and the worker on PostgreSQL, Redis and a local SMTP server, under both zones (the worker's
#      files without calendar days once, apps/worker/jest.int.config.cts), then the unit tests under that zone.
#    The two Jest lanes start on different tiers and meet the same files later: Jest's transform cache (ts-jest's
#    output, one per file and settings, not per time zone) is filled once instead of twice side by side; and the
#    integration runs share one migrated template and one demo (TIENDO_TEST_SHARED_TEMPLATE_DB above).
#    The API's integration runs, the worker's UTC run and the UTC unit run use two Jest workers each: a file of the
#    integration tiers waits on PostgreSQL between its requests, so one worker per lane left a core idle whenever the
#    browser lane was not busy (measured: 86% of the two cores busy with one worker per lane, 97-99% with two, and
#    the lanes end closer together).
side_by_side "Browser tests in Chromium; unit and integration tests under TZ=UTC; under TZ=Asia/Ho_Chi_Minh, and the status SQL and the worker under both" \
  "Browser tests" "TZ=UTC npx playwright test -c apps/web-e2e/playwright.config.ts" \
  "Unit and integration tests, TZ=UTC" "TZ=UTC npx jest --ci --maxWorkers=2 --json --outputFile=test-output/unit-utc.json; unit=\$?; TZ=UTC npx jest -c apps/api/jest.int.config.cts --ci --maxWorkers=2 --json --outputFile=test-output/int-utc.json && exit \$unit" \
  "Integration and unit tests, TZ=Asia/Ho_Chi_Minh; status SQL and worker, both zones" "status=0; run() { \"\$@\" || status=1; }
    run env TZ=Asia/Ho_Chi_Minh TIENDO_INT_DATES_ONLY=1 npx jest -c apps/api/jest.int.config.cts --ci --maxWorkers=2 --json --outputFile=test-output/int-hcm.json
    run env TZ=UTC npx jest -c libs/server/tasks/jest.int.config.cts --ci --json --outputFile=test-output/tasks-sql-utc.json
    run env TZ=UTC npx jest -c apps/worker/jest.int.config.cts --ci --maxWorkers=2 --json --outputFile=test-output/worker-utc.json
    run env TZ=Asia/Ho_Chi_Minh npx jest -c libs/server/tasks/jest.int.config.cts --ci --json --outputFile=test-output/tasks-sql-hcm.json
    run env TZ=Asia/Ho_Chi_Minh TIENDO_INT_DATES_ONLY=1 npx jest -c apps/worker/jest.int.config.cts --ci --json --outputFile=test-output/worker-hcm.json
    run env TZ=Asia/Ho_Chi_Minh npx jest --ci --json --outputFile=test-output/unit-hcm.json
    exit \$status"

say "Done"
node scripts/test-summary.js test-output
