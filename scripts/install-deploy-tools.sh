#!/bin/sh
# Debian's nginx, for the test that checks the shipped site file with
# `nginx -t` (tests/test_deployment_files.py). Only the binary is used; the
# system service the package starts is stopped again.
set -eu
[ -x /usr/sbin/nginx ] && exit 0
echo "Installing nginx-light from Debian's packages"
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
if [ -e /run/nginx.pid ]; then
    run /usr/sbin/nginx -s stop 2>/dev/null || true
fi
