#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
source "$(dirname "$0")/env.sh"
if ! command -v chromium >/dev/null; then
  say "Installing Debian's chromium"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  else
    echo "Chromium is missing: install Debian's chromium package (apt-get install chromium)." >&2
    exit 1
  fi
fi
