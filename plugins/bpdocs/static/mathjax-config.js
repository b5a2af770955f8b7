// MathJax 3 configuration for pymdownx.arithmatex in generic mode.
// Loaded before MathJax itself (see extra_javascript in mkdocs.yml).
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams"
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  },
  svg: { fontCache: "global" }
};

// Material's instant navigation swaps the page content without a reload, then
// emits on document$: typeset the new content each time. The first emission is
// the first page, which MathJax typesets by itself when it starts.
if (typeof document$ !== "undefined") {
  let firstPage = true;
  document$.subscribe(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    MathJax.startup.promise.then(() => {
      MathJax.typesetClear();
      MathJax.texReset();  // forget \label's of the previous page, so they can be defined again
      return MathJax.typesetPromise();
    });
  });
}
