"""A fake Telegram Bot API HTTP server for tests: what rss-bot uses, nothing more.

``FakeBotAPI`` is an aiohttp server bound to 127.0.0.1 on a free port. It speaks
the Bot API wire protocol closely enough for python-telegram-bot to drive it, for the
methods the bot calls (getMe, getUpdates, deleteWebhook, setWebhook, getWebhookInfo,
setMyCommands, sendMessage, editMessageText, editMessageReplyMarkup,
answerCallbackQuery, answerInlineQuery):

    async with FakeBotAPI(token="123456:TEST-token") as fake:
        bot = telegram.Bot(fake.token, base_url=fake.base_url)
        fake.push_text(42, "/start")
        ...
        calls = await fake.wait_for_calls("sendMessage", 1)

Every request is recorded as a :class:`Call`. Updates pushed with the ``push_*``
helpers are served by ``getUpdates`` (long polling with ``offset``/``limit``/
``timeout``). Faults can be injected per method with :meth:`FakeBotAPI.fail_next`,
:meth:`FakeBotAPI.drop_next` and :meth:`FakeBotAPI.delay_next`.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
import json
import logging
import random
import re
import socket
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Any

from aiohttp import web

__all__ = ["BotAPIError", "Call", "FakeBotAPI", "HTMLParseError", "parse_html"]

_LOGGER = logging.getLogger(__name__)

JSON = dict[str, Any]
# The one user Telegram shows for every anonymous group admin, in every group.
ANONYMOUS_ADMIN: JSON = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
MethodHandler = Callable[[JSON], Any | Awaitable[Any]]

# Parameters whose values are plain strings and must never be JSON-decoded
# (a message text such as "123" or "[1]" stays a string).
_RAW_STRING_PARAMS = frozenset(
    {
        "callback_query_id",
        "inline_query_id",
        "ip_address",
        "language_code",
        "next_offset",
        "parse_mode",
        "secret_token",
        "text",
        "url",
    }
)

# Update types that are only delivered when explicitly listed in allowed_updates.
_OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_AUTO_ENTITY_RE = re.compile(
    r"(?P<bot_command>(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?![\w@/])"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{4,32})(?!\w)"
    r"|(?P<url>https?://[^\s<>\"]+)"
)

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a content and reply markup of the current message"
)
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def _utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the unit of Telegram entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- data types


@dataclass
class Call:
    """One request received by the fake server.

    ``time`` is ``time.monotonic()`` at arrival. ``failed`` is True when the call was
    answered with an error (injected or not) or dropped. ``result``/``error`` hold the
    payload that was answered; ``done`` turns True once the answer was produced.
    """

    method: str
    params: dict[str, Any]
    time: float
    failed: bool = False
    result: Any = None
    error: JSON | None = None
    done: bool = False
    http_method: str = "POST"
    content_type: str = ""  # of the request's body: form, multipart or JSON


class BotAPIError(Exception):
    """Raise from a method handler to answer a Telegram error response."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        """The JSON body Telegram would answer."""
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


FAULTY_METHODS = (
    "getUpdates", "sendMessage", "editMessageText", "answerCallbackQuery", "answerInlineQuery",
)  # fmt: skip
FAULT_KINDS = ("500", "502", "429", "drop", "timeout")


@dataclass
class _Fault:
    kind: str  # "error" | "drop" | "delay" | "stall"
    error: BotAPIError | None = None
    seconds: float = 0.0


# --------------------------------------------------------------------------- HTML parse mode


class HTMLParseError(ValueError):
    """Text is not valid Telegram HTML (mirrors "can't parse entities" errors)."""


_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)/?>")
_ATTR_RE = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_CHAR_REF_RE = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9A-Fa-f]+);")
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}


def _decode_char_ref(ref: str) -> str:
    named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
    if ref in named:
        return named[ref]
    return chr(int(ref[2:], 16) if ref.startswith("#x") else int(ref[1:]))


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Parse Telegram-flavoured HTML into ``(plain_text, entities)``.

    Supports the tags of the Bot API "HTML style" and raises :class:`HTMLParseError`
    for unsupported tags (``<br>``, ``<p>``, ...), unmatched or unclosed tags.
    Offsets and lengths are in UTF-16 code units like the real API.
    """
    out: list[str] = []
    pos = 0  # current UTF-16 offset in the output
    stack: list[tuple[str, int, JSON | None]] = []
    entities: list[JSON] = []
    i = 0

    def byte_offset(index: int) -> int:
        return len(source[:index].encode("utf-8"))

    while i < len(source):
        ch = source[i]
        if ch == "<":
            m = _TAG_RE.match(source, i)
            if m is None:
                raise HTMLParseError(f'Unsupported start tag "" at byte offset {byte_offset(i)}')
            closing, name = m.group(1) == "/", m.group(2).lower()
            attrs = {
                a.group(1).lower(): next((g for g in a.group(2, 3, 4) if g is not None), "")
                for a in _ATTR_RE.finditer(m.group(3) or "")
            }
            if closing:
                if not stack:
                    raise HTMLParseError(f"Unexpected end tag at byte offset {byte_offset(i)}")
                open_name, start, entity = stack.pop()
                if open_name != name:
                    raise HTMLParseError(
                        f"Unmatched end tag at byte offset {byte_offset(i)}, "
                        f'expected "</{open_name}>", found "</{name}>"'
                    )
                if entity is not None and pos > start:
                    entity.update(offset=start, length=pos - start)
                    entities.append(entity)
            else:
                entity: JSON | None
                if name in _SIMPLE_TAGS:
                    entity = {"type": _SIMPLE_TAGS[name]}
                    lang = attrs.get("class", "")
                    if name == "code" and lang.startswith("language-") and stack:
                        parent = stack[-1]
                        if parent[0] == "pre" and parent[2] is not None:
                            parent[2]["language"] = lang[len("language-") :]
                            entity = None
                elif name == "span":
                    if attrs.get("class") != "tg-spoiler":
                        raise HTMLParseError('Tag "span" must have class "tg-spoiler"')
                    entity = {"type": "spoiler"}
                elif name == "a":
                    href = attrs.get("href")
                    entity = {"type": "text_link", "url": href} if href else None
                elif name == "blockquote":
                    kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
                    entity = {"type": kind}
                elif name == "tg-emoji":
                    entity = {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
                else:
                    raise HTMLParseError(
                        f'Unsupported start tag "{name}" at byte offset {byte_offset(i)}'
                    )
                stack.append((name, pos, entity))
            i = m.end()
            continue
        if ch == "&":
            m = _CHAR_REF_RE.match(source, i)
            chunk = _decode_char_ref(m.group(1)) if m else "&"
            i = m.end() if m else i + 1
        else:
            j = i + 1
            while j < len(source) and source[j] not in "<&":
                j += 1
            chunk, i = source[i:j], j
        out.append(chunk)
        pos += _utf16_len(chunk)
    if stack:
        raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _auto_entities(text: str) -> list[JSON]:
    """Entities Telegram detects by itself in user text: commands, mentions, URLs."""
    result: list[JSON] = []
    for m in _AUTO_ENTITY_RE.finditer(text):
        kind = m.lastgroup or "url"
        result.append(
            {
                "offset": _utf16_len(text[: m.start()]),
                "length": _utf16_len(m.group(0)),
                "type": kind,
            }
        )
    return result


# --------------------------------------------------------------------------- request parsing


def _decode_value(name: str, value: Any) -> Any:
    """JSON-decode a transported parameter value unless it is a plain-text field."""
    if not isinstance(value, str) or name in _RAW_STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --------------------------------------------------------------------------- the server


class FakeBotAPI:
    """In-process fake of the Telegram Bot API, see the module docstring."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        username: str = "rss_test_bot",
        first_name: str = "RSS Bot",
        first_update_id: int = 1,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.username = username
        self.first_name = first_name
        bot_id = token.split(":", 1)[0]
        self.bot_id = int(bot_id) if bot_id.isdigit() else 1234567
        self._clock = clock

        self.calls: list[Call] = []
        #: Every message known to the server, keyed by (chat_id, message_id).
        self.messages: dict[tuple[int, int], JSON] = {}
        #: Chats the bot was blocked in: sends there answer 403.
        self.blocked_chats: set[int] = set()
        self.commands: list[JSON] = []  # as last set with setMyCommands
        self.webhook: JSON = {"url": ""}

        self._methods: dict[str, tuple[str, MethodHandler]] = {}
        self._faults: dict[str, deque[_Fault]] = {}
        self._fault_rate = 0.0
        self._fault_methods: set[str] = set()
        self._fault_kinds: tuple[str, ...] = FAULT_KINDS
        self._stall_seconds = 6.0
        self._fault_rng = random.Random(0)
        #: Random faults injected so far, by kind (see set_fault_rate).
        self.fault_counts: Counter[str] = Counter()
        self._updates: list[JSON] = []
        self._next_update_id = first_update_id
        self._max_delivered = first_update_id - 1
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._chats: dict[int, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._message_ids: dict[int, int] = {}
        self._pending_callbacks: set[str] = set()
        self._pending_inline: set[str] = set()
        self._counter = 0
        self._busy = 0
        self._last_activity = time.monotonic()

        self._updates_changed = asyncio.Event()
        self._activity = asyncio.Event()
        self._stop_event = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._register_builtin_methods()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeBotAPI:
        """Start listening on 127.0.0.1 with an OS-chosen port."""
        if self._runner is not None:
            raise RuntimeError("FakeBotAPI already started")
        self._updates_changed = asyncio.Event()
        self._activity = asyncio.Event()
        self._stop_event = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("POST", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/bot{token}/{method}", self._handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", 0))
            self._port = sock.getsockname()[1]
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner = runner
        return self

    async def stop(self) -> None:
        """Answer pending long polls and delays immediately, then shut down."""
        if self._runner is None:
            return
        self._stop_event.set()
        self._notify_updates()
        self._notify_activity()
        await asyncio.sleep(0)  # let woken handlers write their answers
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """Value for ``Bot(base_url=...)``: PTB appends ``{token}/{method}``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> JSON:
        """The bot as a Telegram ``User`` (the ``from`` of bot messages)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    # ------------------------------------------------------------------ recorded calls

    def calls_to(self, method: str, *, include_failed: bool = True) -> list[Call]:
        """Recorded calls of ``method`` (case-insensitive), in arrival order."""
        wanted = method.lower()
        return [
            c for c in self.calls if c.method.lower() == wanted and (include_failed or not c.failed)
        ]

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages currently stored that were sent by the bot, optionally in one chat."""
        return [
            m
            for (cid, _), m in self.messages.items()
            if m.get("from", {}).get("id") == self.bot_id and chat_id in (None, cid)
        ]

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline is this helper's purpose
    ) -> list[Call]:
        """Wait until at least ``count`` successful calls of ``method`` were answered.

        Returns all successful calls of that method. Raises AssertionError on timeout.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            done = [c for c in self.calls_to(method) if c.done and not c.failed]
            if len(done) >= count:
                return done
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} successful "
                    f"{method} call(s), got {len(done)}; recorded: {self._describe_calls()}"
                )
            event = self._activity
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_until_idle(
        self,
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline is this helper's purpose
        quiet: float = 0.05,
    ) -> None:
        """Wait until every pushed update was delivered, no request other than a long
        poll is in flight, and nothing happened for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            undelivered = [
                u
                for u in self._updates
                if u["update_id"] > self._max_delivered and self._is_allowed(u)
            ]
            idle_for = time.monotonic() - self._last_activity
            if not undelivered and self._busy == 0 and idle_for >= quiet:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"not idle after {timeout}s: {len(undelivered)} undelivered update(s), "
                    f"{self._busy} request(s) in flight; recorded: {self._describe_calls()}"
                )
            event = self._activity
            wait = min(remaining, max(quiet - idle_for, 0.005)) if not undelivered else remaining
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), wait)

    def _describe_calls(self) -> str:
        """Compact summary like ``getMe, getUpdates x3, sendMessage(failed 429)``."""
        parts: list[str] = []
        last, n = "", 0
        for c in self.calls:
            label = c.method
            if c.failed:
                label += f"(failed {c.error.get('error_code') if c.error else 'dropped'})"
            if label == last:
                n += 1
                continue
            if last:
                parts.append(last if n == 1 else f"{last} x{n}")
            last, n = label, 1
        if last:
            parts.append(last if n == 1 else f"{last} x{n}")
        return ", ".join(parts) or "<no calls>"

    def _notify_activity(self) -> None:
        self._last_activity = time.monotonic()
        event, self._activity = self._activity, asyncio.Event()
        event.set()

    def _notify_updates(self) -> None:
        event, self._updates_changed = self._updates_changed, asyncio.Event()
        event.set()
        self._notify_activity()

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        times: int = 1,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` answer a Telegram error."""
        parameters: JSON = {}
        if status == 429 and retry_after is None:
            retry_after = 1
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                try:
                    phrase = HTTPStatus(status).phrase
                except ValueError:
                    phrase = "Error"
                description = _DEFAULT_DESCRIPTIONS.get(status, phrase)
        error = BotAPIError(status, description, parameters or None)
        self._add_fault(method, _Fault("error", error=error), times)

    def drop_next(self, method: str, times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` close the connection unanswered."""
        self._add_fault(method, _Fault("drop"), times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Delay the answer of the next ``times`` calls of ``method`` by ``seconds``."""
        self._add_fault(method, _Fault("delay", seconds=seconds), times)

    def clear_faults(self) -> None:
        """Forget all pending injected faults, and stop random ones."""
        self._faults.clear()
        self._fault_rate = 0.0

    def set_fault_rate(
        self,
        rate: float,
        *,
        methods: Iterable[str] = FAULTY_METHODS,
        kinds: Iterable[str] = FAULT_KINDS,
        stall_seconds: float = 6.0,
        seed: int = 0,
    ) -> None:
        """Answer a share ``rate`` of the calls of ``methods`` with a random fault.

        Kinds: "500" and "502" (server errors), "429" (flood control, retry_after 1),
        "drop" (connection closed unanswered) and "timeout" (no answer for
        ``stall_seconds``, longer than the client waits, then closed). The call is never
        carried out, as when Telegram fails before acting. ``fault_counts`` counts them.
        """
        self._fault_rate = rate
        self._fault_methods = {m.lower() for m in methods}
        self._fault_kinds = tuple(kinds)
        self._stall_seconds = stall_seconds
        self._fault_rng = random.Random(seed)

    def _add_fault(self, method: str, fault: _Fault, times: int) -> None:
        queue = self._faults.setdefault(method.lower(), deque())
        queue.extend(fault for _ in range(times))

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method.lower())
        if queue:
            return queue.popleft()
        if not self._fault_rate or method.lower() not in self._fault_methods:
            return None
        if self._fault_rng.random() >= self._fault_rate:
            return None
        kind = self._fault_rng.choice(self._fault_kinds)
        self.fault_counts[kind] += 1
        if kind == "drop":
            return _Fault("drop")
        if kind == "timeout":
            return _Fault("stall", seconds=self._stall_seconds)
        status = int(kind)
        parameters = {"retry_after": 1} if status == 429 else None
        description = (
            "Too Many Requests: retry after 1" if status == 429 else _DEFAULT_DESCRIPTIONS[status]
        )
        return _Fault("error", error=BotAPIError(status, description, parameters))

    # ------------------------------------------------------------------ custom methods

    def register_method(self, name: str, handler: MethodHandler) -> None:
        """Add or replace a method. ``handler(params)`` returns the ``result`` (sync or
        async) or raises :class:`BotAPIError`."""
        self._methods[name.lower()] = (name, handler)

    # ------------------------------------------------------------------ HTTP handling

    async def _parse_params(self, request: web.Request) -> JSON:
        raw: JSON = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            ctype = request.content_type
            if ctype == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise BotAPIError(400, "Bad Request: JSON object expected")
                raw.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                raw.update(await request.post())
        return {k: _decode_value(k, v) for k, v in raw.items()}

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw_method = request.match_info["method"]
        entry = self._methods.get(raw_method.lower())
        name = entry[0] if entry else raw_method
        call = Call(
            name,
            {},
            time.monotonic(),
            http_method=request.method,
            content_type=request.content_type,
        )
        self.calls.append(call)
        is_poll = name == "getUpdates"
        if not is_poll:
            self._busy += 1
        self._notify_activity()
        try:
            call.params = await self._parse_params(request)
            if request.match_info["token"] != self.token:
                raise BotAPIError(401, "Unauthorized")
            if entry is None:
                raise BotAPIError(404, "Not Found: method not found")
            fault = self._take_fault(name)
            if fault is not None and fault.kind == "error":
                assert fault.error is not None
                raise fault.error
            if fault is not None and fault.kind == "drop":
                call.failed = True
                if request.transport is not None:
                    request.transport.abort()
                raise web.HTTPServiceUnavailable()  # never reaches the client
            if fault is not None and fault.kind == "delay":
                await self._sleep(fault.seconds)
            if fault is not None and fault.kind == "stall":
                await self._sleep(fault.seconds)
                call.failed = True
                if request.transport is not None:
                    request.transport.abort()
                raise web.HTTPServiceUnavailable()  # never reaches the client
            if is_poll:
                result = await self._get_updates(call.params, request)
            else:
                result = entry[1](call.params)
                if inspect.isawaitable(result):
                    result = await result
            call.result = result
            return web.json_response({"ok": True, "result": result})
        except BotAPIError as exc:
            call.failed = True
            call.error = exc.payload()
            return web.json_response(call.error, status=exc.status)
        except (json.JSONDecodeError, UnicodeDecodeError):
            call.failed = True
            call.error = BotAPIError(400, "Bad Request: can't parse JSON").payload()
            return web.json_response(call.error, status=400)
        except web.HTTPException:
            raise  # a dropped connection (fault injection): nothing to answer, nothing to log
        except Exception as exc:  # a bug in the fake or in a registered handler
            _LOGGER.exception("FakeBotAPI handler for %s crashed", name)
            call.failed = True
            call.error = BotAPIError(
                500, f"Internal Server Error: fake handler crashed: {exc!r}"
            ).payload()
            return web.json_response(call.error, status=500)
        finally:
            call.done = True
            if not is_poll:
                self._busy -= 1
            self._notify_activity()

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but return early when the server stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop_event.wait(), seconds)

    # ------------------------------------------------------------------ getUpdates

    def _is_allowed(self, update: JSON) -> bool:
        kind = next((k for k in update if k != "update_id"), None)
        if not self._allowed_updates:
            return kind not in _OPT_IN_UPDATE_TYPES
        return kind in self._allowed_updates

    async def _get_updates(self, params: JSON, request: web.Request) -> list[JSON]:
        if self.webhook.get("url"):
            raise BotAPIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(max(_as_int(params.get("limit"), 100), 1), 100)
        try:
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            timeout = 0.0
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(a) for a in allowed]

        if offset is not None:
            offset = _as_int(offset, 0)
            if offset < 0:
                self._updates = self._updates[offset:]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._updates = [u for u in self._updates if self._is_allowed(u)]

        # A newer getUpdates terminates an older pending one, like Telegram does.
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify_updates()

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise BotAPIError(409, _DEFAULT_DESCRIPTIONS[409])
            batch = [u for u in self._updates if self._is_allowed(u)][:limit]
            if batch:
                self._max_delivered = max(self._max_delivered, batch[-1]["update_id"])
                return copy.deepcopy(batch)
            remaining = deadline - loop.time()
            if remaining <= 0 or self._stop_event.is_set():
                return []
            transport = request.transport
            if transport is None or transport.is_closing():
                return []
            event = self._updates_changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    # ------------------------------------------------------------------ update injection

    def push_update(self, update: JSON) -> int:
        """Queue a raw update dict; ``update_id`` is assigned if missing. Returns it."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
        self._updates.append(update)
        self._updates.sort(key=lambda u: u["update_id"])
        self._notify_updates()
        return update["update_id"]

    def push_text(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Awa",
        username: str | None = None,
        *,
        title: str | None = None,
        reply_to_message_id: int | None = None,
        via_bot: bool = False,
        anonymous_admin: bool = False,
    ) -> int:
        """Queue a text message from a user. Commands, @mentions and URLs get entities as
        Telegram detects them; `via_bot` marks it sent through the bot's inline mode;
        `anonymous_admin` sends it as a group's anonymous admin does (from Telegram's
        shared GroupAnonymousBot user, on behalf of the group). Returns the update_id."""
        msg = self._user_message(chat_id, user_id, chat_type, first_name, username, title)
        msg["text"] = text
        if anonymous_admin:
            msg["from"] = dict(ANONYMOUS_ADMIN)
            msg["sender_chat"] = msg["chat"]
        if via_bot:
            msg["via_bot"] = self.bot_user
        found = _auto_entities(text)
        if found:
            msg["entities"] = found
        if reply_to_message_id is not None:
            reply = self.messages.get((chat_id, reply_to_message_id))
            if reply is not None:
                msg["reply_to_message"] = _strip_reply(reply)
        return self._push_message(msg)

    def push_callback(
        self,
        chat_id: int,
        user_id: int | None,
        data: str,
        message_id: int | None = None,
        *,
        message_text: str = "Menu",
        reply_markup: JSON | None = None,
        chat_type: str = "private",
        first_name: str = "Awa",
        username: str | None = None,
        title: str | None = None,
    ) -> int:
        """Queue a callback query on a bot message (created if ``message_id`` is unknown).
        Returns the update_id."""
        self._ensure_chat(chat_id, chat_type, first_name, username, title)
        user = self._user(self._default_user(chat_id, user_id), first_name, username)
        message = self.messages.get((chat_id, message_id)) if message_id is not None else None
        if message is None:
            message = self._bot_message(chat_id, message_text, message_id, reply_markup)
        self._counter += 1
        query_id = str(4_000_000_000_000_000_000 + self._counter)
        self._pending_callbacks.add(query_id)
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": _strip_reply(message),
                    "chat_instance": str(7_000_000_000_000_000_000 + abs(chat_id)),
                    "data": data,
                }
            }
        )

    def push_inline_query(
        self,
        user_id: int,
        query: str,
        offset: str = "",
        *,
        chat_type: str | None = "private",
        first_name: str = "Awa",
        username: str | None = None,
    ) -> int:
        """Queue an inline query. Returns the update_id."""
        self._counter += 1
        query_id = str(5_000_000_000_000_000_000 + self._counter)
        self._pending_inline.add(query_id)
        inline: JSON = {
            "id": query_id,
            "from": self._user(user_id, first_name, username),
            "query": query,
            "offset": offset,
        }
        if chat_type is not None:
            inline["chat_type"] = chat_type
        return self.push_update({"inline_query": inline})

    def push_photo(
        self, chat_id: int, user_id: int | None = None, caption: str | None = None, **kw: Any
    ) -> int:
        """Queue a photo message (three PhotoSize entries, downloadable via getFile)."""
        msg = self._user_message(chat_id, user_id, **kw)
        sizes = []
        for width, height in ((90, 67), (320, 240), (1280, 960)):
            sizes.append(self._file() | {"width": width, "height": height})
        msg["photo"] = sizes
        self._add_caption(msg, caption)
        return self._push_message(msg)

    def push_sticker(
        self, chat_id: int, user_id: int | None = None, emoji: str = "\U0001f600", **kw: Any
    ) -> int:
        """Queue a regular static sticker message."""
        msg = self._user_message(chat_id, user_id, **kw)
        msg["sticker"] = self._file() | {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "TestStickers",
        }
        return self._push_message(msg)

    def push_voice(
        self, chat_id: int, user_id: int | None = None, duration: int = 3, **kw: Any
    ) -> int:
        """Queue a voice message (audio/ogg)."""
        msg = self._user_message(chat_id, user_id, **kw)
        msg["voice"] = self._file() | {"duration": duration, "mime_type": "audio/ogg"}
        return self._push_message(msg)

    def push_location(
        self,
        chat_id: int,
        user_id: int | None = None,
        latitude: float = 14.6928,
        longitude: float = -17.4467,
        **kw: Any,
    ) -> int:
        """Queue a location message."""
        msg = self._user_message(chat_id, user_id, **kw)
        msg["location"] = {"latitude": latitude, "longitude": longitude}
        return self._push_message(msg)

    def push_contact(
        self,
        chat_id: int,
        user_id: int | None = None,
        phone_number: str = "+221700000000",
        contact_first_name: str = "Moussa",
        contact_user_id: int | None = None,
        **kw: Any,
    ) -> int:
        """Queue a shared contact."""
        msg = self._user_message(chat_id, user_id, **kw)
        contact: JSON = {"phone_number": phone_number, "first_name": contact_first_name}
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        msg["contact"] = contact
        return self._push_message(msg)

    def push_document(
        self,
        chat_id: int,
        user_id: int | None = None,
        file_name: str = "fiche.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        **kw: Any,
    ) -> int:
        """Queue a document message (the bot only has to notice it is not text)."""
        msg = self._user_message(chat_id, user_id, **kw)
        msg["document"] = self._file() | {"file_name": file_name, "mime_type": mime_type}
        self._add_caption(msg, caption)
        return self._push_message(msg)

    def push_edited_text(
        self, chat_id: int, user_id: int | None, message_id: int, text: str, **kw: Any
    ) -> int:
        """Queue an ``edited_message`` for an earlier user message."""
        msg = self._user_message(chat_id, user_id, message_id=message_id, **kw)
        original = self.messages.get((chat_id, message_id))
        if original is not None:
            msg["date"] = original["date"]
        msg["edit_date"] = int(self._clock())
        msg["text"] = text
        found = _auto_entities(text)
        if found:
            msg["entities"] = found
        self.messages[(chat_id, message_id)] = msg
        return self.push_update({"edited_message": msg})

    def push_channel_post(self, chat_id: int, text: str, title: str = "Test Channel") -> int:
        """Queue a ``channel_post`` (no ``from``; ``sender_chat`` is the channel)."""
        chat = self._ensure_chat(chat_id, "channel", title=title)
        msg: JSON = {
            "message_id": self._new_message_id(chat_id),
            "sender_chat": chat,
            "chat": chat,
            "date": int(self._clock()),
            "text": text,
        }
        found = _auto_entities(text)
        if found:
            msg["entities"] = found
        self.messages[(chat_id, msg["message_id"])] = msg
        return self.push_update({"channel_post": msg})

    def pending_updates(self) -> list[JSON]:
        """Updates queued and not yet confirmed by an offset."""
        return list(self._updates)

    # ------------------------------------------------------------------ object builders

    @staticmethod
    def _default_user(chat_id: int, user_id: int | None) -> int:
        if user_id is not None:
            return user_id
        return chat_id if chat_id > 0 else 111111

    def _user(self, user_id: int, first_name: str = "Awa", username: str | None = None) -> JSON:
        user: JSON = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "en",
        }
        if username:
            user["username"] = username
        self._users[user_id] = user
        return user

    def _ensure_chat(
        self,
        chat_id: int,
        chat_type: str = "private",
        first_name: str = "Awa",
        username: str | None = None,
        title: str | None = None,
    ) -> JSON:
        if chat_type == "private":
            if chat_id <= 0:
                raise ValueError("private chats need a positive chat_id")
            chat: JSON = {"id": chat_id, "type": "private", "first_name": first_name}
            if username:
                chat["username"] = username
        elif chat_type in ("group", "supergroup", "channel"):
            if chat_id >= 0:
                raise ValueError(f"{chat_type} chats need a negative chat_id")
            default_title = "Test Channel" if chat_type == "channel" else "Test Group"
            chat = {"id": chat_id, "type": chat_type, "title": title or default_title}
        else:
            raise ValueError(f"unknown chat_type {chat_type!r}")
        self._chats[chat_id] = chat
        return chat

    def _chat_for_send(self, chat_id: Any) -> JSON:
        if chat_id is None or chat_id == "":
            raise BotAPIError(400, "Bad Request: chat_id is empty")
        cid = _as_int(chat_id, 0)
        if cid == 0:
            raise BotAPIError(400, "Bad Request: chat not found")
        if cid in self.blocked_chats:
            raise BotAPIError(403, _DEFAULT_DESCRIPTIONS[403])
        if cid not in self._chats:
            if cid > 0:
                self._chats[cid] = {"id": cid, "type": "private", "first_name": "User"}
            elif str(cid).startswith("-100"):
                self._chats[cid] = {"id": cid, "type": "supergroup", "title": "Test Group"}
            else:
                self._chats[cid] = {"id": cid, "type": "group", "title": "Test Group"}
        return self._chats[cid]

    def _new_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def _user_message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str = "private",
        first_name: str = "Awa",
        username: str | None = None,
        title: str | None = None,
        message_id: int | None = None,
    ) -> JSON:
        chat = self._ensure_chat(chat_id, chat_type, first_name, username, title)
        user = self._user(self._default_user(chat_id, user_id), first_name, username)
        msg: JSON = {
            "message_id": message_id or self._new_message_id(chat_id),
            "from": user,
            "chat": chat,
            "date": int(self._clock()),
        }
        return msg

    def _push_message(self, msg: JSON) -> int:
        self.messages[(msg["chat"]["id"], msg["message_id"])] = msg
        return self.push_update({"message": msg})

    def _bot_message(
        self,
        chat_id: Any,
        text: str,
        message_id: int | None = None,
        reply_markup: JSON | None = None,
    ) -> JSON:
        chat = self._chat_for_send(chat_id)
        if message_id is not None:
            self._message_ids[chat["id"]] = max(self._message_ids.get(chat["id"], 0), message_id)
        msg: JSON = {
            "message_id": message_id or self._new_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": chat,
            "date": int(self._clock()),
            "text": text,
        }
        if reply_markup and "inline_keyboard" in reply_markup:
            msg["reply_markup"] = reply_markup
        self.messages[(chat["id"], msg["message_id"])] = msg
        return msg

    def _add_caption(self, msg: JSON, caption: str | None) -> None:
        if caption:
            msg["caption"] = caption
            found = _auto_entities(caption)
            if found:
                msg["caption_entities"] = found

    def _file(self) -> JSON:
        """The ids of a file a user sent (the bot never downloads one)."""
        self._counter += 1
        return {"file_id": f"FILE-{self._counter:06d}", "file_unique_id": f"U{self._counter:06d}"}

    # ------------------------------------------------------------------ method handlers

    def _register_builtin_methods(self) -> None:
        for name, handler in {
            "getMe": self._m_get_me,
            "deleteWebhook": self._m_delete_webhook,
            "setWebhook": self._m_set_webhook,
            "getWebhookInfo": self._m_get_webhook_info,
            "getUpdates": None,  # handled specially (long poll)
            "setMyCommands": self._m_set_my_commands,
            "sendMessage": self._m_send_message,
            "editMessageText": self._m_edit_message_text,
            "editMessageReplyMarkup": self._m_edit_message_reply_markup,
            "answerCallbackQuery": self._m_answer_callback_query,
            "answerInlineQuery": self._m_answer_inline_query,
        }.items():
            self.register_method(name, handler)  # type: ignore[arg-type]

    def _m_get_me(self, params: JSON) -> JSON:
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_delete_webhook(self, params: JSON) -> bool:
        self.webhook = {"url": ""}
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
            self._max_delivered = self._next_update_id - 1
            self._notify_updates()
        return True

    def _m_set_webhook(self, params: JSON) -> bool:
        url = params.get("url") or ""
        if url and not str(url).startswith("https://"):
            raise BotAPIError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        self.webhook = dict(params)
        self.webhook["url"] = url
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _m_get_webhook_info(self, params: JSON) -> JSON:
        info: JSON = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": "certificate" in self.webhook,
            "pending_update_count": len(self._updates),
        }
        for key in ("max_connections", "allowed_updates", "ip_address"):
            if info["url"] and key in self.webhook:
                info[key] = self.webhook[key]
        return info

    def _m_set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise BotAPIError(400, "Bad Request: commands must be a JSON array")
        for cmd in commands:
            name = cmd.get("command", "") if isinstance(cmd, dict) else ""
            desc = cmd.get("description", "") if isinstance(cmd, dict) else ""
            if not _COMMAND_NAME_RE.match(name):
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(desc) <= 256:
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    @staticmethod
    def _formatted(text: str, parse_mode: Any, entities: Any) -> tuple[str, list[JSON]]:
        """Apply ``parse_mode`` like Telegram: HTML is parsed; others are kept as sent."""
        if isinstance(parse_mode, str) and parse_mode.lower() == "html":
            try:
                return parse_html(text)
            except HTMLParseError as exc:
                raise BotAPIError(400, f"Bad Request: can't parse entities: {exc}") from None
        return text, list(entities) if isinstance(entities, list) else []

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if markup is None:
            return
        if not isinstance(markup, dict):
            raise BotAPIError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise BotAPIError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _m_send_message(self, params: JSON) -> JSON:
        chat = self._chat_for_send(params.get("chat_id"))
        raw = params.get("text")
        if raw is None or str(raw).strip() == "":
            raise BotAPIError(400, "Bad Request: message text is empty")
        text, entities = self._formatted(str(raw), params.get("parse_mode"), params.get("entities"))
        if not text.strip():
            raise BotAPIError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > 4096:
            raise BotAPIError(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        self._check_markup(markup)
        msg = self._bot_message(chat["id"], text, reply_markup=markup)
        if entities:
            msg["entities"] = entities
        return copy.deepcopy(msg)

    def _editable(self, params: JSON) -> JSON | None:
        """The stored message targeted by an edit, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat = self._chat_for_send(params.get("chat_id"))
        message_id = _as_int(params.get("message_id"), 0)
        msg = self.messages.get((chat["id"], message_id))
        if msg is None:
            raise BotAPIError(400, "Bad Request: message to edit not found")
        if msg.get("from", {}).get("id") != self.bot_id:
            raise BotAPIError(400, "Bad Request: message can't be edited")
        return msg

    def _m_edit_message_text(self, params: JSON) -> JSON | bool:
        raw = params.get("text")
        if raw is None or str(raw).strip() == "":
            raise BotAPIError(400, "Bad Request: message text is empty")
        text, entities = self._formatted(str(raw), params.get("parse_mode"), params.get("entities"))
        markup = params.get("reply_markup")
        self._check_markup(markup)
        msg = self._editable(params)
        if msg is None:
            return True
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if (
            msg.get("text") == text
            and msg.get("entities", []) == entities
            and msg.get("reply_markup") == new_markup
        ):
            raise BotAPIError(400, _NOT_MODIFIED)
        msg["text"] = text
        msg.pop("entities", None)
        msg.pop("reply_markup", None)
        if entities:
            msg["entities"] = entities
        if new_markup:
            msg["reply_markup"] = new_markup
        msg["edit_date"] = int(self._clock())
        return copy.deepcopy(msg)

    def _m_edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        markup = params.get("reply_markup")
        self._check_markup(markup)
        msg = self._editable(params)
        if msg is None:
            return True
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if msg.get("reply_markup") == new_markup:
            raise BotAPIError(400, _NOT_MODIFIED)
        msg.pop("reply_markup", None)
        if new_markup:
            msg["reply_markup"] = new_markup
        msg["edit_date"] = int(self._clock())
        return copy.deepcopy(msg)

    def _m_answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._pending_callbacks:
            raise BotAPIError(400, _QUERY_INVALID)
        if len(str(params.get("text") or "")) > 200:
            raise BotAPIError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._pending_callbacks.discard(query_id)  # a query is answered once
        return True

    def _m_answer_inline_query(self, params: JSON) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self._pending_inline:
            raise BotAPIError(400, _QUERY_INVALID)
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise BotAPIError(
                400,
                "Bad Request: RESULTS_TOO_MUCH"
                if isinstance(results, list)
                else "Bad Request: results is empty",
            )
        ids = [r.get("id") for r in results if isinstance(r, dict)]
        if len(ids) != len(results) or len(set(ids)) != len(ids):
            raise BotAPIError(400, "Bad Request: RESULT_ID_DUPLICATE")
        self._pending_inline.discard(query_id)  # a query is answered once
        return True

    # ------------------------------------------------------------------ misc helpers

    def block_chat(self, chat_id: int) -> None:
        """Make every later send to ``chat_id`` answer 403 "bot was blocked by the user"."""
        self.blocked_chats.add(chat_id)


def _strip_reply(message: JSON) -> JSON:
    """A message as quoted in another one (without its own quote)."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}
