#!/usr/bin/env bash
# Re-fetches the pinned KaTeX (npm package katex) into src/NotebookKit.Notebooks/Writeups/Assets/, where the
# write-up renderer embeds it to typeset $...$ and $$...$$ math offline:
#   katex.min.js       the renderer (defines window.katex)
#   katex.inline.css   katex.min.css with every font as a woff2 data URI, so a page needs no font files
#   katex.LICENSE.txt  KaTeX's MIT licence (the fonts are under the same licence, see its README)
# Usage: tools/update-katex.sh [VERSION]   (default: the version pinned below)
# KatexAssets.Version is read from the bundle's version string: no code edit is needed. Rerun the write-up tests.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-0.19.1}"
assets=src/NotebookKit.Notebooks/Writeups/Assets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$assets"

(cd "$work" && npm pack --silent "katex@$version" >/dev/null)
tar -xzf "$work/katex-$version.tgz" -C "$work"
dist="$work/package/dist"
if ! grep -q "version:\"$version\"" "$dist/katex.min.js"; then
  echo "unexpected katex.min.js for $version" >&2
  exit 1
fi

# Each @font-face lists woff2, woff and ttf; keep woff2 only (every current browser, Chromium included) and inline it.
node - "$dist" "$work/katex.inline.css" <<'JS'
const fs = require("fs"), path = require("path");
const [dist, out] = process.argv.slice(2);
let css = fs.readFileSync(path.join(dist, "katex.min.css"), "utf8");
let fonts = 0;
css = css.replace(/src:url\((fonts\/[^)]+\.woff2)\) format\("woff2"\)[^;}]*/g, (_, file) => {
  fonts++;
  const data = fs.readFileSync(path.join(dist, file)).toString("base64");
  return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
});
if (fonts < 10 || /url\(fonts\//.test(css)) { console.error(`font inlining failed (${fonts} fonts)`); process.exit(1); }
fs.writeFileSync(out, css);
console.error(`inlined ${fonts} fonts`);
JS

# Temp file + rename so a failed copy never leaves a half-written asset.
for pair in "$dist/katex.min.js:katex.min.js" "$work/katex.inline.css:katex.inline.css" "$work/package/LICENSE:katex.LICENSE.txt"; do
  from="${pair%%:*}"; to="$assets/${pair##*:}"
  cp "$from" "$to.tmp" && mv "$to.tmp" "$to"
done
echo "KaTeX $version -> $assets ($(wc -c <"$assets/katex.min.js") + $(wc -c <"$assets/katex.inline.css") bytes)"
