"""A rolling restart under load: `make rolling` (a bench, not a test).

Two `manage.py serve` processes share one database and the Redis broker.
ROLLING_READERS SSE readers spread over both at random (as a load balancer
would) and reconnect like EventSource. Posts are published every 0.5 s
throughout. Server A gets SIGTERM, is started again and answers; then B the
same. Readers of a stopping server are told to come back after a jittered
delay (REALTIME_DRAIN_RETRY_MIN_MS..MAX_MS) and resume by Last-Event-ID on
whichever server they reach. Measured: lost and duplicated posts (both must
be 0) and the reconnect spread after each SIGTERM. Results go to
bench/results/<date>-rolling.md and .json.

    ROLLING_READERS=2000
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lib  # noqa: E402
import run  # noqa: E402
import soak  # noqa: E402
from lib import log  # noqa: E402

SLUG = "rolling"
PUBLISH_EVERY = 0.5
SETTLE = 8  # seconds between the steps


def main():
    readers = int(os.environ.get("ROLLING_READERS", 2000))
    run.ensure_venv(lib.LOAD_VENV, lib.BENCH / "requirements.txt")
    run.raise_nofile()
    ctx = run.Ctx()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    facts = lib.machine_facts()
    db, db_name, pg = soak.database(ctx.ws)
    servers, swarm, publisher, terms = {}, None, None, []
    try:
        if not soak.redis_up():
            raise SystemExit("rolling: needs Redis on 127.0.0.1:6379 (the broker between the two servers)")
        env = ctx.ws.newsline_env(db, GRANIAN_BACKPRESSURE=run.BACKPRESSURE)
        env.update({"REALTIME_BROKER": "redis", "REDIS_URL": soak.REDIS_URL})
        ctx.prepare_db(env)
        lib.seed(env, "blog", "--slug", SLUG, "--posts", 50)
        ports = {"A": lib.free_port(), "B": lib.free_port()}
        for name, port in ports.items():
            servers[name] = lib.Server(
                ctx.ws, env, f"rolling-{name}", port=port, ready_path=f"/live/{SLUG}/updates"
            ).start()
        head = json.loads(lib.http_get(ports["A"], f"/live/{SLUG}/updates")[2])["head"]
        swarm = run.Swarm(ctx, ports["A"], f"/live/{SLUG}/events?after={head}", readers, reconnect=True,
                          max_seconds=600, name="rolling", also_ports=[ports["B"]])
        ready = swarm.read("ready", 300)
        log(f"rolling: {ready['connected']} of {readers} readers connected over two servers")
        steps = 2 * SETTLE * 2 + SETTLE
        count = int(steps / PUBLISH_EVERY)
        out_path = ctx.ws.dir / "publisher.jsonl"
        with open(out_path, "w") as out, open(ctx.ws.dir / "publisher.err", "w") as err:
            publisher = lib.start(
                [lib.PY, lib.BENCH / "seed.py", "publish", "--slug", SLUG, "--count", count,
                 "--interval", PUBLISH_EVERY],
                core=lib.LOAD_CORE, env=env, cwd=lib.ROOT, stdout=out, stderr=err,
            )
            time.sleep(SETTLE)
            for name in ("A", "B"):
                t = time.time()
                servers[name].stop()  # SIGTERM: drain, jittered retry, exit
                stopped = time.time()
                servers[name] = lib.Server(ctx.ws, env, f"rolling-{name}", port=ports[name],
                                           ready_path=f"/live/{SLUG}/updates").start()
                terms.append({"server": name, "t_term": t, "exit_s": stopped - t, "back_s": time.time() - t})
                log(f"rolling: {name} stopped in {stopped - t:.1f} s and answered again after {time.time() - t:.1f} s")
                time.sleep(SETTLE)
            publisher.wait(steps + 60)
        time.sleep(5)
        dump = swarm.dump()
        swarm = None
        published = [json.loads(line) for line in out_path.read_text().splitlines() if line.startswith("{")]
    finally:
        if publisher is not None:
            lib.stop(publisher)
        if swarm is not None:
            swarm.stop()
        for server in servers.values():
            server.stop()
        lib.stop_all()
        if pg is not None:
            pg.drop()
        ctx.ws.cleanup()

    want = {p["seq"] for p in published}
    clients = dump["clients"]
    lost = sum(len(want - {e[0] for e in c["events"]}) for c in clients)
    losers = sum(1 for c in clients if want - {e[0] for e in c["events"]})
    st = run.delivery_stats(dump, published)
    spreads = []
    for i, term in enumerate(terms):
        end = terms[i + 1]["t_term"] if i + 1 < len(terms) else float("inf")
        delays = [
            conn[0] - term["t_term"] for c in clients for conn in c["conns"][1:] if term["t_term"] <= conn[0] < end
        ]
        delays.sort()
        spreads.append({
            "server": term["server"], "reconnects": len(delays), "exit_s": term["exit_s"], "back_s": term["back_s"],
            "p5_s": run.pct(delays, 5), "p50_s": run.pct(delays, 50), "p95_s": run.pct(delays, 95),
            "max_s": max(delays) if delays else float("nan"),
        })
    res = {
        "readers": readers, "connected": ready["connected"], "posts": len(published), "lost": lost,
        "readers_with_a_loss": losers, "duplicates": st["dups"], "deliveries": st["delivered"],
        "latency_p50_ms": st["k_p50"], "latency_p99_ms": st["k_p99"], "latency_max_ms": st["k_max"],
        "connect_errors": sum(c["errors"] for c in clients), "spreads": spreads, "database": db_name,
        "started": started,
    }
    command = "make rolling" if readers == 2000 else f"ROLLING_READERS={readers} make rolling"
    rows = [
        ("started", started), ("readers", f"{ready['connected']} of {readers}, spread over two servers"),
        ("database / broker", f"{db_name} / Redis"),
        ("posts", f"{len(published)} (one every {PUBLISH_EVERY} s, through both restarts)"),
        ("post deliveries", f"{st['delivered']:,} of {len(clients) * len(published):,}"),
        ("**lost**", f"**{lost}** ({losers} readers missed any)"), ("**duplicates**", f"**{st['dups']}**"),
        ("latency over the whole run",
         f"p50 {run.f1(st['k_p50'])} ms, p99 {run.f1(st['k_p99'])} ms, max {run.f1(st['k_max'])} ms"),
        ("refused connects (retried)", res["connect_errors"]),
    ]
    spread_rows = [(s["server"], s["reconnects"], f"{s['exit_s']:.1f}", f"{s['back_s']:.1f}", run.f2(s["p5_s"]),
                    run.f2(s["p50_s"]), run.f2(s["p95_s"]), run.f2(s["max_s"])) for s in spreads]
    text = "\n".join([
        "# Newsline rolling restart", "", f"Command: `{command}`", "", run.table(["", ""], rows), "",
        "Reconnects after each SIGTERM (seconds after it):", "",
        run.table(["server", "reconnects", "exited after", "answering again after", "p5", "p50", "p95", "max"],
                  spread_rows), "",
        run.table(["fact", "value"], [(k, v if not isinstance(v, list) else " ".join(v)) for k, v in facts.items()]),
        "",
    ])
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("%Y-%m-%d") + "-rolling"
    (run.RESULTS / f"{stem}.md").write_text(text)
    (run.RESULTS / f"{stem}.json").write_text(
        json.dumps({"facts": facts, "command": command, **res}, indent=1, default=str)
    )
    print(text)
    log(f"wrote bench/results/{stem}.md and .json")
    sys.exit(1 if lost or st["dups"] else 0)


if __name__ == "__main__":
    main()
