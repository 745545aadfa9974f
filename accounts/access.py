"""Who may do what with accounts. One condition per line."""

from accounts.models import Role


def has_verified_email(user) -> bool:
    """For apps that need a confirmed address before someone may write
    (commenting): allauth's records, not the User.email field."""
    from allauth.account.models import EmailAddress

    if not user.is_authenticated or not user.is_active:
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def can_delete_own_account(user) -> bool:
    """Readers close their own accounts; newsroom accounts are closed by an
    admin, so bylines and the audit log keep their people."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return False
    return user.role == Role.READER


def can_manage_staff(user) -> bool:
    """Create newsroom accounts, change their role, deactivate them: admins."""
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return user.role == Role.ADMIN


def can_change_staff_photo(user, person) -> bool:
    """Their own byline photo (anyone who works at the desk), or anyone's for an admin."""
    if not user.is_authenticated:
        return False
    if not user.is_newsroom_staff:
        return False
    if user.pk == person.pk:
        return True
    return user.role == Role.ADMIN
