"""The webhook server (aiohttp): Meta's verification, signed deliveries, a health check.

`GET /whatsapp` answers Meta's subscription check with the challenge when the verify token
matches. `POST /whatsapp` is refused (403) unless `X-Hub-Signature-256` is the HMAC-SHA256
of the raw body with the app secret, (413) over 1 MB, (400) if it is not JSON; a valid POST
is acknowledged at once and answered in the background, so Meta never times out and posts
it again. `GET /healthz` is for load balancers.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging

from aiohttp import web

from rss_bot import texts
from rss_bot.config import Settings
from rss_bot.doors import DoorError
from rss_bot.engine import Engine
from rss_bot.flood import Pacer, UserRateLimiter
from rss_bot.health import KEEPALIVE_S, Heartbeat
from rss_bot.live import LiveEngine
from rss_bot.recording import Recording
from rss_bot.records import Recorder
from rss_bot.whatsapp.door import WhatsAppDoor
from rss_bot.whatsapp.graph import GraphAPI
from rss_bot.whatsapp.payload import parse_delivery
from rss_bot.whatsapp.seen import SeenMessages, SeenStore

logger = logging.getLogger(__name__)

PATH = "/whatsapp"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1024 * 1024
SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_PREFIX = "sha256="
DOOR_KEY: web.AppKey[WhatsAppDoor] = web.AppKey("door", WhatsAppDoor)
SETTINGS_KEY: web.AppKey[Settings] = web.AppKey("settings", Settings)


def signature(secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` value Meta sends with `body`."""
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def verify(request: web.Request) -> web.Response:
    """Meta's subscription check: the challenge back if the verify token is ours."""
    settings = request.app[SETTINGS_KEY]
    query = request.query
    token = query.get("hub.verify_token", "")
    expected = settings.whatsapp_verify_token.get()
    if query.get("hub.mode") == "subscribe" and hmac.compare_digest(
        token.encode(), expected.encode()
    ):
        logger.info("Webhook WhatsApp vérifié par Meta")
        return web.Response(text=query.get("hub.challenge", ""))
    return web.Response(status=403)


async def receive(request: web.Request) -> web.Response:
    """A delivery: checked, acknowledged, then answered in the background."""
    settings = request.app[SETTINGS_KEY]
    sent = request.headers.get(SIGNATURE_HEADER, "")
    if not sent.startswith(SIGNATURE_PREFIX):
        return web.Response(status=403)
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return web.Response(status=413)
    body = await request.read()  # over client_max_size without a length: 413 by aiohttp
    expected = signature(settings.whatsapp_app_secret.get(), body)
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        logger.warning("Requête WhatsApp refusée : signature invalide")
        return web.Response(status=403)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError included; RecursionError:
        return web.Response(status=400)  # arrays nested thousands deep
    delivery = parse_delivery(data, settings.whatsapp_phone_number_id)
    door = request.app[DOOR_KEY]
    if not door.has_room(len(delivery.messages)):
        logger.warning("WhatsApp : trop de messages en attente, Meta les renverra")
        return web.Response(status=503)
    door.accept(delivery)
    return web.Response(text="ok")


async def healthz(request: web.Request) -> web.Response:
    """Alive and accepting deliveries."""
    return web.Response(text="ok")


def build_app(settings: Settings, door: WhatsAppDoor) -> web.Application:
    """The web application: routes and the body limit."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SETTINGS_KEY] = settings
    app[DOOR_KEY] = door
    app.router.add_get(PATH, verify)
    app.router.add_post(PATH, receive)
    app.router.add_get(HEALTH_PATH, healthz)
    return app


async def _keepalive(graph: GraphAPI) -> None:
    """While nobody writes, ask Meta something now and then, to keep the heartbeat honest."""
    while True:
        await asyncio.sleep(KEEPALIVE_S)
        await graph.ping()


async def serve(
    settings: Settings,
    engine: Engine | LiveEngine,
    recorder: Recorder | None,
    seen_store: SeenStore | None,
    stopping: asyncio.Event,
    heartbeat: Heartbeat | None = None,
) -> None:
    """Run the WhatsApp door until `stopping` is set, then stop taking deliveries, answer
    what was accepted (a few seconds at most) and close the query log (if last to use it)."""
    graph = GraphAPI(settings, Pacer(settings.send_rate), heartbeat)
    seen = SeenMessages(seen_store)
    door = WhatsAppDoor(
        engine,
        graph,
        Recording(recorder, redact=settings.redact),
        seen,
        UserRateLimiter(settings.user_rate),
        retention_days=settings.retention_days,
    )
    # No access log: it would show the verify token, a query parameter of Meta's check.
    runner = web.AppRunner(build_app(settings, door), access_log=None, handle_signals=False)
    if recorder is not None:
        await recorder.open()
    keepalive: asyncio.Task[None] | None = None
    try:
        await seen.load()
        await graph.open()
        await runner.setup()
        site = web.TCPSite(runner, settings.listen, settings.whatsapp_port)
        try:
            await site.start()
        except OSError as exc:
            raise DoorError(
                texts.WHATSAPP_LISTEN_FAILED.format(
                    listen=settings.listen, port=settings.whatsapp_port, error=texts.os_reason(exc)
                )
            ) from None
        logger.info(
            texts.WHATSAPP_READY.format(listen=settings.listen, port=settings.whatsapp_port)
        )
        if not await graph.ping():
            logger.warning(texts.WHATSAPP_UNREACHABLE)
        keepalive = asyncio.create_task(_keepalive(graph))
        await stopping.wait()
    finally:
        await runner.cleanup()  # no new deliveries; requests in progress finish
        await door.drain()
        if keepalive is not None:
            keepalive.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keepalive
        await graph.close()
        if recorder is not None:
            await recorder.close()
        logger.info(texts.WHATSAPP_STOPPED)
