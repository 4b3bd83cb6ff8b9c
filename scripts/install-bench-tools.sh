#!/bin/sh
# make bench's tools, from Debian's packages: wrk (the load generator) and
# nginx (the static ceiling). Only the binaries are used: the bench starts its
# own nginx with its own configuration on 127.0.0.1, never the system service.
set -eu
missing=""
command -v wrk >/dev/null || missing="$missing wrk"
[ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
[ -z "$missing" ] && exit 0
echo "Installing from Debian's packages:$missing"
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
# The package starts the system's nginx on port 80; the bench does not need it.
if [ -x /usr/sbin/nginx ] && [ -e /run/nginx.pid ]; then
    run /usr/sbin/nginx -s stop 2>/dev/null || true
fi
