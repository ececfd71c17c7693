"""Read and write serializers, separate for each resource.

*Read* serializers (``<Model>ReadSerializer``, and a ``<Model>DetailSerializer``
where the single object nests more than a list row) only print: references are
slugs (ids for statements, relations, evidence, reviews and ratings), with a
name or title beside them where a client would otherwise need another request.

*Write* serializers (``<Model>WriteSerializer``) take the same field names and
run the model's own validation before anything is written
(:class:`ModelWriteSerializer`, ``validation.validate_model``): the quote
anchoring, the constraints and the uniqueness checks are the admin's, by the
same code. Unknown fields are refused (a typo must not be silently dropped);
fields the read representation has but a write cannot set (``id``,
``created_at``...) are accepted and ignored, so a client may send back what it
read.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from django.db import models, transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator, UniqueValidator

from claims import services
from claims.api.representation import representation
from claims.api.validation import validate_model
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Correction,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.models.actors import normalise_name

#: Rows shown on a claim's page: editing one edits that claim (services.claim_part_edit_check).
CLAIM_PARTS = (Statement, Evidence, ClaimRelation)

CODE_POINTS = (
    "Offsets count Unicode code points (Python string indexes), not UTF-16 code units as "
    "JavaScript and the DOM do: convert around characters outside the Basic Multilingual "
    "Plane, such as most emoji."
)
QUOTE_HELP = {
    "start": "Offset of the quote's first character in the source's text. " + CODE_POINTS,
    "end": "Offset just after the quote's last character (end - start = length of exact). "
    + CODE_POINTS,
    "exact": "The quote exactly as the source's text has it. Give the quote alone and its "
    "offsets are found (curly or straight quotes, dashes and runs of white space need not "
    "match); give the offsets alone and the quote is filled in; give both and they must agree.",
    "prefix": "Up to 32 characters just before the quote, to tell apart a quote that occurs "
    "more than once.",
    "suffix": "Up to 32 characters just after the quote.",
}
QUOTE_FIELDS = ("exact", "start", "end", "prefix", "suffix")


class SlugReference(serializers.SlugRelatedField):
    """A reference by slug. A value no slug can be (not a string, a NUL character, which
    PostgreSQL cannot even compare) is refused before it reaches the database."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def slug_of(model, **kwargs) -> SlugReference:
    """A writable reference to ``model`` by slug; a missing slug is a 400 on the field."""
    return SlugReference(slug_field="slug", queryset=model.objects.all(), **kwargs)


def slug_read(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


# =========================================================================== base


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "uri"}, {"type": "string", "enum": [""]}]}
)
class BlankableURLField(serializers.URLField):
    """A URL, or the empty string when none is given (every URL in the model may be blank)."""


class BaseModelSerializer(serializers.ModelSerializer):
    """Blank-able URL fields are documented as such (a URL or ""); fields built once.

    DRF's ``ModelSerializer`` builds its fields from the model (field classes,
    arguments, uniqueness validators) every time a serializer is made: a claim's
    detail makes six, and building them was three quarters of its serialisation.
    What it builds depends on the class alone, so it is built once per class and
    each serializer gets its own copies, as DRF gives it its declared fields.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: BlankableURLField,
    }

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_fields_built")
        if built is None:
            built = super().get_fields()
            cls._fields_built = built
        return copy.deepcopy(built)


class ModelWriteSerializer(BaseModelSerializer):
    """Validates with the model's ``full_clean()``; saves only what passed.

    ``validate()`` applies the input to a copy of the row (or a new one) and
    runs ``validation.validate_model`` on it; the values ``full_clean`` fills in
    (a quote's offsets and context, a source's text hash) are then part of
    ``validated_data``, so ``create``/``update`` save exactly what was checked.
    """

    #: Model fields ``full_clean()`` may fill in; saved with the row.
    derived_fields: tuple[str, ...] = ()
    #: The read serializer whose field names a client may send back (ignored).
    read_serializer: type[serializers.Serializer] | None = None
    #: Model fields this serializer does not set (a nested row's parent): not validated.
    unvalidated_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        if "status" in fields:
            # Archiving is DELETE's business (services.editorial_delete), not a status to send.
            fields["status"] = serializers.ChoiceField(
                choices=[
                    c for c in PublicationStatus.choices if c[0] != PublicationStatus.ARCHIVED
                ],
                required=False,
                help_text="draft, in_review or published; changing it is a workflow step that "
                "needs the role's permission (docs/api.md).",
            )
        # Uniqueness is validate_model's: a duplicate is a 409, not DRF's 400.
        for field in fields.values():
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        return fields

    def get_validators(self):
        return [v for v in super().get_validators() if not isinstance(v, UniqueTogetherValidator)]

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            known = set(self.fields)
            if self.read_serializer is not None:
                known |= set(self.read_serializer().fields)
            unknown = sorted(str(name) for name in data if name not in known)
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field: this resource has no such field."] for name in unknown}
                )
        return super().to_internal_value(data)

    def model_attrs(self, attrs: dict) -> dict:
        """The input that goes onto the row itself (not many-to-many, not nested)."""
        concrete = {f.name for f in self.Meta.model._meta.concrete_fields}
        return {name: value for name, value in attrs.items() if name in concrete}

    def validation_exclusions(self) -> set[str]:
        """Model fields this serializer does not write are not validated, as in a
        ``ModelForm``: the admin's rule. (``Claim.save()`` stamps ``published_at`` on
        publication; validating the constraint that needs it first would refuse it.)"""
        writable = {name for name, field in self.fields.items() if not field.read_only}
        model_fields = {f.name for f in self.Meta.model._meta.concrete_fields}
        return (model_fields - writable) | set(self.unvalidated_fields)

    def prepare(self, instance, attrs: dict) -> None:
        """Adjust the row before validation (hook); ``attrs`` are already applied."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        request = self.context.get("request")
        if self.instance is not None and hasattr(self.Meta.model, "status") and request:
            services.edit_check(user=request.user, instance=self.instance)
        if "status" in attrs and "status" in self.Meta.fields:
            # The workflow's rule (services.workflow_check): editing a row does not
            # entitle a user to publish it. Raises a domain error: a 403 or a 409.
            request = self.context.get("request")
            services.workflow_check(
                user=getattr(request, "user", None) if request is not None else None,
                model=self.Meta.model,
                current=self.instance.status if self.instance is not None else None,
                to=attrs["status"],
                instance=self.instance,
            )
        plain = self.model_attrs(attrs)
        row = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in plain.items():
            setattr(row, name, value)
        self.prepare(row, plain)
        if request is not None and self.Meta.model in CLAIM_PARTS:
            services.claim_part_edit_check(user=request.user, instance=row)
        validate_model(row, exclude=self.validation_exclusions())
        for name in (*plain, *self.derived_fields):
            attrs[name] = getattr(row, name)
        return attrs


class AnchoredQuoteWriteMixin:
    """Quote fields for statements and evidence: the anchoring input rules.

    On an update, sending any of ``exact``/``start``/``end`` replaces the whole
    selector: the quote fields not sent are cleared, so that the anchoring rules
    apply to what was sent (a new quote alone is looked up again; new offsets
    alone take the text found there). A new ``source`` alone keeps the quote
    and looks it up in the new source's text.
    """

    derived_fields = ("start", "end", "exact", "prefix", "suffix", "anchor_status")

    def prepare(self, instance, attrs):
        if self.instance is None:
            return
        touched = {"exact", "start", "end"} & attrs.keys()
        moved = "source" in attrs and attrs["source"] != self.instance.source
        if not touched and not moved:
            return
        for name in QUOTE_FIELDS:
            if name in attrs or (not touched and name == "exact"):
                continue
            setattr(instance, name, None if name in ("start", "end") else "")


def _quote_extra_kwargs() -> dict:
    return {name: {"help_text": text} for name, text in QUOTE_HELP.items()}


# =========================================================================== topics


class TopicReadSerializer(BaseModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "created_at", "updated_at"]
        read_only_fields = fields


class TopicWriteSerializer(ModelWriteSerializer):
    read_serializer = TopicReadSerializer

    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


# =========================================================================== actors


class ActorReadSerializer(BaseModelSerializer):
    affiliation = slug_read(
        allow_null=True, help_text="Slug of the actor this one belongs to or speaks for."
    )
    aliases = serializers.SerializerMethodField(help_text="Other names of this actor.")

    class Meta:
        model = Actor
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "role",
            "description",
            "affiliation",
            "country",
            "same_as",
            "url",
            "aliases",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, actor) -> list[str]:
        return [alias.name for alias in actor.aliases.all()]


class ActorWriteSerializer(ModelWriteSerializer):
    read_serializer = ActorReadSerializer
    affiliation = slug_of(
        Actor,
        allow_null=True,
        required=False,
        help_text="Slug of the actor this one belongs to or speaks for.",
    )
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="Every other name of the actor; replaces the stored list when given.",
    )

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name",
            "kind",
            "role",
            "description",
            "affiliation",
            "country",
            "same_as",
            "url",
            "aliases",
        ]

    def validate_aliases(self, aliases: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for alias in aliases:
            folded = normalise_name(alias)
            if not folded:
                raise serializers.ValidationError("An alias cannot be blank.")
            if folded in seen:
                raise serializers.ValidationError(
                    f"{alias!r} and {seen[folded]!r} are the same name (case, accents and "
                    "spacing do not count)."
                )
            seen[folded] = alias
        return aliases

    @transaction.atomic
    def create(self, validated_data):
        aliases = validated_data.pop("aliases", [])
        actor = super().create(validated_data)
        self._set_aliases(actor, aliases)
        return actor

    @transaction.atomic
    def update(self, instance, validated_data):
        aliases = validated_data.pop("aliases", None)
        actor = super().update(instance, validated_data)
        if aliases is not None:
            self._set_aliases(actor, aliases)
        return actor

    @staticmethod
    def _set_aliases(actor: Actor, names: list[str]) -> None:
        wanted = {normalise_name(name): name for name in names}
        for alias in actor.aliases.all():
            if alias.normalised not in wanted:
                alias.delete()
            elif alias.name != wanted[alias.normalised]:
                alias.name = wanted[alias.normalised]
                alias.save()
        kept = set(actor.aliases.values_list("normalised", flat=True))
        for folded, name in wanted.items():
            if folded not in kept:
                alias = ActorAlias(actor=actor, name=name)
                alias.full_clean()
                alias.save()


# =========================================================================== sources


class SourceReadSerializer(BaseModelSerializer):
    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "title",
            "publisher",
            "url",
            "published_on",
            "date_precision",
            "language",
            "kind",
            "url_only",
            "text_hash",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SourceDetailSerializer(SourceReadSerializer):
    text_length = serializers.SerializerMethodField(
        help_text="Length of the text in Unicode code points: the upper bound of quote offsets."
    )

    class Meta(SourceReadSerializer.Meta):
        fields = [*SourceReadSerializer.Meta.fields, "text", "text_length"]
        read_only_fields = fields
        extra_kwargs = {
            "text": {"help_text": "The full text quotes are anchored in. " + CODE_POINTS}
        }

    def get_text_length(self, source) -> int:
        return len(source.text)


class SourceWriteSerializer(ModelWriteSerializer):
    """A corrected text goes through ``services.source_update_text``, which re-anchors
    every quote in it (or marks it lost), as the admin does."""

    read_serializer = SourceDetailSerializer
    derived_fields = ("text_hash",)

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "publisher",
            "url",
            "published_on",
            "date_precision",
            "language",
            "kind",
            "url_only",
            "text",
        ]

    @transaction.atomic
    def update(self, instance, validated_data):
        text = validated_data.pop("text", instance.text)
        validated_data.pop("text_hash", None)
        if text == instance.text:
            return super().update(instance, validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        services.source_update_text(source=instance, text=text)
        return instance


# =========================================================================== statements


class StatementReadSerializer(BaseModelSerializer):
    claim = slug_read()
    actor = slug_read()
    actor_name = serializers.CharField(source="actor.name", read_only=True)
    source = slug_read()
    source_title = serializers.CharField(source="source.title", read_only=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "claim",
            "actor",
            "actor_name",
            "source",
            "source_title",
            "stance",
            "mode",
            "cue",
            "said_on",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "anchor_status",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = _quote_extra_kwargs()


class StatementInClaimSerializer(StatementReadSerializer):
    class Meta(StatementReadSerializer.Meta):
        fields = [f for f in StatementReadSerializer.Meta.fields if f != "claim"]
        read_only_fields = fields


class StatementWriteSerializer(AnchoredQuoteWriteMixin, ModelWriteSerializer):
    """A statement; its claim's first/last-seen dates are refreshed after each write."""

    read_serializer = StatementReadSerializer
    claim = slug_of(Claim)
    actor = slug_of(Actor)
    source = slug_of(Source)

    class Meta:
        model = Statement
        fields = [
            "claim",
            "actor",
            "source",
            "stance",
            "mode",
            "cue",
            "said_on",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "note",
        ]
        extra_kwargs = _quote_extra_kwargs()


class StatementInClaimWriteSerializer(StatementWriteSerializer):
    unvalidated_fields = ("claim",)

    class Meta(StatementWriteSerializer.Meta):
        fields = [f for f in StatementWriteSerializer.Meta.fields if f != "claim"]


# =========================================================================== relations


class RelationReadSerializer(BaseModelSerializer):
    from_claim = slug_read()
    to_claim = slug_read()

    class Meta:
        model = ClaimRelation
        fields = ["id", "from_claim", "kind", "to_claim", "note", "created_at", "updated_at"]
        read_only_fields = fields


class RelationInClaimSerializer(serializers.Serializer):
    """A relation seen from the claim it is nested in, whichever end that is."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=ClaimRelation.Kind.choices, read_only=True)
    direction = serializers.ChoiceField(
        choices=[("from", "from"), ("to", "to")],
        read_only=True,
        help_text='"from": this claim is the relation\'s from_claim; "to": its to_claim.',
    )
    label = serializers.CharField(
        read_only=True, help_text='How this claim relates to the other: "is supported by".'
    )
    claim = serializers.CharField(read_only=True, help_text="Slug of the other claim.")
    claim_text = serializers.CharField(read_only=True, help_text="The other claim's wording.")
    note = serializers.CharField(read_only=True)


class RelationWriteSerializer(ModelWriteSerializer):
    read_serializer = RelationReadSerializer
    from_claim = slug_of(Claim)
    to_claim = slug_of(Claim)

    class Meta:
        model = ClaimRelation
        fields = ["from_claim", "kind", "to_claim", "note"]


class RelationInClaimWriteSerializer(RelationWriteSerializer):
    """A relation from a claim created in the same request to an existing claim."""

    unvalidated_fields = ("from_claim",)

    class Meta(RelationWriteSerializer.Meta):
        fields = ["kind", "to_claim", "note"]


# =========================================================================== evidence


class EvidenceReadSerializer(BaseModelSerializer):
    claim = slug_read()
    source = slug_read(allow_null=True, help_text="Slug of one of our sources, or null.")
    source_title = serializers.CharField(source="source.title", read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "stance",
            "source",
            "source_title",
            "url",
            "title",
            "note",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "anchor_status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = _quote_extra_kwargs()


class EvidenceInClaimSerializer(EvidenceReadSerializer):
    class Meta(EvidenceReadSerializer.Meta):
        fields = [f for f in EvidenceReadSerializer.Meta.fields if f != "claim"]
        read_only_fields = fields


class EvidenceWriteSerializer(AnchoredQuoteWriteMixin, ModelWriteSerializer):
    read_serializer = EvidenceReadSerializer
    claim = slug_of(Claim)
    source = slug_of(
        Source,
        allow_null=True,
        required=False,
        help_text="Slug of one of our sources; or null, with an external url and title.",
    )

    class Meta:
        model = Evidence
        fields = [
            "claim",
            "stance",
            "source",
            "url",
            "title",
            "note",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
        ]
        extra_kwargs = _quote_extra_kwargs()


class EvidenceInClaimWriteSerializer(EvidenceWriteSerializer):
    unvalidated_fields = ("claim",)

    class Meta(EvidenceWriteSerializer.Meta):
        fields = [f for f in EvidenceWriteSerializer.Meta.fields if f != "claim"]


# =========================================================================== ratings


class RatingScaleSerializer(BaseModelSerializer):
    class Meta:
        model = RatingScale
        fields = ["slug", "name", "version", "is_default"]
        read_only_fields = fields


class RatingReadSerializer(BaseModelSerializer):
    scale = RatingScaleSerializer(read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "slug", "label", "value", "position", "description", "scale"]
        read_only_fields = fields


class RatingSummarySerializer(BaseModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "slug", "label", "value"]
        read_only_fields = fields


# =========================================================================== reviews


REVIEWER_HELP = (
    "For another fact-checker's verdict (imported from its ClaimReview): the slug of that "
    "fact-checker, an actor; null for the desk's own verdicts, which have no url either."
)


class ReviewReadSerializer(BaseModelSerializer):
    claim = slug_read()
    rating = RatingSummarySerializer(read_only=True)
    reviewer = slug_read(allow_null=True, help_text=REVIEWER_HELP)

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "rating",
            "headline",
            "conclusion",
            "explanation",
            "author_name",
            "status",
            "published_at",
            "reviewer",
            "url",
            "original_rating",
            "language",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReviewInClaimSerializer(ReviewReadSerializer):
    class Meta(ReviewReadSerializer.Meta):
        fields = [f for f in ReviewReadSerializer.Meta.fields if f != "claim"]
        read_only_fields = fields


class ReviewWriteSerializer(ModelWriteSerializer):
    """A verdict. Its author is the requesting user, as in the admin."""

    read_serializer = ReviewReadSerializer
    claim = slug_of(Claim)
    rating = serializers.PrimaryKeyRelatedField(
        queryset=Rating.objects.all(), help_text="Id of the rating (see /api/v1/ratings/)."
    )
    reviewer = slug_of(Actor, allow_null=True, required=False, help_text=REVIEWER_HELP)

    class Meta:
        model = Review
        fields = [
            "claim",
            "rating",
            "headline",
            "conclusion",
            "explanation",
            "author_name",
            "status",
            "reviewer",
            "url",
            "original_rating",
            "language",
        ]

    def to_internal_value(self, data):
        # A client sending back what it read has the rating as an object.
        if isinstance(data, Mapping) and isinstance(data.get("rating"), Mapping):
            data = {**data, "rating": data["rating"].get("id")}
        return super().to_internal_value(data)

    def create(self, validated_data):
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            validated_data.setdefault("author", request.user)
        return super().create(validated_data)


class ReviewInClaimWriteSerializer(ReviewWriteSerializer):
    unvalidated_fields = ("claim",)

    class Meta(ReviewWriteSerializer.Meta):
        fields = [f for f in ReviewWriteSerializer.Meta.fields if f != "claim"]


# =========================================================================== claims


class ClaimReadSerializer(BaseModelSerializer):
    topics = slug_read(many=True, help_text="Slugs of the claim's topics.")
    current_verdict = serializers.SerializerMethodField(
        help_text="The newest published verdict, or null when there is none."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "slug",
            "text",
            "context",
            "status",
            "published_at",
            "first_seen",
            "last_seen",
            "topics",
            "current_verdict",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ReviewInClaimSerializer(allow_null=True))
    def get_current_verdict(self, claim):
        verdicts = getattr(claim, "verdicts", None)
        if verdicts is None:
            verdicts = list(claim.reviews.filter(status="published").order_by("-published_at"))
        return representation(ReviewInClaimSerializer, verdicts[0]) if verdicts else None


class ClaimDetailSerializer(ClaimReadSerializer):
    """A claim with its statements, relations, evidence and verdicts, in one response."""

    statements = StatementInClaimSerializer(source="api_statements", many=True, read_only=True)
    relations = serializers.SerializerMethodField()
    evidence = EvidenceInClaimSerializer(source="api_evidence", many=True, read_only=True)
    reviews = ReviewInClaimSerializer(
        source="api_reviews",
        many=True,
        read_only=True,
        help_text="Verdicts, newest first (the public sees published ones only).",
    )

    class Meta(ClaimReadSerializer.Meta):
        fields = [
            *ClaimReadSerializer.Meta.fields,
            "statements",
            "relations",
            "evidence",
            "reviews",
        ]
        read_only_fields = fields

    @extend_schema_field(RelationInClaimSerializer(many=True))
    def get_relations(self, claim) -> list[dict]:
        rows = [(relation, "from", relation.to_claim) for relation in claim.api_relations_from]
        rows += [(relation, "to", relation.from_claim) for relation in claim.api_relations_to]
        rows.sort(key=lambda row: (row[0].kind, row[0].pk))
        return [
            {
                "id": relation.pk,
                "kind": relation.kind,
                "direction": direction,
                "label": relation.label_from(claim),
                "claim": other.slug,
                "claim_text": other.text,
                "note": relation.note,
            }
            for relation, direction, other in rows
        ]


class ClaimWriteSerializer(ModelWriteSerializer):
    read_serializer = ClaimDetailSerializer
    topics = slug_of(Topic, many=True, required=False, help_text="Slugs of the claim's topics.")

    class Meta:
        model = Claim
        fields = ["slug", "text", "context", "status", "topics"]


class ClaimCreateSerializer(ClaimWriteSerializer):
    """A new claim, optionally with its statements, evidence, relations and verdicts,
    all written in one transaction: all of them or none."""

    statements = StatementInClaimWriteSerializer(many=True, required=False)
    evidence = EvidenceInClaimWriteSerializer(many=True, required=False)
    relations = RelationInClaimWriteSerializer(
        many=True, required=False, help_text="Relations from this claim to existing claims."
    )
    reviews = ReviewInClaimWriteSerializer(many=True, required=False)

    NESTED = ("statements", "evidence", "relations", "reviews")

    class Meta(ClaimWriteSerializer.Meta):
        fields = [
            *ClaimWriteSerializer.Meta.fields,
            "statements",
            "evidence",
            "relations",
            "reviews",
        ]

    @transaction.atomic
    def create(self, validated_data):
        nested = {name: validated_data.pop(name, []) for name in self.NESTED}
        claim = super().create(validated_data)
        author = getattr(self.context.get("request"), "user", None)
        for attrs in nested["statements"]:
            Statement.objects.create(claim=claim, **attrs)
        for attrs in nested["evidence"]:
            Evidence.objects.create(claim=claim, **attrs)
        for attrs in nested["relations"]:
            ClaimRelation.objects.create(from_claim=claim, **attrs)
        for attrs in nested["reviews"]:
            if author is not None and author.is_authenticated:
                attrs.setdefault("author", author)
            Review.objects.create(claim=claim, **attrs)
        if nested["statements"]:  # their dates, which the statements' signal stored
            claim.refresh_from_db(fields=["first_seen", "last_seen"])
        return claim


# =========================================================================== corrections


class CorrectionWriteSerializer(serializers.Serializer):
    """A correction, update or retraction: the reason, and the verdict's new wording."""

    kind = serializers.ChoiceField(choices=Correction.Kind.choices)
    reason = serializers.CharField(help_text="What changed and why, for readers.")
    rating = serializers.PrimaryKeyRelatedField(
        queryset=Rating.objects.all(), required=False, help_text="The new rating's id."
    )
    headline = serializers.CharField(max_length=200, required=False)
    conclusion = serializers.CharField(required=False)
    explanation = serializers.CharField(required=False)


class CorrectionReadSerializer(BaseModelSerializer):
    previous_rating = RatingSummarySerializer(read_only=True)

    class Meta:
        model = Correction
        fields = [
            "id",
            "review",
            "kind",
            "reason",
            "made_at",
            "previous_rating",
            "previous_headline",
            "previous_conclusion",
        ]
        read_only_fields = fields


# =========================================================================== history


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The model field that changed.")
    old = serializers.JSONField(allow_null=True, help_text="Its value before.")
    new = serializers.JSONField(allow_null=True, help_text="Its value after.")


class HistoryEntrySerializer(serializers.Serializer):
    """One version of a row in its editorial history (read-only)."""

    history_id = serializers.IntegerField()
    date = serializers.DateTimeField(help_text="When the change was saved.")
    type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    user = serializers.CharField(
        allow_null=True,
        help_text="Who saved it: only for users who may see unpublished data; null otherwise "
        "and for changes made by commands or imports.",
    )
    changes = HistoryChangeSerializer(
        many=True, help_text="Fields changed from the previous version (none when created)."
    )


# =========================================================================== errors (schema)


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documentation only)."""

    message = serializers.CharField(help_text="What went wrong, for a person.")
    code = serializers.CharField(
        help_text="Machine-readable: invalid, conflict, protected, not_found, "
        "precondition_failed, unsupported_media_type, request_too_large, not_authenticated, "
        "authentication_failed, permission_denied, method_not_allowed, throttled, parse_error."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The inputs at fault: body fields (nested ones as dotted paths such as "
        "statements.0.exact), query parameters or headers (If-Match, Content-Type), each "
        "with its problems. Empty when no single input is at fault.",
    )


# =========================================================================== ClaimReview (schema)
# ClaimReview items are rendered by claims.domain.claimreview, not by these
# serializers: they only describe that output in the OpenAPI schema. Their keys
# ("@type", "sameAs") are not Python names, hence get_fields().


def _type_field(*types: str) -> serializers.CharField:
    # A plain string enum, not a ChoiceField: an enum component would be named
    # after the field ("@type"), which is no valid component name.
    @extend_schema_field({"type": "string", "enum": list(types), "description": "JSON-LD type."})
    class JsonLdTypeField(serializers.CharField):
        pass

    return JsonLdTypeField()


class ClaimReviewPartySerializer(serializers.Serializer):
    def get_fields(self):
        return {
            "@type": _type_field("Person", "Organization"),
            "name": serializers.CharField(),
            "sameAs": serializers.URLField(required=False),
            "url": serializers.URLField(required=False),
        }


class ClaimReviewOrganizationSerializer(serializers.Serializer):
    def get_fields(self):
        return {"@type": _type_field("Organization"), "name": serializers.CharField()}


class ClaimReviewAppearanceSerializer(serializers.Serializer):
    def get_fields(self):
        return {
            "@type": _type_field("CreativeWork"),
            "url": serializers.URLField(),
            "headline": serializers.CharField(required=False),
            "datePublished": serializers.CharField(required=False, help_text="ISO 8601 date."),
            "publisher": ClaimReviewOrganizationSerializer(required=False),
        }


class ClaimReviewClaimSerializer(serializers.Serializer):
    def get_fields(self):
        return {
            "@type": _type_field("Claim"),
            "author": ClaimReviewPartySerializer(required=False),
            "datePublished": serializers.CharField(required=False, help_text="ISO 8601 date."),
            "appearance": ClaimReviewAppearanceSerializer(many=True, required=False),
            "firstAppearance": ClaimReviewAppearanceSerializer(required=False),
        }


class ClaimReviewRatingSerializer(serializers.Serializer):
    def get_fields(self):
        return {
            "@type": _type_field("Rating"),
            "alternateName": serializers.CharField(help_text="The rating's label."),
            "ratingValue": serializers.IntegerField(
                required=False, help_text="Absent for ratings off the numeric scale."
            ),
            "bestRating": serializers.IntegerField(required=False),
            "worstRating": serializers.IntegerField(required=False),
        }


class ClaimReviewSerializer(serializers.Serializer):
    """A schema.org ClaimReview, as the claim's public page embeds it."""

    def get_fields(self):
        return {
            "@context": _type_field("https://schema.org"),
            "@type": _type_field("ClaimReview"),
            "url": serializers.URLField(help_text="The claim's public page."),
            "claimReviewed": serializers.CharField(),
            "itemReviewed": ClaimReviewClaimSerializer(),
            "author": ClaimReviewPartySerializer(),
            "datePublished": serializers.CharField(help_text="ISO 8601 date."),
            "reviewRating": ClaimReviewRatingSerializer(),
            "inLanguage": serializers.CharField(),
            "headline": serializers.CharField(required=False),
            "publisher": ClaimReviewPartySerializer(required=False),
            "dateModified": serializers.CharField(required=False, help_text="ISO 8601 date."),
        }
