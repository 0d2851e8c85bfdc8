#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The PRISMA page, in the real `winnow` under Xvfb.

What it checks, as TAP:
  - project P (winnow-cli): two database searches (PsycINFO, Embase) and
    a third (CINAHL) holding five of PsycINFO's records again, merged by
    `dedup`; with `import --method`, a register search too; with
    `add-record`, a record found on a website (the other methods' arm);
    with `remove-record`, a record removed before screening; reviewers
    alice and bob, carol the adjudicator, lena the lead, three reasons;
    title/abstract votes (agreements, two conflicts carol settles), full
    text with reasons (and, with `retrieval`, a report not retrieved); bob
    has also excluded every other record, so one more exclusion of alice's
    finishes a record;
  - Ctrl+7 shows the page: every count it shows (the state hook's
    prisma_<data name> keys, lists too) equals `winnow-cli prisma
    --format json`, and the checks it lists are the JSON's warnings;
  - by keyboard: Home then Down selects "Records screened" (box4); Enter
    lists the records behind it, as many as the box counts, and puts the
    keyboard in the list; Enter on a record shows that record in the
    Records page;
  - back on the page (Ctrl+7), Escape closes the list; Home, Enter on the
    identification box, Shift+Tab to its lines and Down narrows the list
    to the first database: as many records as the database's count;
  - Home, Shift+Tab (out of the diagram to the checks listed above it),
    Space: the check's boxes are outlined; Escape on the diagram clears it;
  - Ctrl+plus zooms in, Ctrl+minus out, Ctrl+0 fits the width again;
  - Ctrl+4, alice, E: one exclusion on the Screening page; Ctrl+7: the
    preview counts one more record excluded, and equals the CLI again;
  - exports through the file chooser (its suggested name, in the
    project's folder, Enter): Alt+S an SVG, Alt+P a PDF, Alt+N then Enter a
    PNG at 300 dpi, Alt+N Down Enter one at 600 dpi (their pHYs chunks say
    so), Alt+C the CSV (byte for byte the CLI's), Alt+J the JSON (the
    CLI's);
  - Ctrl+Q quits cleanly, with no warning in the log; exporting changed
    nothing in the project; the 600 dpi PNG has twice the 300 dpi one's
    pixels each way.
Screenshots go to the build directory: tests/ui/screenshot-prisma.png,
screenshot-prisma-records.png, screenshot-prisma-narrowed.png,
screenshot-prisma-check.png,
screenshot-prisma-zoom.png and screenshot-prisma-updated.png.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import,
and while winnow-cli has no prisma command.
"""

import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, WAIT, app_env, as_int, command_line, compiled_schemas,  # noqa: E402
                      report_error, run, stop_all, wait_for)

REASONS = ["Wrong population", "Wrong study design", "Not about peer support"]
N_TESTS = 23

LISTS = ("database_specific_results", "register_specific_results", "dbr_excluded", "other_excluded")


def cli_help(cli, *command):
    result = subprocess.run([cli, *command, "--help"], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr if result.returncode == 0 else ""


def ris_records(path):
    """The records of a RIS file, each its text up to and including ER."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return [part + "ER  - \n" for part in re.split(r"^ER  -.*\n?", text, flags=re.M) if part.strip()]


def flow_json(cli, project, tmp, name="flow.json"):
    path = os.path.join(tmp, name)
    run([cli, "prisma", project, "--format", "json", "-o", path])
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def as_list(value):
    """A list count as name → n, from {name: n} or [[name, n], …]."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, list):
        return {str(pair[0]): pair[1] for pair in value}
    return {}


def state_list(text):
    out = {}
    for part in (text or "").split(";"):
        if part:
            name, _, n = part.rpartition("=")
            out[name] = int(n)
    return out


def warning_ids(flow):
    warnings = flow.get("warnings") or []
    if isinstance(warnings, dict):
        return sorted(warnings)
    return sorted(w["id"] if isinstance(w, dict) else str(w) for w in warnings)


def compare_counts(flow, state):
    """The differences between the CLI's flow and the page's counts."""
    diffs = []
    for key, value in flow.items():
        if key == "warnings":
            continue
        if key in LISTS:
            shown = state_list(state.get(f"prisma_{key}"))
            if as_list(value) != shown:
                diffs.append(f"{key}: cli {as_list(value)} page {shown}")
        elif value is None or isinstance(value, int) and not isinstance(value, bool):
            expected = -1 if value is None else value
            if f"prisma_{key}" in state and as_int(state, f"prisma_{key}", None) != expected:
                diffs.append(f"{key}: cli {value} page {state.get(f'prisma_{key}')}")
    shown = sorted(part.split(":")[0] for part in state.get("prisma_warning_ids", "").split(",") if part)
    return diffs, shown


def png_dpi(path):
    """The dots per inch of a PNG's pHYs chunk, or None."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"pHYs":
            x, _, unit = struct.unpack(">IIB", data[pos + 8:pos + 17])
            return round(x * 0.0254) if unit == 1 else None
        pos += 12 + length
    return None


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24]) if head.startswith(b"\x89PNG") else (0, 0)


def make_project(cli, path, tmp):
    """Project P; returns what the CLI could do (for the diagnostics)."""
    usage = cli_help(cli)
    import_help = cli_help(cli, "import")
    features = []

    run([cli, "new", path])
    a = os.path.join(tmp, "a.ris")
    b = os.path.join(tmp, "b.ris")
    run([cli, "synth", "--format", "ris", "--records", "30", "--seed", "31", "-o", a])
    run([cli, "synth", "--format", "ris", "--records", "20", "--seed", "32", "-o", b])
    run([cli, "import", path, a, "--database", "PsycINFO", "--platform", "EBSCOhost"])
    run([cli, "import", path, b, "--database", "Embase", "--platform", "Ovid"])
    # Five of PsycINFO's records found again in CINAHL: duplicates.
    c = os.path.join(tmp, "c.ris")
    with open(c, "w", encoding="utf-8") as f:
        f.write("".join(ris_records(a)[:5]))
    run([cli, "import", path, c, "--database", "CINAHL", "--platform", "EBSCOhost"])
    run([cli, "dedup", path])
    if "--method" in import_help:
        d = os.path.join(tmp, "d.ris")
        run([cli, "synth", "--format", "ris", "--records", "4", "--seed", "33", "-o", d])
        run([cli, "import", path, d, "--database", "ClinicalTrials.gov", "--method", "register"])
        features.append("import --method register")

    for person, role in (("alice", "reviewer"), ("bob", "reviewer"), ("carol", "adjudicator"), ("lena", "lead")):
        run([cli, "reviewer", "add", path, person, "--role", role])
    for reason in REASONS:
        run([cli, "screening", path, "reason-add", reason])

    records = [json.loads(line) for line in run([cli, "records", path, "--json"]).stdout.splitlines() if line]
    ids = [r["id"] for r in records if r.get("duplicate_of") is None]

    def decide(record, reviewer, verdict, stage="ta", reason=None):
        args = [cli, "decide", path, str(record), verdict, "-r", reviewer, "-s", stage]
        if reason:
            args += ["--reason", reason]
        run(args)

    if "remove-record" in usage:
        help_text = cli_help(cli, "remove-record")
        args = [cli, "remove-record", path, str(ids[-1])]
        args += ["--note", "Retracted"] if "--note" in help_text else ["Retracted"]
        run(args)
        ids = ids[:-1]
        features.append("remove-record")

    # Title and abstract: 12 included, 8 excluded, 2 conflicts settled.
    for record in ids[:12]:
        decide(record, "alice", "include")
        decide(record, "bob", "include")
    for i, record in enumerate(ids[12:20]):
        decide(record, "alice", "exclude")
        decide(record, "bob", "exclude")
    decide(ids[20], "alice", "include")
    decide(ids[20], "bob", "exclude")
    decide(ids[21], "alice", "exclude")
    decide(ids[21], "bob", "include")
    run([cli, "adjudicate", path, str(ids[20]), "include", "-r", "carol", "-s", "ta"])
    run([cli, "adjudicate", path, str(ids[21]), "exclude", "-r", "carol", "-s", "ta"])
    # Bob excluded the rest: one exclusion of alice's finishes any of them.
    for record in ids[22:]:
        decide(record, "bob", "exclude")

    # Full text: a report not retrieved, 6 included, 4 excluded with
    # reasons, a conflict settled with a reason.
    included_ta = ids[:12] + [ids[20]]
    if "retrieval" in usage:
        help_text = cli_help(cli, "retrieval")
        args = [cli, "retrieval", path, str(included_ta[11]), "--not-retrieved"]
        if "--reason" in help_text:
            args += ["--reason", "Not available from the library"]
        run(args)
        features.append("retrieval")
    for record in included_ta[:6]:
        decide(record, "alice", "include", "ft")
        decide(record, "bob", "include", "ft")
    for i, record in enumerate(included_ta[6:10]):
        reason = REASONS[i % 2]
        decide(record, "alice", "exclude", "ft", reason)
        decide(record, "bob", "exclude", "ft", reason)
    decide(included_ta[10], "alice", "include", "ft")
    decide(included_ta[10], "bob", "exclude", "ft", REASONS[2])
    run([cli, "adjudicate", path, str(included_ta[10]), "exclude", "-r", "carol", "-s", "ft", "--reason", REASONS[2]])

    if "add-record" in usage:
        # Found on a website: the other methods' arm, straight to full text.
        out = run([cli, "add-record", path, "--title", "Peer recovery coaches and burnout: a service report",
                   "--method", "website", "--source", "SAMHSA website", "--year", "2023"]).stdout
        found = int(re.findall(r"\d+", out)[0])
        decide(found, "alice", "include", "ft")
        decide(found, "bob", "include", "ft")
        features.append("add-record")

    return features


def main():
    args, cli = command_line()
    if args is None:
        return 0
    if not cli_help(cli, "prisma"):
        print("1..0 # SKIP winnow-cli has no prisma command yet")
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-prisma-")
    display = None
    app = None
    png300 = png600 = None

    def check(passed, name, diagnostics=None):
        """A TAP line; the diagnostics only when it fails."""
        return tap.ok(passed, name, None if passed else diagnostics)

    def shot(name):
        path = os.path.join(args.output_dir, name)
        time.sleep(0.6)
        app.screenshot(path)
        tap.diag(f"screenshot: {path}")
        return path

    def pr(state=None):
        s = state if state is not None else app.state()
        return {k: v for k, v in s.items() if k.startswith("prisma_")}

    def loaded(predicate=lambda s: True, timeout=WAIT):
        return app.wait_state(lambda s: s.get("page") == "prisma" and s.get("prisma_loaded") == "1"
                              and predicate(s), timeout=timeout)

    def export(keys, suffix, name):
        """Presses keys, accepts the chooser's suggestion; the file written."""
        before = app.state().get("prisma_exported", "")
        for key in keys:
            app.key(key)
        chooser = app.wait_dialog()
        if not chooser:
            return None, "no file chooser"
        app.focus(chooser)
        time.sleep(0.4)
        app.key("Return")
        state = app.wait_state(lambda s: s.get("prisma_exporting") == "0"
                               and s.get("prisma_exported", "") not in ("", before)
                               and s.get("prisma_exported", "").endswith(suffix))
        wait_for(lambda: chooser not in app.visible_windows(), timeout=5)
        app.focus()
        if state is None:
            return None, f"nothing written: {pr()}"
        return state["prisma_exported"], None

    try:
        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)

        p = os.path.join(tmp, "Peer support review.winnow")
        features = make_project(cli, p, tmp)
        tap.diag(f"winnow-cli also did: {', '.join(features) or 'nothing more'}")
        flow = flow_json(cli, p, tmp)
        tap.diag(f"flow: {json.dumps(flow)[:600]}")

        app = App([p], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-prisma.log"))
        state = app.wait_state(lambda s: s.get("page") == "records") if app.find_window() else None
        if state is None:
            raise RuntimeError(f"the project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()
        # Tooltips follow the pointer: keep it out of the way.
        app.xdotool("mousemove", "1279", "799", check=False)

        # 1: Ctrl+7.
        app.key("ctrl+7")
        state = loaded()
        check(state is not None and state.get("prisma_page") == "diagram" and as_int(state, "prisma_boxes") >= 8
               and state.get("prisma_focus") == "canvas",
               "Ctrl+7 shows the PRISMA page: the flow is counted and drawn, the keyboard on the diagram",
               f"state: {pr()}\n{app.log_tail()}")
        if state is None:
            raise RuntimeError("no diagram")
        shot("screenshot-prisma.png")

        # 2-3: the counts and the checks.
        diffs, shown = compare_counts(flow, state)
        check(not diffs and as_int(state, "prisma_records_screened") > 0,
               "every count the page shows equals `winnow-cli prisma --format json`",
               "\n".join(diffs) + f"\nstate: {pr(state)}")
        check(shown == warning_ids(flow) and as_int(state, "prisma_warnings") == len(shown),
               f"the page lists the checks that do not hold, as the JSON's warnings ({len(shown)})",
               f"page {shown} cli {warning_ids(flow)}; status: {state.get('prisma_status')}")

        # 4: Home, Down: Records screened.
        app.key("Home")
        first = app.wait_state(lambda s: s.get("prisma_selected_box") != "")
        app.key("Down")
        state = app.wait_state(lambda s: s.get("prisma_selected_box") == "box4")
        check(first is not None and first.get("prisma_selected_box") == "box2" and state is not None
               and as_int(state, "prisma_selected_n") == flow.get("records_screened"),
               "Home selects the first box (records identified), Down the one below it (records screened)",
               f"state: {pr()}")

        # 5: Enter: the records behind it, in a list with the keyboard.
        app.key("Return")
        state = app.wait_state(lambda s: s.get("prisma_drill_box") == "box4" and s.get("prisma_drill_loaded") == "1"
                               and s.get("prisma_focus") == "records" and as_int(s, "prisma_drill_selected") > 0)
        check(state is not None and as_int(state, "prisma_drill_records") == flow.get("records_screened")
               and as_int(state, "prisma_drill_records") == as_int(state, "prisma_selected_n"),
               f"Enter lists the records behind it: {flow.get('records_screened')}, the box's n; the keyboard is in the list",
               f"state: {pr()}")
        shot("screenshot-prisma-records.png")

        # 6: Enter on a record: the Records page shows it.
        record = as_int(state or {}, "prisma_drill_selected")
        app.key("Down")
        state = app.wait_state(lambda s: as_int(s, "prisma_drill_selected") not in (record, 0))
        record = as_int(state or {}, "prisma_drill_selected")
        app.key("Return")
        state = app.wait_state(lambda s: s.get("page") == "records" and as_int(s, "detail_id") == record)
        check(state is not None and record > 0 and as_int(state, "selected_id") == record,
               f"Down, Enter: record {record} is shown in the Records page, selected and in the detail pane",
               f"state: { {k: v for k, v in app.state().items() if k in ('page', 'selected_id', 'detail_id', 'shown')} }")

        # 7: back; Escape closes the list.
        app.key("ctrl+7")
        state = loaded(lambda s: s.get("prisma_focus") == "canvas")
        app.key("Escape")
        closed = app.wait_state(lambda s: s.get("prisma_drill_box") == "")
        check(state is not None and state.get("prisma_selected_box") == "box4" and closed is not None,
               "Ctrl+7 comes back to the diagram, box4 still selected; Escape closes the list",
               f"state: {pr()}")

        # 8: one line of a list box: the first database.
        databases = as_list(flow.get("database_specific_results"))
        name, count = next(iter(databases.items())) if databases else (None, None)
        app.key("Home")
        app.key("Return")
        app.wait_state(lambda s: s.get("prisma_drill_box") == "box2" and s.get("prisma_drill_loaded") == "1")
        app.key("shift+Tab")
        app.key("Down")
        state = app.wait_state(lambda s: s.get("prisma_drill_name") == name and s.get("prisma_drill_loaded") == "1")
        box2 = (flow.get("database_results") or 0) + (flow.get("register_results") or 0)
        check(state is not None and as_int(state, "prisma_drill_records") == count,
               f"Enter on the identification box, Shift+Tab, Down: only {name}'s {count} records of {box2}",
               f"state: {pr()}")
        if state is not None:
            shot("screenshot-prisma-narrowed.png")
        app.key("Escape")
        app.key("Escape")
        app.wait_state(lambda s: s.get("prisma_drill_box") == "" and s.get("prisma_focus") == "canvas")

        # 9: a check's boxes: Home, Shift+Tab (out of the diagram, back to
        # the checks), Space on a check outlines its boxes; Escape back on
        # the diagram puts the outline down.
        problems = [part.split(":")[0] for part in app.state().get("prisma_warning_ids", "").split(",") if part]
        app.key("Home")
        app.key("shift+Tab")
        app.key("space")
        state = app.wait_state(lambda s: s.get("prisma_highlight_check") in problems and s.get("prisma_highlight"))
        if state is not None:
            shot("screenshot-prisma-check.png")
        app.key("Tab")
        app.wait_state(lambda s: s.get("prisma_focus") == "canvas")
        app.key("Escape")
        cleared = app.wait_state(lambda s: s.get("prisma_highlight_check") == "")
        check(not problems or (state is not None and cleared is not None),
              f"Shift+Tab to the checks, Space: a check's boxes are outlined "
              f"({(state or {}).get('prisma_highlight_check')}: {(state or {}).get('prisma_highlight')}); Escape clears",
              f"problems {problems}; state: {pr()}")
        app.key("Escape")

        # 10: zoom.
        fit = app.state().get("prisma_zoom", "")
        app.key("ctrl+plus")
        zoomed = app.wait_state(lambda s: not s.get("prisma_zoom", "fit").startswith("fit"))
        app.key("ctrl+plus")
        more = app.wait_state(lambda s: zoomed is not None and not s.get("prisma_zoom", "fit").startswith("fit")
                              and float(s["prisma_zoom"]) > float(zoomed["prisma_zoom"]))
        if more is not None:
            shot("screenshot-prisma-zoom.png")
        app.key("ctrl+minus")
        less = app.wait_state(lambda s: more is not None and not s.get("prisma_zoom", "fit").startswith("fit")
                              and float(s["prisma_zoom"]) < float(more["prisma_zoom"]))
        app.key("ctrl+0")
        back = app.wait_state(lambda s: s.get("prisma_zoom", "").startswith("fit"))
        check(fit.startswith("fit") and None not in (zoomed, more, less, back),
               "the diagram fits the width; Ctrl+plus zooms in, Ctrl+minus out, Ctrl+0 fits again",
               f"{fit} → {(zoomed or {}).get('prisma_zoom')} → {(more or {}).get('prisma_zoom')} → "
               f"{(less or {}).get('prisma_zoom')} → {(back or {}).get('prisma_zoom')}")

        # 11-12: one exclusion on the Screening page, then the preview again.
        excluded = flow.get("records_excluded") or 0
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_page") == "identity"
                               and s.get("scr_loaded") == "1")
        people = (state or {}).get("scr_reviewers", "").split(",")
        for _ in range(people.index("alice") if "alice" in people else 0):
            app.key("Down")
        app.key("Return")
        state = app.wait_state(lambda s: s.get("scr_page") == "screen" and s.get("scr_identity") == "alice"
                               and s.get("scr_busy") == "0" and s.get("scr_loaded") == "1"
                               and as_int(s, "scr_shown_id") == as_int(s, "scr_record_id") > 0)
        decided = as_int(state or {}, "scr_decided")
        app.key("e")
        state = app.wait_state(lambda s: s.get("scr_busy") == "0" and as_int(s, "scr_decided") == decided + 1)
        check(state is not None, "Ctrl+4, alice, E: one exclusion on the Screening page",
               f"state: { {k: v for k, v in app.state().items() if k.startswith('scr_') and k != 'scr_text'} }")
        app.key("ctrl+7")
        state = loaded(lambda s: as_int(s, "prisma_records_excluded") == excluded + 1)
        after = flow_json(cli, p, tmp, "flow-after.json")
        diffs, shown = compare_counts(after, state or app.state())
        check(state is not None and after.get("records_excluded") == excluded + 1 and not diffs
               and shown == warning_ids(after),
               f"Ctrl+7: the preview counts {excluded + 1} records excluded, and equals the CLI again",
               "\n".join(diffs) + f"\nstate: {pr()}")
        shot("screenshot-prisma-updated.png")

        # 13-18: exports, each through the file chooser.
        path, why = export(["alt+s"], ".svg", "SVG")
        ok = path is not None and os.path.basename(path).startswith("Peer support review") \
            and os.path.dirname(path) == tmp
        if ok:
            with open(path, encoding="utf-8") as f:
                head = f.read(4096)
            ok = "<svg" in head
        check(ok, "Alt+S: an SVG, named after the project, beside it", why or path)

        path, why = export(["alt+p"], ".pdf", "PDF")
        ok = path is not None
        if ok:
            with open(path, "rb") as f:
                ok = f.read(5) == b"%PDF-"
        check(ok, "Alt+P: a PDF", why or path)

        path, why = export(["alt+n", "Return"], ".png", "PNG 300")
        png300 = path
        dpi = png_dpi(path) if path else None
        check(dpi == 300, "Alt+N, Enter: a PNG at 300 dpi", why or f"{path}: {dpi} dpi")

        path, why = export(["alt+n", "Down", "Return"], ".png", "PNG 600")
        png600 = path
        dpi = png_dpi(path) if path else None
        check(dpi == 600 and "600" in os.path.basename(path), "Alt+N, Down, Enter: a PNG at 600 dpi",
               why or f"{path}: {dpi} dpi")

        path, why = export(["alt+c"], ".csv", "CSV")
        expected_csv = os.path.join(tmp, "cli.csv")
        run([cli, "prisma", p, "--format", "csv", "-o", expected_csv])
        ok = path is not None
        if ok:
            with open(path, "rb") as f, open(expected_csv, "rb") as g:
                mine, theirs = f.read(), g.read()
            ok = mine == theirs and mine.lstrip(b"\xef\xbb\xbf").startswith(b"data,node,box,description,boxtext,tooltips,url,n")
        check(ok, "Alt+C: the CSV of the PRISMA2020 Shiny app, byte for byte the CLI's", why or path)

        path, why = export(["alt+j"], ".json", "JSON")
        ok = path is not None
        if ok:
            with open(path, encoding="utf-8") as f:
                ok = json.load(f) == after
        check(ok, "Alt+J: the JSON, the CLI's", why or path)

        # 19: nothing went wrong on the way.
        state = app.state()
        check(state.get("prisma_export_error", "") == "" and len(app.visible_windows()) == 1,
               "no export failed; no dialog is left open", f"state: {pr(state)}")

        # 20: quit.
        app.key("ctrl+q")
        status = app.wait_exit()
        check(status == 0, "Ctrl+Q quits cleanly", f"exit status {status}\n{app.log_tail()}" if status != 0 else None)
        log = app.log_tail(200)
        app.stop()
        # 21: no GTK or GLib warning in the log.
        check(not re.search(r"(CRITICAL|WARNING|Gtk-|GLib-)", log), "the log has no warning or critical",
               log[-2000:])

        # 22-23: the project was not changed by exporting; the PNGs' sizes.
        final = flow_json(cli, p, tmp, "flow-final.json")
        check(final == after, "exporting changed nothing in the project", f"{final}\n{after}")
        small = png_size(png300) if png300 else (0, 0)
        large = png_size(png600) if png600 else (0, 0)
        check(small[0] > 0 and abs(large[0] - 2 * small[0]) <= 2 and abs(large[1] - 2 * small[1]) <= 2,
               "the 600 dpi PNG has twice the pixels of the 300 dpi one, each way",
               f"{small} and {large}; files: "
               + ", ".join(sorted(n for n in os.listdir(tmp) if n.startswith("Peer support review"))))

    except Exception as e:  # noqa: BLE001 — report, then fail the plan
        report_error(tap, f"error: {e}", [app])
    finally:
        stop_all([app], display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
