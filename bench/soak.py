"""The soak run: `make soak` (not part of `make bench` or `make test`).

Thousands of SSE readers (bench/swarm.py, reconnecting like EventSource)
on one live blog served by `manage.py serve`, a post published every 2 s
and reader comments posted between them through community.actions (they
ride on the same connections), for SOAK_MINUTES. Every 10 s it records the
server's resident memory. At the end: lost events (a published post some
reader never got: must be 0), duplicates (must be 0), delivery latency
p50/p99, reconnects, comments delivered, and the memory slope. Results go
to bench/results/<date>-soak.md and .json. A bench, not a test: nothing
here asserts, but the exit status is 1 when events were lost or repeated.

    SOAK_MINUTES=30         how long to publish
    SOAK_READERS=2000       readers
    SOAK_PUBLISH_SECONDS=2  one post every this many seconds
    SOAK_COMMENT_SECONDS=1  one comment every this many seconds
    SOAK_DATABASE=postgres  or sqlite (postgres falls back to sqlite when unreachable)
"""

import json
import os
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lib  # noqa: E402
import run  # noqa: E402
from lib import log  # noqa: E402

SAMPLE_SECONDS = 10
SLUG = "soak"
# Redis database 9: the rate-limit cache keys stay apart from other users of a shared Redis.
REDIS_URL = "redis://127.0.0.1:6379/9"


def env_number(name, default, kind=int):
    return kind(os.environ.get(name, default))


def slope_per_hour(samples) -> float:
    """Least-squares slope of (seconds, bytes) in MB per hour."""
    if len(samples) < 2:
        return float("nan")
    xs = [t for t, _ in samples]
    ys = [b / 2**20 for _, b in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 3600 * sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), 1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def database(ws: lib.Workspace):
    want = os.environ.get("SOAK_DATABASE", "postgres")
    if want == "postgres":
        pg = lib.Postgres()
        why = pg.available()
        if why is None:
            pg.create()
            return {"DATABASE_URL": pg.url}, "PostgreSQL (a throwaway database)", pg
        log(f"soak: PostgreSQL unavailable ({why}); using SQLite")
    return {"SQLITE_PATH": ws.dir / "soak.sqlite3"}, "SQLite", None


def analyse(dump: dict, published: list, comments: list) -> dict:
    seqs = [p["seq"] for p in published]
    want = set(seqs)
    clients = dump["clients"]
    connected = [c for c in clients if c["conns"] and any(t[1] for t in c["conns"])]
    lost_events, lost_readers = 0, 0
    for c in connected:
        seen = {e[0] for e in c["events"]}
        missing = len(want - seen)
        lost_events += missing
        lost_readers += 1 if missing else 0
    st = run.delivery_stats(dump, published)
    reconnects = [len(c["conns"]) - 1 for c in connected]
    shown = [c for c in comments if c["status"] == "published"]
    sample = [(kt - at) * 1000 for c in connected for _seq, at, kt in (c["rider_sample"] or [])]
    return {
        "readers": len(clients), "readers_connected": len(connected),
        "posts_published": len(seqs), "deliveries": st["delivered"],
        "expected_deliveries": len(connected) * len(seqs),
        "lost_events": lost_events, "readers_with_a_loss": lost_readers, "duplicates": st["dups"],
        "latency_p50_ms": st["k_p50"], "latency_p99_ms": st["k_p99"], "latency_max_ms": st["k_max"],
        "reconnects_total": sum(reconnects), "reconnects_max_per_reader": max(reconnects, default=0),
        "http_errors": sum(c["errors"] for c in clients), "resets": sum(c["resets"] for c in clients),
        "comments_posted": len(comments), "comments_published": len(shown),
        "comment_frames_median_per_reader": statistics.median([c["riders"] for c in connected]) if connected else 0,
        "comment_duplicates": sum(c["rider_dups"] for c in clients),
        # Comments ride without ids: after a reconnect the page refetches them, so
        # only readers that never reconnected are expected to have seen every one.
        "readers_missing_comments": sum(1 for c in connected if len(c["conns"]) == 1 and c["riders"] < len(shown)),
        "comment_latency_p50_ms": run.pct(sample, 50), "comment_latency_p99_ms": run.pct(sample, 99),
        "swarm_cpu_s": dump["cpu"],
    }


def main():
    minutes = env_number("SOAK_MINUTES", 30, float)
    readers = env_number("SOAK_READERS", 2000)
    every = env_number("SOAK_PUBLISH_SECONDS", 2, float)
    comment_every = env_number("SOAK_COMMENT_SECONDS", 1, float)
    seconds = minutes * 60

    run.ensure_venv(lib.LOAD_VENV, lib.BENCH / "requirements.txt")
    run.raise_nofile()
    ctx = run.Ctx()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    facts = lib.machine_facts()
    db, db_name, pg = database(ctx.ws)
    broker = {"REALTIME_BROKER": "redis", "REDIS_URL": REDIS_URL} if redis_up() else {"REALTIME_POLL_MS": "1000"}
    env = ctx.ws.newsline_env(db, GRANIAN_BACKPRESSURE=run.BACKPRESSURE, COMMUNITY_PREMODERATE_FIRST="0")
    env.update(broker)
    server = swarm = publisher = None
    rss, stats = [], []
    try:
        ctx.prepare_db(env)
        lib.seed(env, "blog", "--slug", SLUG, "--posts", 50)
        server = lib.Server(ctx.ws, env, "soak", ready_path=f"/live/{SLUG}/updates").start()
        head = json.loads(lib.http_get(server.port, f"/live/{SLUG}/updates")[2])["head"]
        swarm = run.Swarm(ctx, server.port, f"/live/{SLUG}/events?after={head}", readers, reconnect=True,
                          max_seconds=seconds + 600, name="soak")
        ready = swarm.read("ready", 300)
        log(f"soak: {ready['connected']} of {readers} readers connected in {ready['seconds']} s; "
            f"publishing for {minutes:g} min on {db_name}, "
            f"broker {broker.get('REALTIME_BROKER', 'in-process + log poll')}")
        out_path = ctx.ws.dir / "publisher.jsonl"
        err_path = ctx.ws.dir / "publisher.err"
        with open(out_path, "w") as out, open(err_path, "w") as err:
            publisher = lib.start(
                [lib.PY, lib.BENCH / "seed.py", "soak", "--slug", SLUG, "--seconds", seconds, "--interval", every,
                 "--comment-interval", comment_every],
                core=lib.LOAD_CORE, env=env, cwd=lib.ROOT, stdout=out, stderr=err,
            )
            t0 = time.time()
            while publisher.poll() is None:
                rss.append((round(time.time() - t0, 1), lib.rss_bytes(server.pids())))
                swarm.send("stats")
                s = swarm.read("stats", 30)
                stats.append((round(time.time() - t0, 1), s["connected"], s["events"]))
                if len(rss) % 6 == 1:
                    log(f"soak: {rss[-1][0]:.0f} s, server RSS {rss[-1][1] / 2**20:.1f} MB, "
                        f"{s['connected']} readers open")
                time.sleep(max(0.0, t0 + len(rss) * SAMPLE_SECONDS - time.time()))
        if publisher.returncode:
            raise RuntimeError(f"publisher failed: {err_path.read_text()[-3000:]}")
        time.sleep(5)  # the last post reaches everyone
        rss.append((round(time.time() - t0, 1), lib.rss_bytes(server.pids())))
        dump = swarm.dump()
        swarm = None
        lines = [json.loads(line) for line in out_path.read_text().splitlines() if line.startswith("{")]
    finally:
        for p in (publisher,):
            if p is not None:
                lib.stop(p)
        if swarm is not None:
            swarm.stop()
        if server is not None:
            server.stop()
        lib.stop_all()
        if pg is not None:
            pg.drop()
        ctx.ws.cleanup()

    published = [x for x in lines if "seq" in x]
    comments = [x for x in lines if "comment" in x]
    res = analyse(dump, published, comments)
    warm = [s for s in rss if s[0] >= 60] or rss
    res.update({
        "minutes": minutes, "readers_wanted": readers, "connect_seconds": ready["seconds"],
        "publish_every_s": every, "comment_every_s": comment_every, "database": db_name,
        "broker": broker.get("REALTIME_BROKER", "in-process, 1 s log poll"),
        "rss_start_mb": rss[0][1] / 2**20, "rss_end_mb": rss[-1][1] / 2**20,
        "rss_max_mb": max(b for _, b in rss) / 2**20,
        "rss_slope_mb_per_hour": slope_per_hour(rss), "rss_slope_after_1min_mb_per_hour": slope_per_hour(warm),
        "rss_samples": rss, "stream_samples": stats, "started": started, "banner": server.banner if server else [],
    })
    command = (f"SOAK_MINUTES={minutes:g} SOAK_READERS={readers} make soak"
               if (minutes, readers) != (30, 2000) else "make soak")
    rows = [
        ("started", started), ("ran for", f"{minutes:g} min of publishing"),
        ("readers", f"{res['readers_connected']} connected of {readers} (in {ready['seconds']:.1f} s)"),
        ("database / broker", f"{db_name} / {res['broker']}"),
        ("posts published", f"{res['posts_published']} (one every {every:g} s)"),
        ("comments", f"{res['comments_published']} published of {res['comments_posted']} posted "
                     f"(one every {comment_every:g} s)"),
        ("post deliveries", f"{res['deliveries']:,} of {res['expected_deliveries']:,} expected"),
        ("**lost events**", f"**{res['lost_events']}** ({res['readers_with_a_loss']} readers missed any)"),
        ("**duplicates**", f"**{res['duplicates']}** posts, {res['comment_duplicates']} comments"),
        ("post latency (publish → reader socket)",
         f"p50 {run.f1(res['latency_p50_ms'])} ms, p99 {run.f1(res['latency_p99_ms'])} ms, "
         f"max {run.f1(res['latency_max_ms'])} ms"),
        ("comment latency (sampled readers)",
         f"p50 {run.f1(res['comment_latency_p50_ms'])} ms, p99 {run.f1(res['comment_latency_p99_ms'])} ms"),
        ("comment frames per reader (median)",
         f"{res['comment_frames_median_per_reader']:g}; readers that never reconnected yet missed a comment: "
         f"{res['readers_missing_comments']}"),
        ("reconnects", f"{res['reconnects_total']} in all, at most {res['reconnects_max_per_reader']} per reader; "
                       f"{res['http_errors']} connect errors"),
        ("server RSS", f"{res['rss_start_mb']:.1f} MB at start, {res['rss_end_mb']:.1f} MB at end, "
                       f"{res['rss_max_mb']:.1f} MB max"),
        ("**RSS slope**", f"**{res['rss_slope_mb_per_hour']:+.1f} MB/hour** over the run, "
                          f"{res['rss_slope_after_1min_mb_per_hour']:+.1f} MB/hour after the first minute"),
    ]
    text = "\n".join([
        "# Newsline soak run", "", f"Command: `{command}`", "",
        run.table(["", ""], rows), "",
        "Server RSS every 10 s (seconds, MB): " + ", ".join(f"{t:.0f}:{b / 2**20:.1f}" for t, b in rss), "",
        run.table(["fact", "value"], [(k, v if not isinstance(v, list) else " ".join(v)) for k, v in facts.items()]),
        "",
    ])
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("%Y-%m-%d") + "-soak"
    (run.RESULTS / f"{stem}.md").write_text(text)
    (run.RESULTS / f"{stem}.json").write_text(
        json.dumps({"facts": facts, "command": command, **res}, indent=1, default=str)
    )
    print(text)
    log(f"wrote bench/results/{stem}.md and .json")
    sys.exit(1 if res["lost_events"] or res["duplicates"] else 0)


if __name__ == "__main__":
    main()
