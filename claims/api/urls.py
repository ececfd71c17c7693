"""Version 1 of the API, mounted at /api/v1/ (``claimtrack/urls.py``).

Resources with a slug are addressed by it; statements, relations, evidence,
reviews and ratings by id. Any other path under /api/v1/ is a JSON 404, in the
API's error shape, rather than the site's HTML page.
"""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from claims.api import extraction, ingestion, viewsets
from claims.api.claimreview_import import ClaimReviewImportView

app_name = "api"

router = DefaultRouter()
router.register("claims", viewsets.ClaimViewSet, basename="claim")
router.register("actors", viewsets.ActorViewSet, basename="actor")
router.register("sources", viewsets.SourceViewSet, basename="source")
router.register("topics", viewsets.TopicViewSet, basename="topic")
router.register("statements", viewsets.StatementViewSet, basename="statement")
router.register("relations", viewsets.RelationViewSet, basename="relation")
router.register("evidence", viewsets.EvidenceViewSet, basename="evidence")
router.register("reviews", viewsets.ReviewViewSet, basename="review")
router.register("ratings", viewsets.RatingViewSet, basename="rating")
router.register("claimreview", viewsets.ClaimReviewViewSet, basename="claimreview")

urlpatterns = [
    *router.urls,
    *extraction.urlpatterns,
    *ingestion.urlpatterns,
    path("claimreview/import/", ClaimReviewImportView.as_view(), name="claimreview-import"),
    re_path(r"^.*$", viewsets.NotFoundView.as_view()),
]
