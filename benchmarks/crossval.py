"""Cross-validation on each knowledge base's own example questions, beside the baselines.

Run: python benchmarks/crossval.py [--folds 8] [--sets rss,mairie,...] [--noisy] [--curve]
[--bare]

A public intent data set is split at random into training and test questions: both come
from the same writers. The evaluation sets in tests/data were written apart from the
examples, so their questions differ from the examples in ways a random split does not.
This benchmark measures the other case. Each example question is held out once
(stratified folds: every intent keeps most of its examples). rss-bot is trained on the rest
of the knowledge base (titles, keywords, answers and out_of_scope list included) and
answers the held-out questions; the two baselines learn from the same.

Printed per set, summed over the folds:
- right intent first;
- answered right and answered wrong;
- the best baseline's answered right with at most as many wrong answers as rss-bot (its
  predictions of all folds cut at one confidence threshold).

Needs scikit-learn (`pip install -e '.[eval]'`). Takes a few minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from pathlib import Path
from types import MappingProxyType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rss_bot.baselines import NAMES, train  # noqa: E402
from rss_bot.engine import Engine  # noqa: E402
from rss_bot.evaluation import (  # noqa: E402
    Comparison,
    Evaluation,
    QuestionSet,
    evaluate_engine,
    ranking,
    right_at_wrong,
)
from rss_bot.knowledge import KnowledgeBase, load  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = {
    "rss": ROOT / "knowledge",
    **{
        n: DATA / f"faq_{n}"
        for n in ("mairie", "sante", "universite", "mobile_money", "transport", "emploi")
    },
}


def folds_of(kb: KnowledgeBase, folds: int, seed: int = 2364) -> list[list[int]]:
    """For each intent, the fold of each of its example questions (-1: never held out).
    An intent with one question keeps it; the others are dealt round the folds at random."""
    rng = random.Random(seed)
    out = []
    for intent in kb.intents:
        n = len(intent.questions)
        if n < 2:
            out.append([-1] * n)
            continue
        order = list(range(n))
        rng.shuffle(order)
        fold = [0] * n
        for rank, index in enumerate(order):
            fold[index] = rank % folds
        out.append(fold)
    return out


def split(kb: KnowledgeBase, assigned: list[list[int]], fold: int) -> tuple[KnowledgeBase, list]:
    """The knowledge base without fold `fold`'s questions, and those questions (labelled)."""
    intents, held_out = [], []
    for intent, fold_of in zip(kb.intents, assigned, strict=True):
        kept = tuple(q for q, f in zip(intent.questions, fold_of, strict=True) if f != fold)
        held_out += [(q, intent.id) for q, f in zip(intent.questions, fold_of, strict=True)
                     if f == fold]  # fmt: skip
        intents.append(dataclasses.replace(intent, questions=kept))
    trained = dataclasses.replace(kb, intents=tuple(intents), version=f"{kb.version}-{fold}")
    return trained, held_out


def bare(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with only the three required fields of each intent (id, questions,
    answer): what a public intent data set gives."""
    intents = tuple(
        dataclasses.replace(i, title=None, keywords=(), kind=None, related=()) for i in kb.intents
    )
    return dataclasses.replace(
        kb,
        intents=intents,
        synonyms=MappingProxyType({}),
        out_of_scope=(),
        version=f"{kb.version}-bare",
    )


# Shares of the held-out questions allowed a wrong answer, for --curve.
CURVE_SHARES = (0.01, 0.02, 0.03, 0.05, 0.08)


@dataclasses.dataclass(frozen=True)
class Run:
    """One knowledge base's cross-validation: rss-bot at its own thresholds beside the
    baselines, and, for --curve, each method's right answers at several numbers of wrong
    ones, every method at its best threshold over the pooled folds (rss-bot's, best
    baseline's)."""

    comparison: Comparison
    curve: tuple[tuple[int, int, int], ...]  # (wrong answers allowed, rss-bot, best baseline)


def run(kb: KnowledgeBase, folds: int, noisy: bool) -> Run:
    """rss-bot on every fold; the baselines' predictions of every fold pooled, then cut at
    one confidence threshold for at most rss-bot's wrong answers over all folds."""
    assigned = folds_of(kb, folds)
    mine = Evaluation()
    pooled: list[tuple[str, str]] = []
    predictions: dict[str, tuple[list[str | None], list[float]]] = {n: ([], []) for n in NAMES}
    ranked: tuple[list[str | None], list[float]] = ([], [])  # rss-bot's, for the curve
    for fold in range(folds):
        trained, held_out = split(kb, assigned, fold)
        if not held_out:
            continue
        questions = QuestionSet(tuple(held_out), ())
        if noisy:
            questions = questions.noisy()
        pooled += questions.in_scope
        engine = Engine(trained)
        result = evaluate_engine(engine, questions)
        top, confidence = ranking(engine, questions)
        ranked[0].extend(top)
        ranked[1].extend(confidence)
        mine.in_scope += result.in_scope
        mine.ranked_first += result.ranked_first
        mine.answered_right += result.answered_right
        mine.answered_wrong += result.answered_wrong
        texts = [q for q, _ in questions.in_scope]
        for name in NAMES:
            top, confidence = train(name, trained).predict(texts)
            predictions[name][0].extend(top)
            predictions[name][1].extend(confidence)
    everything = QuestionSet(tuple(pooled), ())
    others = []
    for name, (top, confidence) in predictions.items():
        right, wrong, _ = right_at_wrong(top, confidence, everything, mine.answered_wrong)
        first = sum(t == gold for t, (_, gold) in zip(top, pooled, strict=True))
        others.append(
            Evaluation(
                name=name,
                in_scope=len(pooled),
                ranked_first=first,
                answered_right=right,
                answered_wrong=wrong,
            )
        )
    curve = []
    for share in CURVE_SHARES:
        allowed = max(1, round(share * len(pooled)))
        best = max(right_at_wrong(*p, everything, allowed)[0] for p in predictions.values())
        curve.append((allowed, right_at_wrong(*ranked, everything, allowed)[0], best))
    return Run(Comparison("", mine, tuple(others)), tuple(curve))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=8, help="nombre de plis (défaut : 8)")
    parser.add_argument("--sets", default=",".join(SETS), help="bases, séparées par des virgules")
    parser.add_argument("--noisy", action="store_true", help="questions retenues bruitées")
    parser.add_argument(
        "--bare",
        action="store_true",
        help="bases réduites aux trois champs requis (id, questions, answer) : sans titres, "
        "mots-clés, kind, synonymes ni liste hors sujet, comme un jeu public",
    )
    parser.add_argument(
        "--curve",
        action="store_true",
        help="ajoute, pour 1 à 8 %% de réponses fausses permises, les réponses justes de "
        "rss-bot et de la meilleure référence, chacun à son meilleur seuil",
    )
    args = parser.parse_args()
    print(
        f"Validation croisée en {args.folds} plis sur les exemples de chaque base"
        f"{' (questions retenues bruitées)' if args.noisy else ''} ; meilleure référence : "
        "la meilleure de tfidf et logreg, au seuil de confiance qui fait au plus autant de "
        "réponses fausses que rss-bot sur l'ensemble des plis.\n"
    )
    print(
        "| base | questions | 1er bon rss-bot / meilleure réf. | répondu juste rss-bot "
        "| répondu faux rss-bot | répondu juste meilleure réf. (même nb de fausses) | rapport |"
    )
    print("|---|---|---|---|---|---|---|")
    started = time.perf_counter()
    curves = []
    for name in args.sets.split(","):
        kb = load(SETS[name])
        done = run(bare(kb) if args.bare else kb, args.folds, args.noisy)
        curves.append((name, done.curve))
        result = done.comparison
        mine = result.matcher
        best_first = max(b.ranked_first for b in result.baselines)
        best_right = max(b.answered_right for b in result.baselines)
        n = max(mine.in_scope, 1)
        ratio = result.ratio()
        print(
            f"| {name} | {mine.in_scope} | {100 * mine.ranked_first / n:.1f} / "
            f"{100 * best_first / n:.1f} % | {100 * mine.answered_right / n:.1f} % "
            f"| {mine.answered_wrong} | {100 * best_right / n:.1f} % "
            f"| {'—' if ratio is None else f'× {ratio:.2f}'} |",
            flush=True,
        )
    if args.curve:
        print(
            "\nChaque méthode à son meilleur seuil sur l'ensemble des plis (le classement seul) : "
            "réponses justes de rss-bot / de la meilleure référence, pour au plus N réponses "
            "fausses (N : part des questions retenues).\n"
        )
        shares = " | ".join(f"{100 * share:.0f} %" for share in CURVE_SHARES)
        print(f"| base | {shares} |")
        print("|---|" + "---|" * len(CURVE_SHARES))
        for name, curve in curves:
            cells = " | ".join(
                f"{ours} / {best} (× {ours / best:.2f})" if best else f"{ours} / 0"
                for _, ours, best in curve
            )
            print(f"| {name} | {cells} |")
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
