"""French renderings of a verdict's reasons and of an evaluation, for staff."""

from __future__ import annotations

from rss_bot import texts
from rss_bot.engine import Reply
from rss_bot.evaluation import Comparison, Evaluation
from rss_bot.matcher import Match, Matcher, Outcome


def explain(matcher: Matcher, question: str, match: Match | None = None) -> str:
    """Why the matcher decided what it did about a question, signal by signal."""
    match = match or matcher.match(question)
    config = matcher.config
    lines = [
        texts.french(texts.EXPLAIN_QUESTION, question=question),
        texts.french(texts.EXPLAIN_NORMALIZED, normalized=match.normalized or "—"),
        texts.french(
            texts.EXPLAIN_CORRECTIONS,
            corrections=", ".join(f"{a} → {b}" for a, b in match.corrections),
        )
        if match.corrections
        else texts.EXPLAIN_NO_CORRECTION,
    ]
    if match.ranked:
        lines.append(texts.french(texts.EXPLAIN_UNKNOWN, share=100 * match.unknown_share))
        lines.append(texts.EXPLAIN_CANDIDATES)
        for rank, c in enumerate(match.ranked, 1):
            intent = matcher.kb.get(c.intent_id)
            label = f"{c.intent_id} ({intent.label})" if intent and intent.title else c.intent_id
            lines.append(
                texts.french(
                    texts.EXPLAIN_CANDIDATE,
                    rank=rank,
                    intent=label,
                    probability=c.score,
                    raw=c.raw,
                    nearest=c.nearest[:80],
                    similarity=c.similarity,
                    fuzzy=c.fuzzy,
                )
            )
        lines.append(
            texts.french(
                texts.EXPLAIN_CONFIDENCE,
                score=match.score,
                evidence=match.evidence,
                runner_up=config.runner_up_weight,
                unknown=config.unknown_weight,
            )
        )
    lines.append(render_thresholds(matcher))
    lines.append(texts.EXPLAIN_RULES[match.rule.value])
    if match.outcome is Outcome.SUGGEST:
        lines.append(
            texts.french(
                texts.EXPLAIN_OFFERED, intents=", ".join(c.intent_id for c in match.candidates)
            )
        )
    return "\n".join(lines)


def render_reply(reply: Reply) -> str:
    """What the user is sent in the end, which rules after the matcher may change (a detail
    the sheet does not give, two topics, how things are today)."""
    verdict = reply.verdict
    first = next((line.strip() for line in reply.text.splitlines() if line.strip()), "")
    if verdict is None:
        return texts.french(texts.EXPLAIN_SENT, what=texts.EXPLAIN_SENT_SCREEN, first=first)
    if verdict.outcome is Outcome.ANSWER:
        topics = " et ".join(i for i in (verdict.intent, verdict.also) if i)
        what = texts.french(texts.EXPLAIN_SENT_ANSWER, topics=topics)
    elif verdict.suggestions:
        offered = ", ".join(verdict.suggestions)
        kind = Outcome.SUGGEST if verdict.outcome is Outcome.SUGGEST else Outcome.FALLBACK
        what = texts.french(texts.EXPLAIN_SENT_OFFERED[kind.value], intents=offered)
    else:
        what = texts.EXPLAIN_SENT_FALLBACK
    return texts.french(texts.EXPLAIN_SENT, what=what, first=first)


def render_thresholds(matcher: Matcher) -> str:
    """The thresholds set for this knowledge base, and what they were derived from."""
    thresholds = matcher.thresholds
    return texts.french(
        texts.EXPLAIN_THRESHOLDS,
        answer=100 * thresholds.answer,
        suggest=100 * thresholds.suggest,
        target=100 * matcher.config.target_wrong_rate,
        expected_wrong=100 * thresholds.expected_wrong_rate,
        expected_answered=100 * thresholds.expected_answered,
        ridge=matcher.model.ridge,
        start=matcher.config.ridge,
        ridges=" ; ".join(texts.decimal(r, "g") for r in matcher.model.ridges_tried),
        mass=100 * matcher.config.suggestion_mass,
        pair_reach=100 * thresholds.pair_reach,
        pair_state=texts.EXPLAIN_PAIR_ON if matcher.offers_pairs else texts.EXPLAIN_PAIR_OFF,
    )


def _percent(share: float, spec: str = ".1f") -> str:
    """A share (0-1) as a French percentage: "98,1 %"."""
    return f"{texts.decimal(100 * share, spec)} %"


def _row(e: Evaluation) -> str:
    pct = _percent
    return texts.french(
        texts.EVAL_COLUMNS,
        name=e.name,
        top1=pct(e.top1_accuracy),
        right=pct(e.in_scope_accuracy),
        wrong=str(e.answered_wrong),
        rejected=pct(e.rejection_rate) if e.out_of_scope else "—",
        reached=pct(e.in_scope_reached) if e.suggested_right else "—",
    )


def render_comparison(c: Comparison) -> str:
    """A French table: rss-bot and the baselines on one question set."""
    lines = [
        texts.french(
            texts.EVAL_SET,
            label=c.label,
            in_scope=c.matcher.in_scope,
            out_of_scope=c.matcher.out_of_scope,
        ),
        texts.french(texts.EVAL_COLUMNS, **texts.EVAL_COLUMN_TITLES),
        _row(c.matcher),
        *(_row(b) for b in c.baselines),
    ]
    if c.matcher.answered_extra:
        lines.append(texts.french(texts.EVAL_EXTRA, count=c.matcher.answered_extra))
    if c.baselines:
        ratio = c.ratio()
        lines.append(texts.EVAL_BASELINE_NOTE)
        lines.append(
            texts.french(
                texts.EVAL_VERDICT,
                lead=100 * (c.top1_lead() or 0.0),
                ratio=texts.decimal(ratio, ".2f") if ratio is not None else "∞",
            )
        )
    return "\n".join(lines)


def render_misses(matcher: Matcher, evaluation: Evaluation, explained: bool) -> str:
    """rss-bot's errors on a set, each with its explanation when `explained`."""
    lines = [texts.french(texts.EVAL_MISSES, count=len(evaluation.misses))]
    for miss in evaluation.misses:
        lines.append(
            texts.french(
                texts.EVAL_MISS,
                outcome=miss.outcome.value,
                score=miss.score,
                expected=miss.expected or texts.EVAL_NOT_ANSWERED,
                got=", ".join(miss.got) or "-",
                question=miss.question,
            )
        )
        if explained:
            detail = explain(matcher, miss.question, miss.match)
            lines.extend("      " + line for line in detail.splitlines()[1:])
    return "\n".join(lines)


def render_kinds(counts: dict[str, tuple[int, int]]) -> str:
    """A French table: share handled right per kind of message."""
    lines = [texts.EVAL_KINDS]
    for kind, (right, total) in sorted(counts.items()):
        label = texts.EVAL_KIND_LABELS.get(kind, kind or texts.EVAL_KIND_LABELS[""])
        lines.append(f"  {label:<44} {right:>4} / {total:<4} {_percent(right / total, '5.1f')}")
    return "\n".join(lines)
