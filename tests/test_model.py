"""The model trained at load: exact leave-one-out, calibration, and the disk cache."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rss_bot import modelcache
from rss_bot.calibration import softmax
from rss_bot.knowledge import KnowledgeBase, load
from rss_bot.lexicon import french_word_list
from rss_bot.model import Model
from rss_bot.tuning import DEFAULT, MatcherConfig
from rss_bot.vectors import Analysed, Analyser

from .conftest import WriteKB
from .test_matcher import MINIMAL


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("kb")
    (folder / "faq.yaml").write_text(MINIMAL, encoding="utf-8")
    return load(folder)


def test_leave_one_out_equals_training_without_the_row(small: KnowledgeBase) -> None:
    model = Model(small, DEFAULT)
    chosen, loo, _ = model._held_out()
    rows = model.rows
    x_char = model.char.transform([r.analysed.tokens for r in rows])
    x_word = model.word.transform([r.analysed.stems for r in rows])
    kernel = model._kernel(x_char, x_word) + DEFAULT.kernel_bias
    weights = np.array([r.weight for r in rows])
    targets = np.zeros((len(rows), len(small.intents)))
    for n, r in enumerate(rows):
        if r.intent >= 0:
            targets[n, r.intent] = 1.0
    for k in (0, 4, len(chosen) - 1):
        i = chosen[k]
        keep = np.arange(len(rows)) != i
        system = kernel[np.ix_(keep, keep)] + np.diag(model.ridge / weights[keep])
        dual = np.linalg.solve(system, targets[keep])
        np.testing.assert_allclose(loo[k], kernel[i, keep] @ dual, atol=1e-8)


def test_the_ridge_that_answers_most_held_out_questions_is_kept() -> None:
    kb = load(Path(__file__).resolve().parents[1] / "tests" / "data" / "faq_sante")
    chosen = Model(kb, DEFAULT)
    alone = {r: Model(kb, MatcherConfig(ridges=(r,))) for r in DEFAULT.ridges}
    assert chosen.ridge in DEFAULT.ridges
    best = max(m.thresholds.expected_answered for m in alone.values())
    assert chosen.thresholds == alone[chosen.ridge].thresholds
    assert chosen.thresholds.expected_answered == best
    # a knowledge base with few examples per topic needs less smoothing than the default
    assert chosen.ridge < DEFAULT.ridge
    question = chosen.analyser.analyse("vaccin pour bebe", correct=True)
    np.testing.assert_allclose(
        chosen.score(question).raw, alone[chosen.ridge].score(question).raw, atol=1e-9
    )


def test_confidence_is_a_calibrated_probability(small: KnowledgeBase) -> None:
    model = Model(small, DEFAULT)
    a, _ = model.platt
    assert a > 0, "more evidence must never mean less confidence"
    assert 0 < model.temperature < 2
    probs = softmax(np.array([[3.0, 1.0, 0.0]]), model.temperature)
    assert probs.sum() == pytest.approx(1.0)


def test_target_sets_the_answer_threshold() -> None:
    kb = load(Path(__file__).resolve().parents[1] / "knowledge")
    strict = Model(kb, MatcherConfig(target_wrong_rate=0.01)).thresholds
    lenient = Model(kb, MatcherConfig(target_wrong_rate=0.10)).thresholds
    assert strict.answer > lenient.answer
    assert strict.expected_answered < lenient.expected_answered
    assert strict.expected_wrong_rate <= 0.01 < lenient.expected_wrong_rate <= 0.10


def test_cache_serves_the_same_model_fast(
    small: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trained = Model(small, DEFAULT, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("model-*.npz"))) == 1
    read: list[str] = []
    analyse = Analyser.analyse

    def counted(self: Analyser, text: str, **kwargs: Any) -> Analysed:
        read.append(text)
        return analyse(self, text, **kwargs)

    monkeypatch.setattr(Analyser, "analyse", counted)
    cached = Model(small, DEFAULT, cache_dir=tmp_path)
    # The examples' analyses come with the cached model: only the synonyms are read.
    assert len(read) == len(small.synonyms)
    assert [r.analysed for r in cached.rows] == [r.analysed for r in trained.rows]
    question = trained.analyser.analyse("vous ouvrez a quelle heure", correct=True)
    assert cached.thresholds == trained.thresholds
    assert (cached.ridge, cached.ridges_tried) == (trained.ridge, trained.ridges_tried)
    np.testing.assert_allclose(cached.score(question).raw, trained.score(question).raw)
    assert cached.score(question).confidence == pytest.approx(trained.score(question).confidence)


def test_cache_is_never_stale(write_kb: WriteKB, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load(write_kb(faq=MINIMAL))
    Model(first, DEFAULT, cache_dir=cache)
    edited = load(write_kb(faq=MINIMAL.replace("De 8 h à 16 h", "De 9 h à 17 h")))
    assert edited.version != first.version
    assert modelcache.cache_key(edited.version, DEFAULT) != modelcache.cache_key(
        first.version, DEFAULT
    )
    other = MatcherConfig(ridge=2.0)
    assert modelcache.cache_key(first.version, other) != modelcache.cache_key(
        first.version, DEFAULT
    )
    Model(edited, DEFAULT, cache_dir=cache)
    assert len(list(cache.glob("model-*.npz"))) == 2


def test_an_edited_spelling_table_is_a_new_model(
    small: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SMS table reads every example: a model trained before it changed is stale."""
    package = resources.files("rss_bot")
    copy = tmp_path / "rss_bot"
    for name in (*modelcache._SOURCES, *modelcache._DATA):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_bytes(package.joinpath(name).read_bytes())
    monkeypatch.setattr(modelcache.resources, "files", lambda _: copy)
    before = modelcache.cache_key(small.version, DEFAULT)
    table = copy / "data" / "sms.yaml"
    table.write_text(table.read_text(encoding="utf-8") + '  bjrr: "bonjour"\n', encoding="utf-8")
    assert modelcache.cache_key(small.version, DEFAULT) != before


def test_unreadable_cache_is_retrained(small: KnowledgeBase, tmp_path: Path) -> None:
    key = modelcache.cache_key(small.version, DEFAULT)
    (tmp_path / f"model-{key}.npz").write_bytes(b"not a zip")
    model = Model(small, DEFAULT, cache_dir=tmp_path)
    assert model.thresholds.answer > 0
    assert modelcache.load(tmp_path, key) is not None  # rewritten


def test_unwritable_cache_still_trains(small: KnowledgeBase, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    model = Model(small, DEFAULT, cache_dir=blocker / "cache")
    assert model.thresholds.answer > 0


def test_the_french_word_list_is_kept_in_the_model_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read from wordfreq once, then from the file kept beside the models: a new process
    starts without importing wordfreq, with the same words in the same order."""
    expected = french_word_list(50_000)
    assert modelcache.french_words(tmp_path, 50_000) == expected
    assert [p.name.startswith("french-") for p in tmp_path.iterdir()] == [True]

    monkeypatch.setitem(sys.modules, "wordfreq", None)  # importing it would now fail
    assert modelcache.french_words(tmp_path, 50_000) == expected


def test_an_unwritable_cache_only_means_reading_wordfreq(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    assert modelcache.french_words(blocked / "cache", 50_000) == french_word_list(50_000)


QUESTIONS = ["c koi le ddr", "comment obtenir un acte de naissance", "il fait beau", "mairie"]


def test_questions_scored_from_ngram_weights_get_the_kernels_outputs(
    small: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scoring from each n-gram's weights is the kernel ridge model written over n-grams:
    # the same outputs as from the similarities to every training row.
    model = Model(small, DEFAULT)
    assert model._primal is not None
    questions = [model.analyser.analyse(q, correct=True) for q in QUESTIONS]
    from_weights = model._scored_outputs([model._grams(q) for q in questions])
    from_rows = model._outputs(model._similarities(questions))
    for mine, theirs in zip(from_weights, from_rows, strict=True):
        np.testing.assert_allclose(mine, theirs, atol=1e-10)
    # A base whose table of weights would be too big scores from its rows, alike.
    monkeypatch.setattr("rss_bot.model.PRIMAL_CELLS", 10)
    big = Model(small, DEFAULT)
    assert big._primal is None
    for mine, theirs in zip(
        [s.probabilities for s in big.score_many(questions)],
        [s.probabilities for s in model.score_many(questions)],
        strict=True,
    ):
        np.testing.assert_allclose(mine, theirs, atol=1e-10)


def test_the_nearest_example_is_the_most_similar_row_of_the_intent(small: KnowledgeBase) -> None:
    model = Model(small, DEFAULT)
    questions = [model.analyser.analyse(q, correct=True) for q in QUESTIONS]
    kernel = model._similarities(questions)
    for scored, row in zip(model.score_many(questions), kernel, strict=True):
        for intent in range(len(small.intents)):
            rows = np.nonzero(model.row_intents == intent)[0]
            found = model.nearest(scored, intent)
            assert found is not None
            assert found[0] == rows[np.argmax(row[rows])]
            assert found[1] == pytest.approx(row[rows].max(), abs=1e-12)


def test_a_cached_model_keeps_what_its_words_sound_like(
    small: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trained = Model(small, DEFAULT, cache_dir=tmp_path)
    sounds = trained.lexicon.by_sound
    assert sounds
    computed: list[str] = []
    monkeypatch.setattr("rss_bot.lexicon.phonetic", lambda word: computed.append(word) or word)
    cached = Model(small, DEFAULT, cache_dir=tmp_path)
    assert cached.lexicon.by_sound == sounds
    assert computed == []  # no word of the base sounded out again
    assert Model(small, DEFAULT).lexicon.by_sound  # as a model trained anew does
    assert computed
