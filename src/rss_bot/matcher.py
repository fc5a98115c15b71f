"""Question -> intent scoring, and the answer / suggest / fallback decision.

Each intent is scored from three signals computed against everything the knowledge base
says about it (example questions, title, keywords, synonyms, and its answer at a lower
weight):

- word coverage: the share of the question's informative words (IDF-weighted light stems,
  typos corrected against the knowledge base's vocabulary, numbers compared exactly) that
  the intent knows. Unknown words count against every intent, which is what rejects
  out-of-scope questions; unknown everyday words (a long message's context) count less;
- character n-grams: TF-IDF cosine of 3-5-grams between the question and the intent's
  examples taken together, robust to typos and missing accents;
- nearest example: rapidfuzz similarity to the intent's closest example question.

Scores are 0-100. The decision uses the best score and the gap to the runner-up.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from rss_bot.knowledge import KnowledgeBase
from rss_bot.text import COMMON_WORDS, content_words, fold, stem, words
from rss_bot.verdict import Outcome

# --- Thresholds: the only place where the decision is tuned ---------------------------
ANSWER_MIN_SCORE = 38.0  # below this, never answer directly
ANSWER_MIN_GAP = 13.0  # a clear winner: this many points ahead of the runner-up
SURE_SCORE = 80.0  # answer even when the runner-up is close...
SURE_MIN_GAP = 3.0  # ... but not in a near tie
SUGGEST_MIN_SCORE = 30.0  # below this, admit not knowing
SUGGEST_WINDOW = 15.0  # alternatives shown are at most this far below the best
MAX_SUGGESTIONS = 3
MAX_QUESTION_CHARS = 1000  # longer input is cut before matching

# Weights of the three signals (they sum to 1).
WORD_WEIGHT = 0.60
CHAR_WEIGHT = 0.20
EXAMPLE_WEIGHT = 0.20
ANSWER_WORD_WEIGHT = 0.4  # a word known only from the answer counts this much
UNKNOWN_WORD_WEIGHT = 1.0  # a word the knowledge base never uses, relative to the rarest
COMMON_UNKNOWN_WEIGHT = 0.3  # ... when it is an everyday word (text.COMMON_WORDS): context
QUESTION_WORD_WEIGHT = 0.5  # quel, quoi, où…: they shape a question more than its topic
QUESTION_WORDS = frozenset("quel quoi qui ou quand comment combien pourquoi".split())
CANDIDATES = 12  # intents re-ranked with the nearest-example signal
NGRAM_SIZES = (3, 4, 5)
OUT_OF_SCOPE_ID = "__hors_sujet__"

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")


@dataclass(frozen=True)
class Candidate:
    """An intent with its score (0-100)."""

    intent_id: str
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    outcome: Outcome
    score: float  # best in-scope score, 0-100
    candidates: tuple[Candidate, ...]  # best first; for `suggest`, the ones to offer
    normalized: str  # the question as matched (folded, SMS forms expanded)

    @property
    def intent_id(self) -> str | None:
        """The intent answered, for `answer` only."""
        return self.candidates[0].intent_id if self.outcome is Outcome.ANSWER else None

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Intent ids offered as 'Vouliez-vous dire…', for `suggest` only."""
        if self.outcome is not Outcome.SUGGEST:
            return ()
        return tuple(c.intent_id for c in self.candidates)


@dataclass(frozen=True)
class Analysed:
    """A text reduced to what the matcher compares."""

    normalized: str
    content: tuple[str, ...]  # content words, folded, SMS-expanded, synonyms applied
    stems: tuple[str, ...]


def _ngrams(tokens: Iterable[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for token in tokens:
        if token.isdigit():
            continue  # numbers are compared exactly, by the word signal only
        padded = f" {token} "
        for n in NGRAM_SIZES:
            for i in range(len(padded) - n + 1):
                grams[padded[i : i + n]] += 1
    return grams


def _tfidf(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {g: (1.0 + math.log(c)) * idf[g] for g, c in counts.items() if g in idf}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {g: v / norm for g, v in vector.items()}


class Analyser:
    """Turns questions into comparable forms: synonyms, typo correction, stems."""

    def __init__(self, synonyms: dict[str, Sequence[str]], protected: Iterable[str]) -> None:
        # variant token tuple -> canonical tokens, longest variants tried first
        table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
        for term, variants in synonyms.items():
            canonical = tuple(words(term))
            for variant in (term, *variants):
                tokens = tuple(words(variant))
                if tokens and tokens != canonical:
                    table[tokens[0]].append((tokens, canonical))
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
        self._synonyms = dict(table)
        self._protected = frozenset(protected) | {t for v in synonyms for t in words(v)}
        self._vocabulary: frozenset[str] = frozenset()
        self._stems: frozenset[str] = frozenset()
        self._by_initial: dict[str, list[str]] = {}

    def set_vocabulary(self, vocabulary: Iterable[str]) -> None:
        """Words typos may be corrected to (the knowledge base's own words)."""
        self._vocabulary = frozenset(vocabulary)
        self._stems = frozenset(self.stem(w) for w in self._vocabulary)
        by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self._vocabulary):
            if len(word) >= 4 and word.isalpha():
                by_initial[word[0]].append(word)
        self._by_initial = dict(by_initial)
        self._correct.cache_clear()

    def _rewrite(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for variant, canonical in self._synonyms.get(tokens[i], ()):
                if tuple(tokens[i : i + len(variant)]) == variant:
                    out.extend(canonical)
                    i += len(variant)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    @lru_cache(maxsize=4096)  # noqa: B019 - one Analyser per loaded knowledge base
    def _correct(self, token: str) -> str:
        if token in self._vocabulary or len(token) < 5 or not token.isalpha():
            return token
        if self.stem(token) in self._stems:
            return token  # another form of a known word, not a typo
        # Short words need a closer match: one substitution in "salon" makes "selon".
        cutoff = 86 if len(token) < 7 else 80
        found = process.extractOne(
            token,
            self._by_initial.get(token[0], ()),  # typos rarely touch the first letter
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
        )
        return found[0] if found else token

    def stem(self, token: str) -> str:
        """Stem of a token, acronyms left whole."""
        return token if token in self._protected else stem(token)

    def analyse(self, text: str, *, correct: bool = False) -> Analysed:
        """Normalise a text; `correct` fixes typos against the vocabulary (questions only)."""
        tokens = words(text[:MAX_QUESTION_CHARS])
        normalized = " ".join(tokens)
        content = content_words(self._rewrite(tokens))
        if correct:
            content = [self._correct(t) for t in content]
        return Analysed(
            normalized=normalized,
            content=tuple(content),
            stems=tuple(self.stem(t) for t in content),
        )


@dataclass
class _IntentIndex:
    intent_id: str
    examples: list[str]  # content strings of the example questions, title and keywords
    stems: dict[str, float]  # stem -> 1.0 (examples) or ANSWER_WORD_WEIGHT (answer only)


class Matcher:
    """Scores questions against a knowledge base; everything derived is built at init."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        protected = {
            fold(m)
            for i in kb.intents
            for t in (*i.questions, i.answer, *i.keywords)
            for m in _ACRONYM.findall(t)
        }
        self.analyser = Analyser(dict(kb.synonyms), protected)
        docs: list[tuple[str, list[str], str]] = [
            (i.id, [*i.questions, *([i.title] if i.title else []), *i.keywords], i.answer)
            for i in kb.intents
        ]
        if kb.out_of_scope:
            docs.append((OUT_OF_SCOPE_ID, list(kb.out_of_scope), ""))
        analysed = [
            (intent_id, [self.analyser.analyse(t) for t in texts], self.analyser.analyse(answer))
            for intent_id, texts, answer in docs
        ]
        vocabulary = {t for _, items, ans in analysed for a in (*items, ans) for t in a.content}
        self.analyser.set_vocabulary(vocabulary)

        self._intents: list[_IntentIndex] = []
        df: Counter[str] = Counter()
        gram_counts: list[Counter[str]] = []
        for intent_id, items, answer in analysed:
            stems = dict.fromkeys(answer.stems, ANSWER_WORD_WEIGHT)
            stems.update(dict.fromkeys((s for a in items for s in a.stems), 1.0))
            df.update(s for s, w in stems.items() if w == 1.0)
            self._intents.append(
                _IntentIndex(intent_id, [" ".join(a.content) for a in items], stems)
            )
            gram_counts.append(_ngrams(t for a in items for t in a.content))
        n = len(self._intents)
        self._stem_idf = {s: math.log((n + 1) / (c + 0.5)) for s, c in df.items()}
        self._unknown_idf = UNKNOWN_WORD_WEIGHT * math.log((n + 1) / 0.5)
        self._common_idf = COMMON_UNKNOWN_WEIGHT * self._unknown_idf
        self._common_stems = frozenset(self.analyser.stem(w) for w in COMMON_WORDS)
        self._postings: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(self._intents):
            for s in entry.stems:
                self._postings[s].append(index)
        gram_df: Counter[str] = Counter(g for counts in gram_counts for g in counts)
        self._gram_idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in gram_df.items()}
        self._gram_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, counts in enumerate(gram_counts):
            for g, w in _tfidf(counts, self._gram_idf).items():
                self._gram_postings[g].append((index, w))

    def _idf(self, stem_: str) -> float:
        idf = self._stem_idf.get(stem_)
        if idf is not None:
            return idf * QUESTION_WORD_WEIGHT if stem_ in QUESTION_WORDS else idf
        return self._common_idf if stem_ in self._common_stems else self._unknown_idf

    @lru_cache(maxsize=65_536)  # noqa: B019 - one Matcher per loaded knowledge base
    def _token_grams(self, token: str) -> tuple[dict[int, float], float]:
        """A token's n-gram dot product with each intent (unnormalised), and its squared norm.

        The question's vector is the sum of its tokens' vectors: computed per token and
        cached, the n-gram signal costs a few dictionary merges for words seen before.
        """
        weights = {
            g: (1.0 + math.log(c)) * self._gram_idf[g]
            for g, c in _ngrams((token,)).items()
            if g in self._gram_idf
        }
        dots: dict[int, float] = defaultdict(float)
        for g, w in weights.items():
            for index, dw in self._gram_postings[g]:
                dots[index] += w * dw
        return dict(dots), sum(w * w for w in weights.values())

    def score(self, question: str) -> tuple[Analysed, list[Candidate]]:
        """All intents worth considering, scored 0-100, best first (out-of-scope included)."""
        q = self.analyser.analyse(question, correct=True)
        if not q.content:
            return q, []
        unique_stems = list(dict.fromkeys(q.stems))
        weights = {s: self._idf(s) for s in unique_stems}
        total = sum(weights.values()) or 1.0
        word: dict[int, float] = defaultdict(float)
        for s in unique_stems:
            for index in self._postings.get(s, ()):
                word[index] += weights[s] * self._intents[index].stems[s]
        chars: dict[int, float] = defaultdict(float)
        square_norm = 0.0
        for token, count in Counter(q.content).items():
            dots, token_square_norm = self._token_grams(token)
            square_norm += count * count * token_square_norm
            for index, dot in dots.items():
                chars[index] += count * dot
        norm = math.sqrt(square_norm) or 1.0
        for index in chars:
            chars[index] /= norm
        first = {
            i: WORD_WEIGHT * word.get(i, 0.0) / total + CHAR_WEIGHT * chars.get(i, 0.0)
            for i in set(word) | set(chars)
        }
        shortlist = sorted(first, key=first.__getitem__, reverse=True)[:CANDIDATES]
        text = " ".join(q.content)
        scored = []
        for index in shortlist:
            examples = self._intents[index].examples
            best = process.extractOne(text, examples, scorer=fuzz.token_sort_ratio)
            nearest = best[1] / 100.0 if best else 0.0
            scored.append(
                Candidate(
                    self._intents[index].intent_id,
                    round(100.0 * (first[index] + EXAMPLE_WEIGHT * nearest), 1),
                )
            )
        scored.sort(key=lambda c: c.score, reverse=True)
        return q, scored

    def match(self, question: str) -> Match:
        """Decide between answering, suggesting and admitting not knowing."""
        return self._match(question[:MAX_QUESTION_CHARS])  # bounded cache keys

    @lru_cache(maxsize=4096)  # noqa: B019 - the same questions come again and again
    def _match(self, question: str) -> Match:
        return self.decide(*self.score(question))

    @staticmethod
    def decide(q: Analysed, scored: list[Candidate]) -> Match:
        """The outcome for scored candidates (as returned by `score`)."""
        out_of_scope = next((c.score for c in scored if c.intent_id == OUT_OF_SCOPE_ID), 0.0)
        ranked = [c for c in scored if c.intent_id != OUT_OF_SCOPE_ID]
        best = ranked[0].score if ranked else 0.0
        second = ranked[1].score if len(ranked) > 1 else 0.0
        if not ranked or best < SUGGEST_MIN_SCORE or out_of_scope >= best:
            return Match(Outcome.FALLBACK, best, tuple(ranked[:1]), q.normalized)
        gap = best - second
        if best >= ANSWER_MIN_SCORE and (
            gap >= ANSWER_MIN_GAP or (best >= SURE_SCORE and gap >= SURE_MIN_GAP)
        ):
            return Match(Outcome.ANSWER, best, tuple(ranked[:MAX_SUGGESTIONS]), q.normalized)
        offered = tuple(c for c in ranked[:MAX_SUGGESTIONS] if best - c.score <= SUGGEST_WINDOW)
        return Match(Outcome.SUGGEST, best, offered, q.normalized)
