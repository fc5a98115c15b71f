"""The matcher's model, trained at load from the knowledge base itself.

- Kernel ridge regression, one output per intent, over two views of every text: character
  n-grams (typos, missing accents, SMS spellings) and stemmed words and word pairs. Rows
  are the example questions, titles and keywords, the answers at a lower weight, and the
  knowledge base's out_of_scope questions with no intent. In closed form it trains in
  milliseconds, and its exact leave-one-out predictions come for free.
- Those out-of-fold predictions, with the background off-topic questions, calibrate the
  confidence (the probability that the top intent is right) and set the answer and
  suggestion thresholds for a target wrong-answer rate.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy import linalg, sparse

from rss_bot import modelcache
from rss_bot.background import background_questions
from rss_bot.calibration import (
    Thresholds,
    fit_platt,
    golden_min,
    set_thresholds,
    sigmoid,
    softmax,
    top_two,
)
from rss_bot.knowledge import KINDS, KnowledgeBase
from rss_bot.lexicon import Lexicon, french_words
from rss_bot.tuning import MatcherConfig
from rss_bot.vectors import Analysed, Analyser, Postings, Vectorizer, protected_tokens

NO_INTENT = -1
BIG_KERNEL = 3000  # above this many training rows, the kernel is solved in single precision
# At most this many cells (n-grams x outputs, 16 MB) of weights per n-gram: a question is then
# scored from its n-grams' weights alone, not from its similarity to every training row.
PRIMAL_CELLS = 2_000_000

# A question's n-grams: (columns, weights) in the character view, then in the word view.
QuestionGrams = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Row:
    """One training text."""

    intent: int  # index into the knowledge base's intents, or NO_INTENT (out of scope)
    weight: float
    calibrates: bool  # an example question or an out_of_scope one: held out to calibrate
    text: str
    analysed: Analysed


@dataclass(frozen=True)
class Scored:
    """Everything the model says about one question."""

    grams: QuestionGrams  # the question's n-gram columns and weights, per view
    raw: np.ndarray  # kernel ridge output per intent
    probabilities: np.ndarray  # softmax(raw / temperature)
    unknown_share: float
    evidence: float
    confidence: float  # calibrated probability that the top intent is right


def offered_count(p_sorted: np.ndarray, config: MatcherConfig) -> int:
    """How many of the best intents (probabilities sorted, best first) to offer."""
    mass = np.cumsum(p_sorted[: config.max_suggestions])
    reached = np.nonzero(mass >= config.suggestion_mass)[0]
    return int(reached[0]) + 1 if len(reached) else min(config.max_suggestions, len(p_sorted))


def top_two_mass(probs: np.ndarray) -> np.ndarray:
    """The probability the two best intents hold together, for each row."""
    first, second = top_two(probs)
    return first + second


def _stored_json(state: dict[str, Any] | None, name: str) -> Any:
    """A JSON value kept with a cached model, or None."""
    if state is None or name not in state:
        return None
    try:
        return json.loads(state[name].tobytes())
    except ValueError:  # unreadable: computed again
        return None


def _stored_analyses(state: dict[str, Any] | None) -> list[Analysed] | None:
    """The rows' analyses kept with a cached model, or None."""
    rows = _stored_json(state, "analyses_json")
    try:
        return [
            Analysed(normalized, tuple(tokens), tuple(content), tuple(stems))
            for normalized, tokens, content, stems in rows
        ]
    except (ValueError, TypeError):  # unreadable: the texts are read again
        return None


def _stored_sounds(state: dict[str, Any] | None) -> dict[str, list[str]] | None:
    """The knowledge base's words by sound kept with a cached model, or None."""
    sounds = _stored_json(state, "sounds_json")
    if not isinstance(sounds, dict) or not all(isinstance(w, list) for w in sounds.values()):
        return None
    return sounds


def _as_json(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value).encode(), dtype=np.uint8)


class Model:
    """Kernel ridge intent model with out-of-fold calibration; built once per knowledge base."""

    def __init__(
        self, kb: KnowledgeBase, config: MatcherConfig, cache_dir: Path | None = None
    ) -> None:
        self.config = config
        if cache_dir:  # the French word list is kept beside the models
            french_words(
                config.french_words,
                functools.partial(modelcache.french_words, cache_dir, config.french_words),
            )
        self.intent_ids = tuple(i.id for i in kb.intents)
        texts = [t for i in kb.intents for t in (*i.questions, i.answer, *i.keywords)]
        self.acronyms = frozenset(protected_tokens(texts))  # written in capitals, folded
        self.analyser = Analyser(dict(kb.synonyms), self.acronyms)
        key = modelcache.cache_key(kb.version, config) if cache_dir else ""
        state = modelcache.load(cache_dir, key) if cache_dir else None
        # A cached model keeps its rows' analyses: reading 1,500 examples again took most
        # of a cached start (the key covers the texts and the code that reads them).
        stored = _stored_analyses(state)
        self.rows = self._rows(kb, stored)
        vocabulary = {t for r in self.rows for t in r.analysed.content}
        vocabulary |= {t for term in kb.synonyms for t in self.analyser.analyse(term).content}
        self.lexicon = Lexicon(
            vocabulary,
            french_size=config.french_words,
            min_length=config.typo_min_length,
            cutoff=config.typo_cutoff,
            weighted=config.information_weights,
            stem=self.analyser.stem,
            stem_known_weight=config.stem_known_weight,
            sounds=_stored_sounds(state),
            acronyms=self.acronyms,
        )
        self.analyser.lexicon = self.lexicon
        self.row_intents = np.array([r.intent for r in self.rows])
        self.kind_names = tuple(k for k in KINDS if any(i.kind == k for i in kb.intents))
        self.intent_kinds = np.array(
            [self.kind_names.index(i.kind) if i.kind else -1 for i in kb.intents]
        )
        self.kind_temperature = 1.0
        self.kind_weight = 0.0  # how much the question's kind counts (0: not at all)
        self.ridge = config.ridge  # the regularisation in use (chosen per base at training)
        self.ridges_tried: tuple[float, ...] = (config.ridge,)
        # Held-out unknown shares and the background's similarities and unknown shares,
        # shared by every candidate ridge while training.
        self._reused: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._intent_rows = [np.nonzero(self.row_intents == i)[0] for i in range(len(kb.intents))]
        self.char = Vectorizer("char", config.char_ngrams)
        self.word = Vectorizer("word", config.word_ngrams)
        if state is not None and self._restore(state):
            self._primal = self._primal_weights()
            return
        self.char.fit([r.analysed.tokens for r in self.rows])
        self.word.fit([r.analysed.stems for r in self.rows])
        x_char = self.char.transform([r.analysed.tokens for r in self.rows])
        x_word = self.word.transform([r.analysed.stems for r in self.rows])
        # Transposed (n-grams x rows): the postings that a question's similarities sum.
        self._char_t = x_char.T.tocsr()
        self._word_t = x_word.T.tocsr()
        self._select(self._kernel(x_char, x_word))
        self._primal = self._primal_weights()
        if cache_dir:
            modelcache.save(cache_dir, key, *self._state())

    @functools.cached_property
    def _postings(self) -> Postings:
        """The rows each n-gram occurs in: similarities to every row (training, and scoring
        where the weights per n-gram would be too big)."""
        beta = self.config.char_weight
        return Postings([self._char_t, self._word_t], [beta, 1 - beta])

    @functools.cached_property
    def _by_row(self) -> sparse.csr_matrix:
        """Each training row's weighted n-grams (both views side by side), for the
        similarity of a question to a few rows."""
        return self._weighted_grams().T.tocsr()

    def _weighted_grams(self) -> sparse.csr_matrix:
        """Both views' (n-grams x rows) matrices stacked, each times its kernel weight."""
        beta = self.config.char_weight
        return sparse.vstack([beta * self._char_t, (1 - beta) * self._word_t], format="csr")

    def _primal_weights(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Each n-gram's weight for every output (intents, then kinds) and the outputs'
        constant: the kernel ridge solution written over n-grams instead of rows (the same
        outputs: K A = Q X' A). None when that table would be too big."""
        duals = np.hstack([self.dual, self.kind_dual]).astype(np.float64)
        grams = self._char_t.shape[0] + self._word_t.shape[0]
        if grams * duals.shape[1] > PRIMAL_CELLS:
            return None
        weights = self._weighted_grams() @ duals
        return np.asarray(weights), self.config.kernel_bias * duals.sum(axis=0)

    # --- cache --------------------------------------------------------------------------

    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, object]]:
        arrays: dict[str, np.ndarray] = {"dual": self.dual, "kind_dual": self.kind_dual}
        for name, vectorizer, matrix in (
            ("char", self.char, self._char_t),
            ("word", self.word, self._word_t),
        ):
            arrays[f"{name}_idf"] = vectorizer.idf
            arrays[f"{name}_data"] = matrix.data
            arrays[f"{name}_indices"] = matrix.indices
            arrays[f"{name}_indptr"] = matrix.indptr
        analyses = [
            [r.analysed.normalized, r.analysed.tokens, r.analysed.content, r.analysed.stems]
            for r in self.rows
        ]
        arrays["analyses_json"] = _as_json(analyses)
        # What each word sounds like: 0.7 ms a word (phonetic-fr), 0.3 s for our base, else
        # paid by the first question with a word written by ear after each start
        arrays["sounds_json"] = _as_json(self.lexicon.by_sound)
        meta = {
            "rows": len(self.rows),
            "intents": list(self.intent_ids),
            "char_grams": list(self.char.vocabulary),
            "word_grams": list(self.word.vocabulary),
            "temperature": self.temperature,
            "kind_temperature": self.kind_temperature,
            "kind_weight": self.kind_weight,
            "ridge": self.ridge,
            "ridges_tried": list(self.ridges_tried),
            "platt": list(self.platt),
            "thresholds": asdict(self.thresholds),
        }
        return arrays, meta

    def _restore(self, state: dict[str, Any]) -> bool:
        meta = state["meta"]
        if meta["rows"] != len(self.rows) or meta["intents"] != list(self.intent_ids):
            return False
        n = len(self.rows)
        for name, vectorizer in (("char", self.char), ("word", self.word)):
            grams = meta[f"{name}_grams"]
            vectorizer.set_vocabulary(grams, state[f"{name}_idf"])
            matrix = sparse.csr_matrix(
                (state[f"{name}_data"], state[f"{name}_indices"], state[f"{name}_indptr"]),
                shape=(len(grams), n),
            )
            setattr(self, f"_{name}_t", matrix)
        self.dual = state["dual"]
        self.kind_dual = state["kind_dual"]
        self.temperature = float(meta["temperature"])
        self.kind_temperature = float(meta["kind_temperature"])
        self.kind_weight = float(meta["kind_weight"])
        self.ridge = float(meta.get("ridge", self.config.ridge))
        self.ridges_tried = tuple(meta.get("ridges_tried", [self.ridge]))
        self.platt = tuple(meta["platt"])
        self.thresholds = Thresholds(**meta["thresholds"])
        return True

    # --- training ---------------------------------------------------------------------

    def _rows(self, kb: KnowledgeBase, stored: list[Analysed] | None) -> list[Row]:
        """The training texts, analysed, or with the analyses stored with a cached model
        (the same texts in the same order: the cache key covers them)."""
        config = self.config
        texts: list[tuple[int, float, bool, str]] = []
        for index, intent in enumerate(kb.intents):
            texts += [(index, 1.0, True, q) for q in intent.questions]
            extra = (*([intent.title] if intent.title else []), *intent.keywords)
            if config.keyword_weight > 0:
                texts += [(index, config.keyword_weight, False, t) for t in extra]
            if config.answer_weight > 0:
                texts.append((index, config.answer_weight, False, intent.answer))
        if config.out_of_scope_weight > 0:
            texts += [(NO_INTENT, config.out_of_scope_weight, True, q) for q in kb.out_of_scope]
        if stored is None or len(stored) != len(texts):
            stored = [self.analyser.analyse(text) for *_, text in texts]
        return [Row(*row, analysed) for row, analysed in zip(texts, stored, strict=True)]

    def _kernel(self, x_char: sparse.csr_matrix, x_word: sparse.csr_matrix) -> np.ndarray:
        # Single precision halves time and memory where the kernel is big; ridge keeps the
        # system well conditioned.
        dtype = np.float32 if len(self.rows) > BIG_KERNEL else np.float64
        beta = self.config.char_weight
        kernel = (x_char.astype(dtype) @ self._char_t.astype(dtype)).toarray()
        kernel *= beta
        kernel += (1 - beta) * (x_word.astype(dtype) @ self._word_t.astype(dtype)).toarray()
        return kernel

    _TRAINED = (
        "ridge", "dual", "kind_dual", "_factor", "_targets", "_kind_targets", "temperature",
        "kind_temperature", "kind_weight", "platt", "thresholds",
    )  # fmt: skip

    def _select(self, kernel: np.ndarray) -> None:
        """Train and calibrate with candidate ridges: from the default, towards the
        neighbour (the smoother one first) while it answers more held-out questions at the
        target wrong-answer rate; a tie keeps the value already reached."""
        ridges = sorted({*self.config.ridges, self.config.ridge})
        if len(self.rows) > BIG_KERNEL:  # one training already takes seconds
            ridges = [self.config.ridge]
        answered: dict[int, float] = {}
        best: tuple[int, dict[str, Any]] | None = None

        def attempt(i: int) -> float:
            nonlocal best
            if i not in answered:
                self._train(kernel.copy() if len(ridges) > 1 else kernel, ridges[i])
                self.thresholds = self._calibrate()
                answered[i] = self.thresholds.expected_answered
                if best is None or answered[i] > answered[best[0]]:
                    best = (i, {name: getattr(self, name) for name in self._TRAINED})
            return answered[i]

        start = ridges.index(self.config.ridge)
        attempt(start)
        for step in (1, -1):  # smoother first
            i = start
            while 0 <= i + step < len(ridges) and attempt(i + step) > attempt(i):
                i += step
            if i != start:
                break
        assert best is not None
        for name, value in best[1].items():
            setattr(self, name, value)
        self.ridges_tried = tuple(ridges[i] for i in sorted(answered))
        self._reused = None

    def _train(self, kernel: np.ndarray, ridge: float) -> None:
        """Solve (K + bias + ridge / weights) A = Y in place; K is consumed."""
        self.ridge = ridge
        n, c = len(self.rows), len(self.intent_ids)
        targets = np.zeros((n, c), dtype=kernel.dtype)
        has_intent = self.row_intents >= 0
        targets[np.nonzero(has_intent)[0], self.row_intents[has_intent]] = 1.0
        weights = np.array([r.weight for r in self.rows])
        kernel += self.config.kernel_bias
        kernel.flat[:: n + 1] += ridge / weights
        self._factor = linalg.cho_factor(kernel, overwrite_a=True, check_finite=False)
        self.dual = linalg.cho_solve(self._factor, targets, check_finite=False)
        self._targets = targets
        # A second output per kind of intent (glossary entry, result…), learnt from every
        # intent of that kind at once: "c'est quoi X" looks alike whatever X is.
        kinds = np.zeros((n, len(self.kind_names)), dtype=kernel.dtype)
        row_kinds = np.where(has_intent, self.intent_kinds[np.maximum(self.row_intents, 0)], -1)
        kinds[np.nonzero(row_kinds >= 0)[0], row_kinds[row_kinds >= 0]] = 1.0
        self.kind_dual = linalg.cho_solve(self._factor, kinds, check_finite=False)
        self._kind_targets = kinds

    def _held_out(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows held out for calibration and their exact leave-one-out outputs (intents, kinds)."""
        chosen = np.nonzero([r.calibrates for r in self.rows])[0]
        limit = self.config.max_calibration_rows
        if len(chosen) > limit:  # big knowledge bases: a fixed sample keeps start-up bounded
            chosen = np.sort(np.random.default_rng(0).choice(chosen, limit, replace=False))
        # With M = U'U, the diagonal of M^-1 is the squared norm of each column of U'^-1 e_i.
        upper, _ = self._factor
        inverse_diag = np.empty(len(chosen))
        for start in range(0, len(chosen), 512):
            part = chosen[start : start + 512]
            units = np.zeros((len(self.rows), len(part)), dtype=upper.dtype)
            units[part, np.arange(len(part))] = 1.0
            solved = linalg.solve_triangular(upper, units, trans="T", check_finite=False)
            inverse_diag[start : start + len(part)] = np.einsum("ij,ij->j", solved, solved)
        loo = self._targets[chosen] - self.dual[chosen] / inverse_diag[:, None]
        loo_kinds = self._kind_targets[chosen] - self.kind_dual[chosen] / inverse_diag[:, None]
        return chosen, loo.astype(np.float64), loo_kinds.astype(np.float64)

    def _loo_unknown(self, chosen: np.ndarray) -> np.ndarray:
        """Unknown share of each held-out row against the words and stems without that row."""
        counts: Counter[str] = Counter()
        stem_counts: Counter[str] = Counter()
        for r in self.rows:
            counts.update(set(r.analysed.content))
            stem_counts.update(set(r.analysed.stems))
        vocabulary, stems = self.lexicon.vocabulary, self.lexicon.stems
        out = []
        for i in chosen:
            row = self.rows[i].analysed
            own_only = frozenset(t for t in row.content if counts[t] <= 1)
            own_stems = frozenset(s for s in row.stems if stem_counts[s] <= 1)
            out.append(
                self.lexicon.unknown_share(
                    row.content,
                    vocabulary - own_only if own_only else None,
                    stems - own_stems if own_stems else None,
                )
            )
        return np.array(out)

    def _calibrate(self) -> Thresholds:
        config = self.config
        chosen, loo, loo_kinds = self._held_out()
        intents = self.row_intents[chosen]
        in_scope = intents >= 0
        self.platt = (1.0, 0.0)  # identity until calibrated below
        self._fit_temperatures(loo, loo_kinds, intents)
        probs = self._probabilities(loo, loo_kinds)
        if self._reused is None:  # what does not depend on the ridge, for every candidate
            background = list(background_questions()) if config.use_background else []
            analysed = [self.analyser.analyse(q, correct=True) for q in background]
            self._reused = (
                self._loo_unknown(chosen),
                self._similarities(analysed),
                np.array([self.lexicon.unknown_share(q.content) for q in analysed]),
            )
        unknown, bg_kernel, bg_unknown = self._reused
        evidence = self._evidence(probs, unknown)
        right = in_scope & (probs.argmax(axis=1) == np.where(in_scope, intents, 0))
        order = np.argsort(-probs, axis=1)
        useful = np.array(
            [
                in_scope[k] and intents[k] in order[k, : offered_count(probs[k, order[k]], config)]
                for k in range(len(chosen))
            ]
        )
        bg_probs = self._outputs(bg_kernel)[2]
        bg_evidence = self._evidence(bg_probs, bg_unknown)
        # Weights: in-scope rows share 1 - off_topic_share, off-topic ones the rest.
        negatives = (~in_scope).sum() + len(bg_evidence)
        n_in = max(int(in_scope.sum()), 1)
        w_neg = config.off_topic_share / (1 - config.off_topic_share) * n_in / max(negatives, 1)
        x = np.concatenate([evidence, bg_evidence])
        y = np.concatenate([right, np.zeros(len(bg_evidence), dtype=bool)]).astype(float)
        w = np.concatenate([np.where(in_scope, 1.0, w_neg), np.full(len(bg_evidence), w_neg)])
        u = np.concatenate([useful, np.zeros(len(bg_evidence), dtype=bool)]).astype(float)
        self.platt = fit_platt(x, y, w, config.calibration_prior, config.calibration_prior_strength)
        confidence = self._confidence(x)
        thresholds = set_thresholds(
            config,
            confidence,
            y,
            u,
            w,
            in_scope_weight=np.where(
                np.concatenate([in_scope, np.zeros(len(bg_evidence), dtype=bool)]), 1.0, 0.0
            ),
        )
        # Two intents sharing nearly all the probability: however unsure the first, one of
        # the two is often right (83-92 % of such held-out questions on the evaluation bases)
        paired = top_two_mass(np.concatenate([probs, bg_probs])) >= config.suggestion_mass
        weight = float(w[paired].sum())
        pair_reach = float((w[paired] * u[paired]).sum()) / weight if weight > 0 else 0.0
        return dataclasses.replace(thresholds, pair_reach=pair_reach)

    def _fit_temperatures(
        self, loo: np.ndarray, loo_kinds: np.ndarray, intents: np.ndarray
    ) -> None:
        """Temperatures and kind weight that make held-out probabilities most likely."""
        self.temperature = 0.1
        in_scope = intents >= 0
        if not in_scope.any():
            return
        raw, gold = loo[in_scope], intents[in_scope]

        def nll(probs: np.ndarray, labels: np.ndarray) -> float:
            return -float(np.mean(np.log(probs[np.arange(len(labels)), labels] + 1e-12)))

        self.temperature = math.exp(
            golden_min(lambda t: nll(softmax(raw, math.exp(t)), gold), math.log(0.005), 0.7)
        )
        gold_kinds = self.intent_kinds[gold]
        with_kind = gold_kinds >= 0
        if len(self.kind_names) < 2 or not with_kind.any():
            return
        kind_raw = loo_kinds[in_scope][with_kind]
        self.kind_temperature = math.exp(
            golden_min(
                lambda t: nll(softmax(kind_raw, math.exp(t)), gold_kinds[with_kind]),
                math.log(0.005),
                0.7,
            )
        )

        def combined(weight: float) -> float:
            self.kind_weight = weight
            return nll(self._probabilities(raw, loo_kinds[in_scope]), gold)

        self.kind_weight = golden_min(combined, 0.0, 3.0)

    def _probabilities(self, raw: np.ndarray, kind_raw: np.ndarray) -> np.ndarray:
        """Intent probabilities: the intent outputs, plus the log-probability of each
        intent's kind (relative to a uniform guess) times the kind weight."""
        logits = raw / self.temperature
        if self.kind_weight > 0 and len(self.kind_names) > 1:
            kinds = softmax(kind_raw, self.kind_temperature)
            bonus = np.log(len(self.kind_names) * kinds + 1e-12)[
                ..., np.maximum(self.intent_kinds, 0)
            ]
            logits = logits + self.kind_weight * np.where(self.intent_kinds >= 0, bonus, 0.0)
        return softmax(logits, 1.0)

    # --- scoring ------------------------------------------------------------------------

    def _evidence(self, probs: np.ndarray, unknown: np.ndarray | float) -> np.ndarray:
        first, second = top_two(probs)
        config = self.config
        return first - config.runner_up_weight * second - config.unknown_weight * unknown

    def _confidence(self, evidence: np.ndarray | float) -> np.ndarray:
        a, b = self.platt
        return sigmoid(a * np.asarray(evidence) + b)

    def _grams(self, q: Analysed) -> QuestionGrams:
        return self.char.weights(q.tokens), self.word.weights(q.stems)

    def _similarities(self, questions: Sequence[Analysed]) -> np.ndarray:
        """Kernel similarity (bias excluded) of each question to every training row."""
        return self._postings.similarities([self._grams(q) for q in questions])

    def _outputs(self, kernel: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Intent outputs, kind outputs and probabilities from similarities to the rows."""
        shifted = (kernel + self.config.kernel_bias).astype(self.dual.dtype)
        raw = (shifted @ self.dual).astype(float)
        kind_raw = (shifted @ self.kind_dual).astype(float)
        return raw, kind_raw, self._probabilities(raw, kind_raw)

    def _scored_outputs(
        self, grams: Sequence[QuestionGrams]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`_outputs` for questions, from their n-grams' weights where the model has them."""
        if self._primal is None:
            return self._outputs(self._postings.similarities(grams))
        weights, constant = self._primal
        offset = self._char_t.shape[0]
        both = np.empty((len(grams), len(constant)))
        for i, ((char_cols, char_vals), (word_cols, word_vals)) in enumerate(grams):
            both[i] = char_vals @ weights[char_cols] + word_vals @ weights[offset + word_cols]
        both += constant
        count = len(self.intent_ids)
        raw, kind_raw = both[:, :count], both[:, count:]
        return raw, kind_raw, self._probabilities(raw, kind_raw)

    def score_many(self, questions: Sequence[Analysed]) -> list[Scored]:
        """Scores, probabilities and calibrated confidence for analysed questions."""
        if not questions:
            return []
        grams = [self._grams(q) for q in questions]
        raw, _, probs = self._scored_outputs(grams)
        unknown = np.array([self.lexicon.unknown_share(q.content) for q in questions])
        evidence = self._evidence(probs, unknown)
        confidence = self._confidence(evidence)
        return [
            Scored(
                grams[i],
                raw[i],
                probs[i],
                float(unknown[i]),
                float(evidence[i]),
                float(confidence[i]),
            )
            for i in range(len(questions))
        ]

    def score(self, q: Analysed) -> Scored:
        """Scores, probabilities and calibrated confidence for one analysed question."""
        return self.score_many([q])[0]

    def with_unknown_share_of(self, scored: Scored, asked: Analysed) -> Scored:
        """The same scores, words the knowledge base never uses counted in `asked` only:
        the part of a long message that asks, not the story around it (names, places)."""
        unknown = self.lexicon.unknown_share(asked.content)
        evidence = float(self._evidence(scored.probabilities[None, :], np.array([unknown]))[0])
        confidence = float(self._confidence(evidence))
        return replace(scored, unknown_share=unknown, evidence=evidence, confidence=confidence)

    def nearest(self, scored: Scored, intent: int) -> tuple[int, float] | None:
        """The intent's training row most similar to the question, and that similarity (bias
        excluded), if the intent has rows."""
        rows = self._intent_rows[intent]
        if not len(rows):
            return None
        (char_cols, char_vals), (word_cols, word_vals) = scored.grams
        question = np.zeros(self._by_row.shape[1])
        question[char_cols] = char_vals
        question[self._char_t.shape[0] + word_cols] = word_vals
        matrix = self._by_row
        starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
        lengths = ends - starts
        where = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(
            int(lengths.sum())
        )
        products = matrix.data[where] * question[matrix.indices[where]]
        similarities = np.bincount(
            np.repeat(np.arange(len(rows)), lengths), weights=products, minlength=len(rows)
        )
        best = int(np.argmax(similarities))
        return int(rows[best]), float(similarities[best])
