#!/usr/bin/env bash
# Builds the web UI into OUT/web: installs the npm packages of web/package-lock.json when
# they are missing or stale (npm ci, exact versions), then copies our files and the parts of
# Leaflet, ECharts, proj4js and GeographicLib the pages load. No bundler: the app is plain ES2020 served as is.
set -euo pipefail
OUT=${1:?usage: scripts/web.sh OUT}
cd "$(dirname "$0")/.."
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    command -v npm >/dev/null || { echo "web: npm is missing (scripts/deps.sh installs it)" >&2; exit 1; }
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
rm -rf "$OUT/web.tmp"
mkdir -p "$OUT/web.tmp/vendor/leaflet" "$OUT/web.tmp/vendor/echarts" "$OUT/web.tmp/vendor/proj4" \
    "$OUT/web.tmp/vendor/geographiclib"
cp -r web/src/. "$OUT/web.tmp/"
cp -r web/node_modules/leaflet/dist/leaflet.js web/node_modules/leaflet/dist/leaflet.css \
    web/node_modules/leaflet/dist/images "$OUT/web.tmp/vendor/leaflet/"
cp web/node_modules/echarts/dist/echarts.min.js "$OUT/web.tmp/vendor/echarts/"
# the map's coordinate readout and jump (CGCS2000 3° Gauss–Krüger) and its ellipsoidal measure
cp web/node_modules/proj4/dist/proj4.js "$OUT/web.tmp/vendor/proj4/"
cp web/node_modules/geographiclib-geodesic/geographiclib-geodesic.min.js "$OUT/web.tmp/vendor/geographiclib/"
# precompressed twins of the text files over 1 KB, served to clients that take gzip
# (server/static); -n keeps names and times out, so the same files give the same bytes
find "$OUT/web.tmp" -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' \) \
    -size +1k -exec gzip -9 -n -k {} +
rm -rf "$OUT/web"
mv "$OUT/web.tmp" "$OUT/web"
echo "WEB $OUT/web"
