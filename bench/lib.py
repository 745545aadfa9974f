"""Plumbing for bench/run.py: processes pinned to cores, CPU and memory of a
process tree, wrk, nginx, machine facts, throwaway databases."""

import atexit
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = ROOT / ".venv" / "bin" / "python"
LOAD_VENV = BENCH / ".venv-load"
LOAD_PY = LOAD_VENV / "bin" / "python"
ES_VENV = BENCH / ".venv-eventstream"
ES_APP = BENCH / "eventstream_app"
SERVER_CORE = "0"
LOAD_CORE = "1"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

# Variables that would point a child at something other than its throwaway set-up.
SCRUB = ("DATABASE_URL", "REDIS_URL", "REALTIME_BROKER", "SQLITE_PATH", "SQLITE_TEST_PATH", "STATIC_ROOT",
         "SITE_URL", "NEWSLINE_VAR_DIR", "SECRET_KEY", "DEBUG", "NEWSLINE_TESTING", "DJANGO_SETTINGS_MODULE",
         "REALTIME_POLL_MS", "WEB_WORKERS", "DJANGO_ALLOW_ASYNC_UNSAFE")


def log(msg: str):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# Processes ------------------------------------------------------------------

_started: list[subprocess.Popen] = []


def start(cmd, *, core: str | None, env=None, cwd=None, stdout=None, stderr=None, stdin=None, text=False):
    """Start a process in its own session (so its whole group can be ended),
    pinned to a core with taskset."""
    argv = (["taskset", "-c", core] if core is not None else []) + [str(c) for c in cmd]
    p = subprocess.Popen(argv, env=env, cwd=cwd, stdout=stdout, stderr=stderr, stdin=stdin,
                         start_new_session=True, text=text)
    _started.append(p)
    return p


def stop(p: subprocess.Popen, sig=signal.SIGTERM, timeout=10):
    """End a process we started and everything in its process group."""
    if p.poll() is None:
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(5)
    else:
        # The leader is gone; its group (e.g. a granian worker) may not be.
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if p in _started:
        _started.remove(p)


def stop_all():
    for p in list(_started):
        try:
            stop(p, timeout=5)
        except Exception:
            pass


atexit.register(stop_all)


def tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def cpu_by_pid(pids) -> dict:
    out = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        out[pid] = (int(fields[11]) + int(fields[12])) / CLK_TCK
    return out


def cpu_delta(a: dict, b: dict) -> float:
    """CPU used between two cpu_by_pid() readings by processes alive at the
    end (one that exited meanwhile takes its time with it, and must not make
    the sum go down)."""
    return sum(t - a.get(pid, 0.0) for pid, t in b.items())


def cpu_seconds(pids) -> float:
    """utime + stime of these processes (all their threads), in seconds."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def rss_bytes(pids) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def sockstat() -> dict:
    """TCP line of /proc/net/sockstat; mem is in pages."""
    with open("/proc/net/sockstat") as f:
        for line in f:
            if line.startswith("TCP:"):
                parts = line.split()[1:]
                return {parts[i]: int(parts[i + 1]) for i in range(0, len(parts), 2)}
    return {}


def cpu_snapshot() -> dict:
    """{pid: (command, CPU seconds)} for every process on the machine."""
    snap = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.find("(") + 1:stat.rfind(")")]
        fields = stat[stat.rfind(")") + 2:].split()
        snap[int(d)] = (comm, (int(fields[11]) + int(fields[12])) / CLK_TCK)
    return snap


def others_between(a: dict, b: dict, exclude) -> tuple[float, list]:
    """CPU seconds used between two snapshots by processes that are not the
    bench's own (this process's tree, the server's, wrk): other engineers'
    tests, system daemons. Returns (total, top three as 'comm seconds')."""
    mine = set(exclude) | set(tree_pids(os.getpid()))
    used = {}
    for pid, (comm, t1) in b.items():
        if pid in mine:
            continue
        t0 = a.get(pid, (comm, 0.0))[1] if pid in a else 0.0
        if t1 - t0 > 0:
            used[comm] = used.get(comm, 0.0) + (t1 - t0)
    top = sorted(used.items(), key=lambda kv: -kv[1])[:3]
    return sum(used.values()), [f"{c} {t:.1f}s" for c, t in top]


def slab_bytes() -> int:
    """Kernel slab memory (socket structures live there, not in sockstat's mem)."""
    total = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(("SReclaimable:", "SUnreclaim:")):
                total += int(line.split()[1]) * 1024
    return total


def core_busy() -> dict:
    """Jiffies busy/total per cpu, to show what else ran during a measurement."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *vals = line.split()
                vals = list(map(int, vals))
                idle = vals[3] + vals[4]
                out[name] = (sum(vals) - idle, sum(vals))
    return out


def busy_between(a: dict, b: dict) -> dict:
    return {k: round(100 * (b[k][0] - a[k][0]) / max(1, b[k][1] - a[k][1])) for k in a}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, headers=None, timeout=10):
    conn = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def wait_http(port: int, path: str, proc=None, timeout=40, logfile=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early: {Path(logfile).read_text()[-2000:] if logfile else ''}")
        try:
            status, _, _ = http_get(port, path, timeout=2)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {timeout}s")


# Environments ---------------------------------------------------------------


def base_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    env.update({"PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"})
    env.update({k: str(v) for k, v in extra.items()})
    return env


# BENCH_ACCESS_LOG=on: one JSON access line per request, as in production
# (ACCESS_LOG on, LOG_LEVEL INFO), written to the server's log file.
ACCESS_LOG_ENV = (
    {"ACCESS_LOG": "on", "LOG_LEVEL": "INFO"}
    if os.environ.get("BENCH_ACCESS_LOG", "off").strip().lower() in ("1", "on", "true", "yes")
    else {"ACCESS_LOG": "off"}
)


class Workspace:
    """A throwaway directory per run: databases, static files, logs."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="newsline-bench-"))
        self.static = self.dir / "static"
        (self.dir / "var").mkdir()

    def newsline_env(self, db: dict, **extra) -> dict:
        # db: {"SQLITE_PATH": ...} or {"DATABASE_URL": ...}
        return base_env(
            NEWSLINE_DEMO="1",
            NEWSLINE_VAR_DIR=self.dir / "var",
            STATIC_ROOT=self.static,
            SITE_URL="http://127.0.0.1:8000",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            REALTIME_BROKER="inprocess",
            # The server alone, as before operations: no job worker beside it,
            # no access log line per request (it would be measured too), unless
            # BENCH_ACCESS_LOG=on, to measure what that line costs.
            JOB_WORKER="off",
            **ACCESS_LOG_ENV,
            **db,
            **extra,
        )

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def manage(env, *args, core=LOAD_CORE, timeout=600) -> str:
    p = subprocess.run(["taskset", "-c", core, str(PY), str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                       capture_output=True, text=True, timeout=timeout)
    if p.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{p.stdout}\n{p.stderr}")
    return p.stdout


def seed(env, *args, timeout=600) -> list[dict]:
    p = subprocess.run(["taskset", "-c", LOAD_CORE, str(PY), str(BENCH / "seed.py"), *map(str, args)], env=env,
                       cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if p.returncode:
        raise RuntimeError(f"seed.py {' '.join(map(str, args))} failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


class Postgres:
    """A database created for the run on the local server, dropped after."""

    def __init__(self, base="postgres://postgres@127.0.0.1:5432"):
        self.base = base
        self.name = f"newsline_bench_{os.getpid()}"
        self.url = f"{base}/{self.name}"

    def available(self) -> str | None:
        if not shutil.which("psql"):
            return "psql not found"
        r = subprocess.run(["psql", f"{self.base}/postgres", "-Atc", "select 1"], capture_output=True, text=True)
        return None if r.returncode == 0 else (r.stderr.strip() or "cannot connect")

    def create(self):
        self.drop()
        subprocess.run(["psql", f"{self.base}/postgres", "-qc", f'CREATE DATABASE "{self.name}"'], check=True,
                       capture_output=True)

    def drop(self):
        subprocess.run(["psql", f"{self.base}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'],
                       capture_output=True)


# Servers ----------------------------------------------------------------------


class Server:
    """`manage.py serve` (granian, the production server) pinned to the server core."""

    def __init__(self, ws: Workspace, env: dict, name: str, port: int | None = None, ready_path="/",
                 core: str = SERVER_CORE, root: Path = ROOT):
        self.core = core
        self.root = root  # another checkout of the project (bench/run.py `origin`: an earlier commit)
        self.port = port or free_port()
        self.env = env
        self.logfile = ws.dir / f"{name}-{self.port}.log"
        self.ready_path = ready_path
        self.proc = None

    def start(self):
        self.log = open(self.logfile, "a")
        self.proc = start(
            [PY, self.root / "manage.py", "serve", "--host", "127.0.0.1", "--port", self.port, "--workers", "1"],
            core=self.core,
            env=self.env,
            cwd=self.root,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_http(self.port, self.ready_path, self.proc, logfile=self.logfile)
        self.banner = Path(self.logfile).read_text().splitlines()[:2]
        return self

    def pids(self):
        return tree_pids(self.proc.pid)

    def stop(self, sig=signal.SIGTERM):
        if self.proc is not None:
            stop(self.proc, sig)
            self.proc = None
            self.log.close()


class EventstreamServer(Server):
    """django-eventstream's minimal project on the same granian, same core."""

    def __init__(self, ws: Workspace, env: dict, name="eventstream"):
        super().__init__(ws, env, name, ready_path="/events/?channel=ready")

    def start(self):
        self.log = open(self.logfile, "a")
        self.proc = start([ES_VENV / "bin" / "granian", "--interface", "asgi", "--host", "127.0.0.1", "--port",
                           self.port, "--workers", "1", "--no-access-log", "esapp.asgi:application"],
                          core=SERVER_CORE, env=self.env, cwd=ES_APP, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the stream never ends: wait for the port, not a response
            if self.proc.poll() is not None:
                raise RuntimeError(Path(self.logfile).read_text()[-2000:])
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)
        self.banner = ["granian ASGI, django-eventstream " + es_version()]
        return self


class Nginx:
    def __init__(self, ws: Workspace, root: Path):
        self.port = free_port()
        self.dir = ws.dir / "nginx"
        self.dir.mkdir(exist_ok=True)
        self.root = root
        conf = f"""
worker_processes 1;
daemon off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 4096; }}
http {{
  access_log off;
  types {{ text/html html; application/json json; }}
  default_type application/octet-stream;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65; keepalive_requests 1000000;
  etag on;
  open_file_cache max=100 inactive=60s;
  client_body_temp_path {self.dir}/body; proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi; uwsgi_temp_path {self.dir}/uwsgi; scgi_temp_path {self.dir}/scgi;
  server {{
    listen 127.0.0.1:{self.port};
    root {root};
    location / {{ }}
  }}
}}
"""
        (self.dir / "nginx.conf").write_text(conf)
        self.proc = None

    def start(self):
        self.log = open(self.dir / "stdout.log", "w")
        self.proc = start(["nginx", "-c", self.dir / "nginx.conf", "-p", self.dir], core=SERVER_CORE,
                          stdout=self.log, stderr=subprocess.STDOUT)
        wait_http(self.port, "/", self.proc, logfile=self.dir / "error.log")
        return self

    def pids(self):
        return tree_pids(self.proc.pid)

    def stop(self):
        if self.proc:
            stop(self.proc, signal.SIGQUIT)
            self.proc = None
            self.log.close()


# wrk ------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(m.group(1)) * _UNITS[m.group(2)] if m else float("nan")


def wait_idle(pids, timeout=60.0, quiet=0.05):
    """Wait until these processes stop using CPU: requests wrk left in flight
    must not run into the next measurement."""
    deadline = time.monotonic() + timeout
    last = cpu_seconds(pids)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pids)
        if now - last <= quiet:
            return True
        last = now
    return False


QUIET = {"budget_s": float(os.environ.get("BENCH_QUIET_BUDGET", "120")), "waited_s": 0.0, "windows": []}


def wait_quiet(exclude=(), threshold_pct=25.0, max_wait=20.0) -> float:
    """Other engineers' tests share these two cores. Before a measurement,
    wait (bounded, from a per-run budget) until processes that are not the
    bench's use less than threshold_pct of a core over a second."""
    waited = 0.0
    while QUIET["budget_s"] > 0 and waited < max_wait:
        a = cpu_snapshot()
        time.sleep(0.5)
        other, _ = others_between(a, cpu_snapshot(), exclude)
        if 100 * other / 0.5 < threshold_pct:
            break
        waited += 0.5
        QUIET["budget_s"] -= 0.5
    QUIET["waited_s"] += waited
    return waited


def note_window(label: str, others_pct: float, top: list):
    QUIET["windows"].append((label, round(others_pct), top))


def wrk(port: int, path: str, *, duration=10, conns=64, headers=(), script: Path | None = None, server_pids=(),
        timeout=None, extra_pids=()):
    """wrk -t1 -cCONNS -dDURATION pinned to the load core; the server's CPU
    seconds over the run from /proc (utime+stime of its processes)."""
    if server_pids:
        wait_idle(server_pids)
        wait_quiet(list(server_pids) + list(extra_pids))
    argv = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{conns}", f"-d{duration}s", "--latency"]
    if timeout:
        argv.append(f"--timeout={timeout}s")
    for h in headers:
        argv += ["-H", h]
    if script:
        argv += ["-s", str(script)]
    argv.append(f"http://127.0.0.1:{port}{path}")
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, busy0, snap0 = cpu_seconds(server_pids), core_busy(), cpu_snapshot()
    # extra_pids name a database server: count every process of that name
    # (backends come and go), each from its own start value.
    db_comm = snap0[extra_pids[0]][0] if extra_pids and extra_pids[0] in snap0 else None
    db0 = {pid: t for pid, (comm, t) in snap0.items() if db_comm and comm == db_comm}
    p = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 30 + (timeout or 0))
    cpu1, busy1, snap1 = cpu_seconds(server_pids), core_busy(), cpu_snapshot()
    db1 = {pid: t for pid, (comm, t) in snap1.items() if db_comm and comm == db_comm}
    db_used = cpu_delta(db0, db1)
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = p.stdout
    res = {"argv": " ".join(argv[3:]), "raw": out}
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    res["requests"] = int(m.group(1)) if m else 0
    res["seconds"] = _ms(m.group(2) + m.group(3)) / 1000 if m else duration
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["errors"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    res["socket_errors"] = m.group(1).strip() if m else ""
    for q in ("50%", "99%"):
        m = re.search(rf"^\s+{q}\s+(\S+)", out, re.M)
        res[f"lat_{q[:-1]}_ms"] = _ms(m.group(1)) if m else float("nan")
    res["server_cpu_s"] = cpu1 - cpu0
    res["db_cpu_s"] = db_used
    per_k = res["requests"] / 1000
    res["cpu_per_1k_ms"] = 1000 * (cpu1 - cpu0 + db_used) / per_k if per_k else float("nan")
    res["server_cpu_per_1k_ms"] = 1000 * (cpu1 - cpu0) / per_k if per_k else float("nan")
    res["wrk_cpu_s"] = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    res["core_busy"] = busy_between(busy0, busy1)
    other, top = others_between(snap0, snap1, list(server_pids) + list(db1))
    res["others_pct"] = 100 * other / max(0.001, res["seconds"])
    res["others_top"] = top
    if server_pids:
        note_window(f"wrk {path}", res["others_pct"], top)
    if server_pids:
        t = time.monotonic()
        wait_idle(server_pids)
        res["drain_s"] = round(time.monotonic() - t, 1)
    return res


def wrk_paths_script(ws: Workspace, name: str, paths: list[str], headers=()) -> Path:
    """A wrk script that cycles through paths, so every request differs."""
    lines = ["local paths = {" + ",".join(json.dumps(p) for p in paths) + "}", "local i = 0"]
    hdr = "{" + ",".join(f'["{h.split(":", 1)[0]}"]={json.dumps(h.split(":", 1)[1].strip())}' for h in headers) + "}"
    lines += ["request = function()", "  i = (i % #paths) + 1",
              f'  return wrk.format("GET", paths[i], {hdr})', "end"]
    path = ws.dir / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


# Facts --------------------------------------------------------------------------


def _cmd(argv) -> str:
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        return (p.stdout + p.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def nginx_version() -> str:
    return _cmd(["nginx", "-v"]).replace("nginx version: nginx/", "")


def es_version() -> str:
    out = _cmd(
        [
            str(ES_VENV / "bin" / "python"),
            "-c",
            "import importlib.metadata as m; print(m.version('django-eventstream'))",
        ]
    )
    return out.splitlines()[-1] if out else "not installed"


def machine_facts() -> dict:
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    ver = lambda mod: _cmd([str(PY), "-c", f"import importlib.metadata as m; print(m.version('{mod}'))"])  # noqa: E731
    facts = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "os": _cmd(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "python": platform.python_version(),
        "django": ver("Django"),
        "granian": ver("granian"),
        "nginx": _cmd(["nginx", "-v"]).replace("nginx version: ", ""),
        "wrk": _cmd(["wrk", "--version"]).splitlines()[0].split(" Copyright")[0] if shutil.which("wrk") else "missing",
        "uvloop (load generator)": _cmd([str(LOAD_PY), "-c", "import uvloop; print(uvloop.__version__)"]) or "none",
        "django-eventstream": es_version(),
        "postgresql": _cmd(["psql", "-V"]),
        "redis": _cmd(["redis-server", "--version"]).split(" sha=")[0],
        "commit": _cmd(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "uncommitted files": str(
            len([line for line in _cmd(["git", "-C", str(ROOT), "status", "--porcelain"]).splitlines() if line.strip()])
        ),
        "loadavg at start": open("/proc/loadavg").read().split()[:3],
        "nofile limit": "%d/%d" % resource.getrlimit(resource.RLIMIT_NOFILE),
    }
    return facts
