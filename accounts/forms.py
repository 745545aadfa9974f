"""Account forms: allauth's, with the site's wording."""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["login"].label = "Username or email"
        self.fields["login"].widget.attrs.update({"autocomplete": "username"})
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)  # labels, not placeholders
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
