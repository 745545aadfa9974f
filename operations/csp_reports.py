"""Content-Security-Policy violation reports: what browsers send to
/csp-report when a page breaks the policy (newsline/middleware.py names the
endpoint in `report-uri`).

Two formats are understood. `report-uri` (every browser) posts
`application/csp-report`: `{"csp-report": {...}}` with kebab-case names. The
Reporting API (`report-to`, not named in our policy yet: middleware.py says
why) posts `application/reports+json`: a list of `{"type": "csp-violation",
"body": {...}}`.
Both become one `Violation` each, written as one log line and counted in
`newsline_csp_violations_total{directive}`.

Reports are untrusted input from anyone: the body is capped, the count per
address limited, URLs kept to scheme, host and path (a query string may hold
a token), and the script sample browsers may include is never logged."""

import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from prometheus_client import Counter

log = logging.getLogger("newsline.csp")

MAX_BODY_BYTES = 16 * 1024
MAX_REPORTS_PER_BODY = 20
PER_ADDRESS_PER_MINUTE = 60

# Directive labels: the policy's own directives and the -elem/-attr forms
# browsers name; anything else counts as "other" (a label per made-up name
# would let anyone grow the metrics without bound).
DIRECTIVES = frozenset({
    "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem",
    "style-src-attr", "img-src", "connect-src", "font-src", "frame-src", "child-src", "worker-src",
    "media-src", "manifest-src", "object-src", "base-uri", "form-action", "frame-ancestors",
    "trusted-types", "require-trusted-types-for",
})

VIOLATIONS = Counter(
    "newsline_csp_violations", "Content-Security-Policy violations reported by browsers, by directive", ["directive"]
)

# Keywords browsers put in place of a URL.
_KEYWORDS = frozenset({"inline", "eval", "wasm-eval", "self", "data", "blob", "trusted-types-policy",
                       "trusted-types-sink"})


class BadReport(ValueError):
    """A body that is not a CSP report; the message says why."""


@dataclass(frozen=True)
class Violation:
    directive: str
    blocked_uri: str
    document_uri: str
    source_file: str
    line: int | None
    disposition: str

    def log(self) -> None:
        log.warning(
            "csp violation: %s blocked %s", self.directive, self.blocked_uri or "(none)",
            extra={
                "directive": self.directive, "blocked_uri": self.blocked_uri, "document_uri": self.document_uri,
                "source_file": self.source_file, "line": self.line, "disposition": self.disposition,
            },
        )
        VIOLATIONS.labels(self.directive if self.directive in DIRECTIVES else "other").inc()


def _uri(value) -> str:
    """A URL without its query or fragment (they may carry tokens), or the
    keyword a browser sends instead ("inline", "eval", …), at most 300
    characters."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if value in _KEYWORDS or ":" not in value:
        return value[:40] if value in _KEYWORDS else ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme in ("data", "blob"):
        return parts.scheme
    return f"{parts.scheme}://{parts.netloc}{parts.path}"[:300] if parts.netloc else parts.scheme


def _directive(value) -> str:
    if not isinstance(value, str):
        return "unknown"
    # Older browsers send the whole directive ("script-src 'self'").
    name = value.strip().split(" ", 1)[0].lower()
    return name[:40] or "unknown"


def _line(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _from_reporting_api(body: dict) -> Violation:
    return Violation(
        directive=_directive(body.get("effectiveDirective") or body.get("violatedDirective")),
        blocked_uri=_uri(body.get("blockedURL")),
        document_uri=_uri(body.get("documentURL")),
        source_file=_uri(body.get("sourceFile")),
        line=_line(body.get("lineNumber")),
        disposition=body.get("disposition") if body.get("disposition") in ("enforce", "report") else "enforce",
    )


def _from_report_uri(body: dict) -> Violation:
    return Violation(
        directive=_directive(body.get("effective-directive") or body.get("violated-directive")),
        blocked_uri=_uri(body.get("blocked-uri")),
        document_uri=_uri(body.get("document-uri")),
        source_file=_uri(body.get("source-file")),
        line=_line(body.get("line-number")),
        disposition=body.get("disposition") if body.get("disposition") in ("enforce", "report") else "enforce",
    )


def parse(raw: bytes) -> list[Violation]:
    """The violations in a report body of either format, or BadReport."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadReport("not JSON") from None
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [_from_report_uri(data["csp-report"])]
    if isinstance(data, list):
        found = [
            _from_reporting_api(item["body"])
            for item in data[:MAX_REPORTS_PER_BODY]
            if isinstance(item, dict) and item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
        if found or not data:
            return found
    raise BadReport("not a CSP report")
