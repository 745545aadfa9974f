"""Signals other apps listen to.

`account_deleted` (sender=User, user=<the scrubbed, deactivated user>) is
sent after commit when a reader deletes their account, so apps holding
their content can anonymise it (community shows "a former reader")."""

from django.dispatch import Signal

account_deleted = Signal()
