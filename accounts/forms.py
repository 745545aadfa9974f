"""Account forms: allauth's, with the site's wording."""

import unicodedata

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import names


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        self.fields["login"].widget.attrs.update({"autocomplete": "username"})
        _no_placeholders(self)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


def _no_placeholders(form):
    form.label_suffix = ""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)  # labels, not placeholders


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Display name"),
            max_length=names.MAX_LENGTH * 2,  # longer input gets the clear message from names.check
            help_text=format_lazy(
                _("Shown beside your comments. {min}–{max} letters, numbers, spaces or . ' - _"),
                min=names.MIN_LENGTH, max=names.MAX_LENGTH,
            ),
            **kwargs,
        )
        self.widget.attrs.update({"autocomplete": "nickname", "maxlength": str(names.MAX_LENGTH)})


def clean_display_name(value: str, *, user_id=None) -> str:
    name = names.check(value)
    other = names.holder(name, exclude_user_id=user_id)
    if other is not None and other.role != "reader":
        raise forms.ValidationError(gettext("That name is reserved. Choose another."))  # a newsroom byline
    if other is not None:
        raise forms.ValidationError(
            gettext("That display name is taken (or looks too like one that is). Choose another.")
        )
    return name


class SignupForm(AllauthSignupForm):
    field_order = ["display_name", "email", "username", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"] = DisplayNameField()
        self.fields["username"].help_text = _(
            "For signing in, and the address of your profile page (/people/username/)."
        )
        self.fields["email"].help_text = _("We send a link to confirm it. Never shown to others.")
        self.order_fields(self.field_order)
        _no_placeholders(self)

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])


class ProfileForm(forms.Form):
    display_name = DisplayNameField()
    bio = forms.CharField(
        label=_("About you"), required=False, max_length=280, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional, up to 280 characters, plain text. Shown on your public profile."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.label_suffix = ""

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"], user_id=self.user.pk)

    def clean_bio(self):
        bio = unicodedata.normalize("NFC", self.cleaned_data["bio"]).replace("\r\n", "\n")
        # Line breaks are kept; other control characters are not.
        return "".join(c for c in bio if c == "\n" or not unicodedata.category(c).startswith("C")).strip()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand my account is deleted for good and my comments will show no name"),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.label_suffix = ""

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("That is not your password. Nothing was deleted."))
        return password


class LanguageForm(forms.Form):
    """The language of the desk and account pages for one person."""

    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["language"].choices = [("", _("The language my browser asks for")), *settings.LANGUAGES]
        self.fields["language"].widget.attrs["aria-describedby"] = "language-help"
        self.fields["language"].help_text = _(
            "For the desk and your account pages. Each live blog is shown in its own language."
        )


# Staff accounts (admins at the desk) ---------------------------------------

STAFF_ROLE_CHOICES = [
    ("contributor", _("Contributor: submits posts for an editor to approve")),
    ("reporter", _("Reporter: publishes to the blogs they are assigned to")),
    ("editor", _("Editor: publishes anywhere, approves, pins, assigns staff")),
    ("admin", _("Admin: an editor who also manages staff accounts")),
    ("moderator", _("Moderator: works the comment queues, not the desk")),
]


class StaffEditForm(forms.Form):
    """A newsroom account's name, role, bio and whether it is active (admins, at the desk)."""

    display_name = forms.CharField(
        label=_("Display name"), max_length=80, help_text=_("The name readers see in bylines.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES, widget=forms.RadioSelect)
    bio = forms.CharField(
        label=_("Bio"), max_length=280, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences for the byline, up to 280 characters."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Untick to deactivate: the account can no longer sign in or use the desk. "
        "Nothing it wrote is removed."),
    )

    def __init__(self, *args, **kwargs):
        # Labels read "Role", not "Role:", as on every desk form.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, user) -> dict:
        return {"display_name": user.display_name, "role": user.role, "bio": user.bio, "is_active": user.is_active}

    def clean_display_name(self):
        return " ".join(self.cleaned_data["display_name"].split())


class StaffCreateForm(StaffEditForm):
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+\Z",
        help_text=_("Used to sign in: letters, digits and @ . + - _ only."),
        error_messages={"invalid": _("Use only letters, digits and @ . + - _ in a username.")},
    )
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(
        label=_("First password"), widget=forms.PasswordInput(render_value=False), strip=False,
        help_text=_("Give it to them in person or by phone; they should change it after signing in."),
    )
    is_active = None
    field_order = ["username", "email", "display_name", "role", "password", "bio"]

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["password"]
        validate_password(password)
        return password
