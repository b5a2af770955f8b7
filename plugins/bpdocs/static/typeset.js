// bpdocs' build-time typesetter: MathJax 3 (typeset-mathjax.js) or KaTeX (typeset-katex.js) in Node, started by
// bpdocs.core.typeset.process and kept for the build. One JSON message a line, both ways:
//
//   in, first:   {"configure": {"renderer", "macros", "packages", "safe", "memo"}}   (the site's `tex` option;
//                memo: false typesets every formula every time, see typeset-mathjax.js)
//   out, first:  {"ready": true, "renderer", "version", "css"}              (css: MathJax's SVG stylesheet)
//   in:          {"id": n, "formulas": [[tex, display], ...], "skip": {"index": message}}
//   progress:    "i\n" on the pipe whose number is the script's argument, before formula i is typeset (the
//                caller times each formula; none for a formula taken from the memo, which takes no time)
//   out:         {"id": n, "results": [{"html", "error", "internal", "removed"}, ...], "defs": the page's glyphs,
//                "optimizing": whether V8's optimizing compiler is on (below)}
//   in, or:      {"id": n, "formulas": [...], "prime": true}: typeset as a page, but only into the memo (the
//                formulas a page's Markdown holds, while its cells still run: see Typesetter.prime)
//   out:         {"id": n, "results": [], "defs": "", "optimizing"}
//
// A page is one TeX document, typeset apart from every other page. A formula listed in "skip" (one that took
// too long before) is not typeset again: it is shown as an error with its message.
//
// V8's optimizing compiler (TurboFan) is off until this Node has typeset OPTIMIZE_AFTER formulas. It compiles
// MathJax's hot functions in threads of its own: about 0.7 s of CPU, measured on this repository's site, that a
// site's first build (every core busy, some 550 formulas) pays and that repays only after some 800 formulas
// (unoptimized, a formula takes about 1.7 times as long). A bigger site, or a serve loop's long-lived Node, turns
// it on after those. Every answer says whether it is on ("optimizing").
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const v8 = require("v8");

const OPTIMIZE_AFTER = 800;
const TURBOFAN = Number(process.versions.v8.split(".")[0]) >= 11 ? "turbofan" : "opt";  // (its older name)
let optimizing = false;
let typeset = 0;  // formulas this Node typeset (none taken from a memo)

function optimize(on) {
  try {
    v8.setFlagsFromString(`--${on ? "" : "no-"}${TURBOFAN}`);
    optimizing = on;
  } catch (error) {  // a V8 that refuses: it optimizes as it always does
    optimizing = true;
  }
}
optimize(false);

const vendor = path.join(__dirname, "vendor");
const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const progressPipe = Number(process.argv[2]);
const progress = (at) => {
  typeset += 1;
  fs.writeSync(progressPipe, `${at}\n`);
};

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
  if (!optimizing && typeset >= OPTIMIZE_AFTER) optimize(true);
  send(message.prime ? {id: message.id, results: [], defs: "", optimizing}
                     : {id: message.id, results: page.results, defs: page.defs, optimizing});
}

lines.on("line", (line) => {
  queue = queue.then(() => handle(line)).catch((error) => {
    process.stderr.write(`bpdocs' typesetter failed: ${error && error.stack || error}\n`);
    process.exit(1);
  });
}).on("close", () => queue.then(() => process.exit(0)));
