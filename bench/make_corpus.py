"""Write a deterministic synthetic corpus of postmortems for the speed benchmarks.

Every file is generated from its own seeded random stream (seed and index), so corpus-100 is the first
hundred files of corpus-10000 and two runs give byte-identical files. The files vary the way real
postmortems do: front matter or summary bullets, heading aliases, timelines as bullets, tables or time
headings, action items as task lists, bracket form, tables or prose; about one in five has a problem
(a missing section or field, an invalid severity, an action without owner or due date, broken YAML,
and rarely bytes that are not UTF-8). No real postmortem text is copied.

    python -m bench.make_corpus -n 10000    # -> bench/.cache/corpus-10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".cache"
STAMP = ".complete"  # written last; holds the parameters, so a half-written corpus is never reused
FORMAT_VERSION = 1  # bump when the generated text changes

SYSTEMS = (
    "checkout", "payment-gateway", "search", "auth", "api-gateway", "billing", "ingest", "cdn",
    "postgres-primary", "redis-cache", "kafka", "scheduler", "notifications", "dns", "object-storage",
    "feature-flags", "ci-runners", "k8s-control-plane", "ingress", "metrics-pipeline",
)  # fmt: skip
TEAMS = ("payments", "platform", "sre", "data", "identity", "edge", "storage", "mobile", "web", "infra")
PEOPLE = (
    "maria", "dev-lee", "sam.o", "priya", "tkowalski", "jun", "alex-r", "noor", "fgarcia", "hana",
    "olu", "mbeck", "ines", "ravi-k", "chen", "ada", "lukas", "zoe-t",
)  # fmt: skip
THEMES = ("deployment-safety", "monitoring-gaps", "capacity", "config-drift", "dependency-failure")
CAUSES = (
    ("a deploy lowered the {s} connection-pool size from {a} to {b}", "connection pool"),
    ("an expired TLS certificate on {s}", "certificate rotation"),
    ("a schema migration took a table lock on {s} for {a} minutes", "migration locking"),
    ("a retry storm from {s} clients after a {a} second timeout", "retry amplification"),
    ("a full disk on the {s} nodes ({a}% of inodes used)", "disk capacity"),
    ("a bad feature-flag rollout that sent {a}% of traffic to {s}", "flag rollout"),
    ("a DNS record for {s} pointing at a decommissioned load balancer", "stale DNS"),
    ("a memory leak in {s} after upgrading a client library", "memory leak"),
)
SYMPTOMS = (
    "HTTP 502 errors", "elevated p99 latency", "failed logins", "delayed emails", "stale search results",
    "timeouts on the public API", "dropped webhook deliveries", "failed CI jobs",
)  # fmt: skip
EVENTS = (
    "{s} v{v} deployed", "{s} 5xx alert fires", "on-call engineer acknowledges the page",
    "incident declared, {p} takes incident command", "error rate on {s} reaches {n}%",
    "rollback of {s} started", "rollback finished; error rate falling",
    "customer support reports {n} tickets",
    "status page updated", "{s} scaled from {n} to {m} replicas", "root cause identified in {s}",
    "error rate back to baseline", "incident resolved", "monitoring for recurrence",
)  # fmt: skip
ACTIONS = (
    "Add alert for {s} queue depth above {n} for 5 minutes",
    "Move the {s} pool size into shared config with a CI check",
    "Write a runbook for rolling back {s}",
    "Load-test {s} at {n}x peak traffic before the next release",
    "Automate certificate renewal for {s}",
    "Add a canary stage to the {s} deploy pipeline",
    "Document the failover procedure for {s}",
    "Improve monitoring",
    "Review timeouts between {s} and its callers",
    "Add a dashboard for {s} saturation",
)
FILLER = (
    "The team followed the runbook but several steps were out of date.",
    "Dashboards showed the problem clearly once we knew where to look.",
    "Traffic was drained from the affected zone while the fix was prepared.",
    "The change had passed review and all tests in staging.",
    "Staging does not reproduce production load, so the regression was not visible there.",
    "Alerts fired promptly and paged the right team.",
    "Communication in the incident channel was clear and frequent.",
    "It took longer than expected to find who owned the failing component.",
    "See the [incident channel log](https://chat.example.com/archives/C0123) for details.",
    "The fix was a **one-line** configuration change, rolled out with `kubectl apply`.",
)

Writer = Callable[[random.Random, "_Incident"], list[str]]


class _Incident:
    """The facts one postmortem is about, drawn once so all its sections agree."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.index = index
        self.date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
        self.system = rng.choice(SYSTEMS)
        self.systems = sorted({self.system, *rng.sample(SYSTEMS, rng.randint(0, 3))})
        self.teams = rng.sample(TEAMS, rng.randint(1, 3))
        self.people = rng.sample(PEOPLE, 6)
        self.severity = rng.randint(1, 4)
        self.tier = rng.choices((1, 2, 3), weights=(2, 7, 1))[0]
        cause, theme = rng.choice(CAUSES)
        self.cause = cause.format(s=self.system, a=rng.randint(2, 60), b=rng.randint(1, 9))
        self.theme = theme
        self.symptom = rng.choice(SYMPTOMS)
        self.minutes = rng.randint(6, 300)
        self.start = dt.datetime.combine(self.date, dt.time(rng.randint(0, 21), rng.randint(0, 59)))
        self.title = f"{self.symptom[0].upper()}{self.symptom[1:]} on {self.system}"

    def fill(self, rng: random.Random, template: str) -> str:
        return template.format(
            s=rng.choice(self.systems),
            v=f"{rng.randint(1, 9)}.{rng.randint(0, 40)}",
            p="@" + rng.choice(self.people),
            n=rng.randint(2, 95),
            m=rng.randint(10, 200),
        )


def _severity(rng: random.Random, incident: _Incident, broken: bool) -> str:
    if broken:
        return rng.choice(("pretty bad", "high", "SEV 12", "critical"))
    return rng.choice(("SEV{}", "SEV{}", "SEV-{}", "sev {}", "Sev{}")).format(incident.severity)


def _date(rng: random.Random, day: dt.date) -> str:
    return rng.choice((day.isoformat(), f"{day:%b} {day.day}, {day.year}", f"{day:%B} {day.day}, {day.year}"))


def _front_matter(rng: random.Random, incident: _Incident, problems: set[str]) -> list[str]:
    lines = ["---", f'title: "{incident.title}"']
    if "no-date" not in problems:
        lines.append(f"date: {incident.date.isoformat()}")
    if "no-severity" not in problems:
        lines.append(f"severity: {_severity(rng, incident, 'bad-severity' in problems)}")
    lines.append(f"tier: {incident.tier}")
    if rng.random() < 0.5:
        lines.append(f"systems: [{', '.join(incident.systems)}]")
    else:
        lines += ["systems:", *(f"  - {s}" for s in incident.systems)]
    lines.append(f"duration: {incident.minutes} minutes")
    lines.append(f'coordinator: "@{incident.people[0]}"')
    if incident.tier == 3 or rng.random() < 0.2:
        lines.append(f'follow_up_owner: "@{incident.people[1]}"')
        lines.append(f"teams: [{', '.join(incident.teams)}]")
    if rng.random() < 0.5:
        lines.append(f"themes: [{incident.theme.replace(' ', '-')}]")
    if "bad-yaml" in problems:
        lines.append(rng.choice(("impact: [unclosed", "base: &b {sev: SEV2}\nincident: *b", "  : oops")))
    lines.append("---")
    return lines


def _summary_fields(rng: random.Random, incident: _Incident, problems: set[str]) -> list[str]:
    style = rng.choice(("- {k}: {v}", "**{k}:** {v}", "* **{k}**: {v}"))
    pairs = []
    if "no-date" not in problems:
        pairs.append((rng.choice(("Date", "Incident date")), _date(rng, incident.date)))
    if "no-severity" not in problems:
        pairs.append((rng.choice(("Severity", "Sev")), _severity(rng, incident, "bad-severity" in problems)))
    pairs.append(("Systems affected", ", ".join(incident.systems)))
    pairs.append(("Duration", f"{incident.minutes} minutes"))
    pairs.append((rng.choice(("Incident commander", "Coordinator")), "@" + incident.people[0]))
    if incident.tier != 2:
        pairs.append(("Tier", str(incident.tier)))
    lines = [style.format(k=k, v=v) for k, v in pairs]
    return lines if style.startswith(("-", "*")) else [line + "  " for line in lines]


def _paragraphs(rng: random.Random, incident: _Incident, count: int) -> list[str]:
    out: list[str] = []
    for _ in range(count):
        sentences = rng.sample(FILLER, rng.randint(2, 4))
        if rng.random() < 0.5:
            sentences.insert(0, f"The incident was caused by {incident.cause}.")
        out += [" ".join(sentences), ""]
    return out[:-1]


def _bullets(rng: random.Random, count: int) -> list[str]:
    return [f"- {line}" for line in rng.sample(FILLER, count)]


def _timeline(rng: random.Random, incident: _Incident) -> list[str]:
    count = rng.randint(4, 14)
    steps = sorted(rng.sample(range(1, incident.minutes + 1), min(count, incident.minutes)))
    times = [incident.start + dt.timedelta(minutes=m) for m in [0, *steps]]
    if rng.random() < 0.06:  # out of order, as a hand-edited timeline can be
        times[1], times[-1] = times[-1], times[1]
    events = [incident.fill(rng, rng.choice(EVENTS)) for _ in times]
    style = rng.choice(("bullets", "bold", "table", "headings", "dated-table", "numbered"))
    tz = rng.choice(("UTC", "UTC", "PT", "CET"))
    if style == "table":
        lines = [f"All times in {tz}.", "", "| Time | Event |", "| --- | --- |"]
        return lines + [f"| {t:%H:%M} | {e} |" for t, e in zip(times, events, strict=True)]
    if style == "dated-table":
        lines = ["| Date/time (UTC) | What happened |", "|:--|:--|"]
        return lines + [f"| {t:%Y-%m-%d %H:%M} | {e} |" for t, e in zip(times, events, strict=True)]
    if style == "headings":
        lines = [f"{_date(rng, incident.date)} (all times {tz})", ""]
        for t, e in zip(times, events, strict=True):
            lines += [f"### {t:%H:%M}", "", e, ""]
        return lines[:-1]
    head = [f"{incident.date.isoformat()} (all times {tz})", ""]
    if style == "bold":
        return head + [f"- **{t:%H:%M} {tz}** - {e}" for t, e in zip(times, events, strict=True)]
    if style == "numbered":
        stamps = [f"{(t.hour - 1) % 12 + 1}:{t:%M %p}" for t in times]
        return head + [f"{i}. {s}: {e}" for i, (s, e) in enumerate(zip(stamps, events, strict=True), 1)]
    return head + [f"- {t:%H:%M} {e}" for t, e in zip(times, events, strict=True)]


def _action_items(rng: random.Random, incident: _Incident, problems: set[str]) -> list[str]:
    count = rng.randint(1, 7)
    texts = [incident.fill(rng, rng.choice(ACTIONS)) for _ in range(count)]
    owners = ["@" + rng.choice(incident.people) for _ in texts]
    dues: list[dt.date | None] = [incident.date + dt.timedelta(days=rng.randint(7, 120)) for _ in texts]
    if "action-gaps" in problems:
        owners[0] = ""
        dues[-1] = None
    style = rng.choice(("tasks", "brackets", "table", "numbered", "nested"))
    out = ["At most five; each with one owner and a calendar due date.", ""] if rng.random() < 0.2 else []
    for i, (text, owner, due) in enumerate(zip(texts, owners, dues, strict=True)):
        done = rng.random() < 0.25
        issue = f" (#{rng.randint(100, 9999)})" if rng.random() < 0.4 else ""
        due_text = "" if due is None else _date(rng, due)
        if style == "tasks":
            parts = [text, owner, f"due {due_text}" if due_text else ""]
            out.append(f"- [{'x' if done else ' '}] " + " — ".join(p for p in parts if p) + issue)
        elif style == "brackets":
            out.append(f"- [{owner or 'TBD'}] [{due_text or 'TBD'}] {text}{issue}")
        elif style == "table":
            if i == 0:
                out += ["| Action | Owner | Due | Issue | Status |", "|---|---|---|---|---|"]
            status = "Done" if done else rng.choice(("Open", "In progress", ""))
            out.append(f"| {text} | {owner} | {due_text} | {issue.strip(' ()')} | {status} |")
        elif style == "numbered":
            extras = [f"Owner: {owner}" if owner else "", f"due: {due_text}" if due_text else ""]
            out.append(f"{i + 1}. {text} ({', '.join(e for e in extras if e) or 'unassigned'}){issue}")
        else:
            out += [f"- {text}{issue}"]
            if owner:
                out.append(f"  - Owner: {owner}")
            if due_text:
                out.append(f"  - Due: {due_text}")
            if done:
                out.append("  - Status: done")
    return out


SECTION_HEADINGS: dict[str, Sequence[str]] = {
    "summary": ("Summary", "Overview", "Executive Summary", "TL;DR"),
    "impact": ("Impact", "Customer Impact", "User impact"),
    "timeline": ("Timeline", "Timeline of Events", "Chronology"),
    "trigger": ("Trigger Event", "Root Cause", "Root Cause Analysis", "Trigger"),
    "contributing_factors": ("Contributing Factors", "Contributing factors", "Why it wasn't caught"),
    "detection": ("Detection", "How was it detected"),
    "resolution": ("Resolution", "Mitigation and resolution"),
    "what_worked_well": ("What Worked Well", "What went well", "Things that went well"),
    "what_slowed_response": ("What Slowed Response", "What went wrong", "What could have gone better"),
    "where_lucky": ("Where we got lucky",),
    "action_items": ("Action Items", "Follow-ups", "Remediation", "Corrective actions", "Next steps"),
    "lessons_learned": ("Lessons Learned", "Key takeaways"),
}
OPTIONAL = frozenset({"detection", "resolution", "where_lucky", "lessons_learned"})


def _body(rng: random.Random, incident: _Incident, kind: str, problems: set[str]) -> list[str]:
    if kind == "timeline":
        return _timeline(rng, incident)
    if kind == "action_items":
        return _action_items(rng, incident, problems)
    if kind == "impact":
        figure = rng.choice(("{n}% of requests", "{m} customers", "all users in one region"))
        who = incident.fill(rng, figure)
        line = f"{who[0].upper()}{who[1:]} saw {incident.symptom} for {incident.minutes} minutes."
        return [f"- {line}", *_bullets(rng, rng.randint(0, 2))] if rng.random() < 0.6 else [line]
    if kind in ("contributing_factors", "what_worked_well", "what_slowed_response") and rng.random() < 0.7:
        return _bullets(rng, rng.randint(1, 4))
    return _paragraphs(rng, incident, rng.randint(1, 3))


def postmortem(seed: int, index: int) -> tuple[str, bytes]:
    """The `index`-th postmortem of the corpus for `seed`: its relative path and content."""
    rng = random.Random(f"{seed}:{index}")
    incident = _Incident(rng, index)
    problems: set[str] = set()
    if rng.random() < 0.2:
        problems.add(rng.choice(("no-date", "no-severity", "bad-severity", "missing-section", "action-gaps")))
    if rng.random() < 0.01:
        problems.add("bad-yaml")
    kinds = [k for k in SECTION_HEADINGS if k not in OPTIONAL or rng.random() < 0.4]
    if incident.tier == 3 and "lessons_learned" not in kinds:
        kinds.append("lessons_learned")
    if "missing-section" in problems:
        kinds.remove(rng.choice([k for k in kinds if k != "action_items"]))

    places = ("front matter", "front matter", "front matter", "top", "summary")
    fields_in = "front matter" if "bad-yaml" in problems else rng.choice(places)
    lines = _front_matter(rng, incident, problems) if fields_in == "front matter" else []
    lines += [f"# {incident.title}", ""]
    if fields_in == "top":
        lines += [*_summary_fields(rng, incident, problems), ""]
    level = "##" if rng.random() < 0.85 else "###"
    for kind in kinds:
        heading = rng.choice(SECTION_HEADINGS[kind])
        lines += [f"{level} {heading}" if rng.random() < 0.92 else f"**{heading}**", ""]
        if kind == "summary" and fields_in == "summary":
            lines += [*_summary_fields(rng, incident, problems), ""]
        lines += [*_body(rng, incident, kind, problems), ""]
    text = "\n".join(lines)
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if rng.random() < 0.002:  # a file saved in Latin-1
        data = data.replace(b"minutes", b"minut\xe9s", 1) + b"\xe9\n"
    slug = "-".join(incident.title.lower().replace("/", " ").split()[:6])
    return f"{incident.date.year}/{incident.date.isoformat()}-{slug}-{index:05d}.md", data


def stamp_text(count: int, seed: int) -> str:
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"count={count} seed={seed} format={FORMAT_VERSION} generator={source}\n"


def make_corpus(count: int, seed: int = 1, out: Path | None = None) -> Path:
    """The corpus folder, written unless an identical one (same stamp) is already there."""
    folder = out or CACHE / f"corpus-{count}"
    stamp = folder / STAMP
    if stamp.is_file() and stamp.read_text() == stamp_text(count, seed):
        return folder
    if folder.exists():
        if not stamp.is_file() and any(folder.iterdir()):
            raise SystemExit(f"{folder} exists and is not a corpus this script wrote; not touching it")
        shutil.rmtree(folder)
    for index in range(count):
        name, data = postmortem(seed, index)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    stamp.write_text(stamp_text(count, seed))
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-n", "--count", type=int, default=10_000, help="number of files (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder (default bench/.cache/corpus-N)")
    args = parser.parse_args(argv)
    folder = make_corpus(args.count, args.seed, args.out)
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
