#!/usr/bin/env bash
# Validates pages of a built site with the Nu HTML checker and checks them
# with axe-core in headless Chromium, without WebDriver: each page is copied
# with axe injected, axe's result is written into the page, and Chromium
# prints the resulting DOM.
#
# Usage: tests/a11y/check.sh [FIXTURE [TODAY [PAGE ...]]]
#   default: the lower-levels fixture on 2026-09-16, its sprint, release,
#   dependency map and blockers pages.
# Needs: java, node/npm (installs vnu-jar and axe-core into $A11Y_TOOLS,
# default /tmp/strata-a11y), /usr/bin/chromium, python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
fixture=${1:-lower-levels}
today=${2:-2026-09-16}
shift $(( $# > 2 ? 2 : $# ))
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(releases/r1/alpha-1/index.html releases/r1/index.html dependencies/index.html blockers/index.html)
tools=${A11Y_TOOLS:-/tmp/strata-a11y}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f "$tools/node_modules/axe-core/axe.min.js" ] || [ ! -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" vnu-jar axe-core >/dev/null
fi

cargo run -q --manifest-path "$repo/Cargo.toml" -- build --root "$repo/tests/fixtures/$fixture" \
  --output "$work/site" --today "$today" 2>/dev/null

status=0
echo "== Nu HTML checker"
if (cd "$work/site" && java -jar "$tools/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only "${pages[@]}"); then
  echo "no errors in ${#pages[@]} pages"
else
  status=1
fi

echo "== axe-core (WCAG 2.x A and AA)"
cp "$tools/node_modules/axe-core/axe.min.js" "$work/site/axe.min.js"
for page in "${pages[@]}"; do
  probe="$work/site/${page%.html}.axe.html"
  python3 - "$work/site/$page" "$probe" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
run = """<script src="/axe.min.js"></script><script>
axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}).then(r => {
  const out = document.createElement('pre'); out.id = 'axe-result';
  out.textContent = JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})));
  document.body.appendChild(out);
});
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</body>", run + "</body>"))
PY
done
(cd "$work/site" && python3 -m http.server 0 --bind 127.0.0.1 >"$work/http.log" 2>&1 & echo $! >"$work/http.pid")
for _ in $(seq 50); do grep -q "port" "$work/http.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
for page in "${pages[@]}"; do
  url="http://127.0.0.1:$port/${page%.html}.axe.html"
  result=$(timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 \
    --dump-dom "$url" 2>/dev/null | python3 -c '
import html, re, sys
m = re.search(r"<pre id=\"axe-result\">(.*?)</pre>", sys.stdin.read(), re.S)
print(html.unescape(m.group(1)) if m else "no result")')
  echo "$page: $result"
  [ "$result" = "[]" ] || status=1
done
kill "$(cat "$work/http.pid")" 2>/dev/null || true
exit $status
