// Build step (run by setup.py, not shipped in the wheel): MathJax 3 for bpdocs' typesetter in Node, as one file.
//
//     node mathjax-node.js OUTFILE
//
// MathJax's own Node components (the npm package `mathjax`, es5/) are compiled down to ES5 for old browsers:
// every for-of loop, spread and class goes through helpers, and Node typesets this site's formulas about a sixth
// slower with them than with the same code in ES2020. This bundles the same release's TypeScript sources
// (`mathjax-full`, whose version package.json pins equal to `mathjax`'s) with esbuild, for ES2020: node-main's
// init(), and every component that node-main would load from a file (TeX input and all its extensions, SVG
// output, liteDOM, assistive MathML, the safe filter) inside, each run only when MathJax's loader asks for it,
// as a file would be read then. So a TeX extension is still loaded on a page's first use of one of its macros
// (autoload) or on \require, as before; the typeset output is the same, byte for byte (tests/bpdocs/
// test_mathjax_node.py compares it with MathJax's own components).
"use strict";

const fs = require("fs");
const path = require("path");

let esbuild, FULL;
try {
  esbuild = require("esbuild");
  FULL = path.dirname(require.resolve("mathjax-full/package.json"));
} catch (error) {
  console.error(`bpdocs: MathJax for Node not bundled: ${error.message.split("\n")[0]} (npm ci installs it)`);
  process.exit(1);
}
const SRC = path.join(FULL, "components", "src");
// The components node-main would load from files for bpdocs (typeset-mathjax.js's list), and every TeX extension
// (a folder each under input/tex/extensions: source.js's list misses the newer ones).
const COMPONENTS = ["core", "adaptors/liteDOM", "input/tex", "input/tex-base", "output/svg", "output/svg/fonts/tex",
                    "a11y/assistive-mml", "ui/safe"];

function componentTable() {  // the file the loader asks for (relative to its root) -> the component's source
  const extensions = path.join(SRC, "input", "tex", "extensions");
  const files = COMPONENTS.map((name) => [name, path.join(SRC, name, `${path.basename(name)}.js`)])
    .concat(fs.readdirSync(extensions).sort().map((name) => [`input/tex/extensions/${name}`,
                                                              path.join(extensions, name, `${name}.js`)]));
  for (const [, file] of files) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
  }
  return files.map(([asked, file]) => `  ${JSON.stringify(`${asked}.js`)}: () => require(${JSON.stringify(file)}),`)
    .join("\n");
}

// node-main's own source (components/src/node-main/node-main.js), its file loader replaced by the table.
const ENTRY = `
require(${JSON.stringify(path.join(SRC, "startup", "init.js"))});
const {Loader, CONFIG} = require(${JSON.stringify(path.join(FULL, "js", "components", "loader.js"))});
const {combineDefaults, combineConfig} = require(${JSON.stringify(path.join(FULL, "js", "components", "global.js"))});
const COMPONENTS = {
${componentTable()}
};
combineDefaults(MathJax.config, "loader", {
  require(url) {
    const root = CONFIG.paths.mathjax + "/";
    const load = url.startsWith(root) && COMPONENTS[url.slice(root.length)];
    if (!load) throw new Error("MathJax component not in bpdocs' bundle: " + url);
    return load();
  },
  failed: (error) => { throw error; },
});
Loader.preLoad("loader", "startup", "core", "adaptors/liteDOM");
require(${JSON.stringify(path.join(SRC, "core", "core.js"))});
require(${JSON.stringify(path.join(SRC, "adaptors", "liteDOM", "liteDOM.js"))});
CONFIG.paths.mathjax = "mathjax";
exports.init = (config = {}) => {
  combineConfig(MathJax.config, config);
  return Loader.load(...CONFIG.load).then(() => CONFIG.ready()).then(() => MathJax)
    .catch((error) => CONFIG.failed(error));
};
`;

// The components import MathJax's compiled ES5 (js/): read the TypeScript it was compiled from instead.
const typeScriptSources = {
  name: "typescript-sources",
  setup(build) {
    const compiled = path.join(FULL, "js") + path.sep;
    build.onResolve({filter: /\.js$/}, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      if (!file.startsWith(compiled)) return undefined;
      const source = path.join(FULL, "ts", file.slice(compiled.length)).replace(/\.js$/, ".ts");
      return fs.existsSync(source) ? {path: source} : undefined;
    });
  },
};

async function main(outfile) {
  if (!outfile) throw new Error("usage: node mathjax-node.js OUTFILE");
  const version = require("mathjax-full/package.json").version;
  const result = await esbuild.build({
    stdin: {contents: ENTRY, resolveDir: SRC, sourcefile: "bpdocs-mathjax-node.js"},
    bundle: true, platform: "node", format: "cjs", target: "es2020", outfile: path.resolve(outfile), write: true,
    absWorkingDir: FULL,  // (the paths in its comments: the same wherever it is built)
    // MathJax's classes declare fields their base classes' constructors set: TypeScript's assignment
    // semantics (as MathJax compiles them), not ES2022's define, which would reset them to undefined.
    tsconfigRaw: {compilerOptions: {useDefineForClassFields: false}},
    plugins: [typeScriptSources], legalComments: "eof", logLevel: "error",
    banner: {js: `// MathJax ${version} (Apache-2.0, https://www.mathjax.org) for Node, bundled by bpdocs for ES2020.`},
  });
  if (result.errors.length) throw new Error(result.errors.map((e) => e.text).join("\n"));
}

main(process.argv[2]).catch((error) => {
  console.error(`bpdocs: MathJax for Node not bundled: ${error.message}`);
  process.exit(1);
});
