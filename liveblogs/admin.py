"""The operator's part of live blogs in Django's admin: ad and sponsor slots
between posts (liveblogs.slots). Everything else about a blog is done at the
desk, through the actions; so are these saves (actions.set_ad_slots,
refresh_ad_slots), which tell open pages and renew cached copies."""

import uuid
from html.parser import HTMLParser

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liveblogs import actions, media
from liveblogs.models import SlotFill, SlotPlan
from liveblogs.richtext import sanitise_slot_html


class _Pictures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.pictures: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.pictures.append(dict(attrs))


def _pictures(html: str) -> list[dict]:
    parser = _Pictures()
    parser.feed(html)
    return parser.pictures


class SlotFillForm(forms.ModelForm):
    link = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")
    logo_url = forms.URLField(
        label=_("logo address"), max_length=500, required=False, assume_scheme="https",
        help_text=_("An https address of the sponsor's logo."),
    )
    logo_upload = forms.FileField(
        label=_("Upload a logo"), required=False,
        help_text=_("A JPEG, PNG, WebP or GIF; it is re-encoded like every picture. It replaces the logo address."),
    )

    class Meta:
        model = SlotFill
        fields = ("kind", "name", "text", "link", "logo_url", "logo_upload", "html")
        help_texts = {
            "html": _("Text, links and pictures only: scripts, frames, styles and event handlers are removed "
                      "when saved. Every picture needs alt text."),
        }

    def clean_html(self):
        return sanitise_slot_html(self.cleaned_data.get("html", ""))

    def clean_logo_url(self):
        url = self.cleaned_data.get("logo_url", "")
        if url and not url.startswith("https://"):
            # The page's Content-Security-Policy loads pictures from https only.
            raise forms.ValidationError(_("Give the logo's https:// address."))
        return url

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        try:
            return media.decode(upload)
        except media.MediaError as e:
            raise forms.ValidationError(str(e)) from e

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == SlotFill.Kind.SPONSOR and not data.get("link"):
            self.add_error("link", _("A sponsor card needs the address it links to."))
        if kind == SlotFill.Kind.HTML:
            html = data.get("html", "")
            if not html and "html" not in self.errors:
                self.add_error("html", _("Nothing is left of this snippet once scripts and styles are removed."))
            for picture in _pictures(html):
                if not picture.get("src"):
                    self.add_error("html", _("A picture in the snippet has no http or https address."))
                    break
                if not (picture.get("alt") or "").strip():
                    self.add_error("html", _("Every picture in the snippet needs alt text (alt=\"…\")."))
                    break
        return data


@admin.register(SlotFill)
class SlotFillAdmin(admin.ModelAdmin):
    form = SlotFillForm
    list_display = ("name", "kind", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        picture = form.cleaned_data.get("logo_upload")
        if picture is not None:
            old = obj.logo_renditions
            # A logo is small: one rendition up to 480 px wide is plenty.
            obj.logo_renditions = media.store_renditions(
                picture if picture.width <= 480 else picture.resize(
                    (480, max(1, round(picture.height * 480 / picture.width)))
                ),
                folder=f"sponsors/{uuid.uuid4().hex}",
            )
            media.delete_files(old)
        obj.updated_at = timezone.now()
        obj.save()
        if change and form.has_changed():
            # Blogs showing it get the new card (open pages and caches alike).
            actions.refresh_ad_slots(fill=obj)


    def delete_model(self, request, obj):
        renditions = obj.logo_renditions
        super().delete_model(request, obj)
        media.delete_files(renditions)  # its uploaded logo, if any, goes too

    def delete_queryset(self, request, queryset):
        for fill in queryset:
            self.delete_model(request, fill)


@admin.register(SlotPlan)
class SlotPlanAdmin(admin.ModelAdmin):
    list_display = ("blog", "every", "cap", "fill")
    list_select_related = ("blog", "fill")
    fields = ("blog", "every", "cap", "fill")

    def get_readonly_fields(self, request, obj=None):
        return ("blog",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        plan = actions.set_ad_slots(blog=obj.blog, by=request.user, fill=obj.fill, every=obj.every, cap=obj.cap)
        obj.pk = plan.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        actions.set_ad_slots(blog=obj.blog, by=request.user, fill=None)

    def delete_queryset(self, request, queryset):
        for plan in queryset.select_related("blog"):
            actions.set_ad_slots(blog=plan.blog, by=request.user, fill=None)
