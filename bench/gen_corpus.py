#!/usr/bin/env python3
"""Deterministic synthetic planning-site corpus generator (stdlib only).

Usage:
    gen_corpus.py --pages N --out DIR --flavor {ours,hugo,zola,mdbook} [--force]

Writes exactly N markdown pages forming a planning site:

    home                      content/_index.md
    vision (1 section)        content/vision/_index.md + a few vision pages
    roadmap overview          content/roadmap/_index.md
    quarter roadmaps          content/roadmap/2026-q1/_index.md
    releases (4 teams/qtr)    content/roadmap/2026-q1/release-platform-2026.1/_index.md
    sprints (3/release)       .../release-platform-2026.1/sprint-01/_index.md
    daily pages (10/sprint)   .../sprint-01/2026-01-05.md

Pages are generated depth-first; generation stops after exactly N pages, so
every section that exists has its index page and every link target exists.
Bodies are 1.5-3 KB of markdown (headings, paragraphs, bullet lists, a table,
emphasis, inline code and two relative links: parent + previous sibling).
The same seed gives byte-identical output; bodies are identical across
flavors except for link syntax (and, for mdbook, a title/meta preamble
instead of frontmatter).

Flavors:
  ours    content/ with YAML frontmatter in Strata's planning model (title,
          level, parent as a content path, date, weight, status, health,
          owner, tags); links are relative .md paths.
  hugo    config.toml, content/ (YAML frontmatter), layouts/_default/
          {baseof,single,list}.html; links are relative pretty URLs.
  zola    config.toml, content/ (YAML `---` frontmatter; non-standard keys
          under `extra:`), templates/{base,index,section,page}.html;
          links are Zola internal links (@/path.md), checked at build time.
  mdbook  book.toml, src/SUMMARY.md listing all pages, src/**/index.md for
          sections; no frontmatter (mdBook has none): the title and meta line
          are emitted as markdown at the top of each body; links are relative
          .md paths (mdBook rewrites them to .html).
"""

import argparse
import datetime
import os
import posixpath
import random
import shutil
import sys
import zlib

SEED = 20260701
TEAMS = ["platform", "api", "web", "data"]
SPRINTS_PER_RELEASE = 3
DAYS_PER_SPRINT = 10
FIRST_YEAR = 2026
VISION_PAGES = [
    ("north-star", "North star"),
    ("principles", "Planning principles"),
    ("non-goals", "Non-goals"),
    ("customers", "Customers and outcomes"),
]
STATUSES = ["planned", "in-progress", "done", "blocked", "at-risk"]
OURS_STATUS = {"planned": "planned", "in-progress": "active", "done": "done", "blocked": "active", "at-risk": "active"}
OURS_HEALTH = {"planned": "on-track", "in-progress": "on-track", "done": "on-track", "blocked": "off-track", "at-risk": "at-risk"}
OWNERS = ["alice", "bilal", "chen", "dana", "emeka", "farah", "goran",
          "hana", "ivan", "juno", "kofi", "lena"]
TAGS = ["backend", "frontend", "infra", "security", "perf", "ux", "docs",
        "billing", "search", "onboarding", "reliability", "migration"]

# --- vocabulary for body text ------------------------------------------------

SUBJECTS = [
    "the ingestion pipeline", "the billing service", "the onboarding flow",
    "the search indexer", "the release train", "the API gateway",
    "the mobile client", "the reporting dashboard", "the auth layer",
    "the data warehouse export", "the notification fan-out",
    "the schema migration", "the staging cluster", "the feature-flag service",
    "the customer import tool", "the on-call rotation",
]
VERBS = [
    "needs", "blocks", "unblocks", "depends on", "replaces", "simplifies",
    "reduces", "extends", "validates", "hardens", "speeds up", "tracks",
]
OBJECTS = [
    "the quarterly objective", "p95 latency under load", "the rollout plan",
    "the retry budget", "error-rate alerts", "the cost model",
    "the accessibility audit", "cross-team review", "the backlog grooming",
    "the contract tests", "capacity planning", "the incident follow-ups",
    "the migration checklist", "the usage metrics", "the beta cohort",
]
QUALIFIERS = [
    "before the next release", "for the enterprise tier", "without downtime",
    "in two phases", "behind a feature flag", "once the design is signed off",
    "as agreed in the last review", "with a rollback path",
    "for all regions", "within the sprint", "after the freeze lifts",
    "pending security sign-off",
]
CODE_WORDS = ["retry_max", "FEATURE_X", "p95_ms", "batch_size", "/v2/orders",
              "cron.daily", "max_conns", "queue.depth", "rollout_pct",
              "schema_v7", "tz=UTC", "--dry-run"]
EMPH = ["must", "only", "still", "always", "never", "carefully", "explicitly"]
WORKSTREAMS = ["Design", "Backend", "Frontend", "QA", "Docs", "Infra",
               "Security review", "Data migration", "Rollout", "Support"]
ESTIMATES = ["1d", "2d", "3d", "0.5w", "1w", "2w", "3w"]


def sentence(rng):
    s = "{} {} {} {}".format(rng.choice(SUBJECTS), rng.choice(VERBS),
                             rng.choice(OBJECTS), rng.choice(QUALIFIERS))
    r = rng.random()
    if r < 0.25:
        s += ", and we *{}* keep `{}` stable".format(rng.choice(EMPH), rng.choice(CODE_WORDS))
    elif r < 0.4:
        s += "; this is **{}**".format(rng.choice(["high priority", "on track", "slipping", "de-scoped", "done"]))
    return s[0].upper() + s[1:] + "."


def paragraph(rng, lo=3, hi=5):
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def bullet(rng):
    r = rng.random()
    if r < 0.3:
        return "- **{}**: {}".format(rng.choice(WORKSTREAMS), sentence(rng))
    if r < 0.5:
        return "- [{}] {}".format(rng.choice([" ", "x"]), sentence(rng))
    return "- " + sentence(rng)


# --- site model --------------------------------------------------------------

class Page:
    __slots__ = ("id", "section", "title", "level", "parent", "date", "weight",
                 "status", "owner", "tags", "prev", "children")

    def __init__(self, pid, section, title, level, parent, date, weight):
        self.id = pid            # content-relative, no extension; "" = home
        self.section = section   # True: folder with an index page
        self.title = title
        self.level = level
        self.parent = parent     # Page or None
        self.date = date
        self.weight = weight
        self.prev = None         # previous sibling (same parent), or None
        self.children = []
        h = zlib.crc32(("meta:" + pid).encode())
        r = random.Random(SEED ^ h)
        self.status = r.choice(STATUSES)
        self.owner = r.choice(OWNERS)
        self.tags = sorted(r.sample(TAGS, r.randint(2, 3)))


def quarter_start(year, q):
    return datetime.date(year, 3 * (q - 1) + 1, 1)


def next_monday(d):
    return d + datetime.timedelta(days=(7 - d.weekday()) % 7)


def build_model(n):
    """Return pages in depth-first order, exactly n of them (n >= 1)."""
    pages = []

    def add(pid, section, title, level, parent, date):
        if len(pages) >= n:
            raise StopIteration
        weight = len(parent.children) + 1 if parent else 1
        p = Page(pid, section, title, level, parent, date, weight)
        if parent:
            if parent.children:
                p.prev = parent.children[-1]
            parent.children.append(p)
        pages.append(p)
        return p

    try:
        d0 = datetime.date(FIRST_YEAR, 1, 1)
        home = add("", True, "Planning", "site", None, d0)
        vision = add("vision", True, "Vision", "vision", home, d0)
        for slug, title in VISION_PAGES:
            add("vision/" + slug, False, title, "vision", vision, d0)
        roadmap = add("roadmap", True, "Roadmap", "roadmap", home, d0)
        qi = 0
        while True:
            year, q = FIRST_YEAR + qi // 4, qi % 4 + 1
            qs = quarter_start(year, q)
            qid = "roadmap/{}-q{}".format(year, q)
            quarter = add(qid, True, "Roadmap {} Q{}".format(year, q),
                          "roadmap", roadmap, qs)
            for team in TEAMS:
                rel_name = "{}.{}".format(year, q)
                rid = "{}/release-{}-{}".format(qid, team, rel_name)
                release = add(rid, True, "Release {} {}".format(team, rel_name),
                              "release", quarter, qs)
                start = next_monday(qs)
                for s in range(1, SPRINTS_PER_RELEASE + 1):
                    ss = start + datetime.timedelta(days=14 * (s - 1))
                    sid = "{}/sprint-{:02d}".format(rid, s)
                    sprint = add(sid, True,
                                 "Sprint {:02d} · {} {}".format(s, team, rel_name),
                                 "sprint", release, ss)
                    day = ss
                    for _ in range(DAYS_PER_SPRINT):
                        while day.weekday() >= 5:
                            day += datetime.timedelta(days=1)
                        add("{}/{}".format(sid, day.isoformat()), False,
                            "Daily {} · {} s{:02d}".format(day.isoformat(), team, s),
                            "daily", sprint, day)
                        day += datetime.timedelta(days=1)
            qi += 1
    except StopIteration:
        pass
    return pages


# --- paths and links per flavor ----------------------------------------------

def src_path(p, flavor):
    """Path of the page's markdown file, relative to the content root."""
    if flavor == "mdbook":
        return (p.id + "/index.md") if p.id else "index.md"
    if p.section:
        return (p.id + "/_index.md") if p.id else "_index.md"
    return p.id + ".md"


def url_path(p):
    return "/" + (p.id + "/" if p.id else "")


def link(src, dst, flavor):
    if flavor == "zola":
        return "@/" + src_path(dst, flavor)
    if flavor == "hugo":
        rel = posixpath.relpath(url_path(dst), url_path(src))
        return "./" if rel == "." else rel + "/"
    # ours, mdbook: relative file path from the source file's folder
    a = src_path(src, flavor)
    b = src_path(dst, flavor)
    return posixpath.relpath(b, posixpath.dirname(a) or ".")


# --- page text ---------------------------------------------------------------

KIND_WORD = {"site": "site", "vision": "vision", "roadmap": "roadmap",
             "release": "release", "sprint": "sprint", "daily": "daily log"}


def body(p, flavor):
    rng = random.Random(SEED ^ zlib.crc32(("body:" + p.id).encode()))
    target = rng.randint(1400, 2600)
    out = []
    if flavor == "mdbook":
        out.append("# " + p.title)
        out.append("")
        out.append("*{}* · {} · {} · {}".format(p.status, p.owner, p.date.isoformat(),
                                                ", ".join(p.tags)))
        out.append("")
    intro = paragraph(rng, 2, 4)
    if p.parent is not None:
        intro += " This {} rolls up into [{}]({}).".format(
            KIND_WORD[p.level], p.parent.title, link(p, p.parent, flavor))
    out.append(intro)
    out.append("")
    out.append("## Goals")
    out.append("")
    for _ in range(rng.randint(3, 5)):
        out.append(bullet(rng))
    out.append("")
    out.append("## Status")
    out.append("")
    out.append("| Workstream | Owner | Status | Estimate |")
    out.append("|------------|-------|--------|---------:|")
    for _ in range(rng.randint(3, 5)):
        out.append("| {} | @{} | {} | {} |".format(
            rng.choice(WORKSTREAMS), rng.choice(OWNERS),
            rng.choice(STATUSES), rng.choice(ESTIMATES)))
    out.append("")
    out.append("## Notes")
    out.append("")
    other = p.prev if p.prev is not None else (
        p.parent.parent if p.parent is not None and p.parent.parent is not None else None)
    note = paragraph(rng, 2, 3)
    if other is not None:
        note += " Compare with [{}]({}) for the previous state.".format(
            other.title, link(p, other, flavor))
    out.append(note)
    out.append("")
    out.append("### Risks")
    out.append("")
    for _ in range(rng.randint(2, 3)):
        out.append(bullet(rng))
    out.append("")
    text = "\n".join(out)
    extra_heads = ["Decisions", "Open questions", "Follow-ups", "Dependencies"]
    i = 0
    while len(text.encode()) < target and i < 8:
        if i % 2 == 0:
            text += "\n## {}\n\n".format(extra_heads[(i // 2) % len(extra_heads)])
        text += paragraph(rng, 2, 4) + "\n\n"
        i += 1
    return text


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def frontmatter(p, flavor):
    parent = p.parent.id if p.parent is not None else ""
    tags = "[" + ", ".join(p.tags) + "]"
    if flavor == "zola":
        lines = ["---", "title: " + yq(p.title), "weight: {}".format(p.weight)]
        if p.section:
            lines.append("sort_by: weight")
        else:
            lines.append("date: " + p.date.isoformat())
        lines += ["extra:",
                  "  level: " + p.level,
                  "  parent: " + yq(parent),
                  "  status: " + p.status,
                  "  owner: " + p.owner,
                  "  tags: " + tags]
        if p.section:
            lines.append("  date: " + yq(p.date.isoformat()))
        lines.append("---")
        return "\n".join(lines) + "\n"
    # ours: the planning model of shared/DESIGN.md — levels vision..daily, parent as the
    # parent's content path, statuses planned/active/done and a separate health.
    lines = ["---", "title: " + yq(p.title)]
    if p.level != "site":
        lines.append("level: " + ("iteration" if p.level == "sprint" else p.level))
    if p.parent is not None and p.parent.level != "site":
        lines.append("parent: " + yq(src_path(p.parent, flavor)))
    lines += ["date: " + p.date.isoformat(),
              "weight: {}".format(p.weight),
              "status: " + OURS_STATUS[p.status],
              "health: " + OURS_HEALTH[p.status],
              "owner: " + p.owner,
              "tags: " + tags]
    lines += sprint_fields(p, flavor)
    lines.append("---")
    return "\n".join(lines) + "\n"


def sprint_fields(p, flavor):
    """Fields of the lower levels (ours only): a sprint's dates, team,
    capacity and dependency on the sprint before it; a daily page's
    remaining, done and scope, and now and then a blocker."""
    if p.level == "sprint":
        end = p.date + datetime.timedelta(days=11)
        committed = 20 + p.weight * 5
        fields = ["start: " + p.date.isoformat(), "end: " + end.isoformat(),
                  "team: " + p.parent.title.split()[1],
                  "capacity: {{available: {}, committed: {}}}".format(committed + 5, committed)]
        if p.prev is not None:
            fields.append("depends_on: [" + yq(src_path(p.prev, flavor)) + "]")
        return fields
    if p.level == "daily" and p.parent is not None and p.parent.level == "sprint":
        i = p.parent.children.index(p)
        scope = 20 + p.parent.weight * 5 + i // 4
        done = min(scope, i * scope // DAYS_PER_SPRINT + i % 3)
        fields = ["remaining: {}".format(scope - done), "done: {}".format(done),
                  "scope: {}".format(scope)]
        if i % 7 == 3:
            fields.append("blockers: [" + yq("Waiting for review") + "]")
        return fields
    return []


# --- per-flavor scaffolding --------------------------------------------------

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Planning"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false
disableHugoGeneratorInject = true
enableGitInfo = false
enableEmoji = false
buildFuture = true

[taxonomies]

[markup]
  defaultMarkdownHandler = "goldmark"
  [markup.highlight]
    codeFences = false
  [markup.tableOfContents]
    startLevel = 2
    endLevel = 3

[minify]
  minifyOutput = false

[build]
  writeStats = false
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<nav class="breadcrumb">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}<span>{{ .Title }}</span></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
"""

HUGO_SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p class="meta">{{ .Params.status }} · {{ .Params.owner }} · {{ .Date.Format "2006-01-02" }} · {{ delimit .Params.tags ", " }}</p>
{{ .Content }}</article>{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p class="meta">{{ .Params.status }} · {{ .Params.owner }} · {{ .Date.Format "2006-01-02" }} · {{ delimit .Params.tags ", " }}</p>
{{ .Content }}</article>
<ul class="children">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""

ZOLA_CONFIG = """\
base_url = "http://localhost"
title = "Planning"
compile_sass = false
minify_html = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false

[markdown]
render_emoji = false
smart_punctuation = false
# no [markdown.highlighting] table: syntax highlighting is off
"""

ZOLA_BASE = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{% endblock %} | {{ config.title }}</title></head>
<body>
{% block body %}{% endblock %}
</body></html>
"""

ZOLA_PAGE = """\
{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block body %}<nav class="breadcrumb">{% for a in page.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<a href="{{ s.permalink | safe }}">{{ s.title }}</a> / {% endfor %}<span>{{ page.title }}</span></nav>
<main><article><h1>{{ page.title }}</h1>
<p class="meta">{{ page.extra.status }} · {{ page.extra.owner }} · {{ page.date }} · {{ page.extra.tags | join(sep=", ") }}</p>
{{ page.content | safe }}</article></main>{% endblock %}
"""

ZOLA_SECTION = """\
{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block body %}<nav class="breadcrumb">{% for a in section.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<a href="{{ s.permalink | safe }}">{{ s.title }}</a> / {% endfor %}<span>{{ section.title }}</span></nav>
<main><article><h1>{{ section.title }}</h1>
<p class="meta">{{ section.extra.status }} · {{ section.extra.owner }} · {{ section.extra.date }} · {{ section.extra.tags | join(sep=", ") }}</p>
{{ section.content | safe }}</article>
<ul class="children">{% for p in section.subsections %}{% set s = get_section(path=p, metadata_only=true) %}<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a></li>{% endfor %}{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}</ul></main>{% endblock %}
"""

ZOLA_INDEX = '{% extends "section.html" %}\n'

MDBOOK_TOML = """\
[book]
title = "Planning"
src = "src"
language = "en"

[build]
build-dir = "book"
create-missing = false
use-default-preprocessors = false

[output.html]
smart-punctuation = false
mathjax-support = false

[output.html.search]
enable = false

[output.html.print]
enable = false

[output.html.playground]
runnable = false
copyable = false

[output.html.fold]
enable = false
"""


def write(path, text):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def summary(pages):
    lines = ["# Summary", ""]
    depth = {}
    for p in pages:
        dep = 0 if p.parent is None else depth[p.parent.id] + 1
        depth[p.id] = dep
        lines.append("{}- [{}]({})".format("  " * dep, p.title, src_path(p, "mdbook")))
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of markdown pages (>= 1)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--flavor", choices=["ours", "hugo", "zola", "mdbook"], required=True)
    ap.add_argument("--force", action="store_true", help="delete --out first if it exists")
    a = ap.parse_args(argv)
    if a.pages < 1:
        ap.error("--pages must be >= 1")
    if os.path.exists(a.out) and os.listdir(a.out):
        if not a.force:
            ap.error("{} exists and is not empty (use --force)".format(a.out))
        shutil.rmtree(a.out)
    os.makedirs(a.out, exist_ok=True)

    pages = build_model(a.pages)
    root = os.path.join(a.out, "src" if a.flavor == "mdbook" else "content")
    total = 0
    for p in pages:
        text = body(p, a.flavor)
        if a.flavor != "mdbook":
            text = frontmatter(p, a.flavor) + "\n" + text
        total += len(text.encode())
        write(os.path.join(root, *src_path(p, a.flavor).split("/")), text)

    if a.flavor == "hugo":
        write(os.path.join(a.out, "config.toml"), HUGO_CONFIG)
        lay = os.path.join(a.out, "layouts", "_default")
        write(os.path.join(lay, "baseof.html"), HUGO_BASEOF)
        write(os.path.join(lay, "single.html"), HUGO_SINGLE)
        write(os.path.join(lay, "list.html"), HUGO_LIST)
    elif a.flavor == "zola":
        write(os.path.join(a.out, "config.toml"), ZOLA_CONFIG)
        t = os.path.join(a.out, "templates")
        write(os.path.join(t, "base.html"), ZOLA_BASE)
        write(os.path.join(t, "page.html"), ZOLA_PAGE)
        write(os.path.join(t, "section.html"), ZOLA_SECTION)
        write(os.path.join(t, "index.html"), ZOLA_INDEX)
    elif a.flavor == "mdbook":
        write(os.path.join(a.out, "book.toml"), MDBOOK_TOML)
        write(os.path.join(root, "SUMMARY.md"), summary(pages))

    sections = sum(1 for p in pages if p.section)
    sys.stderr.write("{}: {} pages ({} section indexes), {:.1f} MB markdown in {}\n".format(
        a.flavor, len(pages), sections, total / 1e6, root))


if __name__ == "__main__":
    main()
