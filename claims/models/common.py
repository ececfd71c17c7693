"""Pieces every editorial model shares."""

from django.db import models


class PublicationStatus(models.TextChoices):
    """Where a claim or verdict stands in the desk's workflow.

    Only ``published`` is ever shown to the public; the other states are the
    newsroom's own business.
    """

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
