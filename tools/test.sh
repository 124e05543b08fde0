#!/usr/bin/env bash
# The test command (README.md): sets up a fresh machine, builds, runs every test project,
# and ends with one line "N passed, N failed, N skipped". Non-zero exit on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need, one per line (installed only when run as root on a machine with apt).
apt_packages=(
  chromium
  dataset-fashion-mnist
  python3-nbformat
  python3-jsonschema
  python3-jupyter-kernel-test
  python3-jupyter-client
  python3-nbclient
  jupyter-notebook
  slurm-wlm
  munge
)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ "${NBKIT_SKIP_APT:-0}" != 1 ]; then
  echo "== apt: ${apt_packages[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt_packages[@]}" >/dev/null \
    || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
fi

echo "== restore + build (Release)"
if ! dotnet build NotebookKit.sln -c Release -nologo -v q; then
  echo "0 passed, 1 failed"
  exit 1
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
status=0
# Every test project: tests/*.Tests (benchmarks are not tests).
for project in tests/*.Tests; do
  [ -d "$project" ] || continue
  name=$(basename "$project")
  echo "== test $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$found" = 0 ]; then failed=$((failed + 1)); fi
# Name what failed right above the closing line (logs are often cut to their last lines).
if [ "$found" = 1 ] && command -v python3 >/dev/null 2>&1; then
  python3 tools/trx-failures.py "$results"/*.trx || true
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$status" = 0 ]
