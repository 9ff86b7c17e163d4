"""A small client for GitHub's REST API on one `requests.Session`. It knows nothing about postmortems.

It follows GitHub's guidance for integrations: token auth, the versioned media type, pagination by the
`Link` header's `rel="next"` only, retries with exponential backoff and jitter on connection errors
and 5xx, and the rate-limit rules (on 403/429: `retry-after` seconds if given; else with
`x-ratelimit-remaining: 0` until `x-ratelimit-reset`; else at least a minute, growing). Waiting to
retry is bounded by a total budget, after which it stops with a clear message. Mutating requests go
one at a time, spaced by `write_interval` seconds (GitHub asks for about a second between them); that
pacing is not retrying, so it is not charged to the budget (callers bound how many writes a run makes).
A list stops with an error at `max_pages` pages, or when a `next` link leads to a page already read
(a looping server or proxy would otherwise be followed forever).

A run can be held to a number of requests (`capped`, retries and pages included): the request past the
cap is not sent but raises `RequestCapReached`, so a caller can stop cleanly and leave the rest.

A POST that may have reached GitHub without an answer (a lost connection, a 5xx) is not repeated: it
raises `WriteOutcomeUnknown` so the caller can look whether the write happened before trying again.

A success whose answer is not JSON, or (where the caller says which fields it `needs`) not an object
with them, is an error naming the request like any other.

Errors are one line, name the `permissions:` entry a 401/403/404 suggests is missing, and never contain
the token (it is redacted from anything the server sends back, too). `sleep`, `clock` and `jitter` are
injectable so tests never wait.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import TracebackType
from typing import Any, TypeAlias
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ConnectTimeoutError

from postmortem_lint import __version__

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
USER_AGENT = f"postmortem-lint/{__version__} (+https://github.com/postmortem-lint/postmortem-lint)"
PER_PAGE = 100  # GitHub's maximum
MAX_PAGES = 500  # 50,000 items: far past any list postmortem-lint reads
_SAFE_METHODS = frozenset({"GET", "HEAD"})
_JSON_KINDS: dict[type, str] = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "an integer",
    bool: "a boolean",
    type(None): "null",
}
_MAX_RATE_LIMIT_RETRIES = 8
_SECONDARY_LIMIT_WAIT = 60.0
_PULLS_SETTING = "not permitted to create or approve pull requests"
_PULLS_SETTING_HINT = (
    "a repository setting, not the token's permissions: turn on \"Allow GitHub Actions to create and "
    'approve pull requests" under Settings → Actions → General → Workflow permissions (an '
    "organisation's setting may have to allow it first)"
)


Needs: TypeAlias = Mapping[str, type] | None  # fields an answer must have, by JSON type: {"number": int}


class GitHubError(Exception):
    """A request that failed for good. The message is one line and safe to print."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RateLimitExceeded(GitHubError):
    """GitHub asked to wait longer than the remaining wait budget."""


class RequestCapReached(Exception):
    """The next request would pass the cap set with `GitHubClient.capped`; it was not sent. Not a
    `GitHubError`: nothing failed, so handlers of GitHub's errors let it through to the caller that
    set the cap."""


class WriteOutcomeUnknown(GitHubError):
    """A POST may or may not have taken effect (its answer was lost); look before trying again."""


class GitHubClient(AbstractContextManager["GitHubClient"]):
    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        *,
        timeout: tuple[float, float] = (10.0, 30.0),
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 300.0,
        write_interval: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        app_slug: str = "github-actions",
        max_pages: int = MAX_PAGES,
    ) -> None:
        if not token:
            raise ValueError("a GitHub token is required")
        self.api_url = api_url.rstrip("/")
        self._origin = urlsplit(self.api_url)
        self._token = token
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff
        self._max_wait = max_wait
        self._write_interval = write_interval
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self.app_slug = app_slug  # the app an installation token belongs to (see identity.py)
        self._max_pages = max_pages
        self._waited = 0.0
        self.requests_sent = 0  # every HTTP request, retries included, for budgets and reports
        self._cap: int | None = None  # `requests_sent` may not pass this (see `capped`)
        self._last_write: float | None = None
        self._write_lock = threading.Lock()
        self._session = requests.Session()
        self._session.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": USER_AGENT,
            }
        )

    def __repr__(self) -> str:
        return f"GitHubClient({self.api_url!r})"

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    # -- the request cap --------------------------------------------------------------------------

    @contextmanager
    def capped(self, requests: int) -> Iterator[None]:
        """At most `requests` more requests inside the block; caps nest, the tightest holds."""
        before = self._cap
        cap = self.requests_sent + max(0, requests)
        self._cap = cap if before is None else min(cap, before)
        try:
            yield
        finally:
            self._cap = before

    @property
    def requests_left(self) -> int | None:
        """Requests the cap still allows; None without a cap."""
        return None if self._cap is None else max(0, self._cap - self.requests_sent)

    def ensure(self, requests: int, what: str) -> None:
        """Raise `RequestCapReached` unless the cap allows `requests` more: `what` needs them all, and
        is better not started than cut half-way."""
        left = self.requests_left
        if left is not None and left < requests:
            raise RequestCapReached(f"{what} needs {requests} requests, the cap leaves {left}")

    # -- requests -------------------------------------------------------------------------------

    def get(
        self, path: str, params: Mapping[str, Any] | None = None, *, permission: str = "", needs: Needs = None
    ) -> Any:
        return self.call("GET", path, params=params, permission=permission, needs=needs)

    def post(self, path: str, body: Mapping[str, Any], *, permission: str = "", needs: Needs = None) -> Any:
        return self.call("POST", path, body=body, permission=permission, needs=needs)

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        permission: str = "",
        needs: Needs = None,
    ) -> Any:
        """The request's answer as JSON (None when it has no body). With `needs`, the answer must be an
        object with those fields, of those types (see `shaped`)."""
        method = method.upper()
        response = self.request(method, path, params=params, body=body, permission=permission)
        answer = _json(response, method, path)
        return answer if needs is None else shaped(answer, f"{method} {path}", needs)

    def create(self, path: str, body: Mapping[str, Any], *, permission: str = "") -> bool:
        """POST a create that GitHub answers 422 when the thing exists: True when this made it, False
        when it existed. A lost answer is sent once more: a 422 then means the first took effect."""
        for _ in range(2):
            try:
                self.post(path, body, permission=permission)
            except WriteOutcomeUnknown:
                continue
            except GitHubError as exc:
                if exc.status != 422:
                    raise
                return False
            return True
        return False

    def patch(self, path: str, body: Mapping[str, Any], *, permission: str = "", needs: Needs = None) -> Any:
        return self.call("PATCH", path, body=body, permission=permission, needs=needs)

    def delete(self, path: str, *, permission: str = "") -> None:
        self.request("DELETE", path, permission=permission)

    def paginate(
        self, path: str, params: Mapping[str, Any] | None = None, *, permission: str = "", needs: Needs = None
    ) -> Iterator[Any]:
        """Every item of a list endpoint, following `Link: <...>; rel="next"` until there is none; with
        `needs`, each item must be an object with those fields (see `shaped`)."""
        url: str | None = path
        query: Mapping[str, Any] | None = {**(params or {}), "per_page": PER_PAGE}
        read: set[str] = set()  # the pages' URLs, as requested
        while url:
            if len(read) == self._max_pages:
                raise GitHubError(f"GET {path}: more than {self._max_pages} pages; stopping")
            response = self.request("GET", url, params=query, permission=permission)
            read.add(str(response.request.url))
            page = _json(response, "GET", path)
            if not isinstance(page, list):
                raise GitHubError(f"GET {path}: expected a list from GitHub, got {type(page).__name__}")
            if needs is None:
                yield from page
            else:
                yield from (shaped(item, f"GET {path}", needs, "an item of GitHub's answer") for item in page)
            url = response.links.get("next", {}).get("url")
            query = None  # the next link carries the query
            if url is not None and _prepared(self._url(url)) in read:
                raise GitHubError(
                    f"GET {path}: GitHub's `next` link leads back to a page already read "
                    f"(page {len(read)}); stopping"
                )

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        permission: str = "",
    ) -> requests.Response:
        """`path` below the API URL (or a full URL on the same API, from a `Link` header)."""
        method = method.upper()
        url = self._url(path)
        shown = urlsplit(url).path.removeprefix(self._origin.path) or "/"
        writing = method not in _SAFE_METHODS
        guard: AbstractContextManager[Any] = self._write_lock if writing else nullcontext()
        with guard:
            if writing:
                self._space_writes()
            try:
                return self._send(
                    method, url=url, shown=shown, params=params, body=body, permission=permission
                )
            finally:
                if writing:
                    self._last_write = self._clock()

    # -- internals ------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        if not path.startswith(("http://", "https://")):
            return self.api_url + "/" + path.lstrip("/")
        parts = urlsplit(path)
        same = (parts.scheme, parts.netloc) == (self._origin.scheme, self._origin.netloc)
        if not same or not parts.path.startswith(self._origin.path):
            # The token goes only to the API it was given for.
            raise GitHubError(f"refusing to follow a link outside {self.api_url}: {parts.netloc}{parts.path}")
        return path

    def _space_writes(self) -> None:
        if self._last_write is None or self._write_interval <= 0:
            return
        gap = self._last_write + self._write_interval - self._clock()
        if gap > 0:
            self._sleep(gap)  # pacing, not retrying: not charged to the budget

    def _send(
        self,
        method: str,
        *,
        url: str,
        shown: str,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        permission: str,
    ) -> requests.Response:
        failures = 0
        limited = 0
        while True:
            if self._cap is not None and self.requests_sent >= self._cap:
                raise RequestCapReached(f"{method} {shown}: not sent, the request cap is reached")
            self.requests_sent += 1
            try:
                response = self._session.request(
                    method,
                    url,
                    params=params,
                    json=body,
                    timeout=self._timeout,
                    allow_redirects=method in _SAFE_METHODS,
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                failures += 1
                uncertain = method == "POST" and not _never_sent(exc)
                self._after_failure(f"{method} {shown}: {_connection_problem(exc)}", failures, uncertain)
                continue
            status = response.status_code
            if status >= 500:
                failures += 1
                problem = f"{method} {shown}: {status} {self._message(response)}"
                self._after_failure(problem, failures, method == "POST", status)
                continue
            if status in (403, 429):
                delay = self._rate_limit_delay(response, limited)
                if delay is not None:
                    limited += 1
                    if limited > _MAX_RATE_LIMIT_RETRIES:
                        raise RateLimitExceeded(
                            f"{method} {shown}: still rate limited after {_MAX_RATE_LIMIT_RETRIES} waits",
                            status,
                        )
                    self._wait(delay, f"{method} {shown}: GitHub rate limit ({status})")
                    continue
            if status >= 400:
                raise self._error(method, shown, response, permission)
            if status >= 300:
                where = urlsplit(response.headers.get("location", "")).path or "elsewhere"
                raise GitHubError(f"{method} {shown}: {status} moved to {where}", status)
            return response

    def _after_failure(self, problem: str, failures: int, uncertain: bool, status: int | None = None) -> None:
        """Wait before the next attempt, or raise: out of retries, or a POST that may have been applied."""
        if uncertain:
            self._wait(self._delay(failures), problem)  # paces the caller's look and retry
            raise WriteOutcomeUnknown(f"{problem}; GitHub may have applied it, check before retrying", status)
        if failures > self._retries:
            raise GitHubError(f"{problem} ({failures} attempts)", status)
        self._wait(self._delay(failures), problem)

    def _delay(self, failures: int) -> float:
        """Exponential backoff with jitter: about 1, 2, 4, 8 ... times `backoff`, each 50-100%."""
        base = self._backoff * 2.0 ** (failures - 1)
        return base * (0.5 + 0.5 * self._jitter())

    def _rate_limit_delay(self, response: requests.Response, limited: int) -> float | None:
        """Seconds to wait before retrying a 403/429, or None when it is not a rate limit."""
        headers = response.headers
        retry_after = headers.get("retry-after")
        if retry_after is not None:
            try:
                return max(0.0, float(retry_after))
            except ValueError:
                pass
        if headers.get("x-ratelimit-remaining") == "0" and headers.get("x-ratelimit-reset"):
            try:
                return max(0.0, float(headers["x-ratelimit-reset"]) - self._clock()) + 1.0
            except ValueError:
                pass
        message = self._message(response).lower()
        if response.status_code == 429 or "rate limit" in message or "abuse" in message:
            return _SECONDARY_LIMIT_WAIT * 2.0**limited
        return None

    def _wait(self, seconds: float, why: str) -> None:
        if self._waited + seconds > self._max_wait:
            raise RateLimitExceeded(
                f"{why}: waiting {seconds:.0f} s more would pass the wait budget of {self._max_wait:.0f} s "
                f"({self._waited:.0f} s waited so far); stopping, re-run the job later"
            )
        self._waited += seconds
        self._sleep(seconds)

    def _message(self, response: requests.Response) -> str:
        """GitHub's error message, one line, without the token."""
        try:
            data = response.json()
        except ValueError:
            data = None
        text = data.get("message") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text:
            text = response.reason or ""
        if isinstance(data, dict) and isinstance(data.get("errors"), list):
            details = [
                str(e.get("message") or f"{e.get('field', '?')} {e.get('code', 'invalid')}")
                for e in data["errors"]
                if isinstance(e, dict)
            ]
            if details:
                text += ": " + "; ".join(details)
        return self.redact(" ".join(text.split()))[:300]

    def redact(self, text: str) -> str:
        return text.replace(self._token, "***")

    def _error(self, method: str, shown: str, response: requests.Response, permission: str) -> GitHubError:
        status = response.status_code
        head = f"{method} {shown}: {status} {self._message(response)}"
        needs = f"`permissions: {permission}`" if permission else "the right `permissions:`"
        if status == 401:
            return GitHubError(f"{head} — the token is missing, invalid or expired (github-token)", status)
        if status == 403 and _PULLS_SETTING in head:
            return GitHubError(f"{head} — {_PULLS_SETTING_HINT}", status)
        if status == 403:
            return GitHubError(f"{head} — the workflow's token needs {needs}", status)
        if status == 404:
            return GitHubError(f"{head} — not found, or the token cannot see it (needs {needs})", status)
        return GitHubError(head, status)


def shaped(
    answer: Any, request: str, needs: Mapping[str, type], what: str = "GitHub's answer"
) -> dict[str, Any]:
    """`answer` when it is a JSON object with each field of `needs` of its type; else a one-line error
    naming `request`. A success whose body is not what GitHub documents (a proxy's page, a changed API)
    is an error like a refusal, never a traceback."""
    if not isinstance(answer, dict):
        raise GitHubError(f"{request}: {what} is {_JSON_KINDS.get(type(answer), 'a number')}, not an object")
    for name, kind in needs.items():
        if type(answer.get(name)) is not kind:
            raise GitHubError(f"{request}: {what} has no {name!r} ({_JSON_KINDS.get(kind, kind.__name__)})")
    return answer


def _json(response: requests.Response, method: str, path: str) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise GitHubError(f"{method} {path}: GitHub's answer is not JSON") from None


def _prepared(url: str) -> str:
    """`url` as requests sends it (quoted the same way as the pages already read)."""
    return str(requests.Request("GET", url).prepare().url)


def _never_sent(exc: Exception) -> bool:
    """True when the request cannot have reached the server (no connection was made)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # a MaxRetryError wraps the cause
    return isinstance(reason, ConnectTimeoutError)  # NewConnectionError is one


def _connection_problem(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if _never_sent(exc):
        return "cannot connect"
    return "connection lost"
