from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims.models.anchors import AnchoredQuote
from claims.models.common import TimeStamped


class Evidence(AnchoredQuote, TimeStamped):
    """A document that supports, refutes or gives context to a claim.

    Either one of our sources (optionally with an anchored quote from it) or an
    external page given by URL and title, for material we do not hold in full.
    """

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "supports the claim"
        REFUTES = "refutes", "refutes the claim"
        CONTEXT = "context", "gives context"

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    source = models.ForeignKey(
        "claims.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="One of our sources; or leave empty and give an external URL.",
    )
    url = models.URLField("external URL", max_length=2000, blank=True)
    title = models.CharField("external title", max_length=300, blank=True)
    note = models.TextField(help_text="What this evidence shows, in a sentence or two.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["stance", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=False) | (~Q(url="") & ~Q(title="")),
                name="evidence_has_source_or_url",
                violation_error_message="Choose a source, or give an external URL and its title.",
            ),
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(source__isnull=False) & Q(start__lt=F("end"))),
                name="evidence_quote_needs_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source or self.title}"

    def clean(self):
        super().clean()
        if self.source_id is None and not (self.url and self.title):
            raise ValidationError(
                {"source": "Choose a source, or give an external URL and its title."},
                code="evidence_target_required",
            )
        if self.has_quote():
            if self.source_id is None:
                raise ValidationError(
                    {"exact": "A quote can only be anchored in one of our sources."},
                    code="quote_needs_source",
                )
            self.anchor_in(self.source.text)

    def link(self) -> str:
        return self.source.get_absolute_url() if self.source_id else self.url
