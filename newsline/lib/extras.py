"""The optional stacks (pyproject.toml's extras), and the start-up check for them.

`make demo` and `make install` leave them out: the local toxicity classifier
alone is ~270 MB. A setting that needs one asks `require()` at start, so a
server configured for it stops with a message naming the extra to install,
instead of holding no comment (a failing classifier lets comments through)
or failing on the first upload. `find_spec` looks for a module without
importing it, so the check costs nothing. No Django import here, so
settings.py can call it."""

import importlib.util

from newsline.lib.env import ConfigError

# extra -> the modules our code imports from it
EXTRAS = {
    "toxicity": ("profanity_check", "sklearn"),
    "s3": ("storages", "boto3"),
    "akismet": ("akismet", "httpx"),
    "grip": ("jwt", "urllib3", "zmq"),
}


def missing(extra: str) -> list[str]:
    return [module for module in EXTRAS[extra] if importlib.util.find_spec(module) is None]


def require(extra: str, *, wanted_by: str) -> None:
    """Stop with a clear message if `extra` is not installed; `wanted_by` names
    the setting that asked for it."""
    absent = missing(extra)
    if absent:
        raise ConfigError(
            f"{wanted_by} needs the optional '{extra}' dependencies, which are not installed here "
            f"(no module {', '.join(absent)}). Install every optional stack with `make install-full` "
            "(.venv/bin/pip install --require-hashes -r requirements-full.lock), or change that setting. "
            "See docs/dependencies.md."
        )
