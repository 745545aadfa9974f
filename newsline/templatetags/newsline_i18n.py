"""`{% javascript_catalog %}`: the script that gives the page's browser code
its translations (gettext, ngettext, interpolate) in the page's language."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from newsline.lib.languages import supported
from newsline.views import javascript_catalog_url

register = template.Library()


@register.simple_tag
def javascript_catalog():
    # A classic deferred script runs before the page's modules (also deferred, later in the page).
    url = javascript_catalog_url(supported(translation.get_language()))
    return format_html('<script src="{}" defer></script>', url)
