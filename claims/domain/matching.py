"""Scoring how likely a piece of text repeats (or denies) an existing claim.

Two stages, split by what each is good at. PostgreSQL full-text search finds
the *recall* set cheaply: every claim sharing at least one significant word
with the text (an OR query of the lexemes from :func:`query_terms`). Then
:func:`score` re-ranks that short list here, in Python, for *precision*:

- a bag-of-words cosine over light-stemmed content words, weighted by inverse
  document frequency within the recall set, so "troops" (everywhere in this
  corpus) counts less than "genocide";
- RapidFuzz's token-set ratio on the same normalised words, which rewards a
  claim whose wording is contained in the quote whatever the words around it;
- the best of those over the claim's canonical wording and the quotes of its
  existing statements: a new article often repeats an old quote's words more
  closely than the editor's canonical sentence.

Pure Python (RapidFuzz is a compiled wheel from PyPI with no model download).
Whether a match *repeats* or *contradicts* the claim is not decided here: the
candidate's stance says which (see ``claims.matching``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz


def _words(text: str) -> frozenset[str]:
    """A word list written as prose (one word per line would bury the rules)."""
    return frozenset(text.split())


#: Weight of the cosine against the fuzzy ratio in the final score.
COSINE_WEIGHT = 0.65
#: Quotes of a claim's statements count a little less than its own wording,
#: and its context (the editor's background note) less again.
QUOTE_WEIGHT = 0.9
CONTEXT_WEIGHT = 0.75

STOPWORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say saying told according claimed claims claim stated
    would could also one two its it's mr ms mrs per via
    """
)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Spelling variants that should not keep two wordings apart.
_VARIANTS = {
    "donbass": "donbas",
    "kiev": "kyiv",
    "sergei": "sergey",
    "recognise": "recognize",
    "recognising": "recognizing",
    "recognised": "recognized",
    "defence": "defense",
    "false-flag": "false flag",
}


def fold(text: str) -> str:
    """Lower case without accents; curly quotes and dashes as their plain forms."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return plain.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-"}))


def stem(word: str) -> str:
    """A light English suffix stripper: enough to make "invading"/"invasion"
    /"invade" or "troops"/"troop" meet, not a linguist's stemmer."""
    word = _VARIANTS.get(word, word)
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, replacement in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("isation", "ize"),
        ("iveness", "ive"),
        ("fulness", "ful"),
        ("ousness", "ous"),
        ("ically", "ic"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("ments", "ment"),
        ("sion", "de"),
        ("ing", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The significant words of ``text``: folded, without stop words, stemmed."""
    folded = fold(text)
    for variant, canonical in _VARIANTS.items():
        if "-" in variant:
            folded = folded.replace(variant, canonical)
    return [stem(w) for w in _TOKEN.findall(folded) if w not in STOPWORDS and len(w) > 1]


def query_terms(text: str, *, limit: int = 40) -> list[str]:
    """Plain words for an OR full-text query: letters and digits only, so they are
    safe inside ``to_tsquery`` whatever the input (PostgreSQL stems them itself)."""
    seen: dict[str, None] = {}
    for w in _TOKEN.findall(fold(text)):
        w = w.split("'")[0]
        if w not in STOPWORDS and len(w) > 2 and w.isalnum():
            seen.setdefault(w, None)
    return list(seen)[:limit]


def tsquery(text: str) -> str:
    """``to_tsquery`` input: the query terms joined with ``|`` (any of them)."""
    return " | ".join(query_terms(text))


@dataclass(frozen=True)
class Candidate:
    """A claim as the scorer sees it: an id, its wording, its statements' quotes."""

    id: object
    text: str
    quotes: Sequence[str] = ()
    context: str = ""


@dataclass(frozen=True)
class Scored:
    id: object
    score: float
    cosine: float
    fuzzy: float
    via: str  # "wording", "quote" or "context": which text of the claim matched best


def _idf(documents: Iterable[Counter]) -> dict[str, float]:
    documents = list(documents)
    counts: Counter = Counter()
    for doc in documents:
        counts.update(doc.keys())
    n = len(documents)
    return {w: math.log((n + 1) / (c + 0.5)) + 1 for w, c in counts.items()}


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    shared = set(a) & set(b)
    if not shared:
        return 0.0
    dot = sum(a[w] * b[w] * idf.get(w, 1.0) ** 2 for w in shared)
    norm_a = math.sqrt(sum((c * idf.get(w, 1.0)) ** 2 for w, c in a.items()))
    norm_b = math.sqrt(sum((c * idf.get(w, 1.0)) ** 2 for w, c in b.items()))
    return dot / (norm_a * norm_b)


def similarity(query: Sequence[str], other: Sequence[str], idf: dict[str, float]) -> tuple:
    """(score, cosine, fuzzy) of two word lists, each in [0, 1]."""
    if not query or not other:
        return 0.0, 0.0, 0.0
    cosine = _cosine(Counter(query), Counter(other), idf)
    if cosine == 0:
        return 0.0, 0.0, 0.0  # no word in common: shared letters alone mean nothing
    fuzzy = fuzz.token_set_ratio(" ".join(sorted(set(query))), " ".join(sorted(set(other))))
    fuzzy /= 100
    return COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * fuzzy, cosine, fuzzy


def score(text: str, candidates: Iterable[Candidate], *, limit: int | None = None) -> list[Scored]:
    """``candidates`` ranked by how closely ``text`` repeats them, best first."""
    candidates = list(candidates)
    query = words(text)
    texts = {
        c.id: (words(c.text), [words(q) for q in c.quotes], words(c.context)) for c in candidates
    }
    idf = _idf(
        [Counter(query)]
        + [Counter(wording) for wording, _, _ in texts.values()]
        + [Counter(q) for _, quotes, _ in texts.values() for q in quotes]
        + [Counter(context) for _, _, context in texts.values() if context]
    )
    ranked = []
    for candidate in candidates:
        wording, quotes, context = texts[candidate.id]
        best = (*similarity(query, wording, idf), "wording")
        others = [(q, QUOTE_WEIGHT, "quote") for q in quotes]
        if context:
            others.append((context, CONTEXT_WEIGHT, "context"))
        for other, weight, via in others:
            s, c, f = similarity(query, other, idf)
            if s * weight > best[0]:
                best = (s * weight, c, f, via)
        ranked.append(
            Scored(
                id=candidate.id,
                score=round(best[0], 4),
                cosine=round(best[1], 4),
                fuzzy=round(best[2], 4),
                via=best[3],
            )
        )
    ranked.sort(key=lambda s: (-s.score, str(s.id)))
    return ranked[:limit] if limit else ranked
