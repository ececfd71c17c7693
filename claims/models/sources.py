import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims.models.common import TimeStamped


def text_fingerprint(text: str) -> str:
    """SHA-256 of the text with white space folded: the same article pasted twice
    hashes alike even when line breaks differ."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class Source(TimeStamped):
    """A document claims come from: a news article, a transcript, a statement.

    The full text is stored because statements anchor their quotes in it by
    character offsets; correcting it goes through ``services.source_update_text``
    which re-anchors those quotes. A source that statements or evidence point
    to cannot be deleted (PROTECT): the quotes would lose their ground.

    A document may also be known by its address alone (``url_only``): where a
    fact-checker's ClaimReview says a claim appeared, for instance. It then has
    a URL and no text, and its statements are *unanchored* (no quote, no
    offsets). The flag, rather than "text is empty", marks that state so that
    a text blanked by mistake is still refused.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "News article"
        TRANSCRIPT = "transcript", "Transcript"
        OFFICIAL_STATEMENT = "official_statement", "Official statement"
        PRESS_RELEASE = "press_release", "Press release"
        SOCIAL_POST = "social_post", "Social media post"
        REPORT = "report", "Report"
        OTHER = "other", "Other"

    class DatePrecision(models.TextChoices):
        EXACT = "exact", "Exact"
        APPROXIMATE = "approximate", "Approximate"
        UNKNOWN = "unknown", "Unknown"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    publisher = models.CharField(
        max_length=200, blank=True, help_text='The outlet or body, e.g. "Associated Press".'
    )
    url = models.URLField(
        "URL", max_length=2000, blank=True, help_text="Original address; unique when given."
    )
    published_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.EXACT,
        help_text='Approximate when the date is inferred (e.g. from "on Tuesday" in the text).',
    )
    language = models.CharField(
        max_length=16,
        default="en",
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "Use a BCP 47 tag, e.g. en or pt-BR."
            )
        ],
        help_text="BCP 47 language tag, e.g. en, uk, ru.",
    )
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.ARTICLE)
    text = models.TextField(
        blank=True,
        help_text="The document's full text. Quotes are anchored in it. "
        "Empty only for a source known by its URL only.",
    )
    url_only = models.BooleanField(
        "known by its URL only",
        default=False,
        help_text="We hold only the document's address, not its text (e.g. where a "
        "fact-checker says a claim appeared). Its statements have no quote. Untick it and "
        "paste the text to quote the document.",
    )
    text_hash = models.CharField(max_length=64, editable=False, db_index=True)
    # Quoted or cited by a published claim: kept by claims.publicity, not edited.
    is_public = models.BooleanField(default=False, db_default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["is_public"])

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique_when_given",
                violation_error_message="Another source already has this URL.",
            ),
            models.CheckConstraint(
                condition=~Q(text="") | Q(url_only=True),
                name="source_text_not_blank",
                violation_error_message="A source needs its text.",
            ),
            models.CheckConstraint(
                condition=Q(url_only=False) | (~Q(url="") & Q(text="")),
                name="source_url_only_has_url_and_no_text",
                violation_error_message=(
                    "A source known by its URL only needs its URL, and has no text."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="source_title_not_blank",
                violation_error_message="A source needs a title.",
            ),
            models.CheckConstraint(
                condition=(Q(date_precision="unknown") & Q(published_on__isnull=True))
                | (~Q(date_precision="unknown") & Q(published_on__isnull=False)),
                name="source_date_matches_precision",
                violation_error_message=(
                    "Give a publication date unless its precision is unknown, "
                    "and mark it unknown only when there is no date."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["publisher", "published_on"]),
            # The public list of sources (API, sitemap), newest first.
            models.Index(
                F("published_on").desc(nulls_last=True),
                "title",
                condition=Q(is_public=True),
                name="source_public_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.url_only:
            if not self.url:
                raise ValidationError(
                    {"url": "A source known by its URL only needs its URL."},
                    code="url_only_without_url",
                )
            if self.text.strip():
                raise ValidationError(
                    {
                        "text": "A source known by its URL only has no text: untick "
                        "“known by its URL only” to keep this text."
                    },
                    code="url_only_with_text",
                )
            self.text = ""
        elif not self.text.strip():
            # Model validation does not strip; a text of blanks would anchor nothing.
            raise ValidationError({"text": "A source needs its text."}, code="blank_text")
        self.text_hash = text_fingerprint(self.text)

    def save(self, *args, **kwargs):
        self.text_hash = text_fingerprint(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/sources/{self.slug}/"
