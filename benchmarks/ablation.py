"""Ablation: the matcher with each signal or special case removed in turn, on every set.

Run: python benchmarks/ablation.py [--sets rss,mairie,...]

For each variant, on every evaluation set (clean and noisy copies, the same seed as
`rss-bot kb eval --noisy`), it prints the mean over sets of: right intent first, its lead
over the best baseline, answered right, wrong answers, out-of-scope questions not answered,
and "answered right at the same number of wrong answers" over the best baseline. The
baselines are computed once per set, in the same run. Output is a Markdown table
(docs/matching.md). Takes a few minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rss_bot.baselines import NAMES, train  # noqa: E402
from rss_bot.engine import Engine  # noqa: E402
from rss_bot.evaluation import Comparison, QuestionSet, compare, load_set  # noqa: E402
from rss_bot.knowledge import load  # noqa: E402
from rss_bot.matcher import Matcher  # noqa: E402
from rss_bot.tuning import DEFAULT  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = {
    "rss": (ROOT / "knowledge", DATA / "questions.yaml"),
    **{
        n: (DATA / f"faq_{n}", DATA / f"faq_{n}_questions.yaml")
        for n in ("mairie", "sante", "universite", "mobile_money", "transport", "emploi")
    },
}
VARIANTS = {
    "complet": {},
    "lissage fixé à 0,5 (pas de choix par base)": {"ridges": (0.5,)},
    "− vue caractères": {"char_weight": 0.0},
    "− vue mots": {"char_weight": 1.0},
    "− réponses comme exemples": {"answer_weight": 0.0},
    "− titres et mots-clés": {"keyword_weight": 0.0},
    "− liste out_of_scope de la base": {"out_of_scope_weight": 0.0},
    "− part de mots inconnus": {"unknown_weight": 0.0},
    "autre forme d'un mot de la base comptée inconnue": {"stem_known_weight": 1.0},
    "− second sujet dans l'indice": {"runner_up_weight": 0.0},
    "− correction des fautes": {"typo_min_length": 99},
    "− poids selon la fréquence (wordfreq)": {"information_weights": False},
    "− questions hors sujet de fond": {"use_background": False},
    "− règle « aucun mot connu »": {"known_word_rule": False},
    "seuils pour 4 % de fausses (au lieu de 3 %)": {"target_wrong_rate": 0.04},
}


def run(variant: dict[str, object], data: dict[str, tuple]) -> dict[str, float]:
    config = dataclasses.replace(DEFAULT, **variant)
    rows: list[Comparison] = []
    for kb, sets, baselines in data.values():
        engine = Engine(kb, Matcher(kb, config))
        rows += [compare(engine, s, baselines, label) for label, s in sets]
    clean = rows[0::2]

    def mean(values: list[float]) -> float:
        return statistics.fmean(values)

    return {
        "top1": mean([c.matcher.top1_accuracy for c in clean]),
        "top1_noisy": mean([c.matcher.top1_accuracy for c in rows[1::2]]),
        "lead": mean([c.top1_lead() or 0.0 for c in rows]),
        "right": mean([c.matcher.in_scope_accuracy for c in clean]),
        "wrong": mean([c.matcher.answered_wrong for c in rows]),
        "rejected": mean([c.matcher.rejection_rate for c in clean]),
        "ratio": statistics.median([r for c in rows if (r := c.ratio()) is not None]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="sets to use, comma-separated")
    args = parser.parse_args()
    data = {}
    for name in args.sets.split(","):
        folder, file = SETS[name]
        kb = load(folder)
        questions: QuestionSet = load_set(file)
        baselines = [train(n, kb) for n in NAMES]
        data[name] = (kb, [("clean", questions), ("noisy", questions.noisy())], baselines)
    print(f"Jeux : {', '.join(data)} (propres et bruités) ; moyennes sur les jeux.\n")
    print(
        "| variante | 1er bon (propre) | 1er bon (bruité) | avance sur la meilleure référence "
        "| répondu juste | réponses fausses par jeu | hors sujet écartés "
        "| juste au même nb de fausses ÷ meilleure référence (médiane) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, variant in VARIANTS.items():
        r = run(variant, data)
        print(
            f"| {name} | {100 * r['top1']:.1f} % | {100 * r['top1_noisy']:.1f} % "
            f"| {100 * r['lead']:+.1f} pts | {100 * r['right']:.1f} % | {r['wrong']:.1f} "
            f"| {100 * r['rejected']:.1f} % | × {r['ratio']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
