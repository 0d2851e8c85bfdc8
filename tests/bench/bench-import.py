#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Import benchmark: winnow-cli import against bibutils, on the same files.

    tests/bench/bench-import.py [--builddir _build] [--sizes 10000,100000]
                                [--formats ris,pubmed-xml,wos,medline] [--runs 3]

Generates N records with Winnow's own generator (winnow-cli synth) in each
format, then for each format and size measures, in the same run:
  - winnow-cli import into a new project (parse, normalise, store, FTS index):
    wall time (best of --runs), records/s and peak RSS of the process;
  - the bibutils reader for that format (ris2xml, med2xml for PubMed XML,
    isi2xml for WoS; bibutils has no MEDLINE/.nbib reader) on the same file,
    parsing and writing MODS XML, when the Debian package bibutils is
    installed. bibutils stores nothing, so it does less work than Winnow;
  - the time for the window to show a project of that size, from starting
    `winnow` to the table holding every record (needs Xvfb; skipped without).
Prints a Markdown table. Not a test: numbers vary by machine.
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time


def run_measured(argv, stdout=subprocess.DEVNULL, env=None):
    """Runs argv; returns (seconds, peak RSS in MiB, exit status)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(f"{' '.join(argv)} exited {code}: {err}\n")
    return seconds, usage.ru_maxrss / 1024.0, code


def best_of(runs, make_argv, prepare=None, stdout_path=None):
    best = None
    for i in range(runs):
        if prepare:
            prepare(i)
        if stdout_path:
            with open(stdout_path, "wb") as out:
                result = run_measured(make_argv(i), stdout=out)
        else:
            result = run_measured(make_argv(i))
        if result[2] != 0:
            return None
        if best is None or result[0] < best[0]:
            best = result
    return best


def window_time(builddir, project, expected, tmp):
    """Seconds from starting winnow to its table holding every record."""
    xvfb = shutil.which("Xvfb")
    winnow = os.path.join(builddir, "ui", "winnow")
    if not xvfb or not os.path.exists(winnow):
        return None
    display = ":%d" % (90 + os.getpid() % 100)
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        state = os.path.join(tmp, "state.txt")
        env = dict(os.environ, DISPLAY=display, GSETTINGS_BACKEND="memory",
                   GSETTINGS_SCHEMA_DIR=os.path.join(builddir, "data"), WINNOW_TEST_STATE=state)
        start = time.perf_counter()
        app = subprocess.Popen([winnow, project], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = None
        deadline = start + 120
        while time.perf_counter() < deadline:
            try:
                with open(state, encoding="utf-8") as f:
                    values = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
                if values.get("total") == str(expected):
                    seconds = time.perf_counter() - start
                    break
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.01)
        app.terminate()
        app.wait(10)
        return seconds
    finally:
        server.terminate()
        server.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builddir", default=os.environ.get("WINNOW_BUILDDIR", "_build"))
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="ris,pubmed-xml,wos,medline")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-window", action="store_true", help="skip the window timing")
    args = parser.parse_args()

    cli = os.path.join(args.builddir, "winnow-cli")
    if not os.path.exists(cli):
        sys.exit(f"no {cli}: build first (meson setup {args.builddir} && ninja -C {args.builddir})")
    peers = {"ris": "ris2xml", "pubmed-xml": "med2xml", "wos": "isi2xml", "medline": None}
    extensions = {"ris": "ris", "pubmed-xml": "xml", "wos": "txt", "medline": "nbib"}

    rows = []
    with tempfile.TemporaryDirectory(prefix="winnow-bench-") as tmp:
        for fmt in args.formats.split(","):
            peer = shutil.which(peers[fmt]) if peers.get(fmt) else None
            for n in [int(v) for v in args.sizes.split(",")]:
                data = os.path.join(tmp, f"synth-{n}.{extensions[fmt]}")
                subprocess.run([cli, "synth", "--format", fmt, "--records", str(n), "--seed", "1", "-o", data],
                               check=True)
                size_mb = os.path.getsize(data) / 1e6

                def project_path(i, n=n, fmt=fmt):
                    return os.path.join(tmp, f"bench-{fmt}-{n}-{i}.winnow")

                def prepare(i, project_path=project_path):
                    for suffix in ("", "-wal", "-shm"):
                        path = project_path(i) + suffix
                        if os.path.exists(path):
                            os.remove(path)
                    subprocess.run([cli, "new", project_path(i)], check=True, stderr=subprocess.DEVNULL)

                winnow = best_of(args.runs, lambda i: [cli, "import", project_path(i), data], prepare)
                rows.append((fmt, "winnow-cli import", n, size_mb, winnow))
                if peer:
                    xml_out = os.path.join(tmp, "out.xml")
                    bib = best_of(args.runs, lambda i: [peer, data], stdout_path=xml_out)
                    rows.append((fmt, f"bibutils {peers[fmt]}", n, size_mb, bib))
                elif fmt in peers:
                    rows.append((fmt, "bibutils (no reader for this format)", n, size_mb, None))
                if fmt == "ris" and not args.no_window:
                    seconds = window_time(args.builddir, project_path(0), n, tmp)
                    rows.append((fmt, "winnow window shows all records", n, size_mb,
                                 (seconds, None, 0) if seconds is not None else None))

    print(f"Import benchmark, {time.strftime('%Y-%m-%d')}, {platform.node()}: "
          f"{os.cpu_count()} cores, {platform.machine()}, best of {args.runs}")
    print()
    # How many times faster than bibutils on the same file: on the import row.
    peer_seconds = {(fmt, n): result[0] for fmt, what, n, _, result in rows
                    if what.startswith("bibutils ") and result is not None}
    print("| format | what | records | file MB | seconds | records/s | peak RSS MiB | × bibutils |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for fmt, what, n, size_mb, result in rows:
        if result is None:
            print(f"| {fmt} | {what} | {n} | {size_mb:.1f} | n/a | n/a | n/a | |")
            continue
        seconds, rss, _ = result
        rss_text = f"{rss:.0f}" if rss is not None else "–"
        ratio = ""
        if what == "winnow-cli import" and (fmt, n) in peer_seconds:
            ratio = f"{peer_seconds[(fmt, n)] / seconds:.1f}"
        print(f"| {fmt} | {what} | {n} | {size_mb:.1f} | {seconds:.2f} | {n / seconds:,.0f} | {rss_text} | {ratio} |")

if __name__ == "__main__":
    main()
