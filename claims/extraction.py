"""Statement candidates: extract them from a source, and the editor's decisions on them.

The pure extractor (``claims.domain.attribution``) proposes; these services
store the proposals and turn accepted ones into anchored statements. The
admin review screen, ``manage.py extract_statements`` and the API call them
and never write candidates or statements themselves.

Re-extraction keeps decisions: a candidate is recognised by its ``key`` (its
offsets, quote and speaker as first extracted). Accepted, rejected and edited
candidates are never touched again; pending ones are refreshed, and pending
ones the extractor no longer proposes (the text was corrected) are removed.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from claims.domain import anchoring, attribution
from claims.matching import claim_match_candidates
from claims.models import Actor, Claim, Source, Statement, StatementCandidate

PENDING = StatementCandidate.Status.PENDING
ACCEPTED = StatementCandidate.Status.ACCEPTED
REJECTED = StatementCandidate.Status.REJECTED

#: Matches stored with each candidate for the review screen.
MATCHES_PER_CANDIDATE = 5
#: A quote shorter than this (in words) is matched together with its sentence:
#: "Russia angrily denied the accusation." says nothing about which accusation.
SHORT_QUOTE_WORDS = 10


def actor_resolver() -> attribution.Resolver:
    """Names and aliases → a known actor, through ``Actor.objects.named``.

    Memoised for one extraction: an article names the same people many times.
    A name shared by two actors resolves to neither (the editor chooses).
    """

    @functools.cache
    def resolve(name: str) -> attribution.ActorRef | None:
        found = list(Actor.objects.named(name).only("pk", "name", "kind")[:2])
        if len(found) != 1:
            return None
        actor = found[0]
        return attribution.ActorRef(actor.pk, actor.name, actor.kind == Actor.Kind.PERSON)

    return resolve


def candidate_key(proposal: attribution.Attribution) -> str:
    raw = f"{proposal.start}:{proposal.end}:{proposal.speaker.key}:{proposal.exact}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def match_text(proposal: attribution.Attribution) -> str:
    """What the claim matcher reads for a proposal: the quote, and its sentence
    too when the quote is short."""
    if len(proposal.exact.split()) < SHORT_QUOTE_WORDS:
        return f"{proposal.exact} {proposal.context}"
    return proposal.exact


@dataclass
class ExtractionReport:
    source: Source
    created: list[StatementCandidate] = field(default_factory=list)
    refreshed: list[StatementCandidate] = field(default_factory=list)
    kept: list[StatementCandidate] = field(default_factory=list)  # decided or edited
    removed: int = 0
    boilerplate: list[attribution.Boilerplate] = field(default_factory=list)

    @property
    def candidates(self) -> list[StatementCandidate]:
        return sorted(self.created + self.refreshed + self.kept, key=lambda c: (c.start, c.pk))


def _fields(proposal: attribution.Attribution, matches: list[dict]) -> dict:
    speaker = proposal.speaker
    return {
        "start": proposal.start,
        "end": proposal.end,
        "exact": proposal.exact,
        "speaker_mention": speaker.mention[:300],
        "speaker_start": speaker.start if speaker.end > speaker.start else None,
        "speaker_end": speaker.end if speaker.end > speaker.start else None,
        "speaker_name": speaker.name[:200],
        "resolved_by": speaker.resolved_by,
        "actor_id": speaker.actor.id if speaker.actor else None,
        "cue": proposal.cue[:64],
        "stance": proposal.stance,
        "mode": proposal.mode,
        "pattern": proposal.pattern,
        "confidence": proposal.confidence,
        "context": proposal.context,
        "matches": matches,
    }


def candidate_as_dict(candidate: StatementCandidate) -> dict:
    """A candidate as plain data, for ``--json`` and the API."""
    return {
        "id": candidate.pk,
        "status": candidate.status,
        "speaker": {
            "mention": candidate.speaker_mention,
            "name": candidate.speaker_name,
            "actor": candidate.actor_id,
            "resolved_by": candidate.resolved_by,
            "new_actor": candidate.proposes_new_actor,
        },
        "cue": candidate.cue,
        "stance": candidate.stance,
        "mode": candidate.mode,
        "start": candidate.start,
        "end": candidate.end,
        "exact": candidate.exact,
        "pattern": candidate.pattern,
        "confidence": candidate.confidence,
        "matches": candidate.matches,
    }


@transaction.atomic
def statement_candidates_extract(*, source: Source, dry_run: bool = False) -> ExtractionReport:
    """Propose statement candidates from ``source.text`` and store them for review.

    Call again after the text changed, or the actors did: decisions are kept
    (see the module docstring). With ``dry_run`` nothing is written and the
    report's ``created`` holds unsaved candidates.
    """
    extraction = attribution.extract(source.text, actor_resolver())
    report = ExtractionReport(source=source, boilerplate=extraction.boilerplate)
    existing = {c.key: c for c in StatementCandidate.objects.filter(source=source)}
    seen = set()
    for proposal in extraction.attributions:
        key = candidate_key(proposal)
        if key in seen:
            continue
        seen.add(key)
        matches = [
            m.as_dict()
            for m in claim_match_candidates(text=match_text(proposal), limit=MATCHES_PER_CANDIDATE)
        ]
        fields = _fields(proposal, matches)
        candidate = existing.get(key)
        if candidate is not None and (candidate.status != PENDING or candidate.edited):
            report.kept.append(candidate)
            continue
        if candidate is None:
            candidate = StatementCandidate(source=source, key=key, **fields)
            report.created.append(candidate)
        else:
            for name, value in fields.items():
                setattr(candidate, name, value)
            report.refreshed.append(candidate)
        candidate.full_clean(validate_constraints=False)
        if not dry_run:
            candidate.save()
    stale = [
        c.pk
        for key, c in existing.items()
        if key not in seen and c.status == PENDING and not c.edited
    ]
    kept_ids = {c.pk for c in report.kept}
    report.kept += [
        c for key, c in existing.items() if key not in seen and c.pk not in stale + list(kept_ids)
    ]
    if stale and not dry_run:
        StatementCandidate.objects.filter(pk__in=stale).delete()
    report.removed = len(stale)
    return report


def _new_actor(name: str) -> Actor:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            {"actor": "Choose the speaker, or give the new actor's name."}, code="speaker_required"
        )
    existing = list(Actor.objects.named(name)[:2])
    if len(existing) == 1:
        return existing[0]
    base = slugify(name)[:180] or "actor"
    slug, n = base, 2
    while Actor.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    words = name.split()
    kind = Actor.Kind.PERSON if 2 <= len(words) <= 4 and name.istitle() else Actor.Kind.OTHER
    actor = Actor(name=name, slug=slug, kind=kind)
    actor.full_clean()
    actor.save()
    return actor


def _new_claim(text: str) -> Claim:
    text = " ".join(text.split())
    if not text:
        raise ValidationError(
            {"claim": "Choose a claim, or give the new claim's wording."}, code="claim_required"
        )
    existing = Claim.objects.filter(text__iexact=text).first()
    if existing is not None:
        return existing
    base = slugify(text)[:180] or "claim"
    slug, n = base, 2
    while Claim.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    claim = Claim(text=text, slug=slug)
    claim.full_clean()
    claim.save()
    return claim


def statement_candidate_accept_check(*, candidate: StatementCandidate) -> None:
    """Raise ``ValidationError`` unless ``candidate`` may be accepted now."""
    if candidate.status != PENDING:
        raise ValidationError(
            "This candidate was already %(status)s.",
            code="candidate_decided",
            params={"status": candidate.get_status_display().lower()},
        )


@transaction.atomic
def statement_candidate_accept(
    *,
    candidate: StatementCandidate,
    claim: Claim | None = None,
    new_claim_text: str = "",
    actor: Actor | None = None,
    new_actor_name: str = "",
    user=None,
) -> Statement:
    """Accept ``candidate`` into ``claim`` (or a new claim worded ``new_claim_text``)
    as a statement of ``actor`` (default: the proposed actor, or a new actor named
    ``new_actor_name`` or the proposed name). Returns the anchored statement.

    Everything is validated (``full_clean``) before it is saved, and all of it
    is one transaction: a refused statement leaves no new actor or claim.
    """
    candidate = StatementCandidate.objects.select_for_update().get(pk=candidate.pk)
    statement_candidate_accept_check(candidate=candidate)
    if actor is None:
        actor = candidate.actor
    if actor is None:
        if not new_actor_name and candidate.resolved_by == "unresolved":
            raise ValidationError(
                {"actor": "The speaker could not be identified: choose one."},
                code="speaker_required",
            )
        actor = _new_actor(new_actor_name or candidate.speaker_name)
    if claim is None:
        claim = _new_claim(new_claim_text)
    statement = Statement(
        claim=claim,
        actor=actor,
        source=candidate.source,
        stance=candidate.stance,
        mode=candidate.mode,
        cue=candidate.cue,
        start=candidate.start,
        end=candidate.end,
        exact=candidate.exact,
    )
    existing = Statement.objects.filter(
        claim=claim, actor=actor, source=candidate.source, start=candidate.start, end=candidate.end
    ).first()
    if existing is None:
        statement.full_clean()
        statement.save()
    else:
        statement = existing  # already recorded by hand: accepting links to it
    candidate.status = ACCEPTED
    candidate.claim, candidate.statement, candidate.actor = claim, statement, actor
    candidate.reviewed_by, candidate.reviewed_at = user, timezone.now()
    candidate.save()
    return statement


def statement_candidate_reject(*, candidate: StatementCandidate, user=None) -> StatementCandidate:
    """Record that ``candidate`` is not a statement worth keeping."""
    statement_candidate_accept_check(candidate=candidate)
    candidate.status = REJECTED
    candidate.reviewed_by, candidate.reviewed_at = user, timezone.now()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    return candidate


def _relocate(text: str, exact: str, near: int) -> anchoring.Anchor:
    """The occurrence of ``exact`` nearest to offset ``near``."""
    try:
        return anchoring.locate(text, exact)
    except anchoring.QuoteAmbiguous as error:
        start = min(error.starts, key=lambda s: abs(s - near))
        # Locate again in a window starting there, for the end offset in the
        # source's own characters (the match tolerates quote and dash variants).
        found = anchoring.locate(text[start : start + len(exact) * 2 + 16], exact)
        return anchoring.selector(text, start + found.start, start + found.end)


@transaction.atomic
def statement_candidate_update(
    *,
    candidate: StatementCandidate,
    exact: str | None = None,
    actor: Actor | None = None,
    speaker_name: str | None = None,
    stance: str | None = None,
) -> StatementCandidate:
    """Edit a pending candidate before deciding: its quote (found again in the
    source, nearest to where it was), speaker or stance. Marks it edited, so
    re-extraction leaves it alone."""
    statement_candidate_accept_check(candidate=candidate)
    if exact is not None and exact.strip() and exact.strip() != candidate.exact:
        try:
            anchor = _relocate(candidate.source.text, exact.strip(), candidate.start)
        except anchoring.AnchoringError as error:
            raise ValidationError({"exact": str(error)}, code="quote_not_found") from error
        candidate.start, candidate.end, candidate.exact = anchor.start, anchor.end, anchor.exact
    if actor is not None:
        candidate.actor = actor
        candidate.speaker_name = actor.name
        candidate.resolved_by = "editor"
    elif speaker_name is not None and speaker_name.strip():
        candidate.actor = None
        candidate.speaker_name = speaker_name.strip()[:200]
        candidate.resolved_by = "new"
    if stance is not None:
        candidate.stance = stance
    candidate.edited = True
    candidate.full_clean()
    candidate.save()
    return candidate
