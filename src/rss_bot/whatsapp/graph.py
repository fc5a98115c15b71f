"""The Graph API client: sends messages and read receipts, paced and retried.

429 and 5xx answers and network errors are passing: retried with a back-off, honouring
`Retry-After` (a 429 with it holds every send, as Meta asks the whole number to wait).
Any other 4xx is final: retrying would fail the same way. Two of them are expected in the
normal life of a bot and only logged: 131047 (the person's last message is more than 24
hours old) and 131026 (the message cannot be delivered to that number). Logs name the
error code, never the phone number, the text or the access token.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from rss_bot.config import Settings
from rss_bot.flood import Pacer
from rss_bot.health import Heartbeat

logger = logging.getLogger(__name__)

# Six tries: with one request in ten failing by chance, all six fail once in a million.
MAX_ATTEMPTS = 6
RETRY_BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0)
MAX_RETRY_AFTER_S = 60.0
REQUEST_TIMEOUT_S = 20.0
CONNECTIONS = 32  # requests in flight to Meta at most
# Errors after which the message is dropped without alarm (see the module docstring).
OUTSIDE_24_HOURS = 131047
UNDELIVERABLE = 131026
EXPECTED_ERRORS = {
    OUTSIDE_24_HOURS: "plus de 24 heures depuis le dernier message de la personne",
    UNDELIVERABLE: "message impossible à remettre à ce numéro",
}


def error_code(payload: Any) -> int | None:
    """The Graph API error code of an error answer, if it has one."""
    error = payload.get("error") if isinstance(payload, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) else None


@dataclass(frozen=True)
class Sent:
    """What one send gave: whether WhatsApp took the message (the object's truth) and the
    id it gave it, which a reaction to the message names."""

    ok: bool
    message_id: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def sent_id(payload: Any) -> str | None:
    """The message id of a successful send's answer (`messages[0].id`), if it has one."""
    messages = payload.get("messages") if isinstance(payload, dict) else None
    first = messages[0] if isinstance(messages, list) and messages else None
    found = first.get("id") if isinstance(first, dict) else None
    return found if isinstance(found, str) and found else None


def retry_after(headers: Any) -> float | None:
    """Seconds a `Retry-After` header asks to wait, if it says a number."""
    try:
        return max(0.0, float(headers.get("Retry-After", "")))
    except ValueError:
        return None


class GraphAPI:
    """Sends to one WhatsApp business number through the Graph API."""

    def __init__(
        self,
        settings: Settings,
        pacer: Pacer,
        heartbeat: Heartbeat | None = None,
        *,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        base = settings.whatsapp_api_base_url.rstrip("/")
        self._messages_url = f"{base}/{settings.whatsapp_phone_number_id}/messages"
        self._number_url = f"{base}/{settings.whatsapp_phone_number_id}"
        self._token = settings.whatsapp_token
        self._pacer = pacer
        self._heartbeat = heartbeat
        self._sleep = sleep
        self._session: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return "GraphAPI()"  # never the token

    async def open(self) -> None:
        """Open the connection pool."""
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
            connector=aiohttp.TCPConnector(limit=CONNECTIONS),
            headers={"Authorization": f"Bearer {self._token.get()}"},
        )

    async def close(self) -> None:
        """Close the connection pool."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, wa_id: str, message: dict[str, Any]) -> Sent:
        """Send one message body (see render.py) to `wa_id`, paced; true once WhatsApp took
        it (with the id it gave it), false if it was dropped (logged)."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": wa_id}
        return await self._post({**body, **message}, "message", paced=True)

    async def mark_read(self, message_id: str) -> bool:
        """Show the person's message as read (two blue ticks). Not paced: it is not a
        message, and it must not take a message's turn."""
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        return (await self._post(body, "accusé de lecture", paced=False)).ok

    async def ping(self) -> bool:
        """Ask Meta about our number: proof for the heartbeat that the Graph API answers."""
        assert self._session is not None
        try:
            async with self._session.get(self._number_url, params={"fields": "id"}) as response:
                ok = response.status < 300
        except (aiohttp.ClientError, TimeoutError):
            return False
        if ok and self._heartbeat is not None:
            self._heartbeat.beat()
        return ok

    async def _post(self, body: dict[str, Any], what: str, *, paced: bool) -> Sent:
        assert self._session is not None, "open() first"
        for attempt in range(MAX_ATTEMPTS):
            if paced:
                await self._pacer.wait_turn()
            last = attempt == MAX_ATTEMPTS - 1
            try:
                async with self._session.post(self._messages_url, json=body) as response:
                    if response.status < 300:
                        try:
                            answer = await response.json(content_type=None)
                        except ValueError:  # taken all the same: only its id is unknown
                            answer = None
                        if self._heartbeat is not None:
                            self._heartbeat.beat()
                        return Sent(True, sent_id(answer))
                    status = response.status
                    hint = retry_after(response.headers)
                    try:
                        payload = await response.json(content_type=None)
                    except (ValueError, aiohttp.ClientError):
                        payload = None
            except (aiohttp.ClientError, TimeoutError) as exc:
                if last:
                    break
                logger.warning(
                    "Échec passager d'envoi à WhatsApp (%s, %s) : nouvel essai",
                    what,
                    type(exc).__name__,
                )
                await self._sleep(RETRY_BACKOFF_S[attempt])
                continue
            code = error_code(payload)
            if status != 429 and status < 500:
                self._dropped(what, status, code)
                return Sent(False)
            if last:
                break
            delay = min(hint if hint is not None else RETRY_BACKOFF_S[attempt], MAX_RETRY_AFTER_S)
            logger.warning(
                "WhatsApp répond HTTP %d (code %s) pour un %s : nouvel essai dans %.1f s",
                status,
                code,
                what,
                delay,
            )
            if status == 429 and hint is not None:
                self._pacer.pause(delay)  # Meta asks the whole number to slow down
                if not paced:
                    await self._sleep(delay)
            else:
                await self._sleep(delay)
        logger.error("Envoi à WhatsApp abandonné après %d essais (%s)", MAX_ATTEMPTS, what)
        return Sent(False)

    @staticmethod
    def _dropped(what: str, status: int, code: int | None) -> None:
        if code in EXPECTED_ERRORS:
            logger.info(
                "%s non remis : %s (code %d)", what.capitalize(), EXPECTED_ERRORS[code], code
            )
        else:
            logger.warning(
                "%s refusé par WhatsApp : HTTP %d, code %s", what.capitalize(), status, code
            )
