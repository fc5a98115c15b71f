"""Flood control: per-user budget and outgoing pacing."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from rss_bot.telegram.limits import (
    RETRY_BACKOFF_S,
    PacingRetryLimiter,
    UserRateLimiter,
    retry_after_seconds,
)

from .conftest import FakeClock


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
    time = FakeClock()
    limiter = PacingRetryLimiter(20.0, clock=time.clock, sleep=time.sleep)

    sent: list[float] = []

    async def send() -> bool:
        sent.append(time.now)
        return True

    for _ in range(5):  # back to back: each waits for its 1/20 s slot
        await call(limiter, send)
    assert [round(t - sent[0], 6) for t in sent] == [0.0, 0.05, 0.1, 0.15, 0.2]


async def test_retry_after_then_success() -> None:
    time = FakeClock()
    limiter = PacingRetryLimiter(0, clock=time.clock, sleep=time.sleep)
    with warnings.catch_warnings():  # PTB's constructor reads its own deprecated property
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        outcomes = iter([RetryAfter(2), NetworkError("Bad Gateway"), True])

    async def send() -> bool:
        result = next(outcomes)
        if isinstance(result, Exception):
            raise result
        return result

    assert await call(limiter, send) is True
    assert time.slept == [2.0, RETRY_BACKOFF_S[1]]  # as asked, then the back-off after a 502


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


@pytest.mark.parametrize("timedelta_mode", ["", "1"])
def test_retry_after_is_read_through_ptbs_public_api(
    monkeypatch: pytest.MonkeyPatch, timedelta_mode: str
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", timedelta_mode)  # today's int, and v23's timedelta
    with warnings.catch_warnings():  # PTB's constructor reads its own deprecated property
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        seven, short = RetryAfter(7), RetryAfter(dt.timedelta(seconds=2.5))
    assert retry_after_seconds(seven) == 7.0  # and no warning: warnings are errors here
    assert retry_after_seconds(short) == 2.5
