"""Public routes. Paths match the models' ``get_absolute_url``."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from claims import views
from claims.caching import public_cache_headers
from claims.feeds import VerdictsFeed
from claims.sitemaps import SITEMAPS

app_name = "claims"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/<slug:slug>/", views.ClaimDetailView.as_view(), name="claim_detail"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor_detail"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("feeds/verdicts.atom", VerdictsFeed(), name="verdicts_feed"),
    path(
        "sitemap.xml",
        public_cache_headers(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
