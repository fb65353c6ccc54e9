#!/usr/bin/env bash
# Installs the Debian packages Wangge needs, only those missing. Safe to run again.
set -euo pipefail
packages=(libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite pkg-config gdal-bin)
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
# The OpenAPI document's test validates it with the reference validator from PyPI.
python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install -q openapi-spec-validator
