import unicodedata

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from claims.models.common import TimeStamped


def normalise_name(name: str) -> str:
    """A name folded for matching: case, accents and spacing do not count.

    "Sergey Lavrov", "sergey  lavrov" and "Sérgey Lavrov" fold alike; "Sergei"
    and "Sergey" do not, which is what aliases are for.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())


class ActorQuerySet(models.QuerySet):
    def named(self, name: str) -> "ActorQuerySet":
        """Actors whose name or one of whose aliases is ``name`` (folded)."""
        folded = normalise_name(name)
        return self.filter(Q(name_normalised=folded) | Q(aliases__normalised=folded)).distinct()


class Actor(TimeStamped):
    """Who makes claims: a person, an organisation, a government, an outlet, a group.

    ``affiliation`` points to another actor (Lavrov to the Russian Foreign
    Ministry) and is protected: an organisation with members cannot vanish
    under them. Alternative spellings and stand-in names ("Kremlin" for the
    Russian presidency) are :class:`ActorAlias` rows, so matching a name in a
    new document is a single indexed lookup.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GOVERNMENT = "government", "Government or state body"
        OUTLET = "outlet", "News outlet"
        GROUP = "group", "Group"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, help_text='Full usual name, e.g. "Sergey Lavrov".')
    name_normalised = models.CharField(max_length=200, editable=False, db_index=True)
    # Has a statement on a published claim: kept by claims.publicity, not edited.
    is_public = models.BooleanField(default=False, db_default=False, editable=False)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='Role at the time of the corpus, e.g. "Foreign Minister of Russia".',
    )
    description = models.TextField(blank=True)
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The organisation or government this actor belongs to or speaks for.",
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use a two-letter ISO 3166 code, e.g. UA.")],
        help_text="ISO 3166-1 alpha-2 code in capitals, e.g. RU, UA, US.",
    )
    same_as = models.URLField(
        max_length=500,
        blank=True,
        help_text="A reference page identifying the actor (Wikidata, Wikipedia); used as sameAs.",
    )
    url = models.URLField(
        "website",
        max_length=500,
        blank=True,
        help_text="The actor's own website, e.g. https://www.politifact.com/ for a fact-checker.",
    )

    objects = ActorQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["is_public"])

    class Meta:
        ordering = ["name"]
        indexes = [
            # The public list of actors (API, sitemap), by name.
            models.Index(fields=["name"], condition=Q(is_public=True), name="actor_public_name")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(affiliation=models.F("pk")),
                name="actor_not_own_affiliation",
                violation_error_message="An actor cannot be its own affiliation.",
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="actor_country_iso_code",
                violation_error_message="Use a two-letter ISO 3166 country code, e.g. UA.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="actor_name_not_blank",
                violation_error_message="An actor needs a name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_normalised = normalise_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/actors/{self.slug}/"


class ActorAlias(models.Model):
    """Another name an actor goes by: a spelling, a title, a metonym ("Kremlin")."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text='e.g. "Sergei Lavrov" or "the Kremlin".')
    normalised = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "normalised"],
                name="alias_unique_per_actor",
                violation_error_message="This actor already has this alias.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="alias_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised = normalise_name(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        # Fold before validate_constraints() runs, so full_clean() checks the
        # real key of alias_unique_per_actor instead of an empty string.
        super().clean()
        self.normalised = normalise_name(self.name)
