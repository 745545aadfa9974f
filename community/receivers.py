"""Signals from other apps. `accounts.signals.account_deleted` (sender=User,
user=…) is sent when a reader deletes their account: their comments stay,
anonymised. Connected only if the accounts app defines it."""

import logging

log = logging.getLogger(__name__)


def on_account_deleted(sender, user, **kwargs):
    from community.actions import anonymise_comments

    anonymise_comments(user=user)


try:
    from accounts.signals import account_deleted
except ImportError:  # not there yet: accounts.User deletion still nulls the author (SET_NULL)
    account_deleted = None
else:
    account_deleted.connect(on_account_deleted, dispatch_uid="community.anonymise_comments")
