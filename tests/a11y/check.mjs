// Checks built pages with the Nu HTML checker and axe-core in headless
// Chromium. Not part of `cargo test` (it needs npm packages):
//
//   npm install vnu-jar axe-core puppeteer-core   # once, in any folder
//   NODE_PATH=<that folder>/node_modules node tests/a11y/check.mjs PUBLIC PAGE...
//
// PAGE is a site path such as timeline/ or index.html. Exits 1 when the Nu
// checker reports an error or axe a critical or serious violation.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH ?? ".", "x"));
const puppeteer = require("puppeteer-core");
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");

const [root, ...pages] = process.argv.slice(2);
const file = (page) => path.join(root, page.endsWith("/") ? page + "index.html" : page);

let failed = false;
try {
  execFileSync("java", ["-jar", vnu, "--errors-only", ...pages.map(file)], { stdio: "inherit" });
  console.log(`Nu HTML checker: no errors in ${pages.length} pages`);
} catch {
  failed = true;
}

const types = { ".html": "text/html", ".css": "text/css", ".xml": "application/xml" };
const server = createServer(async (req, res) => {
  const page = decodeURIComponent(new URL(req.url, "http://x").pathname);
  try {
    const body = await readFile(file(page.slice(1) || "index.html"));
    res.writeHead(200, { "content-type": types[path.extname(file(page))] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}).listen(0, "127.0.0.1");
await new Promise((ok) => server.once("listening", ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const page of pages) {
  const tab = await browser.newPage();
  await tab.goto(base + page, { waitUntil: "load" });
  await tab.evaluate(axeSource);
  const result = await tab.evaluate(() => window.axe.run());
  const bad = result.violations.filter((v) => ["critical", "serious"].includes(v.impact));
  console.log(`axe ${page}: ${bad.length} critical/serious, ${result.violations.length - bad.length} other`);
  for (const v of result.violations) {
    console.log(`  ${v.impact} ${v.id}: ${v.help} (${v.nodes.length})`);
  }
  failed ||= bad.length > 0;
  await tab.close();
}
await browser.close();
server.close();
process.exit(failed ? 1 : 0);
