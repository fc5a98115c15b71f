"""Calibration: from a model's scores to probabilities, and thresholds from targets."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rss_bot.tuning import MatcherConfig


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the calibrated confidence (0-1), set per knowledge base."""

    answer: float
    suggest: float
    expected_wrong_rate: float  # among direct answers, on out-of-fold questions
    expected_answered: float  # share of in-scope out-of-fold questions answered
    # Out-of-fold questions whose two best intents hold `suggestion_mass` of the probability:
    # how often the right intent is one of the two (off-topic ones weighted as for the rest).
    pair_reach: float = 0.0


def softmax(raw: np.ndarray, temperature: float) -> np.ndarray:
    """Row-wise softmax of raw / temperature."""
    z = raw / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def top_two(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The largest and second largest value of each row (0 when there is one column)."""
    if p.shape[-1] == 1:
        return p[..., 0], np.zeros(p.shape[:-1])
    part = np.partition(p, -2, axis=-1)
    return part[..., -1], part[..., -2]


def golden_min(f: Callable[[float], float], low: float, high: float, steps: int = 40) -> float:
    """The x in [low, high] minimising a unimodal f (golden-section search)."""
    ratio = (math.sqrt(5) - 1) / 2
    a, b = low, high
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(steps):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = f(d)
    return (a + b) / 2


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, safe from overflow."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def fit_platt(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, prior: tuple[float, float], strength: float
) -> tuple[float, float]:
    """Weighted logistic regression of y on x by Newton's method, pulled towards a prior
    (a MAP estimate): a small knowledge base leans on the prior, a large one on its data."""
    a, b = prior
    for _ in range(100):
        p = sigmoid(a * x + b)
        g = np.array(
            [
                np.sum(w * (p - y) * x) + strength * (a - prior[0]),
                np.sum(w * (p - y)) + strength * (b - prior[1]),
            ]
        )
        h = w * p * (1 - p)
        hess = np.array(
            [[np.sum(h * x * x) + strength, np.sum(h * x)], [np.sum(h * x), np.sum(h) + strength]]
        )
        step = np.linalg.solve(hess, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-9:
            break
    return a, b


def set_thresholds(
    config: MatcherConfig,
    confidence: np.ndarray,
    right: np.ndarray,
    useful: np.ndarray,
    weight: np.ndarray,
    in_scope_weight: np.ndarray,
) -> Thresholds:
    """Answer and suggestion thresholds on held-out rows (confidence, whether the top intent
    is right, whether the right intent is among those offered, row weight, in-scope weight).

    The answer threshold is the lowest with at most `target_wrong_rate` of the answers wrong;
    suggestions go down to the confidence where they contain the right topic only as often
    as `suggest_precision` says.
    """
    order = np.argsort(-confidence, kind="stable")
    c, r, w = confidence[order], right[order], weight[order]
    wrong_rate = np.cumsum(w * (1 - r)) / np.cumsum(w)
    last = np.r_[c[1:] != c[:-1], True]  # cut only between distinct confidences
    ok = np.nonzero(last & (wrong_rate <= config.target_wrong_rate))[0]
    k = int(ok.max()) if len(ok) else -1
    # Too few held-out questions to meet the target empirically (a tiny knowledge base):
    # the threshold the evaluation knowledge bases typically get.
    answer = float(c[k]) if k >= 0 else config.fallback_answer_threshold
    answered = (
        float(np.sum(in_scope_weight[order][: k + 1] * r[: k + 1]) / max(in_scope_weight.sum(), 1))
        if k >= 0
        else 0.0
    )
    a, b = fit_platt(
        confidence, useful, weight, config.suggestion_prior, config.calibration_prior_strength
    )
    p = config.suggest_precision
    suggest = (math.log(p / (1 - p)) - b) / a if a > 0 else answer
    return Thresholds(
        answer=answer,
        suggest=float(min(max(suggest, 0.0), answer)),
        expected_wrong_rate=float(wrong_rate[k]) if k >= 0 else 0.0,
        expected_answered=answered,
    )
