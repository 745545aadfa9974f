"""The apps whose interface is fully translated (docs/i18n.md). An app is
added here when all its templates use translation tags and its catalogues
(de, uk, ar) are complete; from then on the two checks below keep it so.
In the end every app of the project is listed; until then an app that is
not must be named in NOT_YET_TRANSLATED with the reason
(test_i18n_checks.test_it_checks_every_app_or_says_why_not)."""

TRANSLATED_APPS = [
    "newsline",  # newsline/ and the root templates/ folder
    "liveblogs",
    "realtime",  # no page or string of its own: its fast lane serves bytes the other apps render
    "community",
    "accounts",
    "membership",
    "distribution",
    "operations",
    "votes",
    "pushalerts",
]

# Apps not translated yet, and why; each moves to TRANSLATED_APPS when done.
NOT_YET_TRANSLATED: dict[str, str] = {}
