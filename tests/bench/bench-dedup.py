#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Dedup accuracy benchmark on the labelled sets in WINNOW_TESTDATA/dedup.

    tests/bench/bench-dedup.py [--builddir build-dedup] [--testdata DIR]
                               [--set NAME] [--list-errors N] [--json FILE]

For every labelled set (records_pre_merged.csv or labelled_test_set.csv with
merged_record_ids.csv): imports the records into a fresh project with
winnow-cli, runs `winnow-cli dedup`, reads back `records --json
--include-duplicates` and compares the groups Winnow merged (duplicate_of)
with the gold groups. Then the 25 labelled pairs of bib-dedupe's
test_cases.json (one project per pair) and the EndNote XML sets whose gold
is only a "Duplicate" caption on every member of a duplicate set
(dedupe-sweep copper and tafenoquine, SRA Respiratory.xml).

Counting (removable-copy convention, as ASySD and bib-dedupe): a gold group
of k records holds k-1 removable copies, D in all. For each group P that
Winnow merged, split its members by gold group (a record in no gold group
is its own); if P meets m gold groups G1..Gm,
    TP += sum(|P & Gi| - 1)   copies rightly removed
    FP += m - 1               unique records lost (a false merge)
FN = D - TP, TN = (N - D) - FP; sensitivity = TP/D, specificity =
TN/(N - D), precision = TP/(TP+FP), F1 = 2PR/(P+R). Also printed: pairwise
precision and recall over within-group pairs, and the same metrics had a
person accepted every pair Winnow queued as possible ("+review"), with the
number of queued pairs (the person's work).

Second F1 column, "corrected gold": the same merges scored against the gold
with the groups tests/bench/dedup-gold-notes.md classes (b) — two reports
the issue's definition keeps apart (letter and reply, article and erratum,
meeting abstract and article, registry arms, …) — split into the parts its
"Corrections applied" table gives. The raw-gold column stays the primary
one; the targets are judged on it.

Prints Markdown tables with the date and machine. Not a test: no targets are
asserted here; the regression tests in tests/core/test-dedup.c hold the cases.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

# bib-dedupe's published F1 per set (output/current_results.md, commit
# c66515a; see shared/notes/dedup-and-prioritisation.md §2.5): the targets.
PEER_F1 = {
    "asysd-diabetes": 1.000,
    "cytology_screening": 0.9961,
    "haematology": 0.9412,
    "respiratory": 0.9668,
    "stroke": 0.9968,
    "digital_work": 0.9986,
}


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


def cli(builddir, *args, check=True):
    argv = [os.path.join(builddir, "winnow-cli"), *args]
    proc = subprocess.run(argv, capture_output=True, text=True)
    if check and proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr}")
    return proc


def label_id(source_id):
    """The gold files name records id_0000123; ASySD's CSV numbers them."""
    if source_id is None:
        return None
    if source_id.isdigit():
        return "id_%07d" % int(source_id)
    return source_id


def run_set(builddir, workdir, name, path, fmt=None):
    project = os.path.join(workdir, name + ".winnow")
    cli(builddir, "new", project)
    # --keep-valid: a row without title, DOI or PMID is rejected by the CSV
    # importer (nothing to screen); such rows count as never merged below.
    args = ["import", project, path, "--json", "--keep-valid"]
    if fmt:
        args += ["--format", fmt]
    cli(builddir, *args)
    start = time.perf_counter()
    report = json.loads(cli(builddir, "dedup", project, "--json").stdout)
    seconds = time.perf_counter() - start
    records = [json.loads(line) for line in
               cli(builddir, "records", project, "--json", "--include-duplicates").stdout.splitlines()]
    pending = json.loads(cli(builddir, "duplicates", project, "--pairs", "--json").stdout)["pairs"]
    info = json.loads(cli(builddir, "info", project, "--json").stdout)
    dups = json.loads(cli(builddir, "duplicates", project, "--json").stdout)
    # the CLI contract: info and duplicates agree with records
    merged = sum(1 for r in records if r["duplicate_of"] is not None)
    groups = [g for g in dups["groups"] if g["status"] != "possible"]
    assert info["unique_records"] == len(records) - merged, "info.unique_records disagrees"
    assert info["duplicate_groups"] == len(groups), "info.duplicate_groups disagrees"
    return records, pending, report, seconds


def predicted_groups(records, extra_pairs=()):
    parent = {r["id"]: r["id"] for r in records}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in records:
        if r["duplicate_of"] is not None:
            parent[find(r["id"])] = find(r["duplicate_of"])
    for a, b in extra_pairs:
        parent[find(a)] = find(b)
    groups = {}
    for r in records:
        groups.setdefault(find(r["id"]), []).append(r["id"])
    return [g for g in groups.values() if len(g) > 1]


def score(records, gold_of, groups):
    """gold_of: record id -> gold group key (singletons get their own key)."""
    n = len(records)
    sizes = {}
    for key in gold_of.values():
        sizes[key] = sizes.get(key, 0) + 1
    removable = sum(s - 1 for s in sizes.values())
    tp = fp = 0
    false_merges = []
    pair_tp = pair_pred = 0
    for g in groups:
        parts = {}
        for rid in g:
            parts.setdefault(gold_of[rid], []).append(rid)
        tp += sum(len(p) - 1 for p in parts.values())
        fp += len(parts) - 1
        if len(parts) > 1:
            false_merges.append(list(parts.values()))
        pair_pred += len(g) * (len(g) - 1) // 2
        pair_tp += sum(len(p) * (len(p) - 1) // 2 for p in parts.values())
    pair_gold = sum(s * (s - 1) // 2 for s in sizes.values())
    fn = removable - tp
    tn = (n - removable) - fp
    sens = tp / removable if removable else 1.0
    spec = tn / (n - removable) if n - removable else 1.0
    prec = tp / (tp + fp) if tp + fp else 1.0
    f1 = 2 * prec * sens / (prec + sens) if prec + sens else 0.0
    return {
        "records": n, "removable": removable, "tp": tp, "fn": fn, "tn": tn, "fp": fp,
        "sensitivity": sens, "specificity": spec, "precision": prec, "f1": f1,
        "pair_precision": pair_tp / pair_pred if pair_pred else 1.0,
        "pair_recall": pair_tp / pair_gold if pair_gold else 1.0,
        "false_merges": false_merges,
    }


def gold_groups(path):
    gold = {}
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    for k, row in enumerate(rows[1:]):
        for rid in row[0].split(";"):
            gold[rid.strip()] = f"g{k}"
    return gold


def gold_corrections(path):
    """Class (b) rows of the notes' "Corrections applied" table:
    set name -> list of partitions (each a list of lists of gold ids)."""
    corrections = {}
    if not os.path.exists(path):
        return corrections
    in_table = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                in_table = line.strip() == "## Corrections applied by bench-dedup.py"
                continue
            if not in_table or not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 3 or cells[1] != "b":
                continue
            parts = [p.split() for p in cells[2].split(" / ")]
            corrections.setdefault(cells[0], []).append(parts)
    return corrections


def corrected_gold(gold, partitions, name):
    """A copy of gold (id -> group key) with each partition's group split.
    Every id of a partition must sit in one and the same gold group."""
    fixed = dict(gold)
    for k, parts in enumerate(partitions):
        keys = {gold.get(rid) for part in parts for rid in part}
        if len(keys) != 1 or None in keys:
            sys.exit(f"dedup-gold-notes.md: {name} row {k + 1} does not name one gold group: {parts}")
        for j, part in enumerate(parts):
            for rid in part:
                fixed[rid] = f"{gold[rid]}.c{j}"
    return fixed


def labelled_sets(testdata):
    base = os.path.join(testdata, "dedup")
    found = []
    for root, _dirs, files in sorted(os.walk(base)):
        if "merged_record_ids.csv" not in files:
            continue
        data = None
        for candidate in ("records_pre_merged.csv", "labelled_test_set.csv"):
            if candidate in files:
                data = os.path.join(root, candidate)
        if data is None:
            continue
        name = os.path.basename(root)
        if name == "special_cases":
            name = "special_cases"
        found.append((name, data, os.path.join(root, "merged_record_ids.csv")))
    return found


def describe(record):
    return (f"{record['id']}/{record['source_id']}: {record.get('year') or ''} "
            f"{(record.get('journal') or '')[:30]} {record.get('volume') or ''}({record.get('issue') or ''})"
            f" {record.get('pages') or ''} | {(record.get('title') or '')[:90]}")


def bench_labelled(args, workdir, rows, errors):
    for name, data, gold_path in labelled_sets(args.testdata):
        if args.set and args.set != name:
            continue
        records, pending, report, seconds = run_set(args.builddir, workdir, name, data)
        gold = gold_groups(gold_path)
        gold_fixed = corrected_gold(gold, args.corrections.get(name, []), name)
        # rows the importer rejected: present in the set, never merged
        encoding = "latin-1" if "labelled_test_set" in data else "utf-8"
        with open(data, newline="", encoding=encoding) as f:
            reader = csv.DictReader(f)
            all_ids = [label_id(row.get("ID") or row.get("record_id")) for row in reader]
        imported = {label_id(r["source_id"]) for r in records}
        for k, sid in enumerate(i for i in all_ids if i not in imported):
            records.append({"id": -1 - k, "source_id": sid, "duplicate_of": None, "title": "(not imported)"})
        by_id = {r["id"]: r for r in records}
        gold_of = {}
        fixed_of = {}
        for r in records:
            key = label_id(r["source_id"])
            gold_of[r["id"]] = gold.get(key, "s" + str(r["id"]))
            fixed_of[r["id"]] = gold_fixed.get(key, "s" + str(r["id"]))
        auto = score(records, gold_of, predicted_groups(records))
        review = score(records, gold_of, predicted_groups(records, [(p["a"], p["b"]) for p in pending]))
        corrected = score(records, fixed_of, predicted_groups(records))
        auto["corrected"] = corrected
        rows.append((name, auto, review, len(pending), seconds))
        if args.list_errors:
            lines = []
            for parts in auto["false_merges"]:
                lines.append("FALSE MERGE:")
                for part in parts:
                    for rid in part:
                        lines.append("    " + describe(by_id[rid]))
                    lines.append("    --")
            missed = {}
            merged_with = {}
            for g in predicted_groups(records):
                for rid in g:
                    merged_with[rid] = set(g)
            for rid, key in gold_of.items():
                if not key.startswith("s"):
                    missed.setdefault(key, []).append(rid)
            count = 0
            for key, members in missed.items():
                sets = {frozenset(merged_with.get(m, {m})) for m in members}
                if len(sets) > 1 and count < args.list_errors:
                    count += 1
                    lines.append("MISSED (gold group split as %s):" % [sorted(s) for s in sets])
                    for m in members:
                        lines.append("    " + describe(by_id[m]))
            errors.append((name, lines))


def bench_test_cases(args, workdir):
    path = os.path.join(args.testdata, "dedup", "bib-dedupe", "test_cases.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        cases = json.load(f)["cases"]
    columns = ["ID", "ENTRYTYPE", "title", "author", "year", "journal", "booktitle", "volume", "number",
               "pages", "doi", "isbn"]
    results = []
    for k, case in enumerate(cases):
        csv_path = os.path.join(workdir, f"case{k}.csv")
        with open(csv_path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(columns)
            for j, rec in enumerate((case["record_a"], case["record_b"])):
                row = []
                for c in columns:
                    v = rec.get(c) if c != "ID" else f"r{j}"
                    if c == "number" and v is None:
                        v = rec.get("issue")
                    row.append("" if v is None else str(v))
                w.writerow(row)
        records, pending, _report, _s = run_set(args.builddir, workdir, f"case{k}", csv_path, "csv")
        merged = any(r["duplicate_of"] is not None for r in records)
        results.append((case["id"], case["expected_duplicate"], merged, len(pending) > 0))
    return results


def endnote_captions(path):
    """The caption of each record, in file order."""
    captions = []
    for _event, elem in ET.iterparse(path, events=("end",)):
        if elem.tag == "record":
            cap = elem.find("caption")
            text = "".join(cap.itertext()).strip() if cap is not None else ""
            captions.append(text.lower().startswith("duplicate"))
            elem.clear()
    return captions


def bench_endnote(args, workdir):
    base = os.path.join(args.testdata, "dedup")
    sets = [("copper", os.path.join(base, "dedupe-sweep", "copper.xml")),
            ("tafenoquine", os.path.join(base, "dedupe-sweep", "tafenoquine.xml")),
            ("respiratory (XML)", os.path.join(base, "sra-benchmark", "respiratory", "Respiratory.xml"))]
    out = []
    for name, path in sets:
        if not os.path.exists(path):
            continue
        proc = cli(args.builddir, "new", os.path.join(workdir, name + "-x.winnow"), check=False)
        project = os.path.join(workdir, name + "-x.winnow")
        proc = cli(args.builddir, "import", project, path, "--format", "endnote-xml", check=False)
        if proc.returncode != 0:
            out.append((name, None, proc.stderr.strip()))
            continue
        start = time.perf_counter()
        report = json.loads(cli(args.builddir, "dedup", project, "--json").stdout)
        seconds = time.perf_counter() - start
        records = [json.loads(line) for line in
                   cli(args.builddir, "records", project, "--json", "--include-duplicates").stdout.splitlines()]
        captions = endnote_captions(path)
        if len(captions) != len(records):
            out.append((name, None, f"{len(records)} records imported, {len(captions)} in the file"))
            continue
        in_group = set()
        for g in predicted_groups(records):
            in_group.update(g)
        tp = fp = fn = tn = 0
        fps = []
        for rec, flagged in zip(sorted(records, key=lambda r: r["id"]), captions):
            hit = rec["id"] in in_group
            if hit and flagged:
                tp += 1
            elif hit:
                fp += 1
                fps.append(rec)
            elif flagged:
                fn += 1
            else:
                tn += 1
        sens = tp / (tp + fn) if tp + fn else 1.0
        spec = tn / (tn + fp) if tn + fp else 1.0
        prec = tp / (tp + fp) if tp + fp else 1.0
        f1 = 2 * prec * sens / (prec + sens) if prec + sens else 0.0
        out.append((name, dict(records=len(records), tp=tp, fn=fn, tn=tn, fp=fp, sensitivity=sens,
                               specificity=spec, precision=prec, f1=f1, seconds=seconds,
                               removed=report["duplicate_records"], pending=report["pending_pairs"],
                               fps=[describe(r) for r in fps]), None))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builddir", default="build-dedup")
    parser.add_argument("--testdata", default=os.environ.get("WINNOW_TESTDATA",
                                                             os.path.join(os.path.dirname(__file__), "..", "..",
                                                                          "..", "shared", "testdata")))
    parser.add_argument("--set", help="only this labelled set (e.g. stroke)")
    parser.add_argument("--list-errors", type=int, default=0, metavar="N",
                        help="list every false merge and up to N missed groups per set")
    parser.add_argument("--json", help="also write the numbers to this file")
    parser.add_argument("--gold-notes", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             "dedup-gold-notes.md"),
                        help="the notes whose class (b) corrections make the second F1 column")
    args = parser.parse_args()
    args.corrections = gold_corrections(args.gold_notes)

    rows = []
    errors = []
    with tempfile.TemporaryDirectory(prefix="winnow-bench-dedup-") as workdir:
        bench_labelled(args, workdir, rows, errors)
        cases = None if args.set else bench_test_cases(args, workdir)
        endnote = [] if args.set else bench_endnote(args, workdir)

    print(f"## Winnow dedup accuracy — {datetime.date.today().isoformat()}\n")
    print(f"Machine: {machine()}\n")
    print("Removable-copy convention (ASySD, bib-dedupe). Automatic merges only; "
          "\"+review\" counts every queued possible pair as accepted.\n")
    print("Columns TP to F1 score against each set's gold as published (the primary figures; the targets are "
          "judged on them). \"Corrected gold\" scores the same merges against the gold with the groups "
          "tests/bench/dedup-gold-notes.md classes (b) split (reports the issue's definition keeps apart), "
          f"{sum(len(v) for v in args.corrections.values())} gold groups in all.\n")
    print("| set | records | TP | FN | TN | FP | sensitivity | specificity | precision | F1 (raw gold) | peer F1 "
          "| corrected gold: P / F1 | pairwise P / R | +review F1 (queued pairs) | time |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, m, r, queued, seconds in rows:
        peer = PEER_F1.get(name)
        c = m["corrected"]
        print(f"| {name} | {m['records']} | {m['tp']} | {m['fn']} | {m['tn']} | {m['fp']} | {m['sensitivity']:.4f} "
              f"| {m['specificity']:.4f} | {m['precision']:.4f} | {m['f1']:.4f} | "
              f"{'%.4f' % peer if peer else '—'} | {c['precision']:.4f} / {c['f1']:.4f} "
              f"| {m['pair_precision']:.4f} / {m['pair_recall']:.4f} "
              f"| {r['f1']:.4f} ({queued}) | {seconds:.2f} s |")
    print()
    for name, m, _r, _q, _s in rows:
        if m["corrected"]["false_merges"]:
            print(f"False merges against the corrected gold in {name}: " +
                  "; ".join(" + ".join("/".join(str(x) for x in part) for part in fm)
                            for fm in m["corrected"]["false_merges"]))
    for name, m, _r, _q, _s in rows:
        if m["false_merges"]:
            print(f"False merges in {name} (record id/source id per gold group): " +
                  "; ".join(" + ".join("/".join(str(x) for x in part) for part in fm) for fm in m["false_merges"]))
    print()

    if cases is not None:
        agree = sum(1 for _id, expected, merged, _p in cases if expected == merged)
        print(f"### bib-dedupe test_cases.json: {agree} of {len(cases)} as labelled\n")
        print("| case | labelled duplicate | Winnow merged | queued for a person |")
        print("|---|---|---|---|")
        for case_id, expected, merged, possible in cases:
            mark = "" if expected == merged else " **≠**"
            print(f"| {case_id} | {expected} | {merged}{mark} | {possible} |")
        print()

    if endnote:
        print("### EndNote XML sets (gold: a \"Duplicate\" caption on every member of a duplicate set; "
              "set-member convention)\n")
        print("| set | records | TP | FN | TN | FP | sensitivity | specificity | precision | F1 "
              "| copies removed | queued | time |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, m, problem in endnote:
            if m is None:
                print(f"| {name} | not imported: {problem} |||||||||||")
                continue
            print(f"| {name} | {m['records']} | {m['tp']} | {m['fn']} | {m['tn']} | {m['fp']} | "
                  f"{m['sensitivity']:.4f} | {m['specificity']:.4f} | {m['precision']:.4f} | {m['f1']:.4f} | "
                  f"{m['removed']} | {m['pending']} | {m['seconds']:.2f} s |")
        print()
        if args.list_errors:
            for name, m, _p in endnote:
                if m and m["fps"]:
                    print(f"In a group but not flagged in {name}:")
                    for line in m["fps"]:
                        print("    " + line)

    for name, lines in errors:
        if lines:
            print(f"### {name}\n```")
            print("\n".join(lines))
            print("```")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"labelled": [(n, m, r, q, s) for n, m, r, q, s in rows], "cases": cases,
                       "endnote": endnote}, f, indent=1, default=str)


if __name__ == "__main__":
    main()
