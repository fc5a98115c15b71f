"""rss-bot: a French-speaking assistant on the MINUSMA RSS-DDR fact sheet."""

__version__ = "0.1.0"
