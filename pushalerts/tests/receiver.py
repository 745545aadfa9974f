"""A push service on 127.0.0.1, for tests: the edge of the world.

It does what a real push service (FCM, Mozilla's autopush) does with our
POST, and what the browser then does with the message: it checks the VAPID
`Authorization: vapid t=<JWT>, k=<public key>` (the JWT's ES256 signature
under k, the audience is this service's origin, not expired, a subject), and
decrypts the aes128gcm body with the subscription's private key and auth
secret, as the browser would. `Browser` is the browser's side of a
subscription: its key pair and auth secret, and `subscription()` in the
shape of PushSubscription.toJSON()."""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64d(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Browser:
    """The browser's half of one push subscription."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64e(self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


@dataclass
class Push:
    path: str
    headers: dict  # names in lower case
    vapid_key: str  # the k= of the Authorization header
    claims: dict
    message: dict  # the decrypted payload


@dataclass
class Receiver:
    """A push service: each browser gets an endpoint /push/<n>; `answers`
    holds statuses to give next (then 201); `pushes` what it took, decrypted."""

    pushes: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # why a POST was not accepted (a test fails on any)

    def __post_init__(self):
        self.browsers: dict[str, Browser] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.take(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def new_browser(self) -> tuple[Browser, dict]:
        """A browser subscribed here, and its subscription as the page sends it."""
        browser = Browser()
        path = f"/push/{len(self.browsers) + 1}-{b64e(os.urandom(6))}"
        self.browsers[path] = browser
        return browser, {"endpoint": self.origin + path, "keys": {"p256dh": browser.p256dh, "auth": b64e(browser.auth)}}

    def take(self, path: str, headers: dict, body: bytes) -> int:
        try:
            if self.answers:
                return self.answers.pop(0)
            browser = self.browsers.get(path)
            if browser is None:
                return 404
            key, claims = self.check_vapid(headers.get("authorization", ""))
            assert headers.get("content-encoding") == "aes128gcm", headers
            assert int(headers.get("ttl", "-1")) >= 0, headers
            self.pushes.append(Push(path, headers, key, claims, browser.decrypt(body)))
            return 201
        except Exception as exc:  # a test reads `refused`
            self.refused.append(f"{type(exc).__name__}: {exc}")
            return 400

    def check_vapid(self, authorization: str) -> tuple[str, dict]:
        scheme, _, params = authorization.partition(" ")
        assert scheme == "vapid", authorization
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        token, key = parts["t"], parts["k"]
        header, claims, signature = token.split(".")
        assert json.loads(b64d(header)) == {"typ": "JWT", "alg": "ES256"}, b64d(header)
        raw = b64d(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(key))
        try:
            public.verify(
                encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()),
            )
        except InvalidSignature:
            raise AssertionError("the VAPID signature does not verify") from None
        data = json.loads(b64d(claims))
        assert data["aud"] == self.origin, data
        assert data["exp"] > time.time(), data
        assert data["sub"].startswith(("mailto:", "https://")), data
        return key, data
