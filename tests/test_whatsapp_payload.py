"""Reading what Meta posts: messages, choices, other kinds, statuses; nothing else kept."""

from __future__ import annotations

from rss_bot.whatsapp.payload import Delivery, Failure, Incoming, Kind, parse_delivery

from .fake_graph_api import PHONE_NUMBER_ID, Webhook

HOOK = Webhook("http://127.0.0.1:1/whatsapp", "secret")


def parse(*messages: dict, statuses: tuple[dict, ...] = ()) -> Delivery:
    return parse_delivery(HOOK.delivery(messages=list(messages), statuses=list(statuses)),
                          PHONE_NUMBER_ID)  # fmt: skip


def test_text_choices_and_other_kinds() -> None:
    text = HOOK.text("22370000001", "c koi le moc")
    button = HOOK.choice("22370000001", "t:camps-moc", "Les camps du MOC")
    row = HOOK.choice("22370000001", "s:glossaire-pej:ab12cd34", "PEJ", row=True)
    voice = HOOK.voice_note("22370000001")
    sticker = {**HOOK.text("22370000001", ""), "type": "sticker", "sticker": {"id": "9"}}
    reaction = {**HOOK.text("22370000001", ""), "type": "reaction",
                "reaction": {"message_id": "wamid.out1", "emoji": "👍"}}  # fmt: skip
    delivery = parse(text, button, row, voice, sticker, reaction)
    assert [(m.kind, m.text) for m in delivery.messages] == [
        (Kind.TEXT, "c koi le moc"),
        (Kind.CHOICE, "t:camps-moc"),
        (Kind.CHOICE, "s:glossaire-pej:ab12cd34"),
        (Kind.OTHER, ""),
        (Kind.OTHER, ""),
        (Kind.REACTION, "👍"),
    ]
    assert delivery.messages[0] == Incoming(text["id"], "22370000001", Kind.TEXT, "c koi le moc")
    assert delivery.messages[-1].target == "wamid.out1"


def test_a_reaction_taken_back_or_malformed_has_no_emoji() -> None:
    removed = {**HOOK.text("22370000001", ""), "type": "reaction",
               "reaction": {"message_id": "wamid.out1", "emoji": ""}}  # fmt: skip
    malformed = {**HOOK.text("22370000001", ""), "type": "reaction", "reaction": [1]}
    delivery = parse(removed, malformed)
    assert [(m.kind, m.text, m.target) for m in delivery.messages] == [
        (Kind.REACTION, "", "wamid.out1"),
        (Kind.REACTION, "", ""),
    ]


def test_statuses_are_no_questions_and_only_failures_count() -> None:
    statuses = (
        HOOK.status("22370000001", "sent"),
        HOOK.status("22370000001", "delivered"),
        HOOK.status("22370000001", "failed", 131047),
    )
    delivery = parse(statuses=statuses)
    assert delivery.messages == ()
    assert delivery.failures == (Failure(131047, "Re-engagement message"),)


def test_other_numbers_system_messages_and_odd_shapes_are_skipped() -> None:
    other = HOOK.delivery(messages=[HOOK.text("22370000001", "salut")])
    other["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"
    assert parse_delivery(other, PHONE_NUMBER_ID) == Delivery()
    system = {**HOOK.text("22370000001", ""), "type": "system"}
    assert parse(system) == Delivery()
    for odd in ([], "x", {"entry": "x"}, {"entry": [{"changes": [{"value": 3}]}]}, None):
        assert parse_delivery(odd, PHONE_NUMBER_ID) == Delivery()
    assert parse({"id": "x", "type": "text"}) == Delivery()  # no sender


def test_a_message_of_an_odd_shape_never_sinks_the_others() -> None:
    """A field of the wrong type once raised in the parser: the webhook answered 500, and
    the good message posted with it was never answered (Meta posts it again, to no avail)."""
    good = HOOK.text("22370000001", "c koi le moc")
    odd = [
        {**HOOK.text("22370000002", ""), "text": "c koi le moc"},
        {**HOOK.text("22370000002", ""), "type": "button", "button": ["x"]},
        {**HOOK.text("22370000002", ""), "type": "interactive", "interactive": "t:mandat"},
        {
            **HOOK.text("22370000002", ""),
            "type": "interactive",
            "interactive": {"button_reply": ["t:mandat"]},
        },
        {**HOOK.text("22370000002", ""), "type": ["text"]},
        {**HOOK.text("22370000002", ""), "type": {"text": 1}},
    ]
    delivery = parse(*odd, good)
    assert delivery.messages[-1] == Incoming(good["id"], "22370000001", Kind.TEXT, "c koi le moc")
    assert [m.kind for m in delivery.messages[:-1]] == [Kind.TEXT, Kind.TEXT] + [Kind.OTHER] * 2
