"""A swarm of Server-Sent Events readers for the benchmarks: one asyncio
process (uvloop when importable), raw non-blocking sockets, no HTTP library.

Every socket asks the kernel to timestamp what it receives (SO_TIMESTAMPNS),
so each delivery carries two times:

  kernel time  when the bytes reached the client socket. On loopback that is
               the server's socket write plus microseconds: it does not
               include the swarm's own queueing.
  user time    when this process got round to reading them.

user − kernel is the swarm's own lag. Each event's publish time is the "at"
field of its JSON payload (set by the server side when the event is encoded,
inside the publishing transaction).

Driven by bench/run.py through stdin, one command per line:
  stats                 print {"connected", "events", ...}
  drop <ms>             close every socket now; reconnect each after <ms>
                        with Last-Event-ID (like EventSource after a blip)
  dump <path>           write all deliveries as JSON to <path>, then exit
It prints {"event": "ready", ...} once the first connections are made.
"""

import argparse
import asyncio
import json
import random
import resource
import socket
import struct
import sys
import time
from datetime import datetime

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
SCM_TIMESTAMPNS = getattr(socket, "SCM_TIMESTAMPNS", SO_TIMESTAMPNS)
CMSG_SIZE = socket.CMSG_SPACE(16)

# Each distinct frame is parsed once per process: every reader gets the same bytes.
_frames: dict[bytes, tuple] = {}


def parse_frame(frame: bytes):
    """(seq, at, event id) of an SSE frame with a JSON payload, or None for
    comments, keep-alives and frames without a seq."""
    hit = _frames.get(frame)
    if hit is not None:
        return hit
    data, ident, name = [], None, "message"
    for line in frame.split(b"\n"):
        if line.startswith(b"data:"):
            data.append(line[5:].lstrip(b" ") if line[5:6] == b" " else line[5:])
        elif line.startswith(b"id:"):
            ident = line[3:].strip().decode()
        elif line.startswith(b"event:"):
            name = line[6:].strip().decode()
        elif line.startswith(b"retry:"):
            pass
    result = None
    if data and name not in ("keep-alive", "stream-open"):
        try:
            body = json.loads(b"\n".join(data))
            seq = body.get("seq")
            at = datetime.fromisoformat(body["at"]).timestamp() if body.get("at") else None
            result = (seq, at, ident, name)
        except (ValueError, KeyError, TypeError, AttributeError):
            result = (None, None, ident, name)
    else:
        result = (None, None, ident, name)
    if len(_frames) < 10_000:
        _frames[frame] = result
    return result


class Client:
    __slots__ = ("swarm", "idx", "sock", "buf", "body", "headers_done", "chunked", "status", "last_id",
                 "events", "conn_times", "retry_ms", "errors", "closed", "want_reconnect", "connecting",
                 "resets", "riders", "rider_dups", "rider_last", "rider_sample")

    def __init__(self, swarm, idx):
        self.swarm = swarm
        self.idx = idx
        self.sock = None
        self.buf = self.body = b""
        self.headers_done = False
        self.chunked = False
        self.status = None
        self.last_id = None
        self.events = []  # [seq, kernel time, user time]
        self.conn_times = []  # [start, time the 200 arrived]
        self.retry_ms = 3000
        self.errors = 0
        self.resets = 0
        # Rider events (comments: named, no id, their own sequence) are counted
        # apart from the blog's; latencies kept for every 50th reader only.
        self.riders = 0
        self.rider_dups = 0
        self.rider_last = None
        self.rider_sample = [] if idx % 50 == 0 else None
        self.closed = True
        self.want_reconnect = False
        self.connecting = False

    async def connect(self):
        s = self.swarm
        loop = s.loop
        self.connecting = True
        t0 = time.time()
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # More than one server (--also-ports): each (re)connect picks one at
            # random, as a load balancer would; a refused one is retried after
            # the retry delay, elsewhere.
            port = random.choice(s.ports)
            await loop.sock_connect(sock, (s.host, port))
            headers = [f"GET {s.path} HTTP/1.1", f"Host: {s.host}:{port}", "Accept: text/event-stream",
                       "Cache-Control: no-cache"]
            if self.last_id and s.resume:
                headers.append(f"Last-Event-ID: {self.last_id}")
            await loop.sock_sendall(sock, ("\r\n".join(headers) + "\r\n\r\n").encode())
        except OSError:
            self.errors += 1
            self.connecting = False
            try:
                sock.close()
            except Exception:
                pass
            return False
        self.sock = sock
        self.buf = b""
        self.body = b""
        self.headers_done = False
        self.chunked = False
        self.status = None
        self.closed = False
        self.conn_times.append([t0, None])
        loop.add_reader(sock.fileno(), self.on_readable)
        return True

    def on_readable(self):
        try:
            data, anc, _flags, _addr = self.sock.recvmsg(262144, CMSG_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.lost()
            return
        if not data:
            self.lost()
            return
        user_t = time.time()
        kern_t = user_t
        for level, kind, cdata in anc:
            if level == socket.SOL_SOCKET and kind == SCM_TIMESTAMPNS and len(cdata) >= 16:
                sec, nsec = struct.unpack("qq", cdata[:16])
                kern_t = sec + nsec / 1e9
        self.feed(data, kern_t, user_t)

    def feed(self, data, kern_t, user_t):
        self.buf += data
        if not self.headers_done:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end].decode("latin-1").lower()
            self.buf = self.buf[end + 4:]
            self.status = int(head.split(" ", 2)[1])
            self.chunked = "transfer-encoding: chunked" in head
            self.headers_done = True
            if self.status != 200:
                self.errors += 1
                self.close()
                self.schedule_reconnect()
                return
            self.conn_times[-1][1] = user_t
            self.connecting = False
            self.swarm.on_connected(self)
        if self.chunked:
            buf = self.buf
            pos = 0
            body = []
            while True:
                nl = buf.find(b"\r\n", pos)
                if nl < 0:
                    break
                size = int(buf[pos:nl].split(b";", 1)[0], 16)
                if size == 0:
                    self.buf = b""
                    self.lost()
                    return
                if len(buf) < nl + 2 + size + 2:
                    break
                body.append(buf[nl + 2: nl + 2 + size])
                pos = nl + 2 + size + 2
            self.buf = buf[pos:]
            if not body:
                return
            self.body += b"".join(body)
        else:
            self.body += self.buf
            self.buf = b""
        body = self.body
        start = 0
        while True:
            end = body.find(b"\n\n", start)
            if end < 0:
                break
            frame = body[start:end]
            start = end + 2
            if frame.startswith(b":"):
                continue
            if frame.startswith(b"retry:"):
                try:
                    self.retry_ms = int(frame[6:].strip())
                except ValueError:
                    pass
                continue
            seq, at, ident, name = parse_frame(frame)
            if ident:
                self.last_id = ident
            if name == "reset":
                self.resets += 1
            if seq is not None and ident is None and self.swarm.riders:
                if self.rider_last is not None and seq <= self.rider_last:
                    self.rider_dups += 1
                else:
                    self.riders += 1
                    self.rider_last = seq
                    if self.rider_sample is not None and at is not None:
                        self.rider_sample.append((seq, at, kern_t))
            elif seq is not None:
                self.events.append((seq, kern_t, user_t))
                self.swarm.n_events += 1
        self.body = body[start:]

    def close(self):
        if self.sock is not None:
            try:
                self.swarm.loop.remove_reader(self.sock.fileno())
            except Exception:
                pass
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None
        if not self.closed:
            self.closed = True
            self.swarm.connected -= 1 if self.status == 200 and self.headers_done else 0

    def lost(self):
        self.close()
        self.schedule_reconnect()

    def schedule_reconnect(self, delay_ms=None):
        if not self.swarm.reconnect or self.swarm.stopping:
            return
        delay = (self.retry_ms if delay_ms is None else delay_ms) / 1000
        self.swarm.loop.call_later(delay, lambda: self.swarm.spawn(self.reconnect_loop()))

    async def reconnect_loop(self):
        while not self.swarm.stopping:
            async with self.swarm.sem:
                ok = await self.connect()
            if ok:
                return
            await asyncio.sleep(self.retry_ms / 1000)


class Swarm:
    def __init__(self, args, loop):
        self.loop = loop
        self.host, self.port, self.path = args.host, args.port, args.path
        self.ports = [args.port, *args.also_ports]
        self.resume = not args.no_resume
        self.reconnect = args.reconnect
        # Riders (a blog's comments, a poll's results: named frames without an id)
        # exist only on Newsline's /live/ streams. Elsewhere a frame with a seq is
        # the stream's own event, with or without an id: django-eventstream
        # without storage sends its events with none.
        self.riders = self.path.startswith("/live/")
        self.sem = asyncio.Semaphore(args.concurrency)
        self.clients = [Client(self, i) for i in range(args.n)]
        self.connected = 0
        self.n_events = 0
        self.stopping = False
        self.lag = []  # (time, seconds late) of a 10 ms ticker
        self.tasks = set()

    def spawn(self, coro):
        t = self.loop.create_task(coro)
        self.tasks.add(t)
        t.add_done_callback(self.tasks.discard)

    def on_connected(self, client):
        self.connected += 1

    async def connect_all(self, timeout):
        async def one(c):
            async with self.sem:
                await c.connect()
                # hold the slot until the response head arrives, so a stalled
                # server is not flooded with more half-open requests
                t_end = time.monotonic() + timeout
                while c.sock is not None and not c.headers_done and time.monotonic() < t_end:
                    await asyncio.sleep(0.005)

        t0 = time.time()
        await asyncio.wait_for(asyncio.gather(*(one(c) for c in self.clients), return_exceptions=True), timeout)
        return time.time() - t0

    async def ticker(self):
        while not self.stopping:
            t = time.perf_counter()
            await asyncio.sleep(0.01)
            late = time.perf_counter() - t - 0.01
            self.lag.append((time.time(), late))

    def drop(self, delay_ms):
        t = time.time()
        for c in self.clients:
            c.close()
            if delay_ms >= 0:
                c.schedule_reconnect(delay_ms)
        return t

    def dump(self, path):
        ru = resource.getrusage(resource.RUSAGE_SELF)
        data = {
            "clients": [{"events": c.events, "conns": c.conn_times, "errors": c.errors, "resets": c.resets,
                         "riders": c.riders, "rider_dups": c.rider_dups, "rider_sample": c.rider_sample}
                        for c in self.clients],
            "lag": self.lag,
            "cpu": ru.ru_utime + ru.ru_stime,
            "maxrss_kb": ru.ru_maxrss,
        }
        with open(path, "w") as f:
            json.dump(data, f, separators=(",", ":"))


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def main(args):
    loop = asyncio.get_running_loop()
    swarm = Swarm(args, loop)
    swarm.spawn(swarm.ticker())
    try:
        took = await swarm.connect_all(args.connect_timeout)
    except asyncio.TimeoutError:
        took = args.connect_timeout
    ok = sum(1 for c in swarm.clients if c.headers_done and c.status == 200 and c.sock is not None)
    emit({"event": "ready", "connected": ok, "wanted": args.n, "seconds": round(took, 3),
          "loop": type(loop).__module__})

    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    deadline = time.monotonic() + args.max_seconds
    while time.monotonic() < deadline:
        try:
            line = await asyncio.wait_for(reader.readline(), deadline - time.monotonic())
        except asyncio.TimeoutError:
            break
        if not line:
            break
        cmd, *rest = line.decode().split()
        if cmd == "stats":
            open_ok = sum(1 for c in swarm.clients if c.sock is not None and c.headers_done and c.status == 200)
            emit({"event": "stats", "connected": open_ok, "events": swarm.n_events, "t": time.time()})
        elif cmd == "drop":
            t = swarm.drop(int(rest[0]))
            emit({"event": "dropped", "t": t})
        elif cmd == "dump":
            swarm.stopping = True
            swarm.dump(rest[0])
            emit({"event": "dumped"})
            break
    swarm.stopping = True
    for c in swarm.clients:
        c.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--also-ports", type=int, nargs="*", default=[], help="more servers; connects spread at random")
    p.add_argument("--path", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--concurrency", type=int, default=200, help="connects in flight at once")
    p.add_argument("--connect-timeout", type=float, default=60)
    p.add_argument("--max-seconds", type=float, default=300, help="exit by itself after this long")
    p.add_argument("--reconnect", action="store_true", help="reconnect when a stream ends, like EventSource")
    p.add_argument("--no-resume", action="store_true", help="do not send Last-Event-ID")
    args = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    random.seed(0)
    try:
        import uvloop
    except ImportError:
        asyncio.run(main(args))
    else:
        uvloop.run(main(args))
