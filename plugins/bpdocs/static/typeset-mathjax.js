// MathJax 3 for bpdocs' build-time typesetter (see typeset.js): SVG with assistive MathML, one TeX document per page.
//
// Each page gets a TeX input of its own, so its labels, equation numbers, \newcommand, \def and \require apply
// to that page only, whatever was typeset before it. A TeX error is rendered as the browser renders it (MathJax's
// error box) and reported; a fault inside MathJax (a JavaScript error, not a TeX one) is shown as the browser
// shows it too ("Math input error") and reported without its JavaScript. A forward \ref or \eqref is resolved
// by a second pass over the formulas that have one.
"use strict";

const path = require("path");
const safeRules = require("./mathjax-safe.js");

module.exports = async function start(settings, vendor) {
  const base = path.join(vendor, "mathjax");
  const load = ["input/tex", "output/svg", "adaptors/liteDOM", "a11y/assistive-mml", "ui/safe"];
  let captured = null, forced = null, removed = [], madeTags = [];
  const tex = {
    tags: "ams",
    packages: {"[+]": settings.packages, "[-]": ["noundefined"]},
    macros: settings.macros,
    formatError(jax, error) {
      captured = forced || error;
      return jax.formatError(captured);
    },
  };
  global.MathJax = {};
  const MathJax = await require(path.join(base, "node-main.js")).init({
    loader: {paths: {mathjax: base}, load: load.concat(settings.packages.map((p) => `[tex]/${p}`)),
             versionWarnings: false},
    tex,
    svg: {fontCache: "global"},
    options: {safeOptions: {allow: settings.safe, safeProtocols: {file: false, mailto: true}}},
    startup: {
      typeset: false,
      ready() {  // ui/safe registers itself only in a browser
        global.MathJax.startup.extendHandler((handler) => global.MathJax._.ui.safe.SafeHandler.SafeHandler(handler));
        global.MathJax.startup.defaultReady();
      },
    },
  });
  const adaptor = MathJax.startup.adaptor;
  // MathJax's liteDOM writes href, src and style values as they are (not even a quote escaped), and every other
  // value with only its quotes escaped: a link of "><script>... breaks out of its attribute, and one of
  // &#106;avascript: becomes javascript: in the browser. Every value is written escaped here.
  const LiteParser = MathJax._.adaptors.lite.Parser.LiteParser;
  LiteParser.CDATA_ATTR = {};
  LiteParser.prototype.protectAttribute = (text) => String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;")
    .replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const TeX = MathJax._.input.tex_ts.TeX;
  const TexError = MathJax._.input.tex.TexError.default;
  const fontCache = MathJax.startup.output.fontCache;
  const tags = () => MathJax.startup.document.inputJax[0].parseOptions.tags;
  const makeTag = MathJax._.input.tex.Tags.AbstractTags.prototype.makeTag;
  MathJax._.input.tex.Tags.AbstractTags.prototype.makeTag = function () {
    madeTags.push(this.currentTag.tag);
    return makeTag.call(this);
  };

  function newPage() {
    MathJax.startup.input = [new TeX(tex)];
    MathJax.startup.document = MathJax.startup.getDocument();
    safeRules.applyToMathJax(MathJax.startup.document, (what) => removed.push(what));
    fontCache.clearCache();
  }

  async function render(source, display) {
    const node = await MathJax.tex2svgPromise(source, {display});
    return adaptor.outerHTML(node);
  }

  async function errorBox(message, display) {  // MathJax's own rendering of a TeX error with this message
    forced = new TexError("bpdocs", message);
    try {
      return await render("{", display);
    } finally {
      forced = null;
    }
  }

  async function convert(source, display) {
    captured = null;
    removed = [];
    madeTags = [];
    try {
      const html = await render(source, display);
      return {html, error: captured && captured.message, removed, tags: captured ? [] : madeTags};
    } catch (error) {  // not a TexError: MathJax failed inside
      return {html: await errorBox("Math input error", display), error: String(error && error.message || error),
              internal: true, removed: [], tags: []};
    }
  }

  const REFERENCE = /\\(eq)?ref\s*\{([^}]*)\}/g;
  const HAS_REFERENCE = /\\(eq)?ref\s*\{/;
  const LABEL = /\\label\s*\{([^}]*)\}/g;

  async function page(formulas, skip, progress) {
    newPage();
    const counters = [];
    const results = [];
    for (let n = 0; n < formulas.length; n++) {
      const [source, display] = formulas[n];
      progress(n);
      counters.push(tags().counter);
      results.push(skip.has(n) ? {html: await errorBox(skip.get(n), display), error: skip.get(n), removed: [], tags: []}
                               : await convert(source, display));
    }
    const labels = Object.assign({}, tags().allLabels);
    // A reference to a label defined later came out as "???": typeset it again, the reference spelt out.
    for (let n = 0; n < formulas.length; n++) {
      const [source, display] = formulas[n];
      if (results[n].error || !HAS_REFERENCE.test(source) || !results[n].html.includes("???")) continue;
      const spelt = source.replace(REFERENCE, (whole, eq, label) => {
        const target = labels[label.trim()];
        if (!target) return whole;
        return `\\href{#${encodeURIComponent(target.id)}}{${eq ? `(${target.tag})` : target.tag}}`;
      });
      for (const match of source.matchAll(LABEL)) delete tags().allLabels[match[1].trim()];
      const counter = tags().counter;
      tags().counter = counters[n];
      progress(n);
      results[n] = await convert(spelt, display);
      tags().counter = counter;
    }
    const numbered = new Map();
    for (let n = 0; n < formulas.length; n++) {
      const result = results[n];
      let message = null;
      if (!result.error && result.html.includes("???")) {
        message = "a reference (\\ref or \\eqref) to a label no equation on this page defines";
      }
      for (const tag of result.tags) {
        if (numbered.has(tag) && !message) {
          message = `the equation number (${tag}) is used twice on this page (an earlier equation has it)`;
        }
        numbered.set(tag, n);
      }
      if (message) Object.assign(result, {html: await errorBox(message, formulas[n][1]), error: message});
      delete result.tags;
    }
    const defs = '<svg id="MJX-SVG-global-cache" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" ' +
      `style="display: none">${adaptor.outerHTML(fontCache.getCache())}</svg>`;
    return {results, defs};
  }

  return {version: MathJax.version, css: adaptor.textContent(MathJax.svgStylesheet()), page};
};
