from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from claims.models.common import TimeStamped


class Topic(TimeStamped):
    """A subject that groups claims for readers ("Donbas", "Sanctions")."""

    name = models.CharField(max_length=100, help_text='For example "Donbas" or "Sanctions".')
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="topic_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/topics/{self.slug}/"
