"""The Telegram door: python-telegram-bot application, handlers, keyboards, rendering."""

import os

# Opt in to python-telegram-bot's timedelta time periods now: without it, PTB 22 warns
# (PTBDeprecationWarning) every time Telegram answers 429 with retry_after.
os.environ.setdefault("PTB_TIMEDELTA", "true")
