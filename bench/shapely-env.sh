# Shared set-up of the races against shapely (bench/compare-*.sh): the machine's packages,
# release builds of wangge and wangge-bench, and a virtual environment with shapely 2 in
# $work/venv. Source it from the repository's root with $work set.
bash scripts/setup.sh
swift build -c release --product wangge >/dev/null
swift build -c release --product wangge-bench >/dev/null
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q shapely numpy
fi
