from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from simple_history.models import HistoricalRecords

from claims.models.anchors import AnchoredQuote, AnchorStatus
from claims.models.common import TimeStamped


class Statement(AnchoredQuote, TimeStamped):
    """One actor making, denying, questioning or reporting a claim in one source.

    The quote is anchored in the source's text (see :class:`AnchoredQuote`);
    ``clean()`` refuses a quote that does not match the text at its offsets.
    In a source known by its URL only there is no text to quote: the statement
    then says only that the actor made the claim there, and is *unanchored*
    (no quote, no offsets), which the database allows for no other statement.
    Claim, actor and source are all protected: deleting any of them while this
    statement exists is refused, never cascaded.

    The table also holds ``claim_last_seen``, a copy of the claim's ``last_seen``
    that this model does not declare: database triggers write it on every insert,
    move and change of the claim's date (migration 0015), and an actor's page reads
    its claims in that order (``selectors.actor_claim_keys``). And ``quote_context``, the
    source's words around the quote as a claim page shows them, also written by triggers
    (migration 0019), so that the page need not slice the source's text.
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
    # No index of their own (migration 0021): "statement_actor_claim_seen" (migration 0015)
    # and "statement_source_start" begin with these columns and answer the same lookups.
    actor = models.ForeignKey(
        "claims.Actor", on_delete=models.PROTECT, related_name="statements", db_index=False
    )
    source = models.ForeignKey(
        "claims.Source", on_delete=models.PROTECT, related_name="statements", db_index=False
    )
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start__isnull=False) & Q(end__isnull=False) & Q(start__lt=F("end")))
                | (
                    Q(start__isnull=True)
                    & Q(end__isnull=True)
                    & Q(exact="")
                    & Q(anchor_status=AnchorStatus.UNANCHORED)
                ),
                name="statement_has_offsets",
                violation_error_message=(
                    "A statement needs its quote's offsets, unless it is unanchored "
                    "(in a source known by its URL only) and has no quote."
                ),
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
            # Offsets are NULL when unanchored, and NULLs never collide in the index above.
            models.UniqueConstraint(
                fields=["claim", "actor", "source"],
                condition=Q(start__isnull=True),
                name="statement_unique_unanchored_per_claim",
                violation_error_message=(
                    "This actor already has an unanchored statement of this claim in this source."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["source", "start"], name="statement_source_start"),
            # The home page's "most contested" counts each recent claim's denials: from
            # this index alone, not from every statement of the claim (migration 0018).
            models.Index(
                fields=["claim"], condition=Q(stance="denies"), name="statement_denial_claim"
            ),
        ]

    def __str__(self) -> str:
        if not self.exact:  # unanchored: no quote to show
            return f"{self.actor} {self.get_stance_display()} it in {self.source}"
        return f"{self.actor} {self.get_stance_display()}: {self.exact[:60]}"

    def clean(self):
        super().clean()
        if self.source_id is not None and self.source.url_only:
            if self.has_quote():
                raise ValidationError(
                    {
                        "exact": "This source is known by its URL only: there is no text to "
                        "quote. Add the source's text first, or leave the quote empty."
                    },
                    code="source_without_text",
                )
            self.start = self.end = None
            self.prefix = self.suffix = ""
            self.anchor_status = AnchorStatus.UNANCHORED
            return
        if not self.has_quote():
            raise ValidationError(
                {"exact": "Give the quote as the source has it."}, code="quote_required"
            )
        if self.source_id is not None:
            self.anchor_in(self.source.text)

    def is_anchored(self) -> bool:
        return self.anchor_status != AnchorStatus.UNANCHORED

    def get_absolute_url(self) -> str:
        return f"/sources/{self.source.slug}/#statement-{self.pk}"
