"""The Bot API client: httpx, with each request's parameters sent as one JSON body."""

from __future__ import annotations

from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from rss_bot.health import Heartbeat

_DEFAULT = type(BaseRequest.DEFAULT_NONE)  # a timeout the caller left to us
POOL_TIMEOUT = (
    "Délai dépassé en attendant une connexion libre vers Telegram : la requête n'a pas été "
    "envoyée (toutes les connexions sont occupées)."
)


class BotAPIRequest(BaseRequest):
    """python-telegram-bot's HTTP client, over httpx as its own HTTPXRequest is (same default
    timeouts, same errors), with two differences:

    - the parameters travel as a JSON body, not as a form. Telegram takes both, and reads a
      string value in a JSON body exactly as the same form field; but url-encoding a long
      answer and its keyboard goes through Python byte by byte: about 45 us a message,
      against 5 for JSON (benchmarks/cpu_per_update.py puts the bot's whole non-matcher
      cost at about 1.4 ms an update). Uploads, which the bot does not make, stay multipart;
    - every 2xx answer touches the heartbeat file: Telegram is reachable.
    """

    def __init__(
        self,
        heartbeat: Heartbeat | None,
        pool_size: int,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._heartbeat = heartbeat
        self._timeout = httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=write_timeout, pool=pool_timeout
        )
        self._media_write_timeout = media_write_timeout
        self._limits = httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size)
        self._client = self._new_client()

    def _new_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=self._timeout, limits=self._limits, http1=True, http2=False
        )

    @property
    def read_timeout(self) -> float | None:
        """The read timeout of requests that do not set their own."""
        return self._timeout.read

    async def initialize(self) -> None:
        """Open the connection pool (again, after a shutdown)."""
        if self._client.is_closed:
            self._client = self._new_client()

    async def shutdown(self) -> None:
        """Close the connection pool."""
        if not self._client.is_closed:
            await self._client.aclose()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; the status code and the body of Telegram's answer."""
        if self._client.is_closed:
            raise RuntimeError("BotAPIRequest is not initialized")
        uploads = request_data is not None and request_data.contains_files
        default_write = self._media_write_timeout if uploads else self._timeout.write
        timeout = httpx.Timeout(
            connect=self._timeout.connect
            if isinstance(connect_timeout, _DEFAULT)
            else connect_timeout,
            read=self._timeout.read if isinstance(read_timeout, _DEFAULT) else read_timeout,
            write=default_write if isinstance(write_timeout, _DEFAULT) else write_timeout,
            pool=self._timeout.pool if isinstance(pool_timeout, _DEFAULT) else pool_timeout,
        )
        headers = {"User-Agent": self.USER_AGENT}
        body: dict[str, Any] = {}
        if request_data is not None and uploads:
            body = {"data": request_data.json_parameters, "files": request_data.multipart_data}
        elif request_data is not None:
            headers["Content-Type"] = "application/json"
            body = {"content": request_data.json_payload}
        try:
            response = await self._client.request(
                method, url, headers=headers, timeout=timeout, **body
            )
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.PoolTimeout):
                raise TimedOut(message=POOL_TIMEOUT) from exc
            raise TimedOut from exc
        except httpx.HTTPError as exc:  # the base class of httpx's errors: last
            raise NetworkError(f"httpx.{exc.__class__.__name__}: {exc}") from exc
        if self._heartbeat is not None and 200 <= response.status_code < 300:
            self._heartbeat.beat()
        return response.status_code, response.content
