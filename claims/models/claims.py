from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least, Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.models.common import PublicationStatus, TimeStamped


class ClaimQuerySet(models.QuerySet):
    def published(self) -> "ClaimQuerySet":
        """What the public may see. Every public page and API read starts here."""
        return self.filter(status=PublicationStatus.PUBLISHED)

    def by_actor(self, actor) -> "ClaimQuerySet":
        return self.filter(statements__actor=actor).distinct()


class Claim(TimeStamped):
    """A checkable proposition in canonical wording, independent of who said it.

    The same claim is made, repeated and denied in many documents; each of those
    is a :class:`~claims.models.Statement`. ``first_seen``/``last_seen`` are
    derived from the statements' dates by ``services.claim_refresh_dates`` so
    that lists can sort and filter on them with an index instead of a join.
    """

    text = models.CharField(
        "canonical wording",
        max_length=500,
        help_text='One checkable sentence, e.g. "There is an ongoing genocide in Donbas".',
    )
    slug = models.SlugField(max_length=200, unique=True)
    context = models.TextField(
        blank=True, help_text="What a reader needs to understand the claim: where, when, why."
    )
    topics = models.ManyToManyField("claims.Topic", blank=True, related_name="claims")
    status = models.CharField(
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text="Only published claims, with their statements and verdicts, are public.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was archived: deleted after it had been public, and kept.",
    )
    first_seen = models.DateField(null=True, blank=True, editable=False)
    last_seen = models.DateField(null=True, blank=True, editable=False)
    # Derived from this claim, its statements' quotes and its published verdicts
    # by ``claims.search.claim_search_refresh`` (kept current by signals), so the
    # public search is one indexed lookup instead of a join over three tables.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClaimQuerySet.as_manager()

    # Topics too: assigning a claim to a topic is an editorial change like any other.
    history = HistoricalRecords(excluded_fields=["search_vector"], m2m_fields=[topics])

    class Meta:
        ordering = ["-last_seen", "text"]
        # The workflow's steps beyond editing (``services.claim_transition``):
        # holding change_claim lets a user edit a claim, not make it public.
        permissions = [
            ("submit_claim", "Can send claims to review"),
            ("publish_claim", "Can publish and unpublish claims"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("text"),
                name="claim_text_unique_ci",
                violation_error_message="A claim with this wording already exists.",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_blank"),
            models.CheckConstraint(
                condition=~Q(status=PublicationStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="claim_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(first_seen__isnull=True)
                | Q(last_seen__isnull=True)
                | Q(first_seen__lte=F("last_seen")),
                name="claim_seen_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="claim_status_published"),
            # Every list walks this index newest first and stops early ("recent" order,
            # the search's ranking candidates, an actor's claims). Its order is theirs
            # exactly: empty dates last, then the id (a busy news day has thousands
            # of claims; any other tie-breaker would sort all of them).
            models.Index(
                "status",
                F("last_seen").desc(nulls_last=True),
                "id",
                name="claim_status_last_seen",
            ),
            GinIndex(fields=["search_vector"], name="claim_search_vector"),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return f"/claims/{self.slug}/"

    def save(self, *args, **kwargs):
        # Derived from this row alone: the first moment it went public.
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == PublicationStatus.ARCHIVED and self.archived_at is None:
            self.archived_at = timezone.now()
        super().save(*args, **kwargs)

    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    is_published.boolean = True

    def relations(self) -> models.QuerySet:
        """Relations seen from this claim's side, whichever end it is stored at."""
        return ClaimRelation.objects.filter(Q(from_claim=self) | Q(to_claim=self)).select_related(
            "from_claim", "to_claim"
        )


class ClaimRelation(TimeStamped):
    """How two claims bear on each other: one contradicts, supports, refines or
    restates the other.

    A pair of claims has at most one relation, whichever way round it was
    entered (a unique index on the unordered pair), so "A contradicts B" and
    "B contradicts A" cannot both be stored; pages show it from both ends with
    :meth:`label_from`.
    """

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", "contradicts"
        SUPPORTS = "supports", "supports"
        REFINES = "refines", "refines"
        SAME_AS = "same_as", "is the same claim as"

    # The phrase seen from the target's end; symmetric kinds read the same both ways.
    INVERSE_LABELS = {
        Kind.CONTRADICTS: "contradicts",
        Kind.SUPPORTS: "is supported by",
        Kind.REFINES: "is refined by",
        Kind.SAME_AS: "is the same claim as",
    }

    from_claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="relations_from", verbose_name="claim"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    to_claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="relations_to", verbose_name="other claim"
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="relation_not_to_itself",
                violation_error_message="A claim cannot be related to itself.",
            ),
            models.UniqueConstraint(
                Least("from_claim", "to_claim"),
                Greatest("from_claim", "to_claim"),
                name="relation_one_per_pair",
                violation_error_message="These two claims are already related.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim} {self.get_kind_display()} {self.to_claim}"

    def other(self, claim: Claim) -> Claim:
        return self.to_claim if claim.pk == self.from_claim_id else self.from_claim

    def label_from(self, claim: Claim) -> str:
        if claim.pk == self.from_claim_id:
            return self.get_kind_display()
        return self.INVERSE_LABELS[self.kind]
