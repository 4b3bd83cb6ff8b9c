#!/bin/sh
# Debian's Pango, HarfBuzz and a font: WeasyPrint renders the Boussole's PDF
# reports with them (terreau/boussole/pdf.py). Without them Terreau still runs;
# the PDF link answers that the PDF is not available on this server.
# espeak-ng and opus-tools: the demo's podcast episodes are read aloud from
# their transcript and encoded in Opus here, so that nothing is downloaded
# (terreau/demo/editorial.py); without them the demo has no episode.
# ffmpeg: the demo's video is made here from a drawn still and that voice
# (VP8 and Opus in WebM); without it the demo has no video. Recommended
# packages are left out: ffmpeg needs 77 packages without them, 97 with.
set -eu
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core espeak-ng opus-tools ffmpeg"
missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null; then
    echo "Missing$missing and no apt-get: no Boussole PDF, no demo podcast or video." >&2
    exit 0
fi
echo "Installing from Debian's packages:$missing"
if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Cannot install$missing without root: no Boussole PDF, no demo podcast or video." >&2
fi
