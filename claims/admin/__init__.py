"""The editors' admin: one module per area, registered on import."""

from django.contrib import admin

from claims.admin import actors, candidates, claims, sources, topics, verdicts  # noqa: F401

# The index adds a link to the editors' dashboard (ClaimAdmin.dashboard_view). Set here,
# not by overriding admin/index.html, which django.contrib.admin (listed first) would win.
admin.site.index_template = "admin/claims/index.html"
