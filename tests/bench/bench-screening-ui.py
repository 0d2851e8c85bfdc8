#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Key press to the next record drawn, in the real `winnow` under Xvfb.

    tests/bench/bench-screening-ui.py [--builddir _build] [--records 100000]
                                      [--presses 300] [--pause-ms 50]
                                      [--keys i,e,Right] [--renderers default,cairo]
                                      [--perf FILE]

Not a test: run by hand, prints a Markdown table. It needs Xvfb and
xdotool (as tests/ui/ do) and reuses tests/ui/wnuitest.py.

`winnow-cli synth --records N` and `import` make a project of N records
(default 100,000) with reviewers alice and bob, a lead, three exclusion
reasons, criteria and highlighted terms (so every record shown is run
through the highlighter). For each GSK renderer asked for ("default"
leaves GSK_RENDERER unset, so GTK picks; "cairo", "gl", "ngl"… set it),
`winnow` opens the project under Xvfb with WINNOW_BENCH_LATENCY=FILE (see
"Latency probe" in ui/wn-screening-view.c), Ctrl+4 and the identity page
make alice the reviewer, and xdotool presses the keys in turn (I include,
E exclude, → skip: each shows another record) PRESSES times, PAUSE ms
apart (one xdotool command: press, 12 ms, release, PAUSE), as real XTEST
key events.

The probe writes, for each key that showed another record:
  - key → painted: from the page's key handler to the end of the first
    frame that shows the new record (the frame clock's "after-paint": laid
    out, snapshotted, rendered by GSK and handed to the X server);
  - of which, waiting for that frame to start (the frame clock paces frames
    at the display's refresh, 60 Hz under Xvfb, while anything animates),
    and the frame itself (layout, snapshot, GSK rendering); and whether that
    frame was the first to start after the key;
  - key → content set: from the key handler to the new record's text set
    on the labels (the part that is not GTK's drawing);
  - X event → key: from the X server's timestamp of the key event to the
    handler (reading and dispatching the event);
and the table adds X event → painted (their sum per key), the closest to
"key press to drawn" a benchmark can see: xdotool's trip to the server
before it and the display's scan-out after it are not in it.

Xvfb has no GPU: GTK's GL renderer runs on Mesa's software rasteriser
(llvmpipe) and the cairo renderer on pixman, both on the CPU. The renderer
GTK actually used is read back from the probe's header.

The window's test hook (WINNOW_TEST_STATE, which the script reads to know
when the page is ready) rewrites its file after state changes, at low
priority; the file is put on /dev/shm when there is one, so that its fsync
costs nothing a reviewer's session would not pay.

--perf FILE also records the app with `perf record --call-graph dwarf`
while the keys are pressed (the first renderer only), for `perf report -i
FILE`.
"""
import argparse
import datetime
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "ui"))
from wnuitest import App, Display, app_env, compiled_schemas, missing_tools, run, wait_for  # noqa: E402

REASONS = ["Wrong population", "Wrong intervention", "Wrong study design"]


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


def gtk_version():
    try:
        return subprocess.run(["pkg-config", "--modversion", "gtk4"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def percentile(values, p):
    """Nearest rank, as bench-screening.c."""
    index = int(p * (len(values) - 1) + 0.5)
    return values[min(index, len(values) - 1)]


def make_project(cli, path, n, tmp):
    ris = os.path.join(tmp, "records.ris")
    run([cli, "new", path])
    run([cli, "synth", "--records", str(n), "--seed", "7", "-o", ris])
    subprocess.run([cli, "import", path, ris, "--database", "PsycINFO", "--platform", "EBSCOhost"],
                   check=True, capture_output=True, timeout=600)
    os.unlink(ris)
    for person, role in (("alice", "reviewer"), ("bob", "reviewer"), ("lena", "lead")):
        run([cli, "reviewer", "add", path, person, "--role", role])
    for reason in REASONS:
        run([cli, "screening", path, "reason-add", reason])
    criteria = os.path.join(tmp, "criteria.txt")
    with open(criteria, "w", encoding="utf-8") as f:
        f.write("Population: adults working as peer support workers.\n"
                "Exposure: the work itself (caseloads, supervision, trauma).\n"
                "Design: any empirical study; no reviews or case reports.\n")
    run([cli, "screening", path, "criteria-set", "-f", criteria])
    run([cli, "screening", path, "highlight", "peer support, recover*, wellbeing",
         'qualitative, "case study", adolescen*'])


def read_probe(path):
    """(renderer, [(action, key_to_content, key_to_frame, key_to_paint, event_to_key or None, frames)])."""
    renderer = "?"
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("# renderer "):
                    renderer = line.split(None, 2)[2].strip()
                    continue
                if line.startswith("#") or not line.strip():
                    continue
                action, content, frame, paint, frames, lag = line.split()
                rows.append((action, float(content), float(frame), float(paint),
                             None if lag == "-" else float(lag), int(frames)))
    except FileNotFoundError:
        pass
    return renderer, rows


def measure(args, cli, project, env, tmp, renderer, perf_path):
    """One run of the app; returns (renderer GTK used, probe rows, notes)."""
    probe = os.path.join(tmp, f"latency-{renderer}.txt")
    if os.path.exists(probe):
        os.unlink(probe)
    run_env = dict(env, WINNOW_BENCH_LATENCY=probe)
    run_env.pop("GSK_RENDERER", None)
    if renderer != "default":
        run_env["GSK_RENDERER"] = renderer
    state_dir = "/dev/shm" if os.path.isdir("/dev/shm") else tmp
    state_path = os.path.join(state_dir, f"winnow-bench-state-{os.getpid()}.txt")
    app = App([project], os.path.join(args.builddir, "ui", "winnow"), run_env,
              state_path, os.path.join(tmp, f"winnow-{renderer}.log"))
    perf = None
    try:
        if app.find_window() is None or app.wait_state(lambda s: s.get("page") == "records", timeout=120) is None:
            raise RuntimeError(f"the project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("scr_page") == "identity" and s.get("scr_loaded") == "1", timeout=120)
        if state is None:
            raise RuntimeError(f"no identity page: {app.state()}\n{app.log_tail()}")
        for _ in range(state.get("scr_reviewers", "").split(",").index("alice")):
            app.key("Down")
        app.key("Return")

        def ready(s):
            return (s.get("scr_page") == "screen" and s.get("scr_loaded") == "1" and s.get("scr_busy") == "0"
                    and s.get("scr_record_id", "0") != "0" and s.get("scr_shown_id") == s.get("scr_record_id")
                    and s.get("scr_record_title"))
        state = app.wait_state(ready, timeout=120)
        if state is None:
            raise RuntimeError(f"the screening page did not show a record: {app.state()}\n{app.log_tail()}")
        eligible = int(state.get("scr_eligible", "0"))
        decided_before = int(state.get("scr_decided", "0"))
        time.sleep(1.0)  # let the first record's neighbours be read ahead

        if perf_path:
            perf = subprocess.Popen(["perf", "record", "--call-graph", "dwarf", "-F", "999", "-o", perf_path,
                                     "-p", str(app.proc.pid)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(1.0)

        # One xdotool: "key K" (press, 12 ms, release) then "sleep PAUSE",
        # PRESSES times. (Never hold a key down long: the X server would
        # repeat it.)
        keys = args.keys.split(",")
        sequence = []
        for i in range(args.presses):
            sequence += ["key", keys[i % len(keys)], "sleep", f"{args.pause_ms / 1000:.3f}"]
        subprocess.run(["xdotool"] + sequence, env=run_env, check=True, capture_output=True,
                       timeout=60 + args.presses * (args.pause_ms + 12) / 1000 * 4)

        # The last frames, and every decision written.
        def settled():
            before = len(read_probe(probe)[1])
            time.sleep(1.0)
            return len(read_probe(probe)[1]) == before and app.state().get("scr_busy") == "0"
        wait_for(settled, timeout=60, interval=0)
        if perf is not None:
            perf.send_signal(signal.SIGINT)
            perf.wait(timeout=60)
            perf = None
        decided = int(app.state().get("scr_decided", "0")) - decided_before
        writes = app.state().get("scr_writes")
        write_ms = app.state().get("scr_write_ms_max")
        app.key("ctrl+q")
        app.wait_exit(timeout=30)
    finally:
        if perf is not None and perf.poll() is None:
            perf.send_signal(signal.SIGINT)
            perf.wait(timeout=60)
        app.stop()
        if os.path.exists(state_path):
            os.unlink(state_path)
    used, rows = read_probe(probe)
    notes = (f"{eligible:,} records in the queue; {writes} decisions written in a thread, {decided} of them "
             f"on records not decided before; slowest write {write_ms} ms")
    return used, rows, notes


def table_rows(rows):
    columns = [
        ("key → painted (frame shown)", [r[3] for r in rows]),
        ("… waiting for the frame to start", [r[2] for r in rows]),
        ("… the frame (layout, snapshot, render)", [r[3] - r[2] for r in rows]),
        ("key → content set", [r[1] for r in rows]),
        ("X event → key handler", [r[4] for r in rows if r[4] is not None]),
        ("X event → painted", [r[4] + r[3] for r in rows if r[4] is not None]),
    ]
    out = []
    for name, values in columns:
        if not values:
            continue
        values = sorted(values)
        over = sum(1 for v in values if v > 16.0)
        out.append(f"| {name} | {len(values)} | {percentile(values, 0.5):.2f} | {percentile(values, 0.95):.2f} "
                   f"| {percentile(values, 0.99):.2f} | {values[-1]:.2f} | {over} |")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builddir", default="_build")
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--presses", type=int, default=300)
    parser.add_argument("--pause-ms", type=int, default=50)
    parser.add_argument("--keys", default="i,e,Right", help="xdotool key names, pressed in turn")
    parser.add_argument("--renderers", default="default,cairo",
                        help="GSK_RENDERER values, comma-separated; default leaves it unset")
    parser.add_argument("--perf", help="perf record the app (first renderer) into this file")
    parser.add_argument("--workdir", help="keep the files here instead of a temporary folder")
    args = parser.parse_args()

    cli = os.path.join(args.builddir, "winnow-cli")
    missing = missing_tools()
    if missing:
        sys.exit(f"needs {', '.join(missing)}")

    tmp = tempfile.mkdtemp(prefix="winnow-bench-screening-ui-", dir=args.workdir)
    display = None
    results = []
    try:
        project = os.path.join(tmp, "bench.winnow")
        start = time.perf_counter()
        make_project(cli, project, args.records, tmp)
        print(f"project of {args.records:,} records made in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        schemas = compiled_schemas(os.path.join(args.builddir, "data"), os.path.join(HERE, "..", "..", "data"), tmp)
        display = Display()
        env = app_env(display, schemas, tmp)
        for i, renderer in enumerate(args.renderers.split(",")):
            used, rows, notes = measure(args, cli, project, env, tmp, renderer,
                                        args.perf if args.perf and i == 0 else None)
            print(f"GSK_RENDERER={renderer}: {used}, {len(rows)} keys measured; {notes}", file=sys.stderr)
            results.append((renderer, used, rows, notes))
    finally:
        if display is not None:
            display.stop()
        if args.workdir is None:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"## Winnow screening, key press to next record drawn — {datetime.date.today().isoformat()}\n")
    print(f"Machine: {machine()}; GTK {gtk_version()}; Xvfb 1280×800×24 (software rendering, no GPU).\n")
    print(f"{args.records:,} records; keys {args.keys.replace(',', ', ')} in turn, {args.presses} presses "
          f"{args.pause_ms} ms apart (xdotool, XTEST). Milliseconds; the target is one frame, 16 ms.\n")
    for renderer, used, rows, notes in results:
        print(f"### GSK_RENDERER={renderer} → {used}\n")
        print("| measure | n | median | p95 | p99 | max | > 16 ms |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for line in table_rows(rows):
            print(line)
        first = sum(1 for r in rows if r[5] <= 1)
        print(f"\nShown by the first frame to start after the key: {first} of {len(rows)}. {notes}.\n")


if __name__ == "__main__":
    main()
