"""Site routes: the editors' admin now; public pages and the API mount here later."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "ClaimTrack editors"
admin.site.site_title = "ClaimTrack"
admin.site.index_title = "Curate sources, actors, claims and verdicts"

urlpatterns = [
    path("admin/", admin.site.urls),
]
