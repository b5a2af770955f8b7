// MathJax 3 for bpdocs' build-time typesetter (see typeset.js): SVG with assistive MathML, one TeX document per page.
//
// Each page gets a TeX input of its own, so its labels, equation numbers, \newcommand, \def and \require apply
// to that page only, whatever was typeset before it. A TeX error is rendered as the browser renders it and
// reported: an undefined macro as its name in red, the rest of the formula typeset (MathJax's noundefined, which
// its browser components load), any other error as MathJax's error box; a fault inside MathJax (a JavaScript error, not a TeX one) is shown as the browser
// shows it too ("Math input error") and reported without its JavaScript. A forward \ref or \eqref is resolved
// by a second pass over the formulas that have one.
//
// A formula is typeset once per Node process (the memo) when its result cannot depend on its page: it makes no
// equation number and no label, refers to none, and defines nothing. Its result is kept with the glyphs its SVG
// uses, keyed by the page's definitions before it (the formulas that defined a macro, in order), and a page
// that has it again gets that result and its glyphs added to the page's glyph definitions just as typesetting it
// would add them: the page is the same, byte for byte, with the memo or without it.
"use strict";

const path = require("path");
const safeRules = require("./mathjax-safe.js");

// MathJax loads these packages on a page's first use of one of their macros (autoload), and the typesetter sees
// that load as a definition: every later formula of the page got a memo key of its own (this site's checking
// page, one \boldsymbol early, had 120 formulas typeset twice, primed and then on the page, the load between
// them at another place each time). With the memo on they are loaded from the start instead: they only add
// macros (no character, environment or delimiter of their own, no filter that touches another formula), so every
// formula typesets the same either way, as the memo's tests compare with memo: false, which leaves them to
// autoload. (color stays out where colorv2 gives \color its MathJax 2 meaning.)
const PRELOADED = ["action", "bbox", "boldsymbol", "cancel", "color", "enclose", "html", "mhchem", "unicode", "verb"];

module.exports = async function start(settings, vendor) {
  const base = path.join(vendor, "mathjax");
  const load = ["input/tex", "output/svg", "adaptors/liteDOM", "a11y/assistive-mml", "ui/safe"];
  const preloaded = settings.memo === false ? [] :
    PRELOADED.filter((name) => !(name === "color" && settings.packages.includes("colorv2")));
  const packages = [...new Set(settings.packages.concat(preloaded))];
  let captured = null, forced = null, undefinedMacros = [], removed = [], madeTags = [];
  const tex = {
    tags: settings.tags || "ams",
    packages: {"[+]": packages},
    macros: settings.macros,
    formatError(jax, error) {
      captured = forced || error;
      return jax.formatError(captured);
    },
  };
  global.MathJax = {};
  const MathJax = await require(path.join(base, "mathjax-node.js")).init({  // (see bundling/mathjax-node.js)
    loader: {paths: {mathjax: base}, load: load.concat(packages.map((p) => `[tex]/${p}`)),
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
  // noundefined shows an undefined macro as the browser does; the build reports it too (each new TeX input, one
  // a page, reads the wrapped handler).
  const noUndefined = MathJax._.input.tex.noundefined.NoUndefinedConfiguration.NoUndefinedConfiguration.fallback;
  const showUndefined = noUndefined.macro;
  noUndefined.macro = function (parser, name) {
    if (!undefinedMacros.includes(`\\${name}`)) undefinedMacros.push(`\\${name}`);
    return showUndefined.call(this, parser, name);
  };
  const undefinedError = () => undefinedMacros.length === 0 ? null :
    `Undefined control sequence${undefinedMacros.length > 1 ? "s" : ""} ${undefinedMacros.join(", ")}`;
  const TeX = MathJax._.input.tex_ts.TeX;
  const TexError = MathJax._.input.tex.TexError.default;
  const fontCache = MathJax.startup.output.fontCache;
  const tags = () => MathJax.startup.document.inputJax[0].parseOptions.tags;
  const makeTag = MathJax._.input.tex.Tags.AbstractTags.prototype.makeTag;
  MathJax._.input.tex.Tags.AbstractTags.prototype.makeTag = function () {
    if (this.currentTag.tag) madeTags.push(this.currentTag.tag);  // (\notag outside an environment makes "")
    return makeTag.call(this);
  };

  const memo = formulaMemo(MathJax, fontCache, MathJax.startup.output.options, settings.memo !== false);

  function newPage() {
    MathJax.startup.input = [new TeX(tex)];
    MathJax.startup.document = MathJax.startup.getDocument();
    safeRules.applyToMathJax(MathJax.startup.document, (what) => removed.push(what));
    fontCache.clearCache();
    memo.newPage();
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
    undefinedMacros = [];
    removed = [];
    madeTags = [];
    try {
      const html = (await render(source, display)).replace(EMPTY_LABEL, "");  // (\notag's: nothing links to it)
      return {html, error: captured ? captured.message : undefinedError(), removed, tags: captured ? [] : madeTags};
    } catch (error) {  // not a TexError: MathJax failed inside
      return {html: await errorBox("Math input error", display), error: String(error && error.message || error),
              internal: true, removed: [], tags: []};
    }
  }

  async function convertOnce(source, display, progress) {  // convert(), or the memo's result for this page
    const known = memo.recall(source, display);
    if (known) return known;
    progress();
    const before = labelState(tags());
    const watch = memo.watch();
    const result = await convert(source, display);
    memo.keep(source, display, result, watch(), !result.internal && result.tags.length === 0 &&
              labelState(tags()) === before && !result.html.includes("mjx-eqn") && !result.html.includes("???"));
    return result;
  }

  const REFERENCE = /\\(eq)?ref\s*\{([^}]*)\}/g;
  const HAS_REFERENCE = /\\(eq)?ref\s*\{/;
  const LABEL = /\\label\s*\{([^}]*)\}/g;
  const EQUATION_ID = / id="(mjx-eqn:[^"]*)"/g;
  const EMPTY_LABEL = / id="mjx-eqn:"/g;

  async function page(formulas, skip, progress) {
    newPage();
    const counters = [];
    const results = [];
    for (let n = 0; n < formulas.length; n++) {
      const [source, display] = formulas[n];
      counters.push(tags().counter);
      if (skip.has(n)) progress(n);
      results.push(skip.has(n) ? {html: await errorBox(skip.get(n), display), error: skip.get(n), removed: [], tags: []}
                               : await convertOnce(source, display, () => progress(n)));
    }
    const labels = Object.assign({}, tags().allLabels);
    const unnumbered = new Set();  // formulas referring to a label on an equation without a number
    // A reference to a label defined later came out as "???": typeset it again, the reference spelt out.
    for (let n = 0; n < formulas.length; n++) {
      const [source, display] = formulas[n];
      if (results[n].error || !HAS_REFERENCE.test(source) || !results[n].html.includes("???")) continue;
      const spelt = source.replace(REFERENCE, (whole, eq, label) => {
        const target = labels[label.trim()];
        if (target && (!target.tag || target.tag === "???")) unnumbered.add(n);  // (it shows "???": said below)
        if (!target || unnumbered.has(n)) return whole;
        return `\\href{#${encodeURIComponent(target.id)}}{${eq ? `(${target.tag})` : target.tag}}`;
      });
      for (const match of source.matchAll(LABEL)) delete tags().allLabels[match[1].trim()];
      const counter = tags().counter;
      tags().counter = counters[n];
      progress(n);
      results[n] = await convert(spelt, display);
      tags().counter = counter;
    }
    // An equation number may come again (LaTeX, MathJax and KaTeX in the browser all allow a second \tag{1}, as
    // notes that number each example's equations anew do): typeset as written, its id only on the first, and
    // said ("repeated": a located warning, as two equations with one number are ambiguous to link to).
    const ids = new Set(), numbered = new Set();
    for (let n = 0; n < formulas.length; n++) {
      const result = results[n];
      if (!result.error && (result.html.includes("???") || unnumbered.has(n))) {
        const message = unnumbered.has(n) ? "a reference (\\ref or \\eqref) to a label of an equation that has " +
          "no number (with tags: ams, an equation is numbered by \\tag{...} or an equation or align environment)" :
          "a reference (\\ref or \\eqref) to a label no equation on this page defines";
        Object.assign(result, {html: await errorBox(message, formulas[n][1]), error: message});
      }
      if (result.tags.length) {
        result.html = result.html.replace(EQUATION_ID, (whole, id) => ids.has(id) ? "" : (ids.add(id), whole));
        const again = result.tags.filter((tag) => numbered.has(tag));
        if (again.length && !result.error) result.repeated = again;
        result.tags.forEach((tag) => numbered.add(tag));
      }
      delete result.tags;
    }
    const defs = '<svg id="MJX-SVG-global-cache" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" ' +
      `style="display: none">${adaptor.outerHTML(fontCache.getCache())}</svg>`;
    return {results, defs};
  }

  return {version: MathJax.version, css: adaptor.textContent(MathJax.svgStylesheet()), page};
};

// What the equation numbers and labels of a page are at a moment (a formula that changes it is not memoised).
function labelState(tags) {
  return `${tags.allCounter} ${tags.counter} ${Object.keys(tags.allLabels).length} ${Object.keys(tags.allIds).length}`;
}

// Commands that define something for the rest of the page, or read or set its equation numbers: a formula that
// has one is typeset every time (and one that defines is part of the key of every later formula of its page).
// Generous on purpose (\newline is no definition): a formula wrongly taken as defining only costs a typesetting.
const DEFINES = /\\(?:(?:re)?new[a-zA-Z]*|provide[a-zA-Z]*|Declare[a-zA-Z]*|[gexs]?def|let|futurelet|global|require|definecolor|begingroup|endgroup|setOptions|Newextarrow|[a-zA-Z]*tagform|mathchardef|catcode)(?![a-zA-Z])/;
const NUMBERS = /\\(?:label|tag|ref|eqref|notag|nonumber)(?![a-zA-Z])/;
const MEMO_CHARACTERS = 32 << 20;  // results kept by one Node (a serve loop's Node lives long): the oldest go first

function formulaMemo(MathJax, fontCache, svgOptions, enabled) {
  const memo = new Map();  // key -> {html, error, removed, glyphs: [[variant, character, path], ...]}
  let size = 0;
  let definitions = "";  // the page's defining formulas so far
  let changed = false;  // a definition was made while a formula was typeset (seen by the hooks below)
  let glyphs = null;  // the glyphs of the formula being typeset (its SVG's font cache entries, in order of use)

  // Everything TeX defines goes through these: \newcommand, \def, \let, \DeclareMathOperator (a macro map's add),
  // \require and autoloaded packages (the parser's configuration), \definecolor (the color model).
  const tex = MathJax._.input.tex;
  const hooked = new Set();
  function hook(prototype, names) {
    if (!prototype || hooked.has(prototype)) return;
    hooked.add(prototype);
    for (const name of names) {
      const original = prototype[name];
      if (typeof original !== "function") continue;
      prototype[name] = function (...args) {
        changed = true;
        return original.apply(this, args);
      };
    }
  }
  function hookAll() {  // (again at each page: a package \require'd since may have brought its own)
    hook(tex.SymbolMap.AbstractParseMap.prototype, ["add", "remove"]);
    hook(tex.Configuration.ParserConfiguration.prototype, ["add", "append", "addPackage"]);
    hook(tex.color && tex.color.ColorUtil.ColorModel.prototype, ["defineColor"]);
  }
  const cachePath = fontCache.cachePath;
  fontCache.cachePath = function (variant, character, path) {
    if (glyphs !== null) glyphs.push([variant, character, path]);
    return cachePath.call(this, variant, character, path);
  };
  const key = (source, display) => `${definitions}\u0000${display ? "D" : "I"}${source}`;

  return {
    newPage() {
      hookAll();
      definitions = "";
    },
    // The result of this formula on this page, if it was made before (its glyphs are now the page's too).
    recall(source, display) {
      const known = enabled ? memo.get(key(source, display)) : undefined;
      if (!known) return null;
      for (const [variant, character, path] of known.glyphs) cachePath.call(fontCache, variant, character, path);
      return {html: known.html, error: known.error, removed: known.removed.slice(), tags: []};
    },
    // Start watching a formula being typeset; the function returned stops, and tells what it saw.
    watch() {
      changed = false;
      glyphs = [];
      const titles = svgOptions.titleID;
      return () => {
        const seen = {defined: changed, glyphs, titles: svgOptions.titleID !== titles};
        glyphs = null;
        return seen;
      };
    },
    // After a formula was typeset: keep its result if nothing about it depends on the page (``alone``).
    keep(source, display, result, seen, alone) {
      const defines = seen.defined || DEFINES.test(source);
      if (defines) {
        definitions += `${JSON.stringify([source, display])}\n`;
        return;
      }
      if (!alone || seen.titles || NUMBERS.test(source)) return;
      const kept = new Map();
      for (const glyph of seen.glyphs) kept.set(`${glyph[0]}\u0000${glyph[1]}`, glyph);
      const entry = {html: result.html, error: result.error, removed: result.removed.slice(), glyphs: [...kept.values()]};
      const name = key(source, display);
      size += name.length + entry.html.length + 16 * entry.glyphs.length;
      memo.set(name, entry);
      for (const [old, value] of memo) {
        if (size <= MEMO_CHARACTERS) break;
        size -= old.length + value.html.length + 16 * value.glyphs.length;
        memo.delete(old);
      }
    },
  };
}
