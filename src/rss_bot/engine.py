"""The channel-neutral engine: a question or a choice in, a Reply out.

Questions reach it redacted (recording.Recording.redacted): the placeholders that stand for
personal data are blanked before matching, as they say nothing about the topic.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from rss_bot import texts
from rss_bot.knowledge import GLOSSARY, LIST, SMALL_TALK, Intent, KnowledgeBase
from rss_bot.lexicon import Lexicon
from rss_bot.matcher import Match, Matcher, Rule
from rss_bot.message import (
    ASKING,
    DETAIL_CUES,
    MAX_CHARS,
    SHORT_FOR,
    Detail,
    Parts,
    about,
    advice_situation,
    asked_right_after,
    asks,
    asks_a_persons_name,
    asks_for_help,
    asks_meaning,
    asks_now,
    asks_only_detail,
    claim,
    clauses,
    elliptic,
    going_on,
    guesses,
    guesses_a_name,
    halves,
    introduces,
    lists_asks,
    missing_detail,
    named_place,
    opens_an_ask,
    pointed,
    points_back,
    referred,
    reports,
    retyped,
    sets_aside,
    split,
    tells_later,
    tells_not_knowing,
    with_named,
    without_detail,
    without_now,
)
from rss_bot.normalize import FILLER, STOPWORDS, fold, words
from rss_bot.records import Erased
from rss_bot.redaction import unmarked
from rss_bot.sayings import (
    GREETING,
    HOW_IT_GOES,
    asks_for_help_with_work,
    asks_how_it_goes,
    asks_what_to_ask,
    closes,
    courtesy_only,
    fears_exposure,
    greets_then_tells,
    insults,
    only_greets,
    saying,
    suspects_the_bot,
    thanks_then_tells,
    thanks_with_ok,
)
from rss_bot.vectors import ACRONYM
from rss_bot.verdict import Outcome, Verdict

ACTION_INTENT = "intent:"
MIN_COMMA_STORY = 15  # words of a sentence whose commas may set its story apart
ACTION_MENU = "menu"
ACTION_NONE = "none"
# "Oui" under the /oublier question: the door erases the person's records (it alone can:
# see recording.Recording.forget), then shows `Engine.forgotten`.
ACTION_FORGET = "forget"
ACTION_KEEP = "keep"  # "Non" under the /oublier question
THANKS = "merci"  # matched instead of a message that only says OK and thanks
GOODBYE = "au revoir"  # matched instead of "c'est tout pour moi", "je n'ai plus de questions"
WHO_READS = "qui lit mes messages ?"  # matched instead of "l'armée peut lire ce que j'écris ?"
WHO_RUNS = "qui gère ce bot ?"  # matched instead of "vous travaillez pour l'armée ?"
HELP = "aide"  # matched instead of "qu'est-ce que je peux te demander ?"
SEARCH_MIN_PROBABILITY = 5.0  # inline mode also lists runners-up at least this likely (%)
# Words before a list of asks that only frame it ("Merci de me préciser :", "Objet : deux
# questions."), at most.
MAX_FRAMING_WORDS = 6
# A question whose best topic is at least this likely (%) and asks for a detail its answer
# lacks gets "the sheet does not say" rather than suggestions.
DETAIL_MIN_PROBABILITY = 30.0
# A longer first half that reports what was said or read ("Dans la fiche on parle d'une
# unité FAMA/Gardes forestiers") tells, even before any story: it is no first ask.
MAX_TOLD_WORDS = 6
# A second ask that asks a detail the first topic lacks is answered with the topic it means
# when that topic is this likely (%) and gives the detail.
GIVEN_DETAIL_PROBABILITY = 90.0
# A typo in a word asking for a detail ("kel dte", "ki diiige"): words this long at least,
# this close (rapidfuzz ratio) to one of DETAIL_CUES.
MIN_CUE_TYPO = 3
CUE_TYPO_CUTOFF = 80.0
_CUES = frozenset(DETAIL_CUES)
_CUES_BY_INITIAL: dict[str, tuple[str, ...]] = {
    initial: tuple(c for c in DETAIL_CUES if c[0] == initial)
    for initial in {c[0] for c in DETAIL_CUES}
}
# Asked how something is today and not answered: a likely topic this high in the ranking
# that tells what became of it since the sheet is answered ("la MINUSMA est encore là ?").
SINCE_RANK = 3
MAX_CLAUSES = 8  # clauses of a message tried one by one (each costs a matcher run)
GREETING_WORDS = 3  # words a greeting may take before an unpunctuated question ("aw ni wula")
GREETING_RIVALS = 2  # a small-talk intent this high in an unsure ranking: try the clauses
REPLY_CACHE_SIZE = 4096  # replies kept for questions asked again
REPLY_CACHE_CHARS = 300  # longer messages (stories) are rarely asked twice word for word


@dataclass(frozen=True)
class Button:
    """A choice offered to the user: its label and the action it triggers."""

    label: str
    action: str  # "intent:<id>", "menu" or "none"

    @property
    def intent_id(self) -> str | None:
        """The intent this button opens, if it opens one."""
        return self.action[len(ACTION_INTENT) :] if self.action.startswith(ACTION_INTENT) else None


@dataclass(frozen=True)
class Reply:
    """What the user sees: a text and choices, and for an answer to a question the verdict
    it shows (the doors hand the verdict, never the Reply, to the query log)."""

    text: str
    buttons: tuple[Button, ...] = ()
    verdict: Verdict | None = None  # None for navigation screens (welcome, menu)
    title: str | None = None  # the topic answered, shown above it (None for two topics)

    @property
    def outcome(self) -> Outcome | None:
        """Answer, suggestions or fallback; None for a navigation screen."""
        return self.verdict.outcome if self.verdict else None

    @property
    def intent(self) -> str | None:
        """The intent answered, if this reply is an answer."""
        return self.verdict.intent if self.verdict else None


def verdict_of(match: Match, kb_version: str = "") -> Verdict:
    """The matcher's decision as the query log stores it."""
    return Verdict(
        match.outcome,
        match.intent_id,
        match.score,
        match.suggestions,
        match.normalized,
        kb_version=kb_version,
    )


def intent_button(intent: Intent) -> Button:
    """The button that opens an intent."""
    return Button(intent.label, ACTION_INTENT + intent.id)


class Engine:
    """Answers questions and navigation choices from one knowledge base."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None) -> None:
        self.kb = kb
        self.matcher = matcher or Matcher(kb)
        # The same short questions come again and again (a poster's prefilled text, "c koi
        # le moc"); a reply depends on the question alone, and a reload makes a new engine.
        self._replies = functools.lru_cache(maxsize=REPLY_CACHE_SIZE)(self._reply)

    def _buttons(self, ids: tuple[str, ...]) -> tuple[Button, ...]:
        return tuple(intent_button(i) for i in map(self.kb.get, ids) if i is not None)

    def menu_buttons(self) -> tuple[Button, ...]:
        """One button per main-menu topic."""
        return self._buttons(self.kb.menu_ids)

    def welcome(self) -> Reply:
        """The first screen: who the bot is, where its facts come from, the menu."""
        return Reply(texts.WELCOME, self.menu_buttons())

    def menu(self) -> Reply:
        """The main menu."""
        return Reply(texts.MENU, self.menu_buttons())

    def topic(self, intent_id: str) -> Reply:
        """The answer of one intent, as chosen from a button or a deep link."""
        intent = self.kb.get(intent_id)
        if intent is None:
            return Reply(texts.UNKNOWN_TOPIC, self.menu_buttons())
        verdict = Verdict(
            Outcome.ANSWER, intent.id, 100.0, (), intent.id, kb_version=self.kb.version
        )
        return self._answer(intent, verdict)

    def none_of_these(self) -> Reply:
        """Reply to 'Aucune de ces réponses'."""
        return Reply(texts.NONE_OF_THESE, self.menu_buttons())

    def forget_prompt(self) -> Reply:
        """The question asked before erasing a person's records (/oublier), with Oui / Non."""
        return Reply(
            texts.FORGET_CONFIRM,
            (Button(texts.FORGET_YES, ACTION_FORGET), Button(texts.FORGET_NO, ACTION_KEEP)),
        )

    def forgotten(self, erased: Erased | None) -> Reply:
        """What the person is told once their records are erased (None: they could not be)."""
        if erased is None:
            text = texts.FORGET_FAILED
        elif erased.total == 0:
            text = texts.FORGOTTEN_NOTHING
        else:
            text = texts.FORGOTTEN.format(**texts.erased_counts(erased.questions, erased.events))
        return Reply(text, self.menu_buttons())

    def choose(self, button: Button) -> Reply:
        """The reply to a button: the menu, 'none of these', or the topic it opens.
        (ACTION_FORGET is carried out by the door, which shows `forgotten`.)"""
        if button.action == ACTION_MENU:
            return self.menu()
        if button.action == ACTION_NONE:
            return self.none_of_these()
        if button.action == ACTION_KEEP:
            return Reply(texts.FORGET_KEPT, self.menu_buttons())
        if button.action == ACTION_FORGET:
            return self.forget_prompt()  # a door that cannot erase asks again, erases nothing
        return self.topic(button.intent_id or "")

    def _answer(self, intent: Intent, verdict: Verdict, also: tuple[str, ...] = ()) -> Reply:
        related = self._buttons(tuple(dict.fromkeys((*also, *intent.related))))
        buttons = (*related, Button(texts.MENU_BUTTON, ACTION_MENU))
        return Reply(intent.answer, buttons, verdict, intent.label)

    def search(self, question: str, limit: int) -> tuple[Intent, ...]:
        """The best-matching topics for a question, for lists (inline mode); none if off-topic."""
        return self.lookup(question, limit)[0]

    def lookup(self, question: str, limit: int) -> tuple[tuple[Intent, ...], Verdict]:
        """`search`'s topics and the verdict on the question, from one matcher run."""
        match = self.matcher.match(unmarked(question))
        if match.outcome is Outcome.FALLBACK:
            return (), verdict_of(match, self.kb.version)
        ids = [c.intent_id for c in match.candidates]
        ids += [c.intent_id for c in match.ranked if c.score >= SEARCH_MIN_PROBABILITY]
        ids = list(dict.fromkeys(ids))[:limit]
        return tuple(i for i in map(self.kb.get, ids) if i is not None), verdict_of(
            match, self.kb.version
        )

    def warm_up(self) -> None:
        """Load now what the first answers would load (the French word list, the readers'
        caches): the first person to write after a start or a reload does not wait for it."""
        self.matcher.model.lexicon.is_french("bonjour")
        for intent in self.kb.intents[:2]:
            self.reply(intent.questions[0])

    def reply(self, question: str) -> Reply:
        """Answer a free-text question: an answer (or two), 'Vouliez-vous dire…', a plain
        'the sheet does not say', or a fallback; to "/oublier", the question before erasing."""
        if len(question) <= REPLY_CACHE_CHARS:
            return self._replies(question)
        return self._reply(_within_reach(question))

    def _courtesy_opening(self, question: str) -> str | None:
        """The greeting or the thanks a message opens with, when it then only tells
        something the base cannot place: "Bonjour, je viens de voir votre affiche" is
        welcomed and "Merci, grâce à toi j'ai eu 16 sur 20 !" thanked back, neither told
        to rephrase."""
        opening = (
            GREETING
            if greets_then_tells(question)
            else THANKS
            if thanks_then_tells(question)
            else None
        )
        if opening is None or asks(question):
            return None
        outcome = self.matcher.match(question).outcome
        # Thanks that tell something ("merci, mon exposé est fini grâce à toi") are thanks
        # unless they clearly name a topic; a greeting, unless the bot can place anything.
        if outcome is Outcome.FALLBACK or (opening == THANKS and outcome is Outcome.SUGGEST):
            return opening
        return None

    def _reply(self, question: str) -> Reply:
        if asks_to_forget(question):
            return self.forget_prompt()
        question = going_on(retyped(unmarked(question)))
        if asks_how_it_goes(question):
            question = HOW_IT_GOES
        elif only_greets(question):  # "salut la team", not "the team" as a topic
            question = GREETING
        elif (opening := self._courtesy_opening(question)) is not None:
            question = opening
        elif (polite := courtesy_only(question)) is not None and not self.matcher.names_the_base(
            question
        ):
            question = polite  # "I ni ce ! I ka kɛnɛ wa ? … Allah ka hɛrɛ caya."
        cuts = halves(question)
        if cuts:  # both halves will be matched too: score them with the message, together
            self.matcher.prime([question, *(half for cut in cuts for half in cut)])
        match: Match = self.matched(question)
        verdict = verdict_of(match, self.kb.version)
        if match.rule in _NO_SEARCH:
            return Reply(_NO_SEARCH[match.rule], self.menu_buttons(), verdict)
        parts = split(question)
        both = self._two_topics(match, cuts, parts.context, lists_asks(question))
        if both is not None:
            first, second, score = both
            return self._answers(first, second, dataclasses.replace(verdict, score=score))
        asked = parts.question  # what the message asks, without its story
        if match.outcome is not Outcome.ANSWER:
            clear = (
                self._clear_half(match, cuts)
                or self._leaning_half(match, cuts)
                or self._comma_story(question, match)
            )
            if clear is not None:  # "la 2364 c'est quoi ? et [what the bot cannot place]"
                question, match = clear
                asked = split(question).question
                # the log keeps the whole message as compared, not the half answered
                verdict = dataclasses.replace(
                    verdict_of(match, self.kb.version), normalized=verdict.normalized
                )
        best = self.kb.get(match.ranked[0].intent_id) if match.ranked else None
        today = self._about_today(question, match, verdict) if asks_now(question) else None
        if today is not None:
            return today
        if (
            best is not None
            and (best.topic or not self._kinds_declared)
            and match.rule is not Rule.NO_KNOWN_WORD
        ):
            # What the question part asks ("combattant en 2012, le DDR c pour ki ?" asks no
            # year), typos corrected: "comien" asks "combien", and "cb de persones formées"
            # counts the people the answer gives a figure for.
            corrected = self._cues_fixed(_corrected(asked, match))
            detail = (
                missing_detail(corrected, best.answer)
                # "la MINUSMA est toujours à Ménaka ?": what became of it since the sheet is
                # the answer, wherever the person is
                or (None if tells_later(best.answer) else self._named_place(corrected, asked))
            )
            if (
                not best.topic
                and detail is not None
                and not self._undeclared_detail(detail, corrected)
            ):
                detail = None
            if detail is not None and detail.kind == "resolution":
                cited = self._citing(detail.value)
                if cited is not None:  # another topic gives it: never "la fiche n'en parle pas"
                    answered = dataclasses.replace(
                        verdict, outcome=Outcome.ANSWER, intent=cited.id, suggestions=()
                    )
                    return self._answer(cited, answered)
            if detail is not None and (
                match.outcome is Outcome.ANSWER or match.ranked[0].score >= DETAIL_MIN_PROBABILITY
            ):
                # unsure of the topic, the bot does not say what it tells: only offers it
                sure = match.outcome is Outcome.ANSWER
                return self._missing(best, detail, verdict, says=sure)
        if match.outcome is Outcome.FALLBACK and match.rule is not Rule.COURTESY:
            lacking = self._lacking(asked, verdict)
            if lacking is not None:
                return lacking
        if match.outcome is Outcome.ANSWER:
            intent = self.kb.get(match.candidates[0].intent_id)
            assert intent is not None
            return self._answer(intent, verdict, self._other_half_offers(intent, cuts))
        if match.outcome is Outcome.SUGGEST:
            buttons = self._buttons(match.suggestions)
            return Reply(
                texts.SUGGEST, (*buttons, Button(texts.NONE_OF_THESE_BUTTON, ACTION_NONE)), verdict
            )
        if not match.normalized.strip() or not any(ch.isalnum() for ch in match.normalized):
            return Reply(texts.EMPTY, self.menu_buttons(), verdict)
        if match.rule is Rule.COURTESY:  # a greeting or thanks, not clear which: no topic
            return Reply(texts.COURTESY, self.menu_buttons(), verdict)
        # A near miss names what the bot covers, asked in a way it could not place: asking to
        # rephrase helps. Telling someone who asked about the DDR that the bot only covers
        # the DDR does not, nor asking someone who asked about football to rephrase.
        near_miss = self.matcher.names_the_base(question)
        return Reply(texts.FALLBACK if near_miss else texts.OFF_TOPIC, self.menu_buttons(), verdict)

    def _about_today(self, question: str, match: Match, verdict: Verdict) -> Reply | None:
        """A question on how something is today, matched on what it asks about: "la PEJ
        existe toujours ?" is not "la MINUSMA existe toujours ?", though worded alike."""
        best = self.kb.get(match.ranked[0].intent_id) if match.ranked else None
        subject = self.matcher.match(without_now(question))
        about = self.kb.get(subject.ranked[0].intent_id) if subject.ranked else None
        if about is None or not about.topic or subject.ranked[0].score < DETAIL_MIN_PROBABILITY:
            return None
        later = best is not None and best.topic and tells_later(best.answer)
        # what a name means is not what became of it: a glossary entry is not kept as such
        glossary = best is not None and best.kind == GLOSSARY
        sure = match.outcome is Outcome.ANSWER and not glossary
        if later and sure and self._tells_all_named(question, best):
            return None  # "… la MINUSMA est toujours là ?": what the answer says became of it
        if later and not tells_later(about.answer):  # a topic the sheet alone tells (2017)
            return self._missing(about, Detail("now"), verdict)
        if not later and tells_later(about.answer) and subject.outcome is Outcome.ANSWER:
            # "la MINUSMA fonctionne encore ?": what is known since the sheet says it.
            answered = dataclasses.replace(
                verdict,
                outcome=Outcome.ANSWER,
                intent=about.id,
                score=subject.score,
                suggestions=(),
            )
            return self._answer(about, answered)
        since = self._told_since(question, match) if not sure else None
        if since is not None:  # "la MINUSMA elle est encore là ?": what became of it
            answered = dataclasses.replace(
                verdict, outcome=Outcome.ANSWER, intent=since.id, suggestions=()
            )
            return self._answer(since, answered)
        return None

    def _told_since(self, question: str, match: Match) -> Intent | None:
        """Among the question's first topics, those whose answer tells what became, after
        the sheet, of every name of the knowledge base the question uses, when one of them
        is likely: the first that is not a glossary entry, else the glossary entry."""
        likely = [
            (candidate.score, intent)
            for candidate in match.ranked[:SINCE_RANK]
            if (intent := self.kb.get(candidate.intent_id)) is not None
            and intent.topic
            and tells_later(intent.answer)
            and self._tells_all_named(question, intent)
        ]
        if not any(score >= DETAIL_MIN_PROBABILITY for score, _ in likely):
            return None
        # a glossary entry only when no topic tells what became of the name
        likely.sort(key=lambda pair: pair[1].kind == GLOSSARY)
        return likely[0][1]

    def _tells_all_named(self, question: str, intent: Intent) -> bool:
        """Whether the question names knowledge-base names, all of which the answer uses."""
        named = set(words(question[:MAX_CHARS])) & self._acronyms
        return bool(named) and named <= set(words(intent.answer))

    def _citing(self, number: str) -> Intent | None:
        """The topic a resolution number asked about is matched with, when its answer cites
        that number ("…il y a écrit 2364 (2017)… C'est quoi cette résolution 2364 ?" in a
        story whose other words pull elsewhere); else None."""
        citing = [i for i in self.kb.intents if i.topic and re.search(rf"\b{number}\b", i.answer)]
        found = self.matcher.match(f"résolution {number}")
        return next((i for i in citing if i.id == found.intent_id), None)

    def _named_place(self, corrected: str, asked: str) -> Detail | None:
        """A place the question names that the knowledge base never cites ("à Kayes"), as
        the person wrote it."""
        place = named_place(corrected, self._lexicon.knows)
        if place is None:
            return None
        written = next((w for w in re.findall(r"\w+", asked) if fold(w) == place), place)
        return Detail("named_place", written[:1].upper() + written[1:])

    def _lacking(self, asked: str, verdict: Verdict) -> Reply | None:
        """A question for a detail, that the matcher could not place whole, about a topic
        whose answer lacks that detail ("comment je fais pour m'inscrire à la PEJ ?"):
        matched on what it asks about, without the words asking for the detail."""
        subject = without_detail(asked)
        if not subject:
            return None
        found = self.matcher.match(subject)
        if found.outcome is Outcome.FALLBACK:  # "les Aigles jouent quand ?" names no topic
            return None
        topic = self.kb.get(found.ranked[0].intent_id)
        if topic is None or not topic.topic:
            return None
        detail = missing_detail(asked, topic.answer)
        if detail is None:
            return None
        return self._missing(topic, detail, verdict, says=found.outcome is Outcome.ANSWER)

    def matched(self, question: str) -> Match:
        """The verdict on the message; or, when it is not clear, on the part that asks (the
        question inside a story, or the clause that asks about a topic when the message
        reads as small talk: "aw ni wula, c koi le DDR ?" is a question, not a greeting).
        Greetings, thanks, goodbyes and the like are answered or left out, never offered:
        "Vouliez-vous dire « Au revoir » ?" helps nobody. A message that only says OK
        ("d'accord", "compris", 👍), or asks without naming anything ("plus de détails",
        "pourquoi ?", "j'ai une question"), is not matched: no topic. Nor is an insult the
        knowledge base does not answer."""
        kind = saying(question)
        if kind is not None:
            normalized = self.matcher.analyse(question).normalized
            return Match(Outcome.FALLBACK, 0.0, (), normalized, rule=Rule(kind))
        # "compris merci" is thanks, though "compris" alone would pull towards a topic;
        # "c'est tout pour moi" is a goodbye, which "tout" and "moi" do not tell the matcher
        if thanks_with_ok(question):
            question = THANKS
        elif closes(question):
            question = GOODBYE
        elif fears_exposure(question):  # "tu vas le dire à la police ?": what the bot keeps
            question = WHO_READS
        elif suspects_the_bot(question):  # "tu es un espion ?": who runs it, for whom
            question = WHO_RUNS
        elif asks_what_to_ask(question):  # "qu'est-ce que je peux te demander ?"
            question = HELP
        match = self._matched(question)
        if (
            match.outcome is Outcome.ANSWER
            and self._is_small_talk(match.candidates[0].intent_id)
            and asks_for_help_with_work(question)
        ):
            # "tu peux m'aider pour mon exposé ?" asks for help, it does not thank
            return self._matched(HELP)
        if match.outcome is not Outcome.ANSWER and insults(question):
            return dataclasses.replace(
                match, outcome=Outcome.FALLBACK, candidates=(), rule=Rule.INSULT
            )
        if self._advice_elsewhere(question, match):
            return dataclasses.replace(
                match, outcome=Outcome.FALLBACK, candidates=(), rule=Rule.ADVICE
            )
        if self._task_elsewhere(question, match):
            return dataclasses.replace(
                match, outcome=Outcome.FALLBACK, candidates=(), rule=Rule.TASK
            )
        if match.outcome is not Outcome.SUGGEST:
            return match
        # "qui a créé PEJ" offers the PEJ, not also "Qui a fait ce bot ?": after a topic, a
        # question that names the base's topics and does not address the bot ("tu", "vous",
        # "bot") is offered no intent about the bot
        about_topics = (
            self._kinds_declared
            and self.matcher.names_the_base(question)
            and _ABOUT_THE_BOT.isdisjoint(words(question[:MAX_CHARS]))
        )
        offered = tuple(
            c
            for rank, c in enumerate(match.candidates)
            if not self._is_small_talk(c.intent_id)
            and not (about_topics and rank and not self._is_topic(c.intent_id))
        )
        if len(offered) == len(match.candidates):
            return match
        if offered:
            return dataclasses.replace(match, candidates=offered)
        return dataclasses.replace(
            match, outcome=Outcome.FALLBACK, candidates=match.candidates[:1], rule=Rule.COURTESY
        )

    def _advice_elsewhere(self, question: str, match: Match) -> bool:
        """Whether a message asks what to do about a situation the knowledge base knows
        nothing of ("ma copine me répond plus, je fais quoi ?"), and was matched with what
        the bot can do or who it is: no topic, it is off-topic (as `_clear_half` skips such
        a half: "mon enfant a le palu…, je dois faire quoi ?"). Only where the knowledge base
        declares its topics' kinds, so that such intents are told from topics."""
        intent = self._answered_about_the_bot(match)
        if intent is None:
            return False
        situation = advice_situation(question)
        if situation is None or self.matcher.names_the_base(question):
            return False
        # "je veux effacer mes messages, je fais comment ?": the situation itself is about
        # the bot's intent, which answers it
        told = self.matcher.match(situation)
        return not told.ranked or told.ranked[0].intent_id != intent.id

    def _answered_about_the_bot(self, match: Match) -> Intent | None:
        """The intent a match answers with, when it is neither a topic nor small talk (who
        the bot is, what it can do, what it keeps), where the knowledge base declares its
        topics' kinds so that such intents are told from topics."""
        if match.outcome is not Outcome.ANSWER or not self._kinds_declared:
            return None
        intent = self.kb.get(match.candidates[0].intent_id)
        return intent if intent is not None and intent.kind is None else None

    def _undeclared_detail(self, detail: Detail, asked: str) -> bool:
        """Whether a detail is checked where topics do not declare their kind: only a
        person's name asked by their role ("comment s'appelle le maire ?"). Measured on the
        six generic FAQs one kind at a time: names avoid 6 wrong answers and lose none; the
        other kinds lose right answers there (dates: "quand ouvre la mairie ?" asks hours,
        which no year or month gives: 82 right answers lost for 12 wrong ones avoided)."""
        return detail.kind == "name" and asks_a_persons_name(asked)

    def _task_elsewhere(self, question: str, match: Match) -> bool:
        """Whether a message asks the bot for a task ("écris-moi un message d'amour",
        "traduis…") about something no topic speaks of, and was matched with an intent about
        the bot ("Mes messages sont-ils enregistrés ?" for the word "message"): off-topic.
        Only where the knowledge base declares its topics' kinds (as `_advice_elsewhere`)."""
        if self._answered_about_the_bot(match) is None:
            return False
        folded = " ".join(words(question[:MAX_CHARS]))
        if _TASK.search(folded) is None or self.matcher.names_the_base(question):
            return False
        content = self.matcher.analyse(question).content
        return any(t.isalpha() and not self.matcher.topics_use(t) for t in content)

    def _named_before(self, parts: Parts) -> str | None:
        """The one acronym the sentence before a question names, when the question points
        to it ("…la Commission nationale de DDR. C'est quoi cette commission ?"): by a word
        of its full name, or by what kind of thing it is ("cette organisation"); not when it
        ends a longer name ("le Commissariat à la RSS")."""
        told = " ".join(words(parts.before[:MAX_CHARS]))
        points = pointed(parts.question)
        named = {
            acronym
            for acronym in set(self.matcher.analyse(parts.before).content) & self._acronyms
            if not self._ends_longer_names(told, acronym)
            and points & (_WHAT_A_NAME_IS | self._name_words.get(acronym, frozenset()))
        }
        return named.pop() if len(named) == 1 else None

    @functools.cached_property
    def _name_words(self) -> dict[str, frozenset[str]]:
        """The words of each acronym's full names, as the synonyms file writes them."""
        return {
            acronym: frozenset(w for name in names for w in words(name))
            for acronym, names in self.kb.synonyms.items()
        }

    def _story_names_what_it_asks(self, parts: Parts, asked: Match) -> bool:
        """Whether a question that names nothing the knowledge base talks about ("Combien
        ont été formés et par qui ?") follows a story that does ("…des gens des commissions
        DDR ont suivi une formation sur le genre."), and the two read together lean to
        another topic than the question alone: it asks about what the story names."""
        if asked.outcome is not Outcome.ANSWER or self.matcher.names_the_base(parts.question):
            return False
        if not self.matcher.names_the_base(parts.context):
            return False
        together = self.matcher.match(f"{parts.context} {parts.question}", asked=parts.question)
        return bool(together.ranked) and together.ranked[0].intent_id != asked.intent_id

    def _asking_tail(self, question: str, whole: Match) -> Match | None:
        """The end of a long message, or of a story's asking part, written without
        punctuation, when it alone clearly asks about the topic the whole message leans to:
        "chui moussa je vis a gao … on parle des camps du moc … le sigle moc signifie koi"."""
        tokens = words(question[:MAX_CHARS])
        if len(tokens) < MIN_TAIL_MESSAGE_WORDS or not whole.ranked:
            return None
        if _PUNCTUATED.search(question[:MAX_CHARS].rstrip(" ?!.")):
            return None  # written with its commas and full stops: split() read its clauses
        leaning = whole.ranked[0].intent_id
        if self._is_small_talk(leaning):
            return None
        tails = [
            " ".join(tokens[-n:])
            for n in range(MIN_TAIL_WORDS, min(MAX_TAIL_WORDS, len(tokens) - 1) + 1)
        ]
        if named_place(tails[-1], self._lexicon.knows):  # "… a fait a kayes pour la rss ?"
            return None
        if any(asks_for_help(" ".join(tokens[-n:])) for n in HELP_ENDING_WORDS):
            return None  # "… tu peux m'aider ?": help with what the message tells
        self.matcher.prime(tails)
        for n, tail in enumerate(tails, MIN_TAIL_WORDS):
            # the words dropped tell about the writer ("chui moussa je vis a gao …"), and
            # the end asks: not the end of one long question ("… de la commission d'intégration")
            told = not _FIRST_PERSON.isdisjoint(tokens[:-n])
            if not told or ASKING.isdisjoint(tokens[-n:]):
                continue
            found = self.matcher.match(tail)
            if found.outcome is not Outcome.ANSWER:
                # the whole message, the names and typos of the story around the question
                # not held against it
                found = self.matcher.match(question, asked=tail)
            if found.outcome is Outcome.ANSWER and found.intent_id == leaning:
                return found
        return None

    def _asking_head(self, question: str, whole: Match) -> Match | None:
        """The start of a long message written without full stops, when it asks first and
        the writer then introduces themself: "slt ma question c koi la plateforme pej et qui
        a aide a la creer je m'appelle fatoumata g 22 ans…" asks what comes before the name.
        Answered when clear and the whole message leans to that topic or to none (an
        introduction reads like "who are you?"); otherwise its topics are offered rather than
        none when the whole message is no clearer."""
        if _SENTENCE_STOP.search(question[:MAX_CHARS].rstrip(" ?!.")) or not whole.ranked:
            return None  # written with its full stops: split() read its sentences
        tokens = words(question[:MAX_CHARS])
        if len(tokens) < MIN_TAIL_MESSAGE_WORDS:
            return None
        cue = _introduction_at(tokens)
        if cue is None or cue < MIN_TAIL_WORDS or ASKING.isdisjoint(tokens[:cue]):
            return None
        head = " ".join(tokens[:cue])
        found = self.matcher.match(head)
        if found.outcome is not Outcome.ANSWER:
            # the whole message, the names of the story after the ask not held against it
            within = self.matcher.match(question, asked=head)
            found = within if within.outcome is Outcome.ANSWER else found
        asked = self.kb.get(found.ranked[0].intent_id) if found.ranked else None
        if asked is None or not asked.topic:
            return None
        leaning = self.kb.get(whole.ranked[0].intent_id)
        # an introduction reads like "who are you?": then the whole leans to no topic
        aside = leaning is None or not leaning.topic
        if found.outcome is Outcome.ANSWER and (aside or leaning is asked):
            return found
        if found.outcome is Outcome.SUGGEST and (aside or whole.outcome is Outcome.FALLBACK):
            return found  # the topics the ask could be about, rather than none
        return None

    def _lists_what_story_names(self, topic: Intent, whole: Match) -> bool:
        """Whether a question part matched to a list ("avec quels partenaires ?") follows a
        story about one topic ("une formation sur le genre… qui a été formé et avec quels
        partenaires ?"): it asks about that topic's partners, not about all of them."""
        if topic.kind != LIST or not whole.ranked:
            return False
        story = self.kb.get(whole.ranked[0].intent_id)
        return story is not None and story.id != topic.id and story.topic and story.kind != LIST

    @functools.cached_property
    def _acronyms(self) -> frozenset[str]:
        """The knowledge base's acronyms (written in capitals in its texts), folded."""
        return self.matcher.model.acronyms - STOPWORDS

    @functools.cached_property
    def _longer_names(self) -> frozenset[tuple[str, str]]:
        """(noun, acronym) pairs of the longer names the base's titles, keywords and answers
        end with an acronym: ("commissariat", "rss") for "le Commissariat à la RSS"."""
        pattern = re.compile(rf"\b{_BEFORE_NAME}(\w+)\b")
        found = set()
        for intent in self.kb.intents:
            for text in (intent.title or "", intent.answer, *intent.keywords):
                folded = " ".join(words(text))
                found |= {
                    (m.group(1), m.group(2))
                    for m in pattern.finditer(folded)
                    if m.group(2) in self._acronyms and m.group(1) not in STOPWORDS
                }
        return frozenset(found)

    def _ends_longer_names(self, folded: str, acronym: str) -> bool:
        """Whether every mention of an acronym in a folded text ends one of the longer names
        the base writes ("le commissariat a la rss ca veut dire quoi", "definition
        commissariat rss"): that name is what is asked about, not the acronym ("on parle du
        ddr a la radio" names the DDR)."""
        name = re.escape(acronym)
        mentions = len(re.findall(rf"\b{name}\b", folded))
        inside = [
            m
            for m in re.finditer(rf"\b(?:{_BEFORE_NAME}|(\w+) ){name}\b", folded)
            if (m.group(1) or m.group(2), acronym) in self._longer_names
        ]
        return mentions > 0 and len(inside) == mentions

    @property
    def _lexicon(self) -> Lexicon:
        """The knowledge base's words, and which are common French."""
        return self.matcher.model.lexicon

    def _names_acronym(self, text: str) -> bool:
        """Whether a text writes one of the knowledge base's acronyms in capitals."""
        text = text[:MAX_CHARS]
        return any(fold(m.group(0)) in self._acronyms for m in ACRONYM.finditer(text))

    def _one_acronym(self, text: str) -> str | None:
        """The acronym of the knowledge base a message writes in capitals, if only one, and
        not as the end of a longer name the base writes ("le Commissariat à la RSS"; but
        "une amie à Conakry m'a parlé de RENADJEF" names RENADJEF)."""
        text = text[:MAX_CHARS]
        named = {
            fold(m.group(0))
            for m in ACRONYM.finditer(text)
            if not self._ends_longer_names(
                " ".join(words(text[max(0, m.start() - 40) : m.end()])), fold(m.group(0))
            )
        }
        named &= self._acronyms
        return next(iter(named)) if len(named) == 1 else None

    def _meaning_of_one_acronym(self, question: str, match: Match) -> Match | None:
        """What an acronym means, when the question (or, in a story, the part that asks)
        asks what it means in so many words, or "c'est quoi le X", and names no other ("le
        p e v dans la stratégie contre le terrorisme ça veut dire quoi"; "…les FAMA… je veux
        comprendre le mot ALPC. Ça signifie quoi ?"), though the topic it is named with
        matched more words."""
        if not set(self.matcher.analyse(question).content) & self._acronyms:
            return None  # its parts name none either
        parts = split(question)
        asking = clauses(parts.question) if parts.context else []  # each ask after a story
        texts = (question, parts.question, parts.with_before, *asking)
        for text in dict.fromkeys(t for t in texts if t):
            meant = self._meaning_asked(text, match)
            if meant is not None:
                return meant
        return None

    def _meaning_asked(self, text: str, match: Match) -> Match | None:
        named = set(self.matcher.analyse(text).content) & self._acronyms
        if len(named) != 1:
            return None
        acronym = named.pop()
        folded = " ".join(words(text[:MAX_CHARS]))
        if self._ends_longer_names(folded, acronym):
            return None  # "le commissariat à la RSS ça veut dire quoi": the longer name's
        # "je connais pas ce mot FAMA. C quoi ?": the word itself is what is asked; "le mot
        # redevabilité ça veut dire quoi… la MINUSMA…": another word's meaning is asked
        said = [
            w
            for w in re.findall(r"\b(?:mot|sigle|terme) (\w+)", folded)
            if len(w) >= 3 and w not in STOPWORDS
        ]
        if said and acronym not in said:
            return None
        the_word = acronym in said
        if (
            not _WHAT_IT_MEANS.search(folded)
            and not self._asks_what_it_is(text, acronym)
            and not (the_word and asks(text))
        ):
            return None
        meant = self.matcher.match(f"{acronym} c'est quoi ?")
        if meant.outcome is not Outcome.ANSWER or meant.intent_id == match.intent_id:
            return None
        topic = self.kb.get(meant.intent_id or "")
        return meant if topic is not None and topic.kind != SMALL_TALK else None

    def _what_named_is(self, question: str, match: Match) -> Match | None:
        """The glossary entry of what a message names first, when it describes it with what
        was done ("ONU Femmes qui a aidé pour la formation sur le genre", "le nom Think Peace
        parmi ceux qui ont aidé à créer la plateforme") and then asks what it is ("c'est
        quel organisme ?", "c'est une ONG ?"): not the action that describes it."""
        folded = " ".join(words(question[:MAX_CHARS]))
        asked = _IDENTITY_ASKED.search(folded)
        if asked is None:
            return None
        described = _DESCRIBED.search(folded[: asked.start()])
        if described is None or not described.start():
            return None
        named = folded[: described.start()]
        offered = {c.intent_id for c in match.ranked}
        meant = self.matcher.match(f"{named} c'est quoi ?")
        topic = self.kb.get(meant.intent_id or "")
        if topic is None or topic.kind != GLOSSARY or topic.id not in offered:
            return None
        return None if topic.id == match.intent_id else meant

    def _asks_what_it_is(self, text: str, acronym: str) -> bool:
        """Whether one clause asks what an acronym is: "c'est quoi le PEV dans ce contexte ?",
        "c koi ce DDR dont on parle ?", "c est quoi le d d r" (not "c koi la minusma a
        fait ?"), or doubts it: "FAMA cé pa les rebelles ?" (not "c'est quoi le MOC ? et qui
        a gagné la CAN ?", two asks)."""
        folded = " ".join(words(text[:MAX_CHARS]))
        name = re.escape(acronym)
        count = len(clauses(text))
        # "et la PEV dont parle la fiche, c'est quoi ?": the name first (not "le commissariat
        # à la RSS"), a few words, then the ask
        first = re.search(rf"^((?:\w+ ){{0,3}}){name}(?: \w+){{0,6}} c (?:est )?quoi$", folded)
        if (
            first is not None
            and count <= 2
            and all(t in STOPWORDS or t in FILLER for t in first.group(1).split())
        ):
            return True
        if asked_right_after(folded.split(), acronym):
            return True
        # "(Deux questions :) qu'est-ce que le CNRSS ?", the name last ("qu'est-ce que la
        # MINUSMA appuyait ?" asks what it did)
        formal = rf"\bqu est ce qu(?:e|i est) (?:le |la |l |les )?{name}(?: exactement| au juste)?$"
        if count <= 2 and re.search(formal, folded):
            return True
        if any(_guesses(c, name) for c in clauses(text[:MAX_CHARS]) if "?" in c):
            return True
        if count != 1:
            return False
        read = " ".join(self.matcher.analyse(text).tokens)  # spelt letters read as one word
        # "c koi la minusma a réhabilité…" asks what it did, not what it is
        did = r"(?! (?:a|ont|avait|avaient|fait|faisait)\b)"
        what = rf"\bc (?:est )?quoi (?:le |la |l |les |ce |cet |cette |ces )?{name}\b{did}"
        if re.search(what, folded) or re.search(what, read):
            return True
        doubt = rf"\b{name} (?:c est|c|ce n est) (?:pas|bien)\b"
        return "?" in text and re.search(doubt, folded) is not None

    def _about_named_acronym(self, message: str, asked: str) -> Match | None:
        """What the one acronym a message names means, when its question asks what
        something means: "… j'ai vu le sigle MATD dans un courrier. Que signifie-t-il ?"."""
        named = self._one_acronym(message)
        if named is None or not asks_meaning(asked):
            return None
        if all(self._names_what_it_asks(c) for c in clauses(asked) if asks_meaning(c)):
            return None  # "…et c'est quoi l'unité anti-braconnage ?" asks about what it names
        meant = self.matcher.match(f"{named} c'est quoi ?")
        topic = self.kb.get(meant.intent_id or "")
        return meant if topic is not None and topic.kind != SMALL_TALK else None

    def _bare_acronym(self, text: str) -> str | None:
        """The acronym a text is made of, with at most "et" and an article ("Et le CNRSS ?")."""
        tokens = [t for t in words(text[:MAX_CHARS]) if t not in _BARE]
        return tokens[0] if len(tokens) == 1 and tokens[0] in self._acronyms else None

    def _names_what_it_asks(self, clause: str) -> bool:
        """Whether "c'est quoi" is followed by what it asks about, named by the base and not
        an acronym ("c'est quoi l'unité anti-braconnage"; not "c'est quoi au juste")."""
        tokens = words(clause[:MAX_CHARS])
        if "quoi" not in tokens:
            return False
        after = " ".join(tokens[tokens.index("quoi") + 1 :][:4])
        return bool(self.matcher.named(after) - self._acronyms)

    @functools.cached_property
    def _kinds_declared(self) -> bool:
        """Whether the knowledge base says which intents are topics (`kind`)."""
        return any(i.kind for i in self.kb.intents)

    def _is_topic(self, intent_id: str) -> bool:
        intent = self.kb.get(intent_id)
        return intent is not None and intent.topic

    def _is_small_talk(self, intent_id: str) -> bool:
        intent = self.kb.get(intent_id)
        return intent is not None and intent.kind == SMALL_TALK

    def _comma_story(self, question: str, match: Match) -> tuple[str, Match] | None:
        """One long sentence whose story runs between commas ("On a un débat au lycée
        demain, je dois présenter les axes…, tu peux me les donner ?") and that asks once,
        read as sentences, when that settles the topic the whole message hesitated on: (the
        sentences, their match)."""
        if (
            "," not in question
            or len(words(question[:MAX_CHARS])) < MIN_COMMA_STORY
            or len(clauses(question)) > 1
            or not match.ranked
            or len(match.suggestions) > 1  # torn between topics: the story may tell which
        ):
            return None
        pieces = question.split(",")
        if sum(asks(p) for p in pieces) != 1:  # no story, or two asks ("…avec qui, et où ?")
            return None
        sentences = ".".join(pieces)
        asked = split(sentences).question
        if self.matcher.match(asked).outcome is Outcome.ANSWER:
            # A question clear on its own is read with its story, whose words are not held
            # against it: the story may change what it means ("jai pa de carte d'identite,
            # vs allez me soigner ?")
            cut = self.matcher.match(sentences, asked=asked)
        else:  # "…, tu peux me les donner ?": about what the story names
            cut = self._matched(sentences)
        if (
            cut.outcome is Outcome.ANSWER
            and cut.candidates[0].intent_id == match.ranked[0].intent_id
            and not self._is_small_talk(cut.candidates[0].intent_id)
        ):
            return sentences, cut
        return None

    def _matched(self, question: str) -> Match:
        match = self.matcher.match(question)
        meant = self._meaning_of_one_acronym(question, match) or self._what_named_is(
            question, match
        )
        if meant is not None:
            return meant
        if match.outcome is not Outcome.ANSWER:
            # A long message: the question inside the story, if that alone is clear.
            parts = split(question)
            if parts.context:
                if parts.before and asks_for_help(parts.question):
                    # "… chercher ce qu'est l'Accord. Vous pouvez m'aider ?": help with that
                    nearer = self.matcher.match(parts.before)
                    topic = self.kb.get(nearer.intent_id or "")
                    if topic is not None and topic.kind != SMALL_TALK:
                        return nearer
                asked = self.matcher.match(parts.question)
                if parts.before and points_back(parts.question):
                    named = self._named_before(parts)
                    if named is not None:  # "… c'est quoi cette commission ?": that one
                        meant = self.matcher.match(with_named(parts.question, named))
                        topic = self.kb.get(meant.intent_id or "")
                        if meant.outcome is Outcome.ANSWER and topic is not None and topic.topic:
                            return meant
                    # "…la Commission nationale de DDR. C'est quoi cette commission ?": what
                    # the sentence before names; unsure, its topics are offered rather than
                    # the question's own answered
                    nearer = self.matcher.match(parts.with_before)
                    first = nearer.ranked[0].intent_id if nearer.ranked else None
                    if not self._is_small_talk(first or "") and (
                        nearer.outcome is Outcome.ANSWER
                        or (
                            nearer.outcome is Outcome.SUGGEST
                            and asked.outcome is Outcome.ANSWER
                            and first != asked.intent_id
                        )
                    ):
                        return nearer
                    if (
                        asked.outcome is Outcome.ANSWER
                        and first is not None
                        and first != asked.intent_id
                        and not self._is_small_talk(first)
                        and pointed(parts.question) & set(words(parts.before))
                    ):
                        # "la commission nationale de ddr… c'est quoi cette commission": the
                        # sentence before names it, the question alone reads another one;
                        # both readings offered
                        offered = (nearer.ranked[0], asked.candidates[0])
                        return dataclasses.replace(
                            nearer, outcome=Outcome.SUGGEST, candidates=offered
                        )
                topic = self.kb.get(asked.intent_id or "")
                # After a story, "ça dit quoi ?" asks what it says: not a greeting.
                if topic is not None and topic.kind != SMALL_TALK:
                    # "…avec quels partenaires ?" asks about the story's topic; "quels étaient
                    # les axes de la section RSS-DDR ?" names its own
                    if (
                        not self._lists_what_story_names(topic, match)
                        or self._names_acronym(parts.question)
                    ) and not self._story_names_what_it_asks(parts, asked):
                        return asked
                else:
                    meant = self._about_named_acronym(question, parts.question)
                    if meant is not None:
                        return meant
                    if parts.before:  # "… il y a aussi le MATD. C'est quoi ?"
                        nearer = self.matcher.match(parts.with_before)
                        topic = self.kb.get(nearer.intent_id or "")
                        if topic is not None and topic.kind != SMALL_TALK:
                            return nearer
                # The whole message, its story's names and places not held against it.
                within = self.matcher.match(question, asked=parts.question)
                if within.outcome is Outcome.ANSWER and not self._is_small_talk(
                    within.candidates[0].intent_id
                ):  # the story's greeting is no answer to its question
                    return within
                # The asking part typed without punctuation ends with its question.
                tail = self._asking_tail(parts.question, match) or self._asking_head(
                    parts.question, match
                )
                if tail is not None:
                    return tail
                if match.outcome is Outcome.FALLBACK:
                    # The story drowned a question the bot could offer: its topics, read
                    # with the story's names and places not held against them, else the
                    # question's own.
                    if within.outcome is Outcome.SUGGEST and not self._is_small_talk(
                        within.candidates[0].intent_id
                    ):
                        match = within
                    elif asked.outcome is Outcome.SUGGEST:
                        match = asked
            else:
                tail = self._asking_tail(question, match) or self._asking_head(question, match)
                if tail is not None:
                    return tail
            # "plus d'infos sur la PEJ": the topic named, without the words around it; "on
            # m'a dit que la PEJ a été créée par l'armée, c'est vrai ?": the claim to check
            subject = about(question) or claim(question)
            if subject is not None:
                asked = self.matcher.match(subject)
                topic = self.kb.get(asked.intent_id or "")
                if topic is not None and topic.kind != SMALL_TALK:
                    return asked
        best = self.kb.get(match.ranked[0].intent_id) if match.ranked else None
        if best is None:
            return match
        # A greeting run into a question: read as small talk, or diluting the question
        # ("aw ni ce, EMP c koi ?" hesitates between the greeting and the EMP).
        greeted = best.kind == SMALL_TALK or (
            match.outcome is not Outcome.ANSWER
            and any(self._is_small_talk(c.intent_id) for c in match.ranked[:GREETING_RIVALS])
        )
        if not greeted:
            return match
        for clause in _asking_parts(question):
            asked = self.matcher.match(clause)
            topic = self.kb.get(asked.intent_id or "")
            if topic is not None and topic.kind != SMALL_TALK:
                return asked
        if (
            match.outcome is Outcome.ANSWER
            and best.kind == SMALL_TALK
            and self._asks_after_story(question)
        ):
            # "I ni sogoma. Je suis Aminata… Est-ce que c'est vrai ?": the greeting that opens
            # a story is no answer to its question, which staff must see among unanswered ones
            return dataclasses.replace(
                match, outcome=Outcome.FALLBACK, candidates=(), rule=Rule.UNSURE
            )
        folded = " ".join(words(question)) if best.kind == SMALL_TALK else ""
        tasked = _TASK.search(folded) is not None  # a task asked of the bot is no courtesy
        if (
            match.outcome is Outcome.ANSWER
            and best.kind == SMALL_TALK
            and (asks(question) or tasked)
        ):
            # "comment savoir si une fille m'aime wsh": a question, about what the base never
            # speaks of, in courtesy words (an insult, which asks nothing, is still one)
            content = self.matcher.analyse(question).content
            # (a word only the out-of-scope list uses is strange too: "les aigles vont gagner
            # la prochaine CAN ?" is no "à la prochaine")
            strange = [
                t
                for t in content
                if t.isalpha() and not self.matcher.topics_use(t) and t not in _APOSTROPHE_HALVES
            ]
            # "où est le bureau de la RSS à Mopti, je veux y aller demain": not "à demain"
            # "il va pleuvoir demain à Tombouctou ?": a place the base names is no goodbye
            strange += sorted(self.matcher.named(question) - set(strange))
            # "ma copine m'a laissé frère, je fais comment": a goodbye never asks how, nor
            # asks for a task
            pointed_ask = tasked or _ASKED_HOW.search(folded) is not None
            needed = 1 if pointed_ask and not insults(question) else MIN_STRANGE_WORDS
            if len(strange) >= needed or self._names_acronym(question):
                return dataclasses.replace(
                    match, outcome=Outcome.FALLBACK, candidates=(), rule=Rule.UNSURE
                )
        return match

    def _asks_after_story(self, question: str) -> bool:
        """Whether a message tells something, then asks something other than small talk."""
        parts = split(question)
        if not parts.context or not asks(parts.question):
            return False
        asked = self.matcher.match(parts.question)
        return not asked.ranked or not self._is_small_talk(asked.ranked[0].intent_id)

    def _two_topics(
        self, match: Match, cuts: list[tuple[str, str]], context: str, listed: bool = False
    ) -> tuple[Intent, Intent, float] | None:
        """Two different topics, each asked in its own half (`cuts`) of the message, if so,
        and the confidence of the less sure of the two. After a story (`context`), a list
        asked about what the story names is not a second topic ("…une campagne… c'était
        organisé avec qui et ça s'est passé où ?" asks where the campaign was), nor is what
        the story tells ("Mon ami dit que les FAMA ont fait une unité… ALPC, ça signifie
        quoi ?")."""
        if match.outcome is Outcome.ANSWER and len(match.ranked) < 2:
            return None
        story = bool(context)
        for left, right in cuts:
            told = (story and left in context) or len(words(left)) > MAX_TOLD_WORDS
            if told and reports(left):
                continue  # what the story reports ("Mon ami dit que les FAMA ont fait…")
            if introduces(left) or introduces(right):  # "Bonsoir, je m'appelle Awa, …"
                continue
            if sets_aside(left) or sets_aside(right):  # "je connais déjà la MINUSMA, …"
                continue
            if guesses(right):  # "ki a organisé le lancement du conseil ? c la minusma ?"
                continue
            a = self.matcher.match(left)
            a = (
                self._meaning_of_one_acronym(left, a) or a
            )  # "Je suis étudiante. C'est quoi l'EMP ?"
            framed = split(left)
            if (
                a.outcome is not Outcome.ANSWER
                and framed.context
                and left.rstrip(" ;,.").endswith(framed.question.rstrip(" ;,."))  # opens it
                and len(words(framed.context)) <= MAX_FRAMING_WORDS
                and not self.matcher.names_the_base(framed.context)
            ):
                # "Merci de me préciser : a) les villes des camps du MOC ; b) …": the ask,
                # without the few words that frame the list
                a = self.matcher.match(framed.question)
            first = self.kb.get(a.intent_id or "") if a.outcome is Outcome.ANSWER else None
            if first is None or first.kind == SMALL_TALK:
                continue  # the right half need not be matched ("bonjour, c koi le moc")
            if words(right)[:2] in (["ca", "vient"], ["cela", "vient"]):
                continue  # "tes infos c fiable ? ça vient de quel document": where they come from
            b = self.matcher.match(right)
            b = self._meaning_of_one_acronym(right, b) or b  # "…et le PEV ça veut dire quoi ?"
            bare = self._bare_acronym(right)  # "La CNDDR c'est quoi ? Et le CNRSS ?"
            if b.outcome is not Outcome.ANSWER and bare is not None and asks_meaning(left):
                b = self.matcher.match(f"{bare} c'est quoi ?")
            back = referred(left, right)
            if b.outcome is not Outcome.ANSWER and back is not None:
                b = self.matcher.match(back)  # "MINUSMA ça veut dire quoi ? et elle est…"
            second = self.kb.get(b.intent_id or "") if b.outcome is Outcome.ANSWER else None
            fixed = _corrected(right, b)  # "ds qulles villes" asks "dans quelles villes"
            if asks_only_detail(fixed) and (
                missing_detail(fixed, first.answer) or asks_only_detail(fixed, strictly=True)
            ):
                # "…c lesquels, ds kelle ville": the town of the first topic's offices, which
                # the sheet does not give, not the towns another topic gives; "les camps du
                # MOC…, c'était dans quelles villes ?": the camps' towns, which their answer
                # gives (but "…et elle a quitté le Mali quand ?" names a second topic)
                continue
            if second is None:
                second = self._gives_what_first_lacks(right, first, b)
            if second is None or second.kind == SMALL_TALK or first.id == second.id:
                continue  # a greeting is not a second question
            if self._today_of_another(left, first) or self._today_of_another(right, second):
                continue  # "la PEJ existe toujours en 2026 ?" is not the end of the MINUSMA
            if (
                missing_detail(left, first.answer)
                and not opens_an_ask(right)
                and not self._names_acronym(right)
            ):
                # "combien de bureaux… et dans quelles villes ?": the rest goes on with the
                # first ask, whose figure the sheet does not give; not two topics answered
                # ("…ça contient quoi. et PEJ c'est l'abréviation de quoi" names its own)
                continue
            # A topic and a question about the bot, each asked ("qui t'a créé ? et c'est quoi
            # le DDR ?"); but "…c'était dans quelle ville, walaï je sais pas" or "…comment
            # elle l'a aidé ?": no "Aide".
            if self._kinds_declared and first.topic != second.topic:
                about_bot = right if first.topic else left
                if not asks(about_bot) or asks_for_help(about_bot):  # "elle l'a aidé ?"
                    continue
                # "PEJ ça veut dire quoi … moi je sais pas c'est quoi le sens" (but "… je sais
                # pas comment tu marches" asks about the bot)
                not_knowing = about_bot is right and tells_not_knowing(right)
                if not_knowing and _ADDRESSED.isdisjoint(words(right)):
                    continue
            if match.outcome is Outcome.ANSWER and match.intent_id not in (first.id, second.id):
                continue  # the whole message clearly asks something else
            if not asks(left) and not asks(right) and not listed:
                # "…contre le terrorisme et prévention de l'extrémisme violent": a name; but
                # "le mandat de la section puis les 3 axes svp" lists two asks
                continue
            if (story or elliptic(right)) and self._lists_what_story_names(second, match):
                # "…une campagne… et ça s'est passé où ?": where the campaign was; "la
                # campagne… elle a été faite où et avec quel partenaire ?": its partner
                continue
            return first, second, min(a.score, b.score)
        return None

    def _cues_fixed(self, text: str) -> str:
        """A question's words, a typo in a word that asks for a detail corrected ("c t kel
        dte", "ki diiige la section"): a word neither of the knowledge base nor common French,
        close to one of DETAIL_CUES with the same first letter."""
        out = []
        for token in text.split():
            if len(token) >= MIN_CUE_TYPO and token.isalpha() and not self._lexicon.knows(token):
                found = process.extractOne(
                    token,
                    _CUES_BY_INITIAL.get(token[0], ()),
                    scorer=fuzz.ratio,
                    score_cutoff=CUE_TYPO_CUTOFF,
                )
                if found is not None:
                    token = found[0]
            out.append(token)
        return " ".join(out)

    def _today_of_another(self, ask: str, topic: Intent) -> bool:
        """Whether an ask about today is matched with a topic that tells what came later only
        because it is worded alike, while it asks about something else."""
        if not asks_now(ask) or not tells_later(topic.answer):
            return False
        subject = self.matcher.match(without_now(ask))
        return bool(subject.ranked) and subject.ranked[0].intent_id != topic.id

    def _gives_what_first_lacks(self, right: str, first: Intent, b: Match) -> Intent | None:
        """The topic the second ask all but surely means, when it asks a detail the first
        topic lacks and that one gives ("qui a créé la plateforme, et combien de membres ont
        été formés ?": the figure is the training's, not "not in the sheet")."""
        if not b.ranked or b.ranked[0].score < GIVEN_DETAIL_PROBABILITY:
            return None
        meant = self.kb.get(b.ranked[0].intent_id)
        if meant is None or not meant.topic or missing_detail(right, first.answer) is None:
            return None
        return meant if missing_detail(right, meant.answer) is None else None

    def _other_half_offers(self, answered: Intent, cuts: list[tuple[str, str]]) -> tuple[str, ...]:
        """The topic the other half of a two-ask message would offer, when the answer is
        one half's ("c koi l'Accord et c koi la PEV": the PEV as a button under the Accord)."""
        for left, right in cuts:
            a, b = self.matcher.match(left), self.matcher.match(right)
            for this, other, text in ((a, b, right), (b, a, left)):
                if introduces(text) or sets_aside(text):  # no "Qui es-tu ?" to "je m'appelle…"
                    continue
                offered = other.suggestions[:1]
                if this.intent_id == answered.id and offered and offered[0] != answered.id:
                    topic = self.kb.get(offered[0])
                    if topic is None or topic.kind == SMALL_TALK:
                        continue
                    # "…créée comment et avec qui": "avec qui" is no "Qui es-tu ?"; a half
                    # about the bot says "tu", "vous" or "bot"
                    about_bot = self._kinds_declared and not topic.topic
                    if about_bot and _ADDRESSED.isdisjoint(words(text)):
                        continue
                    return offered
        return ()

    def _leaning_half(self, whole: Match, cuts: list[tuple[str, str]]) -> tuple[str, Match] | None:
        """Two names asked what they are, the first clearly, the other hesitantly, the whole
        leaning to the first ("c koi l'Accord pour la paix et la PEV ca sert a quoi"): the
        first answered, the other offered under it."""
        if whole.outcome is not Outcome.SUGGEST:
            return None
        leaning = self.kb.get(whole.ranked[0].intent_id)
        if leaning is None or leaning.kind != GLOSSARY:
            return None
        for cut in cuts:
            for text, rest in (cut, cut[::-1]):
                if not (asks(text) and asks(rest)):
                    continue  # "c koi X et Y ça sert à quoi": two asks
                answered = self.matcher.match(text)
                if answered.intent_id != leaning.id:
                    continue
                other = self.matcher.match(rest)
                offered = self.kb.get(other.suggestions[0]) if other.suggestions else None
                if (
                    other.outcome is Outcome.SUGGEST
                    and offered is not None
                    and offered.kind == GLOSSARY
                    and offered.id != leaning.id
                ):
                    return text, answered
        return None

    def _clear_half(self, whole: Match, cuts: list[tuple[str, str]]) -> tuple[str, Match] | None:
        """A half of a two-ask message answered clearly while the other is off-topic or sets
        its topic aside ("je connais déjà la MINUSMA, par contre FAMA c koi"): an ask about
        something else does not sink one the bot can answer (unless the clear half only
        asks for a list about what the rest names: "…qui a été formé et avec quels
        partenaires ?"). Returns that half and its match."""
        for left, right in cuts:
            for text, rest in ((left, right), (right, left)):
                if introduces(text):  # who writes is no question answered
                    continue
                answered = self.matcher.match(text)
                topic = self.kb.get(answered.intent_id or "")
                if topic is None or topic.kind == SMALL_TALK:
                    continue
                said = self.matcher.analyse(text).content
                if len(said) == 1 and said[0].isalpha() and self._lexicon.is_french(said[0]):
                    continue  # "…mais ses parents refusent, conseil stp": one everyday word
                if self._kinds_declared and not topic.topic and _ADDRESSED.isdisjoint(words(text)):
                    continue  # "mon enfant a le palu…, je dois faire quoi ?" asks no help
                if asks_only_detail(rest) and missing_detail(rest, topic.answer):
                    continue  # "l'Accord a été signé où et en quelle année ?": one ask
                # "Qui est RENADJEF ? C'est un partenaire de la plateforme ?": a guess to
                # confirm about what was just asked, which that answer tells
                # (not a list: "175 c koi ? c des jeunes formés ?" names which figure)
                guessed = (
                    rest is right and asks(text) and guesses_a_name(rest) and topic.kind != LIST
                )
                aside = (sets_aside(rest) and not sets_aside(text)) or guessed
                if not aside and (
                    self.matcher.match(rest).outcome is not Outcome.FALLBACK
                    or self.matcher.names_the_base(rest)
                ):
                    continue  # the rest asks something the bot could place
                if not self._lists_what_story_names(topic, whole):
                    return text, answered
        return None

    def _answers(self, first: Intent, second: Intent, verdict: Verdict) -> Reply:
        text = "\n\n".join(
            texts.SECTION.format(title=i.label, answer=i.answer) for i in (first, second)
        )
        shown = (first.id, second.id)  # no button for a topic already answered above
        related = self._buttons(
            tuple(i for i in dict.fromkeys((*first.related, *second.related)) if i not in shown)
        )
        both = dataclasses.replace(
            verdict, outcome=Outcome.ANSWER, intent=first.id, suggestions=(), also=second.id
        )
        # No title above the reply: each section carries its own.
        return Reply(text, (*related, Button(texts.MENU_BUTTON, ACTION_MENU)), both)

    def _missing(
        self, intent: Intent, detail: Detail, verdict: Verdict, says: bool = True
    ) -> Reply:
        """The detail the sheet does not give, then (when the topic is sure, `says`) what it
        does say of that topic in one line; the topic as a button."""
        text = texts.MISSING_DETAIL[detail.kind].format(value=detail.value, year=texts.SOURCE_YEAR)
        plain = dataclasses.replace(
            verdict, outcome=Outcome.FALLBACK, intent=None, suggestions=(intent.id,)
        )
        if detail.kind == "year":  # nothing of that year anywhere: no topic to point to
            return Reply(text, self.menu_buttons(), dataclasses.replace(plain, suggestions=()))
        if says:
            first = first_sentence(intent.answer)
            # "Selon la fiche (2017), …" would repeat the line above it; a fact staff added
            # from another public source (knowledge/contexte.yaml) is not the sheet's
            said = _ACCORDING_TO_SHEET.sub("", first, count=1)
            line = texts.SHEET_SAYS if said != first else texts.KNOWN_SAYS
            text = f"{text}\n{line.format(said=_lowered(said))}"
        buttons = [intent_button(intent)]
        later = self._tells_later_first
        if detail.kind == "now" and later is not None and later.id != intent.id:
            # "la section RSS-DDR existe encore ?": what the base knows of since the sheet
            buttons.append(intent_button(later))
        return Reply(text, (*buttons, Button(texts.MENU_BUTTON, ACTION_MENU)), plain)

    @functools.cached_property
    def _tells_later_first(self) -> Intent | None:
        """The first topic whose answer tells what came after the sheet (a later year), if
        the knowledge base has one (knowledge/contexte.yaml)."""
        return next((i for i in self.kb.intents if i.topic and tells_later(i.answer)), None)


# Words the base never uses that make a greeting or thanks something else ("comment savoir si
# une fille m'aime wsh"); one may be a name ("salut Moussa").
MIN_STRANGE_WORDS = 2
_APOSTROPHE_HALVES = frozenset({"aujourd", "hui"})  # "aujourd'hui", cut at its apostrophe
# Asking what to do: "je fais comment", "comment faire", "on doit faire comment".
_ASKED_HOW = re.compile(
    r"\b(?:je fais|on fait|faire) comment\b|\bcomment (?:je|on) (?:fai[st]|doi[st])\b|"
    r"\bcomment faire\b"
)
# A task asked of the bot ("tu peux me traduire « bonne nuit » en anglais ?"): no courtesy,
# whatever courtesy words it quotes.
_TASK = re.compile(r"\b(?:tradui\w*|traduction|ecris moi|redige\w*|calcule\w*|resou\w*)\b")
# A long message without punctuation: its last words, from 3 to 12, tried as its question.
MIN_TAIL_MESSAGE_WORDS = 16
MIN_TAIL_WORDS = 3
MAX_TAIL_WORDS = 12
HELP_ENDING_WORDS = range(3, 6)  # "tu peux m'aider", "vous pouvez m'aider svp"
_PUNCTUATED = re.compile(r"[,;:.!?]")
# What a name is, said instead of it: "c'est quoi cette organisation ?"
_WHAT_A_NAME_IS = frozenset(
    "organisation structure institution ong association organisme agence sigle mot nom "
    "terme".split()
)
_SENTENCE_STOP = re.compile(r"[.!?]")
# Where the writer starts telling who they are: "je m'appelle", "moi c'est", "j'ai 22 ans",
# and as typed fast: "je m'apel", "je m'appele", "jm'appelle", "mon nom c".
_INTRODUCING = (
    *(("je", "m", name) for name in ("appelle", "apelle", "appele", "apel", "appel")),
    ("jm", "appelle"),
    ("jm", "apelle"),
    ("moi", "c", "est"),
    ("mon", "nom", "est"),
    ("mon", "nom", "c"),
)


def _introduction_at(tokens: list[str]) -> int | None:
    """The index where a self-introduction starts in a message's words, if any."""
    for i in range(len(tokens)):
        if any(tuple(tokens[i : i + len(cue)]) == cue for cue in _INTRODUCING):
            return i
        if tokens[i : i + 2] == ["moi", "c"] and tokens[i + 2 : i + 3] != ["quoi"]:
            return i  # "moi c hamidou"
        age = tokens[i + 2 : i + 4] if tokens[i : i + 2] == ["j", "ai"] else []
        if len(age) == 2 and age[0].isdigit() and age[1] == "ans":  # "j'ai 22 ans"
            return i
        told = tokens[i + 2 : i + 6] if tokens[i : i + 2] == ["je", "suis"] else []
        if any(a.isdigit() and b == "ans" for a, b in itertools.pairwise(told)):
            return i  # "jsuis oumar 27 ans"
    return None


_BARE = frozenset("le la les l et puis aussi".split())  # around an acronym asked alone


# Words that address the bot: a question about the bot says "tu", "vous" or "bot".
_ADDRESSED = frozenset("tu t te toi ton ta tes vous votre vos bot robot assistant".split())
# Words of a question about the bot or where its answers come from ("cette fiche").
_ABOUT_THE_BOT = _ADDRESSED | {texts.SOURCE_NOUN}
_FIRST_PERSON = frozenset("je j jsuis chui moi mon ma mes m nous notre nos".split())

# Asking what a name means in so many words ("c'est quoi" also asks what a body does).
# "le commissariat à la RSS", "les camps du MOC": a noun, then "à la", "pour la", "du"…
_BEFORE_NAME = r"(\w+) (?:a|au|aux|pour|de|du|des|d)(?: la| le| l| les)? "


# The end of a message that asks what something is: "c'est quel organisme exactement", "c'est
# une ONG ?", "c'est quoi cette organisation", "c'est quelle structure en fait" (folded).
_KIND_OF_BODY = r"(?:organisme|organisation|structure|institution|ong|association|entreprise)"
_IDENTITY_ASKED = re.compile(
    rf"\b(?:c est|c) (?:quoi|qui|quel \w+|quelle \w+|une? {_KIND_OF_BODY}|quoi (?:cette|ce|cet) "
    rf"{_KIND_OF_BODY})(?: exactement| au juste| en fait| meme| alors)*$"
)
# What joins a name to what is told about it: "… qui a aidé", "… avec qui on a fait", "…
# dont tout le monde parle", "… parmi ceux qui ont aidé" (folded).
_DESCRIBED = re.compile(r"\b(?:parmi ceux |avec |pour |par )?(?:qui|que|qu|dont)\b")
_WHAT_IT_MEANS = re.compile(
    rf"\b(?:veut dire|veulent dire|signifie|signification|definition|defini(?:s|r|ssez)|"
    rf"{SHORT_FOR})\b"
)

_FORGET_REQUEST = re.compile(texts.FORGET_REQUEST)
# A request to erase in other words: a verb of erasing, then what the person sent.
MAX_FORGET_CHARS = 160
_ERASE = re.compile(r"\b(?:supprim|effac|oubli)(?:e|es|ez|er)\b")
_ERASED = re.compile(
    r"\b(?:mes (?:donnees|questions|messages|infos|informations)|(?:tout|tous) ce qu|"
    r"notre conversation|l historique|(?:tout|toutes|tous)$)"
)
_NOT_ERASING = re.compile(
    r"\b(?:comment|combien|quand|pourquoi|au bout de)\b|"
    r"\b(?:supprim|effac|oubli)\w* pas\b|\bn (?:\w+ )?(?:oubli|supprim|effac)"
)
# Messages answered without a search, by the rule that recognised them.
_NO_SEARCH = {
    Rule.AGREEMENT: texts.AGREED,
    Rule.COMPLAINT: texts.COMPLAINT,
    Rule.MORE: texts.MORE,
    Rule.UNNAMED: texts.UNNAMED,
    Rule.INSULT: texts.INSULT,
    Rule.MEDIA: texts.MEDIA,
    Rule.LANGUAGE: texts.LANGUAGE,
}
_ACCORDING_TO_SHEET = re.compile(r"^(?:selon|dans|d'après) la fiche[^,.:]*,\s*", re.IGNORECASE)


# A sentence opening with one of these reads on after a colon in lower case ("Ce qu'elle dit
# à ce sujet : la MINUSMA…"); a name keeps its capital.
_LOWERED_OPENINGS = frozenset(
    "le la les l un une des elle il elles ils ce cette ces son sa ses leur leurs".split()
)


def _lowered(sentence: str) -> str:
    """A sentence to follow a colon: its opening article or pronoun in lower case."""
    opening = re.match(r"[^\W\d_]+", sentence)
    if opening and opening.group(0).lower() in _LOWERED_OPENINGS and opening.group(0).istitle():
        return sentence[0].lower() + sentence[1:]
    return sentence


# A message longer than is read (MAX_CHARS): its opening and its end, where a long story
# puts its question ("… Ma question : c'est quoi la PEJ ?"), not only its first 1,000 signs.
LONG_OPENING_CHARS = 250


def _within_reach(text: str) -> str:
    """A long message as read: its opening and as much of its end as fits, cut at spaces."""
    if len(text) <= MAX_CHARS:
        return text
    opening = text[:LONG_OPENING_CHARS]
    if " " in opening.strip():
        opening = opening.rsplit(None, 1)[0]
    end = text[-(MAX_CHARS - len(opening) - 1) :]
    if " " in end.strip():
        end = end.split(None, 1)[1]
    return f"{opening}\n{end}"


def _corrected(text: str, match: Match) -> str:
    """A text's words with the typos its match corrected ("comien" is "combien"), for the
    rules that look for what a question asks. A correction to a word that asks for a detail
    must keep its length within one letter ("cehf", "kombier") or be as close as
    `_cues_fixed` asks, not a longer word that shares letters with it: "signaaire" is no
    "salaire"."""
    fixed = {
        typed: meant
        for typed, meant in match.corrections
        if meant not in _CUES
        or abs(len(typed) - len(meant)) < 2
        or fuzz.ratio(typed, meant) >= CUE_TYPO_CUTOFF
    }
    return " ".join(fixed.get(t, t) for t in words(text))


def _asking_parts(question: str) -> list[str]:
    """The parts of a message read as small talk that may still ask about a topic: its
    clauses, and without punctuation the words after a greeting ("i ni ce c koi le moc")."""
    text = question[:1000]
    parts = [p for p in re.split(r"[,.;:!?\n]+", text) if p.strip()]
    # What follows each sentence, whole: "i ka kɛnɛ wa ? CNJ ko, conseil national de la
    # jeunesse wa ? c koi exactement" asks across its clauses.
    told = clauses(text)
    parts += [" ".join(told[k:]) for k in range(1, len(told))]
    for clause in list(parts):  # "salut frère, aw ni wula c koi la PEJ ?"
        tokens = clause.split()
        if len(tokens) > GREETING_WORDS:
            parts += [" ".join(tokens[k:]) for k in range(1, GREETING_WORDS + 1)]
    seen = {text.strip()}
    out = []
    for part in parts:
        part = part.strip()
        if part and part not in seen and asks(part):
            seen.add(part)
            out.append(part)
    return out[:MAX_CLAUSES]


def asks_to_forget(text: str) -> bool:
    """Whether a message, as a whole, asks to erase the sender's records: "/oublier",
    "oublier", "supprime mes données", "stp efface tout ce que je t'ai envoyé"… (a question
    about forgetting is not one, nor "n'oublie pas"). It only brings the Oui / Non question."""
    text = text.strip()
    if text.startswith("/"):
        text = text[1:].split("@", 1)[0]  # "/oublier@nom_du_bot" in a group
    folded = fold(text)
    if len(text) <= 80 and _FORGET_REQUEST.fullmatch(folded) is not None:
        return True
    verb = _ERASE.search(folded) if len(text) <= MAX_FORGET_CHARS else None
    return (
        verb is not None
        and _ERASED.search(folded, verb.end()) is not None
        and _NOT_ERASING.search(folded) is None
    )


def first_sentence(text: str) -> str:
    """The first sentence of an answer (all of it if it has one); a bare "Non." or "Oui."
    says nothing alone, and takes the sentence after it along."""
    text = text.strip()
    found = re.search(r"(?<=[.!?])\s", text)
    if found is None:
        return text
    first = text[: found.start()].strip()
    if len(first.split()) <= 1:
        return f"{first} {first_sentence(text[found.end() :])}"
    return first


def render_plain(reply: Reply) -> str:
    """The reply as plain text with numbered choices (terminal, `ask`)."""
    lines = [reply.text]
    for number, button in enumerate(reply.buttons, 1):
        lines.append(f"  {number}. {button.label}")
    return "\n".join(lines)


def visible_text(reply: Reply) -> str:
    """The reply as text alone: for suggestions and fallbacks, the topics offered are listed."""
    if reply.outcome not in (Outcome.SUGGEST, Outcome.FALLBACK):
        return reply.text
    return "\n".join([reply.text, *(f"• {b.label}" for b in reply.buttons)])


def _guesses(clause: str, name: str) -> bool:
    """Whether a clause guesses what an acronym (`name`, folded and escaped) is, to check:
    "ARGA Mali c un parti politique ?", "MOC c'est Mouvement Opérationnel de Combat non ?",
    "FAMA = forces aériennes du Mali ?"."""
    folded = " ".join(words(clause))
    kind = rf"^(?:\w+ ){{0,2}}{name}(?: \w+)? (?:c est|c|ce|cest) (?:un|une) \w+"
    capitalised = r"(?:l[ae]s? |l')?[A-ZÀ-Ý][a-zà-ÿ]+ \w+"  # "Mouvement Opérationnel…"
    expanded = rf"(?i:\b{name})\s*(?:(?:c'|c’|c)\s*(?:est)?\s*{capitalised}|=\s*\w+)"
    return re.search(kind, folded) is not None or re.search(expanded, clause) is not None
