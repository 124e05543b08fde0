#!/usr/bin/env bash
# Re-fetches the pinned plotly.js bundle (npm package plotly.js-dist-min) into
# src/NotebookKit/Plotting/Assets/, where NotebookKit embeds it (PlotlyJs.Script, PlotlyJs.License).
# Usage: tools/update-plotly.sh [VERSION]   (default: the version pinned below)
# PlotlyJs.Version (and so PlotlyJs.CdnUrl) is read from the bundle's header: no code edit is needed.
# Change the default below when you move the pin, and rerun the Plotting tests.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-4.1.2}"
assets=src/NotebookKit/Plotting/Assets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "plotly.js-dist-min@$version" >/dev/null)
tar -xzf "$work/plotly.js-dist-min-$version.tgz" -C "$work"

header=$(head -c 200 "$work/package/plotly.min.js")
if ! grep -q "plotly.js v$version" <<<"$header"; then
  echo "unexpected bundle header for $version: $header" >&2
  exit 1
fi

# Temp file + rename so a failed copy never leaves a half-written asset.
cp "$work/package/plotly.min.js" "$assets/plotly.min.js.tmp" && mv "$assets/plotly.min.js.tmp" "$assets/plotly.min.js"
cp "$work/package/LICENSE" "$assets/plotly.LICENSE.txt.tmp" && mv "$assets/plotly.LICENSE.txt.tmp" "$assets/plotly.LICENSE.txt"
echo "plotly.js $version -> $assets ($(wc -c <"$assets/plotly.min.js") bytes)"
