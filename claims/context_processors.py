from django.conf import settings


def site(request):
    """The site's name for the layout (header, titles, footer)."""
    return {"site_name": getattr(settings, "CLAIMTRACK_SITE_NAME", "ClaimTrack")}
