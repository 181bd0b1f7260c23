#!/usr/bin/env bash
# Installs the locked dependencies when node_modules is missing or older than the lockfile.
source "$(dirname "$0")/env.sh"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
