from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from claims.models.anchors import AnchoredQuote
from claims.models.common import TimeStamped


class Statement(AnchoredQuote, TimeStamped):
    """One actor making, denying, questioning or reporting a claim in one source.

    The quote is anchored in the source's text (see :class:`AnchoredQuote`);
    ``clean()`` refuses a quote that does not match the text at its offsets.
    Claim, actor and source are all protected: deleting any of them while this
    statement exists is refused, never cascaded.
    """

    class Stance(models.TextChoices):
        ASSERTS = "asserts", "asserts"
        DENIES = "denies", "denies"
        QUESTIONS = "questions", "questions"
        REPORTS = "reports", "reports (without endorsing)"

    class Mode(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        PARAPHRASE = "paraphrase", "Paraphrase / reported speech"

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="statements")
    actor = models.ForeignKey("claims.Actor", on_delete=models.PROTECT, related_name="statements")
    source = models.ForeignKey("claims.Source", on_delete=models.PROTECT, related_name="statements")
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.ASSERTS)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.DIRECT)
    cue = models.CharField(
        max_length=64, blank=True, help_text='The attributing verb: "said", "claimed", "denied".'
    )
    said_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the actor said it, if known; may precede the source's date.",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=False) & Q(end__isnull=False) & Q(start__lt=F("end")),
                name="statement_has_offsets",
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("exact")),
                name="statement_offsets_match_quote_length",
            ),
            # Per actor: "Stoltenberg and Biden both said ..." is one quote, two statements.
            models.UniqueConstraint(
                fields=["claim", "actor", "source", "start", "end"],
                name="statement_unique_anchor_per_claim",
                violation_error_message=(
                    "This quote is already this actor's statement of this claim."
                ),
            ),
        ]
        indexes = [models.Index(fields=["source", "start"], name="statement_source_start")]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_stance_display()}: {self.exact[:60]}"

    def clean(self):
        super().clean()
        if not self.has_quote():
            raise ValidationError(
                {"exact": "Give the quote as the source has it."}, code="quote_required"
            )
        if self.source_id is not None:
            self.anchor_in(self.source.text)

    def get_absolute_url(self) -> str:
        return f"/sources/{self.source.slug}/#statement-{self.pk}"
