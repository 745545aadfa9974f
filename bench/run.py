"""Newsline's benchmarks: `make bench` (all) or `make bench ONLY=pages,fanout`.

    pages   reader page and updates endpoint, 200 and 304, beside nginx
    fanout  SSE fan-out to 1k/5k/10k readers, beside django-eventstream
    growth  uncached page and updates at 100 vs 100,000 posts, SQLite and PostgreSQL
    storm   every reader dropped at once, then resumed with Last-Event-ID
    stalled readers that stop reading while large posts are published: memory bound
    votes   a flood of poll votes while readers watch the blog: votes/s, and the
            posts' fan-out p99 beside the same readers with no votes; the votes
            through Django's view (as before) and through the fast lane
    grip    fan-out behind a GRIP proxy (Pushpin) beside direct granian and uvicorn and django-eventstream
    origin  one direct server for both 10k targets: today's granian and uvicorn (an earlier commit)
            beside this commit's servers and the stream node's default (`serve --role streams`)

Each run uses throwaway databases and a temporary directory; it never
touches var/. The server and the load generator are pinned to separate
cores. Results (with the machine's facts) go to bench/results/<date>.md and
.json and are printed. Benchmarks are not tests: nothing here asserts.

Environment knobs (for a quicker look, not for the published figures):
    BENCH_SECONDS=10      wrk duration for `pages`
    BENCH_GROWTH_SECONDS=2     (per round; 3 rounds)
    BENCH_FANOUT_NS=1000,5000,10000
    BENCH_PUBLISH=10      events published per fan-out run
    BENCH_STORM_N=5000
    BENCH_VOTES_READERS=5000   BENCH_VOTES_SECONDS=12   BENCH_VOTES_CONNS=160   BENCH_VOTES_RATE=1000
    BENCH_VOTES_MODES=quiet,django,fast,alone
    BENCH_GRIP_NS=1000,10000,20000
    BENCH_GRIP_KINDS=granian,streams,pushpin-defaults,pushpin,eventstream
    BENCH_GRIP_PER_PROXY=10000   (readers per Pushpin instance: N above it starts more instances)
    BENCH_GRIP_PROXY_CORES=0,1   (Pushpin's cores, taskset's list; the server core alone by default)
    BENCH_KEEP_PUSHPIN_LOG=1   (copies Pushpin's log to bench/results/)
    BENCH_PUSHPIN_SET="message_rate=2500 log_level=3"   (Pushpin settings over the template's)
    BENCH_GRIP_ORIGIN_CORE=0   (behind the proxy: the origin beside Pushpin; by default it runs with the swarm)
    BENCH_ORIGIN_N=10000   BENCH_ORIGIN_ROUNDS=1   BENCH_ORIGIN_BASELINE=<commit> (today's code)
    BENCH_ORIGIN_KINDS=today-granian,today-uvicorn,granian,granian-8k,streams
    BENCH_ORIGIN_EXTRA="gc:WEB_GC_THRESHOLD=700,10,10"   (one more stream-node row with these settings; the default)
    BENCH_ORIGIN_INTERVAL=1   (seconds between the events)
"""

import argparse
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lib  # noqa: E402
from lib import log  # noqa: E402

NAMES = ("pages", "fanout", "growth", "storm", "stalled", "votes", "grip", "origin")
RESULTS = lib.BENCH / "results"
REDIS_URL = "redis://127.0.0.1:6379/0"
# The votes bench's cache and broker: a database number of its own on the
# shared Redis, so its counters never meet anyone else's.
VOTES_REDIS_URL = "redis://127.0.0.1:6379/11"
# granian holds at most --backpressure requests in flight per worker (default
# backlog/workers = 1024), and an open stream is a request in flight. The
# fan-out runs raise it through granian's own environment variable; the
# limit as shipped is probed and reported first.
BACKPRESSURE = "16384"
# Django's part of the page runs its sync view in one thread, so more
# connections only queue; 16 keeps the queue (and the drain after each run) short.
GROWTH_CONNS = 16
GROWTH_ROUNDS = 3


# Set-up -------------------------------------------------------------------------


def ensure_tools():
    missing = [t for t, pkg in (("wrk", "wrk"), ("nginx", "nginx-light")) if not shutil.which(t)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        pkgs = {"wrk": "wrk", "nginx": "nginx-light"}
        log(f"installing {', '.join(pkgs[m] for m in missing)} with apt-get")
        subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", *(pkgs[m] for m in missing)],
                       check=False, capture_output=True)
    still = [t for t in ("wrk", "nginx", "taskset") if not shutil.which(t)]
    if still:
        raise SystemExit(f"bench needs {', '.join(still)} (apt-get install wrk nginx-light util-linux)")


def ensure_venv(venv: Path, requirements: Path):
    """A venv beside the project's, installed from pinned requirements, redone
    only when the requirements change."""
    marker = venv / ".installed"
    if marker.exists() and marker.read_text() == requirements.read_text():
        return
    log(f"installing {requirements.relative_to(lib.ROOT)} into {venv.relative_to(lib.ROOT)}")
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(requirements)],
                   check=True)
    marker.write_text(requirements.read_text())


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# Small helpers --------------------------------------------------------------------


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def f0(x):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.0f}"


def f1(x):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.1f}"


def f2(x):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.2f}"


def f3(x):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.3f}"


def busy(r):
    """'server % of a core / everything else's % of a core' over a wrk run."""
    own = 100 * (r["server_cpu_s"] + r.get("db_cpu_s", 0)) / max(0.001, r["seconds"])
    return f"{own:.0f} / {r.get('others_pct', float('nan')):.0f}"


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


class Ctx:
    """What every benchmark shares in one run."""

    def __init__(self):
        self.ws = lib.Workspace()
        self.data: dict = {}
        self._static = False

    def prepare_db(self, env):
        lib.manage(env, "migrate", "--noinput", "-v0")
        if not self._static:
            lib.manage(env, "collectstatic", "--noinput", "-v0")
            self._static = True


def seconds(name, default):
    return int(os.environ.get(name, default))


# 1. pages ------------------------------------------------------------------------


def web_servers(env) -> list[str]:
    """The ASGI servers `manage.py serve` can run (`--server`), default first."""
    out = lib.manage(env, "serve", "--help")
    m = re.search(r"--server \{([^}]*)\}", out)
    if not m:
        return ["granian"]
    names = m.group(1).split(",")
    d = re.search(r"default (\w+)", out[m.end():])
    default = d.group(1) if d and d.group(1) in names else names[0]
    return [default] + [n for n in names if n != default]


def bench_pages(ctx: Ctx) -> str:
    dur = seconds("BENCH_SECONDS", 10)
    env = ctx.ws.newsline_env({"SQLITE_PATH": ctx.ws.dir / "pages.sqlite3"})
    ctx.prepare_db(env)
    blog = lib.seed(env, "blog", "--slug", "bench50", "--posts", 50)[0]
    head = blog["head"]
    servers = web_servers(env)
    ctx.servers = servers
    www = ctx.ws.dir / "www"
    www.mkdir(exist_ok=True)
    cases = [
        ("reader page /live/bench50/ (50 posts)", "/live/bench50/", "page.html"),
        ("updates ?after=head (up to date)", f"/live/bench50/updates?after={head}", "updates-head.json"),
    ]
    results = {label: {"path": path, "file": fname, "by": {}} for label, path, fname in cases}
    for kind in servers:
        server = lib.Server(
            ctx.ws, dict(env, WEB_SERVER=kind), f"pages-{kind}", ready_path="/live/bench50/updates"
        ).start()
        try:
            for label, path, fname in cases:
                status, hdrs, body = lib.http_get(server.port, path)
                assert status == 200, (path, status)
                if kind == servers[0]:
                    (www / fname).write_bytes(body)
                    results[label]["bytes"] = len(body)
                etag = hdrs.get("etag")
                s304 = lib.http_get(server.port, path, {"If-None-Match": etag})[0] if etag else None
                lib.wrk(server.port, path, duration=1)  # warm-up, not counted
                r200 = lib.wrk(server.port, path, duration=dur, server_pids=server.pids())
                r304 = (lib.wrk(server.port, path, duration=dur, headers=[f"If-None-Match: {etag}"],
                                server_pids=server.pids()) if s304 == 304 else None)
                results[label]["by"][kind] = {"200": r200, "304": r304, "bytes": len(body)}
                log(f"pages: {kind}: {label}: 200 {r200['rps']:.0f}/s, 304 {r304['rps'] if r304 else 0:.0f}/s")
        finally:
            server.stop()
    nginx = lib.Nginx(ctx.ws, www).start()
    try:
        for label, r in results.items():
            path = "/" + r["file"]
            status, hdrs, body = lib.http_get(nginx.port, path)
            assert status == 200 and body == (www / r["file"]).read_bytes()
            etag = hdrs["etag"]
            assert lib.http_get(nginx.port, path, {"If-None-Match": etag})[0] == 304
            lib.wrk(nginx.port, path, duration=1)
            r["by"]["nginx"] = {"200": lib.wrk(nginx.port, path, duration=dur, server_pids=nginx.pids()),
                                "304": lib.wrk(nginx.port, path, duration=dur, headers=[f"If-None-Match: {etag}"],
                                               server_pids=nginx.pids())}
            log(f"pages: nginx {r['file']}: 200 {r['by']['nginx']['200']['rps']:.0f}/s, "
                f"304 {r['by']['nginx']['304']['rps']:.0f}/s")
    finally:
        nginx.stop()
    ctx.data["pages"] = {"servers": servers, "duration": dur, "results": results}

    rows = []
    for label, r in results.items():
        for code, target in (("200", 0.5), ("304", 0.3)):
            g = r["by"]["nginx"][code]
            rows.append([label, code, "nginx (static file)", f0(r["bytes"]) if code == "200" else "0", f0(g["rps"]),
                         f3(g["cpu_per_1k_ms"] / 1000), f1(g["lat_99_ms"]), busy(g), "", "", ""])
            for kind in servers:
                n = r["by"][kind][code]
                if n is None:
                    rows.append([label, code, f"Newsline on {kind}", "", "no 304", "", "", "", "",
                                 f"≥ {target:.0%}", "not met"])
                    continue
                ratio = n["rps"] / g["rps"] if g["rps"] else float("nan")
                rows.append([label, code, f"Newsline on {kind}", f0(r["by"][kind]["bytes"]) if code == "200" else "0",
                             f0(n["rps"]), f3(n["cpu_per_1k_ms"] / 1000), f1(n["lat_99_ms"]), busy(n),
                             f"{ratio:.0%}", f"≥ {target:.0%}", "met" if ratio >= target else "not met"])
    return "\n".join([
        "## 1. Reader page and updates endpoint, against nginx",
        "",
        f"`wrk -t1 -c64 -d{dur}s --latency` pinned to core {lib.LOAD_CORE}; the server pinned to core "
        f"{lib.SERVER_CORE}: `manage.py serve` with 1 worker on each ASGI server it offers ({', '.join(servers)}; "
        f"`WEB_SERVER`), and nginx {lib.nginx_version()} (1 worker, `etag on`, `access_log off`) serving the bytes "
        "Newsline sent as static files. CPU s/1k = the server's CPU seconds (utime+stime of all its processes, "
        "/proc/<pid>/stat) per 1,000 requests. CPU % = the server's processes, then every process that is not "
        "the bench's (other work on the machine), as % of one core over the run; wrk's own core is in neither.",
        "",
        table(["request", "status", "server", "body bytes", "req/s", "CPU s/1k", "p99 ms", "CPU % server / others",
               "of nginx", "target", ""], rows),
    ])


# 2. fan-out ------------------------------------------------------------------------


class Swarm:
    def __init__(self, ctx: Ctx, port: int, path: str, n: int, reconnect=False, max_seconds=150, name="swarm",
                 also_ports=()):
        args = [lib.LOAD_PY, lib.BENCH / "swarm.py", "--port", port, "--path", path, "--n", n,
                "--max-seconds", max_seconds, "--connect-timeout", 60]
        if also_ports:
            args += ["--also-ports", *also_ports]
        if reconnect:
            args.append("--reconnect")
        self.err = open(ctx.ws.dir / f"{name}-{port}.err", "w")
        self.proc = lib.start(args, core=lib.LOAD_CORE, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=self.err, text=True)
        self.dump_path = ctx.ws.dir / f"{name}-{port}-{n}.json"

    def read(self, event, timeout):
        deadline = time.monotonic() + timeout
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            while time.monotonic() < deadline:
                if not sel.select(max(0.0, deadline - time.monotonic())):
                    break
                line = self.proc.stdout.readline()
                if not line:
                    break
                msg = json.loads(line)
                if msg.get("event") == event:
                    return msg
        finally:
            sel.close()
        raise RuntimeError(f"swarm: no {event!r} within {timeout}s")

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def dump(self):
        self.send(f"dump {self.dump_path}")
        self.read("dumped", 60)
        data = json.loads(self.dump_path.read_text())
        self.stop()
        return data

    def stop(self):
        lib.stop(self.proc)
        self.err.close()


def run_publisher(argv, env, cwd=None):
    """Run a publisher to completion on the load core; its JSON lines."""
    p = subprocess.run(["taskset", "-c", lib.LOAD_CORE, *map(str, argv)], env=env, cwd=cwd, capture_output=True,
                       text=True, timeout=120)
    if p.returncode:
        raise RuntimeError(f"publisher failed: {p.stderr[-2000:]}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


def iso_ts(at: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(at).timestamp()


def delivery_stats(dump, published, t_from=None, t_to=None):
    """Latencies (ms) of every delivery of a published event, by kernel receive
    time and by the swarm's read time; delivery ratio; duplicates; swarm lag."""
    at = {p["seq"]: iso_ts(p["at"]) for p in published}
    lat_k, lat_u, lag = [], [], []
    first: dict = {}
    last: dict = {}
    delivered = dups = 0
    clients = dump["clients"]
    for c in clients:
        seen = set()
        for seq, kt, ut in c["events"]:
            if seq not in at:
                continue
            if seq in seen:
                dups += 1
                continue
            seen.add(seq)
            delivered += 1
            lat_k.append((kt - at[seq]) * 1000)
            lat_u.append((ut - at[seq]) * 1000)
            lag.append((ut - kt) * 1000)
            first[seq] = min(first.get(seq, kt), kt)
            last[seq] = max(last.get(seq, kt), kt)
    ticks = [late * 1000 for t, late in dump["lag"] if (t_from is None or t >= t_from) and (t_to is None or t <= t_to)]
    by_event: dict = {}
    for c in clients:
        seen = set()
        for seq, kt, _ut in c["events"]:
            if seq in at and seq not in seen:
                seen.add(seq)
                by_event.setdefault(seq, []).append((kt - at[seq]) * 1000)
    return {
        "delivered": delivered, "dups": dups,
        "k_p50": pct(lat_k, 50), "k_p99": pct(lat_k, 99), "k_max": max(lat_k) if lat_k else float("nan"),
        "u_p50": pct(lat_u, 50), "u_p99": pct(lat_u, 99), "u_max": max(lat_u) if lat_u else float("nan"),
        "swarm_lag_p99": pct(lag, 99), "swarm_lag_max": max(lag) if lag else float("nan"),
        "ticker_p99": pct(ticks, 99), "ticker_max": max(ticks) if ticks else float("nan"),
        "swarm_cpu": dump["cpu"],
        # per event: publish → first reader's bytes (the wake-up), first → last reader (the fan-out)
        "wake_ms": statistics.median([(first[s] - at[s]) * 1000 for s in first]) if first else float("nan"),
        "span_ms": statistics.median([(last[s] - first[s]) * 1000 for s in first]) if first else float("nan"),
        "events": per_event(published, by_event),
    }


def per_event(published, by_event: dict) -> list[dict]:
    """Each published event in order: when it was committed and when its
    readers got it (ms after its `at`: the first and the last reader, p50 and
    p99 of its deliveries), so a tail can be pinned on the event(s) that carry it."""
    rows = []
    t0 = iso_ts(published[0]["at"]) if published else 0.0
    for p in published:
        lat = by_event.get(p["seq"], [])
        at = iso_ts(p["at"])
        rows.append({
            "seq": p["seq"], "t_s": at - t0,
            "commit_ms": (p["t_commit"] - at) * 1000 if "t_commit" in p else float("nan"),
            "delivered": len(lat),
            "first_ms": min(lat) if lat else float("nan"), "last_ms": max(lat) if lat else float("nan"),
            "p50": pct(lat, 50), "p99": pct(lat, 99),
        })
    return rows


def per_event_table(events: list[dict]) -> str:
    """The per-event figures of one run as a markdown table."""
    return table(
        ["event", "at (s after the first)", "at → publish returned ms", "delivered", "first reader ms",
         "last reader ms", "p50 ms", "p99 ms"],
        [[str(i + 1), f1(e["t_s"]), f0(e["commit_ms"]), f0(e["delivered"]), f0(e["first_ms"]), f0(e["last_ms"]),
          f0(e["p50"]), f0(e["p99"])] for i, e in enumerate(events)],
    )


def fanout_once(ctx: Ctx, kind: str, env: dict, n: int, publish: int, slug="fan"):
    """One server, n readers, `publish` events a second apart."""
    if kind == "eventstream":
        server = lib.EventstreamServer(ctx.ws, env).start()
        path = "/events/?channel=bench"
    else:
        server = lib.Server(ctx.ws, env, f"fanout-{n}", ready_path=f"/live/{slug}/updates").start()
        head = json.loads(lib.http_get(server.port, f"/live/{slug}/updates")[2])["head"]
        path = f"/live/{slug}/events?after={head}"
    swarm = None
    try:
        time.sleep(0.5)
        rss0, sock0, slab0 = lib.rss_bytes(server.pids()), lib.sockstat(), lib.slab_bytes()
        swarm = Swarm(ctx, server.port, path, n, name=f"fanout-{kind}")
        ready = swarm.read("ready", 120)
        time.sleep(2)  # idle
        rss1, sock1, slab1 = lib.rss_bytes(server.pids()), lib.sockstat(), lib.slab_bytes()
        lib.wait_quiet(server.pids())
        cpu0, busy0, t0, snap0 = lib.cpu_seconds(server.pids()), lib.core_busy(), time.time(), lib.cpu_snapshot()
        if kind == "eventstream":
            published = run_publisher([lib.ES_VENV / "bin" / "python", lib.ES_APP / "publish.py", "--count", publish,
                                       "--first-seq", int(time.time())], env, cwd=lib.ES_APP)
        else:
            published = run_publisher([lib.PY, lib.BENCH / "seed.py", "publish", "--slug", slug, "--count", publish],
                                      env, cwd=lib.ROOT)
        time.sleep(2.5 if env.get("REALTIME_POLL_MS", "1000") != "1000" or kind == "eventstream" else 3)
        cpu1, busy1, t1, snap1 = lib.cpu_seconds(server.pids()), lib.core_busy(), time.time(), lib.cpu_snapshot()
        others, others_top = lib.others_between(snap0, snap1, server.pids() + [swarm.proc.pid])
        lib.note_window(f"fan-out {kind} N={n}", 100 * others / max(0.001, t1 - t0), others_top)
        dump = swarm.dump()
        swarm = None
    finally:
        if swarm:
            swarm.stop()
        server.stop()
    st = delivery_stats(dump, published, t0, t1)
    connected = ready["connected"]
    st.update({
        "n": n, "connected": connected, "connect_s": ready["seconds"], "published": len(published),
        "ratio": st["delivered"] / max(1, connected * len(published)),
        "rss_per_conn_kb": (rss1 - rss0) / max(1, connected) / 1024,
        "rss_mb": rss1 / 2**20,
        "sock_per_conn_kb": (sock1.get("mem", 0) - sock0.get("mem", 0)) * lib.PAGE / max(1, connected) / 1024,
        "sock_pages": (sock0.get("mem", 0), sock1.get("mem", 0)),
        "slab_per_conn_kb": (slab1 - slab0) / max(1, connected) / 1024,
        "server_cpu_per_event_ms": 1000 * (cpu1 - cpu0) / max(1, len(published)),
        "commit_ms": (statistics.median([(p["t_commit"] - iso_ts(p["at"])) * 1000 for p in published])
                      if published else float("nan")),
        "busy": lib.busy_between(busy0, busy1),
        "server_pct": 100 * (cpu1 - cpu0) / max(0.001, t1 - t0),
        "others_pct": 100 * others / max(0.001, t1 - t0), "others_top": others_top,
        "banner": server.banner,
    })
    return st


def probe_backpressure(ctx: Ctx, env: dict) -> dict:
    """How many concurrent streams `manage.py serve` holds as shipped."""
    env = {k: v for k, v in env.items() if k != "GRANIAN_BACKPRESSURE"}
    server = lib.Server(ctx.ws, env, "probe", ready_path="/live/fan/updates").start()
    try:
        args = [lib.LOAD_PY, lib.BENCH / "swarm.py", "--port", server.port, "--path", "/live/fan/events",
                "--n", 1500, "--connect-timeout", 8, "--max-seconds", 30]
        p = lib.start(args, core=lib.LOAD_CORE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            line = p.stdout.readline()
            ready = json.loads(line) if line else {"connected": 0}
        finally:
            lib.stop(p)
    finally:
        server.stop()
    return {"wanted": 1500, "connected": ready.get("connected", 0)}


def probe_text(probe) -> str:
    if probe["connected"] < probe["wanted"]:
        return (f"**As shipped, `manage.py serve` holds {probe['connected']} of {probe['wanted']} concurrent "
                "streams**: granian's `--backpressure` (default backlog ÷ workers = 1024) caps requests in flight "
                "per worker, and every open stream is one. The runs below set "
                f"`GRANIAN_BACKPRESSURE={BACKPRESSURE}` (granian reads it from the environment) for Newsline and "
                "django-eventstream alike.")
    return (f"`manage.py serve` as shipped held all {probe['wanted']} streams of a probe (granian's default "
            "`--backpressure` of 1024 requests in flight per worker would have turned readers away; serve raises "
            f"it). django-eventstream's granian gets `GRANIAN_BACKPRESSURE={BACKPRESSURE}` for the same reason.")


def broker_available() -> str | None:
    if not (lib.ROOT / "realtime" / "brokers.py").exists():
        return "realtime/brokers.py does not exist"
    try:
        with socket.create_connection(("127.0.0.1", 6379), 1) as s:
            s.sendall(b"PING\r\n")
            if not s.recv(16).startswith(b"+PONG"):
                return "Redis did not answer PING"
    except OSError as exc:
        return f"Redis not reachable on 127.0.0.1:6379 ({exc})"
    return None


def bench_fanout(ctx: Ctx) -> str:
    ns = [int(x) for x in os.environ.get("BENCH_FANOUT_NS", "1000,5000,10000").split(",")]
    publish = seconds("BENCH_PUBLISH", 10)
    env = ctx.ws.newsline_env({"SQLITE_PATH": ctx.ws.dir / "fanout.sqlite3"}, GRANIAN_BACKPRESSURE=BACKPRESSURE)
    ctx.prepare_db(env)
    lib.seed(env, "blog", "--slug", "fan", "--posts", 50)
    probe = probe_backpressure(ctx, env)
    log(f"fanout: as shipped, {probe['connected']} of {probe['wanted']} streams were served")

    no_broker = broker_available()
    servers = getattr(ctx, "servers", None) or web_servers(env)
    main = servers[0]
    variants = [
        (f"Newsline on {main}, in-process broker, 1 s log poll (default)", "newsline",
         {"REALTIME_POLL_MS": "1000", "WEB_SERVER": main}, [max(ns)]),
        (f"Newsline on {main}, in-process broker, 100 ms log poll", "newsline",
         {"REALTIME_POLL_MS": "100", "WEB_SERVER": main}, [max(ns)] if no_broker is None else ns),
    ]
    if no_broker is None:
        for kind in servers:
            variants.append((f"Newsline on {kind}, Redis broker", "newsline",
                             {"REALTIME_BROKER": "redis", "REDIS_URL": REDIS_URL, "REALTIME_POLL_MS": "1000",
                              "WEB_SERVER": kind}, ns))
    es_env = lib.base_env(GRANIAN_BACKPRESSURE=BACKPRESSURE, ES_SQLITE_PATH=ctx.ws.dir / "es.sqlite3",
                          DJANGO_SETTINGS_MODULE="esapp.settings")
    variants.append(("django-eventstream " + lib.es_version() + " on granian (Redis pub/sub)", "eventstream", {}, ns))

    runs = []
    for label, kind, extra, sizes in variants:
        failed_at = None
        for n in sizes:
            if failed_at is not None and kind == "eventstream":
                # The peer's ladder stops once a size misses p99 ≤ 500 ms: larger ones only take longer.
                runs.append({"n": n, "label": label, "skipped": f"not run: N={failed_at:,} already missed the target"})
                continue
            run_env = dict(es_env if kind == "eventstream" else env, **extra)
            try:
                st = fanout_once(ctx, kind, run_env, n, publish)
            except Exception as exc:  # one failed size must not lose the others
                import traceback

                traceback.print_exc()
                log(f"fanout: {label} N={n} failed: {exc!r}")
                st = {"n": n, "error": repr(exc)[:300]}
            st["label"] = label
            runs.append(st)
            if "error" in st or st["k_p99"] > 500 or st["ratio"] < 1:
                failed_at = failed_at or n
            if "error" not in st:
                log(f"fanout: {label} N={n}: {st['connected']} connected, ratio {st['ratio']:.4f}, "
                    f"p99 {st['k_p99']:.0f} ms (client read {st['u_p99']:.0f} ms), {st['rss_per_conn_kb']:.1f} KB/conn")
    ctx.data["fanout"] = {"probe": probe, "runs": runs, "publish": publish, "broker": no_broker or "redis"}

    rows, cost = [], []
    for r in runs:
        if "skipped" in r:
            rows.append([r["label"], f0(r["n"]), r["skipped"]] + [""] * 8)
            continue
        if "error" in r:
            rows.append([r["label"], f0(r["n"]), "error: " + r["error"][:80]] + [""] * 8)
            continue
        met = r["k_p99"] <= 500 and r["ratio"] >= 1 and r["rss_per_conn_kb"] <= 20
        rows.append([
            r["label"], f0(r["n"]), f0(r["connected"]), f"{r['ratio']:.2%}" if r["ratio"] < 1 else "100%",
            f0(r["k_p50"]), f0(r["k_p99"]), f0(r["k_max"]), f"{f0(r['wake_ms'])} + {f0(r['span_ms'])}",
            f"{f0(r['u_p99'])} / {f0(r['u_max'])}", f"{f0(r['swarm_lag_p99'])} / {f0(r['ticker_max'])}",
            ("met" if met else "not met") if r["n"] >= 10000 else "",
        ])
        cost.append([
            r["label"], f0(r["n"]), f1(r["server_cpu_per_event_ms"]),
            f"{1e6 * r['server_cpu_per_event_ms'] / 1000 / max(1, r['connected']):.0f}",
            f"{r['server_pct']:.0f} / {r['others_pct']:.0f}", f1(r["commit_ms"]), f1(r["swarm_cpu"]),
            f1(r["rss_per_conn_kb"]), f"{r['sock_pages'][0]} → {r['sock_pages'][1]}", f1(r["slab_per_conn_kb"]),
            f1(r["connect_s"]),
        ])
    largest = {}
    for r in runs:
        if "error" in r or "skipped" in r:
            continue
        if r["k_p99"] <= 500 and r["ratio"] >= 1:
            largest[r["label"]] = max(largest.get(r["label"], 0), r["n"])
        else:
            largest.setdefault(r["label"], 0)
    big = "\n".join(f"- {label}: **{f0(n) if n else 'none of the sizes tried'}**" for label, n in largest.items())
    return "\n".join([
        "## 2. Stream fan-out",
        "",
        f"One server process (`manage.py serve`, 1 worker) on core {lib.SERVER_CORE}; "
        "the client swarm (`bench/swarm.py`, one "
        f"asyncio process, uvloop, raw sockets) and the publisher on core {lib.LOAD_CORE}. {publish} events, one a "
        "second, each a published post (~2 KB of JSON). Latency is from the event's `at` (set when the publishing "
        "transaction encodes it) to the kernel's receive timestamp on each client socket (SO_TIMESTAMPNS: when the "
        "server's bytes arrived, before the swarm read them); the client column is the swarm's own read time, and "
        "the swarm-lag column is their difference (p99 per delivery) / the worst oversleep of a 10 ms timer in the "
        "swarm. *wake + fan-out* = median over events of publish → first reader's bytes, then first → last reader. "
        "Memory: server RSS growth with N idle streams ÷ N; kernel TCP buffer memory (/proc/net/sockstat `mem`, "
        "pages of 4096 bytes, both ends of every loopback connection) before → after; kernel slab growth "
        "(SReclaimable + SUnreclaim: the socket structures themselves, both ends) ÷ N.",
        "",
        probe_text(probe),
        "",
        table(["server", "N", "connected", "delivered", "p50 ms", "p99 ms", "max ms", "wake + fan-out ms",
               "client-read p99/max ms", "swarm lag p99 / timer max ms", "10k target (p99, 100%, ≤ 20 KB)"], rows),
        "",
        "Cost of the same runs (CPU over the publishing window; memory with N idle streams):",
        "",
        table(["server", "N", "server CPU ms/event", "µs per reader per event", "CPU % server / others",
               "at → commit ms", "swarm CPU s (whole run)", "server RSS KB/conn", "sockstat TCP mem pages",
               "kernel slab KB/conn", "connect all s"], cost),
        "",
        "Largest N with p99 ≤ 500 ms and every event delivered (of the sizes tried):",
        "",
        big,
    ])


# 3. growth -------------------------------------------------------------------------


def postgres_pids():
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if open(f"/proc/{d}/comm").read().strip() == "postgres":
                    out.append(int(d))
            except OSError:
                pass
    return out


def timeline_cursors(html: bytes) -> list[str]:
    """The ?before= cursors of the first page's timeline posts (not the pinned
    post, not the key-events list): each names a full page just below the top."""
    found = re.findall(
        rb'<article class="post(?![^"]*post--pinned)[^"]*" id="post-\d+" data-post data-sort="(\d+\.\d+)"', html
    )
    if not found:
        raise RuntimeError("no timeline cursors found in the reader page")
    return [c.decode() for c in found]


def measure(server, scripts: dict, res: dict, dur: int, is_pg: bool, label: str):
    """Each case at both sizes, interleaved (100, 100k, 100, 100k, …) for
    GROWTH_ROUNDS rounds, so drift in what else the machine is doing hits both
    sizes alike; the figures are the medians of the rounds."""
    for case, by_slug in scripts.items():
        rounds: dict = {slug: [] for slug in by_slug}
        for _ in range(GROWTH_ROUNDS):
            for slug, script in by_slug.items():
                rounds[slug].append(lib.wrk(server.port, f"/live/{slug}/", duration=dur, script=script,
                                            conns=GROWTH_CONNS, timeout=30, server_pids=server.pids(),
                                            extra_pids=postgres_pids() if is_pg else []))
        for slug, rs in rounds.items():
            med = dict(sorted(rs, key=lambda r: r["cpu_per_1k_ms"])[len(rs) // 2])
            for key in ("rps", "cpu_per_1k_ms", "server_cpu_per_1k_ms", "others_pct"):
                med[key] = statistics.median(r[key] for r in rs)
            med["rounds"] = [{"rps": r["rps"], "cpu_per_1k_ms": r["cpu_per_1k_ms"], "others_pct": r["others_pct"]}
                             for r in rs]
            res["cases"].setdefault(case, {})[slug] = med
        log(f"growth: {label}: {case}: " + ", ".join(
            f"{slug} {res['cases'][case][slug]['rps']:.0f}/s" for slug in by_slug))


def growth_db(ctx: Ctx, label: str, db: dict, dur: int) -> dict:
    env = ctx.ws.newsline_env(db)
    ctx.prepare_db(env)
    t = time.time()
    blogs = {}
    for slug, n in (("g100", 100), ("g100k", 100_000)):
        blogs[slug] = lib.seed(env, "blog", "--slug", slug, "--posts", n, "--bulk", timeout=900)[0]
    seed_s = time.time() - t
    log(f"growth: {label}: seeded in {seed_s:.0f}s")
    explain = {slug: lib.seed(env, "explain", "--slug", slug) for slug in blogs}
    server = lib.Server(ctx.ws, env, f"growth-{label}", ready_path="/live/g100/updates").start()
    is_pg = "DATABASE_URL" in db
    res = {"seed_s": seed_s, "explain": explain, "cases": {}}
    try:
        scripts: dict = {}
        for slug, blog in blogs.items():
            status, _, html = lib.http_get(server.port, f"/live/{slug}/")
            cursors = timeline_cursors(html)
            head = blog["head"]
            # after= older than the ring (which holds the last 64-256 events), so the log is read
            afters = list(range(min(32, head - 65))) if head < 1000 else [head - 1000 - i for i in range(32)]
            scripts.setdefault("page ?before= (uncached)", {})[slug] = lib.wrk_paths_script(
                ctx.ws, f"{label}-{slug}-before", [f"/live/{slug}/?before={c}" for c in cursors])
            scripts.setdefault("updates, log read (uncached)", {})[slug] = lib.wrk_paths_script(
                ctx.ws, f"{label}-{slug}-upd", [f"/live/{slug}/updates?after={a}" for a in afters])
            lib.wrk(server.port, f"/live/{slug}/", duration=1, script=scripts["page ?before= (uncached)"][slug],
                    conns=GROWTH_CONNS, timeout=30)  # warm-up, not counted
        measure(server, scripts, res, dur, is_pg, label)
        # A blog with almost no key events: the key-events box must not walk the timeline to find 20.
        for slug in blogs:
            lib.seed(env, "keyevents", "--slug", slug, "--keep", 3)
        few = {}
        for slug in blogs:
            status, _, html = lib.http_get(server.port, f"/live/{slug}/")
            few[slug] = lib.wrk_paths_script(ctx.ws, f"{label}-{slug}-fewkey",
                                             [f"/live/{slug}/?before={c}" for c in timeline_cursors(html)])
        measure(server, {"page ?before=, only 3 key events in the blog": few}, res, dur, is_pg, label)
    finally:
        server.stop()
    return res


def bench_growth(ctx: Ctx) -> str:
    dur = seconds("BENCH_GROWTH_SECONDS", 2)
    out = {}
    out["SQLite"] = growth_db(ctx, "sqlite", {"SQLITE_PATH": ctx.ws.dir / "growth.sqlite3"}, dur)
    pg = lib.Postgres()
    why = pg.available()
    if why is None:
        pg.create()
        try:
            out["PostgreSQL"] = growth_db(ctx, "postgres", {"DATABASE_URL": pg.url}, dur)
        finally:
            pg.drop()
    ctx.data["growth"] = {"duration": dur, "results": out, "postgres": why or "ok"}

    rows = []
    for db, res in out.items():
        for case, by in res["cases"].items():
            a, b = by["g100"], by["g100k"]
            ratio = a["rps"] / b["rps"] if b["rps"] else float("nan")
            cpu_ratio = b["cpu_per_1k_ms"] / a["cpu_per_1k_ms"] if a["cpu_per_1k_ms"] else float("nan")
            rows.append([db, case, f0(a["rps"]), f3(a["cpu_per_1k_ms"] / 1000), busy(a), f0(b["rps"]),
                         f3(b["cpu_per_1k_ms"] / 1000), busy(b), f2(ratio), f2(cpu_ratio),
                         "met" if ratio <= 1.2 else "not met"])
    plans = []
    for db, res in out.items():
        plans.append(f"### {db}\n")
        small = {item["label"]: item for item in res["explain"]["g100"]}
        for item in res["explain"]["g100k"]:
            plans.append(f"**{item['label']}** (`{item['url'].replace('g100k', '<slug>')}`)\n")
            plans.append("```")
            other = small.get(item["label"], {}).get("queries", [])
            for i, q in enumerate(item["queries"]):
                sql = re.sub(r"SELECT .*? FROM", "SELECT … FROM", q["sql"], count=1)
                ms_small = other[i]["ms"] if i < len(other) else float("nan")
                plans.append(f"-- {ms_small:.3f} ms at 100 posts, {q['ms']:.3f} ms at 100k: {sql[:600]}")
                plans += ["   " + line for line in q["plan"]]
            plans.append("```\n")
    pg_note = "" if why is None else f"\nPostgreSQL was not measured: {why}.\n"
    return "\n".join([
        "## 3. Cost growth: 100 vs 100,000 posts",
        "",
        f"Both blogs in the same database, bulk-inserted (Post, byline, first PostRevision and BlogEvent rows, "
        "head_seq set; "
        "every 5th post a key event, so both pages show a full box of 20; the 10th-newest pinned). "
        f"`wrk -t1 -c{GROWTH_CONNS} -d{dur}s --timeout 30s`, "
        f"after the server has gone idle, {GROWTH_ROUNDS} rounds alternating the two blogs, medians shown; "
        "each request a "
        "different URL from a cycle of 20-32: the page with a `?before=` cursor taken from the first page "
        "(the in-process page cache, when there is one, keeps only the first page, so these always render), "
        "and updates with `?after=` older than the hub's ring (so the event log is read). CPU s/1k counts the "
        "server's processes and, on PostgreSQL, every postgres process; CPU % = those, then everything else on "
        "the machine, as % of one core. Ratio = req/s at 100 ÷ req/s at 100k (the growth of time per request), "
        "and the same for CPU per request, which other work on the machine disturbs less; target ≤ 1.2.",
        pg_note,
        table(["database", "request", "100 posts req/s", "CPU s/1k", "CPU % server / others", "100k posts req/s",
               "CPU s/1k", "CPU % server / others", "ratio (time/request)", "ratio (CPU/request)", "≤ 1.2"], rows),
        "",
        "Query plans of the statements the page and the updates read actually run (captured with their bound "
        "parameters from the view and LiveBlogSource, then EXPLAINed with the same parameters: SQLite's plan for "
        "the cursor query differs when the values are pasted in as literals) on the 100k blog, with each "
        "statement's best-of-3 time at 100 and at 100k posts. PostgreSQL's are `EXPLAIN (ANALYZE, COSTS OFF)`.",
        "",
        "\n".join(plans),
    ])


# 4. reconnect storm --------------------------------------------------------------------


def storm_once(ctx: Ctx, env: dict, n: int, mode: str) -> dict:
    slug = "fan"
    server = lib.Server(ctx.ws, env, "storm-" + mode.replace(" ", "-"), ready_path=f"/live/{slug}/updates").start()
    port = server.port
    head = json.loads(lib.http_get(port, f"/live/{slug}/updates")[2])["head"]
    swarm = Swarm(ctx, port, f"/live/{slug}/events?after={head}", n, reconnect=True,
                  name="storm-" + mode.replace(" ", "-"))
    published: list = []
    pub = None
    try:
        ready = swarm.read("ready", 120)
        lib.wait_quiet(server.pids())
        pub = lib.start([lib.PY, lib.BENCH / "seed.py", "publish", "--slug", slug, "--count", 12], core=lib.LOAD_CORE,
                        env=env, cwd=lib.ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        reader = threading.Thread(
            target=lambda: [published.append(json.loads(line)) for line in pub.stdout if line.startswith("{")],
            daemon=True,
        )
        reader.start()
        time.sleep(2.5)
        t_drop = time.time()
        if mode == "server restart":
            server.stop(signal.SIGKILL)
            time.sleep(1.0)
            server = lib.Server(ctx.ws, env, "storm-restarted", port=port, ready_path=f"/live/{slug}/updates")
            server.start()
            t_up = time.time()
        else:
            swarm.send("drop 1000")
            swarm.read("dropped", 10)
            t_up = t_drop + 1.0
        pub.wait(60)
        reader.join(5)
        time.sleep(5)  # the last reconnects (EventSource waits the server's retry: 3 s)
        dump = swarm.dump()
    finally:
        if pub is not None and pub.poll() is None:
            lib.stop(pub)
        swarm.proc.poll() is None and swarm.stop()
        server.stop()
    at = {p["seq"]: iso_ts(p["at"]) for p in published}
    gap = [s for s, t in at.items() if t_drop <= t <= t_up + 0.5]
    lost = dups = 0
    reconnected, resumed = [], []
    for c in dump["clients"]:
        got = [e[0] for e in c["events"] if e[0] in at]
        dups += len(got) - len(set(got))
        lost += len(set(at) - set(got))
        after = [t for t0, t in c["conns"] if t0 >= t_drop - 0.01 and t]
        if after:
            reconnected.append(min(after) - t_drop)
        times = {e[0]: e[2] for e in c["events"]}
        if gap and all(s in times for s in gap):
            resumed.append(max(times[s] for s in gap) - t_drop)
    return {
        "mode": mode, "n": n, "connected": ready["connected"], "published": len(published), "gap_events": len(gap),
        "t_up": t_up - t_drop, "reconnected": len(reconnected),
        "all_reconnected_s": max(reconnected) if len(reconnected) == ready["connected"] else float("nan"),
        "p50_reconnected_s": pct(reconnected, 50),
        "all_resumed_s": max(resumed) if len(resumed) == ready["connected"] else float("nan"),
        "resumed": len(resumed), "lost": lost, "dups": dups,
        "resets": sum(c["resets"] for c in dump["clients"]),
    }


def bench_storm(ctx: Ctx) -> str:
    n = seconds("BENCH_STORM_N", 5000)
    env = ctx.ws.newsline_env({"SQLITE_PATH": ctx.ws.dir / "fanout.sqlite3"}, GRANIAN_BACKPRESSURE=BACKPRESSURE)
    if not (ctx.ws.dir / "fanout.sqlite3").exists():
        ctx.prepare_db(env)
        lib.seed(env, "blog", "--slug", "fan", "--posts", 50)
    if broker_available() is None:
        env.update(REALTIME_BROKER="redis", REDIS_URL=REDIS_URL)
        broker = "Redis broker"
    else:
        env.update(REALTIME_POLL_MS="100")
        broker = "in-process broker, 100 ms log poll"
    runs = []
    for mode in ("server restart", "clients drop"):
        try:
            r = storm_once(ctx, env, n, mode)
        except Exception as exc:
            import traceback

            traceback.print_exc()
            log(f"storm: {mode} failed: {exc!r}")
            r = {"mode": mode, "n": n, "error": repr(exc)[:300]}
        runs.append(r)
        log(f"storm: {mode}: {r}")
    ctx.data["storm"] = {"broker": broker, "runs": runs}
    rows = []
    for r in runs:
        if "error" in r:
            rows.append([r["mode"], f0(r["n"]), "error: " + r["error"][:100]] + [""] * 7)
            continue
        rows.append([r["mode"], f0(r["connected"]), f0(r["published"]), f0(r["gap_events"]), f1(r["t_up"]),
                     f"{f0(r['reconnected'])} (p50 {f1(r['p50_reconnected_s'])} s, all {f1(r['all_reconnected_s'])} s)",
                     f"{f0(r['resumed'])} in {f1(r['all_resumed_s'])} s", f0(r["lost"]), f0(r["dups"]),
                     f0(r["resets"])])
    return "\n".join([
        "## 4. Reconnect storm",
        "",
        f"{f0(n)} SSE readers on one server ({broker}); a publisher posts one event a second (12 in all). "
        "*server restart*: the server's process group is killed (SIGKILL) 2.5 s in and started again on the same "
        "port. *clients drop*: every client closes its socket at once and reconnects 1 s later. Readers behave "
        "like EventSource: after a drop they wait the server's `retry:` (3 s) — 1 s in the client-drop case — and "
        "reconnect with `Last-Event-ID`; a refused connect is retried after the same wait. Times are from the drop. "
        "*Resumed* = the reader holds every event published in the gap.",
        "",
        table(["drop", "readers", "events", "in the gap", "server back after s", "reconnected",
               "resumed (had the gap's events)", "lost", "duplicates", "resets"], rows),
    ])


# 5. stalled readers ------------------------------------------------------------------


def established(port: int) -> int:
    """Server-side TCP connections on `port` still established."""
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True)
    return len([line for line in out.stdout.splitlines() if line.strip()])


def stalled_once(ctx: Ctx, env: dict, kind: str, n: int, count: int, kb: int, interval: float) -> dict:
    """n readers that connect and then never read again, while `count` posts
    of about `kb` KB are published: does the server's memory for them stay
    bounded (the send timeout cuts them off), or does it buffer every frame?"""
    server = lib.Server(ctx.ws, env, f"stalled-{kind}", ready_path="/live/stall/updates").start()
    socks = []
    try:
        head = json.loads(lib.http_get(server.port, "/live/stall/updates")[2])["head"]
        request = (f"GET /live/stall/events?after={head} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Accept: text/event-stream\r\n\r\n").encode()
        for _ in range(n):
            sock = socket.socket()
            # A small receive window, so the kernel holds little and the server must hold the rest or give up.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(("127.0.0.1", server.port))
            sock.sendall(request)
            socks.append(sock)
        time.sleep(2)
        rss0, sock0, open0 = lib.rss_bytes(server.pids()), lib.sockstat().get("mem", 0), established(server.port)
        pub = lib.start([lib.PY, lib.BENCH / "seed.py", "publish", "--slug", "stall", "--count", count,
                         "--interval", interval, "--body-kb", kb], core=lib.LOAD_CORE, env=env, cwd=lib.ROOT,
                        stdout=subprocess.PIPE, text=True)
        window = count * interval + int(env.get("REALTIME_SEND_TIMEOUT_SECONDS", 15)) + 20
        t0, samples = time.time(), []
        while time.time() - t0 < window:
            samples.append((time.time() - t0, lib.rss_bytes(server.pids()), lib.sockstat().get("mem", 0)))
            time.sleep(1)
        published = [json.loads(line) for line in pub.stdout.read().splitlines() if line.startswith("{")]
        pub.wait(30)
        open1 = established(server.port)
    finally:
        for sock in socks:
            sock.close()
        server.stop()
    frame = statistics.median(p["bytes"] for p in published) if published else 0
    peak = max(r for _, r, _ in samples)
    return {
        "server": kind, "readers": n, "open_before": open0, "published": len(published), "frame_kb": frame / 1024,
        "offered_mb_per_reader": len(published) * frame / 2**20,
        "rss0_mb": rss0 / 2**20, "peak_growth_mb": (peak - rss0) / 2**20,
        "end_growth_mb": (samples[-1][1] - rss0) / 2**20 if samples else float("nan"),
        "peak_kb_per_reader": (peak - rss0) / max(1, n) / 1024,
        "kernel_sock_mb": (max(m for _, _, m in samples) - sock0) * lib.PAGE / 2**20 if samples else float("nan"),
        "still_open": open1, "window_s": round(window),
        "curve": [(round(t), round(r / 2**20, 1)) for t, r, _ in samples[::5]],
    }


def bench_stalled(ctx: Ctx) -> str:
    n = seconds("BENCH_STALLED_N", 100)
    count = seconds("BENCH_STALLED_POSTS", 200)
    kb, interval = 32, 0.25
    env = ctx.ws.newsline_env({"SQLITE_PATH": ctx.ws.dir / "stalled.sqlite3"}, GRANIAN_BACKPRESSURE=BACKPRESSURE)
    if not (ctx.ws.dir / "stalled.sqlite3").exists():
        ctx.prepare_db(env)
        lib.seed(env, "blog", "--slug", "stall", "--posts", 5)
    runs = []
    for kind in web_servers(env):
        try:
            r = stalled_once(ctx, dict(env, WEB_SERVER=kind), kind, n, count, kb, interval)
        except Exception as exc:
            r = {"server": kind, "error": repr(exc)[:300]}
        log(f"stalled: {r}")
        runs.append(r)
    ctx.data["stalled"] = runs
    rows = []
    for r in runs:
        if "error" in r:
            rows.append([r["server"], "error: " + r["error"][:120]] + [""] * 7)
            continue
        rows.append([r["server"], f"{f0(r['open_before'])} / {f0(r['readers'])}", f0(r["published"]),
                     f1(r["offered_mb_per_reader"]), f0(r["peak_growth_mb"]), f0(r["peak_kb_per_reader"]),
                     f0(r["end_growth_mb"]), f1(r["kernel_sock_mb"]), f"{f0(r['still_open'])} after {r['window_s']} s"])
    return "\n".join([
        "## 5. Stalled readers",
        "",
        f"{n} stream readers connect (4 KB receive buffer), read the response headers' worth and then never read "
        f"again, while {count} posts of about {kb} KB are published {interval} s apart. A server that buffers "
        "whatever the app writes grows by the frames offered to every stalled reader; one whose writes wait "
        "lets the send timeout (`REALTIME_SEND_TIMEOUT_SECONDS`, 15 s) cut the reader off. Growth is the "
        "server's resident memory (web and job worker processes) above its level with the readers connected "
        "and idle; kernel socket memory from `/proc/net/sockstat` beside it.",
        "",
        table(["server", "connected", "posts", "offered MB per reader", "peak growth MB", "KB per reader at peak",
               "growth at end MB", "kernel socket MB at peak", "still connected"], rows),
    ])


# 6. grip --------------------------------------------------------------------------------


# Readers per Pushpin instance. One process (condure) holds every connection of an instance, and the
# open-files hard limit here is 20,000 per process, so 20,000 readers take two instances behind one
# origin: Pushpin's own way to grow (REALTIME_GRIP_URL lists every instance's publish address).
GRIP_PER_PROXY = int(os.environ.get("BENCH_GRIP_PER_PROXY", "10000"))
# One process cannot hold more sockets than this here (the open-files limit, less a margin).
ONE_PROCESS_MAX = 19_000


def wait_connected(swarms, n: int, timeout: float) -> int:
    """Readers with an open stream across `swarms`, once all n are, or when `timeout` runs out."""
    deadline = time.monotonic() + timeout
    while True:
        total = 0
        for s in swarms:
            s.send("stats")
            total += s.read("stats", 30)["connected"]
        if total >= n or time.monotonic() >= deadline:
            return total
        time.sleep(1)


def merge_dumps(dumps: list[dict]) -> dict:
    return {"clients": [c for d in dumps for c in d["clients"]], "lag": [x for d in dumps for x in d["lag"]],
            "cpu": sum(d["cpu"] for d in dumps)}


def grip_once(ctx: Ctx, kind: str, env: dict, n: int, publish: int, slug="fan", proxy_set: dict | None = None):
    """n readers of one blog, `publish` events a second apart, served by one
    server process directly (`direct`), by Pushpin in front of one origin
    (`pushpin`: one instance per GRIP_PER_PROXY readers, the readers connect
    to Pushpin, the origin answers each request at once and the publisher
    posts each event to every instance), or by django-eventstream. The
    fan-out engine (the direct server, or Pushpin) has the server core to
    itself; the swarm, the publisher and, behind the proxy, the origin run
    on the load core."""
    sys.path.insert(0, str(lib.ROOT))
    from tests.pushpin import SIG_KEY, Pushpin

    proxies = []
    if kind == "eventstream":
        server = lib.EventstreamServer(ctx.ws, env).start()
        path, ports = "/events/?channel=bench", [server.port]
    else:
        controls = []
        if kind == "pushpin":
            controls = [lib.free_port() for _ in range(max(1, -(-n // GRIP_PER_PROXY)))]
            env = dict(env, REALTIME_GRIP_URL=",".join(f"http://127.0.0.1:{c}" for c in controls),
                       REALTIME_GRIP_KEY=SIG_KEY)
        # BENCH_GRIP_ORIGIN_CORE: where the origin runs behind the proxy (the load core by default).
        core = os.environ.get("BENCH_GRIP_ORIGIN_CORE", lib.LOAD_CORE) if kind == "pushpin" else lib.SERVER_CORE
        server = lib.Server(ctx.ws, env, f"grip-{kind}-{n}", ready_path=f"/live/{slug}/updates", core=core).start()
        head = json.loads(lib.http_get(server.port, f"/live/{slug}/updates")[2])
        path, ports = f"/live/{slug}/events?after={head['head']}&epoch={head['epoch']}", [server.port]
        if kind == "pushpin":
            # BENCH_PUSHPIN_SET="message_rate=2500 log_level=3": settings over the variant's, to compare.
            extra = dict(proxy_set or {}, **dict(kv.split("=", 1) for kv in os.environ.get("BENCH_PUSHPIN_SET",
                                                                                               "").split()))
            for i, control in enumerate(controls):
                proxies.append(Pushpin(ctx.ws.dir / f"pushpin-{n}-{server.port}-{i}",
                                       origins=f"127.0.0.1:{server.port}", control_port=control,
                                       core=os.environ.get("BENCH_GRIP_PROXY_CORES", lib.SERVER_CORE),
                                       extra=extra))
            ports = [p.http_port for p in proxies]
    # One swarm process per port (a swarm process is held to the same open-files limit).
    shares = [n // len(ports) + (1 if i < n % len(ports) else 0) for i in range(len(ports))]
    swarms = []

    def proxy_pids():
        return [pid for p in proxies for pid in lib.tree_pids(p.proc.pid)]

    try:
        time.sleep(0.5)
        rss0, prss0, sock0 = lib.rss_bytes(server.pids()), lib.rss_bytes(proxy_pids()), lib.sockstat()
        # Behind the proxy a reader refused at connect (Pushpin's queue to the origin is full: section 8)
        # tries again after its retry delay, as the page's script does after falling back to polling.
        swarms = [Swarm(ctx, port, path, share, name=f"grip-{kind}-{i}", reconnect=kind == "pushpin")
                  for i, (port, share) in enumerate(zip(ports, shares))]
        readies = [s.read("ready", 180) for s in swarms]
        first_try = sum(r["connected"] for r in readies)
        connected = wait_connected(swarms, n, 60) if kind == "pushpin" else first_try
        time.sleep(3)  # idle; Pushpin checks each new hold's next link about a second in
        rss1, prss1, sock1 = lib.rss_bytes(server.pids()), lib.rss_bytes(proxy_pids()), lib.sockstat()
        lib.wait_quiet(server.pids() + proxy_pids())
        cpu0, pcpu0 = lib.cpu_seconds(server.pids()), lib.cpu_seconds(proxy_pids())
        t0, snap0 = time.time(), lib.cpu_snapshot()
        if kind == "eventstream":
            published = run_publisher([lib.ES_VENV / "bin" / "python", lib.ES_APP / "publish.py", "--count", publish,
                                       "--first-seq", int(time.time())], env, cwd=lib.ES_APP)
        else:
            published = run_publisher([lib.PY, lib.BENCH / "seed.py", "publish", "--slug", slug, "--count", publish],
                                      env, cwd=lib.ROOT)
        time.sleep(3)
        cpu1, pcpu1 = lib.cpu_seconds(server.pids()), lib.cpu_seconds(proxy_pids())
        t1, snap1 = time.time(), lib.cpu_snapshot()
        others, others_top = lib.others_between(snap0, snap1,
                                                server.pids() + proxy_pids() + [s.proc.pid for s in swarms])
        lib.note_window(f"grip {kind} N={n}", 100 * others / max(0.001, t1 - t0), others_top)
        dumps = []
        while swarms:
            dumps.append(swarms[0].dump())
            swarms.pop(0)
    finally:
        for s in swarms:
            s.stop()
        proxy_log: dict = {}
        hwm_drops = 0
        for i, proxy in enumerate(proxies):
            proxy.stop()
            out = proxy.output()
            # How Pushpin's proxy ended each request to the origin ("accept": held; "code=502": origin error).
            for m in re.finditer(r"\[proxy\] GET \S+ -> \S+ (.*)", out):
                outcome = m.group(1).split()[0]
                proxy_log[outcome] = proxy_log.get(outcome, 0) + 1
            # Deliveries the handler's rate limiter threw away (message_hwm).
            hwm_drops += out.count("exceeded publish hwm")
            if os.environ.get("BENCH_KEEP_PUSHPIN_LOG"):
                shutil.copy(proxy.tmp / "pushpin.out", RESULTS / f"grip-pushpin-{n}-{i}.log")
        server.stop()
    dump = merge_dumps(dumps)
    st = delivery_stats(dump, published, t0, t1)
    # Each event's own spread (ms after its `at`): which event carries a tail.
    at = {p["seq"]: iso_ts(p["at"]) for p in published}
    per: dict = {}
    for c in dump["clients"]:
        for seq, kt, _ut in c["events"]:
            if seq in at:
                per.setdefault(seq, []).append((kt - at[seq]) * 1000)
    commit = {p["seq"]: (p["t_commit"] - at[p["seq"]]) * 1000 for p in published if "t_commit" in p}
    st["per_event"] = [{"seq": seq, "n": len(v), "commit": commit.get(seq), "first": min(v), "p50": pct(v, 50),
                        "p99": pct(v, 99), "max": max(v)} for seq, v in sorted(per.items())]
    st.update({
        "n": n, "proxies": len(proxies), "connected": connected, "first_try": first_try,
        "refused": sum(c["errors"] for c in dump["clients"]),
        "connect_s": max(r["seconds"] for r in readies), "published": len(published),
        "proxy_log": proxy_log, "hwm_drops": hwm_drops, "swarm_errors": [r.get("errors") for r in readies],
        "ratio": st["delivered"] / max(1, connected * len(published)),
        "complete": st["delivered"] / max(1, n * len(published)),
        "server_kb": (rss1 - rss0) / max(1, connected) / 1024,
        "proxy_kb": (prss1 - prss0) / max(1, connected) / 1024,
        "proxy_mb": prss1 / 2**20, "server_mb": rss1 / 2**20,
        "sock_per_conn_kb": (sock1.get("mem", 0) - sock0.get("mem", 0)) * lib.PAGE / max(1, connected) / 1024,
        "server_cpu_ms": 1000 * (cpu1 - cpu0) / max(1, len(published)),
        "proxy_cpu_ms": 1000 * (pcpu1 - pcpu0) / max(1, len(published)),
        "proxy_us_per_delivery": 1e6 * (pcpu1 - pcpu0) / max(1, st["delivered"]),
        "others_pct": 100 * others / max(0.001, t1 - t0), "others_top": others_top,
    })
    return st


# Pushpin 1.36's own defaults for its handler's rate limiter (Debian's /etc/pushpin/pushpin.conf), which
# deploy/pushpin.conf.template no longer uses: section 8 of docs/performance.md says why.
PUSHPIN_DEFAULT_RATE = {"message_rate": "2500", "message_hwm": "25000"}


def bench_grip(ctx: Ctx) -> str:
    ns = [int(x) for x in os.environ.get("BENCH_GRIP_NS", "1000,10000,20000").split(",")]
    publish = seconds("BENCH_PUBLISH", 10)
    env = ctx.ws.newsline_env({"SQLITE_PATH": ctx.ws.dir / "grip.sqlite3"}, GRANIAN_BACKPRESSURE=BACKPRESSURE)
    ctx.prepare_db(env)
    lib.seed(env, "blog", "--slug", "fan", "--posts", 50)
    no_broker = broker_available()
    direct = ({"REALTIME_BROKER": "redis", "REDIS_URL": REDIS_URL} if no_broker is None
              else {"REALTIME_POLL_MS": "100"})
    broker = "Redis broker" if no_broker is None else "100 ms log poll"
    # (key for BENCH_GRIP_KINDS, label, kind, environment, Pushpin settings over the template's)
    variants = [
        ("granian", f"Newsline direct, granian (`--role web`; {broker})", "direct", dict(direct, WEB_SERVER="granian"),
         None),
        ("streams", f"Newsline direct, stream node (`--role streams`, uvicorn; {broker})", "direct",
         dict(direct, WEB_ROLE="streams"), None),
        ("pushpin-defaults", "Newsline behind Pushpin 1.36 with Pushpin's default rate limit (`message_rate=2500`, "
         "`message_hwm=25000`)", "pushpin", {"WEB_SERVER": "granian"}, PUSHPIN_DEFAULT_RATE),
        ("pushpin", "Newsline behind Pushpin 1.36, `deploy/pushpin.conf.template`", "pushpin",
         {"WEB_SERVER": "granian"}, None),
    ]
    es_env = lib.base_env(GRANIAN_BACKPRESSURE=BACKPRESSURE, ES_SQLITE_PATH=ctx.ws.dir / "es.sqlite3",
                          DJANGO_SETTINGS_MODULE="esapp.settings")
    variants.append(("eventstream", "django-eventstream " + lib.es_version() + " on granian (Redis pub/sub)",
                     "eventstream", {}, None))
    only = os.environ.get("BENCH_GRIP_KINDS")  # e.g. "pushpin", for a quicker look
    if only:
        variants = [v for v in variants if v[0] in only.split(",")]
    load = []
    runs = []
    # Size by size, every server at each size, so the machine's load is as alike as it can be.
    for n in ns:
        load.append((n, os.getloadavg()[0]))
        for key, label, kind, extra, proxy_set in variants:
            if kind != "pushpin" and n > ONE_PROCESS_MAX:
                runs.append({"n": n, "label": label, "key": key, "skipped": (
                    f"one server process cannot hold {n:,} sockets here (open-files limit 20,000 per process)")})
                continue
            run_env = dict(es_env if kind == "eventstream" else env, **extra)
            try:
                st = grip_once(ctx, kind, run_env, n, publish, proxy_set=proxy_set)
            except Exception as exc:  # one failed run must not lose the others
                import traceback

                traceback.print_exc()
                log(f"grip: {label} N={n} failed: {exc!r}")
                st = {"n": n, "error": repr(exc)[:300]}
            st.update(label=label, key=key, loadavg=os.getloadavg()[0])
            runs.append(st)
            if "error" not in st:
                log(f"grip: {label} N={n}: {st['connected']} connected ({st['first_try']} at the first try), "
                    f"{st['complete']:.4f} of N×events delivered, p99 {st['k_p99']:.0f} ms, server "
                    f"{st['server_kb']:.1f} KB/reader, proxy {st['proxy_kb']:.1f} KB/reader, origin CPU "
                    f"{st['server_cpu_ms']:.1f} ms/event, proxy {st['proxy_cpu_ms']:.1f} ms/event, "
                    f"hwm drops {st['hwm_drops']}, others {st['others_pct']:.0f}%")
    ctx.data["grip"] = {"runs": runs, "publish": publish, "load": load}

    rows, cost = [], []
    for r in runs:
        if "skipped" in r:
            rows.append([r["label"], f0(r["n"]), "not run: " + r["skipped"]] + [""] * 7)
            continue
        if "error" in r:
            rows.append([r["label"], f0(r["n"]), "error: " + r["error"][:80]] + [""] * 7)
            continue
        proxied = r["key"].startswith("pushpin")
        rows.append([
            r["label"], f0(r["n"]),
            f0(r["connected"]) + (f" ({f0(r['first_try'])} at the first try)" if proxied else ""),
            "100%" if r["complete"] >= 1 else f"{r['complete']:.2%}",
            f0(r["k_p50"]), f0(r["k_p99"]), f0(r["k_max"]), f"{f0(r['wake_ms'])} + {f0(r['span_ms'])}",
            f0(r["hwm_drops"]) if proxied else "",
            f"{r['loadavg']:.1f} / {r['others_pct']:.0f}%",
        ])
        cost.append([
            r["label"], f0(r["n"]), str(r["proxies"]) if proxied else "", f1(r["server_cpu_ms"]),
            f1(r["proxy_cpu_ms"]) if proxied else "", f0(r["proxy_us_per_delivery"]) if proxied else "",
            f1(r["server_kb"]), f1(r["proxy_kb"]) if proxied else "", f1(r["sock_per_conn_kb"]),
            f"{r['server_mb']:.0f}" + (f" + {r['proxy_mb']:.0f}" if proxied else ""),
            f1(r["connect_s"]),
        ])
    return "\n".join([
        "## 6. Fan-out behind a GRIP proxy",
        "",
        f"The fan-out engine has core {lib.SERVER_CORE} to itself: a direct server (one process), or Pushpin "
        f"(one instance per {GRIP_PER_PROXY:,} readers, four processes each, on cores "
        f"{os.environ.get('BENCH_GRIP_PROXY_CORES', lib.SERVER_CORE)}). The swarm (one process per server "
        f"or instance), the publisher and, behind the proxy, the origin (granian, one process) run on core "
        f"{lib.LOAD_CORE}. {publish} events a second apart. Behind the proxy the swarm connects to Pushpin, the "
        "origin answers each stream request at once (catch-up and GRIP instructions) and holds nothing, and the "
        "publisher's commit posts each event to every instance's publish API (`realtime/grip.py`); a reader that "
        "Pushpin refuses at connect tries again after 3 s, as the page does. Latency: the event's `at` to the "
        "kernel's receive timestamp on each client socket. *delivered*: deliveries ÷ (N × events), so a reader "
        "that never connected counts as a miss. *hwm drops*: deliveries Pushpin's handler threw away "
        "(\"exceeded publish hwm\" in its log).",
        "",
        table(["server", "N", "connected", "delivered", "p50 ms", "p99 ms", "max ms", "wake + fan-out ms",
               "hwm drops", "load avg / others' CPU"], rows),
        "",
        "Cost of the same runs: CPU over the publishing window per event; memory with N idle readers:",
        "",
        table(["server", "N", "Pushpin instances", "origin CPU ms/event", "Pushpin CPU ms/event",
               "Pushpin µs/delivery", "origin RSS KB/reader", "Pushpin RSS KB/reader", "kernel TCP KB/reader",
               "RSS MB origin + Pushpin", "connect all s"], cost),
    ])


# 7. origin -----------------------------------------------------------------------------

# The commit the stream-node work started from: "today's" servers in the side-by-side table.
ORIGIN_BASELINE = "b5e6996"


def checkout(ctx: Ctx, commit: str) -> Path:
    """The project at `commit`, extracted into the workspace (git archive: no
    worktree, nothing left in the repository), on this checkout's venv."""
    dest = ctx.ws.dir / f"checkout-{commit}"
    if not dest.exists():
        dest.mkdir()
        archive = subprocess.run(["git", "-C", str(lib.ROOT), "archive", commit], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
        (dest / ".venv").symlink_to(lib.ROOT / ".venv")
    return dest


def gc_counts(port: int) -> dict:
    """python_gc_collections_total per generation, from the server's /metrics."""
    try:
        text = lib.http_get(port, "/metrics", timeout=30)[2].decode()
    except OSError:
        return {}
    return {int(m.group(1)): float(m.group(2))
            for m in re.finditer(r'^python_gc_collections_total\{generation="(\d)"\} (\S+)', text, re.M)}


def origin_once(ctx: Ctx, env: dict, n: int, publish: int, root: Path, name: str, slug="fan") -> dict:
    """One `manage.py serve` (from `root`), n idle readers, then `publish` events a second apart."""
    server = lib.Server(ctx.ws, env, name, ready_path=f"/live/{slug}/updates", root=root).start()
    head = json.loads(lib.http_get(server.port, f"/live/{slug}/updates")[2])["head"]
    path = f"/live/{slug}/events?after={head}"
    swarm = None
    try:
        time.sleep(1)
        rss0, slab0 = lib.rss_bytes(server.pids()), lib.slab_bytes()
        swarm = Swarm(ctx, server.port, path, n, name=name)
        ready = swarm.read("ready", 120)
        time.sleep(3)  # idle
        rss1, slab1 = lib.rss_bytes(server.pids()), lib.slab_bytes()
        lib.wait_quiet(server.pids())
        load = os.getloadavg()
        gc0 = gc_counts(server.port)
        cpu0, t0, snap0 = lib.cpu_seconds(server.pids()), time.time(), lib.cpu_snapshot()
        # BENCH_ORIGIN_INTERVAL: seconds between events (1 by default); longer, with a short
        # REALTIME_HEARTBEAT_SECONDS, lets keep-alive rounds fall between (and on) the posts.
        interval = os.environ.get("BENCH_ORIGIN_INTERVAL", "1")
        published = run_publisher([lib.PY, lib.BENCH / "seed.py", "publish", "--slug", slug, "--count", publish,
                                   "--interval", interval], env, cwd=lib.ROOT)
        time.sleep(3)
        # On a busy machine the last deliveries can come well after the last
        # publish: the CPU window ends when the server has gone quiet again.
        lib.wait_idle(server.pids(), timeout=60, quiet=0.1)
        cpu1, t1, snap1 = lib.cpu_seconds(server.pids()), time.time(), lib.cpu_snapshot()
        gc1 = gc_counts(server.port)
        others, others_top = lib.others_between(snap0, snap1, server.pids() + [swarm.proc.pid])
        lib.note_window(f"origin {name} N={n}", 100 * others / max(0.001, t1 - t0), others_top)
        dump = swarm.dump()
        swarm = None
    finally:
        if swarm:
            swarm.stop()
        server.stop()
    st = delivery_stats(dump, published, t0, t1)
    connected = ready["connected"]
    st.update({
        "n": n, "connected": connected, "connect_s": ready["seconds"], "published": len(published),
        "ratio": st["delivered"] / max(1, connected * len(published)),
        "complete": st["delivered"] / max(1, n * len(published)),
        "rss_per_conn_kb": (rss1 - rss0) / max(1, connected) / 1024, "rss_mb": rss1 / 2**20,
        "slab_per_conn_kb": (slab1 - slab0) / max(1, connected) / 1024,
        "server_cpu_per_event_ms": 1000 * (cpu1 - cpu0) / max(1, len(published)),
        "us_per_delivery": 1e6 * (cpu1 - cpu0) / max(1, len(published) * connected),
        "server_pct": 100 * (cpu1 - cpu0) / max(0.001, t1 - t0),
        "others_pct": 100 * others / max(0.001, t1 - t0), "others_top": others_top,
        "gc": [gc1.get(g, 0) - gc0.get(g, 0) for g in (0, 1, 2)] if gc0 and gc1 else None,
        "loadavg": [round(x, 1) for x in load], "banner": server.banner,
    })
    return st


def bench_origin(ctx: Ctx) -> str:
    """Direct origin: today's granian and uvicorn (the code at ORIGIN_BASELINE) against this
    commit's servers and the stream node's default (`serve --role streams`), at one N, in one run."""
    n = int(os.environ.get("BENCH_ORIGIN_N", "10000"))
    publish = seconds("BENCH_PUBLISH", 10)
    rounds = seconds("BENCH_ORIGIN_ROUNDS", 1)
    baseline = os.environ.get("BENCH_ORIGIN_BASELINE", ORIGIN_BASELINE)
    env = ctx.ws.newsline_env({"SQLITE_PATH": ctx.ws.dir / "origin.sqlite3"})
    ctx.prepare_db(env)
    lib.seed(env, "blog", "--slug", "fan", "--posts", 50)
    if broker_available() is None:
        env.update(REALTIME_BROKER="redis", REDIS_URL=REDIS_URL)
        broker = "Redis broker"
    else:
        env.update(REALTIME_POLL_MS="100")
        broker = "no broker, 100 ms log poll"
    old = checkout(ctx, baseline)
    here = lib.ROOT
    variants = [
        ("today-granian", f"today: granian (serve's default), commit `{baseline}`", old, {}),
        ("today-uvicorn", f"today: uvicorn (`WEB_SERVER=uvicorn`), commit `{baseline}`", old,
         {"WEB_SERVER": "uvicorn"}),
        ("granian", "granian, this commit (`--role web`, the default)", here, {}),
        ("granian-8k", "granian `--http1-buffer-size 8192`, this commit", here, {"GRANIAN_HTTP1_BUFFER_SIZE": "8192"}),
        ("streams", "**stream node: `serve --role streams` (uvicorn), this commit**", here, {"WEB_ROLE": "streams"}),
    ]
    # BENCH_ORIGIN_EXTRA="label:VAR=value;VAR=value": one more stream-node row with settings over it
    # (by default the stream node with Python's own gc thresholds, to show what the role's change does).
    extra = os.environ.get("BENCH_ORIGIN_EXTRA", "gc:WEB_GC_THRESHOLD=700,10,10")
    if extra:
        label, _, assigns = extra.partition(":")
        variants.append(("extra", f"stream node with `{assigns}`", here,
                         dict({"WEB_ROLE": "streams"}, **dict(a.split("=", 1) for a in assigns.split(";")))))
    only = os.environ.get("BENCH_ORIGIN_KINDS")
    if only:
        variants = [v for v in variants if v[0] in only.split(",")]
    runs = []
    for rnd in range(rounds):
        for key, label, root, extra_env in variants:
            try:
                st = origin_once(ctx, dict(env, **extra_env), n, publish, root, f"origin-{key}")
            except Exception as exc:  # one failed run must not lose the others
                import traceback

                traceback.print_exc()
                st = {"n": n, "error": repr(exc)[:300]}
            st.update(label=label, key=key, round=rnd + 1)
            runs.append(st)
            if "error" not in st:
                log(f"origin: {label} N={n}: {st['connected']} connected, {st['complete']:.4f} delivered, "
                    f"p99 {st['k_p99']:.0f} ms, {st['rss_per_conn_kb']:.1f} KB/stream, "
                    f"{st['us_per_delivery']:.0f} µs/delivery, gc {st['gc']}, load {st['loadavg']}")
    ctx.data["origin"] = {"runs": runs, "publish": publish, "baseline": baseline, "broker": broker}

    rows = []
    for r in runs:
        if "error" in r:
            rows.append([r["label"], str(r["round"]), "error: " + r["error"][:80]] + [""] * 9)
            continue
        p99_ok, kb_ok = r["k_p99"] <= 500 and r["complete"] >= 1, r["rss_per_conn_kb"] <= 20
        rows.append([
            r["label"], str(r["round"]),
            f0(r["connected"]) + " / " + ("100%" if r["complete"] >= 1 else f"{r['complete']:.2%}"),
            f0(r["k_p50"]), f0(r["k_p99"]), f"{f0(r['wake_ms'])} + {f0(r['span_ms'])}",
            f1(r["rss_per_conn_kb"]), f1(r["slab_per_conn_kb"]), f0(r["us_per_delivery"]),
            " / ".join(f0(x) for x in r["gc"]) if r["gc"] else "–",
            f"{r['loadavg'][0]:.1f} / {r['others_pct']:.0f}%",
            "**met**" if p99_ok and kb_ok else "p99 not met" if kb_ok else "memory not met" if p99_ok
            else "neither met",
        ])
    return "\n".join([
        "## 7. Direct origin: one server for both 10k targets",
        "",
        f"{f0(n)} readers of one blog on one `manage.py serve` process (1 worker, {broker}) on core "
        f"{lib.SERVER_CORE}; the swarm and the publisher on core {lib.LOAD_CORE}; {publish} events a second "
        f"apart; each row a fresh server. *today* rows run the code of commit `{baseline}` (extracted with "
        "`git archive`, same venv, same database). p99: the event's `at` to the kernel's receive time on each "
        "reader's socket, over every delivery. KB/stream: server RSS growth with N idle streams ÷ N (the "
        "target's measure); kernel slab: both ends of each loopback connection ÷ N, not in the target. "
        "µs/delivery: server CPU from the first publish until the server is quiet again ÷ (events × readers). "
        "gc: the server's own collections in that window (/metrics, generations 0 / 1 / 2). load: the 1-minute load "
        "average when the window began, and what other processes used of one core during it.",
        "",
        table(["server", "round", "connected / delivered", "p50 ms", "p99 ms", "wake + fan-out ms",
               "RSS KB/stream", "kernel slab KB/conn", "µs/delivery", "gc 0/1/2", "load / others",
               "10k targets (p99 ≤ 500 ms, ≤ 20 KB)"], rows),
        "",
        "### Per event",
        "",
        "Each run's events in the order published: ms after the event's `at` (set inside the publishing "
        "transaction) until the publisher's call returned (commit and the broker's publish), until the first "
        "and the last reader's kernel received it, and the event's own p50 / p99.",
        *[part for r in runs if r.get("events") for part in (
            "", f"{r['label']}, round {r['round']}:", "", per_event_table(r["events"]))],
    ])


# Main -------------------------------------------------------------------------------


# 6. votes ----------------------------------------------------------------------------


def votes_script(ws, poll_id: int, tokens: list[str], name: str, rate: int, conns: int) -> Path:
    """A wrk script: each request a vote with a token of its own (a new
    anonymous reader), answers in turn, as the page's script sends it. The
    tokens are read from a file (too many constants for one Lua chunk). Each
    connection waits conns/rate seconds before each request, so the closed
    loop offers at most `rate` votes a second (the target), never more."""
    token_file = ws.dir / f"votes-tokens-{name}.txt"
    token_file.write_text("\n".join(tokens) + "\n")
    lines = ["local tokens = {}",
             f"for line in io.lines({json.dumps(str(token_file))}) do tokens[#tokens + 1] = line end",
             "local i = 0",
             'local headers = {["Content-Type"]="application/json", ["Accept"]="application/json"}',
             f"delay = function() return {max(0, round(1000 * conns / rate))} end",
             "request = function()", "  i = i + 1",
             '  local body = \'{"answer":\' .. (i % 3) .. \',"token":"\' .. tokens[(i % #tokens) + 1] .. \'"}\'',
             f'  return wrk.format("POST", "/votes/polls/{poll_id}/", headers, body)', "end"]
    path = ws.dir / f"votes-{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


VOTE_MODES = {
    "quiet": ("no votes", {}),
    "django": ("votes through Django's view (before)", {"VOTES_FAST_LANE": "0"}),
    "fast": ("votes through the fast lane (now)", {"VOTES_FAST_LANE": "1"}),
    # The same flood with nobody reading and nothing published: what a vote alone costs the server.
    "alone": ("fast lane, no readers, no posts", {"VOTES_FAST_LANE": "1"}),
}


def votes_once(ctx: Ctx, env: dict, n: int, mode: str, poll_id: int, script: Path | None, dur: int,
               conns: int) -> dict:
    """n readers on the blog's stream; a post a second for the window; with a
    flood (`script`), wrk sends votes at the target rate meanwhile."""
    flood = script is not None
    env = {**env, **VOTE_MODES[mode][1]}
    if mode == "alone":
        n = 0
    server = lib.Server(ctx.ws, env, f"votes-{mode}", ready_path="/live/votes/updates").start()
    swarm = None
    try:
        head = json.loads(lib.http_get(server.port, "/live/votes/updates")[2])["head"]
        ready = {"connected": 0}
        if n:
            swarm = Swarm(ctx, server.port, f"/live/votes/events?after={head}", n, name=f"votes-{mode}")
            ready = swarm.read("ready", 180)
        time.sleep(2)
        lib.wait_quiet(server.pids())
        v0 = lib.seed(env, "votes", "--poll", poll_id)[0]["votes"]
        cpu0, t0, snap0 = lib.cpu_seconds(server.pids()), time.time(), lib.cpu_snapshot()
        load0 = open("/proc/loadavg").read().split()[0]
        result: dict = {}
        flooder = None
        if flood:
            flooder = threading.Thread(target=lambda: result.update(
                lib.wrk(server.port, f"/votes/polls/{poll_id}/", duration=dur, conns=conns, script=script,
                        timeout=10)))
            flooder.start()
            time.sleep(1.5)  # the flood under way before the first post
        published = run_publisher([lib.PY, lib.BENCH / "seed.py", "publish", "--slug", "votes", "--count",
                                   max(3, dur - 4)], env, cwd=lib.ROOT) if n else []
        if flooder:
            flooder.join()
        cpu1, t1, snap1 = lib.cpu_seconds(server.pids()), time.time(), lib.cpu_snapshot()
        others, others_top = lib.others_between(snap0, snap1, server.pids() + ([swarm.proc.pid] if swarm else []))
        lib.note_window(f"votes {mode} N={n}", 100 * others / max(0.001, t1 - t0), others_top)
        time.sleep(2.5)  # the last batch written, its results event (each second) at the readers
        dump = swarm.dump() if swarm else {"clients": [], "lag": [], "cpu": 0}
        swarm = None
        v1 = lib.seed(env, "votes", "--poll", poll_id)[0]["votes"]
    finally:
        if swarm:
            swarm.stop()
        server.stop()
    st = delivery_stats(dump, published, t0, t1)
    connected = ready["connected"]
    riders = [c["riders"] for c in dump["clients"] if c["events"]]
    st.update({
        "mode": mode, "flood": flood, "n": n, "connected": connected, "published": len(published),
        "ratio": st["delivered"] / max(1, connected * len(published)),
        "votes_counted": v1 - v0, "window_s": t1 - t0,
        "wrk": {k: result.get(k) for k in ("requests", "rps", "errors", "socket_errors", "lat_50_ms", "lat_99_ms",
                                           "seconds")},
        "server_cpu_s": cpu1 - cpu0, "server_pct": 100 * (cpu1 - cpu0) / max(0.001, t1 - t0),
        "others_pct": 100 * others / max(0.001, t1 - t0), "others_top": others_top,
        "results_events_per_reader": statistics.median(riders) if riders else 0,
        "loadavg": load0,
    })
    return st


def bench_votes(ctx: Ctx) -> str:
    n = int(os.environ.get("BENCH_VOTES_READERS", "5000"))
    dur = int(seconds("BENCH_VOTES_SECONDS", 12))
    # Each connection pauses conns/rate s before each vote, so enough of them
    # are needed to offer the target rate while answers take 100 ms or more.
    conns = int(os.environ.get("BENCH_VOTES_CONNS", "160"))
    rate = int(os.environ.get("BENCH_VOTES_RATE", "1000"))
    modes = [m for m in os.environ.get("BENCH_VOTES_MODES", "quiet,django,fast,alone").split(",") if m in VOTE_MODES]
    no_redis = broker_available()
    env = ctx.ws.newsline_env({"SQLITE_PATH": ctx.ws.dir / "votes.sqlite3"}, GRANIAN_BACKPRESSURE=BACKPRESSURE,
                              VOTES_PER_ADDRESS_PER_MINUTE="100000000")
    if no_redis is None:
        env.update(REALTIME_BROKER="redis", REDIS_URL=VOTES_REDIS_URL)
    ctx.prepare_db(env)
    lib.seed(env, "blog", "--slug", "votes", "--posts", 50)
    per_run = rate * (dur + 5)
    tokens_path = ctx.ws.dir / "tokens.json"
    poll = lib.seed(env, "poll", "--slug", "votes", "--tokens", per_run * 3, "--out", tokens_path)[0]
    tokens = json.loads(tokens_path.read_text())
    # Each flood its own voters: a voter of the first run voting again in the second would be refused.
    scripts = {"django": votes_script(ctx.ws, poll["poll"], tokens[:per_run], "django", rate, conns),
               "fast": votes_script(ctx.ws, poll["poll"], tokens[per_run:2 * per_run], "fast", rate, conns),
               "alone": votes_script(ctx.ws, poll["poll"], tokens[2 * per_run:], "alone", rate, conns)}
    runs = []
    for mode in modes:
        try:
            st = votes_once(ctx, env, n, mode, poll["poll"], scripts.get(mode), dur, conns)
        except Exception as exc:
            import traceback

            traceback.print_exc()
            st = {"mode": mode, "flood": mode != "quiet", "n": n, "error": repr(exc)[:300]}
        runs.append(st)
        if "error" not in st:
            log(f"votes: {mode} N={n}: ratio {st['ratio']:.4f}, p99 {st['k_p99']:.0f} ms, "
                f"{st['votes_counted']} votes counted in {st['window_s']:.1f} s, server {st['server_pct']:.0f}% CPU")
    ctx.data["votes"] = {"runs": runs, "seconds": dur, "conns": conns, "rate": rate,
                         "cache": "redis" if no_redis is None else "database"}

    rows = []
    for r in runs:
        label = VOTE_MODES[r["mode"]][0]
        if "error" in r:
            rows.append([label, f0(r["n"]), "error: " + r["error"][:80]] + [""] * 10)
            continue
        w = r["wrk"]
        secs = w["seconds"] or r["window_s"]
        fan = ([f"{r['ratio']:.2%}" if r["ratio"] < 1 else "100%", f0(r["k_p50"]), f0(r["k_p99"]), f0(r["k_max"])]
               if r["n"] else ["–"] * 4)
        rows.append([
            label, f0(r["connected"]), *fan,
            f0((w["requests"] or 0) / max(0.001, secs)) if r["flood"] else "–",
            f0(r["votes_counted"] / max(0.001, secs)) if r["flood"] else "–",
            f"{f0(w['lat_50_ms'])} / {f0(w['lat_99_ms'])}" if r["flood"] else "–",
            f0(w["errors"]) if r["flood"] else "–",
            f"{r['results_events_per_reader']:.0f}",
            f"{r['server_pct']:.0f} / {r['others_pct']:.0f}", r["loadavg"],
        ])
    ok = {r["mode"]: r for r in runs if "error" not in r}
    notes = []
    quiet = ok.get("quiet")
    if (alone := ok.get("alone")) and alone["votes_counted"]:
        notes.append(f"- {VOTE_MODES['alone'][0]}: server CPU per counted vote "
                     f"**{1000 * alone['server_cpu_s'] / alone['votes_counted']:.2f} ms** (all of the run's server "
                     "CPU, per vote counted: what one core could take is 1,000 ms ÷ this, on a core of its own).")
    for mode in ("django", "fast"):
        r = ok.get(mode)
        if not (quiet and r and quiet["k_p99"] > 0):
            continue
        quiet_cpu = quiet["server_cpu_s"] * r["window_s"] / quiet["window_s"]
        per_vote = 1000 * (r["server_cpu_s"] - quiet_cpu) / max(1, r["votes_counted"])
        notes.append(f"- {VOTE_MODES[mode][0]}: fan-out p99 with the flood ÷ without: "
                     f"**{r['k_p99'] / quiet['k_p99']:.2f}×** (p50 {r['k_p50'] / max(0.001, quiet['k_p50']):.2f}×); "
                     f"server CPU per counted vote **{per_vote:.2f} ms** (the run's server CPU less the quiet "
                     "run's, per vote counted).")
    return "\n".join([
        "## 6. Votes while readers watch",
        "",
        f"One server process (`manage.py serve`, 1 worker, SQLite, {'Redis' if no_redis is None else 'the database'} "
        f"as cache and broker) on core {lib.SERVER_CORE}; on core {lib.LOAD_CORE} the swarm of {f0(n)} SSE readers "
        f"of the blog, the publisher (a post a second) and, in the flood runs, wrk (`-c{conns}`, each connection "
        f"pausing so that at most {f0(rate)} votes a second are offered) sending votes as the page's script does, "
        f"each with a voter token of its own, for {dur} s: once through Django's view (`VOTES_FAST_LANE=0`, as "
        "before) and once through the fast lane. Fan-out latency is the posts' (publish → kernel receive on each "
        "reader's socket), as in section 2; the same readers and posts without votes are the baseline, in the "
        "same run. *Counted* is rows in the database after the run (written), *offered* what wrk sent. "
        "*Results events* is the median number of batched `votes` events each reader received (at most one a "
        "second).",
        "",
        table(["run", "readers", "posts delivered", "p50 ms", "p99 ms", "max ms", "votes/s offered",
               "votes/s counted", "vote p50 / p99 ms", "refused votes", "results events / reader",
               "CPU % server / others", "load average"], rows),
        "",
        *notes,
    ])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("only", nargs="*", help=f"benchmarks to run (default all): {', '.join(NAMES)}")
    args = p.parse_args()
    names = [n for part in args.only for n in part.replace(",", " ").split()] or list(NAMES)
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    names = [n for n in NAMES if n in names]

    ensure_tools()
    ensure_venv(lib.LOAD_VENV, lib.BENCH / "requirements.txt")
    if "fanout" in names or "grip" in names:
        ensure_venv(lib.ES_VENV, lib.ES_APP / "requirements.txt")
    nofile = raise_nofile()
    if nofile < 12000:
        log(f"warning: open-files limit is {nofile}; the 10k fan-out needs ~10,100 in the server")

    ctx = Ctx()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    started = time.time()
    facts = lib.machine_facts()
    sections, failures = [], []
    try:
        for name in names:
            log(f"== {name}")
            t = time.time()
            try:
                sections.append(globals()[f"bench_{name}"](ctx))
            except Exception as exc:
                import traceback

                traceback.print_exc()
                failures.append(name)
                sections.append(f"## {name}\n\nFailed: `{exc!r}`")
            ctx.data.setdefault("timings", {})[name] = round(time.time() - t)
            log(f"== {name} took {time.time() - t:.0f}s")
    finally:
        lib.stop_all()
        ctx.ws.cleanup()

    wall = time.time() - started
    facts["wall time"] = f"{wall:.0f} s"
    wins = lib.QUIET["windows"]
    if wins:
        worst = max(wins, key=lambda w: w[1])
        facts["other work on the machine"] = (
            f"processes that are not the bench's used a median {statistics.median(w[1] for w in wins):.0f}% "
            f"of one core during the {len(wins)} measurements, at most {worst[1]}% ({worst[0]}: "
            f"{', '.join(worst[2])}); the bench waited {lib.QUIET['waited_s']:.0f} s in all for quiet before measuring")
    command = "make bench" + (f" ONLY={','.join(names)}" if names != list(NAMES) else "")
    head = ["# Newsline benchmarks", "", f"Command: `{command}`", "", "| fact | value |", "|---|---|"]
    head += [f"| {k} | {v if not isinstance(v, list) else ' '.join(v)} |" for k, v in facts.items()]
    text = "\n".join(head) + "\n\n" + "\n\n".join(sections) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("%Y-%m-%d") + ("" if names == list(NAMES) else "-" + "-".join(names))
    (RESULTS / f"{stem}.md").write_text(text)
    ctx.data["facts"] = facts
    (RESULTS / f"{stem}.json").write_text(json.dumps(ctx.data, indent=1, default=str))
    print(text)
    log(f"wrote bench/results/{stem}.md and .json")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
