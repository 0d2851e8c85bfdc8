#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Dedup speed benchmark on synthetic records with realistic noise.

    tests/bench/bench-dedup-speed.py [--builddir build-dedup]
                                     [--sizes 10000,100000,1000000]
                                     [--duplicates 0.3] [--near-misses 0.05]

For each size N: `winnow-cli synth --records N --duplicates D --near-misses M`
writes N records plus a noisy second copy of a share D of them (the noise
databases introduce: case, punctuation, HTML entities, bracketed titles,
initials, dropped diacritics, abbreviated journals, 482-91 pages, DOI
prefixes and capitals, ahead-of-print copies, missing abstracts) and, for a
share M, a related record that is not a duplicate (erratum, retraction,
comment, reply, conference abstract, next part, Cochrane versions). The
file is imported into a new project, then `winnow-cli dedup` is timed
(wall clock and peak RSS of the process, as the OS reports it). A second
file of 1 % more records is then imported and dedup run again: only pairs
with a new record are compared.

Accuracy on the synthetic truth (the record IDs say which record is a copy
of which: SYN000123-D copies SYN000123; -N… are near misses) is counted as
in bench-dedup.py (removable copies). Prints a Markdown table.
"""
import argparse
import datetime
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.node()}, {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def run_measured(argv):
    """Runs argv; returns (seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} exited {code}: {err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024.0, out.decode()


def truth_key(source_id):
    """SYN000123 and SYN000123-D are one work; SYN000123-NE is another."""
    if source_id.endswith("-D"):
        return source_id[:-2]
    return source_id


def accuracy(project):
    db = sqlite3.connect(project)
    rows = db.execute("SELECT id, source_id, duplicate_of FROM records").fetchall()
    db.close()
    gold_of = {rid: truth_key(sid) for rid, sid, _ in rows}
    sizes = {}
    for key in gold_of.values():
        sizes[key] = sizes.get(key, 0) + 1
    removable = sum(s - 1 for s in sizes.values())
    groups = {}
    for rid, _sid, dup in rows:
        groups.setdefault(dup if dup is not None else rid, []).append(rid)
    tp = fp = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        parts = {}
        for rid in members:
            parts.setdefault(gold_of[rid], 0)
            parts[gold_of[rid]] += 1
        tp += sum(n - 1 for n in parts.values())
        fp += len(parts) - 1
    return len(rows), removable, tp, removable - tp, fp


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builddir", default="build-dedup")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--duplicates", type=float, default=0.3)
    parser.add_argument("--near-misses", type=float, default=0.05)
    parser.add_argument("--workdir", help="keep the files here instead of a temporary folder")
    args = parser.parse_args()
    cli = os.path.join(args.builddir, "winnow-cli")

    rows = []
    with tempfile.TemporaryDirectory(prefix="winnow-bench-dedup-speed-", dir=args.workdir) as workdir:
        for n in [int(x) for x in args.sizes.split(",")]:
            ris = os.path.join(workdir, f"synth-{n}.ris")
            extra = os.path.join(workdir, f"synth-{n}-extra.ris")
            project = os.path.join(workdir, f"synth-{n}.winnow")
            subprocess.run([cli, "synth", "--records", str(n), "--seed", "7", "--duplicates", str(args.duplicates),
                            "--near-misses", str(args.near_misses), "-o", ris], check=True)
            subprocess.run([cli, "synth", "--records", str(max(1, n // 100)), "--seed", "8",
                            "--duplicates", str(args.duplicates), "--near-misses", str(args.near_misses),
                            "-o", extra], check=True)
            subprocess.run([cli, "new", project], check=True, capture_output=True)
            import_s, _rss, _ = run_measured([cli, "import", project, ris, "--json"])
            dedup_s, dedup_rss, out = run_measured([cli, "dedup", project, "--json"])
            report = json.loads(out)
            records, removable, tp, fn, fp = accuracy(project)
            subprocess.run([cli, "import", project, extra, "--json"], check=True, capture_output=True)
            rerun_s, rerun_rss, out2 = run_measured([cli, "dedup", project, "--json"])
            report2 = json.loads(out2)
            rows.append(dict(n=n, records=records, import_s=import_s, dedup_s=dedup_s, rss=dedup_rss,
                             engine_s=report["seconds"], candidates=report["candidate_pairs"],
                             merged=report["duplicate_records"], queued=report["pending_pairs"],
                             removable=removable, tp=tp, fn=fn, fp=fp, rerun_s=rerun_s,
                             rerun_new=report2["new_records"], rerun_candidates=report2["candidate_pairs"]))
            os.unlink(ris)
            os.unlink(project)

    print(f"## Winnow dedup speed — {datetime.date.today().isoformat()}\n")
    print(f"Machine: {machine()}\n")
    print(f"Synthetic records with {args.duplicates:.0%} noisy second copies and {args.near_misses:.0%} "
          "near-miss non-duplicates. Times are wall clock for the whole `winnow-cli dedup` process "
          "(open, load, normalise, block, compare, group, store, commit); RSS is its peak.\n")
    print("| generated | records | import | dedup | peak RSS | candidate pairs | copies merged "
          "| TP / FN / FP | sensitivity | precision | queued | re-run after +1 % (new records, pairs) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        sens = r["tp"] / r["removable"] if r["removable"] else 1.0
        prec = r["tp"] / (r["tp"] + r["fp"]) if r["tp"] + r["fp"] else 1.0
        print(f"| {r['n']:,} | {r['records']:,} | {r['import_s']:.1f} s | **{r['dedup_s']:.2f} s** "
              f"| {r['rss']:.0f} MiB | {r['candidates']:,} | {r['merged']:,} | {r['tp']:,} / {r['fn']:,} / {r['fp']:,} "
              f"| {sens:.4f} | {prec:.4f} | {r['queued']:,} | {r['rerun_s']:.2f} s ({r['rerun_new']:,}, "
              f"{r['rerun_candidates']:,}) |")


if __name__ == "__main__":
    main()
