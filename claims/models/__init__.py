"""ClaimTrack's data model, one module per thing it owns.

Import models from here (``from claims.models import Claim``); the split into
modules is for reading, not for callers.
"""

from claims.models.actors import Actor, ActorAlias
from claims.models.candidates import StatementCandidate
from claims.models.claims import Claim, ClaimRelation
from claims.models.common import PublicationStatus
from claims.models.evidence import Evidence
from claims.models.sources import Source
from claims.models.statements import Statement
from claims.models.topics import Topic
from claims.models.verdicts import Correction, Rating, RatingScale, Review

__all__ = [
    "Actor",
    "ActorAlias",
    "Claim",
    "ClaimRelation",
    "Correction",
    "Evidence",
    "PublicationStatus",
    "Rating",
    "RatingScale",
    "Review",
    "Source",
    "Statement",
    "StatementCandidate",
    "Topic",
]
