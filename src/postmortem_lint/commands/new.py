"""`postmortem-lint new "Title"`: start a postmortem from the template for its tier."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import string
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from postmortem_lint import packaged
from postmortem_lint.errors import UsageError
from postmortem_lint.regex import compiled

_NOT_SLUG = compiled(r"[^a-z0-9]+")  # what a file name made from a title leaves out


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "new",
        help="write a new postmortem from the template",
        description="Write YYYY-MM-DD-title-slug.md from the template for the tier; never overwrites.",
    )
    parser.add_argument("title")
    parser.add_argument(
        "--tier",
        type=int,
        choices=(1, 2, 3),
        default=2,
        help="1 short recap, 2 standard postmortem (default), 3 deep cross-team review",
    )
    parser.add_argument("--dir", default="postmortems", help="folder to write into (default: postmortems)")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="incident date (default: today)")
    parser.set_defaults(run=run)


def slug(title: str) -> str:
    words = _NOT_SLUG.sub("-", title.lower()).strip("-")
    return words[:60].rstrip("-") or "incident"


def render(tier: int, title: str, date: dt.date) -> str:
    """The tier's template for this incident. The front matter goes through the YAML library (a title
    such as `Disk full on C:\\data\\queue` or `"quoted": yes` stays the same string when read
    back), the Markdown body through `$title` / `$date` substitution."""
    text = packaged.text(f"templates/tier{tier}.md")
    _, matter, body = text.split("---\n", 2)
    yaml = YAML()  # round trip: the template's order, quoting and comments stay
    yaml.preserve_quotes = True
    yaml.width = 4096  # a long title stays on one line
    data = yaml.load(matter)
    data["title"], data["date"] = title, date
    out = io.StringIO()
    yaml.dump(data, out)
    markdown = string.Template(body).substitute(title=title, date=date.isoformat())
    return f"---\n{out.getvalue()}---\n{markdown}"


def run(args: argparse.Namespace) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise UsageError("the title is empty")
    date = args.date or dt.date.today()
    folder = Path(args.dir)
    target = folder / f"{date.isoformat()}-{slug(title)}.md"
    content = render(args.tier, title, date)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(content)
    except FileExistsError:
        raise UsageError(f"{target} already exists; not overwritten") from None
    print(target)
    return 0
