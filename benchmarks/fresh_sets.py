"""The generic FAQs on fresh held-out questions nobody has tuned on.

Run: python benchmarks/fresh_sets.py [--sets mairie,sante,...] [--with-first]

The first batch of each FAQ's held-out questions (tests/data/faq_*_questions.yaml) has been
measured after every change since the matcher was written: choices were kept when they did
well there, so its figures flatter the matcher a little. Two more batches
(benchmarks/data/fresh_*.yaml, one after the other in each file) were written later, blind,
by helpers that read only the intent ids and answers, and are measured here as they came.
`--with-first` adds the first batch (more questions, less noise from a single answer).

Printed per set and copy (clean, then the seeded noisy copy): right intent first for rss-bot
and the best baseline; rss-bot's answered right and wrong; the best baseline's answered
right at rss-bot's number of wrong answers, and the ratio (issue 9's gate: at least 1.10).

Needs scikit-learn (`pip install -e '.[eval]'`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rss_bot.baselines import NAMES, train  # noqa: E402
from rss_bot.engine import Engine  # noqa: E402
from rss_bot.evaluation import QuestionSet, compare, load_set  # noqa: E402
from rss_bot.knowledge import load  # noqa: E402

TESTS = ROOT / "tests" / "data"
FRESH = ROOT / "benchmarks" / "data"
SETS = ("mairie", "sante", "universite", "mobile_money", "transport", "emploi")


def questions(name: str, with_first: bool) -> QuestionSet:
    """The fresh questions of a set, after the first batch if asked."""
    fresh = load_set(FRESH / f"fresh_{name}.yaml")
    if not with_first:
        return fresh
    first = load_set(TESTS / f"faq_{name}_questions.yaml")
    return QuestionSet(first.in_scope + fresh.in_scope, first.out_of_scope + fresh.out_of_scope)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="bases, séparées par des virgules")
    parser.add_argument(
        "--with-first", action="store_true", help="ajouter le premier lot (tests/data)"
    )
    args = parser.parse_args()
    batch = "les trois lots" if args.with_first else "deuxième et troisième lots"
    print(
        f"Questions retenues écrites à l'aveugle ({batch}) ; meilleure référence : la "
        "meilleure de tfidf et logreg, au seuil de confiance qui fait au plus autant de "
        "réponses fausses que rss-bot.\n"
    )
    print(
        "| base | copie | questions (sujet / hors sujet) | 1er bon rss-bot / meilleure réf. "
        "| répondu juste rss-bot | répondu faux rss-bot "
        "| répondu juste meilleure réf. (même nb de fausses) | rapport |"
    )
    print("|---|---|---|---|---|---|---|---|")
    started = time.perf_counter()
    for name in args.sets.split(","):
        kb = load(TESTS / f"faq_{name}")
        engine = Engine(kb)
        baselines = [train(n, kb) for n in NAMES]
        clean = questions(name, args.with_first)
        for label, question_set in (("propre", clean), ("bruitée", clean.noisy())):
            result = compare(engine, question_set, baselines, label)
            mine = result.matcher
            n = max(mine.in_scope, 1)
            best_first = max(b.ranked_first for b in result.baselines)
            best_right = max(b.answered_right for b in result.baselines)
            ratio = result.ratio()
            print(
                f"| {name} | {label} | {mine.in_scope} / {mine.out_of_scope} "
                f"| {100 * mine.ranked_first / n:.1f} / {100 * best_first / n:.1f} % "
                f"| {100 * mine.answered_right / n:.1f} % | {mine.answered_wrong} "
                f"| {100 * best_right / n:.1f} % "
                f"| {'—' if ratio is None else f'× {ratio:.2f}'} |",
                flush=True,
            )
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
