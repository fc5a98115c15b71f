"""`python -m rss_bot` runs the command line."""

import sys

from rss_bot.cli import main

sys.exit(main())
