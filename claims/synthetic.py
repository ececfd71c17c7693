"""A synthetic archive for load tests: a million claims in minutes, by COPY.

``manage.py generate_synthetic`` calls :func:`synthetic_archive_generate`. The
rows look like a newsroom's: a few actors make most of the statements (Zipf),
a few sources (long transcripts, reports) hold many statements while most
hold a handful, viral claims are repeated in hundreds of documents while most
are said once, most claims are published and rated, with a fact-checker's
skew towards "False". The words come from ``claims.domain.synthetic_text``.

Every row satisfies the database's constraints *and* the models' rules, so
the pages, the API and the search behave on it as on real data: each quote is
anchored, i.e. stands in its source's text at its offsets; each claim's
seen dates, search document (``claims.search``), each source's text hash and
each name's folded form are what ``save()``, the services and the signals
would have derived. Nothing else is written: no edit history (the archive was
never edited) and no statement candidates.

Why it is fast:

* Rows are streamed with ``COPY ... FROM STDIN`` in text format, built as
  strings in Python (dates and timestamps come from a table built once), no
  ORM and no per-row query. Primary keys are handed out in Python from each
  table's sequence (:class:`_Ids`), so rows can point at each other before
  they exist.
* A writer thread sends the rows while Python builds the next ones
  (:class:`_Writer`): on two cores, Python and PostgreSQL work side by side.
* The foreign keys and the search index are dropped for the load and
  re-created at its end, inside the same transaction (:class:`_DeferredSchema`):
  one join checks each key instead of one probe per row. Measured on 30,000
  claims, the per-row checks took as long as the rest of the load.
* The search document is computed by PostgreSQL while the claim rows go in
  (``INSERT ... SELECT`` from a staging table holding the quotes and verdict
  text), never by an ``UPDATE`` afterwards, which would write every claim row
  and its six index entries twice.
* Source texts are built from their statements, so the offsets are known as
  the text is written; no search of the text for the quote.

Synthetic rows are the ones whose slug starts with :data:`SLUG_PREFIX`
(claims, actors, sources, topics) and everything hanging from them; ``reset``
deletes them first, so a run never collides with an earlier one nor with
curated data (whose slugs, URLs and wordings are left alone).
"""

from __future__ import annotations

import array
import datetime
import itertools
import queue
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models.functions import Lower

from claims.caching import content_version_bump
from claims.domain import synthetic_text as words
from claims.domain.anchoring import CONTEXT_CHARS
from claims.models import Actor, Claim, Rating, Source, Topic
from claims.models.actors import normalise_name
from claims.models.sources import text_fingerprint
from claims.publicity import publicity_refresh
from claims.scorecards import scorecards_forget_all
from claims.search import SEARCH_CONFIG
from claims.search_dates import seen_lexemes_sql

SLUG_PREFIX = "syn-"
#: Statements per claim on average, as in the curated corpus.
STATEMENTS_PER_CLAIM = 3.0
#: The tables written, in the order written; the summary reports them in this order.
TABLES = (
    "claims_actor",
    "claims_actoralias",
    "claims_topic",
    "claims_source",
    "claims_statement",
    "claims_claim",
    "claims_claim_topics",
    "claims_review",
    "claims_evidence",
    "claims_claimrelation",
)
#: Claims staged, searched-indexed and inserted per round trip.
CLAIM_CHUNK = 50_000
#: Sources (with their statements) per pair of COPYs.
SOURCE_CHUNK = 20_000
FIRST_DAY = datetime.date(2014, 1, 1)
DAYS = 11 * 365  # claims are first seen between 2014 and the end of 2024
LATEST_DAY = DAYS + 400  # room for repeats, verdicts and archiving after the last one
SOURCE_MAX_STATEMENTS = 400  # the longest transcript
AUTHORS = ("Desk editor", "Olha Marchenko", "Tom Reyes", "Ines Duarte", "Pavlo Hnatyuk")
STATUS_WEIGHTS = {"published": 86, "draft": 7, "in_review": 5, "archived": 2}
ACTOR_KINDS = {"person": 60, "organisation": 12, "government": 10, "outlet": 10, "group": 6}
ACTOR_KINDS["other"] = 2
SOURCE_KINDS = {"article": 62, "official_statement": 9, "press_release": 8, "social_post": 10}
SOURCE_KINDS["report"] = 5
SOURCE_KINDS["other"] = 6
STANCES = {"asserts": 62, "reports": 18, "denies": 12, "questions": 8}
RELATION_KINDS = {"contradicts": 50, "supports": 25, "refines": 15, "same_as": 10}
TOPICS = [
    "Sanctions",
    "Energy",
    "Elections",
    "Vaccines",
    "Migration",
    "Inflation",
    "Donbas",
    "Crimea",
    "Grain",
    "Climate",
    "Nuclear",
    "safety",
    "Health",
    "Education",
    "Pensions",
    "Taxes",
    "Crime",
    "Media",
    "freedom",
    "Corruption",
    "Border",
    "Military",
    "aid",
    "Refugees",
    "Housing",
    "Jobs",
    "Food",
    "prices",
    "Water",
    "Transport",
    "Cyberattacks",
    "Diplomacy",
    "Human",
    "rights",
]
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class Summary:
    """What a run wrote: rows per table, and how long each phase took."""

    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    phases: dict[str, float] = field(default_factory=dict)
    deleted: int = 0
    #: Seconds the database spent storing each table's rows (overlapping the phases).
    database: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


class SyntheticDataPresent(Exception):
    """Synthetic rows are already there; pass ``reset`` to replace them."""


# --------------------------------------------------------------------------- COPY plumbing


def _esc(value: str) -> str:
    """A string as COPY's text format wants it (the generated text has no tabs or backslashes,
    but source texts have line breaks)."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


def _copy(cursor, table: str, columns: str, lines: Iterable[str], *, batch: int = 5_000) -> int:
    """Stream ``lines`` (tab-separated, newline-terminated) into ``table``; return how many."""
    count = 0
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            if len(buffer) >= batch:
                copy.write("".join(buffer))
                count += len(buffer)
                buffer.clear()
        if buffer:
            copy.write("".join(buffer))
            count += len(buffer)
    return count


class _Ids:
    """Primary keys handed out in Python, from each table's sequence.

    The first key comes from ``nextval`` and the sequence is moved past the
    last one handed out at the end (:meth:`close`). Safe because the tables
    are locked against other writers for the load (an INSERT waits for the
    lock before it draws its key).
    """

    def __init__(self, cursor, tables: Iterable[str]):
        self.cursor = cursor
        self.sequences, self.next = {}, {}
        for table in tables:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (self.sequences[table],) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s)", [self.sequences[table]])
            (self.next[table],) = cursor.fetchone()

    def take(self, table: str, count: int) -> int:
        first = self.next[table]
        self.next[table] += count
        return first

    def close(self) -> None:
        for table, sequence in self.sequences.items():
            self.cursor.execute("SELECT setval(%s, %s, false)", [sequence, self.next[table]])


class _Writer:
    """Runs the COPYs and statements in order on a thread of its own.

    Python builds the next chunk of rows while PostgreSQL stores the last
    one (parsing, indexing, computing search documents): on two cores this
    nearly halves the load. psycopg releases the GIL while it waits on the
    server. The connection is used by this thread alone until :meth:`close`.
    """

    def __init__(self, cursor, *, depth: int = 3):
        self.cursor = cursor
        self.jobs: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.seconds: dict[str, float] = {}  # database time per table, for the summary
        self.thread = threading.Thread(target=self._work, name="synthetic-writer", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while (item := self.jobs.get()) is not None:
            label, job = item
            if self.error is None:
                started = time.perf_counter()
                try:
                    job()
                except BaseException as error:  # re-raised in the caller's thread
                    self.error = error
                took = time.perf_counter() - started
                self.seconds[label] = self.seconds.get(label, 0.0) + took

    def _submit(self, label: str, job) -> None:
        if self.error is not None:
            self.close()
        self.jobs.put((label, job))

    def copy(self, table: str, columns: str, lines: Iterable[str], *, batch: int = 5_000) -> int:
        """Queue a COPY of ``lines`` into ``table``; return how many rows it will write."""
        lines = list(lines)
        self._submit(table, lambda: _copy(self.cursor, table, columns, lines, batch=batch))
        return len(lines)

    def execute(self, sql: str, *, label: str = "other statements") -> None:
        self._submit(label, lambda: self.cursor.execute(sql))

    def close(self) -> None:
        """Wait for every queued job; raise the first error one of them met."""
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error


class _DeferredSchema:
    """Foreign keys and the search indexes, dropped for the load and rebuilt after it.

    PostgreSQL's documented way of loading a lot of data ("Populating a
    Database"): with the foreign keys in place each row queues a check that
    runs at commit, one index probe per reference (measured: a third of the
    load's time); re-adding a key checks the whole table in one join.
    Likewise one GIN build is far cheaper than a million insertions into it.
    Both are dropped and re-created inside the load's transaction, so a
    failure restores them; the statements are PostgreSQL's own
    (``pg_get_constraintdef``, ``pg_indexes``), names included.
    """

    INDEXES = ("claim_search_vector", "claim_published_search_weeks")

    def __init__(self, cursor, tables: Iterable[str]):
        self.cursor = cursor
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [list(tables)],
        )
        self.foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(self.INDEXES)],
        )
        self.indexes = cursor.fetchall()

    def drop(self) -> None:
        # PostgreSQL refuses to alter a table with checks still pending from earlier in
        # the transaction (a --reset, a fixture): run them now, then defer as Django does.
        self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
        for table, name, _ in self.foreign_keys:
            self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in self.indexes:
            self.cursor.execute(f'DROP INDEX "{name}"')

    def restore(self) -> None:
        for _, definition in self.indexes:
            self.cursor.execute(definition)
        for table, name, definition in self.foreign_keys:
            self.cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _slug_words(text: str, limit: int = 60) -> str:
    return _NOT_SLUG.sub("-", text.lower())[:limit].strip("-")


def _weighted(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


class _Calendar:
    """Day numbers to COPY's date and timestamp strings, formatted once."""

    def __init__(self):
        self.day = [(FIRST_DAY + datetime.timedelta(d)).isoformat() for d in range(LATEST_DAY)]

    def at(self, day: int, hour: int = 9, minute: int = 0) -> str:
        return f"{self.day[min(day, LATEST_DAY - 1)]} {hour:02d}:{minute:02d}:00+00"


# --------------------------------------------------------------------------- the load


class _Load:
    """One run: plans the rows with its own ``random.Random`` and COPYs them in order."""

    def __init__(self, cursor, *, claims: int, seed: int, statements_per_claim: float, progress):
        self.cursor = cursor
        self.n_claims = claims
        self.n_statements = max(claims, round(claims * statements_per_claim))
        self.rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
        self.wording = words.Wording()
        self.calendar = _Calendar()
        self.summary = Summary()
        self.progress = progress or (lambda message: None)
        self._clock = time.perf_counter()

    def phase(self, name: str) -> None:
        now = time.perf_counter()
        self.summary.phases[name] = now - self._clock
        self._clock = now
        self.progress(f"{name}: {self.summary.phases[name]:.1f} s")

    # ------------------------------------------------------------------ actors

    def actors(self) -> None:
        rng, n = self.rng, max(12, self.n_claims // 25)
        kinds = list(ACTOR_KINDS) + _weighted(rng, ACTOR_KINDS, n - len(ACTOR_KINDS))
        first_id = self.ids.take("claims_actor", n)
        hubs = [
            first_id + i for i, kind in enumerate(kinds) if kind in ("government", "organisation")
        ]
        self.actor_ids = list(range(first_id, first_id + n))
        self.actor_names: list[str] = []
        self.actor_aliases: list[list[str]] = []
        self.fact_checkers: list[int] = []
        actor_lines, alias_lines = [], []
        now = self.calendar.at(DAYS)
        for i, kind in enumerate(kinds):
            pk = first_id + i
            place = self.wording.places.one(rng)
            country = rng.choice(words.COUNTRY_CODES) if kind in ("person", "government") else ""
            aliases: list[str] = []
            affiliation = "\\N"
            url = ""
            if kind == "person":
                name, last = words.person_name(rng)
                role = rng.choice(words.ROLES).format(c=country, p=place)
                aliases.append(last)
                if rng.random() < 0.3:
                    aliases.append(f"{name[0]}. {last}")
                if rng.random() < 0.5:
                    affiliation = str(rng.choice(hubs))
            elif kind == "government":
                name = f"Government of {place}"
                role = "National government"
                aliases.append(f"{place} authorities")
            elif kind == "outlet":
                name = f"The {place} {rng.choice(words.OUTLET_WORDS)}"
                role = "News outlet"
                aliases.append(name.removeprefix("The "))
                url = f"https://{_slug_words(name)}-{i + 1}.example.org/"
                if len(self.fact_checkers) < 5:
                    self.fact_checkers.append(pk)
            else:
                noun = self.wording.nouns.one(rng).capitalize()
                suffix = words.GROUP_WORDS if kind == "group" else words.ORG_WORDS
                name = f"{place} {noun} {rng.choice(suffix)}"
                role = "Pressure group" if kind == "group" else "Organisation"
                aliases.append("".join(w[0] for w in name.split()).upper())
            slug = f"{SLUG_PREFIX}{_slug_words(name)}-{i + 1}"
            same_as = f"https://example.org/synthetic/actors/{i + 1}" if rng.random() < 0.3 else ""
            actor_lines.append(
                f"{pk}\t{now}\t{now}\t{name}\t{normalise_name(name)}\t{slug}\t{kind}\t{role}\t"
                f"\t{country}\t{same_as}\t{affiliation}\t{url}\n"
            )
            seen = {normalise_name(name)}
            kept = []
            for alias in aliases:
                folded = normalise_name(alias)
                if folded not in seen:
                    seen.add(folded)
                    kept.append(alias)
                    alias_lines.append((alias, folded, pk))
            self.actor_names.append(name)
            self.actor_aliases.append(kept)
        if not self.fact_checkers:  # a tiny archive without an outlet: the first one checks
            self.fact_checkers.append(first_id)
        self.summary.rows["claims_actor"] = self.writer.copy(
            "claims_actor",
            "id, created_at, updated_at, name, name_normalised, slug, kind, role, description, "
            "country, same_as, affiliation_id, url",
            actor_lines,
        )
        first_alias = self.ids.take("claims_actoralias", len(alias_lines))
        self.summary.rows["claims_actoralias"] = self.writer.copy(
            "claims_actoralias",
            "id, name, normalised, actor_id",
            (
                f"{first_alias + i}\t{name}\t{folded}\t{actor}\n"
                for i, (name, folded, actor) in enumerate(alias_lines)
            ),
        )
        # Zipf over a shuffled ranking: the most quoted actors are not the first created.
        ranking = list(range(n))
        rng.shuffle(ranking)
        self.actor_ranked = ranking
        self.actor_cum = words.zipf_cum_weights(n, s=1.1)
        self.phase("actors")

    # ------------------------------------------------------------------ topics

    def topics(self) -> None:
        rng, n = self.rng, max(6, min(400, 10 + self.n_claims // 2500))
        taken = self.taken_topics
        names: list[str] = []
        for i in itertools.count():
            base = TOPICS[i % len(TOPICS)]
            name = base if i < len(TOPICS) else f"{base} in {words.PLACES[i % len(words.PLACES)]}"
            if i >= len(TOPICS) * len(words.PLACES):
                name = f"{name} ({i})"
            if name.lower() not in taken:
                taken.add(name.lower())
                names.append(name)
            if len(names) == n:
                break
        first_id = self.ids.take("claims_topic", n)
        now = self.calendar.at(0)
        self.summary.rows["claims_topic"] = self.writer.copy(
            "claims_topic",
            "id, created_at, updated_at, name, slug, description",
            (
                f"{first_id + i}\t{now}\t{now}\t{name}\t{SLUG_PREFIX}{_slug_words(name)}-{i + 1}\t"
                f"Claims about {name.lower()}.\n"
                for i, name in enumerate(names)
            ),
        )
        self.topic_ids = list(range(first_id, first_id + n))
        self.topic_cum = words.zipf_cum_weights(n, s=1.0)
        rng.random()  # keep the stream independent of how many topic names collided
        self.phase("topics")

    # ------------------------------------------------------------------ claims (wording)

    def claim_plan(self) -> None:
        """Each claim's wording, status and first day; which claims are repeated most."""
        rng, n = self.rng, self.n_claims
        taken = self.taken_claims
        claim_text = self.wording.claim_text
        # Numbered in the order first seen, as a newsroom writes them: its table grows in
        # time, so the recent claims a search's windows read lie on the table's last pages.
        # (In no order, each of a window's matches was on a page of its own.)
        days = (int(DAYS * (1 - rng.random() ** 1.5)) for _ in range(n))
        self.base_day = array.array("i", sorted(days))
        texts: list[str] = []
        for day in self.base_day:
            while True:
                text = claim_text(rng, 2014 + day // 365)
                lower = text.lower()
                if lower not in taken:
                    taken.add(lower)
                    texts.append(text)
                    break
        self.texts = texts
        self.status = _weighted(rng, STATUS_WEIGHTS, n)
        # Statements per claim: one each, the rest to claims by a log-normal popularity,
        # so a few claims go viral (hundreds of statements) and most are said once.
        counts = array.array("i", [1]) * n
        extra = self.n_statements - n
        if extra:
            popularity = [rng.lognormvariate(0, 1.2) for _ in range(n)]
            cum = list(itertools.accumulate(popularity))
            for c in rng.choices(range(n), cum_weights=cum, k=extra):
                counts[c] += 1
        self.first_statement = array.array("q", itertools.accumulate(counts, initial=0))
        self.phase("claims planned")

    # ------------------------------------------------------------------ sources and statements

    def sources_and_statements(self) -> None:
        """Statements grouped into sources by date; each source's text built around its quotes."""
        rng, m = self.rng, self.n_statements
        statement_claim = array.array("i", bytes(4 * m))
        day_of = array.array("i", bytes(4 * m))
        for c in range(self.n_claims):
            start, end = self.first_statement[c], self.first_statement[c + 1]
            base = self.base_day[c]
            for s in range(start, end):
                statement_claim[s] = c
                # Repeats follow the first statement by weeks; one that would fall after
                # the archive's last day wraps back into the claim's own days instead of
                # piling onto that last day (which then held 30 times its neighbours).
                day_of[s] = (
                    base if s == start else base + int(rng.expovariate(1 / 40)) % (DAYS - base)
                )
        actor_of = rng.choices(self.actor_ranked, cum_weights=self.actor_cum, k=m)
        stance_of = _weighted(rng, STANCES, m)
        # Bucket by day and shuffle within a day: an article quotes that week's claims.
        by_day: list[list[int]] = [[] for _ in range(DAYS)]
        for s in range(m):
            by_day[day_of[s]].append(s)
        order: list[int] = []
        for bucket in by_day:
            rng.shuffle(bucket)
            order.extend(bucket)
        del by_day
        # Source sizes: Pareto, so most hold a few statements and a few hold hundreds.
        sizes: list[int] = []
        placed = 0
        while placed < m:
            size = min(SOURCE_MAX_STATEMENTS, int(2 * rng.paretovariate(1.25)), m - placed)
            sizes.append(size)
            placed += size
        n_sources = len(sizes)
        first_source = self.ids.take("claims_source", n_sources)
        first_statement = self.ids.take("claims_statement", m)
        self.first_seen = array.array("i", [LATEST_DAY]) * self.n_claims
        self.last_seen = array.array("i", [-1]) * self.n_claims
        self.quotes: list[str] = [""] * m
        self.source_ids = (first_source, n_sources)
        publishers = words.Zipf([*self.outlet_names(), *self._extra_publishers()], s=1.0)
        # Every claim's last day before any statement is written: a statement carries its
        # claim's (``claim_last_seen``, migration 0015), and a claim is last seen on the
        # day of its latest source, which is the day of that source's latest statement.
        position = 0
        for size in sizes:
            members = order[position : position + size]
            position += size
            day = max(day_of[s] for s in members)
            for s in members:
                if day > self.last_seen[statement_claim[s]]:
                    self.last_seen[statement_claim[s]] = day

        position = 0
        for chunk_start in range(0, n_sources, SOURCE_CHUNK):
            source_lines: list[str] = []
            statement_lines: list[str] = []
            for j in range(chunk_start, min(n_sources, chunk_start + SOURCE_CHUNK)):
                members = order[position : position + sizes[j]]
                position += sizes[j]
                self._source(
                    rng,
                    first_source + j,
                    j,
                    members,
                    day=max(day_of[s] for s in members),
                    publisher=publishers.one(rng),
                    statement_claim=statement_claim,
                    actor_of=actor_of,
                    stance_of=stance_of,
                    first_statement=first_statement,
                    source_lines=source_lines,
                    statement_lines=statement_lines,
                )
            self.summary.rows["claims_source"] += self.writer.copy(
                "claims_source",
                "id, created_at, updated_at, title, slug, publisher, url, published_on, "
                "date_precision, language, kind, text, text_hash, url_only",
                source_lines,
                batch=500,
            )
            self.summary.rows["claims_statement"] += self.writer.copy(
                "claims_statement",
                'id, created_at, updated_at, start, "end", exact, prefix, suffix, anchor_status, '
                "stance, mode, cue, said_on, note, actor_id, claim_id, source_id, claim_last_seen",
                statement_lines,
            )
            self.progress(f"  sources {min(n_sources, chunk_start + SOURCE_CHUNK):,}/{n_sources:,}")
        self.phase("sources and statements")

    def outlet_names(self) -> list[str]:
        return [n for n in self.actor_names if n.startswith("The ")][:40]

    @staticmethod
    def _extra_publishers() -> list[str]:
        return [f"{place} {word}" for place in words.PLACES[:12] for word in words.OUTLET_WORDS[:4]]

    def _source(
        self,
        rng: random.Random,
        pk: int,
        index: int,
        members: list[int],
        *,
        day: int,
        publisher: str,
        statement_claim,
        actor_of,
        stance_of,
        first_statement: int,
        source_lines: list[str],
        statement_lines: list[str],
    ) -> None:
        wording, calendar, texts = self.wording, self.calendar, self.texts
        filler = wording.filler
        parts = [rng.choice(filler)]
        length = len(parts[0])
        placed = []  # (statement, start, end, mode, cue, said_on)
        for s in members:
            claim = statement_claim[s]
            actor = actor_of[s]
            stance = stance_of[s]
            aliases = self.actor_aliases[actor]
            speaker = (
                rng.choice(aliases) if aliases and rng.random() < 0.4 else self.actor_names[actor]
            )
            paraphrase = rng.random() < 0.25
            quote = wording.quote(rng, texts[claim], stance, paraphrase)
            cue = rng.choice(words.CUES[stance])
            if paraphrase:
                verb = "asked whether" if stance == "questions" else f"{cue} that"
                lead = f"\n\n{speaker} {verb} "
                tail = "."
            else:
                lead = f"\n\n{rng.choice(filler)} “" if rng.random() < 0.5 else "\n\n“"
                tail = f"” {speaker} {cue}." if quote.endswith("?") else f",” {speaker} {cue}."
            start = length + len(lead)
            end = start + len(quote)
            parts += (lead, quote, tail)
            length = end + len(tail)
            self.quotes[s] = quote
            said_on = max(0, day - rng.randint(0, 3)) if rng.random() < 0.6 else None
            seen = said_on if said_on is not None else day
            if seen < self.first_seen[claim]:
                self.first_seen[claim] = seen
            placed.append((s, start, end, paraphrase, cue, said_on))
        text = "".join(parts)
        created = calendar.at(day, 8)
        source_kind = "transcript" if len(members) > 40 else _weighted(rng, SOURCE_KINDS, 1)[0]
        precision = "approximate" if rng.random() < 0.05 else "exact"
        slug = f"{SLUG_PREFIX}s{index + 1}-{_slug_words(texts[statement_claim[members[0]]], 50)}"
        title = f"{self.actor_names[actor_of[members[0]]]}: {texts[statement_claim[members[0]]]}"
        date = calendar.day[day]
        source_lines.append(
            f"{pk}\t{created}\t{created}\t{title[:300]}\t{slug}\t{publisher}\t"
            f"https://{_slug_words(publisher)}.example.com/{date[:4]}/{date[5:7]}/{slug}\t{date}\t"
            f"{precision}\ten\t{source_kind}\t{_esc(text)}\t{text_fingerprint(text)}\tf\n"
        )
        claim_ids_first = self.first_claim_id
        for s, start, end, paraphrase, cue, said_on in placed:
            statement_lines.append(
                f"{first_statement + s}\t{created}\t{created}\t{start}\t{end}\t{self.quotes[s]}\t"
                f"{_esc(text[max(0, start - CONTEXT_CHARS) : start])}\t"
                f"{_esc(text[end : end + CONTEXT_CHARS])}\tanchored\t{stance_of[s]}\t"
                f"{'paraphrase' if paraphrase else 'direct'}\t{cue}\t"
                f"{calendar.day[said_on] if said_on is not None else chr(92) + 'N'}\t\t"
                f"{self.actor_ids[actor_of[s]]}\t{claim_ids_first + statement_claim[s]}\t{pk}\t"
                f"{calendar.day[self.last_seen[statement_claim[s]]]}\n"
            )

    # ------------------------------------------------------------------ claims, verdicts, evidence

    def claims_and_verdicts(self) -> None:
        """Claims with their search document, and their verdicts, evidence and topics.

        The claims go through a staging table so that PostgreSQL computes the
        search document as it inserts them: the same expression as
        ``claims.search.search_vector_expression``, on the same text (the
        quotes, and the label, headline, conclusion and explanation of the
        published verdicts, and the day last seen as ``claims.search_dates``
        spells it).
        """
        rng, calendar = self.rng, self.calendar
        self.writer.execute(
            "CREATE TEMP TABLE syn_claim_stage (LIKE claims_claim) ON COMMIT DROP;"
            "ALTER TABLE syn_claim_stage DROP COLUMN search_vector,"
            " ADD COLUMN verdicts text, ADD COLUMN quotes text, ADD COLUMN explanations text"
        )
        columns = (
            "id, created_at, updated_at, text, slug, context, status, published_at, "
            "first_seen, last_seen, archived_at"
        )
        config = f"'{SEARCH_CONFIG}'::regconfig"
        # Built from this module's constants only (column names, the search configuration).
        insert = (
            f"INSERT INTO claims_claim ({columns}, search_vector) SELECT {columns}, "  # noqa: S608
            f"setweight(to_tsvector({config}, COALESCE(text, '')), 'A')"
            f" || setweight(to_tsvector({config}, COALESCE(verdicts, '')), 'B')"
            f" || setweight(to_tsvector({config}, COALESCE(quotes, '')), 'C')"
            f" || setweight(to_tsvector({config}, COALESCE(context, '') || ' ' ||"
            f" COALESCE(explanations, '')), 'D')"
            f" || {seen_lexemes_sql('last_seen')} FROM syn_claim_stage; TRUNCATE syn_claim_stage"
        )
        ratings = self.ratings
        rating_slugs = list(ratings)
        rating_weights = [words.RATING_WEIGHTS[slug] for slug in rating_slugs]
        source_first, n_sources = self.source_ids
        first_id = self.first_claim_id
        for chunk_start in range(0, self.n_claims, CLAIM_CHUNK):
            chunk = range(chunk_start, min(self.n_claims, chunk_start + CLAIM_CHUNK))
            stage, reviews, evidence, topics = [], [], [], []
            for c in chunk:
                pk = first_id + c
                text, status = self.texts[c], self.status[c]
                first, last = self.first_seen[c], self.last_seen[c]
                year = 2014 + first // 365
                context = self.wording.context(rng, year)
                published_day = first + rng.randint(1, 10)
                published_at = archived_at = "\\N"
                if status in ("published", "archived"):
                    published_at = calendar.at(
                        published_day, rng.randint(7, 20), rng.randint(0, 59)
                    )
                if status == "archived":
                    archived_at = calendar.at(published_day + rng.randint(30, 300))
                created = calendar.at(first + 1, 7)
                updated = published_at if published_at != "\\N" else created
                # Verdicts: (status, rating slug, day, external?)
                plan = []
                if status in ("published", "archived"):
                    if rng.random() < 0.92:
                        if rng.random() < 0.1:  # an earlier verdict, superseded by the newer one
                            plan.append(("published", published_day, False))
                            published_day += rng.randint(20, 200)
                        plan.append(("published", published_day, rng.random() < 0.05))
                    if rng.random() < 0.04:
                        plan.append(("draft", published_day + 1, False))
                elif rng.random() < 0.4:
                    plan.append((rng.choice(("draft", "in_review")), first + 2, False))
                verdict_text, explanations = [], []
                for review_status, day, external in plan:
                    slug = rng.choices(rating_slugs, weights=rating_weights)[0]
                    rating_id, label = ratings[slug]
                    headline = self.wording.headline(text, slug)
                    conclusion = self.wording.conclusion(rng, text)
                    explanation = self.wording.explanation(rng)
                    at = calendar.at(day, rng.randint(7, 20), rng.randint(0, 59))
                    reviews.append(
                        (
                            pk,
                            rating_id,
                            review_status,
                            at,
                            headline,
                            conclusion,
                            explanation,
                            external,
                        )
                    )
                    if review_status == "published":
                        verdict_text.append(f"{label} {headline} {conclusion}")
                        explanations.append(explanation)
                quotes = " ".join(
                    self.quotes[self.first_statement[c] : self.first_statement[c + 1]]
                )
                stage.append(
                    f"{pk}\t{created}\t{updated}\t{text}\t"
                    f"{SLUG_PREFIX}{_slug_words(text)}-{c + 1}\t"
                    f"{context}\t{status}\t{published_at}\t{calendar.day[first]}\t"
                    f"{calendar.day[last]}\t{archived_at}\t"
                    f"{' '.join(verdict_text) if verdict_text else chr(92) + 'N'}\t{quotes}\t"
                    f"{' '.join(explanations) if explanations else chr(92) + 'N'}\n"
                )
                for _ in range(rng.choices((0, 1, 2, 3), weights=(25, 45, 22, 8))[0]):
                    stance = rng.choices(("refutes", "supports", "context"), weights=(55, 20, 25))[
                        0
                    ]
                    if rng.random() < 0.6:
                        evidence.append((pk, stance, source_first + rng.randrange(n_sources)))
                    else:
                        evidence.append((pk, stance, None))
                k = rng.choices((0, 1, 2, 3), weights=(5, 55, 30, 10))[0]
                for topic in set(rng.choices(self.topic_ids, cum_weights=self.topic_cum, k=k)):
                    topics.append((pk, topic))
            self.writer.copy("syn_claim_stage", f"{columns}, verdicts, quotes, explanations", stage)
            self.writer.execute(insert, label="claims_claim (search documents)")
            self.summary.rows["claims_claim"] += len(stage)
            self._write_reviews(reviews)
            self._write_evidence(evidence)
            first_topic = self.ids.take("claims_claim_topics", len(topics))
            self.summary.rows["claims_claim_topics"] += self.writer.copy(
                "claims_claim_topics",
                "id, claim_id, topic_id",
                (f"{first_topic + i}\t{c}\t{t}\n" for i, (c, t) in enumerate(topics)),
            )
            self.progress(f"  claims {chunk.stop:,}/{self.n_claims:,}")
        self.writer.execute("DROP TABLE syn_claim_stage")
        self.phase("claims, verdicts, evidence, topics")

    def _write_reviews(self, reviews: list[tuple]) -> None:
        if not reviews:
            return
        rng = self.rng
        first_id = self.ids.take("claims_review", len(reviews))
        lines = []
        for i, (
            claim,
            rating,
            status,
            at,
            headline,
            conclusion,
            explanation,
            external,
        ) in enumerate(reviews):
            pk = first_id + i
            published = at if status == "published" else "\\N"
            reviewer, url, original = "\\N", "", ""
            if external:
                reviewer = str(rng.choice(self.fact_checkers))
                url = f"https://factcheck.example.net/{SLUG_PREFIX}review-{pk}"
                original = headline.split(":")[0].split(",")[0]
            lines.append(
                f"{pk}\t{at}\t{at}\t{headline}\t{conclusion}\t{explanation}\t"
                f"{rng.choice(AUTHORS)}\t{status}\t{published}\t{claim}\t{rating}\t\t{original}\t"
                f"{reviewer}\t{url}\n"
            )
        self.summary.rows["claims_review"] += self.writer.copy(
            "claims_review",
            "id, created_at, updated_at, headline, conclusion, explanation, author_name, status, "
            "published_at, claim_id, rating_id, language, original_rating, reviewer_id, url",
            lines,
        )

    def _write_evidence(self, evidence: list[tuple]) -> None:
        if not evidence:
            return
        rng, filler = self.rng, self.wording.filler
        first_id = self.ids.take("claims_evidence", len(evidence))
        now = self.calendar.at(DAYS)
        lines = []
        for i, (claim, stance, source) in enumerate(evidence):
            pk = first_id + i
            if source is None:
                url = f"https://data.example.org/{SLUG_PREFIX}evidence-{pk}"
                title = f"Dataset {pk}: {rng.choice(filler)[:200]}"
                source = "\\N"
            else:
                url = title = ""
            lines.append(
                f"{pk}\t{now}\t{now}\t\\N\t\\N\t\t\t\tanchored\t{stance}\t{url}\t{title}\t"
                f"{rng.choice(filler)}\t{claim}\t{source}\n"
            )
        self.summary.rows["claims_evidence"] += self.writer.copy(
            "claims_evidence",
            'id, created_at, updated_at, start, "end", exact, prefix, suffix, anchor_status, '
            "stance, url, title, note, claim_id, source_id",
            lines,
        )

    # ------------------------------------------------------------------ relations

    def relations(self) -> None:
        """Counter-claims and related claims, mostly between claims of the same period.

        "Near" is by first day (the claims' order, :meth:`claim_plan`): a pair
        is drawn among claims whose first day is close, and each unordered pair
        at most once (``relation_one_per_pair``).
        """
        rng, n = self.rng, self.n_claims
        if n < 2:
            return
        pairs: set[tuple[int, int]] = set()
        wanted = int(n * 0.3)
        for _ in range(wanted * 3):
            if len(pairs) == wanted:
                break
            i = rng.randrange(n)
            j = min(n - 1, max(0, i + rng.choice((-1, 1)) * rng.randint(1, 50)))
            if i != j:
                pairs.add((min(i, j), max(i, j)))
        kinds = _weighted(rng, RELATION_KINDS, len(pairs))
        first_id = self.ids.take("claims_claimrelation", len(pairs))
        now = self.calendar.at(DAYS)
        base = self.first_claim_id
        lines = []
        for i, ((a, b), kind) in enumerate(zip(sorted(pairs), kinds, strict=True)):
            if rng.random() < 0.5:
                a, b = b, a
            lines.append(f"{first_id + i}\t{now}\t{now}\t{kind}\t\t{base + a}\t{base + b}\n")
        self.summary.rows["claims_claimrelation"] = self.writer.copy(
            "claims_claimrelation",
            "id, created_at, updated_at, kind, note, from_claim_id, to_claim_id",
            lines,
        )
        self.phase("relations")

    def read_existing(self) -> None:
        """What the curated rows already use: topic names, claim wordings, the ratings."""
        self.taken_topics = set(
            Topic.objects.annotate(lower=Lower("name")).values_list("lower", flat=True)
        )
        self.taken_claims = set(
            Claim.objects.annotate(lower=Lower("text")).values_list("lower", flat=True)
        )
        self.ratings = {
            r.slug: (r.pk, r.label)
            for r in Rating.objects.filter(scale__is_default=True, slug__in=words.RATING_WEIGHTS)
        }
        if not self.ratings:
            raise RuntimeError("No default rating scale: run the migrations first.")

    def run(self) -> Summary:
        self.cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN SHARE ROW EXCLUSIVE MODE")
        self.read_existing()
        schema = _DeferredSchema(self.cursor, TABLES)
        schema.drop()
        self.ids = _Ids(self.cursor, TABLES)
        self.writer = _Writer(self.cursor)
        try:
            self.actors()
            self.topics()
            self.claim_plan()
            self.first_claim_id = self.ids.take("claims_claim", self.n_claims)
            self.sources_and_statements()
            self.claims_and_verdicts()
            del self.quotes
            self.relations()
        finally:
            self.writer.close()
            self.summary.database = self.writer.seconds
        self.phase("waiting for the last rows to be stored")
        self.ids.close()
        schema.restore()
        self.phase("search index built, foreign keys checked")
        for table in TABLES:
            self.cursor.execute(f"ANALYZE {table}")
        self.phase("analyze")
        return self.summary


# --------------------------------------------------------------------------- entry points


def synthetic_archive_vacuum() -> bool:
    """``VACUUM (ANALYZE)`` the tables just filled, as autovacuum would later; False when
    inside a transaction, where PostgreSQL cannot vacuum.

    Why: until a table is vacuumed its visibility map is empty, so every "index-only"
    scan reads the table too. Measured at a million claims, an actor page's walk of
    the recent claims took 44 ms before and 14 ms after; a benchmark of a freshly
    loaded archive would measure that, not the site (and a server with autovacuum off
    would keep it so).
    """
    if connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        # Table names from this module's own constant; nothing from outside.
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    return True


def synthetic_rows_exist() -> bool:
    return Claim.objects.filter(slug__startswith=SLUG_PREFIX).exists()


#: The synthetic rows' keys, gathered once into temporary tables, then every row hanging
#: from them deleted children first. Rows curated data points at (a curated statement
#: quoting a synthetic source) make a foreign key refuse, and the whole load rolls back.
_CLEAR_STEPS = (
    "CREATE TEMP TABLE syn_old_claim AS SELECT id FROM claims_claim WHERE slug LIKE %(like)s",
    "CREATE TEMP TABLE syn_old_source AS SELECT id FROM claims_source WHERE slug LIKE %(like)s",
    "CREATE TEMP TABLE syn_old_actor AS SELECT id FROM claims_actor WHERE slug LIKE %(like)s",
    "CREATE TEMP TABLE syn_old_topic AS SELECT id FROM claims_topic WHERE slug LIKE %(like)s",
    "CREATE TEMP TABLE syn_old_statement AS SELECT id FROM claims_statement"
    " WHERE claim_id IN (SELECT id FROM syn_old_claim)"
    " OR source_id IN (SELECT id FROM syn_old_source)"
    " OR actor_id IN (SELECT id FROM syn_old_actor)",
    "DELETE FROM claims_correction WHERE review_id IN"
    " (SELECT id FROM claims_review WHERE claim_id IN (SELECT id FROM syn_old_claim))",
    "DELETE FROM claims_statementcandidate WHERE source_id IN (SELECT id FROM syn_old_source)",
    "UPDATE claims_statementcandidate SET statement_id = NULL"
    " WHERE statement_id IN (SELECT id FROM syn_old_statement)",
    "UPDATE claims_statementcandidate SET claim_id = NULL"
    " WHERE claim_id IN (SELECT id FROM syn_old_claim)",
    "UPDATE claims_statementcandidate SET actor_id = NULL"
    " WHERE actor_id IN (SELECT id FROM syn_old_actor)",
    "DELETE FROM claims_claim_topics WHERE claim_id IN (SELECT id FROM syn_old_claim)"
    " OR topic_id IN (SELECT id FROM syn_old_topic)",
    "DELETE FROM claims_statement WHERE id IN (SELECT id FROM syn_old_statement)",
    "DELETE FROM claims_review WHERE claim_id IN (SELECT id FROM syn_old_claim)"
    " OR reviewer_id IN (SELECT id FROM syn_old_actor)",
    "DELETE FROM claims_evidence WHERE claim_id IN (SELECT id FROM syn_old_claim)"
    " OR source_id IN (SELECT id FROM syn_old_source)",
    "DELETE FROM claims_claimrelation WHERE from_claim_id IN (SELECT id FROM syn_old_claim)"
    " OR to_claim_id IN (SELECT id FROM syn_old_claim)",
    "DELETE FROM claims_claim WHERE id IN (SELECT id FROM syn_old_claim)",
    "DELETE FROM claims_source WHERE id IN (SELECT id FROM syn_old_source)",
    "DELETE FROM claims_actoralias WHERE actor_id IN (SELECT id FROM syn_old_actor)",
    "UPDATE claims_actor SET affiliation_id = NULL WHERE id IN (SELECT id FROM syn_old_actor)",
    "DELETE FROM claims_actor WHERE id IN (SELECT id FROM syn_old_actor)",
    "DELETE FROM claims_topic WHERE id IN (SELECT id FROM syn_old_topic)",
    "DROP TABLE syn_old_claim, syn_old_source, syn_old_actor, syn_old_topic, syn_old_statement",
)


def synthetic_archive_clear(cursor) -> int:
    """Delete every synthetic row (see the module's docstring); return how many rows went."""
    deleted = 0
    for sql in _CLEAR_STEPS:
        cursor.execute(sql, {"like": f"{SLUG_PREFIX}%"})
        if sql.startswith("DELETE"):
            deleted += cursor.rowcount
    return deleted


def synthetic_archive_generate(
    *,
    claims: int,
    seed: int = 1,
    statements_per_claim: float = STATEMENTS_PER_CLAIM,
    reset: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    """Load a synthetic archive of ``claims`` claims, in one transaction.

    Everything else scales with ``claims``: about ``statements_per_claim``
    statements each (at least one), an actor per 25 claims, a source per six
    statements or so. The same ``seed`` gives the same rows. Raises
    :class:`SyntheticDataPresent` if synthetic rows exist and ``reset`` is not
    given; nothing is written then, nor if anything fails on the way.
    """
    if claims < 1:
        raise ValueError("claims must be at least 1")
    if statements_per_claim < 1:
        raise ValueError("statements_per_claim must be at least 1")
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        deleted = 0
        if synthetic_rows_exist():
            if not reset:
                raise SyntheticDataPresent(
                    "Synthetic data is already loaded; pass --reset to replace it."
                )
            deleted = synthetic_archive_clear(cursor)
        # Per-transaction settings: the index and staging work wants more memory than
        # the defaults; durability of a throw-away load is not worth a flush per commit.
        cursor.execute(
            "SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB';"
            "SET LOCAL synchronous_commit = off"
        )
        load = _Load(
            cursor.cursor,
            claims=claims,
            seed=seed,
            statements_per_claim=statements_per_claim,
            progress=progress,
        )
        load._clock = started
        if deleted:
            load.phase("previous synthetic rows deleted")
        summary = load.run()
        summary.deleted = deleted
        # COPY bypasses the signals: which actors and sources are public now.
        publicity_refresh(actor_ids=None, source_ids=None)
        # Statistics taken before the flag was set say almost nothing is public: the
        # sitemap's "highest public source" then read every public row (0.3 s, not 0.3 ms).
        cursor.execute(f"ANALYZE {Actor._meta.db_table}, {Source._meta.db_table}")
        content_version_bump()
        transaction.on_commit(content_version_bump)
        # Bulk rows bypass the signals that forget the scorecards they change.
        scorecards_forget_all()
        transaction.on_commit(scorecards_forget_all)
    return summary
