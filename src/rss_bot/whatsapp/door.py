"""The WhatsApp conversations: each message answered once, in order for each person, and
no person's slow or failing sends holding up anyone else's.

Parse (payload.py), call the engine, render, send, record: the same steps as Telegram's
handlers, through the same shared modules (commands, choices, recording, flood).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

from rss_bot import texts
from rss_bot.choices import parse_choice, pressed_button
from rss_bot.commands import Command, read_command, topic_commands
from rss_bot.engine import ACTION_FORGET, Engine, Reply
from rss_bot.flood import UserRateLimiter
from rss_bot.live import LiveEngine
from rss_bot.recording import Asker, Recording, elapsed_ms
from rss_bot.records import Channel, new_ref
from rss_bot.verdict import Outcome
from rss_bot.whatsapp.graph import GraphAPI
from rss_bot.whatsapp.links import read_tag
from rss_bot.whatsapp.payload import Delivery, Incoming, Kind
from rss_bot.whatsapp.render import render, text_message
from rss_bot.whatsapp.seen import SeenMessages

logger = logging.getLogger(__name__)

# Messages accepted and not yet answered, at most: past this the webhook answers 503 and
# Meta delivers them again later (memory stays bounded under a flood).
MAX_PENDING = 20_000
MAX_CAMPAIGNS = 50_000  # people whose campaign is remembered (the most recent ones)
# Answers a 👍 or 👎 reaction can still be counted on (the most recent ones; a restart
# forgets them all, and a reaction to an answer forgotten is left alone).
MAX_RATED = 20_000
THUMBS = {"👍": True, "👎": False}
# Skin tones and the emoji variation selector: "👍🏾" is a 👍.
_EMOJI_MODIFIERS = dict.fromkeys([*range(0x1F3FB, 0x1F400), 0xFE0F])
STOP_GRACE_S = 8.0  # at shutdown, time left to answer what was accepted
# /aide shows what the knowledge base answers to this word, when it answers it directly.
HELP_QUESTION = "aide"


def asker_key(wa_id: str) -> str:
    """The id the query log pseudonymises for a WhatsApp user: prefixed, so that a phone
    number never gets the pseudonym of the Telegram user id with the same digits."""
    return f"whatsapp:{wa_id}"


def thumb(emoji: str) -> bool | None:
    """True for a 👍 (any skin tone), False for a 👎, None for anything else."""
    return THUMBS.get(emoji.translate(_EMOJI_MODIFIERS))


@dataclass
class Rated:
    """An answer sent, that its asker may rate once with a 👍 or 👎 reaction."""

    wa_id: str  # who got it: only they may rate it (kept in memory only, as the queues)
    intent_id: str
    ref: str
    voted: bool = False


class WhatsAppDoor:
    """Answers WhatsApp messages handed over by the webhook (`accept`)."""

    def __init__(
        self,
        engine: Engine | LiveEngine,
        graph: GraphAPI,
        recording: Recording,
        seen: SeenMessages,
        users: UserRateLimiter,
        *,
        retention_days: int,
    ) -> None:
        # A live engine is read once per message (see live.py): a reload swaps it whole.
        self.live = engine if isinstance(engine, LiveEngine) else None
        self._engine = engine if isinstance(engine, Engine) else engine.engine
        self.graph = graph
        self.recording = recording
        self.seen = seen
        self.users = users
        self.retention_days = retention_days
        self._queues: dict[str, deque[Incoming]] = {}  # wa_id -> messages waiting, in order
        self._tasks: set[asyncio.Task[None]] = set()
        self._pending = 0
        self._campaigns: OrderedDict[str, str] = OrderedDict()  # wa_id -> campaign
        # Message id -> the answer it carries (a long answer is sent in several messages).
        self._rated: OrderedDict[str, Rated] = OrderedDict()

    @property
    def engine(self) -> Engine:
        """The engine serving now."""
        return self.live.engine if self.live is not None else self._engine

    @property
    def pending(self) -> int:
        """Messages accepted and not yet answered."""
        return self._pending

    def has_room(self, count: int) -> bool:
        """Whether `count` more messages can be accepted now."""
        return self._pending + count <= MAX_PENDING

    def accept(self, delivery: Delivery) -> None:
        """Take a webhook's messages (without waiting): each new message id is queued for
        its sender; an id seen before is dropped. Failed statuses are logged."""
        for failure in delivery.failures:
            logger.warning(
                "Un message du bot n'a pas été remis par WhatsApp (code %s%s)",
                failure.code,
                f" : {failure.title}" if failure.title else "",
            )
        for message in delivery.messages:
            if not self.seen.claim(message.id):
                continue  # delivered again: answered already (or being answered)
            self._pending += 1
            queue = self._queues.get(message.wa_id)
            if queue is None:
                queue = self._queues[message.wa_id] = deque()
                task = asyncio.create_task(self._converse(message.wa_id, queue))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            queue.append(message)

    async def drain(self, grace_s: float = STOP_GRACE_S) -> None:
        """Wait for the messages accepted to be answered, `grace_s` at most, then cancel."""
        if not self._tasks:
            return
        _, late = await asyncio.wait(set(self._tasks), timeout=grace_s)
        for task in late:
            task.cancel()
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if late:
            logger.warning("WhatsApp : %d conversation(s) interrompue(s) à l'arrêt", len(late))

    async def _converse(self, wa_id: str, queue: deque[Incoming]) -> None:
        """One person's messages, one after the other (their answers stay in order)."""
        try:
            while queue:
                message = queue.popleft()
                try:
                    await self.handle(message)
                except Exception:  # a bug must not silence this person for good
                    logger.exception("Erreur pendant le traitement d'un message WhatsApp")
                    with contextlib.suppress(Exception):
                        await self.graph.send(wa_id, text_message(texts.ERROR))
                finally:
                    self._pending -= 1
        finally:
            self._pending -= len(queue)  # cancelled at shutdown: never answered
            del self._queues[wa_id]

    async def handle(self, message: Incoming) -> None:
        """Answer one message: mark it read, then reply (at most one flood warning)."""
        if message.kind is Kind.REACTION:
            self._rate(message)  # a vote asks nothing: no reply
            return
        started = time.perf_counter()
        read = asyncio.create_task(self.graph.mark_read(message.id))
        try:
            wa_id = message.wa_id
            if not self.users.allow(wa_id):
                if self.users.should_warn(wa_id):
                    await self.graph.send(wa_id, text_message(texts.TOO_FAST))
                return
            if message.kind is Kind.CHOICE:
                await self._choice(message, started)
            elif message.kind is Kind.TEXT:
                await self._text(message, started)
            elif message.kind is Kind.OTHER:  # counted apart, as the Telegram door does
                await self.graph.send(wa_id, text_message(texts.TEXT_ONLY))
                self.recording.non_text(self._asker(wa_id))
        except asyncio.CancelledError:
            read.cancel()  # stopping: the read receipt no longer matters
            raise
        finally:
            with contextlib.suppress(asyncio.CancelledError):
                await read

    def _rate(self, reaction: Incoming) -> None:
        """Count a 👍 or 👎 put on an answer as Telegram's buttons count: once per answer,
        by the person it answered. Other emoji, and a reaction taken back, count nothing."""
        helpful = thumb(reaction.text)
        rated = self._rated.get(reaction.target)
        if helpful is None or rated is None or rated.voted or rated.wa_id != reaction.wa_id:
            return
        rated.voted = True
        self.recording.feedback(self._asker(reaction.wa_id), rated.intent_id, helpful, rated.ref)

    def _asker(self, wa_id: str, campaign: str | None = None) -> Asker:
        if campaign:
            self._campaigns[wa_id] = campaign
            self._campaigns.move_to_end(wa_id)
            if len(self._campaigns) > MAX_CAMPAIGNS:
                self._campaigns.popitem(last=False)
        return Asker(Channel.WHATSAPP, "private", asker_key(wa_id), self._campaigns.get(wa_id))

    async def _text(self, message: Incoming, started: float) -> None:
        text, campaign = read_tag(message.text)
        text = self.recording.redacted(text)  # before the engine sees it
        asker = self._asker(message.wa_id, campaign)
        engine = self.engine
        command = read_command(text, topic_commands(engine.kb))
        if command is None and campaign and text.strip(" !") in ("", "Bonjour"):
            command = (Command.START, None)  # a campaign link without a topic: the welcome
        if command is None:
            await self._answer(message.wa_id, asker, text, engine.reply(text), started)
            return
        kind, intent_id = command
        if kind is Command.TOPIC and intent_id and (intent := engine.kb.get(intent_id)):
            await self._answer(message.wa_id, asker, intent.label, engine.topic(intent.id), started)
        elif kind is Command.HELP:
            await self._help(message.wa_id, asker, started)
        elif kind is Command.ABOUT:
            about = texts.WA_ABOUT.format(
                retention_days=self.retention_days,
                redaction=texts.about_redaction(self.recording.redacting),
            )
            await self.graph.send(message.wa_id, text_message(about))
        elif kind is Command.START:
            await self._show(message.wa_id, engine.welcome())
        else:
            await self._show(message.wa_id, engine.menu())

    async def _help(self, wa_id: str, asker: Asker, started: float) -> None:
        engine = self.engine
        reply = engine.reply(HELP_QUESTION)
        intent = engine.kb.get(reply.intent) if reply.intent else None
        if reply.outcome is Outcome.ANSWER and intent is not None:
            await self._answer(wa_id, asker, intent.label, reply, started)
        else:
            await self.graph.send(wa_id, text_message(texts.WA_HELP))

    async def _choice(self, message: Incoming, started: float) -> None:
        prefix, intent_id, ref = parse_choice(message.text)
        engine = self.engine
        intent = engine.kb.get(intent_id)
        pressed = pressed_button(prefix, intent_id)
        if pressed is None or (pressed[0].intent_id is not None and intent is None):
            await self._show(message.wa_id, engine.topic(""))  # an old choice, or a forged id
            return
        chosen, offered_by = pressed
        asker = self._asker(message.wa_id)
        if chosen.action == ACTION_FORGET:  # "Oui" under the /oublier question
            self._campaigns.pop(message.wa_id, None)  # nothing of the person is kept
            for key in [k for k, r in self._rated.items() if r.wa_id == message.wa_id]:
                del self._rated[key]  # nor any vote on answers whose questions are erased
            await self._show(message.wa_id, engine.forgotten(await self.recording.forget(asker)))
            return
        self.recording.choice(asker, chosen, offered_by, ref)
        label = intent.label if intent is not None else ""
        await self._answer(message.wa_id, asker, label, engine.choose(chosen), started)

    async def _show(self, wa_id: str, reply: Reply, ref: str | None = None) -> bool:
        """Send every message of a reply; stop at the first one WhatsApp refuses. An answer
        sent under `ref` can then be rated with a 👍 or 👎 reaction."""
        intent_id = reply.intent if reply.outcome is Outcome.ANSWER else None
        rated = Rated(wa_id, intent_id, ref) if intent_id and ref else None
        for body in render(reply, self.engine.kb, ref):
            sent = await self.graph.send(wa_id, body)
            if not sent:
                return False
            if rated is not None and sent.message_id:
                self._rated[sent.message_id] = rated
                if len(self._rated) > MAX_RATED:
                    self._rated.popitem(last=False)
        return True

    async def _answer(
        self, wa_id: str, asker: Asker, question: str, reply: Reply, started: float
    ) -> None:
        """Send a reply, then hand its verdict to the query log."""
        ref = new_ref()
        await self._show(wa_id, reply, ref)
        self.recording.question(asker, question, reply.verdict, elapsed_ms(started), ref)
