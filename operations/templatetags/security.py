"""Content-Security-Policy nonces for pages rendered per request.

    {% load security %}{{ form.media|with_csp_nonce:request }}

renders a form's media (the rich-text editor's inline import map included)
with this request's nonce, which django-csp then adds to the header. Never on
a reader page: those are cached and must stay the same bytes for everyone."""

from django import forms, template
from js_asset import Media

register = template.Library()


@register.filter
def with_csp_nonce(media, request):
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None or not isinstance(media, forms.Media):
        return media
    if not isinstance(media, Media):
        media = Media.from_media(media)
    return media.with_nonce(str(nonce))
