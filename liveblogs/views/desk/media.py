"""Pictures for posts, uploaded from the composer."""


from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from liveblogs import access, actions
from liveblogs.models import LiveBlog
from liveblogs.views.desk.common import desk_view
from newsline.lib.ratelimit import over_limit

MEDIA_UPLOADS_PER_MINUTE = 20


@desk_view
@require_POST
def media_upload(request, slug):
    """A picture for a post, from the composer (desk-media.js): JSON back,
    with the image's id for the form's hidden `image` field."""
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_upload_media(request.user, blog):
        return JsonResponse({"error": _("You can add pictures only to blogs you work on.")}, status=403)
    if over_limit("desk-upload", str(request.user.pk), limit=MEDIA_UPLOADS_PER_MINUTE, per_seconds=60):
        return JsonResponse({"error": _("Too many uploads in one minute. Wait a moment, then try again.")}, status=429)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a picture to upload.")}, status=400)
    try:
        image = actions.upload_image(
            blog=blog, by=request.user, upload=upload,
            alt_text=request.POST.get("alt_text", ""),
            caption=request.POST.get("caption", ""),
            credit=request.POST.get("credit", ""),
        )
    except actions.ActionError as e:
        return JsonResponse({"error": str(e)}, status=400)
    return JsonResponse(
        {"id": image.pk, "src": image.src, "srcset": image.srcset, "alt": image.alt_text,
         "caption": image.credit_line, "width": image.width, "height": image.height},
        status=201,
    )
