from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import EmailPreference, Notification, Report


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": settings.COMMUNITY_MAX_COMMENT_CHARS}),
        error_messages={"required": _("Write something before posting.")},
        strip=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(gettext("Write something before posting."))
        limit = settings.COMMUNITY_MAX_COMMENT_CHARS
        if len(body) > limit:
            raise forms.ValidationError(
                gettext("Comments can be at most %(limit)s characters (this one has %(length)s).")
                % {
                    "limit": number_format(limit, force_grouping=True),
                    "length": number_format(len(body), force_grouping=True),
                }
            )
        return body


class EditForm(CommentForm):
    pass


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices)
    note = forms.CharField(label=_("Note for the moderators"), required=False, max_length=500)


class RejectForm(forms.Form):
    # The English text is stored as the comment's rejection reason and
    # translated when shown (Notification.text), so each reader reads it in
    # their own language whatever the moderator's.
    REASONS = [
        ("Abusive or personal attack", _("Abusive or personal attack")),
        ("Spam or advertising", _("Spam or advertising")),
        ("Off topic", _("Off topic")),
        ("Breaks the community rules", _("Breaks the community rules")),
    ]
    reason = forms.CharField(label=_("Reason"), max_length=300)


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
