from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.models.common import PublicationStatus, TimeStamped


class RatingScale(TimeStamped):
    """A versioned set of ratings verdicts are given on.

    A published verdict must keep meaning what it meant when it was published,
    so a rating used by one is frozen; renaming or renumbering goes into a new
    version of the scale (``services.rating_scale_new_version``), and old
    verdicts keep pointing at the old version.
    """

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    version = models.PositiveSmallIntegerField(default=1)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(
        default=False, help_text="The scale new verdicts use unless told otherwise."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="scale_unique_version"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="scale_one_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Rating(models.Model):
    """One step of a scale: a label, its meaning, and its ClaimReview number.

    ``value`` is schema.org's ratingValue (higher is more true). Two ratings
    may share a value ("Misleading" sits with "Mostly false"); one off the
    true-false line ("Unproven") has none and is exported by ``alternateName``
    alone. ``position`` orders the scale for display.
    """

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    position = models.PositiveSmallIntegerField(help_text="Display order on the scale.")
    label = models.CharField(max_length=64)
    slug = models.SlugField(max_length=64)
    value = models.SmallIntegerField(
        null=True, blank=True, help_text="ClaimReview ratingValue; empty for off-scale ratings."
    )
    description = models.TextField(help_text="When an editor should choose this rating.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_per_scale"),
            models.UniqueConstraint(fields=["scale", "label"], name="rating_label_per_scale"),
            models.UniqueConstraint(fields=["scale", "position"], name="rating_position_per_scale"),
        ]

    def __str__(self) -> str:
        return self.label

    def is_frozen(self) -> bool:
        """Used by a published verdict: its wording and value may no longer change."""
        return (
            self.pk is not None and self.reviews.filter(status=PublicationStatus.PUBLISHED).exists()
        )

    def clean(self):
        super().clean()
        if not self.is_frozen():
            return
        stored = Rating.objects.get(pk=self.pk)
        changed = [
            f
            for f in ("label", "slug", "value", "scale_id")
            if getattr(self, f) != getattr(stored, f)
        ]
        if changed:
            raise ValidationError(
                "This rating is used by published verdicts; its label and value are frozen. "
                "Create a new version of the scale instead.",
                code="rating_frozen",
            )


class Review(TimeStamped):
    """A verdict on a claim: its rating, headline, conclusion and reasoning.

    A claim may collect several reviews over time as facts change; the newest
    published one is its current verdict. Rating and claim are protected so a
    verdict never loses what it judged or the scale it was judged on.

    Most verdicts are the desk's own. An *external* one is another
    fact-checker's, imported from its ClaimReview (``claims.interop``): it has
    the fact-checker (``reviewer``, an actor) and its page (``url``, unique, by
    which a later import finds it again), keeps the rating as they wrote it
    (``original_rating``) next to our scale's nearest rating, and needs no
    conclusion or explanation of ours, since the reasoning is on their page.
    ``published_at`` is then when the fact-checker published it.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="reviews")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="reviews")
    headline = models.CharField(max_length=200, help_text="A one-line verdict for readers.")
    # blank=True so that an external verdict may leave them empty; clean() still
    # requires them of the desk's own verdicts.
    conclusion = models.TextField(
        max_length=600, blank=True, help_text="Short conclusion, two or three sentences."
    )
    explanation = models.TextField(
        blank=True, help_text="The reasoning, with the evidence weighed."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    author_name = models.CharField(
        max_length=200, help_text="The name published as the review's author."
    )
    status = models.CharField(
        max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # CLAIMTRACK_TWO_PUBLISHERS: the first publisher's approval; a second publisher publishes.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    retracted_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the desk withdrew this verdict (a retraction, see its corrections); "
        "it stays on the page, marked as retracted.",
    )
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was archived: deleted after it had been public, and kept.",
    )
    reviewer = models.ForeignKey(
        "claims.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews_given",
        help_text="For another fact-checker's verdict (imported from its ClaimReview): that "
        "fact-checker, e.g. PolitiFact. Empty for the desk's own verdicts.",
    )
    url = models.URLField(
        "fact-checker's URL",
        max_length=2000,
        blank=True,
        help_text="For another fact-checker's verdict: its page, e.g. "
        "https://www.politifact.com/factchecks/2022/feb/24/...; unique when given.",
    )
    original_rating = models.TextField(
        blank=True,
        help_text="For another fact-checker's verdict: its rating word for word, e.g. "
        "“Pants on Fire!” or “Falso”.",
    )
    language = models.CharField(
        max_length=16,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "Use a BCP 47 tag, e.g. en or pt-BR."
            )
        ],
        help_text="BCP 47 tag of the verdict's language, e.g. es; empty: the site's language.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        # The workflow's steps beyond editing (``services.review_transition``).
        permissions = [
            ("submit_review", "Can send verdicts to review"),
            ("publish_review", "Can publish and unpublish verdicts"),
            ("correct_review", "Can issue corrections to published verdicts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=PublicationStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="review_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="review_headline_not_blank"),
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="review_url_unique_when_given",
                violation_error_message="Another verdict already has this URL.",
            ),
            models.CheckConstraint(
                condition=(Q(reviewer__isnull=True) & Q(url=""))
                | (Q(reviewer__isnull=False) & ~Q(url="")),
                name="review_external_has_reviewer_and_url",
                violation_error_message=(
                    "Another fact-checker's verdict needs both the fact-checker and its URL; "
                    "the desk's own verdicts have neither."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "status", "-published_at"], name="review_current"),
            # The newest verdicts first: the home page and the API's reviews.
            models.Index(fields=["status", "-published_at", "-id"], name="review_latest"),
            # The Atom feed: the most recently changed (a correction comes back to the top).
            models.Index(fields=["status", "-updated_at", "-id"], name="review_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}: {self.headline}"

    def is_external(self) -> bool:
        """Another fact-checker's verdict, imported, rather than the desk's own."""
        return self.reviewer_id is not None

    def clean(self):
        super().clean()
        if (
            settings.CLAIMTRACK_TWO_PUBLISHERS
            and self.status == PublicationStatus.PUBLISHED
            and self.approved_by_id is not None
            and self._changed_since_approval()
        ):
            raise ValidationError(
                "This verdict changed after it was approved: a publisher approves the new "
                "version before it is published.",
                code="approval_outdated",
            )
        if self.reviewer_id is None:
            # The desk's own verdict: readers get our reasoning on our page.
            blank = {
                name: ValidationError("This field cannot be blank.", code="blank")
                for name in ("conclusion", "explanation")
                if not getattr(self, name).strip()
            }
            if blank:
                raise ValidationError(blank)

    def save(self, *args, **kwargs):
        # Derived from this row alone: the first moment it went public.
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == PublicationStatus.ARCHIVED and self.archived_at is None:
            self.archived_at = timezone.now()
        if self.approved_by_id is not None and self._changed_since_approval():
            # A publisher approved what they read; anything else needs a new approval.
            self.approved_by, self.approved_at = None, None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "approved_by", "approved_at"}
        super().save(*args, **kwargs)

    #: What a second publisher's approval vouches for (CLAIMTRACK_TWO_PUBLISHERS).
    APPROVED_CONTENT = ("claim_id", "rating_id", "headline", "conclusion", "explanation")

    def _changed_since_approval(self) -> bool:
        stored = (
            Review.objects.filter(pk=self.pk)
            .values("approved_by_id", "status", *self.APPROVED_CONTENT)
            .first()
        )
        if stored is None or stored["approved_by_id"] != self.approved_by_id:
            return False  # a new row, or the approval itself is being recorded
        back_to_draft = (
            self.status == PublicationStatus.DRAFT and stored["status"] != PublicationStatus.DRAFT
        )
        return back_to_draft or any(
            getattr(self, name) != stored[name] for name in self.APPROVED_CONTENT
        )

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()


class Correction(models.Model):
    """A change to a verdict after it was published, told to readers.

    Serious fact-checkers never silently rewrite a verdict: a *correction* fixes
    an error, an *update* follows new facts, a *retraction* withdraws it. Each is
    kept with its date and reason and with the verdict as it read before (rating,
    headline, conclusion), so the claim page and the public corrections log show
    both. Made only by ``services.review_correct``, which takes the snapshot.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"
        RETRACTION = "retraction", "Retraction"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField(
        help_text="What changed and why, for readers, e.g. “An earlier version gave the "
        "wrong date of the speech.”"
    )
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    previous_rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="+")
    previous_headline = models.CharField(max_length=200)
    previous_conclusion = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_reason_not_blank")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of “{self.review.headline}” on {self.made_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.review.claim.get_absolute_url()}#correction-{self.pk}"
