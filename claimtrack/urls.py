"""Site routes: the editors' admin and the public pages; the API mounts here later."""

from django.contrib import admin
from django.urls import include, path

from claimtrack.health import healthz

admin.site.site_header = "ClaimTrack editors"
admin.site.site_title = "ClaimTrack"
admin.site.index_title = "Curate sources, actors, claims and verdicts"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
