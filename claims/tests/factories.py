"""factory_boy factories for the claims models.

Each factory builds a row that passes ``full_clean()``: unique fields come
from sequences, and a statement's offsets are computed by the same anchoring
code the application uses, so a test starts from data the editors could have
entered. Override any field by keyword; related rows are created on demand.
"""

import datetime

import factory
from django.utils.text import slugify

from claims.domain import anchoring
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Source,
    Statement,
    Topic,
)

DEFAULT_SCALE_SLUG = "claimtrack"


def default_rating(slug: str = "false") -> Rating:
    """A rating of the scale migration 0002 ships, which every test database has."""
    return Rating.objects.get(scale__slug=DEFAULT_SCALE_SLUG, scale__version=1, slug=slug)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor Number{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Actor.Kind.PERSON
    role = factory.Faker("job")
    country = "RU"


class ActorAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias Number{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source document {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    publisher = factory.Faker("company")
    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    published_on = datetime.date(2022, 3, 1)
    date_precision = Source.DatePrecision.EXACT
    language = "en"
    kind = Source.Kind.ARTICLE
    text = factory.Faker("paragraph", nb_sentences=6)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} is a checkable proposition")
    slug = factory.Sequence(lambda n: f"claim-number-{n}")
    context = factory.Faker("sentence")
    status = PublicationStatus.DRAFT

    class Params:
        published = factory.Trait(status=PublicationStatus.PUBLISHED)


def _text_around(quote: str) -> str:
    # Context on both sides, so the factory's quote has a non-empty prefix and
    # suffix like one cut from the middle of an article.
    return f"The minister spoke to reporters on Tuesday. {quote} He took no questions after that."


class StatementFactory(factory.django.DjangoModelFactory):
    """A statement whose quote really is in its source's text.

    By default the source is created around the quote. Pass ``source=`` and an
    ``exact=`` that occurs in it once to anchor in an existing source.
    """

    class Meta:
        model = Statement
        exclude = ("anchor",)

    claim = factory.SubFactory(ClaimFactory)
    actor = factory.SubFactory(ActorFactory)
    exact = factory.Sequence(lambda n: f"We have said it {n} times and we will say it again.")
    source = factory.SubFactory(
        SourceFactory, text=factory.LazyAttribute(lambda o: _text_around(o.factory_parent.exact))
    )
    stance = Statement.Stance.ASSERTS
    mode = Statement.Mode.DIRECT
    cue = "said"
    anchor = factory.LazyAttribute(lambda o: anchoring.locate(o.source.text, o.exact))
    start = factory.SelfAttribute("anchor.start")
    end = factory.SelfAttribute("anchor.end")
    prefix = factory.SelfAttribute("anchor.prefix")
    suffix = factory.SelfAttribute("anchor.suffix")


class ClaimRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimRelation

    from_claim = factory.SubFactory(ClaimFactory)
    kind = ClaimRelation.Kind.CONTRADICTS
    to_claim = factory.SubFactory(ClaimFactory)


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence pointing at one of our sources, without a quote."""

    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    stance = Evidence.Stance.REFUTES
    source = factory.SubFactory(SourceFactory)
    note = factory.Faker("sentence")

    class Params:
        external = factory.Trait(
            source=None,
            url=factory.Sequence(lambda n: f"https://factcheck.example.net/{n}"),
            title=factory.Sequence(lambda n: f"External report {n}"),
        )


class RatingScaleFactory(factory.django.DjangoModelFactory):
    """A separate scale; most tests should use the migration's default instead."""

    class Meta:
        model = RatingScale

    name = factory.Sequence(lambda n: f"Scale {n}")
    slug = factory.Sequence(lambda n: f"scale-{n}")
    version = 1
    is_default = False


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    scale = factory.SubFactory(RatingScaleFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Rating {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.label))
    value = 1
    description = factory.Faker("sentence")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(default_rating)
    headline = factory.Faker("sentence", nb_words=8)
    conclusion = factory.Faker("sentence")
    explanation = factory.Faker("paragraph")
    author_name = factory.Faker("name")
    status = PublicationStatus.DRAFT

    class Params:
        published = factory.Trait(status=PublicationStatus.PUBLISHED)


def statement_in(source: Source, exact: str, **kwargs) -> Statement:
    """A statement quoting ``exact``, which must occur once in ``source.text``."""
    return StatementFactory(source=source, exact=exact, **kwargs)
