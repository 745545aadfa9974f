"""The desk's poll form: a question, two to six answers, and an optional
closing time. Re-rendered bound to what was sent when it fails, so nothing
typed is lost."""

from django import forms
from django.utils.translation import gettext_lazy as _

from liveblogs.forms import DeskForm
from votes import actions
from votes.models import MAX_ANSWERS, MIN_ANSWERS


class PollForm(DeskForm):
    question = forms.CharField(label=_("Question"), max_length=actions.MAX_QUESTION_CHARS)
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("Optional, the newsroom's local time. Leave empty to close the poll by hand."),
        error_messages={"invalid": _("Enter a date and time, e.g. 2026-03-01 14:30.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_ANSWERS + 1):
            self.fields[f"answer_{i}"] = forms.CharField(
                label=_("Answer %(n)d") % {"n": i}, max_length=actions.MAX_ANSWER_CHARS,
                required=i <= MIN_ANSWERS,
                error_messages={"required": _("A poll needs at least %(n)d answers.") % {"n": MIN_ANSWERS}},
            )
        # The order on the page: question, answers, closing time.
        self.order_fields(["question", *[f"answer_{i}" for i in range(1, MAX_ANSWERS + 1)], "closes_at"])

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{i}", "") for i in range(1, MAX_ANSWERS + 1)]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            actions.clean_poll(data.get("question", ""), self.answers(), data.get("closes_at"))
        except actions.PollInvalid as e:
            self.add_error(e.field, str(e))
        return data
