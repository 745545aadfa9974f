"""The one User model for staff and readers, with a newsroom role."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    READER = "reader", "Reader"
    CONTRIBUTOR = "contributor", "Contributor"
    REPORTER = "reporter", "Reporter"
    EDITOR = "editor", "Editor"
    MODERATOR = "moderator", "Moderator"
    ADMIN = "admin", "Admin"


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.READER)
    display_name = models.CharField(max_length=80, blank=True, help_text="Name shown in bylines.")
    bio = models.CharField(max_length=280, blank=True)
    # Display names are unique by this folded form (accounts/names.py), so
    # "Rosa Reader" and "r0sa_reader" cannot both exist. Set on save.
    name_key = models.CharField(max_length=80, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
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

    @property
    def is_newsroom_staff(self) -> bool:
        return self.is_active and self.role in (Role.CONTRIBUTOR, Role.REPORTER, Role.EDITOR, Role.ADMIN)

    @property
    def is_editor(self) -> bool:
        return self.is_active and self.role in (Role.EDITOR, Role.ADMIN)
