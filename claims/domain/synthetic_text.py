"""Wording for the synthetic archive: claims, quotes, articles and verdicts.

Pure Python, no ORM. Search benchmarks are only as good as the words they
search, so the vocabulary is Zipf-distributed like real text: a few hundred
real words ("government", "vaccine", "troops") take most of the occurrences and
thousands of made-up but pronounceable words ("dravelon") form the long tail.
A query for a common word then matches a large share of the claims and one for
a rare word a handful, as in a real archive.

Everything draws from the ``random.Random`` it is given, so a seed gives the
same text on every run. Generation is on the hot path of a million-claim load:
the Zipf draws use precomputed cumulative weights (``Random.choices``), and
the article filler comes from a pool of sentences built once.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field


def _words(text: str) -> list[str]:
    """A word list written as one string, to keep long vocabularies readable."""
    return text.split()


# Real words first: Zipf ranks follow list order, so the first ones are the "very common" words.
NOUNS = _words(
    "government people country war president minister military troops election economy tax "
    "price vaccine police border health school children money oil gas energy budget law court "
    "army weapons sanctions inflation jobs workers farmers refugees migrants hospital doctors "
    "virus pandemic climate emissions water food bread wages pensions debt bank crime votes "
    "ballots media journalists parliament party opposition protest strike church soldiers "
    "civilians missiles drones tanks bridge airport railway pipeline grain wheat fertiliser "
    "electricity coal nuclear reactor dam forest flood drought fire teachers students "
    "universities patients deaths cases tests masks lockdown ministry agency commission "
    "report survey data study contract deal treaty agreement talks summit aid loan fund "
    "company factory plant mine port ship fleet prison judge mayor governor senator council "
    "region city village province capital embassy diplomats spies hackers election fraud "
    "census population birth rate unemployment salaries rents housing mortgages benefits "
    "subsidies tariffs exports imports cars fuel petrol diesel"
)
ADJECTIVES = _words(
    "new secret illegal foreign national local federal public private military nuclear "
    "chemical biological toxic cheap expensive massive record official hidden fake real free "
    "mandatory experimental armed rural urban western eastern northern southern former "
    "current annual emergency"
)
VERBS_PAST = _words(
    "hid banned approved cut raised doubled tripled destroyed built closed opened sold bought "
    "stole leaked faked rigged funded blocked ignored shelled bombed invaded annexed "
    "recognised deported arrested released censored cancelled delayed exported imported spent "
    "lost paid received"
)
VERBS_BASE = _words(
    "ban approve cut raise double destroy build close open sell buy block fund deploy invade "
    "annex deport arrest release censor cancel export import pay"
)
PLACES = _words(
    "Ukraine Russia Donbas Donetsk Luhansk Crimea Kyiv Moscow Kharkiv Mariupol Odesa Poland "
    "Germany France Italy Spain Britain London Paris Berlin Brussels Warsaw Hungary Romania "
    "Moldova Belarus Georgia Turkey Syria Iran Israel Gaza Egypt China Taiwan India Pakistan "
    "Japan Korea Brazil Mexico Canada Texas Ohio Florida California Africa Europe Asia "
    "America"
)
SUBJECTS = (
    "The government",
    "The president",
    "The opposition",
    "The army",
    "NATO",
    "The European Union",
    "The United Nations",
    "The World Health Organization",
    "The Kremlin",
    "The White House",
    "Officials",
    "Scientists",
    "The central bank",
    "The ministry",
    "Police",
    "The mayor",
    "Western media",
    "Big pharma",
    "The election commission",
    "Foreign agents",
)
GROUPS = (
    "voters",
    "teachers",
    "doctors",
    "pensioners",
    "farmers",
    "students",
    "soldiers",
    "migrants",
    "workers",
    "families",
    "young people",
    "residents",
)
TIMES = (
    "",
    "",
    "",
    " last year",
    " this year",
    " last month",
    " since the war began",
    " during the pandemic",
    " before the election",
    " after the summit",
    " in {year}",
    " in {year}",
    " since {year}",
    " between {year} and {year2}",
)
UNITS = ("percent", "million dollars", "billion euros", "thousand", "million", "tonnes")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
PLATFORMS = ("Facebook", "Telegram", "X", "TikTok", "YouTube", "WhatsApp", "VKontakte", "a blog")
SYLLABLES = _words(
    "ka ro mi ten vas lo dre pan sul cor vel ith mar bren tos ul gra fen zo bar lin quo sen "
    "dor pia nex tal wen ori sta mun gel kor fra lu"
)

FIRST_NAMES = _words(
    "Olena Sergey Anna Viktor Maria John Emma Pavel Irina Dmitry Oksana Petro Yulia Ivan "
    "Natalia Andriy Olga Mikhail Sarah James Laura Daniel Sofia Marco Elena Tomasz Agnieszka "
    "Hans Claire Pierre Ahmed Fatima Mehmet Li Wei Kenji Ana Carlos Lucia Jorge Amara Kwame "
    "Nadia Rustam Zurab Nino Giorgi Boris Vera Taras Bohdan Kateryna Roman Lina Arturs Maja"
)
LAST_NAMES = _words(
    "Kovalenko Ivanov Petrova Smith Jones Schmidt Dubois Rossi Garcia Novak Kowalski Horvat "
    "Popescu Shevchenko Bondarenko Tkachenko Melnyk Sokolov Volkov Orlova Morozov Lebedev "
    "Kuznetsov Nowak Wisniewski Muller Weber Fischer Martin Bernard Moreau Ricci Bianchi "
    "Lopez Martinez Silva Santos Yilmaz Kaya Chen Wang Tanaka Sato Okafor Mensah Haddad "
    "Aliyev Beridze Kapanadze Lukashenko Dvorak Horak Nagy Toth Ozols Berzins Kask Tamm"
)
COUNTRY_CODES = _words(
    "UA RU PL DE FR IT ES GB HU RO MD BY GE TR SY IR IL EG CN TW IN PK JP KR BR MX CA US LT LV EE"
)
OUTLET_WORDS = ("Herald", "Times", "Post", "Observer", "Daily", "Tribune", "Gazette", "News")
ORG_WORDS = ("Institute", "Foundation", "Council", "Centre", "Union", "Alliance", "Network")
GROUP_WORDS = ("Movement", "Front", "Bloc", "Coalition", "Brigade", "Initiative")
ROLES = (
    "Minister of Foreign Affairs of {c}",
    "Minister of Defence of {c}",
    "President of {c}",
    "Prime Minister of {c}",
    "Spokesperson for the Government of {c}",
    "Member of Parliament of {c}",
    "Governor of {p}",
    "Mayor of {p}",
    "Ambassador of {c} to the United Nations",
    "Opposition leader in {c}",
    "Military commander in {p}",
    "Health official in {p}",
    "Economist",
    "Political commentator",
    "Television presenter",
    "Blogger",
)
CUES = {
    "asserts": ("said", "claimed", "told reporters", "wrote", "insisted", "stated", "argued"),
    "denies": ("denied", "rejected the idea", "said it was false", "dismissed reports"),
    "questions": ("asked", "questioned", "wondered", "asked reporters"),
    "reports": ("reported", "was quoted as saying", "repeated", "relayed"),
}
QUOTE_LEADS = {
    "asserts": (
        "",
        "",
        "Let me be clear: ",
        "The truth is that ",
        "We have evidence that ",
        "Everyone knows that ",
        "It is a fact that ",
        "Our data show that ",
    ),
    "denies": (
        "It is simply not true that ",
        "Nobody serious believes that ",
        "It is a lie that ",
        "There is no evidence that ",
    ),
    "questions": ("Is it true that ", "Can anyone confirm that ", "Why is nobody asking whether "),
    "reports": ("Sources say that ", "According to local reports, ", "Residents say that "),
}
QUOTE_TAILS = ("", "", "", ", and we will prove it", ", whatever they tell you", ", full stop")
RATING_WEIGHTS = {  # a fact-checker's desk rates far more false claims than true ones
    "false": 34,
    "mostly-false": 18,
    "misleading": 16,
    "half-true": 12,
    "unproven": 8,
    "mostly-true": 7,
    "true": 5,
}
HEADLINE_OPENERS = {
    "false": "No, ",
    "mostly-false": "Mostly false: ",
    "misleading": "Misleading: ",
    "half-true": "Half true: ",
    "unproven": "Unproven: ",
    "mostly-true": "Mostly true: ",
    "true": "Yes, ",
}
LOWERABLE_FIRST_WORDS = {"The", "Officials", "Scientists", "Police", "Big", "Western", "Foreign"}
LOWERABLE_FIRST_WORDS |= {"Most", "Every", "There"}


def pseudo_words(count: int) -> list[str]:
    """``count`` distinct made-up words, the same list every time (no randomness)."""
    words: list[str] = []
    for length in (2, 3, 4):
        for combo in itertools.product(SYLLABLES, repeat=length):
            words.append("".join(combo))
            if len(words) == count:
                return words
    return words


def zipf_cum_weights(n: int, s: float = 1.05) -> list[float]:
    """Cumulative weights of ranks 1..n under Zipf's law with exponent ``s``."""
    return list(itertools.accumulate(rank**-s for rank in range(1, n + 1)))


@dataclass
class Zipf:
    """Draw from ``items`` with the first ones far likelier: ``rng.choices`` on a fixed table."""

    items: list
    s: float = 1.05
    cum: list[float] = field(init=False)

    def __post_init__(self):
        self.cum = zipf_cum_weights(len(self.items), self.s)

    def one(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cum)[0]

    def many(self, rng: random.Random, k: int) -> list:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


class Wording:
    """The synthetic archive's vocabulary, and sentences built from it.

    Built once per load (a few milliseconds); every method takes the
    ``random.Random`` to draw from.
    """

    def __init__(self, *, tail_words: int = 12_000, filler_sentences: int = 5_000):
        # The vocabulary is the same for every seed. (Test data, not secrets: S311 is moot.)
        rng = random.Random(0)  # noqa: S311
        tail = pseudo_words(tail_words)
        rng.shuffle(tail)
        self.nouns = Zipf([*NOUNS, *tail], s=1.0)
        self.adjectives = Zipf([*ADJECTIVES, *tail[::7]], s=1.1)
        self.places = Zipf([*PLACES, *(w.capitalize() for w in tail[1::5])], s=1.0)
        self.subjects = Zipf(list(SUBJECTS), s=0.8)
        self.verbs_past = Zipf(list(VERBS_PAST), s=0.7)
        self.verbs_base = Zipf(list(VERBS_BASE), s=0.7)
        self.filler = [self._filler_sentence(rng) for _ in range(filler_sentences)]

    # ------------------------------------------------------------------ pieces

    def noun_phrase(self, rng: random.Random) -> str:
        roll = rng.random()
        noun = self.nouns.one(rng)
        if roll < 0.35:
            return noun
        if roll < 0.7:
            return f"{self.adjectives.one(rng)} {noun}"
        return f"{noun} of {self.adjectives.one(rng)} {self.nouns.one(rng)}"

    def time_phrase(self, rng: random.Random, year: int) -> str:
        phrase = rng.choice(TIMES)
        return phrase.format(year=year - rng.randint(0, 6), year2=year) if "{" in phrase else phrase

    @staticmethod
    def number(rng: random.Random) -> str:
        value = int(10 ** rng.uniform(0.3, 5.5))
        return f"{value:,}"

    # ------------------------------------------------------------------ claims

    def claim_text(self, rng: random.Random, year: int) -> str:
        """One checkable sentence, e.g. "NATO secretly funded 4,200 drones in Poland since 2019"."""
        template = rng.randrange(6)
        when = self.time_phrase(rng, year)
        place = self.places.one(rng)
        if template == 0:
            return (
                f"{self.subjects.one(rng)} {self.verbs_past.one(rng)} {self.number(rng)} "
                f"{rng.choice(UNITS)} of {self.noun_phrase(rng)} in {place}{when}"
            )
        if template == 1:
            return (
                f"{self.subjects.one(rng)} {self.verbs_past.one(rng)} the "
                f"{self.noun_phrase(rng)} in {place}{when}"
            )
        if template == 2:
            return (
                f"{rng.randint(2, 98)} percent of {rng.choice(GROUPS)} in {place} "
                f"{rng.choice(('support', 'oppose', 'never received', 'lost'))} the "
                f"{self.noun_phrase(rng)}{when}"
            )
        if template == 3:
            subject, verb = self.subjects.one(rng), self.verbs_base.one(rng)
            phrase = self.noun_phrase(rng)
            soon = rng.choice(("next year", "this winter", "soon", f"by {year + 1}"))
            return f"{subject} will {verb} {phrase} in {place} {soon}"
        if template == 4:
            return f"There is no {self.noun_phrase(rng)} in {place}{when}"
        return (
            f"{place} {self.verbs_past.one(rng)} {self.number(rng)} {self.nouns.one(rng)} "
            f"from {self.places.one(rng)}{when}"
        )

    def context(self, rng: random.Random, year: int) -> str:
        if rng.random() < 0.3:
            return ""
        return (
            f"Shared widely on {rng.choice(PLATFORMS)} in {year}. "
            f"{rng.choice(self.filler)} {rng.choice(self.filler)}"
        )

    # ------------------------------------------------------------------ quotes and articles

    @staticmethod
    def lowered(claim: str) -> str:
        first, _, rest = claim.partition(" ")
        return f"{first.lower()} {rest}" if first in LOWERABLE_FIRST_WORDS else claim

    def quote(self, rng: random.Random, claim: str, stance: str, paraphrase: bool) -> str:
        """How an actor says the claim: the canonical wording, with their own lead and tail.

        A paraphrase is reported speech ("that the army shelled ..."), so it
        starts lower-case and carries no lead.
        """
        if paraphrase:
            return self.lowered(claim)
        lead = rng.choice(QUOTE_LEADS[stance])
        body = self.lowered(claim) if lead else claim
        end = "?" if stance == "questions" else rng.choice(QUOTE_TAILS)
        return f"{lead}{body}{end}"

    def _filler_sentence(self, rng: random.Random) -> str:
        form = rng.randrange(4)
        if form == 0:
            place, verb = self.places.one(rng), self.verbs_past.one(rng)
            phrase = self.noun_phrase(rng)
            return f"Officials in {place} {verb} the {phrase} on {rng.choice(WEEKDAYS)}."
        if form == 1:
            phrase = self.noun_phrase(rng)
            return f"The {phrase} remains a matter of debate among {rng.choice(GROUPS)}."
        if form == 2:
            return (
                f"Critics say the {self.noun_phrase(rng)} and the {self.noun_phrase(rng)} "
                f"were never discussed in {self.places.one(rng)}."
            )
        return f"Reporters could not independently verify the {self.noun_phrase(rng)}."

    # ------------------------------------------------------------------ verdicts

    def headline(self, claim: str, rating_slug: str) -> str:
        return f"{HEADLINE_OPENERS[rating_slug]}{self.lowered(claim)}"[:200]

    def conclusion(self, rng: random.Random, claim: str) -> str:
        return f"We found no record that {self.lowered(claim)}. {rng.choice(self.filler)}"[:600]

    def explanation(self, rng: random.Random) -> str:
        return " ".join(rng.choice(self.filler) for _ in range(rng.randint(2, 4)))


def person_name(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return f"{first} {last}", last
