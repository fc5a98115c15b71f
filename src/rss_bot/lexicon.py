"""Which words a knowledge base knows, which are real French, and typo correction."""

from __future__ import annotations

import math
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache

from phonetic_fr import phonetic as _phonetic
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

# How near the sound of a word written by ear must be to a knowledge-base word's (rapidfuzz
# ratio of their phonetic codes) when no word sounds the same
SOUND_CUTOFF = 85.0
ACRONYM_SOUND = 3  # letters an acronym's sound needs to be in the sound table
# A word's sound is the same for every knowledge base: computed once per process
phonetic = lru_cache(maxsize=65_536)(_phonetic)
_FRENCH: dict[str, int] | None = None  # folded word -> frequency rank (0: commonest)
_FRENCH_LOCK = threading.Lock()


def _fold_word(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.replace("œ", "oe").replace("æ", "ae"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def french_word_list(size: int) -> list[str]:
    """wordfreq's `size` commonest French words, folded (accents removed), commonest first."""
    from itertools import islice

    from wordfreq import iter_wordlist  # here: about a second to import and decode

    return [_fold_word(w) for w in islice(iter_wordlist("fr"), size)]


def french_words(size: int, load: Callable[[], list[str]] | None = None) -> dict[str, int]:
    """The `size` commonest French words, folded, with their rank; read once per process,
    from `load` when given (the model cache keeps the list), else from wordfreq."""
    global _FRENCH
    with _FRENCH_LOCK:
        if _FRENCH is None:
            ranks: dict[str, int] = {}
            for rank, word in enumerate(load() if load else french_word_list(size)):
                ranks.setdefault(word, rank)
            _FRENCH = ranks
        return _FRENCH


class Lexicon:
    """The knowledge base's own words, and typo correction towards them.

    A token is corrected only when it is neither a knowledge-base word nor a real French
    word (one of the `french_size` commonest in wordfreq): "maire" stays "maire" even
    when the knowledge base only says "mairie", while "sectoin" becomes "section".
    """

    def __init__(
        self,
        vocabulary: Iterable[str],
        *,
        french_size: int,
        min_length: int,
        cutoff: float,
        weighted: bool = True,
        stem: Callable[[str], str] | None = None,
        stem_known_weight: float = 1.0,
        sounds: dict[str, list[str]] | None = None,
        acronyms: Iterable[str] = (),
    ) -> None:
        """`sounds`: `by_sound` as computed before for the same words (a cached model);
        `acronyms`: the knowledge base's, said as words too ("la pège" for the PEJ)."""
        self.vocabulary = frozenset(vocabulary)
        self._acronyms = frozenset(acronyms)
        if sounds is not None:
            self.__dict__["by_sound"] = sounds
        # Another form of a knowledge-base word ("enregistrez" when it says "enregistrés")
        # counts `stem_known_weight` of an unknown word.
        # stemmed once per word: the same words come in question after question
        self._stem = lru_cache(maxsize=16_384)(stem) if stem else None
        self.stems = frozenset(map(stem, self.vocabulary)) if stem else frozenset()
        self._stem_known_weight = stem_known_weight
        self._french_size = french_size
        self._french: dict[str, int] | None = None
        self._min_length = min_length
        self._cutoff = cutoff
        self._weighted = weighted
        by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            if len(word) >= min_length and word.isalpha():
                by_initial.setdefault(word[0], []).append(word)
        self._by_initial = by_initial

    def is_french(self, token: str) -> bool:
        """Whether a folded token is a common French word."""
        french = self._french
        if french is None:  # read once: asked for several times per word of a question
            french = self._french = french_words(self._french_size)
        return token in french

    def uses(self, token: str) -> bool:
        """Whether the knowledge base uses a folded token, in any form."""
        return token in self.vocabulary or (
            self._stem is not None and self._stem(token) in self.stems
        )

    def knows(self, token: str) -> bool:
        """Whether a folded token is a knowledge-base word, in any form, or common French."""
        return self.uses(token) or self.is_french(token)

    def respelled(self, token: str) -> str | None:
        """The word chat spelled with "k" for "qu" ("expliker", "boutik", "kartier"), when
        that makes a knowledge-base or common French word."""
        if "k" not in token:
            return None
        spelled = token.replace("k", "qu")
        for word in (spelled, spelled + "e"):
            if word in self.vocabulary or self.is_french(word):
                return word
        return None

    @lru_cache(maxsize=16_384)  # noqa: B019 - one Lexicon per loaded knowledge base
    def correct(self, token: str) -> str:
        """The knowledge-base word a misspelt token stands for, or the token itself."""
        if (
            token in self.vocabulary
            or len(token) < self._min_length
            or not token.isalpha()
            or self.is_french(token)
        ):
            return token
        respelled = self.respelled(token)
        if respelled is not None:
            return respelled
        # Typos rarely touch the first letter.
        found = process.extract(
            token,
            self._by_initial.get(token[0], ()),
            scorer=fuzz.ratio,
            score_cutoff=self._cutoff,
            limit=None,
        )
        if not found:
            return self._sounds_like(token) or token
        # Equally close, the word fewer slips of the finger make, a letter typed for another
        # or two letters swapped counting as one ("maai" and "mlai" are "mali", not "mail").
        best = found[0][1]
        tied = [word for word, score, _ in found if score == best]
        return min(
            tied, key=lambda word: (OSA.distance(token, word), Levenshtein.distance(token, word))
        )

    @cached_property
    def by_sound(self) -> dict[str, list[str]]:
        """The knowledge base's words by how they sound in French (built on first need:
        about 0.7 ms per word, so a cached model keeps them)."""
        out: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary - self._acronyms):
            if len(word) >= self._min_length and word.isalpha():
                out.setdefault(phonetic(word), []).append(word)
        for acronym in sorted(self._acronyms):
            sound = phonetic(acronym) if acronym.isalpha() else ""
            # Said as a word, an acronym sounds as written ("PEJ", "MOK"); one that does not
            # ("DDR" sounds "DR", "MATD" "MA") would stand for too many words
            if len(sound) >= ACRONYM_SOUND:
                out.setdefault(sound, []).append(acronym)
        return out

    @cached_property
    def _sounds(self) -> tuple[str, ...]:
        """The sounds of the knowledge base's words, listed once."""
        return tuple(self.by_sound)

    def _sounds_like(self, token: str) -> str | None:
        """The knowledge-base word a token written by ear stands for ("sekurite", "formassion",
        "kanpagne", "jenre"): the same sound, or nearly ("rezolussion")."""
        sound = phonetic(token)
        same = self.by_sound.get(sound)
        if same:
            return same[0]
        found = process.extractOne(
            sound, self._sounds, scorer=fuzz.ratio, score_cutoff=SOUND_CUTOFF
        )
        return self.by_sound[found[0]][0] if found else None

    @lru_cache(maxsize=16_384)  # noqa: B019 - one Lexicon per loaded knowledge base
    def information(self, token: str) -> float:
        """How much a word says about a topic, 0-1: by Zipf's law, log of its frequency rank
        ("est" little, "frontiere" more); words not among the common ones (names, typos,
        jargon, numbers) count fully."""
        if not self._weighted:
            return 1.0
        rank = french_words(self._french_size).get(token)
        if rank is None:
            return 1.0
        return math.log(rank + 2) / math.log(self._french_size + 2)

    def unknown_share(
        self,
        tokens: Sequence[str],
        known: frozenset[str] | None = None,
        known_stems: frozenset[str] | None = None,
    ) -> float:
        """Information-weighted share of tokens the knowledge base never uses (1 if none);
        a word it uses in another form counts in part. `known` and `known_stems` replace
        the knowledge base's words and stems (held-out rows)."""
        if not tokens:
            return 1.0
        vocabulary = self.vocabulary if known is None else known
        stems = self.stems if known_stems is None else known_stems
        unknown = total = 0.0
        for token in tokens:
            weight = self.information(token)
            total += weight
            if token in vocabulary:
                continue
            if self._stem is not None and self._stem(token) in stems:
                weight *= self._stem_known_weight
            unknown += weight
        return unknown / total
