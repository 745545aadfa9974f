"""Other apps' parts of a blog's desk page. settings.DESK_BLOG_PANELS lists
callables (request, blog) -> DeskPanel or None; the page shows each panel at
the top of the column beside the composer, and its shortcut, if any, in the
"On this page" row that leads phones past the long compose form. liveblogs
imports none of those apps (docs/desk.md, "Panels from other apps")."""

from dataclasses import dataclass

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class DeskPanel:
    html: SafeString  # rendered, with the request (CSRF token, the person's language)
    jump_label: str = ""  # e.g. "Questions (2)"; "" for no shortcut
    jump_to: str = ""  # the id of the heading the shortcut leads to
