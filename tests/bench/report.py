#!/usr/bin/python3
"""Writes the Markdown report of a tests/bench/run.sh results folder (results.tsv, machine.txt) to standard output:
the README's Performance table (median, range, peak RSS, goal, command), the ratios to `cp` and to the PyTorch peer,
the mass-editing table, and the machine. Standard library only. Usage: python3 tests/bench/report.py RESULTS_DIR
"""
import csv
import os
import sys

GOALS = [  # (part, name prefix, goal), first match wins
    ("apply", "apply sd15 diffusers fp16, first build", "< 1.0 s (not a stated goal: the base is hashed once)"),
    ("apply", "apply sd15 diffusers fp16", "< 1.0 s; peak RSS < 400 MB"),
    ("single", "apply sd15 single file", "within 1.3x of cp"),
    ("inspect", "inspect", "< 100 ms"),
    ("mass", "apply sd15 diffusers fp16, 1000 edit", "< 30 s, linear growth"),
    ("trace", "trace", "10 s"),
]


def seconds(value):
    v = float(value)
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"


def goal(row):
    for part, prefix, text in GOALS:
        if row["part"] == part and row["name"].startswith(prefix):
            return text
    return ""


def command(text):
    return "`" + text.replace("$BENCH/cli/quickfix", "quickfix").replace("`", "'") + "`"


def find(rows, part, prefix):
    return next((r for r in rows if r["part"] == part and r["name"].startswith(prefix)), None)


def ratio(a, b):
    return float(a["median_s"]) / float(b["median_s"]) if a and b and float(b["median_s"]) > 0 else None


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "results.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with open(os.path.join(folder, "machine.txt"), encoding="utf-8") as f:
        machine = dict(line.rstrip("\n").split(": ", 1) for line in f if ": " in line)

    timed = [r for r in rows if float(r["median_s"]) > 0]
    out = []
    tokenizer = machine.get("tokenizer", "?")
    vocabulary = "the project's tiny vocabulary" if tokenizer == "tiny" else "CLIP's vocabulary"
    out.append(f"Measured {machine.get('date', '?')} at commit {machine.get('commit', '?')} on {machine.get('cpu', '?')}, "
               f"{machine.get('cores', '?')}, {machine.get('memory', '?')} RAM, {machine.get('os', '?')} "
               f"({machine.get('kernel', '?')}), {machine.get('disk', '?')}; .NET {machine.get('.NET', '?')}, "
               f"python3-torch {machine.get('python3-torch', '?')}. Checkpoints synthesized by `quickfix synth` "
               f"({machine.get('size', '?')} size, fp16, {vocabulary}); warm page cache; whole processes, start included; "
               f"median of {machine.get('runs', '?')} runs after one discarded warm-up run (none for 1000 edits); peak RSS by "
               f"{machine.get('peak RSS', '?')}. Load average {machine.get('load average at start', '?')} at the start, "
               f"{machine.get('load average at end', '?')} at the end. `$BENCH` is the benchmark folder "
               "(`~/.cache/quickfix/bench`); `tests/bench/run.sh` reproduces every row.")
    out.append("")
    out.append("| figure | median | min – max | runs | peak RSS | goal | command |")
    out.append("|---|---:|---:|---:|---:|---|---|")
    for r in timed:
        rss = f"{r['peak_rss_mb']} MB" if r["peak_rss_mb"] not in ("", "0") else ""
        out.append(f"| {r['name']} | {seconds(r['median_s'])} | {seconds(r['min_s'])} – {seconds(r['max_s'])} | {r['runs']} | "
                   f"{rss} | {goal(r)} | {command(r['command'])} |")
    out.append("")

    notes = []
    single, cp, cp_sync = find(rows, "single", "apply sd15 single"), find(rows, "single", "cp sd15"), find(rows, "single", "cp + sync")
    apply_sync = find(rows, "single", "apply + sync")
    if ratio(single, cp):
        text = f"apply on the single file takes {ratio(single, cp):.2f}x the time of `cp` of that file (goal: 1.3x)"
        if ratio(apply_sync, cp_sync):
            text += f"; with the file synced to disk, {ratio(apply_sync, cp_sync):.2f}x `cp` + `sync`"
        notes.append(text + ".")
    ours, peer = find(rows, "apply", "apply sd15 diffusers fp16"), find(rows, "peer", "pytorch peer")
    if ratio(peer, ours):
        notes.append(f"The PyTorch peer doing the same edit takes {ratio(peer, ours):.1f}x as long as `apply` "
                     f"({seconds(peer['median_s'])} vs {seconds(ours['median_s'])}, whole processes; peer: {peer['note']}).")
    for r in rows:
        if r["part"] in ("inspect-reads", "hash", "peer-check") and r["note"]:
            notes.append(f"{r['name']}: {r['note']}.")
    for r in rows:
        if r["part"] in ("apply", "single", "mass") and r["note"].startswith("stages"):
            notes.append(f"{r['name']}: {r['note']}.")
    out.extend(f"* {n}" for n in notes)

    mass = {int(r["edits"]): r for r in rows if r["part"] == "mass"}
    mass_peer = {int(r["edits"]): r for r in rows if r["part"] == "mass-peer"}
    if mass:
        out.append("")
        out.append("| edits | pairs | quickfix apply | per edit | PyTorch peer | peer / apply |")
        out.append("|---:|---:|---:|---:|---:|---:|")
        for n in sorted(set(mass) | set(mass_peer)):
            a, p = mass.get(n), mass_peer.get(n)
            pairs = p["note"].split(" pairs")[0] if p else ""
            out.append(f"| {n} | {pairs} | {seconds(a['median_s']) if a else ''} | "
                       f"{seconds(float(a['median_s']) / n) if a else ''} | {seconds(p['median_s']) if p else ''} | "
                       f"{f'{ratio(p, a):.1f}x' if a and p else ''} |")
        out.append("")
        out.append("![Mass editing: time against the number of edits](docs/perf-mass-editing.png)")
    print("\n".join(out))


if __name__ == "__main__":
    main()
