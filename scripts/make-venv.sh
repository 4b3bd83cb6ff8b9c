#!/bin/sh
# Create the virtual environment with Python 3.11, 3.12 or 3.13 (Debian 12
# ships 3.11, Debian 13 ships 3.13; the lock files hold wheels for each). On a fresh Debian the venv
# module comes in a separate package (python3-venv): install it when we can.
set -eu
python="$1"
venv="$2"
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case "$version" in
    3.11|3.12|3.13) ;;
    *)
        echo "Terreau needs Python 3.11 to 3.13 (found $version with $python). Try: make PYTHON=python3.13 …" >&2
        exit 1
        ;;
esac
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
