"""Commands that answer with the model: ask, kb eval (kb check, which only reads the
knowledge base, is in `check`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

import yaml

from rss_bot import baselines, explain, texts
from rss_bot.baselines import Baseline
from rss_bot.cli.common import CommandError, build_engine, load_kb
from rss_bot.config import Settings
from rss_bot.engine import Reply, visible_text
from rss_bot.evaluation import by_kind, compare, load_set
from rss_bot.recording import Recording
from rss_bot.redaction import unmarked
from rss_bot.verdict import Outcome, Verdict


def _json_line(question: str, reply: Reply) -> str:
    verdict = reply.verdict or Verdict(Outcome.FALLBACK)  # every answer to a question has one
    return json.dumps(
        {
            "question": question,
            "intent": verdict.intent,
            "score": round(verdict.score, 1),
            "outcome": verdict.outcome.value,
            "answer": visible_text(reply),
            "suggestions": list(verdict.suggestions),
        },
        ensure_ascii=False,
    )


def _tsv_line(reply: Reply) -> str:
    verdict = reply.verdict or Verdict(Outcome.FALLBACK)
    one_line = " / ".join(line.strip() for line in visible_text(reply).splitlines() if line.strip())
    return f"{verdict.outcome.value}\t{verdict.intent or '-'}\t{verdict.score:.1f}\t{one_line}"


def cmd_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Answer one question, or one question per line of standard input."""
    engine = build_engine(load_kb(args, settings), settings)
    recording = Recording(None, redact=settings.redact)  # the doors' redaction, no log

    def answer(question: str, alone: bool) -> str:
        question = recording.redacted(question)
        if args.explain:
            plain = unmarked(question)
            why = explain.explain(engine.matcher, plain, engine.matched(plain))
            return f"{why}\n{explain.render_reply(engine.reply(question))}\n"
        reply = engine.reply(question)
        if args.json:
            return _json_line(question, reply)
        return visible_text(reply) if alone else _tsv_line(reply)

    if args.question:
        out.write(answer(" ".join(args.question), True) + "\n")
        return 0
    for line in sys.stdin:
        out.write(answer(line.rstrip("\r\n"), False) + "\n")
        out.flush()
    return 0


def cmd_kb_eval(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Measure the matcher on a labelled question file, beside baselines if asked."""
    kb = load_kb(args, settings)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(texts.FILE_NOT_FOUND.format(path=path))
    try:  # the labelled file is read before any matching: its errors are the user's
        questions = load_set(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        raise CommandError(texts.EVAL_FILE_INVALID.format(path=path)) from None
    unknown = sorted(questions.intent_ids() - {i.id for i in kb.intents})
    if unknown:  # a renamed or misspelt id would count as a wrong answer, silently
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise CommandError(
            texts.EVAL_UNKNOWN_INTENTS.format(path=path, count=len(unknown), ids=shown)
        )
    engine = build_engine(kb, settings)
    trained: list[Baseline] = []
    if args.baselines:
        try:
            trained = [baselines.train(name, kb) for name in baselines.NAMES]
        except baselines.BaselineUnavailable:
            raise CommandError(texts.EVAL_NO_BASELINES) from None
    folder = Path(args.knowledge) if args.knowledge else settings.knowledge_dir
    out.write(texts.EVAL_HEADER.format(file=path, knowledge=folder, intents=len(kb.intents)))
    out.write("\n" + explain.render_thresholds(engine.matcher) + "\n")
    sets = [(texts.EVAL_CLEAN, questions)]
    if args.noisy:
        sets.append((texts.EVAL_NOISY, questions.noisy()))
    for label, question_set in sets:
        comparison = compare(engine, question_set, trained, label)
        out.write("\n" + explain.render_comparison(comparison) + "\n")
        if any(question_set.kinds):
            out.write(explain.render_kinds(by_kind(engine, question_set)) + "\n")
        if args.verbose:
            out.write(explain.render_misses(engine.matcher, comparison.matcher, True) + "\n")
    return 0
