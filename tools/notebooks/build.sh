#!/usr/bin/env bash
# Builds notebooks/*.ipynb from the lesson sources lessons/*.cs with `nbkit convert` (docs/notebooks.md).
#
#   bash tools/notebooks/build.sh           # lessons/*.cs in canonical form, then notebooks/*.ipynb from them
#   bash tools/notebooks/build.sh --check   # write nothing; exit 1 if a lesson or a notebook is out of date
#   bash tools/notebooks/build.sh --import  # notebooks/*.ipynb edited in VS Code -> lessons/*.cs (outputs dropped), then build
set -euo pipefail
cd "$(dirname "$0")/../.."

dotnet build src/NotebookKit.Cli -c Release -nologo -v q >/dev/null || dotnet build src/NotebookKit.Cli -c Release -nologo -v q
nbkit() { dotnet src/NotebookKit.Cli/bin/Release/net10.0/nbkit.dll "$@"; }

case "${1:-}" in
  "")
    nbkit convert lessons/*.cs --to cs
    nbkit convert lessons --to ipynb --out notebooks/
    ;;
  --check)
    status=0
    nbkit convert lessons/*.cs --to cs --check || status=1
    nbkit convert lessons --to ipynb --out notebooks/ --check || status=1
    exit $status
    ;;
  --import)
    nbkit convert notebooks --to cs --out lessons/ --clean
    nbkit convert lessons --to ipynb --out notebooks/
    ;;
  *)
    echo "usage: bash tools/notebooks/build.sh [--check | --import]" >&2
    exit 2
    ;;
esac
