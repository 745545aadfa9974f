"""Keeping allauth's records in step with the newsroom's.

Newsroom accounts are made by an admin (Django admin, createsuperuser, the
demo), who vouches for the address, so their email counts as verified;
readers verify theirs by the link allauth sends at sign-up."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Role, User


def vouched_for(user) -> bool:
    return user.role != Role.READER or user.is_staff or user.is_superuser


def ensure_verified_email(user) -> None:
    if not user.email:
        return
    email = user.email.lower()
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


@receiver(post_save, sender=User, dispatch_uid="accounts.staff_email_verified")
def staff_email_verified(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_active:
        return
    if vouched_for(instance):
        ensure_verified_email(instance)


@receiver(authenticator_added, dispatch_uid="accounts.enrolment_counts_as_second_factor")
def enrolment_counts_as_second_factor(sender, request, user, authenticator, **kwargs):
    # Setting up TOTP means typing a code from the new authenticator: that
    # is the second factor for this session, so staff sent to enrol can
    # go straight on to the desk.
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True)
