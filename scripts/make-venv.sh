#!/bin/sh
# Create the virtual environment with Python 3.11. On a fresh Debian the venv
# module comes in a separate package (python3-venv): install it when we can.
set -eu
python="$1"
venv="$2"
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$version" != "3.11" ]; then
    echo "Terreau needs Python 3.11 (found $version with $python). Try: make PYTHON=python3.11 …" >&2
    exit 1
fi
if ! "$python" -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    else
        echo "Python's venv module is missing: install python3-venv." >&2
        exit 1
    fi
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
