// MathJax 3 configuration for pymdownx.arithmatex in generic mode, when math is typeset in the reader's browser.
// Loaded before MathJax itself (bpdocs adds both to extra_javascript). bpdocs writes this file for the site:
// window.bpdocsTeX (above) is the site's `tex` option, bpdocsSafe the safe rules the build uses too.
(function () {
  "use strict";
  const settings = window.bpdocsTeX;

  window.MathJax = {
    loader: {load: ["ui/safe"].concat(settings.packages.map((name) => `[tex]/${name}`))},
    tex: {
      inlineMath: [["\\(", "\\)"]],
      displayMath: [["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true,
      tags: settings.tags || "ams",
      packages: {"[+]": settings.packages},
      macros: settings.macros,
    },
    options: {
      ignoreHtmlClass: ".*|",
      processHtmlClass: "arithmatex",
      safeOptions: {allow: settings.safe, safeProtocols: {file: false, mailto: true}},
    },
    svg: {fontCache: "global"},
    startup: {
      ready() {
        MathJax.startup.defaultReady();
        bpdocsSafe.applyToMathJax(MathJax.startup.document);
      },
    },
  };

  // A \newcommand, \def or \renewcommand belongs to the page that makes it, as when the site is built.
  function forgetPageMacros() {
    const handler = MathJax._.input.tex.MapHandler.MapHandler;
    for (const name of ["new-Command", "new-Delimiter", "new-Environment"]) {
      const map = handler.getMap(name);
      if (map && map.map) map.map.clear();
    }
  }

  // Material's instant navigation swaps the page content without a reload, then emits on document$: typeset
  // the new content each time. The first emission is the first page, which MathJax typesets when it starts.
  if (typeof document$ !== "undefined") {
    let firstPage = true;
    document$.subscribe(() => {
      if (firstPage) {
        firstPage = false;
        return;
      }
      MathJax.startup.promise.then(() => {
        MathJax.typesetClear();
        MathJax.texReset();  // forget the previous page's \label's, so they can be defined again
        forgetPageMacros();
        return MathJax.typesetPromise();
      });
    });
  }
})();
