// bpdocs' rules for what a formula may carry into the page: used by the build-time typesetter (Node, MathJax
// or KaTeX) and by the browser's MathJax alike, so the site is as safe whichever typesets it.
//
// MathJax's ui/safe extension filters every attribute of a formula's MathML (links, classes, ids, styles);
// bpdocs keeps its rules and makes two of them strict where MathJax's are not:
// - a link is kept if it has no scheme (#fragment, a relative path) or the scheme http, https or mailto, read
//   as a browser reads an href (MathJax's own test lets "java<TAB>script:" through, which a browser runs);
// - a style value never holds url(), expression(), javascript:, @import, a backslash or quotes (MathJax lets
//   font-family: url(...) through).
(function (root) {
  "use strict";

  const SCHEMES = ["http", "https", "mailto"];
  // MathJax's ids of numbered equations, which \eqref links to ("mjx-eqn:" alone: the empty label \notag makes)
  const EQUATION_ID = /^mjx-eqn:[^\s"'<>&`\\]*$/;
  // Classes MathJax itself gives (a \ref link; gensymb's units), never an author's: kept whatever the rules.
  const MATHJAX_CLASS = /^(MathJax_ref|MathML-Unit)$/;
  const UNSAFE_STYLE = /url\s*\(|expression\s*\(|image-set|javascript:|vbscript:|data:|@import|behavior|binding|[\\<>"'`]/i;
  // The style properties MathJax's safe mode allows (\style, \bbox), written as CSS writes them.
  const SAFE_PROPERTIES = /^(color|background-color|border(-(top|right|bottom|left))?(-(width|style|color))?|cursor|(margin|padding)(-(top|right|bottom|left))?|text-shadow|font-(family|size|style|weight)|opacity|outline(-(width|style|color))?)$/;

  function safeURL(url) {
    // A browser drops leading and trailing controls and spaces, and every tab and newline, before it reads a scheme.
    const read = String(url).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
    if (/[\u0000-\u001f\u007f]/.test(read)) return null;
    const scheme = read.match(/^([^:/?#]*):/);
    if (scheme && !SCHEMES.includes(scheme[1].toLowerCase())) return null;
    return read;
  }

  // A colour as \color, \colorbox and \bbox write it (MathJax makes SVG fills of it): a name, #hex or rgb().
  const COLOUR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgba?\(\s*[\d.]+%?(\s*,\s*[\d.]+%?){2,3}\s*\))$/;
  const FONT_FAMILY = /^[-\w\s,.]+$/;  // \unicode's font: it becomes part of a style
  // What no attribute value of a formula may hold, whichever attribute it is (\mmlToken can set any MathML one).
  const UNSAFE_VALUE = /url\s*\(|expression\s*\(|image-set|javascript:|vbscript:|data:/i;

  function safeStyleValue(value) {
    return typeof value === "string" && !UNSAFE_STYLE.test(value) ? value : null;
  }

  function safeStyle(style) {  // a whole declaration list, as KaTeX's \htmlStyle gives it
    const kept = [];
    for (const declaration of String(style).split(";")) {
      if (!declaration.trim()) continue;
      const [property, ...rest] = declaration.split(":");
      const value = rest.join(":").trim();
      if (!SAFE_PROPERTIES.test(property.trim().toLowerCase()) || safeStyleValue(value) === null) return null;
      kept.push(`${property.trim()}: ${value}`);
    }
    return kept.join("; ");
  }

  // MathJax: make a document's ui/safe filters bpdocs' (``removed`` hears of each value the safe rules take out).
  function applyToMathJax(document, removed) {
    const methods = document.safe.filterMethods;
    const original = Object.assign({}, methods);
    const report = (safe, kind, what, value) => {
      if (removed && safe.allow[kind] === "safe") removed(`${what} ${JSON.stringify(String(value))}`);
    };
    const properties = (style) => String(style || "").split(";").map((d) => d.split(":")[0].trim()).filter(Boolean);
    methods.filterURL = function (safe, url) {
      let kept = original.filterURL.call(this, safe, url);
      if (kept !== null && safe.allow.URLs === "safe") kept = safeURL(kept);
      if (kept === null) report(safe, "URLs", "the link", url);
      return kept;
    };
    methods.filterStyle = function (safe, property, styles) {
      const kept = original.filterStyle.call(this, safe, property, styles);
      return kept === null ? null : safeStyleValue(kept);
    };
    methods.filterStyles = function (safe, styles) {
      const kept = original.filterStyles.call(this, safe, styles);
      if (properties(styles).some((name) => !properties(kept).includes(name))) report(safe, "styles", "the style", styles);
      return kept;
    };
    methods.filterClassList = function (safe, list) {  // (MathJax's own joins two names where it drops one)
      const classes = String(list).trim().split(/\s+/).filter(Boolean);
      const kept = classes.filter((name) => MATHJAX_CLASS.test(name) || this.filterClass(safe, name) !== null);
      if (kept.length < classes.length) report(safe, "classes", "the class", list);
      return kept.join(" ");
    };
    // Attributes MathJax's safe mode does not look at, though their values reach the page's SVG as paint or style.
    const filters = document.safe.filterAttributes;
    for (const name of ["mathcolor", "mathbackground", "color", "background"]) filters.set(name, "filterColour");
    filters.set("fontfamily", "filterFontFamily");
    methods.filterColour = function (safe, colour) {
      if (safe.allow.styles === "all") return colour;
      const kept = safe.allow.styles === "safe" && COLOUR.test(String(colour).trim()) ? colour : null;
      if (kept === null) report(safe, "styles", "the colour", colour);
      return kept;
    };
    methods.filterFontFamily = function (safe, family) {
      if (safe.allow.styles === "all") return family;
      const kept = safe.allow.styles === "safe" && FONT_FAMILY.test(String(family)) ? family : null;
      if (kept === null) report(safe, "styles", "the font", family);
      return kept;
    };
    const sanitizeNode = document.safe.sanitizeNode;
    document.safe.sanitizeNode = function (node) {
      sanitizeNode.call(this, node);
      if (Object.values(this.allow).every((level) => level === "all")) return;
      const attributes = node.attributes.getAllAttributes();
      for (const name of Object.keys(attributes)) {
        if (typeof attributes[name] === "string" && UNSAFE_VALUE.test(attributes[name])) {
          report(this, "URLs", `the attribute ${name}`, attributes[name]);
          delete attributes[name];
        }
      }
    };
    methods.filterID = function (safe, id) {
      let kept = original.filterID.call(this, safe, id);
      if (kept === null && safe.allow.cssIDs === "safe" && EQUATION_ID.test(String(id))) kept = id;
      if (kept === null) report(safe, "cssIDs", "the id", id);
      return kept;
    };
  }

  const api = {safeURL, safeStyle, safeStyleValue, applyToMathJax, SCHEMES};
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.bpdocsSafe = api;
})(this);
