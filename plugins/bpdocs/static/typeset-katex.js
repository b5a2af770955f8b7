// KaTeX for bpdocs' build-time typesetter (see typeset.js): HTML with MathML, as KaTeX's renderToString makes it.
//
// A page's formulas share one copy of the site's macros, so a \newcommand or \gdef applies to the rest of that
// page only. A TeX error is rendered as KaTeX renders it in the browser (the source in red, the message as its
// title) and reported. Links and HTML commands go through the same safe rules as MathJax's (mathjax-safe.js).
//
// A formula is rendered once per Node process (the memo) when it defines nothing and has no \tag, \label or
// reference: its result is kept for the page's definitions before it (the formulas that changed its macros).
"use strict";

const fs = require("fs");
const path = require("path");
const safeRules = require("./mathjax-safe.js");

const CLASS_OR_ID = /^mjx-[-a-zA-Z0-9_.]+$/;  // what MathJax's safe mode allows as a class or an id

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]);
}

module.exports = async function start(settings, vendor) {
  const katex = require(path.join(vendor, "katex", "katex.min.js"));
  if (settings.packages.includes("mhchem")) {  // it asks for require("katex"): give it this one
    const source = fs.readFileSync(path.join(vendor, "katex", "contrib", "mhchem.min.js"), "utf8");
    const module = {exports: {}};
    new Function("module", "exports", "require", source)(module, module.exports, () => katex);
  }
  const siteMacros = {};
  for (const [name, definition] of Object.entries(settings.macros)) {
    siteMacros[`\\${name}`] = Array.isArray(definition) ? definition[0] : definition;
  }
  let removed = [];

  function trust(context) {
    const allow = (kind, ok) => {
      const level = settings.safe[kind];
      const trusted = level === "all" || (level === "safe" && ok());
      if (!trusted && level === "safe") removed.push(`${context.command} ${JSON.stringify(context.url || context.class || context.id || context.style || "")}`);
      return trusted;
    };
    switch (context.command) {
      case "\\href": case "\\url": case "\\includegraphics":
        return allow("URLs", () => safeRules.safeURL(context.url) !== null);
      case "\\htmlClass":
        return allow("classes", () => String(context.class).split(/\s+/).every((c) => CLASS_OR_ID.test(c)));
      case "\\htmlId":
        return allow("cssIDs", () => CLASS_OR_ID.test(context.id));
      case "\\htmlStyle":
        return allow("styles", () => safeRules.safeStyle(context.style) !== null);
      default:  // \htmlData and anything newer
        return allow("URLs", () => false);
    }
  }

  function render(source, display, macros, throwOnError) {
    return katex.renderToString(source, {displayMode: display, macros, throwOnError, globalGroup: true, trust,
                                          strict: "ignore", output: "htmlAndMathml"});
  }

  function errorSpan(source, message) {  // as KaTeX shows a formula it cannot render
    return `<span class="katex-error" title="${escapeHtml(message)}" style="color:#cc0000">${escapeHtml(source)}</span>`;
  }

  const TAG = /\\tag\*?\s*\{([^}]*)\}/g;
  const NUMBERS = /\\(?:tag|label|ref|eqref)(?![a-zA-Z])/;
  const MEMO_CHARACTERS = 32 << 20;  // results kept by one Node (a serve loop's lives long): the oldest go first
  const memo = new Map();
  let memoSize = 0;

  function convert(source, display, macros) {
    try {
      return {html: render(source, display, macros, true), error: null};
    } catch (error) {
      if (error instanceof katex.ParseError) {
        // (KaTeX underlines the place with combining characters, U+0332: garbled in a terminal, out of the message)
        return {html: render(source, display, Object.assign({}, macros), false),
                error: error.message.replace(/\u0332/g, "")};
      }  // a fault inside KaTeX, not a TeX error
      return {html: errorSpan(source, "KaTeX could not render this formula"),
              error: String(error && error.message || error), internal: true};
    }
  }

  // convert(), or the memo's result for these definitions; ``page.definitions`` grows by a formula that defines.
  function convertOnce(source, display, macros, page, progress) {
    const key = `${page.definitions}\u0000${display ? "D" : "I"}${source}`;
    const known = settings.memo !== false && memo.get(key);
    if (known) return {html: known.html, error: known.error, removed: known.removed.slice()};
    progress();
    const before = Object.entries(macros);
    const result = convert(source, display, macros);
    result.removed = removed;
    const after = Object.keys(macros);
    if (after.length !== before.length || before.some(([name, value]) => macros[name] !== value)) {
      page.definitions += `${JSON.stringify([source, display])}\n`;
    } else if (!result.internal && !NUMBERS.test(source)) {
      memo.set(key, {html: result.html, error: result.error, removed: removed.slice()});
      memoSize += key.length + result.html.length;
      for (const [old, value] of memo) {
        if (memoSize <= MEMO_CHARACTERS) break;
        memoSize -= old.length + value.html.length;
        memo.delete(old);
      }
    }
    return result;
  }

  async function page(formulas, skip, progress) {
    const macros = Object.assign({}, siteMacros);
    const state = {definitions: ""};
    const numbered = new Set();  // a number that comes again is typeset as written, and said (see typeset-mathjax.js)
    const results = [];
    for (let n = 0; n < formulas.length; n++) {
      const [source, display] = formulas[n];
      removed = [];
      let result;
      if (skip.has(n)) {
        progress(n);
        result = {html: errorSpan(source, skip.get(n)), error: skip.get(n), removed: []};
      } else {
        result = convertOnce(source, display, macros, state, () => progress(n));
      }
      const tags = result.error ? [] : [...source.matchAll(TAG)].map((match) => match[1].trim());
      const again = tags.filter((tag) => numbered.has(tag));
      if (again.length) result = {...result, repeated: again};
      tags.forEach((tag) => numbered.add(tag));
      results.push(result);
    }
    return {results, defs: ""};
  }

  return {version: katex.version, css: "", page};
};
