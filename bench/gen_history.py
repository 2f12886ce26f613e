#!/usr/bin/env python3
"""A planning site with a history: the shared corpus plus commits of plan edits.

Usage:
    gen_history.py --pages N --commits C --out DIR [--corpus PATH/gen_corpus.py]

Generates the shared corpus (`--flavor ours`) of N pages in DIR, commits it
once, then adds C commits that each edit one roadmap, release or iteration
page's frontmatter the way plans change in practice: its end moves (mostly
later, sometimes earlier), its status goes planned -> active -> done (a few
are dropped), its goal is rewritten or its health changes. Commits are
written with `git fast-import` (one process, fixed dates and authors), so
the same arguments give the same repository, commit ids included.
"""

import argparse
import datetime
import os
import random
import re
import subprocess
import sys

SEED = 20261205
AUTHORS = [("Ada Lovelace", "ada@example.org"), ("Grace Hopper", "grace@example.org"),
           ("Alan Turing", "alan@example.org"), ("Edsger Dijkstra", "edsger@example.org")]
FIRST_COMMIT = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.timezone.utc)
PLAN_LEVELS = ("roadmap", "release", "iteration")
NEXT_STATUS = {"proposed": "planned", "planned": "active", "active": "done"}


def git(repo, *args, stdin=None):
    subprocess.run(["git", *args], cwd=repo, input=stdin, check=True,
                   stdout=subprocess.DEVNULL)


def plan_pages(content):
    """Content paths (relative to the repository) of roadmap, release and iteration pages."""
    pages = []
    for folder, _, files in os.walk(content):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                head = f.read(600)
            match = re.search(r"^level: (\w+)$", head, re.M)
            if match and match.group(1) in PLAN_LEVELS:
                pages.append(os.path.relpath(path, os.path.dirname(content)))
    return sorted(pages)


def set_key(text, key, value):
    """`text` with frontmatter `key` set to `value` (added before the closing ---)."""
    line = f"{key}: {value}"
    pattern = re.compile(rf"^{key}: .*$", re.M)
    end = text.index("\n---", 3)
    if pattern.search(text[:end]):
        return pattern.sub(line, text, count=1)
    return text[:end] + "\n" + line + text[end:]


def get_key(text, key):
    match = re.search(rf"^{key}: (.*)$", text[: text.index("\n---", 3)], re.M)
    return match.group(1) if match else None


def edit(rng, text, when):
    """One plan edit: the new text and a commit subject."""
    status = get_key(text, "status") or "planned"
    end = get_key(text, "end")
    roll = rng.random()
    if end is None:
        new_end = (when + datetime.timedelta(days=rng.choice([14, 28, 42, 56]))).date()
        return set_key(text, "end", new_end.isoformat()), "Plan the end date"
    if roll < 0.45:
        days = rng.choice([7, 7, 14, 14, 21, -7])
        moved = datetime.date.fromisoformat(end) + datetime.timedelta(days=days)
        return set_key(text, "end", moved.isoformat()), ("Move the end" if days > 0 else "Pull in the end")
    if roll < 0.75 and status in NEXT_STATUS:
        new = NEXT_STATUS[status] if rng.random() < 0.95 else "dropped"
        return set_key(text, "status", new), f"Mark as {new}"
    if roll < 0.9:
        goal = f'"Deliver increment {rng.randrange(1000)} to {rng.choice(["users", "teams", "partners"])}"'
        return set_key(text, "goal", goal), "Rewrite the goal"
    health = rng.choice(["on-track", "at-risk", "off-track"])
    return set_key(text, "health", health), f"Health {health}"


def plan_name(path):
    """A page's name for commit subjects: its folder's for an _index.md."""
    name = os.path.basename(path)
    return os.path.basename(os.path.dirname(path)) if name == "_index.md" else name[:-3]


def data(text):
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=2000)
    ap.add_argument("--out", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "bench", "gen_corpus.py"))
    args = ap.parse_args(argv)

    subprocess.run([sys.executable, args.corpus, "--pages", str(args.pages), "--out", args.out,
                    "--flavor", "ours", "--force"], check=True, stdout=subprocess.DEVNULL)
    repo = args.out
    stamp = FIRST_COMMIT.isoformat()
    env = dict(os.environ, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp,
               GIT_AUTHOR_NAME=AUTHORS[0][0], GIT_AUTHOR_EMAIL=AUTHORS[0][1],
               GIT_COMMITTER_NAME=AUTHORS[0][0], GIT_COMMITTER_EMAIL=AUTHORS[0][1])
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "The plans as first written"], cwd=repo, env=env, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True,
                          capture_output=True, text=True).stdout.strip()

    rng = random.Random(SEED)
    pages = plan_pages(os.path.join(repo, "content"))
    texts = {}
    stream = bytearray()
    for i in range(args.commits):
        path = rng.choice(pages)
        if path not in texts:
            with open(os.path.join(repo, path), encoding="utf-8") as f:
                texts[path] = f.read()
        when = FIRST_COMMIT + datetime.timedelta(hours=2 * (i + 1))
        texts[path], subject = edit(rng, texts[path], when)
        name, email = AUTHORS[i % len(AUTHORS)]
        stamp = b"%s <%s> %d +0000\n" % (name.encode(), email.encode(), int(when.timestamp()))
        stream += b"commit refs/heads/main\nauthor " + stamp + b"committer " + stamp
        stream += data(f"{subject}: {plan_name(path)}")
        if i == 0:
            stream += b"from " + head.encode() + b"\n"
        stream += b"M 100644 inline " + path.encode() + b"\n" + data(texts[path])
    git(repo, "fast-import", "--quiet", stdin=bytes(stream))
    git(repo, "reset", "-q", "--hard", "main")
    print(f"{repo}: {args.pages} pages, {args.commits + 1} commits, {len(texts)} plans edited")


if __name__ == "__main__":
    main()
