// bpdocs in the reader's browser: a little, on top of pages that work without it.
//
// - Equation links (\eqref, typeset into <a class="bpdocs-ref">) scroll to the start of the
//   equation, not to its numbered row (which, in a multi-line equation, may be the last), and
//   highlight it briefly. Without JavaScript the link still lands on the equation, and CSS
//   (:has(:target)) still highlights it.
// - A display equation, table or figure wider than its column scrolls inside its own block (CSS
//   draws the shadow that says so); here it also becomes keyboard-focusable, so the arrow keys
//   scroll it, and says what it is to a screen reader; the shadow's covers take the colour behind it. A numbered equation that scrolls keeps its
//   numbers in view, pinned at the block's edge.
//
// Material for MkDocs swaps pages without a reload (navigation.instant): each new page is set up
// again when it emits on document$.
(function () {
  "use strict";

  var WIDE = ".md-typeset div.arithmatex, .bpdocs-table, .bpdocs-figure, .md-typeset__scrollwrap";
  var EQUATION = /^#mjx-eqn/;

  function what(box) {
    if (box.classList.contains("arithmatex")) return "equation";
    if (box.classList.contains("bpdocs-table") || box.querySelector("table")) return "table";
    return "figure";
  }

  // The colour behind a block: the first opaque background of its ancestors, wherever the site set it
  // (Material's --md-default-bg-color, or body { background-color } in a site's own CSS).
  function behind(box) {
    for (var el = box.parentElement; el; el = el.parentElement) {
      var colour = getComputedStyle(el).backgroundColor;
      var rgba = colour && colour.match(/[\d.]+/g);
      if (rgba && (rgba.length < 4 || Number(rgba[3]) >= 1)) return colour;
    }
    return "";
  }

  // Display math is bpdocs' to mark only where bpdocs typesets it: bpdocs.css says so (--bpdocs-math, in the
  // rules a site whose own MathJax or KaTeX renders its math does not get), and not math a page's own
  // MathJax rendered (its CHTML): the site's own equations keep their look, with no shadow and no tab stop.
  // So do the site's own tables (Material's scroll wrappers), unless the site asks for every table to be
  // marked (--bpdocs-tables: all in its CSS, as this project's site does); bpdocs' own tables always are.
  function ours(box, bpdocsMath, allTables) {
    if (box.classList.contains("md-typeset__scrollwrap")) return allTables || !!box.closest(".bpdocs-table");
    return !box.classList.contains("arithmatex") ||
      bpdocsMath && !box.querySelector('mjx-container:not([jax="SVG"])');
  }

  // Only blocks that do scroll become tab stops: a page of 40 equations that fit keeps its tab order.
  function markScrolling(root) {
    var boxes = (root || document).querySelectorAll(WIDE);
    var page = getComputedStyle(document.documentElement);
    var bpdocsMath = page.getPropertyValue("--bpdocs-math").trim() === "on";
    var allTables = page.getPropertyValue("--bpdocs-tables").trim() === "all";
    for (var n = 0; n < boxes.length; n++) {
      var box = boxes[n];
      if (!ours(box, bpdocsMath, allTables)) continue;
      var overflow = getComputedStyle(box).overflowX;
      var scrolls = (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1;
      var marked = box.classList.contains("bpdocs-scrolls");
      if (scrolls && !marked) {
        box.classList.add("bpdocs-scrolls");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", what(box) + ", scrolls sideways");
      } else if (!scrolls && marked) {
        box.classList.remove("bpdocs-scrolls");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.style.removeProperty("--bpdocs-cover");
      }
      if (scrolls) {
        var cover = behind(box);
        if (cover) box.style.setProperty("--bpdocs-cover", cover);
      }
      if (box.classList.contains("arithmatex") && (scrolls || box.classList.contains("bpdocs-pinned"))) pinNumbers(box);
    }
  }

  // An equation number is never cut off: when a numbered equation is wider than its block (so that it
  // scrolls), its numbers are pinned at the right edge of the block, outside what scrolls, each beside
  // its row; MathJax's own numbers, at the far end of the scrolling equation, are hidden meanwhile.
  function numberText(label) {
    var glyphs = label.querySelectorAll("use[data-c]"), text = "";
    for (var n = 0; n < glyphs.length; n++) text += String.fromCodePoint(parseInt(glyphs[n].getAttribute("data-c"), 16));
    return text;
  }

  function pinNumbers(box) {
    var labels = box.querySelectorAll("svg[data-labels] > g > g");
    var holder = box.parentElement && box.parentElement.classList.contains("bpdocs-numbered") ? box.parentElement : null;
    if (holder) {
      var old = holder.querySelectorAll(".bpdocs-eqno");
      for (var o = 0; o < old.length; o++) holder.removeChild(old[o]);
      box.classList.remove("bpdocs-pinned");
    }
    if (!labels.length || !box.classList.contains("bpdocs-scrolls")) return;
    if (!holder) {
      holder = document.createElement("div");
      holder.className = "bpdocs-numbered";
      box.parentNode.insertBefore(holder, box);
      holder.appendChild(box);
    }
    var outer = holder.getBoundingClientRect(), edge = box.getBoundingClientRect();
    var top = outer.top, right = outer.right - edge.right;  // the box may overhang its column (phones)
    for (var n = 0; n < labels.length; n++) {
      var row = labels[n].getBoundingClientRect();
      var pin = document.createElement("span");
      pin.className = "bpdocs-eqno";
      pin.setAttribute("aria-hidden", "true");  // the MathML has the number, for screen readers
      pin.textContent = numberText(labels[n]);
      pin.style.top = (row.top - top) + "px";
      pin.style.right = right + "px";
      pin.style.height = row.height + "px";
      holder.appendChild(pin);
    }
    holder.style.setProperty("--bpdocs-cover", box.style.getPropertyValue("--bpdocs-cover"));
    box.classList.add("bpdocs-pinned");
  }

  // The whole equation a link points into: its display block (the id is on its numbered row).
  function equationFor(hash) {
    if (!hash || !EQUATION.test(hash)) return null;
    var row = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!row) return null;
    return row.closest("div.arithmatex") || row.closest("mjx-container") || row;
  }

  function show(hash, smooth) {
    var block = equationFor(hash);
    if (!block) return false;
    block.scrollIntoView({block: "start", behavior: smooth ? "smooth" : "auto"});
    block.classList.remove("bpdocs-target");
    void block.offsetWidth;  // restart the highlight when the same link is followed twice
    block.classList.add("bpdocs-target");
    return true;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.origin !== location.origin || link.pathname !== location.pathname) return;
    if (!show(link.hash, true)) return;
    event.preventDefault();
    event.stopPropagation();  // the page does not move twice (instant navigation would jump to the row)
    if (location.hash !== link.hash) history.pushState(null, "", link.hash);
  }, true);

  window.addEventListener("hashchange", function () { show(location.hash, false); });

  // Look again whenever the page changes size: a narrower window, or math that MathJax typesets in the
  // browser after the page has loaded (typeset: browser). Once per frame, after layout.
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; markScrolling(document); });
  }
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(schedule).observe(document.body);
  else window.addEventListener("resize", schedule);
  // A colour scheme switched (Material's palette toggle sets data-md-color-scheme): new covers.
  if (typeof MutationObserver !== "undefined") {
    new MutationObserver(schedule).observe(document.body, {attributes: true, attributeFilter: ["data-md-color-scheme"]});
  }

  function setUp() {
    markScrolling(document);
    if (location.hash) show(location.hash, false);
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
