"""The ranking alone: rss-bot and the baselines, each at its best threshold, on every set.

Run: python benchmarks/best_threshold.py [--sets rss,mairie,...] [--wrong 0,1,2,3,5,8]

`rss-bot kb eval --baselines` compares rss-bot at the thresholds it sets itself, before
seeing any test question, with each baseline at the threshold chosen on the test questions
to give it the most right answers for as many wrong ones. This benchmark removes that
difference: for each number of wrong answers allowed, every method (rss-bot included) gets
its own best threshold on the test questions. What is left compares how well each method
orders its answers, most confident first, and shows how much rss-bot loses by setting its
thresholds in advance. For each set, clean and noisy copies (the seed of `kb eval
--noisy`), it prints rss-bot's answered right, the best baseline's and their ratio for each
number of wrong answers, then rss-bot's own operating point. Needs scikit-learn (`pip
install -e '.[eval]'`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ablation import SETS  # noqa: E402  (the same sets, in the same order)
from rss_bot.baselines import NAMES, train  # noqa: E402
from rss_bot.engine import Engine  # noqa: E402
from rss_bot.evaluation import evaluate_engine, load_set, ranking, right_at_wrong  # noqa: E402
from rss_bot.knowledge import load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="jeux, séparés par des virgules")
    parser.add_argument(
        "--wrong", default="0,1,2,3,5,8", help="nombres de réponses fausses permis (virgules)"
    )
    args = parser.parse_args()
    allowed = [int(w) for w in args.wrong.split(",")]
    print(
        "Chaque méthode à son meilleur seuil sur les questions de test : répondu juste "
        "rss-bot / meilleure référence (rapport), pour au plus N réponses fausses ; puis "
        "rss-bot à ses propres seuils.\n"
    )
    print("| jeu | " + " | ".join(f"N = {w}" for w in allowed) + " | rss-bot à ses seuils |")
    print("|---|" + "---|" * (len(allowed) + 1))
    for name in args.sets.split(","):
        folder, file = SETS[name]
        kb = load(folder)
        engine = Engine(kb)
        baselines = [train(n, kb) for n in NAMES]
        for noisy in (False, True):
            questions = load_set(file)
            if noisy:
                questions = questions.noisy()
            texts = [q for q, _ in questions.in_scope] + list(questions.out_of_scope)
            top, confidence = ranking(engine, questions)
            predicted = [b.predict(texts) for b in baselines]
            cells = []
            for w in allowed:
                mine = right_at_wrong(top, confidence, questions, w)[0]
                best = max(right_at_wrong(t, c, questions, w)[0] for t, c in predicted)
                ratio = f"× {mine / best:.2f}" if best else "—"
                cells.append(f"{mine} / {best} ({ratio})")
            own = evaluate_engine(engine, questions)
            label = f"{name} ({'bruité' if noisy else 'propre'})"
            right, wrong = own.answered_right, own.answered_wrong
            cells.append(f"{right} juste{'s' * (right > 1)}, {wrong} fausse{'s' * (wrong > 1)}")
            print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
