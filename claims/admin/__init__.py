"""The editors' admin: one module per area, registered on import."""

from claims.admin import actors, candidates, claims, sources, topics, verdicts  # noqa: F401
