#!/usr/bin/env bash
# End-to-end benchmarks of the quickfix CLI (README, "Performance"). Not part of `dotnet test`; nothing asserts a time.
#
# Synthesizes full-size checkpoints once into a cache folder with `quickfix synth`, publishes the CLI in Release, then
# times whole commands (process start included, warm page cache, one untimed warm-up run each) and prints medians and
# peak RSS, next to `cp` of the same file, `openssl`/`sha256sum`, and a plain-PyTorch peer doing the same edit
# (tests/bench/edit_pytorch.py, Debian's python3-torch). Writes, into the results folder:
#   results.tsv   one row per figure (machine-readable)      results.md   the README table, machine and commands
#   machine.txt   lscpu/nproc/free/kernel/.NET/torch         perf-mass-editing.png   the mass-editing curve
#   logs/         every run's stdout, stderr and /usr/bin/time report
#
# Usage: tests/bench/run.sh [--size full|tiny] [--only PART,...] [--runs N] [--mass-runs N] [--mass 1,10,100,1000]
#                           [--sd21] [--tokenizer DIR|tiny] [--dir DIR] [--out DIR] [--no-publish] [--resynth]
# Parts (default: all, in this order):
#   apply      apply on SD 1.5 as a diffusers fp16 folder, 1 edit (warm file-hash cache, and a first build with it cold)
#   single     apply on the SD 1.5 fp16 single file, next to cp and cp + sync of that file (and apply + sync)
#   inspect    inspect of each checkpoint, and the bytes it reads from the weights files (strace, else /proc/PID/io)
#   hash       SHA-256 throughput: openssl speed, openssl dgst, sha256sum, quickfix inspect --hash (cold hash cache)
#   mass       apply with 1, 10, 100, 1000 edits in one recipe (4 templates each, one shared target; no warm-up
#              run for 1000 and more: minutes each, and the smaller recipes warmed the caches)
#   peer       the PyTorch peer on the 1-edit recipe, and its edited weight compared with apply's
#   mass-peer  the PyTorch peer on the mass recipes
#   trace      trace on SD 1.5 (10 noise samples)
#   unet       one UNet step, TorchSharp and PyTorch harnesses (tests/bench/unet-step, unet_step_pytorch.py; the
#              PyTorch one builds a full SD 1.5 UNet whatever --size says, so it runs with --size full only)
#   plot       perf-mass-editing.png from the mass rows (tests/bench/plot, ScottPlot)
# --size tiny uses tiny synthesized models (seconds, for checking the script); figures for the README need full.
# Environment: QUICKFIX_BENCH_DIR (default ~/.cache/quickfix/bench) holds models, the published CLI, recipes, outputs.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR=${QUICKFIX_BENCH_DIR:-$HOME/.cache/quickfix/bench}
SIZE=full
ONLY=apply,single,inspect,hash,mass,peer,mass-peer,trace,unet,plot
RUNS=5
MASS_RUNS=3
MASS_SIZES=1,10,100,1000
SD21=0
TOKENIZER=auto
PUBLISH=1
RESYNTH=0
RESULTS=
PYTHON=/usr/bin/python3

die() { echo "run.sh: $*" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --size) SIZE=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --mass-runs) MASS_RUNS=$2; shift 2 ;;
    --mass) MASS_SIZES=$2; shift 2 ;;
    --sd21) SD21=1; shift ;;
    --tokenizer) TOKENIZER=$2; shift 2 ;;
    --dir) BENCH_DIR=$2; shift 2 ;;
    --out) RESULTS=$2; shift 2 ;;
    --no-publish) PUBLISH=0; shift ;;
    --resynth) RESYNTH=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ $SIZE == full || $SIZE == tiny ]] || die "--size is full or tiny, not $SIZE"
[[ $RUNS =~ ^[1-9][0-9]*$ && $MASS_RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs and --mass-runs take a positive count"
for part in ${ONLY//,/ }; do
  [[ ,apply,single,inspect,hash,mass,peer,mass-peer,trace,unet,plot, == *",$part,"* ]] || die "unknown part '$part' in --only"
done
want() { [[ ,$ONLY, == *",$1,"* ]]; }

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
RESULTS=${RESULTS:-$BENCH_DIR/results/$SIZE-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RESULTS/logs" "$BENCH_DIR/work"
RESULTS=$(cd "$RESULTS" && pwd)
WORK=$BENCH_DIR/work
TSV=$RESULTS/results.tsv
# The tool's own cache (patched TorchSharp native, file-hash cache) lives with the benchmark, apart from the user's.
export QUICKFIX_CACHE=$BENCH_DIR/cache
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '\n== %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------------------------------
# Machine, peak-RSS method, tokenizer
# ---------------------------------------------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (dirty)')"
  echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "cores: $(nproc) (nproc); $(lscpu 2>/dev/null | sed -n 's/^Thread(s) per core: *//p') thread(s) per core"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel: $(uname -sr)"
  echo "os: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
  echo "disk: $(df -T "$BENCH_DIR" | awk 'NR == 2 {print $2 " on " $1}')"
  echo ".NET: $(dotnet --version 2>/dev/null)"
  echo "python3-torch: $($PYTHON -c 'import torch; print(torch.__version__)' 2>/dev/null || echo absent)"
  echo "openssl: $(openssl version 2>/dev/null || echo absent)"
  echo "size: $SIZE"
  echo "runs: $RUNS (mass editing: $MASS_RUNS)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" >&2

if [[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>&1 | grep -q 'Maximum resident'; then
  RSS_METHOD=time
else
  RSS_METHOD=proc
  echo "run.sh: /usr/bin/time -v is not available; peak RSS is sampled from /proc/PID/status (VmHWM) every 10 ms instead." >&2
fi
echo "peak RSS: $([[ $RSS_METHOD == time ]] && echo '/usr/bin/time -v (max RSS of the process tree)' || echo '/proc/PID/status VmHWM, sampled')" >> "$RESULTS/machine.txt"

if [[ $TOKENIZER == auto ]]; then
  for candidate in "${QUICKFIX_SHARED:-}/data/clip-tokenizer" "$REPO/../shared/data/clip-tokenizer"; do
    if [[ -f $candidate/vocab.json ]]; then TOKENIZER=$(cd "$candidate" && pwd); break; fi
  done
  if [[ $TOKENIZER == auto ]]; then
    echo "run.sh: CLIP vocabulary not found (../shared/data/clip-tokenizer, \$QUICKFIX_SHARED); using the tiny vocabulary." >&2
    TOKENIZER=tiny
  fi
fi
VOCAB=$([[ $TOKENIZER == tiny ]] && echo tinyvocab || echo clip)
echo "tokenizer: $TOKENIZER" >> "$RESULTS/machine.txt"

printf 'part\tname\tedits\truns\tmedian_s\tmin_s\tmax_s\tpeak_rss_mb\tnote\tcommand\n' > "$TSV"

# ---------------------------------------------------------------------------------------------------------------------
# Timing: one run, N runs, a row
# ---------------------------------------------------------------------------------------------------------------------
LAST_SECONDS=
LAST_RSS_KB=
# run_once LOG CMD...: runs CMD once (stdout/stderr to LOG.out/.err), sets LAST_SECONDS and LAST_RSS_KB; fails on failure.
run_once() {
  local log=$1; shift
  local start end status=0
  start=$(date +%s%N)
  if [[ $RSS_METHOD == time ]]; then
    /usr/bin/time -v -o "$log.time" "$@" > "$log.out" 2> "$log.err" || status=$?
    end=$(date +%s%N)
    LAST_RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
  else
    "$@" > "$log.out" 2> "$log.err" &
    local pid=$! peak=0 hwm
    while kill -0 "$pid" 2> /dev/null; do
      hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2> /dev/null || true)
      if [[ -n $hwm ]] && ((hwm > peak)); then peak=$hwm; fi
      sleep 0.01
    done
    wait "$pid" || status=$?
    end=$(date +%s%N)
    LAST_RSS_KB=$peak
  fi
  LAST_SECONDS=$(awk -v ns=$((end - start)) 'BEGIN {printf "%.4f", ns / 1e9}')
  if [[ $status -ne 0 ]]; then
    echo "run.sh: failed (exit $status): $*" >&2
    tail -n 20 "$log.err" >&2
    exit 1
  fi
}

# stats VALUES...: "median min max" of the numbers given (at least one).
stats() {
  [[ $# -gt 0 ]] || { echo "run.sh: no timings to summarize" >&2; exit 1; }
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.4f %.4f %.4f", m, v[1], v[NR]}'
}

# shown CMD...: CMD as one line a shell would read back (arguments with spaces or quotes single-quoted).
shown() {
  local word words=()
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then words+=("$word"); else words+=("'${word//\'/\'\\\'\'}'"); fi
  done
  echo "${words[*]}"
}

# row PART NAME EDITS RUNS MEDIAN MIN MAX RSS_MB NOTE COMMAND: appends to results.tsv and echoes a summary.
row() {
  local command=${10//$BENCH_DIR/\$BENCH}
  command=${command//$REPO\//}
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "$command" >> "$TSV"
  if [[ $5 == 0 ]]; then
    printf '   %s: %s\n' "$2" "$9" >&2
  else
    printf '   %-52s median %8.3f s  (min %.3f, max %.3f)  peak RSS %s MB  %s\n' "$2" "$5" "$6" "$7" "$8" "$9" >&2
  fi
}

# measure PART NAME EDITS RUNS PREPARE NOTE_FN CMD...: PREPARE (a function name or :) runs untimed before each run,
# after which dirty pages are flushed; one warm-up run is discarded; NOTE_FN (or :) prints the note, given the last
# run's log prefix and the median. Records median/min/max seconds and the largest peak RSS. The command recorded is
# CMD, or $SHOWN when set (for `bash -c` wrappers); WARMUP=0 skips the warm-up run.
measure() {
  local part=$1 name=$2 edits=$3 runs=$4 prepare=$5 note_fn=$6; shift 6
  local slug=${name//[^A-Za-z0-9]/-} times=() peak=0 i log note= first=$((1 - ${WARMUP:-1}))
  for ((i = first; i <= runs; i++)); do
    "$prepare"
    sync
    log=$RESULTS/logs/$part-$slug-$i
    run_once "$log" "$@"
    if [[ $i -gt 0 ]]; then
      times+=("$LAST_SECONDS")
      if ((LAST_RSS_KB > peak)); then peak=$LAST_RSS_KB; fi
    fi
  done
  read -r median min max <<< "$(stats "${times[@]}")"
  [[ $note_fn == : ]] || note=$("$note_fn" "$log" "$median")
  row "$part" "$name" "$edits" "$runs" "$median" "$min" "$max" "$(awk -v k="$peak" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')" "$note" \
    "${SHOWN:-$(shown "$@")}"
}

# ---------------------------------------------------------------------------------------------------------------------
# The CLI, the checkpoints, the recipes
# ---------------------------------------------------------------------------------------------------------------------
CLI=$BENCH_DIR/cli/quickfix
if [[ $PUBLISH == 1 || ! -x $CLI ]]; then
  log "publishing the CLI (Release) to $BENCH_DIR/cli"
  dotnet publish "$REPO/tool/QuickFix.Cli" -c Release -o "$BENCH_DIR/cli" --nologo -v quiet > "$RESULTS/logs/publish.log" 2>&1 \
    || { tail -n 30 "$RESULTS/logs/publish.log" >&2; die "dotnet publish failed"; }
fi
echo "quickfix: $("$CLI" --version 2>/dev/null | head -1)" >> "$RESULTS/machine.txt"

MODELS=$BENCH_DIR/models
mkdir -p "$MODELS"
# Full size: two 2.1 GB checkpoints, a 2.1 GB single-file output and its cp, the peer's 246 MB file (SD 2.1: +5 GB).
free_gb=$(df -P -BG "$BENCH_DIR" | awk 'NR == 2 {print $4 + 0}')
if [[ $SIZE == full && $free_gb -lt $((12 + 6 * SD21)) ]]; then
  echo "run.sh: only $free_gb GB free under $BENCH_DIR; a full run needs about $((12 + 6 * SD21)) GB (models cached there, outputs)." >&2
fi
synth() { # synth FAMILY LAYOUT OUT
  local family=$1 layout=$2 out=$3 tokenizer=()
  [[ $TOKENIZER == tiny ]] || tokenizer=(--tokenizer "$TOKENIZER")
  if [[ $RESYNTH == 1 || ! -e $out ]]; then
    log "synthesizing $family $SIZE f16 $layout -> $out (once; reused by later runs)"
    "$CLI" synth --family "$family" --size "$SIZE" --layout "$layout" --dtype f16 --seed 1234 --out "$out" "${tokenizer[@]}" --json > /dev/null
  fi
}
SD15_DIR=$MODELS/sd15-$SIZE-f16-$VOCAB
SD15_FILE=$MODELS/sd15-$SIZE-f16-$VOCAB.safetensors
SD21_DIR=$MODELS/sd21-$SIZE-f16-$VOCAB
SD21_FILE=$MODELS/sd21-$SIZE-f16-$VOCAB.safetensors
synth sd15 diffusers "$SD15_DIR"
synth sd15 single-file "$SD15_FILE"
if [[ $SD21 == 1 ]]; then
  synth sd21 diffusers "$SD21_DIR"
  synth sd21 single-file "$SD21_FILE"
fi

RECIPES=$WORK/recipes
mkdir -p "$RECIPES"
# recipe NAME MODEL OUTPUT EDITS [artists]: a recipe with one edit (Van Gogh -> painting) or, with "artists", EDITS
# made-up concepts ("artist name 0001" -> "a painting", as in a UCE-style mass erasure), trace and images off; also
# writes NAME.tsv, the same edits for the PyTorch peer.
recipe() {
  local name=$1 model=$2 output=$3 edits=$4 kind=${5:-van-gogh} i key
  {
    echo "# Written by tests/bench/run.sh: $edits edit(s), default method (layer 0, lambda 0.01, 4 templates, EOS)."
    echo "version: 1"
    echo "model: { path: \"$model\" }"
    echo "output: { path: \"$output\", delta: true }"
    echo "trace: { mode: off }"
    echo "edits:"
    if [[ $kind == van-gogh ]]; then
      echo "  - { key: Van Gogh, value: painting, kind: style }"
    else
      for ((i = 1; i <= edits; i++)); do
        printf -v key 'artist name %04d' "$i"
        echo "  - { key: \"$key\", value: a painting, kind: style }"
      done
    fi
  } > "$RECIPES/$name.yaml"
  if [[ $kind == van-gogh ]]; then
    printf 'Van Gogh\tpainting\n' > "$RECIPES/$name.tsv"
  else
    for ((i = 1; i <= edits; i++)); do printf 'artist name %04d\ta painting\n' "$i"; done > "$RECIPES/$name.tsv"
  fi
}

# Notes from a run's output: the manifest's stage timings of apply, the peer's JSON line.
apply_note() { # LOG
  local manifest
  manifest=$(sed -n 's/.*"manifestPath": "\(.*\)".*/\1/p' "$1.out" | head -1)
  [[ -f $manifest ]] || return 0
  $PYTHON - "$manifest" << 'EOF' 2> /dev/null || true
import json, sys
t = json.load(open(sys.argv[1]))["timingsSeconds"]
print("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in t.items()))
EOF
}
peer_note() { # LOG
  $PYTHON - "$1.out" << 'EOF' 2> /dev/null || true
import json, sys
d = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print(f"{d['pairs']} pairs; in-process: " + ", ".join(f"{k} {v:.2f} s" for k, v in d["seconds"].items()))
EOF
}

OUT_DIFFUSERS=$WORK/out/sd15-edited
OUT_SINGLE_DIR=$WORK/out/single
OUT_SINGLE=$OUT_SINGLE_DIR/sd15-edited.safetensors
clear_outputs() { rm -rf "$WORK/out"; mkdir -p "$WORK/out" "$OUT_SINGLE_DIR"; }
clear_outputs_and_hashes() { clear_outputs; rm -rf "$QUICKFIX_CACHE/file-hashes"; }
clear_hashes() { rm -rf "$QUICKFIX_CACHE/file-hashes"; }
clear_copy() { rm -f "$WORK/copy.safetensors"; }
recipe apply-diffusers "$SD15_DIR" "$OUT_DIFFUSERS" 1
recipe apply-single "$SD15_FILE" "$OUT_SINGLE" 1

# ---------------------------------------------------------------------------------------------------------------------
# Parts
# ---------------------------------------------------------------------------------------------------------------------
if want apply; then
  log "apply, SD 1.5 diffusers fp16, 1 edit"
  measure apply "apply sd15 diffusers fp16" 1 "$RUNS" clear_outputs apply_note \
    "$CLI" apply "$RECIPES/apply-diffusers.yaml" --no-trace --no-images --json
  measure apply "apply sd15 diffusers fp16, first build (file-hash cache cold)" 1 "$RUNS" clear_outputs_and_hashes apply_note \
    "$CLI" apply "$RECIPES/apply-diffusers.yaml" --no-trace --no-images --json
fi

if want single; then
  log "apply on the SD 1.5 fp16 single file, next to cp"
  size=$(stat -c %s "$SD15_FILE")
  measure single "cp sd15 single file" 1 "$RUNS" clear_copy : cp "$SD15_FILE" "$WORK/copy.safetensors"
  SHOWN="cp $SD15_FILE $WORK/copy.safetensors && sync $WORK/copy.safetensors" measure single "cp + sync sd15 single file" 1 "$RUNS" clear_copy : \
    bash -c 'cp "$1" "$2" && sync "$2"' cp-sync "$SD15_FILE" "$WORK/copy.safetensors"
  measure single "apply sd15 single file fp16" 1 "$RUNS" clear_outputs apply_note \
    "$CLI" apply "$RECIPES/apply-single.yaml" --no-trace --no-images --json
  SHOWN="$CLI apply $RECIPES/apply-single.yaml --no-trace --no-images --json && sync $OUT_SINGLE" \
    measure single "apply + sync sd15 single file fp16" 1 "$RUNS" clear_outputs : \
    bash -c '"$1" apply "$2" --no-trace --no-images --json && sync "$3"' apply-sync "$CLI" "$RECIPES/apply-single.yaml" "$OUT_SINGLE"
  echo "   (file: $size bytes)" >&2
  clear_copy
fi

if want inspect; then
  checkpoints=("$SD15_DIR" "$SD15_FILE")
  [[ $SD21 == 1 ]] && checkpoints+=("$SD21_DIR" "$SD21_FILE")
  for checkpoint in "${checkpoints[@]}"; do
    label=$(basename "$checkpoint")
    log "inspect $label"
    measure inspect "inspect $label" 0 "$RUNS" : : "$CLI" inspect "$checkpoint" --json
    # What it reads from the weights files: headers only (8 + N bytes each) is the claim, so no byte at or past a
    # file's data offset. strace shows each pread64's file and offset; without strace, /proc/PID/io's rchar counts
    # every read of the process (runtime files included), which can only bound it.
    mapfile -t weights < <(find -L "$checkpoint" -name '*.safetensors' -type f | sort)
    if command -v strace > /dev/null; then
      trace_log=$RESULTS/logs/inspect-strace-$label.txt
      strace -f -qq -y -e trace=read,pread64 -o "$trace_log" "$CLI" inspect "$checkpoint" --json > /dev/null
      note=$($PYTHON - "$trace_log" "${weights[@]}" << 'EOF'
import os, re, sys
log, files = sys.argv[1], [os.path.realpath(f) for f in sys.argv[2:]]
data = {}
for f in files:
    with open(f, "rb") as h:
        data[f] = 8 + int.from_bytes(h.read(8), "little")  # the data offset, 8 + N
total = tensor = unplaced = 0
call = re.compile(r'(read|pread64)\(\d+<([^>]*)>, .*?(?:, (\d+))?\) += (\d+)$')
for line in open(log, encoding="utf-8", errors="replace"):
    m = call.search(line.rstrip("\n"))
    if not m or os.path.realpath(m.group(2)) not in data:
        continue
    n, start = int(m.group(4)), data[os.path.realpath(m.group(2))]
    total += n
    if m.group(1) == "read":
        unplaced += n
    else:
        offset = int(m.group(3))
        tensor += max(0, offset + n - max(offset, start))
print(f"{total} bytes read from {len(files)} weights file(s) (headers: {sum(data.values())} bytes), "
      f"{tensor} of them at or past a data offset, {unplaced} by read() at unknown offsets "
      f"({sum(os.path.getsize(f) for f in files)} bytes in the files; strace -f -y -e trace=read,pread64)")
EOF
)
    else
      "$CLI" inspect "$checkpoint" --json > /dev/null &
      pid=$! read_bytes=0
      while kill -0 "$pid" 2> /dev/null; do
        now=$(awk '/^rchar:/ {print $2}' "/proc/$pid/io" 2> /dev/null || true)
        [[ -n $now ]] && read_bytes=$now
        sleep 0.002
      done
      wait "$pid"
      total=$(stat -L -c %s "${weights[@]}" | awk '{s += $1} END {print s}')
      note="the process read $read_bytes bytes in all (/proc/PID/io rchar, sampled; runtime files included); the weights files hold $total"
    fi
    row inspect-reads "bytes read by inspect $label" 0 1 0 0 0 0 "$note" "$CLI inspect $checkpoint --json"
  done
fi

if want hash; then
  log "SHA-256 throughput"
  size=$(stat -c %s "$SD15_FILE")
  mbps() { awk -v b="$size" -v s="$2" 'BEGIN {printf "%.0f MB/s over %d bytes", b / s / 1e6, b}'; } # LOG MEDIAN
  if command -v openssl > /dev/null; then
    # "The 'numbers' are in 1000s of bytes per second processed": sha256  1234567.89k
    speed=$(openssl speed -evp sha256 -bytes 16384 -seconds 3 2> /dev/null | awk 'tolower($1) == "sha256" {print $NF}' | tail -1)
    row hash "openssl speed -evp sha256 (16 KiB blocks, 1 core)" 0 1 0 0 0 0 \
      "$(awk -v k="${speed%k}" 'BEGIN {printf "%.0f MB/s in memory", k / 1000}')" "openssl speed -evp sha256 -bytes 16384 -seconds 3"
    measure hash "openssl dgst -sha256 sd15 single file" 0 "$RUNS" : mbps openssl dgst -sha256 "$SD15_FILE"
  fi
  measure hash "sha256sum sd15 single file" 0 "$RUNS" : mbps sha256sum "$SD15_FILE"
  measure hash "quickfix inspect --hash sd15 single file (SHA-256 x2 + XxHash128, cold hash cache)" 0 "$RUNS" clear_hashes mbps \
    "$CLI" inspect "$SD15_FILE" --hash --json
fi

IFS=, read -r -a MASS <<< "$MASS_SIZES"
if want mass; then
  for n in "${MASS[@]}"; do
    recipe "mass-$n" "$SD15_DIR" "$WORK/out/mass-$n" "$n" artists
    log "mass editing: $n edit(s)"
    # The largest recipes skip the warm-up run (minutes each); the smaller ones before them warmed the caches.
    WARMUP=$((n < 1000)) measure mass "apply sd15 diffusers fp16, $n edit(s)" "$n" "$MASS_RUNS" clear_outputs apply_note \
      "$CLI" apply "$RECIPES/mass-$n.yaml" --no-trace --no-images --json
  done
fi

# peer_tokens NAME: the padded token ids of the recipe's prompts, from our CLI (not timed: the peer has no tokenizer).
peer_tokens() {
  local name=$1 prompts=()
  mapfile -t prompts < <($PYTHON "$REPO/tests/bench/edit_pytorch.py" prompts --edits "$RECIPES/$name.tsv")
  "$CLI" tokenize --model "$SD15_DIR" --json "${prompts[@]}" > "$RECIPES/$name.tokens.json"
}
peer_available() {
  $PYTHON -c 'import torch, numpy' 2> /dev/null && return 0
  echo "run.sh: $PYTHON has no torch/numpy (Debian: apt install python3-torch); skipping the PyTorch peer." >&2
  return 1
}
if want peer && peer_available; then
  log "PyTorch peer, 1 edit"
  peer_tokens apply-diffusers
  measure peer "pytorch peer sd15 diffusers fp16 (layer 0 in float64, solve, write te)" 1 "$RUNS" clear_outputs peer_note \
    $PYTHON "$REPO/tests/bench/edit_pytorch.py" edit --model "$SD15_DIR" --tokens "$RECIPES/apply-diffusers.tokens.json" \
    --edits "$RECIPES/apply-diffusers.tsv" --out "$WORK/out/peer.safetensors"
  # The same edit, so the same weight: compare the peer's last output with apply's.
  "$CLI" apply "$RECIPES/apply-diffusers.yaml" --no-trace --no-images --json > "$RESULTS/logs/peer-check-apply.out"
  check=$($PYTHON "$REPO/tests/bench/edit_pytorch.py" compare "$(find "$OUT_DIFFUSERS/text_encoder" -name 'model*.safetensors')" \
    "$WORK/out/peer.safetensors")
  row peer-check "edited weight, peer against apply" 1 1 0 0 0 0 "$check" \
    "$PYTHON tests/bench/edit_pytorch.py compare $OUT_DIFFUSERS/text_encoder/model.fp16.safetensors $WORK/out/peer.safetensors"
fi
if want mass-peer && peer_available; then
  for n in "${MASS[@]}"; do
    recipe "mass-$n" "$SD15_DIR" "$WORK/out/mass-$n" "$n" artists
    log "PyTorch peer, $n edit(s)"
    peer_tokens "mass-$n"
    WARMUP=$((n < 1000)) measure mass-peer "pytorch peer sd15 diffusers fp16, $n edit(s)" "$n" "$MASS_RUNS" clear_outputs peer_note \
      $PYTHON "$REPO/tests/bench/edit_pytorch.py" edit --model "$SD15_DIR" --tokens "$RECIPES/mass-$n.tokens.json" \
      --edits "$RECIPES/mass-$n.tsv" --out "$WORK/out/peer.safetensors"
  done
fi

if want trace; then
  log "trace on SD 1.5"
  measure trace "trace sd15 (10 samples)" 0 "$RUNS" clear_outputs : \
    "$CLI" trace --model "$SD15_DIR" --prompt "A painting in the style of Van Gogh" --subject "Van Gogh" --out "$WORK/out/trace" --json
fi

if want unet; then
  # The step harnesses time themselves after loading; the figure is the median step after the first (warm-up) one.
  steps() { sed -n 's/^step \([0-9]*\): \([0-9.]*\) s$/\1 \2/p' "$1" | awk '$1 > 0 {print $2}'; }
  log "UNet step, TorchSharp"
  dotnet build "$REPO/tests/bench/unet-step" -c Release --nologo -v quiet > "$RESULTS/logs/unet-build.log" 2>&1 \
    || { tail -n 30 "$RESULTS/logs/unet-build.log" >&2; die "building tests/bench/unet-step failed"; }
  repeats=$((RUNS + 1))
  run_once "$RESULTS/logs/unet-torchsharp" dotnet "$REPO/tests/bench/unet-step/bin/Release/net10.0/UnetStep.dll" "$SD15_DIR" "$repeats"
  mapfile -t step_times < <(steps "$RESULTS/logs/unet-torchsharp.out")
  read -r median min max <<< "$(stats "${step_times[@]}")"
  row unet "unet step sd15 (TorchSharp, CFG batch 2, 64x64 latents)" 0 "${#step_times[@]}" "$median" "$min" "$max" \
    "$(awk -v k="$LAST_RSS_KB" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')" "$(head -1 "$RESULTS/logs/unet-torchsharp.out")" \
    "dotnet run -c Release --project tests/bench/unet-step -- $SD15_DIR $repeats"
  if [[ $SIZE == full ]] && peer_available; then
    log "UNet step, PyTorch"
    run_once "$RESULTS/logs/unet-pytorch" $PYTHON "$REPO/tests/bench/unet_step_pytorch.py" "$repeats" 2
    mapfile -t step_times < <(steps "$RESULTS/logs/unet-pytorch.out")
    read -r median min max <<< "$(stats "${step_times[@]}")"
    row unet "unet step sd15 (PyTorch peer, same shapes)" 0 "${#step_times[@]}" "$median" "$min" "$max" \
      "$(awk -v k="$LAST_RSS_KB" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')" "$(head -1 "$RESULTS/logs/unet-pytorch.out")" \
      "$PYTHON tests/bench/unet_step_pytorch.py $repeats 2"
  fi
fi
clear_outputs

if want plot && grep -q '^mass' "$TSV"; then
  log "plotting the mass-editing curve"
  title="Mass editing: SD 1.5 fp16 diffusers ($SIZE), N edits in one recipe, $(nproc) cores"
  dotnet run -c Release --project "$REPO/tests/bench/plot" -- "$TSV" "$RESULTS/perf-mass-editing.png" "$title" > "$RESULTS/logs/plot.log" 2>&1 \
    || { tail -n 30 "$RESULTS/logs/plot.log" >&2; die "plotting failed"; }
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
$PYTHON "$REPO/tests/bench/report.py" "$RESULTS" > "$RESULTS/results.md"
log "done: $RESULTS"
echo "  results.tsv, results.md$( [[ -f $RESULTS/perf-mass-editing.png ]] && echo ', perf-mass-editing.png')" >&2
if [[ -f $RESULTS/perf-mass-editing.png ]]; then
  echo "  for the README: cp $RESULTS/perf-mass-editing.png $REPO/docs/perf-mass-editing.png" >&2
fi
cat "$RESULTS/results.md"
