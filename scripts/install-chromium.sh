#!/bin/sh
# Debian's chromium drives the browser tests through Playwright; Playwright's
# own browser download is never used (these machines cannot fetch it).
set -eu
[ -x /usr/bin/chromium ] && exit 0
if ! command -v apt-get >/dev/null; then
    echo "No /usr/bin/chromium and no apt-get: the browser tests will be skipped." >&2
    exit 0
fi
echo "Installing Debian's chromium for the browser tests…"
if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
    echo "Cannot install chromium without root: the browser tests will be skipped." >&2
fi
