// KaTeX for bpdocs' build-time typesetter (see typeset.js): HTML with MathML, as KaTeX's renderToString makes it.
//
// A page's formulas share one copy of the site's macros, so a \newcommand or \gdef applies to the rest of that
// page only. A TeX error is rendered as KaTeX renders it in the browser (the source in red, the message as its
// title) and reported. Links and HTML commands go through the same safe rules as MathJax's (mathjax-safe.js).
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

  async function page(formulas, skip, progress) {
    const macros = Object.assign({}, siteMacros);
    const numbered = new Set();
    const results = [];
    for (let n = 0; n < formulas.length; n++) {
      const [source, display] = formulas[n];
      progress(n);
      removed = [];
      let result;
      if (skip.has(n)) {
        result = {html: errorSpan(source, skip.get(n)), error: skip.get(n)};
      } else {
        try {
          result = {html: render(source, display, macros, true), error: null};
        } catch (error) {
          if (error instanceof katex.ParseError) {
            result = {html: render(source, display, Object.assign({}, macros), false), error: error.message};
          } else {  // a fault inside KaTeX, not a TeX error
            result = {html: errorSpan(source, "KaTeX could not render this formula"),
                      error: String(error && error.message || error), internal: true};
          }
        }
      }
      for (const match of result.error ? [] : source.matchAll(TAG)) {
        const tag = match[1].trim();
        if (numbered.has(tag)) {
          result.error = `the equation number (${tag}) is used twice on this page (an earlier equation has it)`;
          result.html = errorSpan(source, result.error);
        }
        numbered.add(tag);
      }
      result.removed = removed;
      results.push(result);
    }
    return {results, defs: ""};
  }

  return {version: katex.version, css: "", page};
};
