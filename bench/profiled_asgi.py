"""Newsline's ASGI application with two bench-only probes, for profiling a
server process from outside (bench/run.py `origin`; never used in
production). Run a server on `bench.profiled_asgi:application` instead of
`newsline.asgi:application`, then signal its worker process:

  SIGUSR1  the first starts cProfile, the second stops it and writes
           $BENCH_PROFILE_DIR/cprofile-<pid>-<n>.prof
  SIGUSR2  writes a tracemalloc snapshot to $BENCH_PROFILE_DIR/tracemalloc-<pid>-<n>.snap
           (the server must run with PYTHONTRACEMALLOC=<frames> for it to trace),
           and the gc counts and collection times so far to gc-<pid>-<n>.json
"""

import cProfile
import gc
import json
import os
import signal
import time
import tracemalloc

from newsline.asgi import application  # noqa: F401

OUT = os.environ.get("BENCH_PROFILE_DIR", "/tmp")
_state = {"profile": None, "n": 0}
_gc = {"collections": [0, 0, 0], "seconds": [0.0, 0.0, 0.0], "_t": 0.0}


def _gc_callback(phase, info):
    if phase == "start":
        _gc["_t"] = time.perf_counter()
    else:
        g = info["generation"]
        _gc["collections"][g] += 1
        _gc["seconds"][g] += time.perf_counter() - _gc["_t"]


gc.callbacks.append(_gc_callback)


def _toggle_profile(signum, frame):
    if _state["profile"] is None:
        _state["profile"] = cProfile.Profile()
        _state["profile"].enable()
    else:
        prof, _state["profile"] = _state["profile"], None
        prof.disable()
        _state["n"] += 1
        prof.dump_stats(os.path.join(OUT, f"cprofile-{os.getpid()}-{_state['n']}.prof"))


def _snapshot(signum, frame):
    _state["n"] += 1
    stem = os.path.join(OUT, f"{{}}-{os.getpid()}-{_state['n']}")
    if tracemalloc.is_tracing():
        tracemalloc.take_snapshot().dump(stem.format("tracemalloc") + ".snap")
    counts = {"collections": _gc["collections"], "seconds": _gc["seconds"], "count": gc.get_count(),
              "objects": len(gc.get_objects()), "frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}
    with open(stem.format("gc") + ".json", "w") as f:
        json.dump(counts, f)


signal.signal(signal.SIGUSR1, _toggle_profile)
signal.signal(signal.SIGUSR2, _snapshot)
