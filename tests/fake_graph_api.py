"""A fake WhatsApp Cloud API (Graph API) server for tests, on 127.0.0.1 only, and a signed
webhook client that posts what Meta posts.

``FakeGraphAPI`` answers what the door uses: ``POST /{version}/{phone-number-id}/messages``
(messages and read receipts) and ``GET /{version}/{phone-number-id}``. It checks the bearer
token and the Cloud API's limits (a message breaking one gets the 400 Meta would give), and
records every request. Faults can be injected: ``fail_next`` (any status, a Graph error
code, a ``Retry-After``), ``drop_next`` (the connection closes, nothing is delivered) and
``faults`` (a share of requests failing at random, for benchmarks)::

    async with FakeGraphAPI() as graph:
        ... point WHATSAPP_API_BASE_URL at graph.base_url ...
        await graph.wait_for_messages(1, to="22370000001")
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import itertools
import json
import random
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

JSON = dict[str, Any]
TOKEN = "EAAG-fake-access-token-0123456789"
PHONE_NUMBER_ID = "106540352242922"
VERSION = "v21.0"


@dataclass
class Request:
    """One POST to the messages endpoint: a message or a read receipt."""

    body: JSON
    time: float
    status: int = 200
    dropped: bool = False
    error: str = ""
    message_id: str = ""  # the id given to a message delivered (what a reaction names)

    @property
    def failed(self) -> bool:
        """Not delivered: answered with an error, or its connection dropped."""
        return self.dropped or self.status >= 300

    @property
    def is_read(self) -> bool:
        """A read receipt rather than a message."""
        return self.body.get("status") == "read"


@dataclass
class Fault:
    """What the next matching request gets instead of success."""

    status: int = 500
    code: int | None = None
    retry_after: float | None = None
    drop: bool = False
    to: str | None = None  # only messages to this number


@dataclass
class _Faults:
    rate: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    retry_after: float | None = None


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _limit(errors: list[str], ok: bool, message: str) -> None:
    if not ok:
        errors.append(message)


def check_message(body: JSON) -> list[str]:
    """The Cloud API rules a message body breaks (empty if none)."""
    errors: list[str] = []
    _limit(errors, body.get("messaging_product") == "whatsapp", "messaging_product")
    if body.get("status") == "read":
        _limit(errors, isinstance(body.get("message_id"), str), "message_id")
        return errors
    to = body.get("to")
    _limit(errors, isinstance(to, str) and to.isdigit(), "to")
    kind = body.get("type")
    if kind == "text":
        text = (body.get("text") or {}).get("body")
        _limit(errors, isinstance(text, str) and 0 < len(text) <= 4096, "text.body")
        _limit(errors, isinstance(text, str) and "<" not in text, "no HTML in text")
        return errors
    if kind != "interactive":
        return [*errors, f"type {kind!r}"]
    interactive = body.get("interactive") or {}
    text = (interactive.get("body") or {}).get("text")
    _limit(errors, isinstance(text, str) and 0 < len(text) <= 1024, "interactive.body.text")
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        _limit(errors, 1 <= len(buttons) <= 3, "1 to 3 buttons")
        ids = [b["reply"]["id"] for b in buttons]
        titles = [b["reply"]["title"] for b in buttons]
        _limit(errors, all(0 < len(i) <= 256 for i in ids), "button id length")
        _limit(errors, all(0 < len(t) <= 20 for t in titles), "button title length")
        _limit(errors, len(set(ids)) == len(ids) and len(set(titles)) == len(titles), "unique")
    elif interactive.get("type") == "list":
        _limit(errors, 0 < len(action.get("button", "")) <= 20, "list button")
        rows = [row for section in action.get("sections") or [] for row in section["rows"]]
        _limit(errors, 1 <= len(rows) <= 10, "1 to 10 rows")
        _limit(errors, all(0 < len(r["id"]) <= 200 for r in rows), "row id length")
        _limit(errors, all(0 < len(r["title"]) <= 24 for r in rows), "row title length")
        _limit(errors, all(len(r.get("description", "")) <= 72 for r in rows), "description")
        _limit(errors, len({r["id"] for r in rows}) == len(rows), "unique row ids")
    else:
        errors.append(f"interactive type {interactive.get('type')!r}")
    return errors


class FakeGraphAPI:
    """The fake Graph API server (see the module docstring)."""

    def __init__(
        self, *, token: str = TOKEN, phone_number_id: str = PHONE_NUMBER_ID, port: int = 0
    ) -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.port = port or free_port()
        self.requests: list[Request] = []
        self.pings = 0
        self.on_message: Callable[[JSON], None] | None = None  # called for each delivered one
        self._faults: list[Fault] = []
        self._random = _Faults()
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        """What WHATSAPP_API_BASE_URL is set to."""
        return f"http://127.0.0.1:{self.port}/{VERSION}"

    async def __aenter__(self) -> FakeGraphAPI:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post(f"/{VERSION}/{{number}}/messages", self._messages)
        app.router.add_get(f"/{VERSION}/{{number}}", self._number)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    # --- faults ------------------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 500,
        code: int | None = None,
        retry_after: float | None = None,
        to: str | None = None,
    ) -> None:
        """The next `count` messages (not read receipts; to `to` only, if given) get this
        error."""
        self._faults += [Fault(status, code, retry_after, to=to) for _ in range(count)]

    def drop_next(self, count: int = 1) -> None:
        """The next `count` messages get their connection closed, undelivered."""
        self._faults += [Fault(drop=True) for _ in range(count)]

    def faults(self, rate: float, seed: int = 7, retry_after: float | None = None) -> None:
        """From now on a share `rate` of messages fail at random: 429, 500 or a dropped
        connection, in equal parts."""
        self._random = _Faults(rate, random.Random(seed), retry_after)

    def _fault(self, to: str | None) -> Fault | None:
        for fault in self._faults:
            if fault.to is None or fault.to == to:
                self._faults.remove(fault)
                return fault
        if self._random.rate and self._random.rng.random() < self._random.rate:
            pick = self._random.rng.randrange(3)
            if pick == 2:
                return Fault(drop=True)
            return Fault(429, 130429, self._random.retry_after) if pick == 0 else Fault(500)
        return None

    # --- what was received --------------------------------------------------------------

    def messages(self, to: str | None = None, *, include_failed: bool = False) -> list[JSON]:
        """Message bodies (not read receipts), delivered ones unless asked, oldest first."""
        return [
            r.body
            for r in self.requests
            if not r.is_read
            and (include_failed or not r.failed)
            and (to is None or r.body.get("to") == to)
        ]

    def sent_ids(self, to: str) -> list[str]:
        """The ids given to the messages delivered to `to`, oldest first."""
        return [r.message_id for r in self.requests if r.message_id and r.body.get("to") == to]

    def reads(self) -> list[str]:
        """Message ids marked as read."""
        return [r.body["message_id"] for r in self.requests if r.is_read and not r.failed]

    def invalid(self) -> list[str]:
        """Why messages were refused by the limits checks (empty when all were valid)."""
        return [r.error for r in self.requests if r.error]

    async def wait_for_messages(
        self, count: int, to: str | None = None, guard_s: float = 20.0
    ) -> list[JSON]:
        """Wait until `count` messages were delivered (to `to`, if given); return them all.
        `guard_s` only stops a test that would hang."""
        async with asyncio.timeout(guard_s):
            while len(self.messages(to)) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.messages(to)

    async def wait_until_idle(self, quiet: float = 0.5, guard_s: float = 20.0) -> None:
        """Wait until no request has arrived for `quiet` seconds."""
        async with asyncio.timeout(guard_s):
            while True:
                last = self.requests[-1].time if self.requests else 0.0
                await asyncio.sleep(quiet)
                if (self.requests[-1].time if self.requests else 0.0) == last:
                    return

    # --- handlers -----------------------------------------------------------------------

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    @staticmethod
    def _error(status: int, code: int | None, message: str = "") -> web.Response:
        error = {"message": message or f"(#{code}) error", "type": "OAuthException",
                 "code": code, "fbtrace_id": secrets.token_hex(8)}  # fmt: skip
        return web.json_response({"error": error}, status=status)

    async def _number(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._error(401, 190, "Invalid OAuth access token")
        self.pings += 1
        return web.json_response({"id": request.match_info["number"]})

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        record = Request(body, time.monotonic())
        self.requests.append(record)
        try:
            if not self._authorised(request):
                record.status = 401
                return self._error(401, 190, "Invalid OAuth access token")
            if request.match_info["number"] != self.phone_number_id:
                record.status = 400
                return self._error(400, 100, "Unsupported post request")
            fault = None if record.is_read else self._fault(body.get("to"))
            if fault is not None and fault.drop:
                record.dropped = True
                assert request.transport is not None
                request.transport.close()
                return web.Response()  # never reaches the client
            if fault is not None:
                record.status = fault.status
                headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after else {}
                response = self._error(fault.status, fault.code)
                response.headers.update(headers)
                return response
            errors = check_message(body)
            if errors:
                record.status, record.error = 400, "; ".join(errors)
                return self._error(400, 100, "Invalid parameter: " + record.error)
            if record.is_read:
                return web.json_response({"success": True})
            if self.on_message is not None:
                self.on_message(body)
            wamid = record.message_id = f"wamid.out{next(self._ids)}"
            return web.json_response(
                {"messaging_product": "whatsapp", "contacts": [{"input": body["to"],
                 "wa_id": body["to"]}], "messages": [{"id": wamid}]}
            )  # fmt: skip
        finally:
            self._changed.set()


# --- the webhook side: what Meta posts to the bot ------------------------------------------


def message_id(wa_id: str) -> str:
    """A message id shaped like WhatsApp's: it embeds the sender's number (base64)."""
    raw = b"\x1c\x18\x0b" + wa_id.encode() + b"\x15\x02\x00\x12\x18\x14" + secrets.token_bytes(10)
    return "wamid." + base64.b64encode(raw).decode()


class Webhook:
    """Posts signed webhook deliveries to the bot, as Meta does."""

    def __init__(self, url: str, app_secret: str, phone_number_id: str = PHONE_NUMBER_ID) -> None:
        self.url = url
        self.app_secret = app_secret
        self.phone_number_id = phone_number_id
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Webhook:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._session is not None
        await self._session.close()

    def sign(self, raw: bytes) -> str:
        """The X-Hub-Signature-256 header value for `raw`."""
        return "sha256=" + hmac.new(self.app_secret.encode(), raw, hashlib.sha256).hexdigest()

    def delivery(self, *, messages: list[JSON] = (), statuses: list[JSON] = ()) -> JSON:  # type: ignore[assignment]
        """A whole webhook body around messages and statuses (with a profile name, which
        the bot must never keep)."""
        value: JSON = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "22370000000", "phone_number_id":
                         self.phone_number_id},
        }  # fmt: skip
        if messages:
            value["contacts"] = [{"profile": {"name": "Aminata Traoré"}, "wa_id": m.get("from")}
                                 for m in messages]  # fmt: skip
            value["messages"] = list(messages)
        if statuses:
            value["statuses"] = list(statuses)
        change = {"value": value, "field": "messages"}
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "102290129340398", "changes": [change]}]}  # fmt: skip

    @staticmethod
    def text(wa_id: str, text: str, mid: str | None = None) -> JSON:
        """A text message."""
        return {"from": wa_id, "id": mid or message_id(wa_id), "timestamp": str(int(time.time())),
                "type": "text", "text": {"body": text}}  # fmt: skip

    @staticmethod
    def choice(wa_id: str, choice: str, title: str = "", *, row: bool = False) -> JSON:
        """A reply button pressed, or (`row`) a list row picked."""
        kind = "list_reply" if row else "button_reply"
        return {"from": wa_id, "id": message_id(wa_id), "timestamp": str(int(time.time())),
                "type": "interactive",
                "interactive": {"type": kind, kind: {"id": choice, "title": title}}}  # fmt: skip

    @staticmethod
    def voice_note(wa_id: str) -> JSON:
        """A voice note."""
        return {"from": wa_id, "id": message_id(wa_id), "timestamp": str(int(time.time())),
                "type": "audio", "audio": {"id": "1234", "mime_type": "audio/ogg; codecs=opus",
                                           "voice": True}}  # fmt: skip

    @staticmethod
    def status(wa_id: str, status: str, code: int | None = None) -> JSON:
        """A status callback about one of the bot's messages."""
        found: JSON = {"id": "wamid.out1", "status": status, "timestamp": str(int(time.time())),
                       "recipient_id": wa_id}  # fmt: skip
        if code is not None:
            found["errors"] = [{"code": code, "title": "Re-engagement message"}]
        return found

    async def post(self, body: JSON | bytes, *, signature: str | None = None) -> int:
        """POST a delivery (signed unless `signature` is given); the HTTP status."""
        assert self._session is not None
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        signed = self.sign(raw) if signature is None else signature
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signed}
        if signature == "":
            del headers["X-Hub-Signature-256"]
        # A stream: aiohttp warns that a large bytes body would block the event loop.
        async with self._session.post(self.url, data=io.BytesIO(raw), headers=headers) as response:
            await response.read()
            return response.status

    async def send(self, *messages: JSON) -> int:
        """POST messages in one delivery."""
        return await self.post(self.delivery(messages=list(messages)))
