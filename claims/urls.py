"""Public routes. Paths match the models' ``get_absolute_url``."""

from django.contrib.sitemaps import views as sitemap_views
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
        public_cache_headers(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "claims:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_cache_headers(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
