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
    # What was once public is never deleted (readers may have cited it): deleting
    # it archives it instead. Archived rows are no longer public, stay in the
    # database and the admin, and no workflow step leads out of this state.
    ARCHIVED = "archived", "Archived"


#: The states an editor sets directly; archiving is what deleting a once-public row does.
WRITABLE_STATUS_CHOICES = [
    c for c in PublicationStatus.choices if c[0] != PublicationStatus.ARCHIVED
]


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
