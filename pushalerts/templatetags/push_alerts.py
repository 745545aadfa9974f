from django import template

from pushalerts import vapid

register = template.Library()


@register.simple_tag
def webpush_public_key() -> str:
    """The VAPID public key browsers subscribe with ("" when alerts are off)."""
    return vapid.public_key()
