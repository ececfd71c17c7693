"""Site routes: the editors' admin, the REST API (/api/v1/, schema, docs), the public pages."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from claimtrack.health import healthz, livez

# Too many form fields is a 413 like any oversized body; a database outage met in a
# middleware is a 503 (claimtrack.request_limits, claimtrack.outage).
handler400 = "claimtrack.request_limits.bad_request"
handler500 = "claimtrack.outage.server_error"

admin.site.site_header = "ClaimTrack editors"
admin.site.site_title = "ClaimTrack"
admin.site.index_title = "Curate sources, actors, claims and verdicts"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("claims.urls")),
]
