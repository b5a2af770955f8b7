// bpdocs' build-time typesetter: MathJax 3 in Node, started once per build by bpdocs.core.typeset.process.
//
// Reads one JSON request per line on stdin: {"id": n, "formulas": [[tex, display], ...]}, the formulas
// of one page in page order, and answers with one line:
// {"id": n, "results": [{"html": ..., "error": ...}], "defs": ...}. Each result is MathJax's SVG output
// with its assistive MathML for screen readers; its glyphs are <use> references into "defs", the page's
// one font cache (each glyph drawn once per page, as MathJax does in a browser). A page is one TeX document: \label and \eqref work across its formulas,
// forward references included (a second pass). The first line out is
// {"ready": true, "version": ..., "css": ...}: MathJax's stylesheet for this output.
"use strict";

const path = require("path");
const readline = require("readline");

const base = path.join(__dirname, "vendor", "mathjax");

require(path.join(base, "node-main.js")).init({
  loader: {
    paths: {mathjax: base},
    load: ["input/tex", "output/svg", "adaptors/liteDOM", "a11y/assistive-mml"],
    versionWarnings: false,
  },
  // As in the browser (mathjax-config.js), except that an undefined macro is an error, not red text.
  tex: {tags: "ams", packages: {"[-]": ["noundefined"]}, formatError: (jax, error) => { throw error; }},
  svg: {fontCache: "global"},
  startup: {typeset: false},
}).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const tags = () => MathJax.startup.document.inputJax[0].parseOptions.tags;

  async function convert(tex, display) {
    try {
      const node = await MathJax.tex2svgPromise(tex, {display});
      return {html: adaptor.outerHTML(node), error: null};
    } catch (error) {
      return {html: "", error: String(error.message || error)};
    }
  }

  const REFERENCE = /\\(eq)?ref\s*\{([^}]*)\}/g;
  const HAS_REFERENCE = /\\(eq)?ref\s*\{/;
  const LABEL = /\\label\s*\{([^}]*)\}/g;

  const fontCache = MathJax.startup.output.fontCache;

  async function typesetPage(formulas) {
    MathJax.texReset();  // labels and equation numbers belong to one page
    fontCache.clearCache();  // and so do the glyphs
    const counters = [];
    const results = [];
    for (const [tex, display] of formulas) {
      counters.push(tags().counter);
      results.push(await convert(tex, display));
    }
    const labels = Object.assign({}, tags().allLabels);
    // A reference to a label defined later came out as "???": typeset it again, the reference spelt out.
    for (let n = 0; n < formulas.length; n++) {
      const [tex, display] = formulas[n];
      if (results[n].error || !HAS_REFERENCE.test(tex) || !results[n].html.includes("???")) continue;
      const spelt = tex.replace(REFERENCE, (whole, eq, label) => {
        const target = labels[label.trim()];
        if (!target) return whole;
        const shown = eq ? `(${target.tag})` : target.tag;
        return `\\href{#${encodeURIComponent(target.id)}}{${shown}}`;
      });
      for (const match of tex.matchAll(LABEL)) delete tags().allLabels[match[1].trim()];
      const counter = tags().counter;
      tags().counter = counters[n];
      results[n] = await convert(spelt, display);
      tags().counter = counter;
    }
    for (const result of results) {
      if (!result.error && result.html.includes("???")) {
        result.error = "a reference (\\ref or \\eqref) to a label no equation on this page defines";
      }
    }
    const defs = '<svg id="MJX-SVG-global-cache" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" ' +
      `style="display: none">${adaptor.outerHTML(fontCache.getCache())}</svg>`;
    return {results, defs};
  }

  const css = adaptor.textContent(MathJax.svgStylesheet());
  process.stdout.write(JSON.stringify({ready: true, version: MathJax.version, css}) + "\n");
  let queue = Promise.resolve();
  readline.createInterface({input: process.stdin}).on("line", (line) => {
    queue = queue.then(async () => {
      const request = JSON.parse(line);
      const page = await typesetPage(request.formulas);
      process.stdout.write(JSON.stringify({id: request.id, results: page.results, defs: page.defs}) + "\n");
    });
  }).on("close", () => queue.then(() => process.exit(0)));
}).catch((error) => {
  process.stderr.write(`MathJax could not start: ${error.stack || error}\n`);
  process.exit(1);
});
