// The TeX macros a site's own MathJax or KaTeX configuration defines, for bpdocs' equation checker: each script
// named on the command line runs in a context of its own (Node's vm), as a browser would run it before the
// renderer loads, with a stand-in window and document (a listener for the page's load runs at once); what it sets
// as window.MathJax (or MathJax) and what it passes to KaTeX's renderMathInElement are read. The context has no
// require, process or module of Node's, so a configuration cannot reach them by accident; vm is no security
// boundary, and needs none: these are the site's own scripts, which its build and every reader's browser run.
// Prints {"macros": {name: definition}, "read": [files], "opening": [what opens math]} ("opening" only where a
// configuration names its delimiters: KaTeX's auto-render or MathJax's inlineMath/displayMath).
"use strict";

const fs = require("fs");
const vm = require("vm");

const macros = {};
const read = [];
let opening = null;  // what opens math for the site's renderer, if its configuration says
for (const file of process.argv.slice(2)) {
  const options = [];
  const element = {querySelectorAll: () => [], getElementsByTagName: () => []};
  const run = (callback) => {  // (a renderer the sandbox lacks fails here, not the configuration set before)
    try { callback({body: element, target: element}); } catch (error) { /* its typesetting, not configuration */ }
  };
  const listen = (type, listener) => run(listener);
  element.addEventListener = listen;
  const sandbox = {
    document: Object.assign({body: element, documentElement: element, readyState: "complete"}, element),
    document$: {subscribe: run},  // Material's page-load observable: KaTeX's set-up calls renderMathInElement in it
    renderMathInElement: (where, given) => { options.push(given || {}); },
    console: {log() {}, warn() {}, error() {}, info() {}},
    setTimeout: () => 0, clearTimeout: () => {}, requestAnimationFrame: () => 0,
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  sandbox.addEventListener = listen;
  try {
    vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, {timeout: 2000, filename: file});
  } catch (error) {
    continue;  // a script that does more than configure: its macros are not read (the checker says which it lacks)
  }
  const mathjax = sandbox.MathJax;
  const found = Object.assign({}, mathjax && mathjax.tex && mathjax.tex.macros,
                              ...options.map((given) => given.macros || {}));
  const plain = JSON.parse(JSON.stringify(found));  // (plain data out of the sandbox)
  if (Object.keys(plain).length) {
    Object.assign(macros, plain);
    read.push(file);
  }
  // What opens math for the renderer, where the configuration says (else its defaults apply): KaTeX's
  // delimiters, MathJax's inlineMath and displayMath (and \begin, for environments, unless turned off).
  for (const given of options) {
    if (Array.isArray(given.delimiters)) {
      opening = (opening || []).concat(given.delimiters.map((d) => String(d && d.left)));
    }
  }
  const tex = mathjax && mathjax.tex;
  if (tex && (Array.isArray(tex.inlineMath) || Array.isArray(tex.displayMath))) {
    const pairs = [...(tex.inlineMath || [["\\(", "\\)"]]), ...(tex.displayMath || [["$$", "$$"], ["\\[", "\\]"]])];
    opening = (opening || []).concat(pairs.map((pair) => String(pair && pair[0])));
    if (tex.processEnvironments !== false) opening.push("\\begin");
  }
}
process.stdout.write(JSON.stringify(opening === null ? {macros, read} : {macros, read, opening}));
