"""Questions as vectors: synonyms, typo correction, stems, and TF-IDF n-gram matrices."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse

from rss_bot.lexicon import Lexicon
from rss_bot.normalize import (
    LETTER_NAMES,
    STOPWORDS,
    content_words,
    fold,
    sms_forms,
    without_filler,
    without_greeting,
    words,
)

ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]{0,9}\b")  # words in capitals, one letter too
DENSE_GRAMS = 128  # the commonest n-grams, kept as dense rows (see Postings)
DENSE_CELLS = 2_000_000  # at most this many dense cells (16 MB)
BATCH = 64  # questions whose postings are summed together
SORT_RATIO = 32  # n-grams are sorted, not counted, when the vocabulary is this many times more


@dataclass(frozen=True)
class Analysed:
    """A text reduced to what the matcher compares."""

    normalized: str  # folded tokens, SMS forms expanded (what staff see in the log)
    tokens: tuple[str, ...]  # synonyms rewritten, politeness dropped: the character view
    content: tuple[str, ...]  # content words, typos corrected: the word view and unknown share
    stems: tuple[str, ...]  # stems of `content`, acronyms and numbers left whole
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, corrected)


def _replaced(
    tokens: list[str],
    sizes: Callable[[int], Iterable[int]],
    read: Callable[[list[str]], str | None],
    corrections: list[tuple[str, str]],
) -> list[str]:
    """Tokens with runs read as one word: at each position, the first of `sizes(i)` whose
    piece `read` turns into a word replaces it (noted in `corrections`)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in sizes(i):
            piece = tokens[i : i + size]
            word = read(piece) if len(piece) == size else None
            if word is not None:
                corrections.append((" ".join(piece), word))
                out.append(word)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


# What an apostrophe cuts off before a vowel: "l'armée", "qu'il", "d'ONU".
_ELIDED = ("qu", "l", "d", "j", "m", "n", "s", "t", "c")
# Shorter tokens are never read as words typed without spaces: a typo of one word is likelier
# ("peuvoir" is "pleuvoir", not "peu voir"), unless an acronym is among them ("rssddr")
MIN_GLUED = 8
MIN_GLUED_ACRONYM = 5
MAX_GLUED = 6  # nor as more words than this
MAX_GLUED_WORD = 20  # letters of the longest word looked for inside one
# Letters of a word read as an acronym's letter names ("dedeer", "alpece")
MIN_SPELLED_GLUED = 4
MAX_SPELLED_GLUED = 16


class Analyser:
    """Turns texts into comparable forms, for one knowledge base's synonyms and acronyms."""

    def __init__(
        self,
        synonyms: dict[str, Sequence[str]],
        protected: Iterable[str],
        *,
        drop_politeness: bool = True,
    ) -> None:
        self._drop_politeness = drop_politeness
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
        # Words of a synonym's variants are never corrected: the variant is rewritten whole.
        self._variant_words = frozenset(
            t for entries in table.values() for v, _ in entries for t in v
        )
        # One-word spelling variants ("minousma"): words split apart may join into one
        self._variants = frozenset(
            v[0] for entries in table.values() for v, _ in entries if len(v) == 1
        )
        self._acronyms = frozenset(protected)
        # Acronyms that the shared SMS table would otherwise rewrite
        self._unexpanded = frozenset(a for a in self._acronyms if a in sms_forms())
        self._protected = self._acronyms | {t for v in synonyms for t in words(v)}
        self._stemmer = snowballstemmer.stemmer("french")
        self._sms = {k: v for k, v in sms_forms().items() if " " not in k}  # one-word forms
        self._lexicon: Lexicon | None = None
        self._joinable: frozenset[str] = frozenset()

    @property
    def lexicon(self) -> Lexicon | None:
        """The knowledge base's words, for typo correction (set once the rows are read)."""
        return self._lexicon

    @lexicon.setter
    def lexicon(self, lexicon: Lexicon | None) -> None:
        self._lexicon = lexicon
        for cached in (self._letters_of, self._elision, self._pieces):
            cached.cache_clear()  # what each word reads as depends on the lexicon
        # The words that tokens split by dictation may make once joined
        vocabulary = lexicon.vocabulary if lexicon else frozenset()
        self._joinable = vocabulary | self._variants | self._acronyms

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

    def _spelled(self, tokens: list[str], corrections: list[tuple[str, str]]) -> list[str]:
        """Acronyms spelled aloud, as dictation writes them ("le dé dé air", "l'ère esse
        esse", "a l p c"): three or more letter names that spell one of the knowledge
        base's acronyms exactly."""

        letters = [t in LETTER_NAMES for t in tokens]
        if not any(map(all, zip(letters, letters[1:], letters[2:], strict=False))):
            return tokens  # no three letter names in a row: most messages

        def run(i: int) -> range:  # letter names from i, longest piece first
            n = 0
            while i + n < len(tokens) and letters[i + n] and n < 10:
                n += 1
            return range(n, 2, -1)

        def read(piece: list[str]) -> str | None:
            letters = "".join(LETTER_NAMES[t] for t in piece)
            return letters if letters in self._acronyms else None

        return _replaced(tokens, run, read, corrections)

    def _spelled_glued(self, tokens: list[str], corrections: list[tuple[str, str]]) -> list[str]:
        """Acronyms spelled by ear in one word ("dédéèr", "alpécé", "èrèss"): a token that is
        neither a knowledge-base word nor common French, read as letter names, one of them
        longer than its letter, that spell one of the knowledge base's acronyms exactly."""
        assert self.lexicon is not None
        out: list[str] = []
        for token in tokens:
            spelled = self._letters_of(token)
            if spelled is not None:
                corrections.append((token, spelled))
            out.append(spelled or token)
        return out

    @lru_cache(maxsize=65_536)  # noqa: B019 - one Analyser per loaded knowledge base
    def _letters_of(self, token: str) -> str | None:
        assert self.lexicon is not None
        if (
            not MIN_SPELLED_GLUED <= len(token) <= MAX_SPELLED_GLUED
            or not token.isalpha()
            or token in self.lexicon.vocabulary
            or self.lexicon.is_french(token)
        ):
            return None
        # readings[i]: the letter strings token[:i] can spell (a handful: names are short)
        readings: list[set[str]] = [{""}] + [set() for _ in token]
        for end in range(1, len(token) + 1):
            for start in range(max(0, end - 5), end):
                letter = LETTER_NAMES.get(token[start:end])
                if letter is not None:
                    readings[end] |= {r + letter for r in readings[start]}
        found = {r for r in readings[-1] if len(r) < len(token)} & self._acronyms
        return found.pop() if len(found) == 1 else None

    def _unelided(self, tokens: list[str], corrections: list[tuple[str, str]]) -> list[str]:
        """Elisions typed without the apostrophe split ("larmée", "lEMP", "lonu"): a token
        that is neither a knowledge-base word nor common French, and reads as l', d', j',
        m', n', s', t', c' or qu' before one of the knowledge base's words."""
        out: list[str] = []
        for token in tokens:
            split = self._elision(token)
            if split is None:
                out.append(token)
            else:
                corrections.append((token, " ".join(split)))
                out += split
        return out

    @lru_cache(maxsize=65_536)  # noqa: B019 - one Analyser per loaded knowledge base
    def _elision(self, token: str) -> tuple[str, str] | None:
        """The elided word and the word a token is made of, if it is one ("larmée")."""
        assert self.lexicon is not None
        vocabulary = self.lexicon.vocabulary
        if not token.isalpha() or token in vocabulary or self.lexicon.is_french(token):
            return None
        for elided in _ELIDED:
            rest = token[len(elided) :]
            if not token.startswith(elided) or len(rest) < 3:
                continue
            respelled = None if rest in vocabulary else self.lexicon.respelled(rest)
            if respelled is not None:  # "mexpliker": m' + "expliquer" in chat
                rest = respelled
            if rest in vocabulary or respelled is not None:
                return elided, rest
        return None

    def _unglued(self, tokens: list[str], corrections: list[tuple[str, str]]) -> list[str]:
        """Words typed without the spaces between them split ("cestquoilerole", "desjeunes",
        "laveille"): a token that is neither a knowledge-base word nor common French, and is
        exactly a few words, one of them a knowledge-base word of four letters or more or
        one of its acronyms ("cestquoilapej")."""
        assert self.lexicon is not None
        out: list[str] = []
        for token in tokens:
            pieces = self._pieces(token) if len(token) >= MIN_GLUED_ACRONYM else None
            if pieces is not None and len(token) < MIN_GLUED:
                pieces = pieces if any(p in self._acronyms for p in pieces) else None
            if pieces is None:
                out.append(token)
                continue
            split = [w for piece in pieces for w in self._sms.get(piece, piece).split()]
            corrections.append((token, " ".join(split)))
            out += split
        return out

    @lru_cache(maxsize=65_536)  # noqa: B019 - one Analyser per loaded knowledge base
    def _pieces(self, token: str) -> tuple[str, ...] | None:
        """The fewest words `token` is made of (longer words first on a tie), if any."""
        assert self.lexicon is not None
        lexicon, vocabulary = self.lexicon, self.lexicon.vocabulary
        if not token.isalpha() or token in vocabulary or lexicon.is_french(token):
            return None
        if token in self._variant_words or token in self._sms or self.stem(token) in lexicon.stems:
            return None  # "interurbains" is "interurbain", not "inter urbains"
        if lexicon.correct(token) != token:
            return None  # a typo of one word: "campagen" is "campagne", not "camp agen"

        def word(piece: str, first: bool) -> bool:
            if len(piece) == 1:  # "l" in "laveille"; never "camp a j ai n" for "campagn"
                return first and piece in _ELIDED
            if len(piece) <= 3:  # short pieces: grammar words ("de", "la", "est"), acronyms
                return (
                    piece in STOPWORDS
                    or piece in self._sms
                    or (first and piece in _ELIDED)
                    or (len(piece) == 3 and piece in self._acronyms)
                )
            return piece in vocabulary or lexicon.is_french(piece) or piece in self._sms

        n = len(token)
        # cost[i]: (words, minus the sum of their squared lengths) to read token[:i];
        # back[i]: where the last of those words starts
        cost: list[tuple[int, int] | None] = [(0, 0)] + [None] * n
        back = [0] * (n + 1)
        for end in range(1, n + 1):
            for start in range(max(0, end - MAX_GLUED_WORD), end):
                before = cost[start]
                if before is None or before[0] >= MAX_GLUED:
                    continue
                if not word(token[start:end], first=start == 0):
                    continue
                score = (before[0] + 1, before[1] - (end - start) ** 2)
                current = cost[end]
                if current is None or score < current:
                    cost[end], back[end] = score, start
        final = cost[n]
        if final is None or final[0] < 2:
            return None
        pieces: list[str] = []
        end = n
        while end > 0:
            pieces.append(token[back[end] : end])
            end = back[end]
        pieces.reverse()
        known = any(
            p in vocabulary and p not in STOPWORDS and (len(p) >= 4 or p in self._acronyms)
            for p in pieces
        )
        return tuple(pieces) if known else None

    def _joined(
        self,
        tokens: list[str],
        corrections: list[tuple[str, str]],
        capitals: frozenset[str] = frozenset(),
    ) -> list[str]:
        """Words that dictation splits ("minus ma", "minou sma", "ré solution", "plate forme")
        joined back when, together, they are exactly a knowledge-base word or one of its
        spelling variants, apart they are not all its words, and no piece is an article,
        pronoun or preposition ("des armes" is not
        "désarmés", "de mobilisation" not "démobilisation", "jeunes se" not "jeunesse")."""
        assert self.lexicon is not None
        vocabulary = self.lexicon.vocabulary

        def read(piece: list[str]) -> str | None:
            word = "".join(piece)
            if word in self._acronyms and all(t in capitals for t in piece):
                return word  # typed in capitals with a space inside: "D DR", "PE J"
            joinable = (
                len(word) >= (4 if word in self._acronyms else 6)
                and (word in vocabulary or word in self._variants)
                and word.isalpha()
                and all(len(t) > 1 for t in piece)  # "personne s'inscrit"
                # No article or pronoun ("jeunes se", "qu'elle"), but an acronym's last
                # syllable may sound like one ("minus ma").
                and not any(t in STOPWORDS for t in piece[: -1 if word in self._acronyms else None])
                and not all(t in vocabulary and len(t) > 2 for t in piece)
            )
            return word if joinable else None

        # Where two or three tokens together make a word at all: rarely, and cheap to see
        joinable = self._joinable
        found: dict[int, tuple[int, ...]] = {}
        for i in range(len(tokens) - 1):
            two = tokens[i] + tokens[i + 1]
            if i + 2 < len(tokens) and two + tokens[i + 2] in joinable:
                found[i] = (3, 2) if two in joinable else (3,)
            elif two in joinable:
                found[i] = (2,)
        if not found:
            return tokens
        return _replaced(tokens, lambda i: found.get(i, ()), read, corrections)

    @lru_cache(maxsize=65_536)  # noqa: B019 - one Analyser per loaded knowledge base
    def stem(self, token: str) -> str:
        """Snowball stem of a folded token; acronyms, synonyms and numbers left whole."""
        if token in self._protected or not token.isalpha() or len(token) <= 3:
            return token
        return self._stemmer.stemWord(token)

    def _transposed(self, token: str) -> str:
        """The knowledge base's acronym a capitalised token spells with two neighbouring
        letters swapped ("PJE" for "PEJ"), if exactly one; else the token."""
        if token in self._acronyms:
            return token
        swaps = {
            token[:i] + token[i + 1] + token[i] + token[i + 2 :] for i in range(len(token) - 1)
        }
        found = swaps & self._acronyms
        return found.pop() if len(found) == 1 else token

    def analyse(self, text: str, *, correct: bool = False) -> Analysed:
        """Normalise a text; `correct` fixes typos against the lexicon (questions only)."""
        raw = words(text, self._unexpanded)
        if correct:  # a question: its greeting is politeness, as "bonjour" is
            raw = without_greeting(raw)
        rewritten = self._rewrite(raw)
        content = content_words(rewritten)
        corrections: list[tuple[str, str]] = []
        if correct and self.lexicon is not None:
            # Corrected before synonyms are rewritten: "reforme du secteur de la serurite"
            # is the RSS once "serurite" reads "securite".
            fixed = []
            spelled = self._spelled(raw, corrections)
            known = len(corrections)
            spelled = self._spelled_glued(spelled, corrections)
            shouted = {fold(m) for m in ACRONYM.findall(text)}  # "le PJE": an acronym meant
            # Three letters share no n-gram once two swap, nor with their names ("dedeer"):
            # both views see the acronym
            swapped = len(corrections) > known
            unglued = self._unglued(self._unelided(spelled, corrections), corrections)
            capitals = frozenset(fold(c) for c in _CAPITALS.findall(text))
            for token in self._joined(unglued, corrections, capitals):
                better = token if token in self._variant_words else self.lexicon.correct(token)
                if better == token and token in shouted:
                    better = self._transposed(token)
                    swapped = swapped or better != token
                if better != token:
                    corrections.append((token, better))
                    # An acronym said as a word ("pège" for PEJ) shares no n-gram with it
                    swapped = swapped or better in self._acronyms
                fixed.append(better)
            if corrections:
                again = self._rewrite(fixed)
                content = content_words(again)
                if (
                    swapped
                    or len(fixed) != len(raw)
                    or len(fixed) - len(again) != len(raw) - len(rewritten)
                ):
                    # Words joined, split or spelled, or a synonym read only once corrected:
                    # both views see it.
                    rewritten = again
        tokens = without_filler(rewritten) if self._drop_politeness else rewritten
        return Analysed(
            normalized=" ".join(raw),
            tokens=tuple(tokens),
            content=tuple(content),
            stems=tuple(self.stem(t) for t in content),
            corrections=tuple(corrections),
        )


def protected_tokens(texts: Iterable[str]) -> set[str]:
    """Acronyms written in capitals in a knowledge base's texts, folded."""
    return {fold(m) for text in texts for m in ACRONYM.findall(text)}


class Vectorizer:
    """Sublinear TF-IDF over character n-grams of tokens, or over word n-grams.

    Character n-grams are taken inside each space-padded token, so they survive typos and
    missing accents; a number is one whole gram, so "175" never resembles "157".
    """

    def __init__(self, kind: str, sizes: tuple[int, int]) -> None:
        if kind not in ("char", "word"):
            raise ValueError(kind)
        self.kind = kind
        self.sizes = sizes
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0)

    @lru_cache(maxsize=65_536)  # noqa: B019 - grams of a token never change
    def _token_grams(self, token: str) -> tuple[str, ...]:
        if token.isdigit():
            return (f" {token} ",)
        padded = f" {token} "
        low, high = self.sizes
        return tuple(
            padded[i : i + n]
            for n in range(low, min(high, len(padded)) + 1)
            for i in range(len(padded) - n + 1)
        )

    def grams(self, tokens: Sequence[str]) -> list[str]:
        """The n-grams of a token sequence."""
        if self.kind == "char":
            return [g for t in tokens for g in self._token_grams(t)]
        low, high = self.sizes
        return [
            " ".join(tokens[i : i + n])
            for n in range(low, high + 1)
            for i in range(len(tokens) - n + 1)
        ]

    def fit(self, docs: Sequence[Sequence[str]]) -> Vectorizer:
        """Learn the vocabulary and inverse document frequencies."""
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(self.grams(doc)))
        n = len(docs)
        self.set_vocabulary(
            list(df), np.array([math.log((1 + n) / (1 + c)) + 1.0 for c in df.values()])
        )
        return self

    def set_vocabulary(self, grams: Sequence[str], idf: np.ndarray) -> None:
        """Install a vocabulary (column order) and its IDF weights, as learnt or as cached."""
        self.vocabulary = {g: i for i, g in enumerate(grams)}
        self.idf = np.asarray(idf, dtype=float)
        self._token_ids.cache_clear()

    @lru_cache(maxsize=65_536)  # noqa: B019 - cleared when the vocabulary changes
    def _token_ids(self, token: str) -> np.ndarray:
        # The grams of `_token_grams`, looked up as they are cut: a question's new words
        # (names, typos) cost a third of the time.
        get = self.vocabulary.get
        if token.isdigit():
            found = get(f" {token} ")
            return np.array([] if found is None else [found], dtype=np.int64)
        padded = f" {token} "
        low, high = self.sizes
        end = len(padded) + 1
        ids = [
            i
            for n in range(low, min(high, len(padded)) + 1)
            for start in range(end - n)
            if (i := get(padded[start : start + n])) is not None
        ]
        return np.array(ids, dtype=np.int64)

    def _ids(self, doc: Sequence[str]) -> np.ndarray:
        if self.kind == "char":
            parts = [self._token_ids(t) for t in doc]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        vocabulary = self.vocabulary
        return np.array([vocabulary[g] for g in self.grams(doc) if g in vocabulary], np.int64)

    def weights(self, doc: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The document's n-gram columns (sorted) and their L2-normalised TF-IDF weights."""
        ids = self._ids(doc)
        if not len(ids):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if len(self.vocabulary) > SORT_RATIO * len(ids):
            cols, counts = np.unique(ids, return_counts=True)
        else:  # counting into a vocabulary-long array beats sorting hundreds of n-grams
            counted = np.bincount(ids, minlength=len(self.vocabulary))
            cols = np.flatnonzero(counted)
            counts = counted[cols]
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        vals /= math.sqrt(float(vals @ vals))
        return cols, vals

    def transform(self, docs: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Rows of L2-normalised TF-IDF weights (an empty document is a zero row)."""
        rows = [self.weights(doc) for doc in docs]
        indptr = np.cumsum([0, *(len(cols) for cols, _ in rows)], dtype=np.int64)
        return sparse.csr_matrix(
            (
                np.concatenate([vals for _, vals in rows]) if rows else np.zeros(0),
                np.concatenate([cols for cols, _ in rows]) if rows else np.zeros(0, np.int64),
                indptr,
            ),
            shape=(len(docs), len(self.vocabulary)),
        )


class Postings:
    """Which training rows each n-gram occurs in, and with what weight, over several views
    (character and word n-grams), for the similarity of a few questions at a time.

    A question's similarity to every row sums the postings of its n-grams. The commonest
    n-grams (" d", "es ") occur in most rows: they are kept as dense rows and summed as
    one matrix product; the rest stay sparse lists. A sparse matrix product gives the same
    figures, but for one question its set-up costs more than the sums themselves.
    """

    def __init__(
        self,
        views: Sequence[sparse.csr_matrix],
        weights: Sequence[float],
        dense_grams: int = DENSE_GRAMS,
    ) -> None:
        """`views`: one (n-grams x rows) matrix per view, each scaled by its weight."""
        stacked = sparse.vstack(
            [weight * view for view, weight in zip(views, weights, strict=True)], format="csr"
        )
        self.rows = stacked.shape[1]
        self.offsets = np.cumsum([0, *(view.shape[0] for view in views)])[:-1]
        lengths = np.diff(stacked.indptr)
        budget = DENSE_CELLS // max(self.rows, 1)
        dense = np.argsort(-lengths, kind="stable")[: min(dense_grams, budget)]
        dense = dense[lengths[dense] > 0]
        self._dense_at = np.full(stacked.shape[0], -1, dtype=np.int64)
        self._dense_at[dense] = np.arange(len(dense))
        self._dense = stacked[dense].toarray()
        # The dense n-grams' lists stay in too: `similarities` never reads them.
        self._indptr, self._indices, self._data = stacked.indptr, stacked.indices, stacked.data

    def similarities(
        self, questions: Sequence[Sequence[tuple[np.ndarray, np.ndarray]]]
    ) -> np.ndarray:
        """(questions x rows) weighted sums; each question is one `Vectorizer.weights` result
        per view, in the order of the views."""
        if len(questions) > BATCH:  # bounded memory: every posting is spelt out below
            return np.vstack(
                [
                    self.similarities(questions[k : k + BATCH])
                    for k in range(0, len(questions), BATCH)
                ]
            )
        count = len(questions)
        owner = np.repeat(
            np.arange(count), [sum(len(cols) for cols, _ in views) for views in questions]
        )
        cols = np.concatenate(
            [cols + self.offsets[v] for views in questions for v, (cols, _) in enumerate(views)]
            or [np.zeros(0, dtype=np.int64)]
        )
        vals = np.concatenate([vals for views in questions for _, vals in views] or [np.zeros(0)])
        at = self._dense_at[cols]
        dense = at >= 0
        if count == 1:  # one question (the bot's case): its dense rows alone
            out = (vals[dense] @ self._dense[at[dense]])[None, :]
        else:
            chosen = np.zeros((count, len(self._dense)))
            chosen[owner[dense], at[dense]] = vals[dense]
            out = chosen @ self._dense
        owner, cols, vals = owner[~dense], cols[~dense], vals[~dense]
        starts = self._indptr[cols]
        lengths = self._indptr[cols + 1] - starts
        # Where every posting of the question's n-grams is, list after list.
        first = np.cumsum(lengths) - lengths
        where = np.repeat(starts - first, lengths) + np.arange(int(lengths.sum()))
        rows = self._indices[where]
        sums = np.bincount(
            rows if count == 1 else np.repeat(owner * self.rows, lengths) + rows,
            weights=self._data[where] * np.repeat(vals, lengths),
            minlength=count * self.rows,
        )
        return out + sums.reshape(count, self.rows)
