#!/usr/bin/env bash
# Server start to the first /locate answer (issue #21: <= 1 s on the city map), with the
# locator's image and without it: `bench/server-start.sh DB [LON LAT]` starts `wangge serve` on
# DB three times with the image beside it (writing it first if missing) and once without (the
# index built from the polygons, as every start did before), and prints the seconds from the
# process's start to the first 200 from /locate and its peak resident memory then.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench/server-start.sh DB [LON LAT]}
lon=${2:-101.72}; lat=${3:-26.58}
swift build -c release --product wangge >/dev/null
python3 - "$db" "$lon" "$lat" <<'PY'
import os, socket, subprocess, sys, time, urllib.request
db, lon, lat = sys.argv[1:4]
def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
def start():
    port = free_port()
    t = time.perf_counter()
    p = subprocess.Popen([".build/release/wangge", "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/locate?lon={lon}&lat={lat}", timeout=5) as r:
                if r.status == 200: break
        except Exception:
            if p.poll() is not None: sys.exit("serve stopped: " + p.stderr.read().decode())
            time.sleep(0.01)
    seconds = time.perf_counter() - t
    hwm = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmHWM"))
    p.terminate(); p.wait()
    return seconds, hwm / 1024
image = db + ".locator"
if not os.path.exists(image): start()          # the first start writes it
mapped = [start() for _ in range(3)]
os.rename(image, image + ".kept")
built = start()
os.replace(image + ".kept", image)              # (the start without it wrote a new one)
print(f"first /locate answer: with the image {min(m[0] for m in mapped):.3f} s (best of 3; peak {min(m[1] for m in mapped):.0f} MiB), "
      f"without it {built[0]:.3f} s (peak {built[1]:.0f} MiB); image {os.path.getsize(image) / 2**20:.0f} MiB")
PY
