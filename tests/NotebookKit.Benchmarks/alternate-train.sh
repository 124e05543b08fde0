#!/usr/bin/env bash
# Alternates `nbkit bench train` and its PyTorch twin (bench_train.py) on the same arguments, ROUNDS times, and
# prints one JSON line per run with the 1-minute load average before and after it and the run's CPU seconds.
# Used for the MiniVGGNet table in docs/benchmarks.md:
#   dotnet build NotebookKit.sln -c Release
#   ROUNDS=5 bash tests/NotebookKit.Benchmarks/alternate-train.sh --model minivggnet --batch 64 --steps 60 --threads 2
# PyTorch runs with Debian's OpenBLAS (apt-get install -y python3-torch libopenblas0-pthread) and with any
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE override unset for its command only. With PASSIVE=1 each round also runs
# PyTorch with OMP_WAIT_POLICY=PASSIVE (its OpenMP threads sleep instead of spinning while they wait, which matters
# when other processes share the cores; the arithmetic is the same).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${ROUNDS:-5}"
nbkit=(dotnet src/NotebookKit.Cli/bin/Release/net10.0/nbkit.dll bench train "$@")
torch=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tests/NotebookKit.Benchmarks/pytorch/bench_train.py "$@")
load() { cut -d' ' -f1 /proc/loadavg; }
run() {
  local side="$1" round="$2"; shift 2
  local before out cpu
  before="$(load)"
  cpu="$(mktemp)"
  out="$(/usr/bin/time -f '%U %S' -o "$cpu" "$@" | tail -n 1)"
  printf '{"round":%s,"side":"%s","load_before":%s,"load_after":%s,"cpu_seconds":%s,"at":"%s","result":%s}\n' \
    "$round" "$side" "$before" "$(load)" "$(awk '{print $1 + $2}' "$cpu")" "$(date -u +%H:%M:%S)" "$out"
  rm -f "$cpu"
}
for ((r = 1; r <= rounds; r++)); do
  run notebookkit "$r" "${nbkit[@]}"
  run pytorch "$r" "${torch[@]}"
  if [[ "${PASSIVE:-0}" == 1 ]]; then
    run pytorch-passive "$r" env OMP_WAIT_POLICY=PASSIVE "${torch[@]}"
  fi
done
