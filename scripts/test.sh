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
    bash -c "$cmd" > "$log" 2>&1 &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then status=passed; else status="FAILED"; failed=1; fi
    printf '\n\033[1m-- %s: %s\033[0m\n' "${names[$i]}" "$status"
    cat "${logs[$i]}"
  done
  return "$failed"
}

# The deployment files, offline: the Kubernetes manifests (deploy/k8s) rendered with kubectl kustomize and checked
# against the API's schemas, and docker-compose.yml's scaling (scripts/*.spec.js).
side_by_side "Lint and type-check, and the deployment files" \
  "Lint" "npx nx run-many -t lint --output-style=static" \
  "Type-check" "npx tsc -p tsconfig.check.json" \
  "Kubernetes manifests and compose" "npx jest -c scripts/jest.config.cjs --ci --json --outputFile=test-output/manifests.json"

side_by_side "Unit tests under TZ=UTC and TZ=Asia/Ho_Chi_Minh, and the build (web production bundle, API, worker)" \
  "Unit tests, TZ=UTC" "TZ=UTC npx jest --ci --json --outputFile=test-output/unit-utc.json" \
  "Unit tests, TZ=Asia/Ho_Chi_Minh" "TZ=Asia/Ho_Chi_Minh npx jest --ci --json --outputFile=test-output/unit-hcm.json" \
  "Build" "npx nx run-many -t build -p web api worker --output-style=static"

side_by_side "Integration tests over HTTP on PostgreSQL, under TZ=UTC and TZ=Asia/Ho_Chi_Minh" \
  "Integration tests, TZ=UTC" "TZ=UTC npx jest -c apps/api/jest.int.config.cts --ci --json --outputFile=test-output/int-utc.json" \
  "Integration tests, TZ=Asia/Ho_Chi_Minh" "TZ=Asia/Ho_Chi_Minh npx jest -c apps/api/jest.int.config.cts --ci --json --outputFile=test-output/int-hcm.json"

# The browser tests drive one Chromium against one API (about one core); the status SQL and the worker tier run beside
# them, one time zone after the other.
side_by_side "Browser tests in Chromium; beside them the status and period SQL against the rule (libs/server/tasks) and the worker on PostgreSQL, Redis and a local SMTP server, under TZ=UTC and TZ=Asia/Ho_Chi_Minh" \
  "Browser tests" "TZ=UTC npx playwright test -c apps/web-e2e/playwright.config.ts" \
  "Status SQL and worker, TZ=UTC then TZ=Asia/Ho_Chi_Minh" "TZ=UTC npx jest -c libs/server/tasks/jest.int.config.cts --ci --json --outputFile=test-output/tasks-sql-utc.json && TZ=UTC npx jest -c apps/worker/jest.int.config.cts --ci --json --outputFile=test-output/worker-utc.json && TZ=Asia/Ho_Chi_Minh npx jest -c libs/server/tasks/jest.int.config.cts --ci --json --outputFile=test-output/tasks-sql-hcm.json && TZ=Asia/Ho_Chi_Minh npx jest -c apps/worker/jest.int.config.cts --ci --json --outputFile=test-output/worker-hcm.json"

say "Done"
node scripts/test-summary.js test-output
