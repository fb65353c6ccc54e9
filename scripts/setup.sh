#!/usr/bin/env bash
# Installs the Debian packages Wangge needs (with --tests: those its tests need too), only those
# missing. Safe to run again.
set -euo pipefail
# The service: SQLite, SpatiaLite, GDAL (to read what it serves), Leaflet for the map page.
packages=(libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite pkg-config gdal-bin libjs-leaflet)
# The tests also load the map page in headless Chromium (with a CJK font for its screenshot) and
# work the desk end to end in it through chromium-driver (WebDriver).
# The PostgreSQL store's tests run against a private PostgreSQL 15 + PostGIS cluster (scripts/postgres.sh).
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium chromium-driver fonts-wqy-microhei postgresql-15 postgresql-15-postgis-3 openssl)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Wangge needs Swift 6)" >&2; exit 1; }
# The OpenAPI document's test validates it with the reference validator from PyPI; the
# interoperability tests read the API with OWSLib, the OGC client most Python GIS scripts use.
python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install -q openapi-spec-validator
# The desk's end-to-end test drives the browsers with Selenium (Debian's chromedriver, no download).
if [ "${1:-}" = "--tests" ]; then
  python3 -c 'import owslib' 2>/dev/null || python3 -m pip install -q OWSLib
  python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium
  # The Open311 tests read the API with georeport, a GeoReport v2 client from PyPI.
  python3 -c 'import georeport' 2>/dev/null || python3 -m pip install -q georeport
  # The vector-tile tests decode tiles with mapbox-vector-tile (PyPI) besides GDAL's MVT driver.
  python3 -c 'import mapbox_vector_tile' 2>/dev/null || python3 -m pip install -q mapbox-vector-tile
  # The CQL2 tests check every generated filter against pygeofilter's own parser and evaluator
  # (with shapely for its spatial functions).
  python3 -c 'import pygeofilter, shapely' 2>/dev/null || python3 -m pip install -q pygeofilter shapely
fi
