// bpdocs' build-time typesetter: MathJax 3 (typeset-mathjax.js) or KaTeX (typeset-katex.js) in Node, started by
// bpdocs.core.typeset.process and kept for the build. One JSON message a line, both ways:
//
//   in, first:   {"configure": {"renderer", "macros", "packages", "safe", "memo"}}   (the site's `tex` option;
//                memo: false typesets every formula every time, see typeset-mathjax.js)
//   out, first:  {"ready": true, "renderer", "version", "css"}              (css: MathJax's SVG stylesheet)
//   in:          {"id": n, "formulas": [[tex, display], ...], "skip": {"index": message}}
//   progress:    "i\n" on the pipe whose number is the script's argument, before formula i is typeset (the
//                caller times each formula; none for a formula taken from the memo, which takes no time)
//   out:         {"id": n, "results": [{"html", "error", "internal", "removed"}, ...], "defs": the page's glyphs}
//   in, or:      {"id": n, "formulas": [...], "prime": true}: typeset as a page, but only into the memo (the
//                formulas a page's Markdown holds, while its cells still run: see Typesetter.prime)
//   out:         {"id": n, "results": [], "defs": ""}
//
// A page is one TeX document, typeset apart from every other page. A formula listed in "skip" (one that took
// too long before) is not typeset again: it is shown as an error with its message.
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");

const vendor = path.join(__dirname, "vendor");
const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const progressPipe = Number(process.argv[2]);
const progress = (at) => fs.writeSync(progressPipe, `${at}\n`);

const lines = readline.createInterface({input: process.stdin});
let engine = null;
let queue = Promise.resolve();

async function handle(line) {
  const message = JSON.parse(line);
  if (engine === null) {
    const settings = message.configure;
    const start = require(`./typeset-${settings.renderer === "katex" ? "katex" : "mathjax"}.js`);
    engine = await start(settings, vendor);
    send({ready: true, renderer: settings.renderer, version: engine.version, css: engine.css});
    return;
  }
  const skip = new Map(Object.entries(message.skip || {}).map(([n, text]) => [Number(n), text]));
  const page = await engine.page(message.formulas, skip, progress);
  send(message.prime ? {id: message.id, results: [], defs: ""} : {id: message.id, results: page.results, defs: page.defs});
}

lines.on("line", (line) => {
  queue = queue.then(() => handle(line)).catch((error) => {
    process.stderr.write(`bpdocs' typesetter failed: ${error && error.stack || error}\n`);
    process.exit(1);
  });
}).on("close", () => queue.then(() => process.exit(0)));
