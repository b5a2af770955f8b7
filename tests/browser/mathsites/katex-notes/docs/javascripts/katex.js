document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$",  right: "$$",  display: true },
      { left: "$",   right: "$",   display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true }
    ],
    macros: {
      "\\RR": "\\mathbb{R}",
      "\\norm": "\\left\\lVert #1 \\right\\rVert",
      "\\E": "\\mathbb{E}"
    }
  })
})
