# rss-bot: the Telegram bot, with its knowledge base, as a non-root service.
# Build: docker build -t rss-bot .
# Run:   docker run -d --name rss-bot --restart unless-stopped \
#          -v /etc/rss-bot.env:/etc/rss-bot.env:ro -e RSS_BOT_ENV_FILE=/etc/rss-bot.env \
#          -v /srv/rss-bot/knowledge:/app/knowledge:ro -v rss-bot-data:/data rss-bot
# Reload the knowledge base: docker kill --signal=HUP rss-bot (see docs/deploy.md).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RSS_BOT_KNOWLEDGE=/app/knowledge \
    RSS_BOT_DB=/data/rss_bot.sqlite3 \
    RSS_BOT_HEARTBEAT=/data/heartbeat

WORKDIR /app

# Dependencies first, pinned: this layer is rebuilt only when constraints.txt changes.
COPY constraints.txt ./
RUN pip install --no-cache-dir -r constraints.txt

# Then the code, without resolving dependencies again; pip check fails the build if
# pyproject.toml needs something constraints.txt does not pin.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir --no-deps . \
    && pip check \
    && groupadd --system --gid 10001 rssbot \
    && useradd --system --uid 10001 --gid rssbot --home-dir /app --shell /usr/sbin/nologin rssbot \
    && mkdir /data \
    && chown rssbot:rssbot /data

COPY knowledge ./knowledge

USER 10001:10001
# The database, its pseudonymisation key and the heartbeat live here: mount a volume.
VOLUME ["/data"]
EXPOSE 8443 8081

HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["rss-bot", "health"]

ENTRYPOINT ["rss-bot"]
CMD ["run"]
