"""Is an action item specific enough to be checked off? A transparent heuristic, no model.

An item's main clause (the text before its first explanation: a second sentence, a colon, a dash, a
parenthesis, "so that", "because", "to <verb>") is searched for vague words: verbs with no end
point ("improve", "investigate", "review"), phrases ("be more careful", "look into"), hedges ("some
kind of"), comparatives with no baseline ("better", "safer") and abstract objects ("monitoring",
"reliability", "process"). They are weighed against specificity signals in the same clause: numbers
and thresholds, schedules, file paths and code identifiers, named systems (capitalised names,
hyphenated service names, the document's "Systems affected"), quoted strings, and concrete artifacts
(alert, runbook, dashboard, test, flag, check ...) with a concrete verb. The item is *vague* when
the vague words weigh more, or when it is only a verb and abstract nouns ("Fix monitoring gaps").
An item that is not vague is *unmeasurable* when nothing in the whole item (explanation included)
shows when it is done: no number, schedule, path, name, or artifact said more precisely than its
bare noun ("Update the runbook").

Word lists and weights are data (data/specificity.json); every verdict carries the words behind it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import islice
from typing import Any, Literal, NamedTuple

from postmortem_lint import packaged
from postmortem_lint.model import Document
from postmortem_lint.regex import compiled

_CVC = compiled(r"[^aeiou]*[aeiou][b-df-hj-np-tv-z]")  # consonant, vowel, consonant: "stop" -> "stopped"
_LIST_SEPARATOR = compiled(r"[,;]")

Verdict = Literal["vague", "unmeasurable", "specific"]

# Kinds of signal that show when an item is done (PM106); artifacts count when said more of.
DONE_KINDS = frozenset({"number", "schedule", "code", "name", "acronym", "quoted"})
_STRONG = frozenset({"number", "schedule", "code"})
_PLACE_WORDS = frozenset({"to", "in", "into", "on", "for", "across", "around", "at", "throughout", "within"})

# Each quote form stops at the next opening mark too, so unclosed marks ("“a “a “a") stay linear.
_LITERAL = compiled(
    r"`[^`\n]+`|https?://\S+|\"[^\"\n]{2,}\"|“[^“”\n]{2,}”|(?<!\w)'[^'\s][^'\n]*[^'\s]'(?!\w)|‘[^‘’\n]{2,}’"
)
# a quoted or code span is hidden as U+E000 (private use, taken out of the text first) and its number
_HIDDEN = "\ue000"
_TOKEN = compiled(r"\ue000\d+|[/~.]?[A-Za-z0-9][A-Za-z0-9_./'’+-]*[A-Za-z0-9%]|[A-Za-z0-9%]")
_CAMEL = compiled(r"[a-z][A-Z]")
_ACRONYM = compiled(r"^[A-Z][A-Z0-9]{1,9}(?:s|'s|’s)?$")
_PATH = compiled(r"^(?:[/~.]|.*/.*/)|^.*/.*[._0-9]")
_SENTENCE_ENDS = (".", "!", "?", ":", ";")
_NUMERONYM = compiled(r"^[a-z]\d{1,2}[a-z]{1,2}$")  # e2e, i18n: words, not identifiers
_ABBREVIATION = compiled(r"(?:[a-z]\.)+[a-z]?")  # e.g., i.e.
_ALPHANUMERIC = compiled(r"[a-z]\d|\d[a-z]")
_WORD_PART = compiled(r"[a-z0-9]+")


class Hit(NamedTuple):
    kind: str  # "vague-verb", "modifier", ... or a signal: "number", "name", "artifact", ...
    text: str  # as written in the item
    weight: int


class Assessment(NamedTuple):
    verdict: Verdict
    main: str  # the clause judged for vagueness
    vague: tuple[Hit, ...]  # vague words of the main clause that counted
    signals: tuple[Hit, ...]  # specificity signals of the main clause
    done: tuple[Hit, ...]  # signals anywhere in the item that show when it is done
    vague_weight: int  # of the main clause, as weighed for the verdict
    specific_weight: int

    @property
    def vague_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(h.text for h in self.vague))


@dataclass(slots=True)  # not frozen: made for every word, and frozen ones are slow to make
class _Token:
    text: str
    lower: str
    start: int
    sentence_start: bool


class _Phrase:
    """Words to match in order; each word in any of its forms, `*` for up to two other words."""

    def __init__(self, words: Sequence[frozenset[str] | None]) -> None:
        self.words = words

    def match(self, lowers: Sequence[str], at: int) -> int | None:
        """The end index of a match starting at `at`, or None."""
        return self._match(lowers, at, 0)

    def _match(self, lowers: Sequence[str], at: int, part: int) -> int | None:
        if part == len(self.words):
            return at
        wanted = self.words[part]
        if wanted is None:
            for skip in range(3):
                end = self._match(lowers, at + skip, part + 1)
                if end is not None:
                    return end
            return None
        if at < len(lowers) and lowers[at] in wanted:
            return self._match(lowers, at + 1, part + 1)
        return None


_PhraseIndex = Mapping[str, tuple[_Phrase, ...]]


def _listed(key: str) -> cached_property[frozenset[str]]:
    """A lexicon's word list, as the data writes it (no other forms)."""

    def words(lexicon: Lexicon) -> frozenset[str]:
        return frozenset(lexicon.data[key])

    return cached_property(words)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The word lists of data/specificity.json, expanded to the forms they are matched in."""

    data: Mapping[str, Any]
    extra_vague: tuple[str, ...] = ()  # the user's own vague words and phrases

    modifiers = _listed("modifiers")
    quantities = _listed("quantities")
    stopwords = _listed("stopwords")
    ordinary_hyphen_parts = _listed("ordinary_hyphen_parts")
    not_names = _listed("not_names")
    file_extensions = _listed("file_extensions")

    @classmethod
    def default(cls, extra_vague: Iterable[str] = ()) -> Lexicon:
        return _lexicon(tuple(sorted({str(w).strip().lower() for w in extra_vague} - {""})))

    def weight(self, kind: str) -> int:
        return self._weights[kind]

    @cached_property
    def _weights(self) -> Mapping[str, int]:
        return {kind: int(weight) for kind, weight in self.data["weights"].items()}

    def forms(self, word: str) -> frozenset[str]:
        """`improve` -> improve, improves, improved, improving; `gap` -> gap, gaps."""
        word = word.lower()
        found = {word, *self.data["irregular"].get(word, ())}
        if len(word) >= 3 and word.isalpha():
            found.update({word + "s", word + "es", word + "ed", word + "ing"})
            if word.endswith("e"):
                found.update({word + "d", word[:-1] + "ing"})
            if word.endswith("y") and word[-2] not in "aeiou":
                found.update({word[:-1] + "ies", word[:-1] + "ied"})
            if _CVC.fullmatch(word[-3:]) and word[-1] not in "wxy":
                found.update({word + word[-1] + "ed", word + word[-1] + "ing"})
        return frozenset(found)

    def _word_set(self, key: str) -> frozenset[str]:
        return frozenset(f for w in self.data[key] if " " not in w for f in self.forms(w))

    def _noun_set(self, key: str) -> frozenset[str]:
        """`gap` -> gap, gaps; `policy` -> policy, policies (no verb forms: "alerting" is no alert)."""
        found: set[str] = set()
        for word in self.data[key]:
            found.update({word, word + "s", word + "es"})
            if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
                found.add(word[:-1] + "ies")
        return frozenset(found)

    def _phrases(self, phrases: Iterable[str]) -> _PhraseIndex:
        """Phrases by the forms of their first word, so that a clause is matched word by word."""
        index: dict[str, list[_Phrase]] = {}
        for phrase in phrases:
            words = phrase.split()
            while words and words[0] == "*":
                words.pop(0)
            if words:
                compiled = _Phrase([None if w == "*" else self.forms(w) for w in words])
                for form in self.forms(words[0]):
                    index.setdefault(form, []).append(compiled)
        return {form: tuple(found) for form, found in index.items()}

    @cached_property
    def vague_verbs(self) -> frozenset[str]:
        return self._word_set("vague_verbs")

    @cached_property
    def soft_verbs(self) -> frozenset[str]:
        return self._word_set("soft_verbs")

    @cached_property
    def concrete_verbs(self) -> frozenset[str]:
        return self._word_set("concrete_verbs")

    @cached_property
    def verbs(self) -> frozenset[str]:
        return self.vague_verbs | self.soft_verbs | self.concrete_verbs

    @cached_property
    def base_verbs(self) -> frozenset[str]:
        """Verbs in their base form: `to <verb>` starts a purpose clause."""
        keys = ("vague_verbs", "soft_verbs", "concrete_verbs")
        return frozenset(w for key in keys for w in self.data[key] if " " not in w)

    @cached_property
    def vague_phrases(self) -> _PhraseIndex:
        return self._phrases([*self.data["vague_phrases"], *self.extra_vague])

    @cached_property
    def soft_phrases(self) -> _PhraseIndex:
        return self._phrases(self.data["soft_phrases"])

    @cached_property
    def hedge_phrases(self) -> _PhraseIndex:
        return self._phrases(self.data["hedge_phrases"])

    @cached_property
    def hedge_words(self) -> tuple[frozenset[str], _PhraseIndex]:
        """Single hedge words, and hedges of several words ("as needed")."""
        hedges = self.data["hedges"]
        return frozenset(w for w in hedges if " " not in w), self._phrases(w for w in hedges if " " in w)

    @cached_property
    def phrase_starts(self) -> frozenset[str]:
        """The words any phrase of the four kinds above starts with: a clause without one has none."""
        _, hedges = self.hedge_words
        indexes = (self.vague_phrases, self.soft_phrases, self.hedge_phrases, hedges)
        return frozenset(form for index in indexes for form in index)

    @cached_property
    def vague_objects(self) -> frozenset[str]:
        return self._noun_set("vague_objects")

    @cached_property
    def artifacts(self) -> frozenset[str]:
        """Things one can point at when the item is done; also "gets paged", "fails the build"."""
        return (self._noun_set("artifacts") | self._word_set("observable_verbs")) - self.vague_objects

    @cached_property
    def plain_words(self) -> frozenset[str]:
        """Words that say nothing about which thing is meant."""
        hedges, _ = self.hedge_words
        return self.modifiers | self.quantities | hedges | self.vague_objects | self.stopwords

    @cached_property
    def _schedule(self) -> str:
        """ "weekly", "after every deploy": a regex of lower-case words (the data's are)."""
        leads = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in self.data["schedule_leads"])
        units = "|".join(re.escape(u) for u in self.data["schedule_units"])
        words = "|".join(self.data["schedule_words"])
        return rf"\b(?:{words})\b|\b(?:{leads})\s+(?:[\w-]+\s+){{0,2}}?(?:{units})s?\b"

    @cached_property
    def _ascii_schedule(self) -> re.Pattern[str]:
        return compiled(self._schedule)

    @cached_property
    def _any_case_schedule(self) -> re.Pattern[str]:
        return compiled(self._schedule, re.IGNORECASE)

    def schedules(self, lowered: str) -> Iterator[re.Match[str]]:
        """Schedules in lower-case text. ASCII text needs no IGNORECASE search (several times slower);
        other text does, since it folds `ſ` and `ı`, which lower() keeps."""
        pattern = self._ascii_schedule if lowered.isascii() else self._any_case_schedule
        return pattern.finditer(lowered)

    def _alternatives(self, key: str) -> str:
        words = sorted(self.data[key], key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)

    @cached_property
    def preamble(self) -> re.Pattern[str]:
        """ "TODO: we should also", "Going forward the web team will": words before the action."""
        fillers = rf"(?:(?:{self._alternatives('preamble_fillers')})[\s,]+)*"
        subject = rf"(?:{self._alternatives('preamble_subjects')}|(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+team)"
        return compiled(
            rf"^\s*(?:(?:{self._alternatives('preamble_labels')})\s*[:-]\s*)?{fillers}"
            rf"(?:(?:{subject}\s+)?(?:{self._alternatives('preamble_modals')})\s+|let'?s\s+|let\s+us\s+|please\s+)?"
            rf"{fillers}",
            re.IGNORECASE,
        )

    @cached_property
    def wrapper(self) -> re.Pattern[str]:
        """ "Prioritize upgrading ...", "Continue to attempt ...": the verb after it is the action."""
        forms = "|".join(sorted({f for w in self.data["wrapper_verbs"] for f in self.forms(w)}))
        return compiled(rf"^(?:{forms})\s+(?:to\s+)?(?=(?P<verb>[a-z]+)\b)", re.IGNORECASE)

    @cached_property
    def boundary(self) -> re.Pattern[str]:
        """Where an explanation starts: a sentence end, colon, dash, parenthesis, "so that", "to <verb>".
        (Each starts with one of the characters of the first lookahead, which lets a search pass the
        other positions at once.)"""
        return compiled(
            rf"(?=[\s.!?;:(,])(?:[.!?](?=\s|$)|[;:](?=\s|$)|\s[-–—]+\s|\s*\(|,?\s+"
            rf"(?:{self._alternatives('boundaries')})(?=\W|$)"
            r"|\s+to\s+(?P<verb>[a-z]+)\b|\s(?=(?-i:We|They|This|It|Our|These)\b))",
            re.IGNORECASE,
        )

    @cached_property
    def joiner(self) -> re.Pattern[str]:
        """The boundary words an explanation starts with."""
        return compiled(
            rf"^[\s.!?;:,()\-–—]*(?:(?:{self._alternatives('boundaries')}|to)(?=\W|$))?[\s,]*", re.IGNORECASE
        )


@lru_cache(maxsize=8)
def _lexicon(extra_vague: tuple[str, ...]) -> Lexicon:
    text = packaged.text("data/specificity.json")
    return Lexicon(json.loads(text), extra_vague)


def document_systems(document: Document) -> list[str]:
    """The document's "Systems affected": a front-matter list or a comma-separated string."""
    value = document.field_value("systems")
    if isinstance(value, str):
        return [s.strip() for s in _LIST_SEPARATOR.split(value) if s.strip()]
    if isinstance(value, (list, tuple)):
        return [str(s).strip() for s in value if str(s).strip()]
    return []


def assess(text: str, systems: Iterable[str] = (), lexicon: Lexicon | None = None) -> Assessment | None:
    """Judge one action item's text; None when there is nothing to judge (no words, a template)."""
    # A system the item cannot name (one of its words is not in the item) does not change the
    # verdict, so it stays out of the cache key. Numbers count as there: a quoted span's placeholder
    # is numbered.
    lowered = text.lower()
    named = tuple(
        system
        for system, words in _system_words(tuple(systems))
        if all(word in lowered or word.isdigit() for word in words.split())
    )
    return _assess(text, named, lexicon or Lexicon.default())


@lru_cache(maxsize=4096)  # PM105 and PM106 judge the same items
def _assess(text: str, systems: tuple[str, ...], lex: Lexicon) -> Assessment | None:
    if "{{" in text:
        return None
    literals: list[str] = []

    def hide(match: re.Match[str]) -> str:
        literals.append(match.group(0))
        return f" {_HIDDEN}{len(literals) - 1} "

    body = _strip_lead(_LITERAL.sub(hide, text.replace(_HIDDEN, " ")), lex)
    tokens = _tokens(body)
    if not any(t.lower[:1].isalpha() for t in tokens):
        return None
    context = _Context(literals, _system_words(systems), lex, _is_title_case(tokens))
    kinds = _token_signals(tokens, context)
    main, rest = _clause(body, tokens, kinds, context)
    done = _signals(tokens, kinds, context) if rest else main.signals  # without rest, main is all
    strong = any(h.kind in _STRONG for h in done)
    # Nothing but vague words, or "some kind of" (the author has not decided): only a number, schedule
    # or code makes it specific. Otherwise vague words must outweigh the signals.
    undecided = main.only_vague or any(h.kind == "hedge-phrase" for h in main.vague)
    vague = (undecided and not strong) or (
        main.vague_weight >= 2 and main.vague_weight > main.specific_weight
    )
    explained: Sequence[_Token] = ()  # the explanation's main clause
    if rest:
        explanation = _strip_lead(lex.joiner.sub("", rest), lex)
        words = _tokens(explanation)
        clause, _ = _clause(explanation, words, _token_signals(words, context), context)
        explained = clause.tokens
        if vague and not _hedged(clause):
            # "Deeper engine monitoring. We plan to add metrics and alerts on X, Y": the explanation says it
            vague = not (clause.specific_weight >= 3 and clause.specific_weight > clause.vague_weight)
    verdict: Verdict
    if vague:
        verdict = "vague"
    elif (_hedged(main) and not strong) or not _shows_done(done, (main.tokens, explained), lex):
        verdict = "unmeasurable"
    else:
        verdict = "specific"
    main_text = " ".join(_restore(t.text, literals) for t in main.tokens)
    return Assessment(
        verdict,
        main_text,
        tuple(main.vague),
        tuple(main.signals),
        tuple(done),
        main.vague_weight,
        main.specific_weight,
    )


class _Context(NamedTuple):
    literals: Sequence[str]  # quoted and code spans, replaced in the text by _HIDDEN + 0, 1 ...
    systems: Sequence[tuple[str, str]]  # each named system with its words, from `_system_words`
    lex: Lexicon
    title_case: bool  # capitals say nothing about names


class _Clause(NamedTuple):
    tokens: Sequence[_Token]
    vague: Sequence[Hit]
    only_vague: bool  # nothing but a verb and vague words
    signals: Sequence[Hit]
    vague_weight: int
    specific_weight: int


def _hedged(clause: _Clause) -> bool:
    """ "a certain threshold", "some kind of alert": the item itself says it has not decided."""
    return any(h.kind in ("hedge", "hedge-phrase") for h in clause.vague)


def _strip_lead(text: str, lex: Lexicon) -> str:
    """The action without "We should also", and "Prioritize" in "Prioritize upgrading the cluster"."""
    preamble = lex.preamble.match(text)
    text = text[preamble.end() :] if preamble else text
    wrapper = lex.wrapper.match(text)
    if wrapper and wrapper["verb"].lower() in lex.verbs:
        text = text[wrapper.end() :]
    return text


def _clause(
    body: str, tokens: Sequence[_Token], kinds: Sequence[str | None], context: _Context
) -> tuple[_Clause, str]:
    """The main clause of `body` (whose tokens and their signals are given), analysed, and the rest
    of `body` after it."""
    lex = context.lex
    cut = len(body)
    starts: list[int] | None = None  # where the first two words start, once a boundary needs them
    for match in lex.boundary.finditer(body):
        verb = match.group("verb")
        if verb is not None and verb.lower() not in lex.base_verbs:
            continue
        if starts is None:
            starts = [m.start() for m in islice(_TOKEN.finditer(body), 2)]
        if len(starts) == 2 and starts[1] < match.start():  # two words before it
            cut = match.start()
            break
    if cut < len(body):  # every token starts before the end
        size = bisect_left([t.start for t in tokens], cut)  # tokens rise, so the clause's are the first
        tokens = tokens[:size]
    else:
        size = len(tokens)
    signals = _signals(tokens, kinds[:size], context)
    vague, only_vague = _vague(tokens, signals, lex)
    artifacts = sum(h.weight for h in signals if h.kind == "artifact")
    specific = sum(h.weight for h in signals if h.kind != "artifact") + min(
        artifacts, lex.weight("artifact-cap")
    )
    clause = _Clause(tokens, vague, only_vague, signals, sum(h.weight for h in vague), specific)
    return clause, body[cut:].strip()


def _restore(token: str, literals: Sequence[str]) -> str:
    return literals[int(token[1:])] if token.startswith(_HIDDEN) else token


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        between = text[previous_end : match.start()].strip()
        first = not tokens or between.endswith(_SENTENCE_ENDS) or between in ("-", "–", "—")
        word, offset = match.group(0), match.start()
        if "/" not in word or _PATH.match(word):
            tokens.append(_Token(word, word.lower(), offset, first))
        else:  # "alerts/dashboards": words, not a path
            for index, part in enumerate(p for p in word.split("/") if p):
                tokens.append(_Token(part, part.lower(), offset, first and index == 0))
                offset += len(part) + 1
        previous_end = match.end()
    return tokens


def _is_title_case(tokens: Sequence[_Token]) -> bool:
    """ "Improve Monitoring And Alerting": capitals say nothing about names."""
    long_words = [t.text for t in tokens if len(t.text) > 3 and t.text.isalpha()]
    capitals = [w for w in long_words if w[0].isupper() and not w.isupper()]
    return len(long_words) >= 3 and len(capitals) >= 0.7 * len(long_words)


def _lead_verbs(lowers: Sequence[str], lex: Lexicon) -> list[int]:
    """The item's own verbs: the first word, and a verb joined to it ("Investigate and fix")."""
    if len(lowers) > 2 and lowers[1] in ("and", "or", "&") and lowers[2] in lex.verbs:
        return [0, 2]
    return [0]


def _token_signals(tokens: Sequence[_Token], context: _Context) -> list[str | None]:
    """The signal kind of each token, worked out once: a clause's tokens are the first ones of its
    text, and so are their kinds (a kind does not depend on the tokens after it)."""
    lex = context.lex
    lowers = [t.lower for t in tokens]
    leads = _lead_verbs(lowers, lex) if tokens else []
    kinds: list[str | None] = []
    for index, token in enumerate(tokens):
        if index in leads and token.lower in lex.verbs:
            kinds.append("concrete-verb" if token.lower in lex.concrete_verbs else None)
        else:
            kinds.append(_token_signal(token, index, context))
    return kinds


def _signals(tokens: Sequence[_Token], kinds: Sequence[str | None], context: _Context) -> list[Hit]:
    """The signals of `tokens` (with their kinds from `_token_signals`), schedules and named systems."""
    lex = context.lex
    hits = [
        Hit(kind, _restore(token.text, context.literals), lex.weight(kind))
        for token, kind in zip(tokens, kinds, strict=True)
        if kind is not None
    ]
    text = " ".join(t.lower for t in tokens)
    hits.extend(Hit("schedule", m.group(0), lex.weight("schedule")) for m in lex.schedules(text))
    if context.systems:
        joined = f" {' '.join(_WORD_PART.findall(text))} "  # no word part spans the spaces between tokens
        for system, wanted in context.systems:
            if f" {wanted} " in joined and not any(h.text.lower() == system.lower() for h in hits):
                hits.append(Hit("name", system, lex.weight("name")))
    return hits


@lru_cache(maxsize=64)  # a document's items share its systems
def _system_words(systems: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each system with its words as `_signals` looks for them ("Payments API" -> "payments api")."""
    found = ((system, " ".join(_WORD_PART.findall(system.lower()))) for system in systems)
    return tuple((system, wanted) for system, wanted in found if wanted)


def _token_signal(token: _Token, index: int, context: _Context) -> str | None:
    text = token.text
    if text.startswith(_HIDDEN):
        literal = context.literals[int(text[1:])]
        return "code" if literal[0] == "`" or literal.startswith("http") else "quoted"
    may_be_name = not token.sentence_start and index > 0 and not context.title_case
    return _word_signal(text, may_be_name, context.lex)


@lru_cache(maxsize=4096)  # words recur in a document's items and across documents
def _word_signal(text: str, may_be_name: bool, lex: Lexicon) -> str | None:
    """The signal of one word; `may_be_name`: a capital there would mark a name."""
    lower = text.lower()
    if text[0].isdigit():
        return "number"
    if "_" in text or _CAMEL.search(text.lstrip("/~.")) or "/" in text:
        return "code"
    if _ABBREVIATION.fullmatch(lower):
        return None
    if "." in text.strip("."):
        return "code" if lower.rsplit(".", 1)[-1] in lex.file_extensions else "name"
    if text.startswith("."):
        return "code"
    if _ALPHANUMERIC.search(lower) and not _NUMERONYM.match(lower):
        return "code"
    if lower.replace("’", "'").split("'")[0] in lex.not_names:
        return None
    if _ACRONYM.match(text):
        return "acronym"
    if "-" in lower and lower.replace("-", "").isalpha():
        parts = lower.split("-")
        if not any(p in lex.ordinary_hyphen_parts or p in lex.stopwords for p in parts):
            return "name"
    if lower in lex.artifacts:
        return "artifact"
    if text[0].isupper() and may_be_name:
        return "name"
    return None


def _vague(tokens: Sequence[_Token], signals: Sequence[Hit], lex: Lexicon) -> tuple[list[Hit], bool]:
    """The vague words of a clause that count, and whether it is nothing but a verb and vague words."""
    lowers = [t.lower for t in tokens]
    covered: dict[int, Hit] = {}

    def phrases(index: _PhraseIndex, kind: str) -> None:
        for start, word in enumerate(lowers):
            for phrase in index.get(word, ()):
                end = phrase.match(lowers, start)
                if end is not None and end > start and not any(i in covered for i in range(start, end)):
                    hit = Hit(kind, " ".join(t.text for t in tokens[start:end]), lex.weight(kind))
                    covered.update(dict.fromkeys(range(start, end), hit))

    hedge_words, hedge_phrases = lex.hedge_words
    if not lex.phrase_starts.isdisjoint(lowers):
        phrases(lex.hedge_phrases, "hedge-phrase")
        phrases(lex.vague_phrases, "vague-phrase")
        phrases(lex.soft_phrases, "soft-verb")
        phrases(hedge_phrases, "hedge")
    leads = _lead_verbs(lowers, lex)
    joined_to_concrete = len(leads) > 1 and lowers[leads[1]] in lex.concrete_verbs
    content = [i for i, w in enumerate(lowers) if w not in lex.stopwords or i in covered]
    last = content[-1] if content else -1
    for i, word in enumerate(lowers):
        kind: str | None = None
        if i in covered:
            continue
        if i in leads and word in lex.vague_verbs and word.endswith("ed"):
            kind = "modifier"  # "Improved runbooks for ...": an adjective, not the action
        elif i in leads and word in lex.vague_verbs:
            # "Investigate and fix the leak": the fix is the outcome, the investigation only its way
            kind = "soft-verb" if joined_to_concrete else "vague-verb"
        elif i in leads and word in lex.soft_verbs:
            kind = "soft-verb"
        elif word in lex.quantities:
            kind = "vague-quantity"  # "more tests": how many?
        elif word in lex.modifiers:
            kind = "modifier-as-goal" if i in (0, last) else "modifier"
        elif word in hedge_words:
            kind = "hedge"
        elif word in lex.vague_objects and word not in lex.stopwords:
            kind = "vague-object"
        elif word.endswith("ing") and word in lex.vague_verbs:
            kind = "soft-verb"  # "look at *improving* ...": counts, but less than the item's own verb
        if kind is not None:
            covered[i] = Hit(kind, tokens[i].text, lex.weight(kind))
    hits = list(dict.fromkeys(covered[i] for i in sorted(covered)))
    rest = [i for i in content if i not in leads or lowers[i] not in lex.verbs]
    nothing_else = bool(hits) and all(i in covered for i in rest)
    nothing_else = nothing_else and not any(s.kind != "concrete-verb" for s in signals)
    if not any(h.kind != "vague-object" for h in hits):
        return (hits, True) if nothing_else else ([], False)  # abstract nouns alone count only so
    return hits, nothing_else


def _unbounded(lowers: Sequence[str], lex: Lexicon) -> bool:
    """A quantity before an artifact that nothing after it specifies: "more logging", "additional
    alerts to the export job" (but not "more logging of batch sizes")."""
    for i in range(len(lowers) - 1):
        if lowers[i] in lex.quantities and lowers[i + 1] in lex.artifacts:
            after = lowers[i + 2] if i + 2 < len(lowers) else None
            if after is None or after in _PLACE_WORDS:
                return True
    return False


def _shows_done(done: Sequence[Hit], clauses: Iterable[Sequence[_Token]], lex: Lexicon) -> bool:
    """A number, schedule, path, name or quote anywhere; or, in one clause, an artifact said more of
    than its bare noun ("rollback button", "incident report"; not "Update the runbook"). "More
    logging to the export job" says how much and where, not which: then only a number, schedule, code,
    quote or an explanation that says which shows when it is done."""
    kinds = {h.kind for h in done}
    if kinds & _STRONG or "quoted" in kinds:
        return True
    every = [[t.lower for t in tokens] for tokens in clauses]
    bounded = [lowers for lowers in every if not _unbounded(lowers, lex)]
    if len(bounded) == len(every) and kinds & DONE_KINDS:
        return True
    for lowers in bounded:  # an explanation may still say which ("so that each batch logs its size")
        leads = _lead_verbs(lowers, lex)
        words = [
            w
            for i, w in enumerate(lowers)
            if w not in lex.plain_words and not (i in leads and w in lex.verbs)
        ]
        if any(w in lex.artifacts for w in words) and len(set(words)) > 1:
            return True
    return False
