"""A fake GitHub REST API: a real HTTP server on 127.0.0.1 with GitHub's semantics for the endpoints
postmortem-lint uses, so the client is tested over real HTTP and never patched.

- Auth is required (401 without or with a wrong token); `User-Agent` (403 without) and the
  `X-GitHub-Api-Version: 2022-11-28` header (400 otherwise) are checked as GitHub does.
- Lists paginate with a `Link` header (`per_page` up to 100, 422 above); issue lists include pull
  requests, like the real API.
- Every request body is validated against the operation's schema in GitHub's OpenAPI description
  (tests/openapi/rest-subset-current.json; 422 when invalid) and every response body the fake sends is
  validated against the documented response (a violation is a bug in the fake: the `serve()` context
  fails the test). Unknown request fields are accepted, as the request schemas allow.
- Two kinds of token, as on GitHub: an installation token (`ghs_…`, what a workflow's GITHUB_TOKEN is)
  acts as the app's bot, `github-actions[bot]`, and gets 403 "Resource not accessible by integration"
  from `GET /user`; a personal access token (`user_token()`) acts as its user, whom `GET /user` returns.
  What the token creates is authored by that identity; `add_comment`/`add_issue` take another author.
- Faults on demand (`inject`): 5xx (before or after the request took effect), a dropped connection
  (likewise), an issue list that lags (does not show the newest issue yet),
  a secondary rate limit (403 with or without `retry-after`), 429, an exhausted primary limit
  (`x-ratelimit-remaining: 0` and `x-ratelimit-reset`), an error that echoes the token, and a success
  whose body is not what GitHub documents (not JSON, or JSON of the wrong shape, as a misbehaving proxy
  may send): only these faults skip the response validation.
- Every request is recorded, so tests count write requests.
- A small git store for the write-back: commits are file trees, branches point at them; contents are
  read and written through the contents API (a stale blob SHA is a 409, as on GitHub), branches made
  through the refs API and pull requests opened between branches.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from jsonschema import Draft4Validator

SPEC_PATH = Path(__file__).parent / "openapi" / "rest-subset-current.json"
TOKEN = "ghs_fakeTokenForTests0123456789abcdefABCDEF"  # an installation token
ACTIONS_BOT = "github-actions[bot]"
HTML_URL = "https://github.com"
DOCS = "https://docs.github.com/rest"
WRITES = frozenset({"POST", "PATCH", "PUT", "DELETE"})
COMMENT_LIMIT = 65_536
CONTENTS_LIMIT = 1024 * 1024  # larger files come back from the contents API without their content
ZERO = "0" * 40
Json = Any


# -- the OpenAPI description --------------------------------------------------------------------


def _json_schema(node: Json) -> Json:
    """OpenAPI 3.0 schema objects as JSON Schema: `nullable: true` becomes a `null` alternative, and
    `oneOf` is read as `anyOf` (GitHub's alternatives overlap: a plain error body matches both the
    basic error and the rule-violation error its 409s list)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        ("anyOf" if k == "oneOf" else k): (v if k in ("example", "examples") else _json_schema(v))
        for k, v in node.items()
    }
    if out.get("nullable") is True:
        del out["nullable"]
        if "type" in out and "$ref" not in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [{"type": "null"}, out]}
    return out


class OpenAPI:
    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.raw = json.loads(path.read_text(encoding="utf-8"))
        self.doc = _json_schema(self.raw)
        self._validators: dict[str, Draft4Validator] = {}

    def example(self, name: str) -> Json:
        return copy.deepcopy(self.raw["components"]["examples"][name]["value"])

    def _resolve(self, node: Json) -> Json:
        while isinstance(node, dict) and "$ref" in node:
            target: Json = self.doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def operation(self, template: str, method: str) -> dict[str, Any]:
        return dict(self.doc["paths"][template][method.lower()])

    def parameters(self, template: str, method: str) -> list[dict[str, Any]]:
        operation = self.operation(template, method)
        shared = self.doc["paths"][template].get("parameters", [])
        return [self._resolve(p) for p in [*shared, *operation.get("parameters", [])]]

    def request_schema(self, template: str, method: str) -> Json:
        body = self._resolve(self.operation(template, method).get("requestBody"))
        return body["content"]["application/json"]["schema"] if body else None

    def response_schema(self, template: str, method: str, status: int) -> Json:
        responses = self.operation(template, method).get("responses", {})
        response = self._resolve(responses.get(str(status)))
        if response is None:
            # Not documented for this operation (401, 429, 502 ...): GitHub's general error shape.
            return {"$ref": "#/components/schemas/basic-error"}
        content = response.get("content", {}).get("application/json")
        return content["schema"] if content else None

    def errors(self, key: str, schema: Json, instance: Json) -> list[str]:
        validator = self._validators.get(key)
        if validator is None:
            validator = Draft4Validator({**schema, "components": self.doc["components"]})
            self._validators[key] = validator
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}"
            for e in validator.iter_errors(instance)
        ]


@cache
def openapi() -> OpenAPI:
    return OpenAPI()


# -- the fake ----------------------------------------------------------------------------------


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    kind: str
    times: int
    retry_after: int | None = None
    reset: int | None = None
    after: int = 0  # matching requests to let through first


@dataclass
class Recorded:
    method: str
    path: str  # below the API prefix
    query: dict[str, str]
    body: Json
    headers: dict[str, str]
    status: int = 0


@dataclass
class Reply:
    status: int
    body: Json = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent instead of `body` as JSON: a fault's garbled answer


# A success answered with a body GitHub never sends (after the request took effect): the fault kinds.
GARBLED = {
    "html-after": Reply(
        200, headers={"content-type": "text/html"}, raw=b"<html><body>Please sign in.</body></html>"
    ),
    "list-after": Reply(200, []),
    "object-after": Reply(200, {"message": "ok"}),
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.reply = Reply(status, {"message": message, "documentation_url": DOCS})
        if errors is not None:
            self.reply.body["errors"] = errors


Handler = Callable[["FakeGitHub", dict[str, str], dict[str, str], Json], Reply]
_ROUTES: dict[tuple[str, str], Handler] = {}


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _ROUTES[(method, template)] = handler
        return handler

    return register


class FakeGitHub:
    def __init__(self, repository: str = "acme/incidents", prefix: str = "") -> None:
        self.repository = repository
        self.prefix = prefix  # "/api/v3" for GitHub Enterprise Server
        self.token = TOKEN
        self.token_user = ACTIONS_BOT  # who the token acts as
        self.read_only = False  # a fork pull request's token: writes get 403
        self.write_delay = 0.0  # seconds each write takes, to expose concurrent writes
        self.foreign_next_link = False  # a `rel="next"` link to another host
        self.looping_next_link = False  # every page's `rel="next"` points back at the first page
        self.created_issues: list[int] = []  # issues opened through the API, in order
        self.hide_newest = False
        self.url = ""  # set by serve()
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, dict[str, Any]] = {}
        self.pull_files: dict[int, list[tuple[str, str]]] = {}
        self.labels: dict[str, dict[str, Any]] = {}
        self.assignable: set[str] = set()
        self.revoked: set[str] = set()  # assignable by the check, refused on create (access just removed)
        # "base...head" -> (filename, status) or (filename, status, previous filename)
        self.comparisons: dict[str, list[tuple[str, ...]]] = {}
        self.milestones: dict[int, dict[str, Any]] = {}
        self.default_branch = "main"
        self.branches: dict[str, str] = {}  # name -> commit SHA
        self.trees: dict[str, dict[str, bytes]] = {}  # commit SHA -> {path: content}
        self.parents: dict[str, str | None] = {}  # commit SHA -> its parent
        self.pulls: dict[int, dict[str, Any]] = {}  # pull requests opened through the API
        self.forbid_pulls = False  # the repository setting that keeps Actions from opening them
        self.requests: list[Recorded] = []
        self.rejected: list[str] = []  # request bodies that failed validation (422)
        self.violations: list[str] = []  # response bodies that failed validation: bugs in the fake
        self.expect_rejections = False
        self.max_concurrent_writes = 0
        self._writing = 0
        self._faults: list[Fault] = []
        self._next_id = 1000
        self._lock = threading.RLock()

    # -- set-up and inspection for tests ----------------------------------------------------------

    def add_pull_request(self, number: int, files: list[tuple[str, str]], title: str = "Postmortem") -> None:
        self.issues[number] = {"title": title, "body": None, "state": "open", "labels": [], "pull": True}
        self.pull_files[number] = list(files)

    def user_token(self, login: str) -> str:
        """Make the valid token a personal access token of `login` (instead of an installation token)."""
        self.token = "ghp_" + TOKEN.removeprefix("ghs_")
        self.token_user = login
        return self.token

    def add_issue(
        self,
        number: int,
        title: str,
        body: str = "",
        state: str = "open",
        labels: tuple[str, ...] = (),
        *,
        user: str | None = None,
        state_reason: str | None = None,  # "completed", "not_planned" ... for a closed issue
        closed_at: str | None = None,  # when a closed issue was closed (default 2024-01-02)
    ) -> None:
        """An issue by `user`, by default the token's own identity (as if an earlier run opened it)."""
        self.issues[number] = {
            "title": title,
            "body": body,
            "state": state,
            "labels": list(labels),
            "user": user or self.token_user,
            "state_reason": state_reason,
            "closed_at": closed_at,
        }
        for name in labels:
            self.labels.setdefault(name, {"color": "ededed", "description": None})

    def add_comment(self, number: int, body: str, user: str = "someone") -> int:
        comment_id = self._new_id()
        self.comments[comment_id] = {"issue": number, "body": body, "user": user}
        return comment_id

    def add_milestone(self, number: int, title: str, due_on: str | None, state: str = "open") -> None:
        self.milestones[number] = {"title": title, "due_on": due_on, "state": state}

    def commit(self, files: Mapping[str, bytes], branch: str | None = None, parent: str | None = None) -> str:
        """A commit with `files` changed from `parent` (or from the branch's tip); moves `branch` to it."""
        branch = branch or self.default_branch
        base = parent or self.branches.get(branch)
        tree = {**(self.trees[base] if base else {}), **files}
        sha = hashlib.sha1(repr((base, sorted(tree.items()))).encode()).hexdigest()
        self.trees[sha] = tree
        self.parents[sha] = base
        self.branches[branch] = sha
        return sha

    def history(self, ref: str) -> list[str]:
        """The commits from `ref` back to the first, newest first."""
        found: list[str] = []
        sha: str | None = self.branches.get(ref, ref)
        while sha is not None:
            found.append(sha)
            sha = self.parents.get(sha)
        return found

    def merge_base(self, base: str, head: str) -> str | None:
        older = set(self.history(base))
        return next((sha for sha in self.history(head) if sha in older), None)

    def changed(self, base: str, head: str) -> dict[str, bytes]:
        """The files `head` changed since it forked from `base` (three-dot, as a compare or a merge)."""
        fork = self.merge_base(base, head)
        before = self.trees[fork] if fork else {}
        return {p: d for p, d in self.trees[self.branches.get(head, head)].items() if before.get(p) != d}

    def merge_pull(self, number: int, delete_branch: bool = True) -> None:
        """Merge a pull request opened through the API: what its branch changed lands on its base; a
        file both changed differently is a conflict, which fails the test."""
        stored = self.pulls[number]
        theirs, ours = (
            self.changed(stored["base"], stored["head"]),
            self.changed(stored["head"], stored["base"]),
        )
        clash = [p for p in theirs if p in ours and ours[p] != theirs[p]]
        assert not clash, f"merging #{number} conflicts in {clash}"
        self.commit(theirs, stored["base"])
        self.issues[number]["state"] = "closed"
        stored["merged"] = True
        if delete_branch:
            del self.branches[stored["head"]]

    def close_pull(self, number: int) -> None:
        """Close a pull request without merging it; its branch stays."""
        self.issues[number]["state"] = "closed"

    def file(self, ref: str, path: str) -> bytes:
        """A file's content at a branch or commit."""
        return self.trees[self.branches.get(ref, ref)][path]

    def comments_on(self, number: int) -> list[str]:
        return [c["body"] for _, c in sorted(self.comments.items()) if c["issue"] == number]

    def inject(
        self,
        method: str,
        path: str,
        kind: str,
        *,
        times: int = 1,
        retry_after: int | None = None,
        reset: int | None = None,
        after: int = 0,
    ) -> None:
        """Make `times` requests matching `method` and the `path` regex, after the first `after` of
        them, fail with `kind`: 500/502/503 (not applied), 500-after/502-after/503-after (applied, then
        answered with the 5xx), drop (no answer, not applied), drop-after (applied, answer lost),
        secondary (403 secondary rate limit), 429, primary (403, limit exhausted until `reset`),
        echo-token, lagging (an issue list that does not show the newest issue opened through the API),
        html-after / list-after / object-after (applied, then answered with its success status and a
        body that is not JSON, a JSON list, or an object without the documented fields).
        """
        self._faults.append(Fault(method, re.compile(path), kind, times, retry_after, reset, after))

    def writes(self) -> list[Recorded]:
        return [r for r in self.requests if r.method in WRITES]

    def check(self) -> None:
        assert not self.violations, f"the fake sent responses outside GitHub's schema: {self.violations}"
        if not self.expect_rejections:
            assert not self.rejected, f"requests GitHub's schema rejects: {self.rejected}"

    # -- HTTP ---------------------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        method = handler.command
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        path = parts.path.removeprefix(self.prefix) if parts.path.startswith(self.prefix) else "/-"
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in handler.headers.items()}
        record = Recorded(method, path, query, None, headers)
        with self._lock:
            self.requests.append(record)
            fault = self._take_fault(method, path)
            writing = method in WRITES
            if writing:
                self._writing += 1
                self.max_concurrent_writes = max(self.max_concurrent_writes, self._writing)
        try:
            if writing and self.write_delay:
                time.sleep(self.write_delay)
            if fault and fault.kind == "drop":
                handler.close_connection = True
                return
            with self._lock:
                reply = self._reply(record, raw, fault)
            if fault and fault.kind in GARBLED and reply.status in (200, 201):
                reply = replace(GARBLED[fault.kind], status=reply.status)
            if fault and fault.kind == "drop-after":
                handler.close_connection = True
                return
        finally:
            if writing:
                with self._lock:
                    self._writing -= 1
        record.status = reply.status
        self._send(handler, reply)

    def _reply(self, record: Recorded, raw: bytes, fault: Fault | None) -> Reply:
        found = self._route(record.method, record.path)
        template = found[0] if found else None
        try:
            self._authenticate(record.headers)
            if raw:
                try:
                    record.body = json.loads(raw)
                except ValueError:
                    raise ApiError(400, "Problems parsing JSON") from None
            if fault and fault.kind != "lagging" and not fault.kind.endswith("-after"):
                reply = self._fault_reply(fault, record.headers)
            else:
                self.hide_newest = fault is not None and fault.kind == "lagging"
                try:
                    reply = self._dispatch(found, record)
                finally:
                    self.hide_newest = False
                if fault and fault.kind[:3].isdigit() and fault.kind.endswith("-after"):
                    reply = self._fault_reply(replace(fault, kind=fault.kind[:3]), record.headers)
        except ApiError as exc:
            reply = exc.reply
        return self._validated(template, record.method, reply)

    def _dispatch(self, found: tuple[str, Handler, dict[str, str]] | None, record: Recorded) -> Reply:
        if found is None:
            raise ApiError(404, "Not Found")
        template, handler, params = found
        if "owner" in params and f"{params['owner']}/{params.get('repo')}" != self.repository:
            raise ApiError(404, "Not Found")
        self._check_query(template, record.method, record.query)
        self._check_body(template, record.method, record.body, record.path)
        if record.method in WRITES and self.read_only:
            raise ApiError(403, "Resource not accessible by integration")
        return handler(self, params, record.query, record.body)

    def _route(self, method: str, path: str) -> tuple[str, Handler, dict[str, str]] | None:
        # Literal segments win over parameters (`/issues/comments/1` is not issue "comments").
        for (verb, template), handler in sorted(_ROUTES.items(), key=lambda item: item[0][1].count("{")):
            if verb != method:
                continue
            # `{path}` and `{ref}` span folders (`x-multi-segment`); other parameters are one segment.
            pattern = "^" + re.sub(r"\\\{(\w+)\\\}", _parameter, re.escape(template)) + "$"
            match = re.match(pattern, path)
            if match:
                return template, handler, match.groupdict()
        return None

    def _authenticate(self, headers: dict[str, str]) -> None:
        if not headers.get("user-agent"):
            message = (
                "Request forbidden by administrative rules. Please make sure your request has a User-Agent"
            )
            raise ApiError(403, message)
        version = headers.get("x-github-api-version")
        if version not in (None, "2022-11-28"):
            raise ApiError(400, f"API version {version} is not supported.")
        if "application/vnd.github+json" not in headers.get("accept", ""):
            raise ApiError(415, "Unsupported 'Accept' header")
        auth = headers.get("authorization", "")
        if not auth:
            raise ApiError(401, "Requires authentication")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() not in ("bearer", "token") or value != self.token:
            raise ApiError(401, "Bad credentials")

    def _check_query(self, template: str, method: str, query: dict[str, str]) -> None:
        if int(query.get("per_page", "30") or 30) > 100:
            raise ApiError(422, "Validation Failed", [{"field": "per_page", "code": "invalid"}])
        for param in openapi().parameters(template, method):
            if param["in"] != "query" or param["name"] not in query:
                continue
            value: Json = query[param["name"]]
            if param["schema"].get("type") == "integer":
                try:
                    value = int(value)
                except ValueError:
                    raise ApiError(422, f"Invalid value for {param['name']}") from None
            problems = openapi().errors(f"q {template} {method} {param['name']}", param["schema"], value)
            if problems:
                raise ApiError(422, f"Invalid value for {param['name']}: {problems[0]}")

    def _check_body(self, template: str, method: str, body: Json, path: str) -> None:
        schema = openapi().request_schema(template, method)
        if schema is None:
            return
        problems = openapi().errors(f"req {template} {method}", schema, body)
        if problems:
            self.rejected.append(f"{method} {path}: {problems}")
            raise ApiError(422, "Invalid request.", [{"code": "invalid", "message": p} for p in problems])

    def _validated(self, template: str | None, method: str, reply: Reply) -> Reply:
        if template is None:
            schema: Json = {"$ref": "#/components/schemas/basic-error"}
        else:
            schema = openapi().response_schema(template, method, reply.status)
        if reply.status == 204:
            return reply
        if schema is None:
            self.violations.append(f"{method} {template} {reply.status}: undocumented response with a body")
            return reply
        problems = openapi().errors(f"res {template} {method} {reply.status}", schema, reply.body)
        if problems:
            self.violations.append(f"{method} {template} {reply.status}: {problems}")
            return Reply(500, {"message": "fake GitHub: response outside the schema"})
        return reply

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.times > 0 and fault.method == method and fault.path.search(path):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.times -= 1
                return fault
        return None

    def _fault_reply(self, fault: Fault, headers: dict[str, str]) -> Reply:
        kind = fault.kind
        if kind in ("secondary", "429"):
            reply = Reply(
                403 if kind == "secondary" else 429,
                {
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before "
                    "you try again.",
                    "documentation_url": DOCS,
                },
            )
            if fault.retry_after is not None:
                reply.headers["retry-after"] = str(fault.retry_after)
            return reply
        if kind == "primary":
            return Reply(
                403,
                {"message": "API rate limit exceeded for installation.", "documentation_url": DOCS},
                {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(fault.reset)},
            )
        if kind.isdigit():
            return Reply(int(kind), {"message": "Server Error", "documentation_url": DOCS})
        if kind == "echo-token":  # a misbehaving proxy that repeats the request's credentials
            return Reply(500, {"message": f"upstream failed for {headers.get('authorization')}"})
        raise AssertionError(f"unknown fault {kind}")

    def _send(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        data = reply.raw
        if data is None:
            data = b"" if reply.body is None else json.dumps(reply.body).encode()
        handler.send_response(reply.status)
        headers = {
            "content-type": "application/json; charset=utf-8",
            "x-github-media-type": "github.v3; format=json",
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": str(max(0, 5000 - len(self.requests))),
            "x-ratelimit-reset": str(int(time.time()) + 3600),
            "x-ratelimit-resource": "core",
            **reply.headers,
            "content-length": str(len(data)),
        }
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    # -- resources -----------------------------------------------------------------------------

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def api(self, path: str) -> str:
        return f"{self.url}{path}"

    def page(self, items: list[Json], query: dict[str, str], path: str) -> Reply:
        per_page = int(query.get("per_page") or 30)
        number = max(1, int(query.get("page") or 1))
        start = (number - 1) * per_page
        links = []
        last = max(1, -(-len(items) // per_page))
        base = "http://elsewhere.example" if self.foreign_next_link else self.url
        if self.looping_next_link:  # a broken proxy or server: "next" leads back to the start
            links.append(f'<{base}{path}?{urlencode({**query, "page": 1})}>; rel="next"')
        for rel, target in (("next", number + 1), ("last", last), ("first", 1), ("prev", number - 1)):
            if self.looping_next_link and rel == "next":
                continue
            if (rel in ("next", "last") and number < last) or (rel in ("first", "prev") and number > 1):
                links.append(f'<{base}{path}?{urlencode({**query, "page": target})}>; rel="{rel}"')
        return Reply(200, items[start : start + per_page], {"link": ", ".join(links)} if links else {})

    def user(self, login: str) -> Json:
        user = openapi().example("issue-comment")["user"]
        user.update(
            login=login,
            id=abs(hash(login)) % 10**8,
            url=f"{self.url}/users/{login}",
            html_url=f"{HTML_URL}/{login}",
            type="Bot" if login.endswith("[bot]") else "User",
        )
        return user

    def label_json(self, name: str) -> Json:
        label = openapi().example("label")
        stored = self.labels[name]
        label.update(
            id=abs(hash(name)) % 10**8,
            name=name,
            url=self.api(f"/repos/{self.repository}/labels/{name}"),
            color=stored["color"],
            description=stored["description"],
            default=False,
        )
        return label

    def comment_json(self, comment_id: int) -> Json:
        stored = self.comments[comment_id]
        number = stored["issue"]
        kind = "pull" if self.issues[number].get("pull") else "issues"
        comment = openapi().example("issue-comment")
        comment.update(
            id=comment_id,
            node_id=f"IC_{comment_id}",
            url=self.api(f"/repos/{self.repository}/issues/comments/{comment_id}"),
            html_url=f"{HTML_URL}/{self.repository}/{kind}/{number}#issuecomment-{comment_id}",
            issue_url=self.api(f"/repos/{self.repository}/issues/{number}"),
            body=stored["body"],
            user=self.user(stored["user"]),
            author_association="NONE",
        )
        return comment

    def issue_json(self, number: int) -> Json:
        stored = self.issues[number]
        issue = openapi().example("issue")
        kind = "pull" if stored.get("pull") else "issues"
        assignees = [self.user(login) for login in stored.get("assignees", [])]
        issue.update(
            id=number * 7919,
            node_id=f"I_{number}",
            number=number,
            title=stored["title"],
            body=stored["body"],
            state=stored["state"],
            url=self.api(f"/repos/{self.repository}/issues/{number}"),
            html_url=f"{HTML_URL}/{self.repository}/{kind}/{number}",
            labels=[self.label_json(name) for name in stored["labels"]],
            assignee=assignees[0] if assignees else None,
            assignees=assignees,
            milestone=self.milestone_json(stored["milestone"]) if stored.get("milestone") else None,
            comments=sum(1 for c in self.comments.values() if c["issue"] == number),
            closed_at=(stored.get("closed_at") or "2024-01-02T00:00:00Z")
            if stored["state"] == "closed"
            else None,
            closed_by=None,
            user=self.user(stored.get("user", self.token_user)),
            state_reason=stored.get("state_reason"),
        )
        if stored.get("pull"):
            pull = issue["pull_request"]
            pull.update(url=self.api(f"/repos/{self.repository}/pulls/{number}"), html_url=issue["html_url"])
        else:
            issue.pop("pull_request", None)
        return issue

    def milestone_json(self, number: int) -> Json:
        stored = self.milestones[number]
        milestone = openapi().example("milestone-items")[0]
        milestone.update(
            number=number,
            id=number * 31,
            title=stored["title"],
            due_on=stored["due_on"],
            state=stored["state"],
            url=self.api(f"/repos/{self.repository}/milestones/{number}"),
            html_url=f"{HTML_URL}/{self.repository}/milestone/{number}",
        )
        return milestone

    def diff_entry(self, name: str, status: str, previous: str | None = None) -> Json:
        entry = openapi().example("diff-entry-items")[0]
        entry.update(filename=name, status=status)
        if previous is not None:
            entry["previous_filename"] = previous
        return entry

    def content_json(self, path: str, data: bytes, ref: str) -> Json:
        content = openapi().example("content-file-response-if-content-is-a-file")
        blob = blob_sha(data)
        url = self.api(f"/repos/{self.repository}/contents/{path}?ref={ref}")
        content.update(
            name=path.rsplit("/", 1)[-1],
            path=path,
            sha=blob,
            size=len(data),
            content=base64.encodebytes(data).decode("ascii") if len(data) <= CONTENTS_LIMIT else "",
            encoding="base64" if len(data) <= CONTENTS_LIMIT else "none",
            url=url,
            git_url=self.api(f"/repos/{self.repository}/git/blobs/{blob}"),
            html_url=f"{HTML_URL}/{self.repository}/blob/{ref}/{path}",
            download_url=f"https://raw.githubusercontent.com/{self.repository}/{ref}/{path}",
            _links={
                "self": url,
                "git": self.api(f"/repos/{self.repository}/git/blobs/{blob}"),
                "html": f"{HTML_URL}/{self.repository}/blob/{ref}/{path}",
            },
        )
        return content

    def pull_json(self, number: int, simple: bool = False) -> Json:
        stored, pull = self.pulls[number], self.issues[number]
        made = (
            openapi().example("pull-request-simple-items")[0] if simple else openapi().example("pull-request")
        )
        html_url = f"{HTML_URL}/{self.repository}/pull/{number}"
        made.update(
            id=number * 7919,
            number=number,
            title=pull["title"],
            body=pull["body"],
            state=pull["state"],
            url=self.api(f"/repos/{self.repository}/pulls/{number}"),
            html_url=html_url,
            issue_url=self.api(f"/repos/{self.repository}/issues/{number}"),
            # a pull request's labels have a string description in the schema
            labels=[
                {**self.label_json(name), "description": self.labels[name]["description"] or ""}
                for name in pull["labels"]
            ],
            merged_at="2024-01-03T00:00:00Z" if stored.get("merged") else None,
            user=self.user(stored.get("user", self.token_user)),
            requested_teams=[],  # the description's own example lacks a team's required `type`
        )
        made["head"].update(
            ref=stored["head"], sha=self.branches.get(stored["head"], ZERO), label=stored["head"]
        )
        made["base"].update(ref=stored["base"], sha=self.branches[stored["base"]], label=stored["base"])
        return made

    def ref_json(self, name: str) -> Json:
        sha = self.branches[name]
        made = openapi().example("git-ref")
        made.update(ref=f"refs/heads/{name}", url=self.api(f"/repos/{self.repository}/git/refs/heads/{name}"))
        made["object"].update(sha=sha, url=self.api(f"/repos/{self.repository}/git/commits/{sha}"))
        return made

    def issue_or_404(self, params: Mapping[str, str]) -> int:
        number = params["issue_number"]
        if not number.isdigit() or int(number) not in self.issues:
            raise ApiError(404, "Not Found")
        return int(number)

    def comment_or_404(self, params: Mapping[str, str]) -> int:
        comment_id = params["comment_id"]
        if not comment_id.isdigit() or int(comment_id) not in self.comments:
            raise ApiError(404, "Not Found")
        return int(comment_id)


def blob_sha(data: bytes) -> str:
    """Git's object ID of a file with this content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _parameter(match: re.Match[str]) -> str:
    name = match.group(1)
    return f"(?P<{name}>.+)" if name in ("path", "ref") else f"(?P<{name}>[^/]+)"


def _created(resource: Json) -> Reply:
    """201 with the new resource and its API URL in `location`, as GitHub answers a create."""
    return Reply(201, resource, {"location": resource["url"]})


def _too_long(resource: str, field_name: str, value: Json, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        message = f"{field_name} is too long (maximum is {limit} characters)"
        error = {"resource": resource, "code": "custom", "field": field_name, "message": message}
        raise ApiError(422, "Validation Failed", [error])


# -- endpoints ---------------------------------------------------------------------------------


@route("GET", "/user")
def _authenticated_user(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    if fake.token.startswith("ghs_"):  # an installation token is no user
        raise ApiError(403, "Resource not accessible by integration")
    user = openapi().example("private-user-response-with-public-profile-information")
    user.update({k: v for k, v in fake.user(fake.token_user).items() if k in user})
    return Reply(200, user)


@route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
def _list_comments(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    number = fake.issue_or_404(params)
    ids = sorted(i for i, c in fake.comments.items() if c["issue"] == number)
    return fake.page(
        [fake.comment_json(i) for i in ids], query, f"/repos/{fake.repository}/issues/{number}/comments"
    )


@route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
def _create_comment(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    number = fake.issue_or_404(params)
    _too_long("IssueComment", "body", body["body"], COMMENT_LIMIT)
    comment_id = fake.add_comment(number, body["body"], fake.token_user)
    return _created(fake.comment_json(comment_id))


@route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _update_comment(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    comment_id = fake.comment_or_404(params)
    _too_long("IssueComment", "body", body["body"], COMMENT_LIMIT)
    fake.comments[comment_id]["body"] = body["body"]
    return Reply(200, fake.comment_json(comment_id))


@route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _delete_comment(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    del fake.comments[fake.comment_or_404(params)]
    return Reply(204)


@route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files")
def _pull_files(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    number = params["pull_number"]
    if not number.isdigit() or int(number) not in fake.pull_files:
        raise ApiError(404, "Not Found")
    files = [fake.diff_entry(name, status) for name, status in fake.pull_files[int(number)][:3000]]
    return fake.page(files, query, f"/repos/{fake.repository}/pulls/{number}/files")


@route("GET", "/repos/{owner}/{repo}/issues")
def _list_issues(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    state = query.get("state", "open")
    wanted = {name for name in query.get("labels", "").split(",") if name}
    # GitHub sorts by creation, newest first, unless asked otherwise; numbers here follow creation
    newest_first = query.get("direction", "desc") == "desc"
    hidden = set(fake.created_issues[-1:]) if fake.hide_newest else set()
    numbers = [
        n
        for n, issue in sorted(fake.issues.items(), reverse=newest_first)
        if state in ("all", issue["state"]) and wanted <= set(issue["labels"]) and n not in hidden
    ]
    return fake.page([fake.issue_json(n) for n in numbers], query, f"/repos/{fake.repository}/issues")


@route("GET", "/repos/{owner}/{repo}/issues/{issue_number}")
def _get_issue(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    return Reply(200, fake.issue_json(fake.issue_or_404(params)))


@route("POST", "/repos/{owner}/{repo}/issues")
def _create_issue(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    _too_long("Issue", "title", str(body["title"]), 256)
    _too_long("Issue", "body", body.get("body"), COMMENT_LIMIT)
    assignees = list(body.get("assignees") or [])
    refused = [a for a in assignees if a not in fake.assignable or a in fake.revoked]
    if refused:
        errors = [{"resource": "Issue", "field": "assignees", "code": "invalid", "value": a} for a in refused]
        raise ApiError(422, "Validation Failed", errors)
    labels = [
        label if isinstance(label, str) else label.get("name", "") for label in body.get("labels") or []
    ]
    milestone = body.get("milestone")
    if milestone is not None and milestone not in fake.milestones:
        error = {"resource": "Issue", "field": "milestone", "code": "invalid", "value": milestone}
        raise ApiError(422, "Validation Failed", [error])
    for name in labels:  # GitHub creates missing labels with a default colour
        fake.labels.setdefault(name, {"color": "ededed", "description": None})
    number = max(fake.issues, default=0) + 1
    fake.issues[number] = {
        "title": str(body["title"]),
        "body": body.get("body"),
        "state": "open",
        "labels": labels,
        "assignees": assignees,
        "milestone": milestone,
        "user": fake.token_user,
    }
    fake.created_issues.append(number)
    return _created(fake.issue_json(number))


@route("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}")
def _update_issue(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    """State changes as GitHub makes them: closing sets `state_reason` (`completed` unless given, and
    `duplicate` needs an existing `duplicate_issue_id`), reopening sets `reopened`; other fields as sent."""
    number = fake.issue_or_404(params)
    stored = fake.issues[number]
    state, reason = body.get("state"), body.get("state_reason")
    if state == "closed" and reason == "duplicate":
        ids = {n * 7919 for n in fake.issues}  # issue_json's `id`
        if body.get("duplicate_issue_id") not in ids - {number * 7919}:
            error = {"resource": "Issue", "field": "duplicate_issue_id", "code": "invalid"}
            raise ApiError(422, "Validation Failed", [error])
    if state is not None and state != stored["state"]:
        stored["state"] = state
        stored["state_reason"] = (reason or "completed") if state == "closed" else "reopened"
    for name in ("title", "body"):
        if name in body:
            stored[name] = body[name]
    return Reply(200, fake.issue_json(number))


@route("GET", "/repos/{owner}/{repo}/labels")
def _list_labels(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    labels = [fake.label_json(name) for name in sorted(fake.labels)]
    return fake.page(labels, query, f"/repos/{fake.repository}/labels")


@route("POST", "/repos/{owner}/{repo}/labels")
def _create_label(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    name = body["name"]
    if name.lower() in {existing.lower() for existing in fake.labels}:
        raise ApiError(
            422, "Validation Failed", [{"resource": "Label", "code": "already_exists", "field": "name"}]
        )
    fake.labels[name] = {"color": body.get("color", "ededed"), "description": body.get("description")}
    return Reply(201, fake.label_json(name))


@route("GET", "/repos/{owner}/{repo}/assignees/{assignee}")
def _check_assignee(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    if params["assignee"] not in fake.assignable:
        raise ApiError(404, "Not Found")
    return Reply(204)


@route("GET", "/repos/{owner}/{repo}/compare/{basehead}")
def _compare(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    comparison = openapi().example("commit-comparison")
    base, _, head = unquote(params["basehead"]).partition("...")
    if params["basehead"] in fake.comparisons:
        comparison["files"] = [fake.diff_entry(*entry) for entry in fake.comparisons[params["basehead"]]]
        return Reply(200, comparison)
    if fake.branches.get(base, base) not in fake.trees or fake.branches.get(head, head) not in fake.trees:
        raise ApiError(404, "Not Found")
    fork = fake.merge_base(base, head)
    ahead = fake.history(head).index(fork) if fork else len(fake.history(head))
    behind = fake.history(base).index(fork) if fork else len(fake.history(base))
    comparison.update(
        ahead_by=ahead,
        behind_by=behind,
        total_commits=ahead,
        status="identical"
        if ahead == behind == 0
        else "ahead"
        if not behind
        else "behind"
        if not ahead
        else "diverged",
        files=[fake.diff_entry(path, "modified") for path in sorted(fake.changed(base, head))],
    )
    comparison["merge_base_commit"]["sha"] = fork or ZERO
    return Reply(200, comparison)


@route("GET", "/repos/{owner}/{repo}/milestones")
def _list_milestones(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    state = query.get("state", "open")
    chosen = [n for n, m in fake.milestones.items() if state in ("all", m["state"])]
    # GitHub sorts by due date (the default), those without one last
    chosen.sort(key=lambda n: (fake.milestones[n]["due_on"] is None, fake.milestones[n]["due_on"] or "", n))
    if query.get("direction") == "desc":
        chosen.reverse()
    return fake.page([fake.milestone_json(n) for n in chosen], query, f"/repos/{fake.repository}/milestones")


@route("GET", "/repos/{owner}/{repo}/contents/{path}")
def _get_contents(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    path, ref = unquote(params["path"]), query.get("ref") or fake.default_branch
    commit = fake.branches.get(ref, ref)
    if commit not in fake.trees or path not in fake.trees[commit]:
        raise ApiError(404, "Not Found")
    return Reply(200, fake.content_json(path, fake.trees[commit][path], ref))


@route("PUT", "/repos/{owner}/{repo}/contents/{path}")
def _put_contents(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    path, branch = unquote(params["path"]), body.get("branch") or fake.default_branch
    if branch not in fake.branches:
        raise ApiError(404, f"Branch {branch} not found")
    current = fake.trees[fake.branches[branch]].get(path)
    if current is not None and "sha" not in body:
        raise ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
    if current is not None and body["sha"] != blob_sha(current):
        raise ApiError(409, f"{path} does not match {body['sha']}")
    try:
        data = base64.b64decode(body["content"], validate=True)
    except ValueError:
        raise ApiError(422, "content is not valid Base64") from None
    sha = fake.commit({path: data}, branch)
    made = openapi().example("file-commit-example-for-updating-a-file")
    made["content"].update(name=path.rsplit("/", 1)[-1], path=path, sha=blob_sha(data), size=len(data))
    made["commit"].update(sha=sha, message=body["message"])
    return Reply(201 if current is None else 200, made)


@route("POST", "/repos/{owner}/{repo}/git/refs")
def _create_ref(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    ref, sha = body["ref"], body["sha"]
    if not ref.startswith("refs/heads/") or ref.count("/") < 2:
        raise ApiError(422, "Reference name is not valid")
    if sha not in fake.trees:
        raise ApiError(422, "Object does not exist")
    name = ref.removeprefix("refs/heads/")
    if name in fake.branches:
        raise ApiError(422, "Reference already exists")
    fake.branches[name] = sha
    return _created(fake.ref_json(name))


@route("POST", "/repos/{owner}/{repo}/pulls")
def _create_pull(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    head, base = body["head"].split(":")[-1], body["base"]
    if head not in fake.branches or base not in fake.branches:
        raise ApiError(
            422, "Validation Failed", [{"resource": "PullRequest", "field": "head", "code": "invalid"}]
        )
    if fake.forbid_pulls:
        raise ApiError(403, "GitHub Actions is not permitted to create or approve pull requests.")
    _too_long("PullRequest", "body", body.get("body"), COMMENT_LIMIT)
    if any(p["head"] == head and fake.issues[n]["state"] == "open" for n, p in fake.pulls.items()):
        owner = fake.repository.split("/")[0]
        error = {
            "resource": "PullRequest",
            "code": "custom",
            "message": f"A pull request already exists for {owner}:{head}.",
        }
        raise ApiError(422, "Validation Failed", [error])
    if fake.trees[fake.branches[head]] == fake.trees[fake.branches[base]]:
        error = {
            "resource": "PullRequest",
            "code": "custom",
            "message": f"No commits between {base} and {head}",
        }
        raise ApiError(422, "Validation Failed", [error])
    number = max(fake.issues, default=0) + 1
    fake.issues[number] = {
        "title": body.get("title") or head,
        "body": body.get("body"),
        "state": "open",
        "labels": [],
        "pull": True,
    }
    fake.pulls[number] = {"head": head, "base": base, "user": fake.token_user}
    return _created(fake.pull_json(number))


@route("GET", "/repos/{owner}/{repo}/pulls")
def _list_pulls(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    state, head = query.get("state", "open"), query.get("head")
    owner = fake.repository.split("/")[0]
    chosen = [
        n
        for n, p in sorted(fake.pulls.items(), reverse=True)
        if state in ("all", fake.issues[n]["state"]) and (head is None or head == f"{owner}:{p['head']}")
    ]
    return fake.page(
        [fake.pull_json(n, simple=True) for n in chosen], query, f"/repos/{fake.repository}/pulls"
    )


@route("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}")
def _update_pull(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    number = params["pull_number"]
    if not number.isdigit() or int(number) not in fake.pulls:
        raise ApiError(404, "Not Found")
    _too_long("PullRequest", "body", body.get("body"), COMMENT_LIMIT)
    for name in ("title", "body", "state"):
        if name in body:
            fake.issues[int(number)][name] = body[name]
    return Reply(200, fake.pull_json(int(number)))


@route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _add_labels(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    number = fake.issue_or_404(params)
    names = body["labels"] if isinstance(body, dict) else body
    stored = fake.issues[number]["labels"]
    for name in names:
        fake.labels.setdefault(name, {"color": "ededed", "description": None})  # made if missing
        if name not in stored:
            stored.append(name)
    return Reply(200, [fake.label_json(name) for name in stored])


@route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}")
def _remove_label(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    number = fake.issue_or_404(params)
    name = unquote(params["name"])
    stored = fake.issues[number]["labels"]
    if name not in stored:
        raise ApiError(404, "Label does not exist")
    stored.remove(name)
    return Reply(200, [fake.label_json(label) for label in stored])


@route("GET", "/repos/{owner}/{repo}")
def _get_repository(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    made = openapi().example("full-repository-default-response")
    made.update(
        full_name=fake.repository, name=fake.repository.split("/")[1], default_branch=fake.default_branch
    )
    made["language"] = None  # the example lacks this required field (and its fork's source and parent)
    made.pop("source", None)
    made.pop("parent", None)
    return Reply(200, made)


@route("GET", "/repos/{owner}/{repo}/git/ref/{ref}")
def _get_ref(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    name = unquote(params["ref"]).removeprefix("heads/")
    if name not in fake.branches:
        raise ApiError(404, "Not Found")
    return Reply(200, fake.ref_json(name))


@route("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}")
def _update_ref(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    name = unquote(params["ref"]).removeprefix("heads/")
    if name not in fake.branches:
        raise ApiError(422, "Reference does not exist")
    if body["sha"] not in fake.trees:
        raise ApiError(422, "Object does not exist")
    if not body.get("force") and body["sha"] != fake.branches[name]:
        raise ApiError(422, "Update is not a fast forward")  # the fake keeps no history to tell
    fake.branches[name] = body["sha"]
    return Reply(200, fake.ref_json(name))


@route("GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}")
def _get_blob(fake: FakeGitHub, params: dict[str, str], query: dict[str, str], body: Json) -> Reply:
    sha = params["file_sha"]
    data = next((d for tree in fake.trees.values() for d in tree.values() if blob_sha(d) == sha), None)
    if data is None:
        raise ApiError(404, "Not Found")
    made = openapi().example("blob")
    made.update(
        content=base64.encodebytes(data).decode("ascii"),
        sha=sha,
        size=len(data),
        url=fake.api(f"/repos/{fake.repository}/git/blobs/{sha}"),
    )
    return Reply(200, made)


# -- serving -----------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms delayed-ACK stall
    fake: FakeGitHub

    def _any(self) -> None:
        self.fake.handle(self)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(fake: FakeGitHub | None = None) -> Iterator[FakeGitHub]:
    """Run `fake` on 127.0.0.1 (a free port) for the duration; fail if it saw a schema problem."""
    fake = fake or FakeGitHub()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}{fake.prefix}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
    fake.check()
