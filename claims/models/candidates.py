from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from claims.models.common import TimeStamped
from claims.models.statements import Statement


class StatementCandidate(TimeStamped):
    """A statement the extractor proposes from a source's text, waiting for an editor.

    Never public and never a :class:`~claims.models.Statement` on its own:
    accepting it (``claims.extraction.statement_candidate_accept``) creates the
    anchored statement, rejecting it records the decision. ``key`` identifies
    the proposal as first extracted (offsets, quote and speaker), so extracting
    the same text again recognises it and keeps the editor's decision or edits;
    the working fields (speaker, stance, quote) may be edited without changing
    it. Candidates belong to their source and go with it (CASCADE); the actor,
    claim and statement they point to may be deleted without losing the record
    of the decision (SET_NULL).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    source = models.ForeignKey("claims.Source", on_delete=models.CASCADE, related_name="candidates")
    key = models.CharField(
        max_length=64, editable=False, help_text="Offsets, quote and speaker as first extracted."
    )
    start = models.PositiveIntegerField(help_text="Offset of the first character of the quote.")
    end = models.PositiveIntegerField(help_text="Offset just after the quote.")
    exact = models.TextField("quote", help_text="The quote or paraphrase as the text has it.")
    speaker_mention = models.CharField(
        max_length=300, blank=True, help_text='The words naming the speaker, e.g. "he" or "Lavrov".'
    )
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    speaker_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The known actor's name, or the name proposed for a new actor.",
    )
    resolved_by = models.CharField(
        max_length=16,
        blank=True,
        help_text="How the speaker was found: name, surname, pronoun, role, carried, new, "
        "unresolved.",
    )
    actor = models.ForeignKey(
        "claims.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        help_text="The known actor the speaker resolved to; empty proposes a new actor.",
    )
    cue = models.CharField(max_length=64, blank=True, help_text='e.g. "said", "denied".')
    stance = models.CharField(
        max_length=10, choices=Statement.Stance.choices, default=Statement.Stance.ASSERTS
    )
    mode = models.CharField(
        max_length=10, choices=Statement.Mode.choices, default=Statement.Mode.DIRECT
    )
    pattern = models.CharField(max_length=32, blank=True, help_text="The rule that proposed it.")
    confidence = models.FloatField(default=0.5)
    context = models.TextField(blank=True, help_text="The sentence(s) around the quote.")
    matches = models.JSONField(
        default=list,
        blank=True,
        help_text="Existing claims it most likely repeats or contradicts: "
        '[{"claim": id, "score": 0.8, "via": "wording"}], best first.',
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    edited = models.BooleanField(
        default=False, help_text="An editor changed the proposal; re-extraction leaves it alone."
    )
    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        help_text="The claim it was accepted into.",
    )
    statement = models.ForeignKey(
        "claims.Statement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        help_text="The statement accepting it created.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source", "start", "pk"]
        verbose_name = "statement candidate"
        verbose_name_plural = "statement candidates"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key"],
                name="candidate_unique_key_per_source",
                violation_error_message="This proposal is already recorded for this source.",
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="candidate_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("exact")),
                name="candidate_offsets_match_quote_length",
            ),
        ]
        indexes = [models.Index(fields=["source", "status"], name="candidate_source_status")]

    def __str__(self) -> str:
        return (
            f"{self.speaker_name or self.speaker_mention or '?'} {self.stance}: {self.exact[:60]}"
        )

    def get_absolute_url(self) -> str:
        # Candidates are never public: their place is the source's review screen.
        return f"/admin/claims/source/{self.source_id}/candidates/#candidate-{self.pk}"

    @property
    def proposes_new_actor(self) -> bool:
        return (
            self.actor_id is None and self.resolved_by != "unresolved" and bool(self.speaker_name)
        )
