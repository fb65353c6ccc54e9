"""The scale benchmark (issue #19): a seeded city with millions of history petitions, on both stores.

Run through bench/scale.sh, which builds the release binaries and, for PostgreSQL, gives a server.
For each store: import time and peak memory (the registry, then the petitions file), the database's
size, a server's start to its first /locate answer, its memory, /locate, /heatmap (500 m hexagons
over one year, server time from Server-Timing), the petitions layer paged deep, /stats by street for
a month, and petitions posted per second (one server on SQLite; two servers over one database on
PostgreSQL). Prints one line a figure; nothing is asserted.
"""
import argparse, http.client, json, os, random, re, socket, statistics, subprocess, sys, tempfile, threading, time

WANGGE = ".build/release/wangge"


def run_timed(args):
    """Runs a command under /usr/bin/time: (seconds, peak MiB, stdout)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{p.stderr[-3000:]}")
    return seconds, int(p.stderr.strip().splitlines()[-1]) / 1024, p.stdout


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Server:
    def __init__(self, db):
        self.port = free_port()
        self.started = time.perf_counter()
        # The log goes to a file: a pipe nobody reads fills up (64 KiB) and the server then
        # blocks writing its log — as the first scale runs did, posting 4 and 24 a second.
        self.log = tempfile.NamedTemporaryFile(prefix="wangge-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen([WANGGE, "serve", "--db", db, "--port", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=self.log)

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def first_answer(self, lon, lat):
        while True:
            try:
                c = self.connection()
                c.request("GET", f"/locate?lon={lon}&lat={lat}")
                r = c.getresponse(); r.read()
                if r.status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                if self.process.poll() is not None:
                    sys.exit("serve stopped: " + open(self.log.name, errors="replace").read()[-3000:])
                time.sleep(0.02)

    def memory(self):
        fields = {l.split(":")[0]: int(l.split()[1]) for l in open(f"/proc/{self.process.pid}/status") if l.startswith("Vm")}
        return fields["VmRSS"] / 1024, fields["VmHWM"] / 1024

    def stop(self):
        self.process.terminate(); self.process.wait()
        os.unlink(self.log.name)


def get(conn, path, token=None):
    """(client seconds, status, server milliseconds from Server-Timing or None, body bytes)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    t = time.perf_counter()
    conn.request("GET", path, headers=headers)
    r = conn.getresponse(); body = r.read()
    seconds = time.perf_counter() - t
    timing = r.getheader("Server-Timing")
    server = sum(float(d) for d in re.findall(r"dur=([0-9.]+)", timing)) if timing else None
    return seconds, r.status, server, len(body)


def ms(x):
    return f"{x * 1000:.1f} ms"


def points(file, n):
    out = []
    with open(file) as f:
        for line, _ in zip(f, range(n)):
            lon, lat = json.loads(line)["geometry"]["coordinates"]
            out.append((lon, lat))
    return out


def bench_store(name, db, city, petitions_file, sample, total, database_size):
    print(f"## {name}")
    t, peak, _ = run_timed([WANGGE, "import", "--db", db, "all", city])
    print(f"import registry (areas, 1 M buildings, units…): {t:.1f} s, peak {peak:.0f} MiB")
    t, peak, _ = run_timed([WANGGE, "import", "--db", db, "petitions", petitions_file])
    print(f"import {total:,} petitions: {t:.1f} s = {total / t:,.0f} per s, peak {peak:.0f} MiB")
    print(f"database size: {database_size() / 2**30:.2f} GiB")
    _, _, out = run_timed([WANGGE, "token", "create", "--db", db, "--role", "dispatcher", "--label", "scale bench"])
    token = out.split()[0]

    server = Server(db)
    print(f"server start to first /locate: {server.first_answer(*sample[0]):.2f} s")
    conn = server.connection()
    times = [get(conn, f"/locate?lon={lon}&lat={lat}")[0] for lon, lat in sample[:1000]]
    print(f"/locate, {len(times)} points one after another: median {ms(statistics.median(times))}, "
          f"p99 {ms(sorted(times)[int(len(times) * 0.99)])}")

    heat = "/heatmap?bin=hex&size=500&from=2025-12-01&to=2026-11-30"
    first = get(conn, heat)       # the first waits for the ledger to be read
    runs = [get(conn, heat) for _ in range(9)]
    server_ms = sorted(r[2] for r in runs if r[2] is not None)
    print(f"/heatmap 500 m hexagons, one year: first answer {first[0]:.2f} s; then server time best {server_ms[0]:.0f} ms, "
          f"median {statistics.median(server_ms):.0f} ms (client median {ms(statistics.median(r[0] for r in runs))}, "
          f"{runs[0][3] / 1e6:.1f} MB)")

    for offset in [0, 100_000, total // 2, total - 100]:
        r = [get(conn, f"/collections/petitions/items?limit=100&offset={offset}", token) for _ in range(3)]
        assert r[0][1] == 200, r[0]
        print(f"petitions items, 100 at offset {offset:,}: median {ms(statistics.median(x[0] for x in r))}")

    stats = "/stats?by=area&level=street&from=2026-10-01&to=2026-10-31"
    r = [get(conn, stats) for _ in range(3)]
    assert r[0][1] == 200, r[0]
    print(f"/stats by street for a month: first {ms(r[0][0])}, then median {ms(statistics.median(x[0] for x in r[1:]))}")
    rss, hwm = server.memory()
    print(f"server memory after these: {rss:.0f} MiB resident, peak {hwm:.0f} MiB")

    servers = [server] + ([Server(db)] if name == "PostgreSQL" else [])
    for s in servers[1:]:
        s.first_answer(*sample[0])
    posted = post_for(servers, token, sample, seconds=20, clients=8)
    print(f"petitions posted per second, {len(servers)} server(s), 8 clients, 20 s: {posted:,.0f}")
    for s in servers:
        s.stop()


def post_for(servers, token, sample, seconds, clients):
    done = [0] * clients
    failures = []
    stop = time.perf_counter() + seconds

    def client(k):
        conn = servers[k % len(servers)].connection()
        rng = random.Random(k)
        while time.perf_counter() < stop:
            lon, lat = rng.choice(sample)
            body = json.dumps({"channel": "hotline", "kind": "request", "category": "water", "text": "规模测试：水管漏水",
                               "location": {"lon": lon, "lat": lat}}, ensure_ascii=False).encode()
            conn.request("POST", "/petitions", body=body,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            r = conn.getresponse(); r.read()
            if r.status == 201:
                done[k] += 1
            else:
                failures.append(r.status)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t = time.perf_counter()
    for th in threads: th.start()
    for th in threads: th.join()
    if failures:
        print(f"  ({len(failures)} posts failed: {sorted(set(failures))})")
    return sum(done) / (time.perf_counter() - t)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--petitions", type=int, default=10_000_000)
    a.add_argument("--buildings", type=int, default=1_000_000)
    a.add_argument("--dir", required=True)
    a.add_argument("--postgres", help="a server's URL whose user may create databases")
    a.add_argument("--stores", default="sqlite,postgres")
    o = a.parse_args()
    subprocess.run([".build/release/wangge-bench", "history", "--petitions", str(o.petitions), "--buildings", str(o.buildings),
                    "--dir", o.dir, "--files-only"], check=True)
    city, file = o.dir + "/city", f"{o.dir}/petitions-{o.petitions}.geojsonl"
    sample = points(file, 1000)
    if "sqlite" in o.stores:
        db = o.dir + "/scale.db"
        for suffix in ["", "-wal", "-shm", ".locator"]:
            if os.path.exists(db + suffix): os.remove(db + suffix)
        bench_store("SQLite", db, city, file, sample, o.petitions,
                    lambda: sum(os.path.getsize(db + s) for s in ["", "-wal"] if os.path.exists(db + s)))
        for suffix in ["", "-wal", "-shm", ".locator"]:
            if os.path.exists(db + suffix): os.remove(db + suffix)
    if "postgres" in o.stores and o.postgres:
        m = re.match(r"postgresql://([^@]+)@([^:/]+):(\d+)/", o.postgres)
        user, host, port = m.groups()
        psql = ["psql", "-X", "-q", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
        subprocess.run(psql + ["-c", "DROP DATABASE IF EXISTS wangge_scale", "-c", "CREATE DATABASE wangge_scale"], check=True)
        url = f"postgresql://{user}@{host}:{port}/wangge_scale"
        size = lambda: int(subprocess.run(psql + ["-At", "-c", "SELECT pg_database_size('wangge_scale')"],
                                          capture_output=True, text=True, check=True).stdout)
        try:
            bench_store("PostgreSQL", url, city, file, sample, o.petitions, size)
        finally:
            subprocess.run(psql + ["-c", "DROP DATABASE IF EXISTS wangge_scale"])


if __name__ == "__main__":
    main()
