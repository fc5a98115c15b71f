"""Question -> intent: the answer / suggest / fallback decision, and why.

The model (model.py) learns each knowledge base at load; this module turns its output for
one question into a verdict with every signal that led to it, so that `rss-bot ask
--explain` and `rss-bot kb eval -v` can show them.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from rss_bot.knowledge import SMALL_TALK, KnowledgeBase
from rss_bot.model import Model, Scored, Thresholds, offered_count, top_two_mass
from rss_bot.normalize import forget_texts
from rss_bot.tuning import DEFAULT, MatcherConfig
from rss_bot.vectors import Analysed
from rss_bot.verdict import Outcome

EXPLAINED = 5  # candidates that carry their signals
SCORES_KEPT = 4096  # texts whose scores are kept: the same questions come again and again
# A word of the topics at least this rare in French (Zipf information, 0-1: "gao" 0.93,
# "desarmement" 0.92, "malien" 0.90, "armee" 0.59) names what the base is about.
NAMING_INFORMATION = 0.91
NAMING_DECLARED = 0.5  # the same for a word of a topic's title or keywords ("securite" 0.57)


class Rule(StrEnum):
    """Which rule decided a verdict."""

    NO_WORDS = "no_words"  # nothing left to match once normalised
    NO_KNOWN_WORD = "no_known_word"  # not one word the knowledge base uses
    EXAMPLE = "example"  # the question is one of an intent's example questions
    CONFIDENT = "confident"  # confidence at or above the answer threshold
    HESITANT = "hesitant"  # between the suggest and answer thresholds
    PAIR = "pair"  # under both, but two intents hold nearly all the probability: both offered
    UNSURE = "unsure"  # below the suggest threshold
    COURTESY = "courtesy"  # hesitating between greetings, thanks…: nothing worth offering
    AGREEMENT = "agreement"  # the message only says OK ("d'accord", "compris", 👍)
    MORE = "more"  # asks for more without naming a topic ("plus de détails")
    COMPLAINT = "complaint"  # only complains about an answer ("ta réponse est fausse")
    MEDIA = "media"  # asks whether it may send a voice note, a photo ("je peux envoyer un vocal ?")
    LANGUAGE = "language"  # asks which languages the bot speaks ("tu parles bambara ?")
    INSULT = "insult"  # an insult the knowledge base does not answer ("t'es con ou quoi")
    UNNAMED = "unnamed"  # asks without naming anything ("pourquoi ?", "j'ai une question")
    ADVICE = "advice"  # what to do about a situation the base knows nothing of ("je fais quoi ?")
    TASK = "task"  # a task asked of the bot about what the base never speaks of ("écris-moi…")


@dataclass(frozen=True)
class Nearest:
    """A candidate intent's training text most similar to the question."""

    text: str = ""
    similarity: float = 0.0  # kernel similarity to that text, 0-1
    compared: tuple[str, str] = ("", "")  # content words of the question and of that text


@dataclass(frozen=True)
class Candidate:
    """An intent and what the model says of it for one question."""

    intent_id: str
    score: float  # the intent's probability, 0-100
    raw: float = 0.0  # kernel ridge output
    # Finds its nearest training text: only explanations show it, so it is looked for there.
    find_nearest: Callable[[], Nearest] | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def _nearest(self) -> Nearest:
        return self.find_nearest() if self.find_nearest is not None else Nearest()

    @property
    def nearest(self) -> str:
        """Its training text most similar to the question."""
        return self._nearest.text

    @property
    def similarity(self) -> float:
        """Kernel similarity of the question to that text, 0-1."""
        return self._nearest.similarity

    @property
    def compared(self) -> tuple[str, str]:
        """Content words of the question and of that text."""
        return self._nearest.compared

    @property
    def fuzzy(self) -> float:
        """rapidfuzz token_sort_ratio of the question with that text, 0-100: shown in
        explanations, computed only there (a sixth of the cost of a new question)."""
        question, nearest = self.compared
        return fuzz.token_sort_ratio(question, nearest) if nearest else 0.0


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    outcome: Outcome
    score: float  # calibrated confidence that the best intent is right, 0-100
    candidates: tuple[Candidate, ...]  # answer: the answer then runners-up; suggest: offered
    normalized: str  # the question as matched (folded, SMS forms expanded)
    ranked: tuple[Candidate, ...] = ()  # the best intents with their signals
    rule: Rule = Rule.NO_WORDS
    unknown_share: float = 0.0  # share of the question's words the knowledge base never uses
    evidence: float = 0.0  # p1 - w x p2 - w x unknown share, before calibration
    corrections: tuple[tuple[str, str], ...] = ()

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


# A text as analysed, the model's scores (None: no word to compare) and its ranked intents.
ScoredText = tuple[Analysed, Scored | None, tuple[Candidate, ...]]


class Matcher:
    """Matches questions against one knowledge base; the model is trained at init."""

    def __init__(
        self, kb: KnowledgeBase, config: MatcherConfig = DEFAULT, cache_dir: Path | None = None
    ) -> None:
        self.kb = kb
        self.config = config
        self.model = Model(kb, config, cache_dir)
        # A question staff wrote as an example gets its answer, whatever held-out examples
        # say of the model (no two intents share an example: `kb check` refuses it).
        self._examples = {
            row.analysed.normalized: self.model.intent_ids[row.intent]
            for row in self.model.rows
            if row.intent >= 0 and row.calibrates and row.analysed.normalized
        }
        self._scores: OrderedDict[str, ScoredText] = OrderedDict()  # see _scored()

    @property
    def thresholds(self) -> Thresholds:
        """The answer and suggestion thresholds set for this knowledge base."""
        return self.model.thresholds

    @property
    def offers_pairs(self) -> bool:
        """Whether two intents sharing nearly all the probability are offered under the
        suggest threshold: on this base's held-out questions, such pairs hold the right
        intent as often as suggestions must."""
        return self.thresholds.pair_reach >= self.config.suggest_precision

    @functools.cached_property
    def _naming_words(self) -> frozenset[str]:
        """The topics' rare words ("kidal", "démobilisation"), and the less common words of
        their titles and keywords, what staff say each topic is about ("réforme", "armes")."""
        lexicon = self.model.lexicon
        kinds = any(i.kind for i in self.kb.intents)
        topics = [i for i in self.kb.intents if i.topic or not kinds]
        rare = {
            token
            for row in self.model.rows
            if row.intent >= 0 and self.kb.intents[row.intent].kind != SMALL_TALK
            for token in row.analysed.content
            if lexicon.information(token) > NAMING_INFORMATION
        }
        declared = {
            token
            for intent in topics
            for text in (*([intent.title] if intent.title else []), *intent.keywords)
            for token in self.model.analyser.analyse(text).content
            if lexicon.information(token) >= NAMING_DECLARED
        }
        return frozenset(t for t in rare | declared if t.isalpha())

    @functools.cached_property
    def _intent_stems(self) -> frozenset[str]:
        """Stems of the words the intents use (not the out-of-scope list alone)."""
        stem = self.model.analyser.stem
        return frozenset(
            stem(t) for row in self.model.rows if row.intent >= 0 for t in row.analysed.content
        )

    def topics_use(self, token: str) -> bool:
        """Whether an intent of the knowledge base uses a folded word, in any form (words
        only its out-of-scope list uses, "aigles", "élections", do not count)."""
        return self.model.analyser.stem(token) in self._intent_stems

    def named(self, question: str) -> frozenset[str]:
        """The words of a question that name something the knowledge base talks about."""
        return self._naming_words & frozenset(self.analyse(question).content)

    def names_the_base(self, question: str) -> bool:
        """Whether a question names something the knowledge base's topics talk about and
        everyday French does not ("DDR", "MINUSMA", "Kidal"): a near miss, not off-topic."""
        return bool(self.named(question))

    def analyse(self, question: str) -> Analysed:
        """The question as the model sees it (typos corrected)."""
        return self._analysed(question[: self.config.max_question_chars])

    @lru_cache(maxsize=4096)  # noqa: B019 - a message and its parts are read several times
    def _analysed(self, question: str) -> Analysed:
        return self.model.analyser.analyse(question, correct=True)

    def match(self, question: str, asked: str | None = None) -> Match:
        """Decide between answering, suggesting and admitting not knowing. With `asked`, the
        part of a long message that asks, words the knowledge base never uses are counted
        in that part only (the rest is context: who writes, from where)."""
        limit = self.config.max_question_chars  # bounded cache keys
        return self._match(question[:limit], asked[:limit] if asked is not None else None)

    def clear_cache(self) -> None:
        """Forget the questions seen so far (benchmarks and tests of a first match)."""
        self._scores.clear()
        self._match.cache_clear()
        self._analysed.cache_clear()
        forget_texts()

    def prime(self, questions: Sequence[str]) -> None:
        """Score texts about to be matched (a message and its halves) in one batch: the
        model's cost is mostly per call, so three texts together cost little more than one.
        Texts scored already are not scored again."""
        limit = self.config.max_question_chars
        texts = [t for t in dict.fromkeys(q[:limit] for q in questions) if t not in self._scores]
        analysed = [(t, self.analyse(t)) for t in texts]
        analysed = [(t, q) for t, q in analysed if q.content]
        scores = self.model.score_many([q for _, q in analysed])
        for (text, q), scored in zip(analysed, scores, strict=True):
            self._keep(text, q, scored)

    def _scored(self, question: str) -> ScoredText:
        """The analysed question, the model's scores and the ranked intents (once per text:
        a long message is matched whole, then with its asking part's unknown words)."""
        found = self._scores.get(question)
        if found is not None:
            self._scores.move_to_end(question)
            return found
        q = self.analyse(question)
        return self._keep(question, q, self.model.score(q) if q.content else None)

    def _keep(self, question: str, q: Analysed, scored: Scored | None) -> ScoredText:
        entry = (q, scored, self._ranked(q, scored) if scored is not None else ())
        self._scores[question] = entry
        if len(self._scores) > SCORES_KEPT:
            self._scores.popitem(last=False)  # the least recently used
        return entry

    @lru_cache(maxsize=4096)  # noqa: B019 - the same questions come again and again
    def _match(self, question: str, asked: str | None = None) -> Match:
        q, scored, ranked = self._scored(question)
        if scored is None:
            return Match(Outcome.FALLBACK, 0.0, (), q.normalized, corrections=q.corrections)
        if asked is not None and (part := self.analyse(asked)).content:
            scored = self.model.with_unknown_share_of(scored, part)
        confidence = scored.confidence
        thresholds = self.model.thresholds
        common = {
            "score": round(100.0 * confidence, 1),
            "normalized": q.normalized,
            "ranked": ranked,
            "unknown_share": scored.unknown_share,
            "evidence": scored.evidence,
            "corrections": q.corrections,
        }
        example = self._examples.get(q.normalized)
        if example is not None:
            first = next((c for c in ranked if c.intent_id == example), None)
            if first is not None:
                ordered = (first, *(c for c in ranked if c is not first))
                return Match(Outcome.ANSWER, candidates=ordered[:3], rule=Rule.EXAMPLE, **common)
        if self.config.known_word_rule and scored.unknown_share >= 1.0:
            return Match(Outcome.FALLBACK, candidates=ranked[:1], rule=Rule.NO_KNOWN_WORD, **common)
        if confidence >= thresholds.answer:
            return Match(
                Outcome.ANSWER,
                candidates=ranked[: self.config.max_suggestions],
                rule=Rule.CONFIDENT,
                **common,
            )
        count = offered_count(np.array([c.score for c in ranked]) / 100.0, self.config)
        if confidence >= thresholds.suggest:
            return Match(Outcome.SUGGEST, candidates=ranked[:count], rule=Rule.HESITANT, **common)
        if self.offers_pairs and top_two_mass(scored.probabilities) >= self.config.suggestion_mass:
            # "combien de gens formés sur le genre avec ONU Femmes": the gender training or
            # the key figures, split 60/35: offering both beats admitting not knowing
            return Match(Outcome.SUGGEST, candidates=ranked[:count], rule=Rule.PAIR, **common)
        return Match(Outcome.FALLBACK, candidates=ranked[:1], rule=Rule.UNSURE, **common)

    def _nearest(self, q: Analysed, scored: Scored, index: int) -> Nearest:
        found = self.model.nearest(scored, index)
        if found is None:
            return Nearest()
        row, similarity = self.model.rows[found[0]], found[1]
        compared = (" ".join(q.content), " ".join(row.analysed.content))
        return Nearest(row.text, min(1.0, similarity), compared)

    def _ranked(self, q: Analysed, scored: Scored) -> tuple[Candidate, ...]:
        probabilities = scored.probabilities
        best = np.argpartition(-probabilities, min(EXPLAINED, len(probabilities) - 1))[:EXPLAINED]
        best = best[np.argsort(-probabilities[best])]
        out = []
        for index in best:
            out.append(
                Candidate(
                    intent_id=self.model.intent_ids[index],
                    score=round(100.0 * float(probabilities[index]), 1),
                    raw=float(scored.raw[index]),
                    find_nearest=functools.partial(self._nearest, q, scored, int(index)),
                )
            )
        return tuple(out)
