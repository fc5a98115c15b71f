"""Matcher latency (p50/p99 per question) and start-up time (load + index).

Run: python benchmarks/bench_matcher.py [--questions N]

Measured on the project's knowledge base (questions from tests/data/questions.yaml) and on
a generated one of 1,000 intents x 10 questions. Targets: p99 <= 1 ms on ours, <= 10 ms on
1,000 intents; start-up <= 0.5 s on ours.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rss_bot.evaluation import load_questions  # noqa: E402
from rss_bot.knowledge import load  # noqa: E402
from rss_bot.matcher import Matcher  # noqa: E402

SYLLABLES = """
    ba be bi bo bu da de di do du fa fe fi ka ke ki ko la le li lo ma me mi mo mu na ne
    ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi zo ou an in on
    """.split()
COMMON = """
    comment quel quelle combien pourquoi ou quand qui est la le les des un une pour
    faire obtenir demander service bureau dossier papier prix delai
    """.split()


def generated_kb(folder: Path, intents: int, questions: int, rng: random.Random) -> list[str]:
    """Write a French-like FAQ of `intents` x `questions`; return held-out test questions."""

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))

    vocabulary = [word() for _ in range(6000)]
    items, probes = [], []
    for n in range(intents):
        topic = rng.sample(vocabulary, 4)
        examples = []
        for _ in range(questions):
            words = rng.sample(topic, 2) + rng.sample(COMMON, 3) + rng.sample(vocabulary, 1)
            rng.shuffle(words)
            examples.append(" ".join(words))
        items.append(
            {
                "id": f"intent-{n:04d}",
                "questions": examples,
                "answer": " ".join(rng.sample(vocabulary, 30)),
            }
        )
        probe = rng.sample(topic, 2) + rng.sample(COMMON, 2)
        probes.append(" ".join(w[:-1] + "x" if len(w) > 5 else w for w in probe))
    chunk = 100
    for start in range(0, intents, chunk):
        path = folder / f"faq-{start // chunk:02d}.yaml"
        path.write_text(
            yaml.safe_dump({"intents": items[start : start + chunk]}, allow_unicode=True),
            encoding="utf-8",
        )
    return probes


def measure(folder: Path, questions: list[str], rounds: int, cold: bool) -> dict[str, float]:
    started = time.perf_counter()
    matcher = Matcher(load(folder))
    startup = time.perf_counter() - started
    timings = []
    for _ in range(rounds):
        for question in questions:
            matcher._match.cache_clear()  # a question never seen before
            if cold:  # as if every word were new too: no cached typo correction nor n-grams
                matcher.analyser._correct.cache_clear()
                matcher._token_grams.cache_clear()
            t0 = time.perf_counter()
            matcher.match(question)
            timings.append(time.perf_counter() - t0)
    timings.sort()
    return {
        "startup_s": startup,
        "p50_ms": 1000 * statistics.median(timings),
        "p99_ms": 1000 * timings[int(0.99 * (len(timings) - 1))],
        "n": len(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=300, help="questions for 1,000 intents")
    args = parser.parse_args()
    in_scope, out_of_scope = load_questions(ROOT / "tests" / "data" / "questions.yaml")
    ours = [q for q, _ in in_scope] + out_of_scope
    for cold in (True, False):
        result = measure(ROOT / "knowledge", ours, rounds=3, cold=cold)
        print(
            f"Base du projet ({len(ours)} questions x 3, caches {'vides' if cold else 'chauds'}) :"
            f" démarrage {result['startup_s']:.3f} s, p50 {result['p50_ms']:.3f} ms, "
            f"p99 {result['p99_ms']:.3f} ms (cibles : p99 <= 1 ms, démarrage <= 0,5 s)"
        )
    rng = random.Random(2364)
    with tempfile.TemporaryDirectory() as tmp:
        probes = generated_kb(Path(tmp), 1000, 10, rng)[: args.questions]
        result = measure(Path(tmp), probes, rounds=1, cold=True)
    print(
        f"Base générée 1 000 intentions x 10 questions ({len(probes)} questions) : "
        f"démarrage {result['startup_s']:.3f} s, p50 {result['p50_ms']:.3f} ms, "
        f"p99 {result['p99_ms']:.3f} ms (cible : p99 <= 10 ms)"
    )


if __name__ == "__main__":
    main()
