from django import forms
from django.conf import settings

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
