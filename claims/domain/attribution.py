"""Who said what in a news text: speaker, cue, quote or paraphrase, and stance.

A first pass for the editor, not a verdict: each :class:`Attribution` is a
*proposal* (stored as a statement candidate and reviewed one by one). The
extractor is rule-based on purpose: regular expressions over sentences, a
lexicon of cue verbs, quote-mark pairing and a little carry-over of speakers
(pronouns, surnames, "the secretary"). It needs no model download, runs in a
few milliseconds per article, and every proposal names the rule that made it
(:attr:`Attribution.pattern`), so an editor or a test can tell why it is there.

What it recognises, in the words of a newsroom:

- a direct quote with its attribution after it (``"…," Blinken said.``),
  before it (``Kuleba told reporters: "…"``), inverted (``"…," said Senator
  X``), or in the sentence before it (``Lavrov spoke to reporters. "…"``);
- reported speech (``Putin claimed that …``, ``Russia says there is …``),
  denials and accusations (``Russia denied the accusation``, ``X accused Y of
  …``, ``X dismissed the allegation as "…"``), trailing attributions
  (``…, The Hill reported.``, ``… as Russia claimed``, ``…, as per Mint.``),
  ``According to X, …`` and ``X's accusations that …``;
- the speaker, resolved to a known actor through a caller-supplied resolver
  (names and aliases; titles such as "Russian Foreign Minister" are peeled off
  until a name resolves); later mentions by surname, pronoun or role ("the
  department") are carried over from earlier ones, and an unknown name is
  proposed as a new actor;
- the stance: *denies* for denial cues (denied, dismissed, rejected,
  rebuffed), for contents such as "no evidence" and for "called … false";
  *asserts* otherwise. Stance is relative to the words quoted; whether that
  repeats or contradicts a tracked claim is for the editor (and the claim
  matcher) to judge.

Lines that are not article prose are flagged as :class:`Boilerplate` and never
yield a proposal: calls to action ("CLICK HERE TO READ MORE …", "Comments are
closed.") and headings, including the headlines of other stories that sites
insert into a text ("US Hopes To Prevent Ukraine Invasion").

Pure Python, no Django: actor resolution is passed in (:data:`Resolver`, or a
name → :class:`ActorRef` mapping via :func:`mapping_resolver`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

ASSERTS = "asserts"
DENIES = "denies"
DIRECT = "direct"
PARAPHRASE = "paraphrase"

# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class ActorRef:
    """A known actor as the resolver reports it."""

    id: int
    name: str
    is_person: bool = True


#: ``resolve("Sergei Lavrov") -> ActorRef | None``; called with names as the text
#: has them (titles and "the" already peeled off by the extractor).
Resolver = Callable[[str], "ActorRef | None"]


@dataclass(frozen=True)
class Speaker:
    """Who an attribution names: the words in the text and the actor they stand for.

    ``actor`` is None when no known actor matched: ``name`` is then proposed as
    a new actor, unless ``resolved_by`` is ``"unresolved"`` (a pronoun or a role
    with nothing to refer back to), which the editor must choose for.
    """

    mention: str
    start: int
    end: int
    name: str
    actor: ActorRef | None
    resolved_by: str  # name | surname | pronoun | role | carried | new | unresolved
    is_person: bool = True

    @property
    def key(self) -> str:
        """Identity within one document: the actor id, or the folded proposed name."""
        return f"actor:{self.actor.id}" if self.actor else f"name:{fold(self.name)}"


@dataclass(frozen=True)
class Attribution:
    """One proposal: ``speaker`` said (``stance``) what ``text[start:end]`` reads."""

    speaker: Speaker
    cue: str
    start: int
    end: int
    exact: str
    stance: str  # ASSERTS or DENIES
    mode: str  # DIRECT (a quote) or PARAPHRASE (reported speech)
    pattern: str
    confidence: float
    context: str  # the sentence(s) around it: what the claim matcher reads besides the quote


@dataclass(frozen=True)
class Boilerplate:
    """A line that is not article prose; nothing is extracted from it."""

    start: int
    end: int
    text: str
    reason: str


@dataclass
class Extraction:
    attributions: list[Attribution] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)


# --------------------------------------------------------------------------- names


def fold(name: str) -> str:
    """Case, accents, curly apostrophes and spacing folded, as ``Actor.named`` folds."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())


def mapping_resolver(names: Mapping[str, ActorRef]) -> Resolver:
    """A resolver from a plain name → actor mapping (names and aliases together)."""
    folded = {fold(name): ref for name, ref in names.items()}
    return lambda name: folded.get(fold(name))


# --------------------------------------------------------------------------- lexicons
def _words(text: str) -> frozenset[str]:
    """A word list written as prose (one word per line would bury the rules)."""
    return frozenset(text.split())


# Speech cues, longest alternatives first so "told reporters" wins over "told".
_SPEECH = [
    r"(?:is|are|was|were) (?:said|claimed|reported|understood|thought) to "
    r"(?:believe|think|have concluded|have said)",
    r"told (?:reporters|journalists|the press|a news conference|a press conference|lawmakers)",
    r"said|says|say|saying",
    r"claimed|claims|claiming",
    r"stated|states|stating",
    r"insisted|insists|insisting",
    r"argued|argues|arguing",
    r"added|adds|adding",
    r"announced|announces|announcing",
    r"reiterated|reiterates",
    r"reported|reports",
    r"alleged|alleges|alleging",
    r"asserted|asserts|asserting",
    r"noted|notes",
    r"stressed|stresses",
    r"maintained|maintains",
    r"acknowledged|acknowledges",
    r"admitted|admits",
    r"wrote|writes|tweeted|tweets|posted",
    r"declared|declares",
    r"warned|warns|warning",
    r"explained|explains",
    r"confirmed|confirms",
    r"predicted|predicts",
    r"conceded|concedes",
    r"contended|contends",
    r"continued",
    r"told",
]
_DENIAL = [
    r"denied|denies|deny|denying",
    r"dismissed|dismisses|dismissing",
    r"rejected|rejects|rejecting",
    r"rebuffed|rebuffs",
    r"refuted|refutes",
    r"disputed|disputes",
]
_ACCUSE = [r"accused|accuses|accusing", r"blamed|blames|blaming"]
_CALLED = [r"called|calls"]

CUE_PATTERN = re.compile(
    r"\b(?:(?P<denial>" + "|".join(_DENIAL) + r")"
    r"|(?P<accuse>" + "|".join(_ACCUSE) + r")"
    r"|(?P<called>" + "|".join(_CALLED) + r")"
    r"|(?P<speech>" + "|".join(_SPEECH) + r"))\b"
)
#: Cues that only attribute when next to a quote: "continued" is also an adjective.
QUOTE_ONLY_CUES = {"continued", "posted", "notes", "reports", "states"}
#: Cues that need an allegation, a quote or a that-clause as their object:
#: "rejected Moscow's demands" refuses a demand, it does not deny a claim.
NEEDS_ALLEGATION = re.compile(r"^(?:dismiss|reject|rebuff|refut|disput)")
ALLEGATION_NOUNS = re.compile(
    r"\b(?:allegations?|accusations?|claims?|charges?|reports?|assertions?|suggestions?|"
    r"notion|idea|statements?|stories|story|rumou?rs?)\b",
    re.IGNORECASE,
)
#: Contents that deny although the cue does not ("said they had not seen evidence …").
DENIAL_CONTENT = re.compile(
    r"\b(?:no|not seen(?: any)?|not found(?: any)?|never seen(?: any)?|without(?: any)?|"
    r"little) (?:evidence|proof|sign|indication)s?\b"
    r"|\b(?:is|was|are|were) (?:not true|untrue|false|baseless|groundless|fake|a lie)\b",
    re.IGNORECASE,
)
DENIAL_WORDS = re.compile(
    r"\b(?:false|untrue|baseless|groundless|lies?|fake|absurd(?:ity)?|nonsense|"
    r"misinformation|disinformation|hysteria|fabricat\w*|propaganda)\b",
    re.IGNORECASE,
)
SPEECH_EVENT = re.compile(
    r"\b(?:spoke|speaking|told|addressed|said|wrote|posted|tweeted|in a statement|"
    r"in an interview|at a (?:news|press) conference|in remarks)\b"
)

PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "thing"}
#: Head nouns of descriptions that refer back to an earlier speaker ("the secretary").
ROLE_NOUNS = _words(
    """
    secretary minister ministry department administration president spokesperson spokesman
    spokeswoman senator speaker chancellor ambassador envoy government official diplomat
    general agency office leader head chief prime
    """
)
#: Words in front of a name that are titles or descriptions, not the name itself.
TITLE_WORDS = frozenset(
    fold(w)
    for w in _words("""
    President Vice Prime Minister Foreign Defence Defense Interior Secretary
    Secretary-General General Senator Sen Rep Representative Governor Gov Mayor Chancellor
    Ambassador Envoy Spokesperson Spokesman Spokeswoman Speaker Chairman Chairwoman Chair
    Chief Deputy Head Director Commissioner Minister Mr Mrs Ms Dr Sir Lord Lady Lt Col Gen
    Adm King Queen Prince Princess Pope Judge Justice Attorney Congressman Congresswoman
    State of the Kremlin NATO UN EU White House Pentagon Former Acting Top
    """)
)
GROUP_NOUNS = re.compile(
    r"^(?:(?:the|some|other|senior|top|\w+ian|\w+ese|\w+ish|Western|US|U\.S\.|EU|NATO) )*"
    r"(?P<noun>officials|authorities|lawmakers|leaders|diplomats|analysts|critics|experts|"
    r"sources|spokespeople|ministers|officers|observers|governments|allies|partners)"
    r"(?: (?:from|of|in) (?P<names>.+))?$",
    re.IGNORECASE,
)
ORG_WORDS = re.compile(
    r"\b(?:Department|Ministry|House|Office|Agency|Council|Committee|News|Times|Post|Press|"
    r"Government|Administration|Party|Union|Organi[sz]ation|Parliament|Duma|Kremlin|Pentagon|"
    r"Commission|Assembly|Senate|Congress|Court|Bank|Fund|Institute|Service|Army|Forces|NATO|"
    r"Republic|Republics|Examiner|Mint|Hill|Reuters|AP|AFP|BBC|CNN|TASS|Associated)\b"
)

# Adverbials between a speaker and the cue ("Putin, earlier this week, claimed"),
# or between the cue and its clause ("said late Sunday that").
_ADVERBIAL_WORDS = _words(
    """
    has have had is are was were will would also both again repeatedly previously recently
    earlier later now today yesterday tonight once then publicly privately firmly angrily
    flatly strongly quickly swiftly late early this last next week month year morning
    afternoon evening night weekend on in at during the other hand however meanwhile monday
    tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec already still
    """
)
# Where or to whom something was said: "said in a statement on Wednesday that".
_SETTING_WORDS = _words(
    """
    in a an to at from with statement remarks interview briefing conference news press
    reporters journalists lawmakers social media television radio speech letter post video
    call phone telephone meeting summit parliament his her their its own
    """
)
_AUX = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|could|can|may|might|must|should|"
    r"shall|did|does|do|wants|remains|expects|sent|made|took|saw|got|gave|"
    r"went|came|knew|thought|found|left|held|brought|began|met|paid|put|ran|stood|"
    r"understood|wanted|[a-z]{3,}ed)\b"
)
_CLAUSE_STARTERS = re.compile(
    r"^(?:he|she|they|it|we|i|there|this|that|these|those|russia|the|a|an|its|his|her|their|"
    r"our|no|some|all|[A-Z]\w*)\b"
)
_ABBREVIATIONS = _words(
    """
    mr mrs ms dr gen sen rep gov st jan feb mar apr jun jul aug sep sept oct nov dec no vs
    inc co corp ltd jr sr lt col u.s u.k u.n e.g i.e a.m p.m
    """
)
_BOILERPLATE = [
    (re.compile(r"^click here\b", re.I), "call to action"),
    (re.compile(r"^(?:read|see) (?:more|also)\b", re.I), "call to action"),
    (re.compile(r"\bclick here to (?:read|see|watch|subscribe)\b", re.I), "call to action"),
    (re.compile(r"^comments? (?:are|is) (?:closed|disabled)\b", re.I), "comments notice"),
    (re.compile(r"^(?:sign up|subscribe|follow us|share this|share on)\b", re.I), "call to action"),
    (
        re.compile(r"^(?:advertisement|sponsored|related(?: articles?| stories)?:?)$", re.I),
        "insert",
    ),
    (re.compile(r"^(?:copyright|©)|all rights reserved", re.I), "copyright line"),
    (re.compile(r"^(?:photo|image|video)(?: credit)?:", re.I), "caption"),
]
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’'»)\]]*$")
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“"}
_WORD = re.compile(r"[A-Za-z0-9][\w.'’&-]*")


# --------------------------------------------------------------------------- text structure


def boilerplate(text: str) -> list[Boilerplate]:
    """Lines of ``text`` that are not article prose, with the reason for each."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        stripped = line.group().strip()
        if not stripped:
            continue
        start = line.start() + line.group().index(stripped)
        reason = _boilerplate_reason(stripped)
        if reason:
            found.append(Boilerplate(start, start + len(stripped), stripped, reason))
    return found


def _boilerplate_reason(line: str) -> str | None:
    for pattern, reason in _BOILERPLATE:
        if pattern.search(line):
            return reason
    words = line.split()
    letters = [c for c in line if c.isalpha()]
    if len(words) >= 3 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return "headline in capitals"
    if len(words) <= 20 and not _SENTENCE_END.search(line):
        # A line that does not end a sentence is a heading: the article's own
        # title or another story's headline inserted by the site. Either way it
        # is not something a speaker said in this article.
        return "heading"
    return None


def _quote_spans(line: str, offset: int) -> list[tuple[int, int]]:
    """Inner spans (without the marks) of the quotations on one line."""
    spans = []
    i = 0
    straight_open = None
    while i < len(line):
        char = line[i]
        if char in _QUOTE_PAIRS:
            close = line.find(_QUOTE_PAIRS[char], i + 1)
            if close != -1:
                spans.append((offset + i + 1, offset + close))
                i = close + 1
                continue
        elif char == '"':
            if straight_open is None:
                straight_open = i
            else:
                spans.append((offset + straight_open + 1, offset + i))
                straight_open = None
        i += 1
    return spans


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int
    quotes: list[tuple[int, int]]


def _sentences(text: str, skip: list[Boilerplate]) -> list[_Sentence]:
    """Sentences of the prose lines, never split inside a quotation."""
    skipped = {(b.start, b.end) for b in skip}
    result = []
    for paragraph, line in enumerate(re.finditer(r"[^\n]+", text)):
        stripped = line.group().strip()
        if not stripped:
            continue
        start = line.start() + line.group().index(stripped)
        end = start + len(stripped)
        if (start, end) in skipped:
            continue
        quotes = _quote_spans(stripped, start)
        begin = start
        for m in re.finditer(r"[.!?]+[\"”’»)]*\s+(?=[\"“‘«(]?[A-Z0-9])", stripped):
            cut = start + m.end()
            inside = any(qs <= cut - 1 < qe for qs, qe in quotes)
            word = re.search(r"([\w.]+)$", stripped[: m.start()])
            abbreviation = word and (
                word.group(1).lower().rstrip(".") in _ABBREVIATIONS
                or re.fullmatch(r"[A-Z]", word.group(1))
                or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word.group(1))
            )
            if inside or abbreviation:
                continue
            result.append(_sentence(text, begin, cut, paragraph, quotes))
            begin = cut
        if begin < end:
            result.append(_sentence(text, begin, end, paragraph, quotes))
    return result


def _sentence(text, start, end, paragraph, quotes) -> _Sentence:
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Sentence(start, end, paragraph, [q for q in quotes if start <= q[0] and q[1] <= end])


# --------------------------------------------------------------------------- speakers


@dataclass
class _Entity:
    name: str
    actor: ActorRef | None
    is_person: bool
    mentions: list[str] = field(default_factory=list)


class _Speakers:
    """What the document has named so far, for surnames, pronouns and roles."""

    def __init__(self, resolve: Resolver):
        self.resolve = resolve
        self.by_key: dict[str, _Entity] = {}
        self.history: list[tuple[list[_Entity], str]] = []  # per attribution: speakers, mention

    def _entity(self, name: str, actor: ActorRef | None, is_person: bool) -> _Entity:
        key = f"actor:{actor.id}" if actor else f"name:{fold(name)}"
        entity = self.by_key.get(key)
        if entity is None:
            entity = self.by_key[key] = _Entity(name, actor, is_person)
        return entity

    def _remember(self, entity: _Entity, mention: str) -> None:
        entity.mentions.append(mention)
        # Later "Baerbock" means the "Annalena Baerbock" named earlier.
        tokens = entity.name.split()
        for key in {fold(entity.name), fold(mention), fold(tokens[-1]) if tokens else ""}:
            if key:
                self.by_key.setdefault(f"surname:{key}", entity)

    def name(self, phrase: str) -> tuple[_Entity, str] | None:
        """Resolve a proper-name phrase, peeling titles off the front."""
        tokens = phrase.split()
        while tokens and fold(tokens[0]) in {"the", "both", "and"}:
            tokens = tokens[1:]
        if not tokens:
            return None
        for i in range(len(tokens)):
            candidate = " ".join(tokens[i:])
            ref = self.resolve(candidate) or self.resolve("the " + candidate)
            if ref:
                entity = self._entity(ref.name, ref, ref.is_person)
                self._remember(entity, phrase)
                return entity, "name"
            known = self.by_key.get(f"surname:{fold(candidate)}")
            if known:
                self._remember(known, phrase)
                return known, "surname"
        ref = self.resolve(tokens[-1])
        if ref and len(tokens) > 1 and not ORG_WORDS.search(phrase):
            entity = self._entity(ref.name, ref, ref.is_person)
            self._remember(entity, phrase)
            return entity, "surname"
        # Nobody we know: propose the name without its titles as a new actor.
        while len(tokens) > 1 and (
            fold(tokens[0].rstrip(".,")) in TITLE_WORDS
            or re.search(r"['’]s$", tokens[0])
            or re.fullmatch(r"[A-Z][a-z]+(?:ian|ean|an|ese|ish|ic|i)", tokens[0])
        ):
            tokens = tokens[1:]
        if tokens and fold(tokens[0]) in {"of", "for", "and"}:
            return None
        name = " ".join(tokens).strip(" ,")
        if not name or fold(name) in TITLE_WORDS:
            return None
        # A single unknown name ("Zelensky") is more often a person than not.
        is_person = len(tokens) <= 4 and not ORG_WORDS.search(name)
        entity = self._entity(name, None, is_person)
        self._remember(entity, phrase)
        return entity, "new"

    def known(self, phrase: str) -> _Entity | None:
        """The known actor ``phrase`` names as a whole ("Biden administration"), if any."""
        ref = self.resolve(phrase) or self.resolve("the " + phrase)
        if not ref:
            return None
        entity = self._entity(ref.name, ref, ref.is_person)
        self._remember(entity, phrase)
        return entity

    def pronoun(self, word: str) -> list[_Entity] | None:
        kind = PRONOUNS[fold(word)]
        for speakers, _ in reversed(self.history):
            if kind == "group" and (len(speakers) > 1 or not speakers[0].is_person):
                return speakers
            if kind == "person" and len(speakers) == 1 and speakers[0].is_person:
                return speakers
            if kind == "thing" and len(speakers) == 1 and not speakers[0].is_person:
                return speakers
        return None

    def role(self, noun: str) -> _Entity | None:
        """ "the department" → the latest speaker whose mention contains "department"."""
        for speakers, mention in reversed(self.history):
            if len(speakers) == 1 and re.search(rf"\b{re.escape(noun)}\b", mention, re.I):
                return speakers[0]
        return None

    def last(self) -> list[_Entity] | None:
        return self.history[-1][0] if self.history else None

    def said(self, speakers: list[_Entity], mention: str) -> None:
        self.history.append((speakers, mention))


_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w.&'’-]*|[A-Z]\.(?:[A-Z]\.)*)$")
_NAME_JOINERS = {"of", "the", "for", "and", "de", "du", "la", "von", "van", "al", "bin", "le"}


def _trailing_name(words: list[re.Match]) -> int | None:
    """Index of the first word of the proper-name run that ends ``words``."""
    if not words or not _NAME_TOKEN.match(words[-1].group()):
        return None
    first = len(words) - 1
    i = first - 1
    while i >= 0 and len(words) - i <= 10:
        token = words[i].group()
        if words[i].string[words[i].end() : words[i + 1].start()].strip():
            break  # a comma or a dash between two words ends the name
        if _NAME_TOKEN.match(token):
            first = i
        elif token.lower() not in _NAME_JOINERS:
            break
        i -= 1
    # "the" may open the run ("the State Department"); other joiners may not.
    if (
        first > 0
        and words[first - 1].group().lower() == "the"
        and not words[first - 1].string[words[first - 1].end() : words[first].start()].strip()
    ):
        first -= 1
    return first


@dataclass
class _Found:
    speakers: list[_Entity]
    mention: str
    start: int
    end: int
    resolved_by: str


def _strip_adverbials(text: str, base: int) -> tuple[str, int]:
    """Drop auxiliaries, adverbs and time phrases from the end of a subject."""
    while True:
        stripped = text.rstrip(" ,—–-")
        m = re.search(r"(\S+)$", stripped)
        if not m:
            return stripped, base
        word = m.group(1)
        low = word.lower().strip(",")
        if low in _ADVERBIAL_WORDS or (word.islower() and low.endswith("ly") and len(low) > 4):
            text = stripped[: m.start()]
            continue
        return stripped, base


def _speaker_before(text: str, start: int, end: int, speakers: _Speakers) -> _Found | None:
    """The speaker whose mention ends ``text[start:end]`` (the subject of a cue)."""
    found = _speaker_ending(text, start, end, speakers)
    if found is None:
        # "Volodin, also a member of the ruling party, said": skip the apposition.
        m = re.search(r"^(.*\w),\s+[^,]{3,80},\s*$", text[start:end])
        if m:
            found = _speaker_ending(text, start, start + m.end(1), speakers)
    return found


def _speaker_ending(text: str, start: int, end: int, speakers: _Speakers) -> _Found | None:
    left, _ = _strip_adverbials(text[start:end], start)
    if not left.strip():
        return None
    words = list(_WORD.finditer(left))
    if not words:
        return None
    last = words[-1].group()
    abs_start = lambda m: start + m.start()  # noqa: E731
    abs_end = start + words[-1].end()
    if fold(last) in PRONOUNS:
        found = speakers.pronoun(last)
        if found:
            return _Found(found, last, abs_start(words[-1]), abs_end, "pronoun")
        return _Found([], last, abs_start(words[-1]), abs_end, "unresolved")
    if last.lower() == "and" and speakers.last():
        # "Russia denies … and has accused …": the subject is shared.
        return _Found(speakers.last(), "", abs_start(words[-1]), abs_start(words[-1]), "carried")
    first = _trailing_name(words)
    if first is not None:
        # "Officials from the United States and Ukraine", "US officials".
        before = [w.group() for w in words[max(0, first - 3) : first]]
        group = None
        if before and before[-1].lower() in {"from", "of", "in"}:
            k = first - 1
            while k > 0 and words[k - 1].group().lower() not in {"and", "but", "while"}:
                if GROUP_NOUNS.match(" ".join(w.group() for w in words[k - 1 : first - 1])):
                    group = k - 1
                    break
                k -= 1
        if group is not None and group >= first - 4:
            names = left[words[first].start() :]
            parts = re.split(r"\s+and\s+|,\s*", names)
            entities = [e for p in parts if p.strip() for e in [speakers.name(p)] if e]
            if entities:
                mention = left[words[group].start() : words[-1].end()]
                return _Found(
                    [e for e, _ in entities],
                    mention,
                    start + words[group].start(),
                    abs_end,
                    "name",
                )
        phrase = left[words[first].start() : words[-1].end()]
        both = re.match(r"(?i)both\s+", phrase)
        if both:
            phrase = phrase[both.end() :]
        if " and " in phrase:
            # "Jens Stoltenberg and President Joe Biden both said": two speakers,
            # unless the whole phrase is one known name ("Bosnia and Herzegovina").
            whole = speakers.resolve(phrase) or speakers.resolve(re.sub(r"(?i)^the ", "", phrase))
            parts = [p for p in re.split(r"\s+and\s+", phrase) if p.strip()]
            entities = [] if whole else [speakers.name(p) for p in parts]
            if entities and all(entities) and any(how != "new" for _, how in entities):
                return _Found(
                    [e for e, _ in entities], phrase, abs_end - len(phrase), abs_end, "name"
                )
        resolved = speakers.name(phrase)
        if resolved:
            entity, how = resolved
            return _Found([entity], phrase, abs_end - len(phrase), abs_end, how)
    # A description: "the secretary", "The administration", "Western officials".
    tail = left[words[max(0, len(words) - 6)].start() :]
    m = re.search(r"(?i)\b(the|its|their|his|her)\s+([\w\s'’-]{2,60})$", tail)
    if m and not re.search(r"[.;:]", m.group(2)):
        head_words = m.group(2).split()
        head = next((w.lower() for w in head_words if w.lower() in ROLE_NOUNS), None)
        if head and len(head_words) <= 5:
            mention = m.group(0)
            mention_start = start + len(left) - len(mention)
            known = speakers.known(m.group(2)) if m.group(1).lower() == "the" else None
            if known:
                return _Found([known], mention, mention_start, abs_end, "name")
            entity = speakers.role(head)
            if entity:
                return _Found([entity], mention, mention_start, abs_end, "role")
            return _Found([], mention, mention_start, abs_end, "unresolved")
    m = re.search(
        r"((?:(?:[A-Z][\w.'’-]*|senior|top|intelligence|military|government|local) ){1,3})"
        r"(officials|authorities|observers|analysts|diplomats|leaders|lawmakers)$",
        left,
    )
    if m and re.search(r"[A-Z]", m.group(1)):
        mention = m.group(0)
        names = re.findall(r"\b[A-Z][\w.]*", mention)
        for name in names:
            resolved = speakers.name(name)
            if resolved and resolved[1] != "new":
                return _Found([resolved[0]], mention, abs_end - len(mention), abs_end, "name")
        entity = speakers._entity(mention[0].upper() + mention[1:], None, False)
        return _Found([entity], mention, abs_end - len(mention), abs_end, "new")
    return None


def _speaker_after(text: str, start: int, end: int, speakers: _Speakers) -> _Found | None:
    """The speaker named right after an inverted cue: '"…," said Senator X, …'."""
    m = re.match(r"\s+((?:[A-Z][\w.'’-]*\s*)+)", text[start:end])
    if not m:
        return None
    phrase = m.group(1).strip()
    resolved = speakers.name(phrase)
    if not resolved:
        return None
    entity, how = resolved
    s = start + m.start(1)
    return _Found([entity], phrase, s, s + len(phrase), how)


# --------------------------------------------------------------------------- contents


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding spaces, punctuation and unpaired quote marks."""
    while True:
        before = (start, end)
        while start < end and text[start] in ' ,;:—–-\n"“”‘’«»':
            start += 1
        while end > start and text[end - 1] in " ,;:—–-.\n":
            end -= 1
        span = text[start:end]
        if (
            end > start
            and text[end - 1] in "”»"
            and span.count("“") + span.count("«") < (span.count("”") + span.count("»"))
        ) or (end > start and text[end - 1] == '"' and span.count('"') % 2):
            end -= 1
        if (start, end) == before:
            return start, end


def _strip_connector_tail(text: str, start: int, end: int) -> int:
    m = re.search(r"(?:,?\s+(?:and|but|while|though|as|whereas|,))+\s*$", text[start:end])
    return start + m.start() if m else end


def _clause_after(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The content after a cue: a that-clause, a quote, or a bare clause."""
    right = text[start:end]
    m = re.match(r"(?P<adv>(?:[\s,]+[\w'’.-]+){0,8}?)\s+that\b", right)
    if m and all(
        w.lower() in _ADVERBIAL_WORDS
        or w.lower() in _SETTING_WORDS
        or w[0].isupper()
        or w[0].isdigit()
        for w in m.group("adv").replace(",", " ").split()
    ):
        return "that", start + m.end(), end
    m = re.match(r"\s*[:,]?\s*[\"“]", right)
    if m:
        return "quote", start + m.end(), end
    # Time words only, then a clause with a subject and a verb: "said Tuesday he would".
    m = re.match(
        r"((?:\s+(?:on|late|early|earlier|later|last|this))*"
        r"(?:\s+(?:[A-Z][a-z]+day|today|yesterday|week|morning|night|evening|afternoon))+)?\s+",
        right,
    )
    rest_start = m.end() if m else 0
    rest = right[rest_start:]
    if _CLAUSE_STARTERS.match(rest):
        head = rest.split()[:6]
        if _AUX.search(" ".join(head[1:])) and not re.match(r"^(?:that|which|who)\b", rest):
            return "clause", start + rest_start, end
    return None


# --------------------------------------------------------------------------- extraction


def extract(text: str, resolve: Resolver | Mapping[str, ActorRef] | None = None) -> Extraction:
    """Propose attributions for ``text``; see the module docstring for the patterns."""
    if resolve is None:
        resolve = lambda _name: None  # noqa: E731
    elif isinstance(resolve, Mapping):
        resolve = mapping_resolver(resolve)
    skip = boilerplate(text)
    speakers = _Speakers(resolve)
    sentences = _sentences(text, skip)
    proposals: list[Attribution] = []
    previous: _Sentence | None = None
    previous_speakers: tuple[list[_Entity], str, str, str] | None = None
    for sentence in sentences:
        found = _extract_sentence(text, sentence, speakers)
        if not found and sentence.quotes and previous is not None:
            found = _split_quote(text, sentence, previous, previous_speakers, speakers)
        if found:
            last = found[-1]
            previous_speakers = (
                speakers.last() or [],
                last.cue,
                last.speaker.mention,
                last.speaker.resolved_by,
            )
        else:
            if previous is not None and previous.paragraph != sentence.paragraph:
                previous_speakers = None
            subject = _subject_of(text, sentence, speakers)
            if subject and (subject.resolved_by != "new" or subject.speakers[0].is_person):
                # "Lavrov spoke to reporters. … He said": a later pronoun may
                # refer to the subject of a sentence that attributed nothing.
                speakers.said(subject.speakers, subject.mention)
        proposals.extend(found)
        previous = sentence
    unique: dict[tuple, Attribution] = {}
    for a in proposals:
        unique.setdefault((a.speaker.key, a.start, a.end), a)
    return Extraction(attributions=list(unique.values()), boilerplate=skip)


def _make(
    text: str,
    sentence: _Sentence,
    found: _Found,
    *,
    cue: str,
    start: int,
    end: int,
    stance: str,
    pattern: str,
    confidence: float,
    context: str,
) -> list[Attribution]:
    start, end = _trim(text, start, end)
    exact = text[start:end]
    if len(exact.split()) < 2:
        return []
    quotes = [q for q in sentence.quotes if q[0] <= start and end <= q[1] + 1]
    mode = (
        DIRECT if quotes and quotes[0][0] >= start - 1 and end >= quotes[0][1] - 1 else PARAPHRASE
    )
    if stance == ASSERTS and DENIAL_CONTENT.search(exact[:80]):
        stance = DENIES
    result = []
    penalty = {
        "name": 0,
        "surname": 0.02,
        "pronoun": 0.1,
        "role": 0.1,
        "carried": 0.05,
        "new": 0.1,
        "unresolved": 0.3,
    }[found.resolved_by]
    entities = found.speakers or [None]
    for entity in entities:
        if entity is None:
            speaker = Speaker(
                found.mention, found.start, found.end, found.mention, None, "unresolved", True
            )
        else:
            speaker = Speaker(
                mention=found.mention,
                start=found.start,
                end=found.end,
                name=entity.actor.name if entity.actor else entity.name,
                actor=entity.actor,
                resolved_by=found.resolved_by,
                is_person=entity.is_person,
            )
        result.append(
            Attribution(
                speaker=speaker,
                cue=cue,
                start=start,
                end=end,
                exact=exact,
                stance=stance,
                mode=mode,
                pattern=pattern,
                confidence=round(max(0.05, confidence - penalty), 2),
                context=context,
            )
        )
    return result


_CLAUSE_END = re.compile(
    r",\s+(?:though|although|while|whereas|but|prompting|citing|saying|adding|raising|"
    r"sparking|based on)\b|;\s|\s[—–]\s"
)


def _clause_end(text: str, sentence: _Sentence, start: int, end: int, *, and_too=False) -> int:
    """Where a content starting at ``start`` stops: before ", though", "; ", … (and
    ", and" for ``and_too``), never inside a quotation."""
    pattern = re.compile(_CLAUSE_END.pattern + r"|,\s+and\s") if and_too else _CLAUSE_END
    for m in pattern.finditer(text, start, end):
        if not _in_quote(sentence, m.start()) and m.start() > start:
            return m.start()
    return end


def _in_quote(sentence: _Sentence, position: int) -> bool:
    return any(qs <= position < qe for qs, qe in sentence.quotes)


def _clause_start(text: str, sentence: _Sentence, before: int) -> int:
    """Where the clause holding position ``before`` starts: after the last
    strong boundary (a closing quote, "; ", ", and", " while ", " as ", …)."""
    start = sentence.start
    segment = text[sentence.start : before]
    for m in re.finditer(
        r"[”\"»]\s*,?|;\s|,\s+(?:and|but|while|though|which|who|whereas)\s|"
        r"\s(?:but|while|though|as|because|since|after|before|when|if|that)\s|—|–",
        segment,
    ):
        if not _in_quote(sentence, sentence.start + m.start()):
            start = sentence.start + m.end()
    return start


def _extract_sentence(text: str, sentence: _Sentence, speakers: _Speakers) -> list[Attribution]:
    s_text = text[sentence.start : sentence.end]
    results: list[Attribution] = []
    cues = [
        m
        for m in CUE_PATTERN.finditer(s_text)
        if not _in_quote(sentence, sentence.start + m.start())
    ]
    context = s_text
    handled_until = sentence.start

    # "According to X, …" / "…, according to X." / "…, as per X."
    for m in re.finditer(
        r"(?:^|,\s*|\b)(?P<cue>[Aa]ccording to|as per) (?P<np>[^,.;]+?)(?=,|\.\s*$|$)", s_text
    ):
        np_start = sentence.start + m.start("np")
        np = m.group("np")
        found = None
        doc = re.match(
            r"(?i)(?:a|an|the) (?:letter|report|statement|document|memo|study|"
            r"assessment|survey|analysis|estimate)s?\b(?P<rest>.*)",
            np,
        )
        if doc and not re.match(r"\s+(?:by|from|of)\s", doc.group("rest")):
            last = speakers.last()
            if last:
                found = _Found(last, np, np_start, np_start + len(np), "carried")
        else:
            for name in re.finditer(
                r"(?:[A-Z][\w.&'’-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&'’-]*)*", np
            ):
                resolved = speakers.name(name.group())
                if resolved:
                    entity, how = resolved
                    found = _Found(
                        [entity], name.group(), np_start + name.start(), np_start + name.end(), how
                    )
                    break
        if not found:
            continue
        at_start = m.start() == 0 or not s_text[: m.start()].strip(" ,")
        if at_start:
            c_start = sentence.start + m.end() + 1
            c_end = _clause_end(text, sentence, c_start, sentence.end, and_too=True)
        else:
            c_start, c_end = sentence.start, sentence.start + m.start()
        results += _make(
            text,
            sentence,
            found,
            cue=m.group("cue"),
            start=c_start,
            end=c_end,
            stance=ASSERTS,
            pattern="according-to",
            confidence=0.75,
            context=context,
        )
        speakers.said(found.speakers, found.mention)

    # "Moscow's accusations that …", "Putin's latest comments about …"
    for m in re.finditer(
        r"(?P<name>(?:[A-Z][\w.&-]*\s+)*[A-Z][\w.&-]*)['’]s\s+(?:\w+\s+)?"
        r"(?P<cue>claims?|accusations?|allegations?|assertions?|comments|remarks|statements?|"
        r"denials?|warnings?|insistence)\s+(?P<prep>that|of|about)\s",
        s_text,
    ):
        resolved = speakers.name(m.group("name"))
        if not resolved or resolved[1] == "new":
            continue
        entity, how = resolved
        found = _Found(
            [entity],
            m.group("name"),
            sentence.start + m.start("name"),
            sentence.start + m.end("name"),
            how,
        )
        c_end = sentence.end
        rest = text[sentence.start + m.end() : sentence.end]
        stop = re.search(r",\s|\.\s|\.$|;", rest)
        if stop:
            c_end = sentence.start + m.end() + stop.start()
        stance = DENIES if m.group("cue").startswith("denial") else ASSERTS
        results += _make(
            text,
            sentence,
            found,
            cue=m.group("cue"),
            start=sentence.start + m.end(),
            end=c_end,
            stance=stance,
            pattern="nominal",
            confidence=0.6,
            context=context,
        )

    for index, cue in enumerate(cues):
        cue_start = sentence.start + cue.start()
        cue_end = sentence.start + cue.end()
        if cue_start < handled_until:
            continue
        word = cue.group()
        kind = cue.lastgroup
        next_cue_start = (
            sentence.start + cues[index + 1].start() if index + 1 < len(cues) else sentence.end
        )
        clause_start = _clause_start(text, sentence, cue_start)
        quote_before = next(
            (
                q
                for q in reversed(sentence.quotes)
                if q[1] <= cue_start and not text[q[1] : cue_start].strip(' ,”"’»').count(" ") > 8
            ),
            None,
        )
        found = None
        inverted = False
        if quote_before and not text[quote_before[1] : cue_start].strip(' ,”"’»'):
            # '"…," said Senator X': the speaker follows the cue.
            found = _speaker_after(text, cue_end, next_cue_start, speakers)
            inverted = found is not None
        participle = word.endswith("ing") and re.search(r",\s*$", text[clause_start:cue_start])
        if not found and participle:
            # "…, saying that …": the subject of the sentence, or of the
            # attribution just before ('"…," he said, adding that …').
            found = _subject_of(text, sentence, speakers)
            if not found and results:
                last = speakers.last()
                if last:
                    found = _Found(last, "", cue_start, cue_start, "carried")
        if not found:
            found = _speaker_before(text, clause_start, cue_start, speakers)
        if not found:
            continue
        if word in QUOTE_ONLY_CUES and not quote_before:
            continue
        after_start = found.end if inverted else cue_end
        # The content stops where the next attribution's speaker begins.
        limit = sentence.end
        if index + 1 < len(cues):
            nxt = cues[index + 1]
            nxt_start = sentence.start + nxt.start()
            nxt_clause = _clause_start(text, sentence, nxt_start)
            probe = _Speakers(speakers.resolve)
            probe.history = list(speakers.history)
            probe.by_key = dict(speakers.by_key)
            nxt_found = _speaker_before(text, nxt_clause, nxt_start, probe)
            if (
                nxt_found
                and nxt_found.resolved_by == "carried"
                and _clause_after(text, cue_end, nxt_start)
            ):
                # "said that Russia had deployed agents … and blamed them on
                # Ukraine": the second verb belongs to the reported clause.
                pass
            elif nxt_found and nxt_found.start > cue_end:
                limit = nxt_found.start
            elif nxt_clause > cue_end and not _in_quote(sentence, nxt_clause):
                limit = nxt_clause
        limit = _clause_end(text, sentence, after_start, limit)
        limit = _strip_connector_tail(text, after_start, limit)
        stance = DENIES if kind == "denial" else ASSERTS
        content = None
        if kind == "called":
            rest = text[cue_end:limit]
            if not (
                sentence.quotes and any(cue_end <= q[0] < limit for q in sentence.quotes)
            ) and not DENIAL_WORDS.search(rest):
                continue
            stance = DENIES if DENIAL_WORDS.search(rest) else ASSERTS
            content = ("object", cue_end, limit)
        elif kind in {"denial", "accuse"}:
            clause = _clause_after(text, cue_end, limit)
            if clause and clause[0] in {"that", "quote"}:
                content = clause
            else:
                rest = text[cue_end:limit]
                if (
                    kind == "denial"
                    and NEEDS_ALLEGATION.match(word)
                    and not (ALLEGATION_NOUNS.search(rest[:60]) or '"' in rest or "“" in rest)
                ):
                    continue
                content = ("object", cue_end, limit) if rest.strip(" .") else None
                if (
                    rest.strip(" .")
                    and stance == DENIES
                    and re.match(
                        r"\s*(?:the|these|this|those|that)\s+(?:accusation|allegation|claim|charge|report)s?\b",
                        rest,
                    )
                ):
                    content = ("object", cue_end, limit)
                if kind == "denial" and not rest.strip(" ."):
                    content = None
            if kind == "denial" and content is None and text[cue_end:limit].strip(" ."):
                content = ("object", cue_end, limit)
        else:
            content = _clause_after(text, after_start, limit)
            if (
                content is None
                and re.match(r"\s+of\s", text[cue_end:limit])
                and word.startswith("warn")
            ):
                content = ("object", cue_end, limit)
        if kind == "denial" and content and content[0] == "object":
            # "Russia angrily denied the accusation." — the whole clause is the statement.
            content = (
                "object",
                found.start if found.start >= clause_start else clause_start,
                limit,
            )
        if content is None:
            # Nothing after the cue: the attribution trails its content
            # ('"…," Blinken said.', '…, The Hill reported.', '… as Russia claimed').
            tail = text[after_start : sentence.end]
            before = text[sentence.start : found.start]
            attribution_start = cue_start if inverted else found.start
            quote_right_before = quote_before and not text[
                quote_before[1] : attribution_start
            ].strip(' ,”"’»')
            if (
                not quote_right_before
                and re.search(r"\b(?:that|to)\s", tail[:40])
                and not re.match(r"^\s*(?:in|on|at|late|early|earlier|later)\b", tail)
            ):
                continue
            if quote_right_before:
                q_start, q_end = quote_before
                if not text[sentence.start : q_start - 1].strip(' “"') or not inverted:
                    lead = text[sentence.start : q_start - 1].strip(' “"')
                    c_start = q_start if not lead else sentence.start
                else:
                    c_start = q_start
                results += _make(
                    text,
                    sentence,
                    found,
                    cue=word,
                    start=c_start,
                    end=q_end,
                    stance=stance,
                    pattern="quote-before-attribution" if not inverted else "quote-inverted",
                    confidence=0.95,
                    context=context,
                )
                speakers.said(found.speakers, found.mention)
                continue
            if inverted:
                continue
            as_clause = re.search(r"\s+as\s*$", before)
            if re.search(r",\s*$", before) and re.match(r"\s*,\s+\w+\s+\w+", tail):
                # "Fresh combat …, Peskov told reporters, has made …": the
                # attribution sits inside the sentence it attributes.
                c_start, c_end = sentence.start, sentence.end
                pattern = "parenthetical"
            elif as_clause:
                c_end = sentence.start + as_clause.start()
                that = list(re.finditer(r"\bthat\s", text[sentence.start : c_end]))
                c_start = sentence.start + that[-1].end() if that else clause_start
                pattern = "as-claimed"
            elif re.search(r",\s*$", before):
                c_start, c_end = sentence.start, found.start
                pattern = "trailing"
            else:
                continue
            results += _make(
                text,
                sentence,
                found,
                cue=word,
                start=c_start,
                end=c_end,
                stance=stance,
                pattern=pattern,
                confidence=0.75,
                context=context,
            )
            speakers.said(found.speakers, found.mention)
            continue
        how, c_start, c_end = content
        pattern = {
            "that": "reported-that",
            "quote": "quote-after-attribution",
            "clause": "reported-clause",
            "object": "object",
        }[how]
        if kind in {"denial", "accuse", "called"}:
            pattern = kind
        confidence = {"that": 0.85, "quote": 0.95, "clause": 0.75, "object": 0.75}[how]
        if how == "quote":
            q = next((q for q in sentence.quotes if q[0] >= c_start - 1), None)
            if q:
                c_start, c_end = q
        results += _make(
            text,
            sentence,
            found,
            cue=word,
            start=c_start,
            end=c_end,
            stance=stance,
            pattern=pattern,
            confidence=confidence,
            context=context,
        )
        speakers.said(found.speakers, found.mention)
        # Verbs inside a reported clause are part of what was said, not new attributions.
        handled_until = c_end if how in {"that", "clause", "quote"} else cue_end
    return results


def _subject_of(text: str, sentence: _Sentence, speakers: _Speakers) -> _Found | None:
    """The subject at the head of a sentence, for "…, saying that …"."""
    s_text = text[sentence.start : sentence.end]
    m = re.match(
        r"((?:(?:[A-Z][\w.&'’-]*|the|of|"
        + "|".join(sorted(ROLE_NOUNS))
        + r")\s+)*[A-Z][\w.&'’-]*)",
        s_text,
    )
    if not m:
        return None
    words = list(_WORD.finditer(m.group(1)))
    first = _trailing_name(words)
    if first is None:
        return None
    phrase = m.group(1)[words[first].start() :]
    resolved = speakers.name(phrase)
    if not resolved:
        return None
    entity, how = resolved
    start = sentence.start + words[first].start()
    return _Found([entity], phrase, start, start + len(phrase), how)


def _split_quote(
    text: str,
    sentence: _Sentence,
    previous: _Sentence,
    previous_speakers: tuple[list[_Entity], str, str, str] | None,
    speakers: _Speakers,
) -> list[Attribution]:
    """A sentence that is all quote, attributed in the sentence before it."""
    q_start, q_end = sentence.quotes[0]
    lead = text[sentence.start : q_start].strip(' “"«')
    tail = text[q_end : sentence.end].strip(' ”"».')
    if lead or tail or len(text[q_start:q_end].split()) < 4:
        return []
    if previous_speakers and previous_speakers[0]:
        entities, cue, mention, _ = previous_speakers
        found = _Found(entities, mention, 0, 0, "carried")
    else:
        prev_text = text[previous.start : previous.end]
        event = SPEECH_EVENT.search(prev_text)
        if not event:
            return []
        found = _subject_of(text, previous, speakers)
        if not found:
            return []
        cue = event.group()
    found = _Found(
        found.speakers,
        found.mention,
        found.start,
        found.end,
        "carried" if found.resolved_by != "new" else "new",
    )
    context = text[previous.start : sentence.end]
    results = _make(
        text,
        sentence,
        found,
        cue=cue,
        start=q_start,
        end=q_end,
        stance=ASSERTS,
        pattern="quote-split",
        confidence=0.7,
        context=context,
    )
    speakers.said(found.speakers, found.mention)
    return results
