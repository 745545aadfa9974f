"""The one User model for staff and readers, with a newsroom role."""

from django.contrib.auth.models import AbstractUser
from django.db import models


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

    @property
    def byline(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_newsroom_staff(self) -> bool:
        return self.is_active and self.role in (Role.REPORTER, Role.EDITOR, Role.ADMIN)

    @property
    def is_editor(self) -> bool:
        return self.is_active and self.role in (Role.EDITOR, Role.ADMIN)
