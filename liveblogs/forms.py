"""Desk forms: what the newsroom types, checked before an action runs.

Forms only parse and validate; every write goes through liveblogs.actions.
A form that fails is re-rendered bound to what was submitted, so nothing a
reporter typed is ever lost to a validation error."""

import re
import secrets

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator, URLValidator
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from liveblogs import actions
from liveblogs.models import Label, LiveBlog, Post, SlotFill
from liveblogs.richtext import BODY_EDITOR_EXTENSIONS, SUMMARY_EDITOR_EXTENSIONS, sanitise_body, sanitise_summary
from newsline.lib import languages

EMPTY_POST = _("Write a headline or some text before publishing.")
DUPLICATE_SLUG = (
    _("A live blog with this address already exists. An address a blog had before counts too: "
    "it keeps redirecting to that blog. Choose another.")
)
# /desk/blogs/new/ is the create page, so no blog can live at that address.
RESERVED_SLUGS = {"new"}

# Anything that looks like markup: an opening or closing tag, a comment.
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def parse_topics(value: str) -> list[str]:
    """'Weather, UK ,, Storms' → ['Weather', 'UK', 'Storms'] (no repeats)."""
    seen, names = set(), []
    for name in (value or "").split(","):
        name = " ".join(name.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def _blog_picture(form, field: str, message: str) -> int | None:
    """A picture id from `field`, refused unless it was uploaded to the form's blog."""
    from liveblogs.models import Image

    image_id = form.cleaned_data.get(field)
    if image_id and not Image.objects.filter(pk=image_id, blog_id=form.blog_id).exists():
        raise forms.ValidationError(message)
    return image_id


def _chosen_picture(form):
    """The picture in the form's `image` field, for the form's preview (None
    if the value is not a picture of this blog)."""
    from liveblogs.models import Image

    value = form["image"].value()
    try:
        return Image.objects.filter(pk=int(value), blog_id=form.blog_id).first() if value else None
    except (TypeError, ValueError):
        return None


class DeskForm(forms.Form):
    def __init__(self, *args, **kwargs):
        # Labels read "Headline", not "Headline:".
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class BlogForm(DeskForm):
    headline = forms.CharField(label=_("Headline"), max_length=200)
    standfirst = forms.CharField(
        label=_("Standfirst"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One sentence under the headline that sums up the story."),
    )
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=120,
        allow_unicode=True,  # an address in the newsroom's own script, as topics have (docs/i18n.md)
        help_text=_(
            "The blog's web address: lower-case letters in any script, numbers and hyphens, "
            "e.g. storm-ciara or повінь-на-закарпатті."
        ),
    )
    topics = forms.CharField(
        label=_("Topics"),
        max_length=400,
        required=False,
        help_text=_("Separate topics with commas, e.g. Weather, UK news."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=languages.choices,
        initial=languages.site_language,
        required=False,  # left out (an older page, a script): the site's, or the blog's as it is
        help_text=_("The language the blog is written in: its reader page, feeds and embed use it."),
    )

    # The blog being edited (BlogEditForm), which may keep its own address.
    blog_id = None

    @property
    def details_fields(self) -> list:
        """The fields the page lists in order (BlogEditForm keeps its ad slots apart)."""
        return self.visible_fields()

    def clean_slug(self):
        from liveblogs.models import slug_taken

        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("That address is used by the desk itself. Choose another."), code="reserved")
        if slug_taken(slug, by_blog_other_than=self.blog_id):
            raise forms.ValidationError(DUPLICATE_SLUG, code="duplicate")
        return slug

    def clean_topics(self):
        names = parse_topics(self.cleaned_data["topics"])
        for name in names:
            if len(name) > 60:
                raise forms.ValidationError(f"“{name[:30]}…” is too long for a topic; keep each under 60 characters.")
        return names


# The admin's ranges for ad slots (SlotPlan's validators), and its default.
SLOT_EVERY = (2, 100)
SLOT_CAP = (1, 50)
SLOT_DEFAULT = 5


class ShownValueInput(forms.HiddenInput):
    """The hidden copy of the value a page showed (show_hidden_initial).
    Django gives it the visible field's aria-describedby and aria-invalid,
    which a hidden input may not carry (the Nu HTML Checker's error): they
    are dropped."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        return {name: value for name, value in attrs.items() if not name.startswith("aria-")}


class SlotFillChoiceField(forms.ModelChoiceField):
    """The cards and snippets an operator made, each named with its kind."""

    hidden_widget = ShownValueInput

    def label_from_instance(self, obj):
        if obj.kind == SlotFill.Kind.SPONSOR:
            return _("%(name)s (sponsor card)") % {"name": obj.name}
        return _("%(name)s (ad snippet)") % {"name": obj.name}


def _count_field(label, bounds: tuple[int, int], help_text, message) -> forms.IntegerField:
    """An optional whole number within `bounds`, with one message for every way it can be wrong.
    The page also carries the number it showed (show_hidden_initial), so a
    save can tell whether the editor changed it (BlogEditForm.ad_slots)."""
    field = forms.IntegerField(
        label=label,
        required=False,
        show_hidden_initial=True,
        min_value=bounds[0],
        max_value=bounds[1],
        help_text=help_text,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )
    field.hidden_widget = ShownValueInput
    return field


class BlogEditForm(BlogForm):
    """A blog's details after it is created. A new address keeps the old one
    working (a permanent redirect). Its picture is chosen here (an upload
    needs the blog to exist)."""

    slug = forms.SlugField(
        label=_("Slug"),
        max_length=120,
        allow_unicode=True,
        required=False,  # left out (an older page, a script): the address stays
        help_text=(
            _("The blog's web address. If you change it, links to the old address (pages, posts, feeds, "
            "embeds) keep working: they redirect here.")
        ),
    )
    # The id of an Image uploaded to this blog (desk-media.js sets it after an
    # upload); empty removes the picture. Rendered by _media_field.html.
    image = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # One of the pictures already uploaded to this blog (its posts' pictures):
    # when chosen, it replaces whatever `image` says.
    choose_image = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    summary = ProseEditorFormField(
        label=_("Key points so far"),
        extensions=SUMMARY_EDITOR_EXTENSIONS,
        required=False,
        help_text=_("Optional: a short summary shown above the posts. Bold, italic, links and lists. "
        "Leave empty to hide it."),
    )
    reactions = forms.BooleanField(
        label=_("Reactions on posts"),
        required=False,
        help_text=_("Readers may react to each post (👍 ❤️ 😮 😢 😡). Untick to hide the buttons on every post."),
    )

    # Ad and sponsor slots between posts (liveblogs.slots): what fills them,
    # chosen from the cards and snippets an operator made in the admin
    # (snippet HTML is sanitised there), or none: slots off. The same ranges
    # as the admin's (SlotPlan's validators, actions.set_ad_slots). Each
    # field also sends back, hidden, what the page showed when it was opened
    # (show_hidden_initial): the slots are saved only when the editor changed
    # one of them, so saving a headline never turns back a plan an operator
    # changed in the admin meanwhile (ad_slots).
    slot_fill = SlotFillChoiceField(
        queryset=SlotFill.objects.order_by("name", "id"),
        label=_("Ads between posts"),
        required=False,
        show_hidden_initial=True,
        empty_label=_("None: no ads or sponsor cards"),
        help_text=_("A sponsor card or ad snippet set up by an operator in the admin, shown between the posts."),
        error_messages={
            "invalid_choice": actions.SLOT_FILL_GONE,
        },
    )
    slot_every = _count_field(
        _("A slot every … posts"),
        SLOT_EVERY,
        _("Posts between two slots (2 to 100), counted from the first post of the coverage."),
        _("Give the number of posts between two slots, from 2 to 100."),
    )
    slot_cap = _count_field(
        _("At most … slots"),
        SLOT_CAP,
        _("Slots shown on the blog at most (1 to 50): the newest stay, older ones go."),
        _("Give how many slots the blog shows at most, from 1 to 50."),
    )
    SLOT_FIELDS = ("slot_fill", "slot_every", "slot_cap")

    def __init__(self, *args, blog: LiveBlog, **kwargs):
        super().__init__(*args, **kwargs)
        self.blog_id = blog.pk
        self.current_slug = blog.slug

    @classmethod
    def initial_for(cls, blog: LiveBlog) -> dict:
        from liveblogs import slots

        plan = slots.plan_for(blog)
        return {
            "headline": blog.headline,
            "standfirst": blog.standfirst,
            "slug": blog.slug,
            "topics": ", ".join(t.name for t in blog.topics.all()),
            "language": blog.language,
            "image": blog.image_id,
            "summary": blog.summary,
            "reactions": blog.reactions_enabled,
            "slot_fill": plan.fill_id if plan else None,
            "slot_every": plan.every if plan else SLOT_DEFAULT,
            "slot_cap": plan.cap if plan else SLOT_DEFAULT,
        }

    @property
    def details_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name not in self.SLOT_FIELDS]

    @property
    def has_slot_fills(self) -> bool:
        return SlotFill.objects.exists()

    @property
    def slot_fields(self) -> list:
        return [self[name] for name in self.SLOT_FIELDS]

    def clean(self):
        data = super().clean()
        if data.get("slot_fill") is not None:
            # Only a plan needs its numbers; turning slots off ignores them.
            if data.get("slot_every") is None and "slot_every" not in self.errors:
                self.add_error("slot_every", _("Give the number of posts between two slots, from 2 to 100."))
            if data.get("slot_cap") is None and "slot_cap" not in self.errors:
                self.add_error("slot_cap", _("Give how many slots the blog shows at most, from 1 to 50."))
        elif "slot_fill" not in self.errors:
            # Off: numbers typed beside "none" are not an error, just unused.
            for name in ("slot_every", "slot_cap"):
                self.errors.pop(name, None)
        return data

    def ad_slots(self):
        """The slots as sent: (fill or None, every, cap), or KEEP when the
        form had no slot fields (an older page, a script) or the editor left
        them as the page showed them. Compared with what the page showed
        (the hidden initial values), not with the plan now: an operator may
        have changed the plan in the admin since the page was opened, and
        that change stays."""
        if not self.data.get("slots_shown") or not set(self.changed_data) & set(self.SLOT_FIELDS):
            return actions.KEEP
        fill = self.cleaned_data.get("slot_fill")
        if fill is None:
            return None, SLOT_DEFAULT, SLOT_DEFAULT
        return fill, self.cleaned_data["slot_every"], self.cleaned_data["slot_cap"]

    def clean_slug(self):
        if not self.cleaned_data.get("slug"):
            return self.current_slug
        return super().clean_slug()

    def clean_image(self):
        return _blog_picture(self, "image", _("That picture is not one uploaded to this blog. Upload it again."))

    def clean_choose_image(self):
        return _blog_picture(self, "choose_image", _("That picture is not one uploaded to this blog."))

    def reactions_enabled(self):
        """The box as sent, or KEEP when the form had no box (an older page, a
        script): an unticked box is simply absent from a POST."""
        return self.cleaned_data["reactions"] if self.data.get("reactions_shown") else actions.KEEP

    def chosen_image_id(self) -> int | None:
        """The blog's picture as submitted: a picked earlier picture wins."""
        return self.cleaned_data.get("choose_image") or self.cleaned_data.get("image")

    RECENT_IMAGES = 12

    @property
    def recent_images(self) -> list:
        """The newest pictures uploaded to this blog, to pick one without uploading again."""
        from liveblogs.models import Image

        return list(Image.objects.filter(blog_id=self.blog_id).order_by("-created_at", "-id")[: self.RECENT_IMAGES])

    @property
    def current_image(self):
        return _chosen_picture(self)

    def clean_summary(self):
        summary = self.cleaned_data.get("summary") or ""
        if summary and not _LOOKS_LIKE_HTML.search(summary):
            # Typed into the plain textarea (the editor did not load).
            summary = linebreaks(summary, autoescape=True)
        summary = sanitise_summary(summary)
        if len(summary) > actions.MAX_SUMMARY_CHARS:
            raise forms.ValidationError(
                _("Keep the summary under %(limit)s characters (it is %(length)s).")
                % {"limit": actions.MAX_SUMMARY_CHARS, "length": len(summary)},
                code="too_long",
            )
        return summary


def _byline_label(i: int) -> str:
    return _("Byline %(number)s") % {"number": i + 1}


class BylineSlots(forms.MultiWidget):
    """Bylines in order: one drop-down per place ("Byline 1", "Byline 2", …),
    submitted as authors_0, authors_1, … so the order survives without
    JavaScript. A plain `authors` list (scripts, older pages) is read too."""

    use_fieldset = True

    def __init__(self, slots: int = 4):
        super().__init__([forms.Select(attrs={"aria-label": _byline_label(i)}) for i in range(slots)])

    def resize(self, slots: int, choices) -> None:
        self.widgets = [forms.Select(attrs={"aria-label": _byline_label(i)}, choices=choices) for i in range(slots)]

    def decompress(self, value):
        return list(value or [])

    def get_context(self, name, value, attrs):
        values = [str(getattr(v, "pk", v)) for v in (value or []) if v not in ("", None)]
        values += [""] * (len(self.widgets) - len(values))
        return super().get_context(name, values, attrs)

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist") and data.getlist(name):
            return [v for v in data.getlist(name) if v]
        return [v for v in super().value_from_datadict(data, files, name) if v]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class OrderedBylinesField(forms.ModelMultipleChoiceField):
    """The chosen people as a list, in the order given (repeats dropped)."""

    widget = BylineSlots

    def clean(self, value):
        value = [v for v in (value or []) if v not in ("", None)]
        people = {str(p.pk): p for p in super().clean(value)}
        ordered, seen = [], set()
        for v in value:
            if str(v) in people and str(v) not in seen:
                seen.add(str(v))
                ordered.append(people[str(v)])
        return ordered


class PostForm(DeskForm):
    kind = forms.ChoiceField(
        label=_("Post type"),
        choices=Post.Kind.choices,
        initial=Post.Kind.UPDATE,
        widget=forms.RadioSelect,
    )
    headline = forms.CharField(label=_("Headline"), max_length=200, required=False)
    # django-prose-editor turns the browser's spell checker off unless told
    # otherwise; reporters filing fast need it on.
    body = ProseEditorFormField(label=_("Body"), extensions=BODY_EDITOR_EXTENSIONS, required=False)
    label = forms.ChoiceField(label=_("Label"), choices=Label.choices, required=False)
    is_key_event = forms.BooleanField(label=_("Key event"), required=False)
    is_pinned = forms.BooleanField(
        label=_("Pin"), required=False, help_text=_("Shown first; replaces any pinned post.")
    )
    article_url = forms.CharField(
        label=_("Article URL"),
        max_length=500,
        required=False,
        validators=[URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))],
        widget=forms.URLInput,
    )
    article_author = forms.CharField(label=_("Article author"), max_length=120, required=False)
    article_headline = forms.CharField(label=_("Article headline"), max_length=200, required=False)
    article_standfirst = forms.CharField(
        label=_("Article standfirst"), max_length=400, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    scheduled_for = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("For “Schedule”: the newsroom's local time."),
        error_messages={"invalid": _("Enter a date and time, e.g. 2026-03-01 14:30.")},
    )
    # The server-side draft this compose form is writing (set by autosave).
    draft = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # A one-time key per compose form: the same form sent twice (a double
    # click, "Send again" after an outage) publishes once (liveblogs.idempotency).
    form_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64,
        validators=[
            RegexValidator(r"\A[-_A-Za-z0-9]+\Z", _("This form is damaged: reload the page and send it again."))
        ],
    )
    authors = OrderedBylinesField(
        label=_("Bylines"),
        queryset=None,
        required=False,
        help_text=_("Everyone who wrote this post, in the order readers see them. None chosen: the writer."),
        error_messages={"invalid_choice": _("Choose bylines from the newsroom's active staff.")},
    )

    embed_url = forms.CharField(
        label=_("Embed a link"),
        max_length=500,
        required=False,
        validators=[URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))],
        widget=forms.URLInput,
        help_text=(
            _("Paste a link to a YouTube video or a post on X, Bluesky, Mastodon, Telegram, Instagram or TikTok "
            "(readers load it only when they choose to), or to any page (shown as a link card).")
        ),
    )
    # The picture uploaded for this post (desk-media.js fills it in after the
    # upload); its alt text, caption and credit are on the image.
    image = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    ARTICLE_FIELDS = ("article_url", "article_author", "article_headline", "article_standfirst")

    def __init__(self, *args, can_pin: bool = False, can_mark_key_event: bool = False, blog_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.blog_id = blog_id
        if not self.is_bound:
            self.fields["form_key"].initial = secrets.token_urlsafe(18)
        from django.contrib.auth import get_user_model

        from liveblogs.access import DESK_ROLES

        self.fields["authors"].queryset = (
            get_user_model().objects.filter(is_active=True, role__in=DESK_ROLES).order_by("display_name", "username")
        )
        self.fields["authors"].label_from_instance = lambda u: u.byline
        # One more place than the post has bylines (at least four), so none is ever dropped.
        chosen = self["authors"].value() or []
        choices = [("", "—"), *self.fields["authors"].choices]
        self.fields["authors"].widget.resize(max(4, len(chosen) + 1), choices)
        # Fields a user may not set are removed, so a crafted POST is ignored.
        if not can_pin:
            del self.fields["is_pinned"]
        if not can_mark_key_event:
            del self.fields["is_key_event"]

    @classmethod
    def initial_for(cls, post: Post) -> dict:
        return {
            "kind": post.kind,
            "headline": post.headline,
            "body": post.body,
            "label": post.label,
            "is_key_event": post.is_key_event,
            "is_pinned": post.is_pinned,
            "authors": [a.pk for a in post.byline_profiles] if post.pk else [],
            "image": post.image_id,
            "embed_url": post.embed_url,
            **{name: getattr(post, name) for name in cls.ARTICLE_FIELDS},
        }

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        limit = settings.LIVEBLOG_MAX_BODY_CHARS
        if len(body) > limit:
            raise forms.ValidationError(
                _("This post is too long (%(length)s characters); the limit is %(limit)s.")
                % {"length": len(body), "limit": limit}, code="too_long"
            )
        if body and not _LOOKS_LIKE_HTML.search(body):
            # Typed into the plain textarea (the editor did not load):
            # blank lines make paragraphs, and the text is escaped.
            body = linebreaks(body, autoescape=True)
        return sanitise_body(body)

    def clean_image(self):
        return _blog_picture(self, "image", _("That picture is not one uploaded to this blog. Upload it again."))

    @property
    def current_image(self):
        return _chosen_picture(self)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Post.Kind.ARTICLE:
            if not data.get("article_url") and "article_url" not in self.errors:
                self.add_error("article_url", _("Add the address of the article this card links to."))
            if not data.get("article_headline") and "article_headline" not in self.errors:
                self.add_error("article_headline", _("Add the article's headline."))
        elif kind == Post.Kind.UPDATE and "body" not in self.errors:
            if (
                not data.get("headline")
                and not data.get("body")
                and not data.get("image")
                and not data.get("embed_url")
            ):
                self.add_error("body", EMPTY_POST)
        return data

    def content(self) -> actions.PostContent:
        data = self.cleaned_data
        return actions.PostContent(
            kind=data["kind"],
            headline=data["headline"],
            body=data["body"],
            label=data["label"],
            image_id=data.get("image"),
            embed_url=data.get("embed_url", ""),
            **{name: data[name] for name in self.ARTICLE_FIELDS},
        )

    def flag(self, name: str, current: bool = False) -> bool:
        """The submitted value of a flag, or `current` when this user may not set it."""
        if name in self.fields:
            return bool(self.cleaned_data.get(name))
        return current


CORRECTION_HELP = (
    _("Optional. Use it when this change corrects a mistake: readers see it on the post as "
    "“Correction, 14:05: …”. Plain text, up to 500 characters.")
)
STALE_FORM = _("This form is out of date. Reload the page to edit the current version.")


class PostEditForm(PostForm):
    """Editing a post: the post form plus the version it was loaded at (a
    save against a newer version is refused) and, for a published post, a
    public correction note."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    correction_note = forms.CharField(
        label=_("Correction note"),
        max_length=actions.MAX_CORRECTION_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=CORRECTION_HELP,
    )

    def __init__(self, *args, published: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["draft"]
        del self.fields["form_key"]  # edits are not repeated by sending twice: the version check refuses the second
        if published:
            del self.fields["scheduled_for"]
        else:
            del self.fields["correction_note"]

    @classmethod
    def initial_for(cls, post: Post) -> dict:
        return {**super().initial_for(post), "version": post.version, "scheduled_for": post.scheduled_for}

    def clean_correction_note(self):
        return " ".join(self.cleaned_data["correction_note"].split())

    def clean(self):
        data = super().clean()
        if data.get("version") is None:
            # Only a crafted request or a page from before versions lacks it.
            raise forms.ValidationError(STALE_FORM, code="stale")
        return data

    def rebased(self, version: int) -> "PostEditForm":
        """The same typed text, now based on `version`: after a conflict the
        editor has seen the current version, so saving again is deliberate."""
        data = self.data.copy()
        data["version"] = str(version)
        form = type(self)(
            data,
            initial=self.initial,
            published="correction_note" in self.fields,
            can_pin="is_pinned" in self.fields,
            can_mark_key_event="is_key_event" in self.fields,
        )
        form.is_valid()
        return form


class RestoreRevisionForm(DeskForm):
    correction_note = forms.CharField(
        label=_("Correction note"),
        max_length=actions.MAX_CORRECTION_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=CORRECTION_HELP,
    )

    def clean_correction_note(self):
        return " ".join(self.cleaned_data["correction_note"].split())


# Teams -----------------------------------------------------------------------

class AssignStaffForm(DeskForm):
    user = forms.ModelChoiceField(
        label=_("Add to the team"),
        queryset=None,
        empty_label=_("Choose a contributor or reporter"),
        error_messages={"invalid_choice": _("Choose an active contributor or reporter from the list.")},
    )

    def __init__(self, *args, blog: LiveBlog, **kwargs):
        from django.contrib.auth import get_user_model

        from liveblogs.access import ASSIGNABLE_ROLES

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True, role__in=ASSIGNABLE_ROLES)
            .exclude(blog_assignments__blog=blog)
            .order_by("display_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.byline} ({u.get_role_display().lower()})"


class SendBackForm(DeskForm):
    note = forms.CharField(
        label=_("What needs changing"),
        max_length=actions.MAX_REVIEW_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The author sees this note beside their draft."),
        error_messages={"required": _("Say what needs changing: the author sees your note.")},
    )


class RemovePostForm(DeskForm):
    reason = forms.CharField(
        label=_("Legal reason"),
        max_length=actions.MAX_REMOVAL_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the audit log, never shown to readers: e.g. “Court order 2026/114, reporting restriction”."),
        error_messages={"required": _("Give the legal reason for the removal; it is kept in the audit log.")},
    )
