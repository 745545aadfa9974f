"""The one User model for staff and readers, with a newsroom role; and the
staff audit: who changed a newsroom account, and how."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    READER = "reader", _("Reader")
    CONTRIBUTOR = "contributor", _("Contributor")
    REPORTER = "reporter", _("Reporter")
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Admin")


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.READER)
    display_name = models.CharField(max_length=80, blank=True, help_text=_("Name shown in bylines."))
    bio = models.CharField(max_length=280, blank=True)
    # A staff photo for bylines: square WebP renditions, smallest first
    # ([{"width": 64, "height": 64, "name": "staff/…/64.webp"}, …]), made by
    # the desk from an upload (liveblogs.media); the original is not kept.
    photo = models.JSONField(default=list, blank=True)
    # Display names are unique by this folded form (accounts/names.py), so
    # "Rosa Reader" and "r0sa_reader" cannot both exist. Set on save.
    name_key = models.CharField(max_length=80, blank=True, editable=False)
    # The language of the desk and account pages for this person (a code of
    # settings.LANGUAGES); empty: their browser's (docs/i18n.md). No choices
    # here, so adding a language needs no migration.
    language = models.CharField(max_length=16, blank=True, default="")

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(fields=["name_key"], condition=~Q(name_key=""), name="unique_display_name_key"),
        ]

    def save(self, *args, **kwargs):
        from accounts.names import key

        self.name_key = key(self.display_name)
        if kwargs.get("update_fields") is not None and "display_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    @property
    def byline(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def _photo_url(self, name: str) -> str:
        from django.core.files.storage import default_storage

        return default_storage.url(name)

    @property
    def photo_src(self) -> str:
        """The photo for a small byline: the 64 px rendition (sharp at 32 px on a 2x screen)."""
        return self._photo_url(self.photo[0]["name"]) if self.photo else ""

    @property
    def photo_large_src(self) -> str:
        return self._photo_url(self.photo[-1]["name"]) if self.photo else ""

    @property
    def is_newsroom_staff(self) -> bool:
        return self.is_active and self.role in (Role.CONTRIBUTOR, Role.REPORTER, Role.EDITOR, Role.ADMIN)

    @property
    def is_editor(self) -> bool:
        return self.is_active and self.role in (Role.EDITOR, Role.ADMIN)


class StaffAuditEntry(models.Model):
    """Who changed a newsroom account, and how: created, role changed,
    deactivated. Written by the staff actions in the same transaction."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created an account")
        CHANGE = "change", _("Changed an account")
        DEACTIVATE = "deactivate", _("Deactivated an account")
        REACTIVATE = "reactivate", _("Reactivated an account")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        # Made by liveblogs before staff accounts moved here; the table kept its name.
        db_table = "liveblogs_staffauditentry"
        verbose_name = _("staff audit entry")
        verbose_name_plural = _("staff audit entries")
        indexes = [models.Index(fields=["-created_at", "-id"], name="staff_audit_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def change_rows(self) -> list[tuple[str, str, str]]:
        # The desk's audit wording (labels, shortened values), shared with the blogs' log.
        from liveblogs.audit import rows

        return rows(self.changes)
