#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lead's extraction and coding tools in the real `winnow` under Xvfb:
the Template, Verification and Coding Agreement dialogs of the main menu's
"Extraction and Coding" section, each opened by its key.

What it checks, as TAP:
  - project V (winnow-cli): 10 synthetic records, alice and bob reviewers,
    all included by both at title/abstract and full text; the CLI's
    verification draw (alice extracts, bob verifies, seed 3) and different
    methodology values from each on the drawn study (a discrepancy); a text
    pasted for every study and the first code applied to its start by both;
  - F10: the main menu with its new section (screenshot-review-menu.png);
  - Ctrl+Shift+T: the template dialog shows version 1 and its fields;
    Add Field… (Alt+A) "funding", a single choice with three choices, the
    note, Save (Alt+S): version 2, and `winnow-cli template --json` has it;
    screenshot-template.png (and the field editor's,
    screenshot-template-field.png); a second "funding" is refused with the core's
    message and nothing is saved;
  - Ctrl+Shift+V: the verification dialog knows the draw (alice, bob, the
    drawn study), lists field agreement and the discrepancy; Draw (Alt+D)
    keeps the sample; "Use Second" resolves it, as `extraction-agreement
    --json` shows; screenshot-verification.png;
  - Ctrl+Shift+K: the coding agreement dialog; Draw Double-Coded Sample
    (Alt+D) draws one document; Refresh (Alt+R) lists a per-code row, as
    many as `coding-agreement --json`; screenshot-coding-agreement.png;
  - Ctrl+Q quits cleanly, with no warning in the log.
Screenshots go to the build directory (tests/ui/).

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import,
and while winnow-cli has no verification command.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, app_env, as_int, command_line, compiled_schemas, run,  # noqa: E402
                      stop_all)

N_TESTS = 14

TEXT = ("Peer support workers described burnout and the supervision that helped them. "
        "Caseloads were high and role boundaries unclear.\n")


def cli_has(cli, command):
    result = subprocess.run([cli, "--help"], capture_output=True, text=True, timeout=60)
    return f"  {command} " in (result.stdout + result.stderr)


def make_project(cli, path, tmp):
    ris = os.path.join(tmp, "v.ris")
    run([cli, "new", path])
    run([cli, "synth", "--format", "ris", "--records", "10", "--seed", "71", "-o", ris])
    run([cli, "import", path, ris, "--database", "PsycINFO", "--platform", "EBSCOhost"])
    for person in ("alice", "bob"):
        run([cli, "reviewer", "add", path, person, "--role", "reviewer"])
    records = [json.loads(line) for line in run([cli, "records", path, "--json"]).stdout.splitlines() if line]
    ids = [r["id"] for r in records if r.get("duplicate_of") is None]
    for record in ids:
        for stage in ("ta", "ft"):
            for person in ("alice", "bob"):
                run([cli, "decide", path, str(record), "include", "-r", person, "-s", stage])
    # The verification draw, and a discrepancy on the drawn study.
    drawn = run([cli, "verification", path, "--extractor", "alice", "--verifier", "bob",
                 "--seed", "3"]).stdout.split()[0]
    run([cli, "extract", path, drawn, "--field", "methodology", "--value", "qualitative",
         "--extractor", "alice"])
    run([cli, "extract", path, drawn, "--field", "methodology", "--value", "quantitative",
         "--extractor", "bob"])
    # A pasted text for every study, its start coded by both.
    text = os.path.join(tmp, "text.txt")
    with open(text, "w", encoding="utf-8") as f:
        f.write(TEXT)
    code = run([cli, "codes", path]).stdout.splitlines()[0].split("\t")[0]
    for record in ids:
        run([cli, "paste-text", path, str(record), text])
        for person, end in (("alice", "40"), ("bob", "50")):
            run([cli, "code", path, str(record), "--coder", person, "--code", code,
                 "--start", "0", "--end", end])
    return drawn


def tab_to(app, key, where, limit=40):
    """Tab until the dialog's focus key names where; the state at the end."""
    state = app.state()
    visited = [state.get(key)]
    for _ in range(limit):
        if state.get(key) == where:
            break
        before = state.get(key)
        app.key("Tab")
        state = app.wait_state(lambda s, b=before: s.get(key) != b, timeout=1.0) or app.state()
        visited.append(state.get(key))
    app.visited = visited
    return state


def prefixed(state, prefix):
    return state and {k: v for k, v in state.items() if k.startswith(prefix)}


def open_dialog(app, keys, open_key):
    app.focus()
    app.key(keys)
    state = app.wait_state(lambda s: s.get(open_key) == "1")
    dialog = app.wait_dialog() if state else None
    if dialog:
        app.focus(dialog)
    return state, dialog


def close_dialog(app, dialog, open_key):
    app.focus(dialog)
    app.key("Escape")
    return app.wait_state(lambda s: s.get(open_key) == "0", timeout=10)


def main():
    args, cli = command_line()
    if args is None:
        return 0
    if not cli_has(cli, "verification") or not cli_has(cli, "coding-agreement"):
        print("1..0 # SKIP winnow-cli has no verification command yet")
        return 0

    tmp = tempfile.mkdtemp(prefix="winnow-ui-verification-")
    tap = Tap(N_TESTS)
    display = None
    app = None
    try:
        project = os.path.join(tmp, "verification.winnow")
        drawn = make_project(cli, project, tmp)
        template = json.loads(run([cli, "template", project, "--json"]).stdout)

        display = Display()
        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        env = app_env(display, schemas, tmp)
        app = App([project], args.winnow, env, os.path.join(tmp, "state"),
                  os.path.join(args.output_dir, "verification.log"))
        if not app.find_window():
            raise RuntimeError("no window\n" + app.log_tail())
        app.xdotool("windowsize", "--sync", app.window, "1280", "800", check=False)
        app.xdotool("windowmove", "--sync", app.window, "0", "0", check=False)
        app.focus()
        app.wait_state(lambda s: s.get("page") == "records" and as_int(s, "total") > 0)

        # The main menu (F10) with its "Extraction and Coding" section.
        app.key("F10")
        time.sleep(0.8)
        app.screenshot(os.path.join(args.output_dir, "screenshot-review-menu.png"))
        app.key("Escape")
        time.sleep(0.3)

        # 1: the template dialog, version 1 and its fields.
        state, dialog = open_dialog(app, "ctrl+shift+t", "tpl_open")
        state = app.wait_state(lambda s: s.get("tpl_loaded") == "1")
        tap.ok(state is not None and dialog is not None and as_int(state, "tpl_version") == 1
               and as_int(state, "tpl_fields") == len(template["fields"]),
               "Ctrl+Shift+T opens the template dialog: version 1 and its fields", prefixed(state, "tpl_"))

        # 2: Add Field…: funding, a single choice with three choices.
        app.key("alt+a")
        state = app.wait_state(lambda s: s.get("tpl_editor") == "1", timeout=10)
        editor = app.wait_dialog(other_than=(dialog,)) if state else None
        if editor:
            app.focus(editor)
        app.type("funding")
        app.key("Tab")
        app.type("Funding source")
        app.key("alt+t")
        app.wait_state(lambda s: s.get("tpl_focus") == "ed-type", timeout=5)
        app.key("space")
        time.sleep(0.5)
        for _ in range(6):
            app.key("Down")
        app.key("Return")
        state = app.wait_state(lambda s: s.get("tpl_editor_type") == "single_choice", timeout=5)
        typed = state is not None
        if not typed:
            tap.diag(f"type chosen: {app.state().get('tpl_editor_type')}, focus {app.state().get('tpl_focus')}")
            app.key("Escape")
        app.key("alt+o")
        app.wait_state(lambda s: s.get("tpl_focus") == "ed-choices", timeout=5)
        for i, choice in enumerate(("public", "private", "none")):
            if i > 0:
                app.key("Return")
            app.type(choice)
        time.sleep(0.3)
        app.screenshot(os.path.join(args.output_dir, "screenshot-template-field.png"))
        app.key("alt+a")
        state = app.wait_state(lambda s: s.get("tpl_editor") == "0"
                               and as_int(s, "tpl_fields") == len(template["fields"]) + 1, timeout=10)
        tap.ok(typed and state is not None and state.get("tpl_names", "").endswith(",funding"),
               "Add Field… adds “funding”, a single choice with its choices, to the working copy",
               prefixed(app.state(), "tpl_"))

        # 3: the note, then Save as Version 2.
        app.focus(dialog)
        app.key("alt+n")
        app.wait_state(lambda s: s.get("tpl_focus") == "note", timeout=5)
        app.type("Funding added")
        app.key("alt+s")
        state = app.wait_state(lambda s: as_int(s, "tpl_version") == 2 and s.get("tpl_busy") == "0", timeout=15)
        saved = json.loads(run([cli, "template", project, "--json"]).stdout)
        funding = next((f for f in saved["fields"] if f["name"] == "funding"), None)
        tap.ok(state is not None and saved["version"] == 2 and funding is not None
               and funding["type"] == "single_choice" and funding["choices"] == ["public", "private", "none"]
               and saved.get("note") == "Funding added" and as_int(state, "tpl_flagged") >= 0,
               "Save makes version 2 with the field, as `winnow-cli template --json` shows; "
               "the studies flagged for a second pass are counted",
               f"{prefixed(app.state(), 'tpl_')}\nversion {saved['version']} funding {funding} "
               f"note {saved.get('note')!r}")
        time.sleep(0.4)
        app.screenshot(os.path.join(args.output_dir, "screenshot-template.png"))

        # 4: a second "funding" (a duplicate name): the core's refusal shown,
        # nothing saved.
        app.key("alt+a")
        state = app.wait_state(lambda s: s.get("tpl_editor") == "1", timeout=10)
        editor = app.wait_dialog(other_than=(dialog,)) if state else None
        if editor:
            app.focus(editor)
        app.type("funding")
        app.key("alt+a")
        app.wait_state(lambda s: s.get("tpl_editor") == "0", timeout=10)
        app.focus(dialog)
        app.key("alt+s")
        state = app.wait_state(lambda s: s.get("tpl_error", "") != "" and s.get("tpl_busy") == "0", timeout=15)
        again = json.loads(run([cli, "template", project, "--json"]).stdout)
        tap.ok(state is not None and as_int(state, "tpl_version") == 2 and again["version"] == 2,
               "a duplicate field name is refused with the core's message; nothing is saved",
               f"{prefixed(app.state(), 'tpl_')}; CLI version {again['version']}")
        tap.ok(close_dialog(app, dialog, "tpl_open") is not None, "Escape closes the template dialog")

        # 5: the verification dialog knows the draw and lists the discrepancy.
        state, dialog = open_dialog(app, "ctrl+shift+v", "ver_open")
        state = app.wait_state(lambda s: s.get("ver_loaded") == "1" and s.get("ver_busy") == "0")
        tap.ok(state is not None and state.get("ver_extractor") == "alice" and state.get("ver_verifier") == "bob"
               and state.get("ver_sample_ids") == drawn and as_int(state, "ver_fields") == len(saved["fields"])
               and as_int(state, "ver_discrepancies") == 1 and as_int(state, "ver_resolved") == 0,
               f"Ctrl+Shift+V: the draw (alice, bob, {drawn}), field agreement and the discrepancy",
               prefixed(state, "ver_"))

        # 6: Draw again with the defaults (10 %, seed 1): the sample stays.
        app.key("alt+d")
        time.sleep(0.3)
        state = app.wait_state(lambda s: s.get("ver_busy") == "0" and s.get("ver_loaded") == "1", timeout=15)
        tap.ok(state is not None and state.get("ver_sample_ids") == drawn and not state.get("ver_error"),
               "Draw tops the sample up: one study of ten is already 10 %", prefixed(state, "ver_"))

        # 7: Use Second resolves the discrepancy.
        state = tab_to(app, "ver_focus", "use-second")
        focused = state.get("ver_focus") == "use-second"
        app.key("space")
        state = app.wait_state(lambda s: as_int(s, "ver_resolved") == 1 and s.get("ver_busy") == "0", timeout=15)
        agreement = json.loads(run([cli, "extraction-agreement", project, "--json"]).stdout)
        resolved = [d.get("resolved") for d in agreement.get("discrepancies", [])]
        tap.ok(focused and state is not None and resolved == ["quantitative"],
               "“Use Second” resolves the discrepancy, as `extraction-agreement --json` shows",
               f"focus {focused} ({app.visited}); {prefixed(app.state(), 'ver_')}; resolved {resolved}")
        time.sleep(0.4)
        app.screenshot(os.path.join(args.output_dir, "screenshot-verification.png"))
        tap.ok(close_dialog(app, dialog, "ver_open") is not None, "Escape closes the verification dialog")

        # 9: the coding agreement dialog: draw, then the per-code table.
        state, dialog = open_dialog(app, "ctrl+shift+k", "ca_open")
        state = app.wait_state(lambda s: s.get("ca_loaded") == "1" and s.get("ca_busy") == "0")
        app.key("alt+d")
        state = app.wait_state(lambda s: as_int(s, "ca_double") == 1 and s.get("ca_busy") == "0", timeout=15)
        app.key("alt+r")
        time.sleep(0.3)
        state = app.wait_state(lambda s: s.get("ca_busy") == "0" and as_int(s, "ca_codes") > 0, timeout=15)
        codes = json.loads(run([cli, "coding-agreement", project, "--json"]).stdout).get("codes", [])
        tap.ok(state is not None and as_int(state, "ca_double") == 1 and as_int(state, "ca_codes") == len(codes)
               and len(codes) >= 1 and state.get("ca_coder_a") == "alice" and state.get("ca_coder_b") == "bob",
               "Ctrl+Shift+K: Draw Double-Coded Sample draws one document; Refresh lists the per-code rows",
               f"{prefixed(app.state(), 'ca_')}; CLI {codes}")
        time.sleep(0.4)
        app.screenshot(os.path.join(args.output_dir, "screenshot-coding-agreement.png"))
        tap.ok(close_dialog(app, dialog, "ca_open") is not None, "Escape closes the coding agreement dialog")

        # Export Extraction Tables… (Ctrl+Shift+X): an XLSX with a sheet per
        # table, its extraction sheet holding the resolved value.
        app.focus()
        out = os.path.join(tmp, "tables.xlsx")
        app.key("ctrl+shift+x")
        chooser = app.wait_dialog(timeout=10)
        exported = None
        if chooser:
            app.focus(chooser)
            app.key("ctrl+a")
            app.type(out)
            time.sleep(0.3)
            app.key("Return")
            exported = app.wait_state(lambda s: s.get("extraction_exported") == out
                                      and s.get("extraction_exporting") == "0", timeout=15)
        sheets = []
        shared = ""
        if exported and shutil.which("unzip"):
            listing = run(["unzip", "-l", out]).stdout
            sheets = [line.split()[-1] for line in listing.splitlines() if "xl/worksheets/sheet" in line]
            shared = run(["unzip", "-p", out, "xl/sharedStrings.xml"]).stdout
        tap.ok(exported is not None and len(sheets) == 6 and "quantitative" in shared and "S004" in shared,
               "Ctrl+Shift+X exports every table to one XLSX, a sheet each, with the resolved value",
               f"{exported and exported.get('extraction_exported')}; sheets {sheets}")
        app.focus()

        # quit cleanly; no warnings.
        app.focus()
        app.key("ctrl+q")
        code = app.wait_exit()
        log = app.log_tail(200)
        bad_lines = [line for line in log.splitlines() if "CRITICAL" in line or "WARNING" in line
                     or "Gtk-" in line]
        tap.ok(code == 0, "Ctrl+Q quits", f"exit {code}")
        tap.ok(not bad_lines, "no warnings in the log", "\n".join(bad_lines[:10]))
    except Exception as error:  # noqa: BLE001
        tap.ok(False, f"the test ran to the end: {error}", app.log_tail() if app else None)
    finally:
        stop_all([app], display, tmp)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
