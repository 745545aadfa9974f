"""The newsroom's VAPID key pair (RFC 8292): the public key goes to readers'
browsers as the `applicationServerKey` of their subscription, the private key
signs every push so the push service knows it is ours.

From settings (WEBPUSH_VAPID_PUBLIC_KEY / WEBPUSH_VAPID_PRIVATE_KEY). With
neither set and WEBPUSH_DEMO_KEYS on (the demo), a pair is made on first use
and kept in var/webpush-vapid.json, so the demo offers alerts without any
set-up; a real deployment sets its own pair and keeps it (a new pair makes
every existing subscription useless)."""

import base64
import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

log = logging.getLogger(__name__)

DEMO_FILE = "webpush-vapid.json"


@dataclass(frozen=True)
class Keys:
    public: str  # the uncompressed P-256 point, base64url without padding
    private: str  # the 32-byte private number, base64url without padding


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def generate() -> Keys:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return Keys(public=_b64(public), private=_b64(key.private_numbers().private_value.to_bytes(32, "big")))


def _demo_keys() -> Keys:
    path = settings.VAR_DIR / DEMO_FILE
    try:
        return Keys(**json.loads(path.read_text()))
    except FileNotFoundError:
        pass
    keys = generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"public": keys.public, "private": keys.private}, f)
    try:
        # Two processes making a pair at once: the first link wins, both use its pair.
        os.link(tmp, path)
        log.info("made a demo VAPID key pair in %s", path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return Keys(**json.loads(path.read_text()))


@lru_cache(maxsize=1)
def _cached(public: str, private: str, demo: bool) -> Keys | None:
    if public and private:
        return Keys(public=public, private=private)
    if demo:
        return _demo_keys()
    return None


def keys() -> Keys | None:
    """The key pair, or None: then readers are not offered alerts and nothing is sent."""
    return _cached(settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_DEMO_KEYS)


def public_key() -> str:
    k = keys()
    return k.public if k else ""
