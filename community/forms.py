from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import EmailPreference, Notification, Report


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": settings.COMMUNITY_MAX_COMMENT_CHARS}),
        error_messages={"required": "Write something before posting."},
        strip=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Write something before posting.")
        limit = settings.COMMUNITY_MAX_COMMENT_CHARS
        if len(body) > limit:
            raise forms.ValidationError(f"Comments can be at most {limit:,} characters (this one has {len(body):,}).")
        return body


class EditForm(CommentForm):
    pass


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices)
    note = forms.CharField(required=False, max_length=500)


class RejectForm(forms.Form):
    REASONS = [
        ("Abusive or personal attack", "Abusive or personal attack"),
        ("Spam or advertising", "Spam or advertising"),
        ("Off topic", "Off topic"),
        ("Breaks the community rules", "Breaks the community rules"),
    ]
    reason = forms.CharField(max_length=300)


class PreferencesForm(forms.Form):
    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(label=label, choices=EmailPreference.Delivery.choices,
                                                  initial=current.get(kind), widget=forms.RadioSelect)


class QuestionForm(forms.Form):
    """A reader's question to the newsroom ("Ask the newsroom")."""

    body = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your question before sending it.")},
        strip=False,
    )
    show_name = forms.BooleanField(
        label=_("Show my display name with the answer"), required=False,
        help_text=_("Unticked, the newsroom quotes your question as from “a reader”."),
    )

    def __init__(self, *args, **kwargs):
        from community.actions import MAX_QUESTION_CHARS

        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = MAX_QUESTION_CHARS

    def clean_body(self):
        from community.actions import MAX_QUESTION_CHARS

        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(gettext("Write your question before sending it."))
        if len(body) > MAX_QUESTION_CHARS:
            raise forms.ValidationError(
                gettext("Questions can be at most %(limit)s characters (this one has %(count)s).")
                % {"limit": f"{MAX_QUESTION_CHARS:,}", "count": f"{len(body):,}"})
        return body
