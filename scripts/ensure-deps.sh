#!/usr/bin/env bash
# Installs the locked dependencies when node_modules is missing or older than the lockfile.
source "$(dirname "$0")/env.sh"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
# kubectl (with Kustomize built in) renders the Kubernetes manifests for npm test's check (scripts/check-manifests.mjs);
# no cluster is needed. Installed with apt-get when an apt source offers the `kubectl` package (Kubernetes' own
# pkgs.k8s.io, or a mirror); otherwise the check fails saying so, and the rest of npm test still runs.
if ! command -v "${KUBECTL:-kubectl}" >/dev/null; then
  say "Installing kubectl (apt-get install kubectl)"
  if ! { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null; }; then
    echo "kubectl is missing and could not be installed: add an apt source with the kubectl package (pkgs.k8s.io) and run apt-get install kubectl as root, or set KUBECTL to its path. The Kubernetes manifests' check will fail." >&2
  fi
fi
