"""Flood control: per-user budget and outgoing pacing."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter

from rss_bot.telegram.limits import PacingRetryLimiter, UserRateLimiter


def test_user_budget_per_minute_with_one_warning() -> None:
    now = [0.0]
    limiter = UserRateLimiter(3, clock=lambda: now[0])
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]
    assert limiter.should_warn(1)
    assert not limiter.should_warn(1)
    assert limiter.allow(2)  # others are not slowed
    now[0] = 60.0
    assert limiter.allow(1)


def test_window_slides() -> None:
    now = [0.0]
    limiter = UserRateLimiter(2, clock=lambda: now[0])
    assert limiter.allow(1)
    now[0] = 30.0
    assert limiter.allow(1)
    now[0] = 59.0
    assert not limiter.allow(1)
    now[0] = 60.5
    assert limiter.allow(1)


async def call(limiter: PacingRetryLimiter, callback) -> object:  # type: ignore[no-untyped-def]
    return await limiter.process_request(callback, (), {}, "sendMessage", {}, None)


async def test_pacing_spreads_requests() -> None:
    limiter = PacingRetryLimiter(20.0)
    stamps: list[float] = []

    async def send() -> bool:
        stamps.append(time.monotonic())
        return True

    await asyncio.gather(*(call(limiter, send) for _ in range(5)))
    assert stamps[-1] - stamps[0] >= 4 / 20 - 0.01


async def test_retry_after_then_success() -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = PacingRetryLimiter(0, sleep=fake_sleep)
    outcomes = iter([RetryAfter(2), NetworkError("Bad Gateway"), True])

    async def send() -> bool:
        result = next(outcomes)
        if isinstance(result, Exception):
            raise result
        return result

    assert await call(limiter, send) is True
    assert slept[0] == pytest.approx(2, abs=0.1)


async def test_permanent_errors_are_not_retried() -> None:
    attempts = []

    async def send() -> bool:
        attempts.append(1)
        raise BadRequest("Bad Request: chat not found")

    with pytest.raises(BadRequest):
        await call(PacingRetryLimiter(0), send)
    assert len(attempts) == 1


async def test_gives_up_after_a_few_attempts() -> None:
    async def no_sleep(seconds: float) -> None:
        return None

    async def send() -> bool:
        raise NetworkError("down")

    with pytest.raises(NetworkError):
        await call(PacingRetryLimiter(0, sleep=no_sleep), send)
