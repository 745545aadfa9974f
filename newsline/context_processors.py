from django.conf import settings


def site(request):
    return {
        "SITE_URL": settings.SITE_URL, "NEWSROOM_NAME": settings.NEWSROOM_NAME, "SUPPORT_URL": settings.SUPPORT_URL,
        # The newsroom's zone, for scripts that write times (Intl.DateTimeFormat's timeZone).
        "TIME_ZONE": settings.TIME_ZONE,
    }
