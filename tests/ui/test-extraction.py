#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Extraction page in the real `winnow` under Xvfb: the form beside the
study's PDF, saving a value, a value refused, coding a selection.

What it checks, as TAP:
  - project X (winnow-cli): 10 synthetic records, alice and bob reviewers;
    both include the first two at title/abstract and at full text, so they
    are the studies S001 and S002; a PDF written here by hand attached to
    the second;
  - alice chosen on the Screening page (Ctrl+4); Ctrl+8 shows the
    Extraction page as alice with the two studies, the template's fields
    and the codebook;
  - the study with the PDF, selected with the keyboard: its PDF drawn, the
    form generated from the template in force;
  - "42" typed into the sample size (an integer field), Tab: saved, and
    `winnow-cli extraction-export --format csv` has it for the study;
  - "forty" typed there instead: the core's message under the field, not
    saved (the export still says 42); screenshot-extraction.png;
  - a drag over the PDF's first lines selects text (ex_selection);
  - Alt+C shows the codebook; Enter on the first code codes the selection:
    one coding listed, and the themes table (`--table themes`) counts 1 for
    that code and the study; screenshot-extraction-code.png;
  - the coded span is marked on the PDF in the code's colour
    (pdf_segments=1, drawn on the page);
  - its remove button takes the coding back (the themes table counts 0,
    the mark goes);
  - Alt+X shows the form again; "Source from Selection" beside an empty
    short text field fills it with the selection and saves it (the export
    has it); screenshot-extraction-source.png;
  - Ctrl+Shift+E opens the codebook editor with the codebook listed;
  - Add Code… (Alt+A), "Workforce outcomes/Moral injury" typed, Enter:
    `winnow-cli codes --json` has it, and so does the Code tab;
    screenshot-extraction-codebook.png;
  - Edit… (Alt+E) on the new code (selected after adding it), a
    description typed: the CLI has it;
  - Import REFI-QDA… (Alt+I) of a broken .qdc: the core's message, naming
    the file and the line, in the editor; nothing changed;
  - Export REFI-QDA… (Alt+X) through the file chooser (Ctrl+L, the path,
    Enter): the .qdc has name="Moral injury";
  - Remove… (Alt+R) asks first; Remove (Alt+R) takes the code away;
  - Escape closes the editor;
  - Alt+C, Memo… (Alt+M), a memo typed, Ctrl+Enter: ex_memos=1;
  - the first lines selected and coded again, a click elsewhere clears the
    selection: the mark shows in the code's colour (reddish pixels over the
    first line in screenshot-extraction-segment.png);
  - the study without a PDF: "Paste Text…" above the pane's No Full Text
    (ex_text=none); the dialog, a text typed, Ctrl+Enter: the text shown
    in the centre (ex_text=pasted), with the keyboard on it;
    screenshot-extraction-pasted.png;
  - Ctrl+Home, Shift+Ctrl+Right in the text selects its first word
    (ex_selection=0-N); Enter on the first code codes it: the themes table
    counts 1 for that study, and the span is tagged in the code's colour
    (ex_text_marks=1); screenshot-extraction-pasted-code.png;
  - Ctrl+Q quits cleanly, with no warning in the log.
Screenshots go to the build directory (tests/ui/).

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import,
and while winnow-cli has no extraction-export command.
"""

import csv
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, app_env, as_int, command_line, compiled_schemas, run,  # noqa: E402
                      stop_all)

N_TESTS = 26

PAGES = [
    ["Peer support workers and burnout: a qualitative study",
     "Forty-two peer support workers were interviewed about burnout.",
     "Supervision and caseloads shaped their wellbeing at work.",
     "This qualitative study used thematic analysis."],
    ["Discussion",
     "Organisations should offer supervision to peer support workers."],
]


def load_fulltext_test():
    """test-fulltext.py's PDF writer, not copied."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-fulltext.py")
    spec = importlib.util.spec_from_file_location("wn_test_fulltext", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli_has(cli, command):
    result = subprocess.run([cli, "--help"], capture_output=True, text=True, timeout=60)
    return f"  {command} " in (result.stdout + result.stderr)


def records_json(cli, project):
    return [json.loads(line) for line in run([cli, "records", project, "--json"]).stdout.splitlines() if line]


def make_project(cli, path, tmp):
    ris = os.path.join(tmp, "x.ris")
    run([cli, "new", path])
    run([cli, "synth", "--format", "ris", "--records", "10", "--seed", "71", "-o", ris])
    run([cli, "import", path, ris, "--database", "PsycINFO", "--platform", "EBSCOhost"])
    for person in ("alice", "bob"):
        run([cli, "reviewer", "add", path, person, "--role", "reviewer"])
    ids = [r["id"] for r in records_json(cli, path) if r.get("duplicate_of") is None]
    for record in ids[:2]:
        for stage in ("ta", "ft"):
            for person in ("alice", "bob"):
                run([cli, "decide", path, str(record), "include", "-r", person, "-s", stage])
    return ids


def export_csv(cli, project, tmp, table=None):
    out = os.path.join(tmp, f"export-{table or 'extraction'}.csv")
    args = [cli, "extraction-export", project, "--format", "csv", "-o", out]
    if table:
        args += ["--table", table]
    run(args)
    with open(out, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def study_value(rows, study, column_names):
    """The cell of study's row in the first column named one of column_names."""
    if not rows:
        return None
    header = [h.strip().lower() for h in rows[0]]
    column = next((i for i, h in enumerate(header) if h in column_names), None)
    if column is None:
        return None
    for row in rows[1:]:
        if row and row[0] == study:
            return row[column] if column < len(row) else None
    return None


def theme_count(rows, path, study):
    """The themes table's count of codings of path in study."""
    if not rows:
        return None
    header = rows[0]
    if study not in header:
        return None
    column = header.index(study)
    for row in rows[1:]:
        if path in row:
            return row[column] if column < len(row) else None
    return None


def study_total(rows, study):
    """The themes table's codings in study, over every code."""
    if not rows or study not in rows[0]:
        return None
    column = rows[0].index(study)
    return sum(int(row[column]) for row in rows[1:] if column < len(row) and row[column].isdigit())


def drag_select(app):
    """A drag over the first lines of page 1 (the page fits the width: its
    first line is at y ≈ 255)."""
    app.xdotool("mousemove", "--window", app.window, "352", "246", check=False)
    app.xdotool("mousedown", "1", check=False)
    for x, y in ((420, 246), (500, 246), (600, 247), (660, 247), (680, 247)):
        app.xdotool("mousemove", "--window", app.window, str(x), str(y), check=False)
        time.sleep(0.05)
    app.xdotool("mouseup", "1", check=False)


def reddish_pixels(path, x, y, width, height):
    """How many pixels of the area are tinted red (R well above G and B)."""
    text = subprocess.run(["convert", path, "-crop", f"{width}x{height}+{x}+{y}", "+repage", "-depth", "8",
                           "txt:-"], capture_output=True, text=True, timeout=60).stdout
    count = 0
    for line in text.splitlines()[1:]:
        try:
            rgb = line.split("(", 1)[1].split(")", 1)[0].split(",")
            r, g, b = (float(v) for v in rgb[:3])
        except (IndexError, ValueError):
            continue
        if r > 150 and r - g > 25 and r - b > 25:
            count += 1
    return count


def tab_to(app, where, limit=60, wait=1.0):
    """Tab until the keyboard is on where (ex_focus); each Tab waits for the
    state to say where it went. The state at the end."""
    state = app.state()
    visited = [state.get("ex_focus")]
    for _ in range(limit):
        if state.get("ex_focus") == where:
            break
        # Each Tab moves the keyboard (ex_focus_moves counts the moves, even
        # between rows of one list): wait for that, not for a new name, so
        # a slow machine does not press on before the state caught up.
        moves = state.get("ex_focus_moves")
        app.key("Tab")
        state = app.wait_state(lambda s, m=moves: s.get("ex_focus_moves") != m, timeout=max(wait, 5.0)) \
            or app.state()
        visited.append(state.get("ex_focus"))
    app.visited = visited
    return state


def main():
    args, cli = command_line()
    if args is None:
        return 0
    if not cli_has(cli, "extraction-export") or not cli_has(cli, "attach"):
        print("1..0 # SKIP winnow-cli has no extraction-export command yet")
        return 0

    tmp = tempfile.mkdtemp(prefix="winnow-ui-extraction-")
    tap = Tap(N_TESTS)
    display = None
    app = None
    try:
        project = os.path.join(tmp, "extraction.winnow")
        ids = make_project(cli, project, tmp)
        paper = os.path.join(tmp, "burnout.pdf")
        load_fulltext_test().write_pdf(paper, PAGES)
        run([cli, "attach", project, str(ids[1]), paper])
        template = json.loads(run([cli, "template", project, "--json"]).stdout)
        fields = template["fields"]
        sample = next((f for f in fields if f["type"] == "integer" and "sample" in f["name"]), None)
        if sample is None:
            raise RuntimeError(f"no integer sample size field in the template: {[f['name'] for f in fields]}")
        sample_columns = {sample["name"].lower(), sample["label"].lower()}
        codes = run([cli, "codes", project]).stdout.splitlines()
        first_code = codes[0].split("\t")[0] if codes else ""

        display = Display()
        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        env = app_env(display, schemas, tmp)
        app = App([project], args.winnow, env, os.path.join(tmp, "state"),
                  os.path.join(args.output_dir, "extraction.log"))
        if not app.find_window():
            raise RuntimeError("no window\n" + app.log_tail())
        app.xdotool("windowsize", "--sync", app.window, "1280", "800", check=False)
        app.xdotool("windowmove", "--sync", app.window, "0", "0", check=False)
        app.focus()
        app.wait_state(lambda s: s.get("page") == "records" and as_int(s, "total") > 0)

        # 1: before anyone is chosen, the page asks who you are.
        app.key("ctrl+8")
        state = app.wait_state(lambda s: s.get("page") == "extraction")
        tap.ok(state is not None and state.get("ex_page") == "empty" and state.get("ex_identity") == "",
               "Ctrl+8 shows the Extraction page, which asks who you are first",
               state and {k: v for k, v in state.items() if k.startswith("ex_")})

        # alice, on the Screening page (the first of the reviewers listed).
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("scr_page") in ("identity", "screen"))
        if state and state.get("scr_page") == "identity":
            app.wait_state(lambda s: s.get("scr_loaded") == "1")
            app.key("Return")
            app.wait_state(lambda s: s.get("scr_page") == "screen")

        # 2: the page as alice, the studies, the form and the codebook.
        app.key("ctrl+8")
        state = app.wait_state(lambda s: s.get("page") == "extraction" and s.get("ex_loaded") == "1"
                               and s.get("ex_identity") == "alice" and as_int(s, "ex_fields") > 0)
        tap.ok(state is not None and as_int(state, "ex_studies") == 2 and state.get("ex_page") == "main"
               and as_int(state, "ex_fields") == len(fields) and as_int(state, "ex_codes") == len(codes),
               "the page lists the two included studies, the template's fields and the codebook",
               state and {k: v for k, v in state.items() if k.startswith("ex_")})

        # 3: the study with the PDF, by keyboard.
        if state and as_int(state, "ex_record_id") != ids[1]:
            if state.get("ex_focus") != "studies":
                app.key("shift+Tab")
            app.key("Down")
        state = app.wait_state(lambda s: as_int(s, "ex_record_id") == ids[1] and s.get("ft_state") == "pdf"
                               and s.get("pdf_state") == "document" and as_int(s, "pdf_rendered") > 0
                               and as_int(s, "ex_fields") == len(fields))
        tap.ok(state is not None and state.get("ex_study", "").startswith("S")
               and state.get("ft_file") == "burnout.pdf",
               "the study with the PDF shows it beside its form",
               state and {k: v for k, v in app.state().items() if k.startswith(("ex_", "ft_"))})
        study = state.get("ex_study") if state else ""

        # 4: the sample size, typed and saved on Tab.
        # Tab by Tab (each text field has its input, then its Source button).
        state = tab_to(app, sample["name"])
        focused = state.get("ex_focus") == sample["name"]
        saved = as_int(state, "ex_saved", 0)
        app.type("42")
        app.key("Tab")
        state = app.wait_state(lambda s: as_int(s, "ex_saved", 0) > saved, timeout=10)
        rows = export_csv(cli, project, tmp)
        value = study_value(rows, study, sample_columns)
        tap.ok(focused and state is not None and value == "42",
               "a value typed into the sample size is saved on Tab, as the export shows",
               f"focus {focused}; saved {state and state.get('ex_saved')}; export {study}: {value!r}; "
               f"header {rows[0] if rows else None}")

        # 5: "forty" is refused with the core's message, and not saved.
        app.key("shift+Tab")
        app.wait_state(lambda s: s.get("ex_focus") == sample["name"], timeout=5)
        app.key("ctrl+a")
        app.type("forty")
        saved = as_int(app.state(), "ex_saved", 0)
        app.key("Tab")
        state = app.wait_state(lambda s: s.get("ex_error", "") != "", timeout=10)
        time.sleep(0.3)
        rows = export_csv(cli, project, tmp)
        value = study_value(rows, study, sample_columns)
        tap.ok(state is not None and as_int(app.state(), "ex_saved", 0) == saved and value == "42",
               "an integer field refuses “forty” with the core's message; the value stays 42",
               f"error {state and state.get('ex_error')!r}; export {value!r}")
        app.screenshot(os.path.join(args.output_dir, "screenshot-extraction.png"))

        # 6: a selection in the PDF, dragged over the first lines of page 1.
        geometry = dict(line.split("=", 1) for line in
                        app.xdotool("getwindowgeometry", "--shell", app.window, check=False).splitlines()
                        if "=" in line)
        tap.diag(f"window {geometry}")
        drag_select(app)
        state = app.wait_state(lambda s: s.get("ex_selection", "") != "", timeout=5)
        tap.ok(state is not None, "dragging over the PDF selects text",
               state and f"selection {state.get('ex_selection')}, {state.get('pdf_selected_chars')} characters")

        # 7: Alt+C shows the codebook; Enter on the first code codes the selection.
        app.key("alt+c")
        state = app.wait_state(lambda s: s.get("ex_tab") == "code", timeout=5)
        focused = tab_to(app, "codes", 10).get("ex_focus") == "codes"
        app.key("Return")
        state = app.wait_state(lambda s: as_int(s, "ex_codings") == 1, timeout=10)
        tap.ok(state is not None and focused, "Enter on a code codes the PDF's selection; the coding is listed",
               f"tab {app.state().get('ex_tab')} focus {app.state().get('ex_focus')} "
               f"codings {app.state().get('ex_codings')} error {app.state().get('ex_error')!r}")

        # 8: the themes table counts it.
        rows = export_csv(cli, project, tmp, "themes")
        count = theme_count(rows, first_code, study)
        tap.ok(count == "1", f"the themes table counts 1 coding of “{first_code}” in {study}",
               f"{count!r}; header {rows[0] if rows else None}")
        # 9: the coded span marked on the PDF.
        state = app.wait_state(lambda s: as_int(s, "pdf_segments") == 1 and as_int(s, "pdf_segments_drawn") > 0,
                               timeout=10)
        tap.ok(state is not None, "the coded span is marked on the PDF in its code's colour",
               f"pdf_segments {app.state().get('pdf_segments')} drawn {app.state().get('pdf_segments_drawn')}")
        time.sleep(0.4)
        app.screenshot(os.path.join(args.output_dir, "screenshot-extraction-code.png"))

        # 10: the coding's remove button (Tab to it, Space) takes it back.
        # Tab goes through the codebook's rows first.
        state = tab_to(app, "coding-remove", len(codes) + 8, wait=0.5)
        focused = state.get("ex_focus") == "coding-remove"
        app.key("space")
        state = app.wait_state(lambda s: as_int(s, "ex_codings") == 0 and as_int(s, "pdf_segments") == 0,
                               timeout=10)
        rows = export_csv(cli, project, tmp, "themes")
        count = theme_count(rows, first_code, study)
        tap.ok(focused and state is not None and count == "0", "the remove button takes the coding back",
               f"focus {focused} ({app.visited}); codings {app.state().get('ex_codings')}; themes {count!r}; "
               f"segments {app.state().get('pdf_segments')}")

        # 11: Alt+X, the form again; Source from Selection beside an empty
        # text field fills it with the selection, and saves it.
        app.key("alt+x")
        app.wait_state(lambda s: s.get("ex_tab") == "extract", timeout=5)
        target = next((f for f in fields if f["type"] == "short_text"), None)
        state = tab_to(app, target["name"] + "/source") if target else app.state()
        saved = as_int(state, "ex_saved", 0)
        app.key("space")
        state = app.wait_state(lambda s: as_int(s, "ex_saved", 0) > saved, timeout=10)
        rows = export_csv(cli, project, tmp)
        value = target and study_value(rows, study, {target["name"].lower(), target["label"].lower()})
        # The selected text: the first line, as far as the drag went.
        tap.ok(state is not None and value is not None and len(value) > 20
               and (PAGES[0][0].startswith(value) or value.startswith(PAGES[0][0])),
               "Alt+X shows the form; Source from Selection fills an empty field with the PDF's selection",
               f"tab {app.state().get('ex_tab')} focus {app.state().get('ex_focus')}; export {value!r}")
        app.screenshot(os.path.join(args.output_dir, "screenshot-extraction-source.png"))

        # 12: Ctrl+Shift+E, the codebook editor.
        n_codes = as_int(app.state(), "ex_codes")
        app.key("ctrl+shift+e")
        state = app.wait_state(lambda s: s.get("ex_codebook_open") == "1" and s.get("cb_loaded") == "1", timeout=10)
        codebook = app.wait_dialog(timeout=5)
        tap.ok(state is not None and codebook is not None and as_int(state, "cb_codes") == n_codes,
               "Ctrl+Shift+E opens the codebook editor with the codebook",
               state and {k: v for k, v in state.items() if k.startswith("cb_")})

        # 13: Add Code… by keyboard.
        added = None
        if codebook:
            app.focus(codebook)
            app.key("alt+a")
            state = app.wait_state(lambda s: s.get("cb_editor") == "add", timeout=5)
            editor = app.wait_dialog(other_than=(codebook,), timeout=5)
            if state and editor:
                app.focus(editor)
                app.type("Workforce outcomes/Moral injury")
                app.key("Return")
                state = app.wait_state(lambda s: s.get("cb_editor") == "" and s.get("cb_last") == "add"
                                       and as_int(s, "cb_codes") == n_codes + 1, timeout=10)
            codes_json = json.loads(run([cli, "codes", project, "--json"]).stdout)
            added = next((c for c in codes_json["codes"] if c["path"] == "Workforce outcomes/Moral injury"), None)
        state = app.wait_state(lambda s: as_int(s, "ex_codes") == n_codes + 1, timeout=10)
        tap.ok(added is not None and state is not None,
               "Add Code… adds “Workforce outcomes/Moral injury”: the CLI and the Code tab have it",
               f"cli {added}; state {app.state().get('cb_error')!r} codes {app.state().get('ex_codes')}")
        time.sleep(0.3)
        app.screenshot(os.path.join(args.output_dir, "screenshot-extraction-codebook.png"))

        # 14: Edit… describes the new code, selected after adding it.
        described = None
        if codebook:
            selected = app.state().get("cb_selected")
            app.focus(codebook)
            app.key("alt+e")
            state = app.wait_state(lambda s: s.get("cb_editor") == "edit", timeout=5)
            editor = app.wait_dialog(other_than=(codebook,), timeout=5)
            if state and editor:
                app.focus(editor)
                app.key("Tab")
                app.type("Distress from acting against one's values")
                app.key("Return")
                app.wait_state(lambda s: s.get("cb_editor") == "" and s.get("cb_last") == "edit", timeout=10)
            codes_json = json.loads(run([cli, "codes", project, "--json"]).stdout)
            described = next((c.get("description") for c in codes_json["codes"]
                              if c["path"] == "Workforce outcomes/Moral injury"), None)
        tap.ok(described == "Distress from acting against one's values",
               "Edit… on the code selected after adding it changes its description",
               f"selected {selected if codebook else None!r}; description {described!r}; "
               f"error {app.state().get('cb_error')!r}")

        # 15: a broken .qdc imported: refused with the file and the line.
        bad = os.path.join(tmp, "broken.qdc")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n'
                    '<Code name="x" guid="1" isCodable="true">\n</Codes>\n')
        if codebook:
            app.focus(codebook)
            app.key("alt+i")
            chooser = app.wait_dialog(other_than=(codebook,), timeout=10)
            if chooser:
                app.focus(chooser)
                app.key("ctrl+l")
                app.type(bad)
                time.sleep(0.3)
                app.key("Return")
        state = app.wait_state(lambda s: s.get("cb_error", "") != "", timeout=10)
        tap.ok(state is not None and "broken.qdc" in state.get("cb_error", "")
               and "line 5" in state.get("cb_error", "") and as_int(state, "cb_codes") == n_codes + 1,
               "Import REFI-QDA… of a broken file shows the core's message with the file and the line",
               state and state.get("cb_error"))

        # 16: Export REFI-QDA… through the chooser.
        qdc = os.path.join(tmp, "codebook-export.qdc")
        text = ""
        if codebook:
            app.focus(codebook)
            app.key("alt+x")
            chooser = app.wait_dialog(other_than=(codebook,), timeout=10)
            if chooser:
                app.focus(chooser)
                app.key("ctrl+l")
                # The name field holds "codebook.qdc": replaced whole.
                app.key("ctrl+a")
                app.type(qdc)
                time.sleep(0.3)
                app.key("Return")
                app.wait_state(lambda s: s.get("cb_exported") == qdc, timeout=10)
            if os.path.exists(qdc):
                with open(qdc, encoding="utf-8") as f:
                    text = f.read()
        tap.ok('name="Moral injury"' in text, "Export REFI-QDA… writes the codebook as a .qdc with the new code",
               f"exported {app.state().get('cb_exported')!r}; error {app.state().get('cb_error')!r}; "
               f"{len(text)} characters")

        # 17: Remove… asks first, naming the sub-codes; Remove takes it away.
        removed = False
        if codebook:
            app.focus(codebook)
            app.key("alt+r")
            confirm = app.wait_dialog(other_than=(codebook,), timeout=5)
            if confirm:
                app.focus(confirm)
                app.key("alt+r")
                state = app.wait_state(lambda s: s.get("cb_last") == "remove" and as_int(s, "cb_codes") == n_codes,
                                       timeout=10)
                codes_json = json.loads(run([cli, "codes", project, "--json"]).stdout)
                removed = state is not None and not any(c["path"] == "Workforce outcomes/Moral injury"
                                                        for c in codes_json["codes"])
        tap.ok(removed, "Remove… asks first, then removes the code",
               f"last {app.state().get('cb_last')!r} codes {app.state().get('cb_codes')} "
               f"error {app.state().get('cb_error')!r}")

        # 18: Escape closes the editor.
        if codebook:
            app.focus(codebook)
            app.key("Escape")
        state = app.wait_state(lambda s: s.get("ex_codebook_open") == "0", timeout=5)
        tap.ok(state is not None, "Escape closes the codebook editor", app.state().get("ex_codebook_open"))

        # 19: a memo on the document.
        app.focus()
        app.key("alt+c")
        app.wait_state(lambda s: s.get("ex_tab") == "code", timeout=5)
        app.key("alt+m")
        state = app.wait_state(lambda s: s.get("ex_memo_open") == "1", timeout=5)
        memo = app.wait_dialog(timeout=5)
        if state and memo:
            app.focus(memo)
            app.type("Check how the sample was recruited.")
            app.key("ctrl+Return")
        state = app.wait_state(lambda s: as_int(s, "ex_memos") == 1 and s.get("ex_memo_open") == "0", timeout=10)
        tap.ok(state is not None, "Memo… writes a memo on the document (ex_memos=1)",
               f"memos {app.state().get('ex_memos')} open {app.state().get('ex_memo_open')} "
               f"error {app.state().get('ex_error')!r}")
        time.sleep(0.3)
        app.screenshot(os.path.join(args.output_dir, "screenshot-extraction-memo.png"))

        # 20: coded again, the selection cleared: the mark in the screenshot.
        app.focus()
        drag_select(app)
        app.wait_state(lambda s: s.get("ex_selection", "") != "", timeout=5)
        tab_to(app, "codes", 30, wait=0.5)
        app.key("Return")
        state = app.wait_state(lambda s: as_int(s, "ex_codings") == 1 and as_int(s, "pdf_segments") == 1
                               and as_int(s, "pdf_segments_drawn") > 0, timeout=10)
        app.xdotool("mousemove", "--window", app.window, "450", "520", check=False)
        app.xdotool("click", "1", check=False)
        app.wait_state(lambda s: s.get("ex_selection", "") == "", timeout=5)
        time.sleep(0.5)
        shot = app.screenshot(os.path.join(args.output_dir, "screenshot-extraction-segment.png"))
        tinted = reddish_pixels(shot, 352, 240, 300, 16)
        tap.ok(state is not None and tinted > 50, "the coded span shows on the page in its code's colour",
               f"codings {app.state().get('ex_codings')} segments {app.state().get('pdf_segments')}; "
               f"{tinted} reddish pixels over the first line")

        # 21: the study without a PDF offers Paste Text…; the dialog saves a text.
        pasted = "Volunteers reported burnout after long shifts in the community."
        app.focus()
        state = tab_to(app, "studies", 60, wait=0.5)
        app.key("Up" if ids.index(ids[0]) < ids.index(ids[1]) else "Down")
        state = app.wait_state(lambda s: as_int(s, "ex_record_id") == ids[0] and s.get("ex_text") == "none"
                               and s.get("ex_paste_shown") == "1", timeout=10)
        offered = state is not None
        grey_study = state.get("ex_study") if state else ""
        # Tab in the list moves between its rows: the button's mnemonic.
        app.key("alt+p")
        paste_focus = app.state().get("ex_focus")
        state = app.wait_state(lambda s: s.get("ex_paste_open") == "1", timeout=5)
        dialog = app.wait_dialog(timeout=5)
        if state and dialog:
            app.focus(dialog)
            app.type(pasted)
            app.key("ctrl+Return")
        state = app.wait_state(lambda s: s.get("ex_paste_open") == "0" and s.get("ex_text") == "pasted", timeout=10)
        tap.ok(offered and state is not None,
               "the study without a PDF offers Paste Text…; the text pasted in its dialog is shown in the centre",
               f"offered {offered}; paste focus {paste_focus}; "
               f"{ {k: v for k, v in app.state().items() if k.startswith('ex_')} }")
        time.sleep(0.3)
        app.screenshot(os.path.join(args.output_dir, "screenshot-extraction-pasted.png"))

        # 22: a word selected by keyboard in the text.
        app.focus()
        state = app.wait_state(lambda s: s.get("ex_focus") == "text", timeout=5)
        focused = state is not None
        app.visited = [app.state().get("ex_focus")]
        app.key("ctrl+Home")
        app.key("shift+ctrl+Right")
        word = len(pasted.split(" ")[0])
        state = app.wait_state(lambda s: s.get("ex_selection") == f"0-{word}", timeout=5)
        tap.ok(focused and state is not None, "Ctrl+Home, Shift+Ctrl+Right selects the pasted text's first word",
               f"focus {focused} ({app.visited}); selection {app.state().get('ex_selection')!r}")

        # 23: coded with the first code; the themes table counts it; tagged.
        app.key("alt+c")
        app.wait_state(lambda s: s.get("ex_tab") == "code", timeout=5)
        focused = tab_to(app, "codes", 30, wait=0.5).get("ex_focus") == "codes"
        app.key("Return")
        state = app.wait_state(lambda s: as_int(s, "ex_codings") == 1 and as_int(s, "ex_text_marks") == 1,
                               timeout=10)
        rows = export_csv(cli, project, tmp, "themes")
        count = study_total(rows, grey_study)
        tap.ok(focused and state is not None and count == 1,
               f"Enter on a code codes the pasted text's selection: the themes table counts 1 in {grey_study}",
               f"focus {focused}; codings {app.state().get('ex_codings')} marks {app.state().get('ex_text_marks')} "
               f"error {app.state().get('ex_error')!r}; themes {count!r}")
        time.sleep(0.3)
        app.screenshot(os.path.join(args.output_dir, "screenshot-extraction-pasted-code.png"))

        # 24-26: quit cleanly; no warnings.
        app.focus()
        app.key("ctrl+q")
        code = app.wait_exit()
        tap.ok(code == 0, "Ctrl+Q quits", f"exit {code}")
        log = app.log_tail(200)
        bad_lines = [line for line in log.splitlines() if "CRITICAL" in line or "WARNING" in line
                     or "Gtk-" in line]
        tap.ok(not bad_lines, "no warnings in the log", "\n".join(bad_lines[:10]))
        tap.ok(True, "the test ran to the end")
    except Exception as error:  # noqa: BLE001
        tap.ok(False, f"the test ran to the end: {error}", app.log_tail() if app else None)
    finally:
        stop_all([app], display, tmp)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
