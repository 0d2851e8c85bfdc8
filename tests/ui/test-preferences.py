#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Preferences, in the real `winnow` under Xvfb, by keyboard only.

Settings are kept in a key file (GSETTINGS_BACKEND=keyfile under the
test's own XDG_CONFIG_HOME), so a second run sees what the first chose.

What it checks, as TAP:
  - project P (winnow-cli: 20 synthetic records, alice a reviewer, lena the
    lead); run 1 opens it; Ctrl+comma opens Preferences with the keyboard
    in the name field;
  - a name holding a control character (typed with Ctrl+Shift+U) is
    refused with a message under the field and nothing is kept;
  - "  alice  " then Tab: "alice" is kept (spaces trimmed) and the window
    screens as alice at once;
  - Tab, Space, Down, Enter: the queue order becomes Import order, and the
    Screening page follows at once; Tab, Space: new projects start open;
    Tab, Space: autosave on; Tab, Space, the folder typed in the chooser;
    Escape closes Preferences;
  - Ctrl+4 screens as alice in import order; I includes a record; within
    a few seconds the decision file appears in the folder under the name
    Export My Decisions suggests, with the format line and one event, and
    `winnow-cli merge` takes it into a copy of P made before;
  - run 2, no project: Ctrl+N creates a project through the chooser, and
    `winnow-cli info --json` says it is not blind (a project made by the
    CLI is);
  - run 3 opens P: the settings were kept, the Screening page starts in
    import order as alice; O on the page changes the order Preferences
    keeps (and back); with the folder replaced by a file, I: the
    failure shows in a banner and screening goes on; the folder back, M:
    the file is saved again (three events) and the banner goes; I then
    Ctrl+Q at once: the file written at close holds all four events;
  - run 4: the name cleared, Escape: the window is the login name's again.
Screenshots go to the build directory: tests/ui/screenshot-preferences.png,
screenshot-preferences-error.png and screenshot-preferences-banner.png.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, WAIT, app_env, as_int, command_line, compiled_schemas, run,  # noqa: E402
                      report_error, stop_all)

N_TESTS = 25
DECISIONS_NAME = "P – alice.decisions"


def make_project(cli, path, tmp):
    ris = os.path.join(tmp, "p.ris")
    run([cli, "new", path])
    run([cli, "synth", "--format", "ris", "--records", "20", "--seed", "5", "-o", ris])
    run([cli, "import", path, ris, "--database", "PsycINFO", "--platform", "EBSCOhost"])
    run([cli, "reviewer", "add", path, "alice", "--role", "reviewer"])
    run([cli, "reviewer", "add", path, "lena", "--role", "lead"])


def info(cli, path):
    return json.loads(run([cli, "info", path, "--json"]).stdout)


def decision_file(path):
    """The format line and the events (the JSON lines after the header)."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines if not line.startswith("#")][1:]
    return lines[0] if lines else "", events


def main():
    args, cli = command_line()
    if args is None:
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-preferences-")
    display = None
    app = None

    def shot(name):
        path = os.path.join(args.output_dir, name)
        time.sleep(0.5)
        app.screenshot(path)
        tap.diag(f"screenshot: {path}")
        return path

    def start(project_args, log_name, page):
        nonlocal app
        app = App(project_args, args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, log_name))
        state = app.wait_state(lambda s: s.get("page") == page) if app.find_window() else None
        if state is None:
            raise RuntimeError(f"the window did not show {page}: {app.state()}\n{app.log_tail()}")
        app.focus()
        return state

    def quit_app(name):
        app.key("ctrl+q")
        status = app.wait_exit(timeout=20)
        why = f"{name}: exit status {status}\n{app.log_tail()}"
        app.stop()
        return status == 0, why

    def pref(predicate, timeout=WAIT):
        return app.wait_state(predicate, timeout=timeout)

    try:
        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)
        env["GSETTINGS_BACKEND"] = "keyfile"

        p = os.path.join(tmp, "P.winnow")
        make_project(cli, p, tmp)
        before = os.path.join(tmp, "P-before.winnow")
        shutil.copy(p, before)
        folder = os.path.join(tmp, "exchange")
        os.makedirs(folder)

        # ---- Run 1: Preferences by keyboard ------------------------------
        start([p], "preferences-run1.log", "records")
        first = app.wait_state(lambda s: s.get("identity", "") != "")
        login = (first or {}).get("identity", "")
        app.key("ctrl+comma")
        dialog = app.wait_dialog()
        state = pref(lambda s: s.get("pref_open") == "1") if dialog else None
        if dialog:
            app.focus(dialog)
            state = pref(lambda s: s.get("pref_focus") == "identity", timeout=5) or app.state()
        tap.ok(bool(dialog) and state is not None and state.get("pref_focus") == "identity"
               and state.get("pref_identity") == "" and state.get("pref_order") == "random"
               and state.get("pref_blind") == "1" and state.get("pref_autosave") == "0",
               "Ctrl+comma opens Preferences with the defaults, the keyboard in the name field",
               state and {k: v for k, v in state.items() if k.startswith("pref_")})

        # A control character (U+0007, typed as Ctrl+Shift+U 7 Space) is refused.
        app.key("ctrl+a")
        app.type("bad")
        app.key("ctrl+shift+u", "7", "space")
        refused = pref(lambda s: s.get("pref_identity_error", "") != "", timeout=5)
        if refused:
            shot("screenshot-preferences-error.png")
            app.key("Return")
        after = app.state()
        tap.ok(refused is not None and "control characters" in refused.get("pref_identity_error", "")
               and after.get("pref_identity") == "" and after.get("identity") == login,
               "a name with a control character is refused under the field; nothing is kept",
               f"error {refused and refused.get('pref_identity_error')!r}, kept {after.get('pref_identity')!r}, "
               f"window identity {after.get('identity')!r}")

        app.key("ctrl+a")
        app.type("  alice  ")
        app.key("Tab")
        state = pref(lambda s: s.get("pref_identity") == "alice" and s.get("identity") == "alice"
                     and s.get("pref_focus") == "order")
        tap.ok(state is not None and state.get("pref_identity_error") == "",
               "the name is kept trimmed when the field is left, and the window screens as alice",
               app.state().get("pref_identity") + " / " + app.state().get("identity", ""))

        app.key("space")
        time.sleep(0.5)
        app.key("Down")
        app.key("Return")
        state = pref(lambda s: s.get("pref_order") == "import" and s.get("scr_order") == "id", timeout=10)
        tap.ok(state is not None and state.get("pref_open") == "1",
               "Space, Down, Enter choose Import order; the Screening page follows at once",
               f"{app.state().get('pref_order')} / {app.state().get('scr_order')}")

        app.key("Tab")
        pref(lambda s: s.get("pref_focus") == "blind", timeout=5)
        app.key("space")
        state = pref(lambda s: s.get("pref_blind") == "0", timeout=5)
        tap.ok(state is not None, "Tab, Space: new projects start open (not blind)", app.state().get("pref_focus"))

        app.key("Tab")
        pref(lambda s: s.get("pref_focus") == "autosave", timeout=5)
        app.key("space")
        app.key("Tab")
        state = pref(lambda s: s.get("pref_autosave") == "1" and s.get("pref_focus") == "folder", timeout=5)
        chooser = None
        if state:
            app.key("space")
            chooser = app.wait_dialog(other_than=(dialog,))
        if chooser:
            app.focus(chooser)
            app.key("ctrl+l")
            app.type(folder + "/")
            time.sleep(0.3)
            app.key("Return")
            if not pref(lambda s: s.get("pref_folder") == folder, timeout=3) and chooser in app.visible_windows():
                app.key("Return")
        state = pref(lambda s: s.get("pref_folder") == folder)
        tap.ok(state is not None and state.get("pref_autosave") == "1",
               "Tab, Space: autosave on; the folder chosen in the chooser",
               f"chooser {chooser}, {app.state().get('pref_autosave')} {app.state().get('pref_folder')!r}")

        if dialog:
            app.focus(dialog)
        shot("screenshot-preferences.png")
        app.key("Escape")
        state = pref(lambda s: s.get("pref_open") == "0", timeout=5)
        tap.ok(state is not None and dialog not in app.visible_windows(), "Escape closes Preferences",
               app.visible_windows())

        # Screening as alice, import order; one decision, saved by itself.
        app.focus()
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_page") == "screen"
                               and s.get("scr_loaded") == "1" and s.get("scr_busy") == "0"
                               and as_int(s, "scr_record_id") > 0)
        tap.ok(state is not None and state.get("scr_identity") == "alice" and state.get("scr_order") == "id"
               and state.get("scr_role") == "reviewer",
               "Ctrl+4 screens as alice, in import order",
               state and {k: state.get(k) for k in ("scr_identity", "scr_order", "scr_role", "scr_page")})
        app.key("i")
        state = app.wait_state(lambda s: as_int(s, "autosave_written") >= 1 and s.get("autosave_pending") == "0",
                               timeout=20)
        expected = os.path.join(folder, DECISIONS_NAME)
        tap.ok(state is not None and state.get("autosave_path") == expected and os.path.exists(expected)
               and state.get("autosave_error") == "" and state.get("autosave_banner") == "",
               "the decision file is saved by itself, named as Export My Decisions names it",
               f"{app.state().get('autosave_path')!r} {os.listdir(folder)} error {app.state().get('autosave_error')!r}")
        head, events = decision_file(expected) if os.path.exists(expected) else ("", [])
        tap.ok(head.startswith("# winnow-decisions 1") and len(events) == 1
               and events[0].get("reviewer", "alice") == "alice",
               "it holds the format line and the one event", f"{head!r} {events}")
        merged = subprocess.run([cli, "merge", before, expected], capture_output=True, text=True, timeout=60)
        info_before = info(cli, before)
        tap.ok(merged.returncode == 0 and info_before["decisions"]["ta"] == 1,
               "winnow-cli merge takes it into a copy of P", merged.stderr + json.dumps(info_before["decisions"]))

        ok, why = quit_app("run 1")
        tap.ok(ok, "run 1: Ctrl+Q quits cleanly", None if ok else why)

        # ---- Run 2: a new project follows "New projects start blind" ------
        start([], "preferences-run2.log", "start")
        new = os.path.join(tmp, "Fresh.winnow")
        app.key("ctrl+n")
        chooser = app.wait_dialog()
        if chooser:
            app.focus(chooser)
            app.key("ctrl+a")
            app.type(new)
            time.sleep(0.3)
            app.key("Return")
        state = app.wait_state(lambda s: s.get("project") == new and s.get("page") == "no-records")
        tap.ok(state is not None and os.path.exists(new), "Ctrl+N creates a project through the chooser",
               app.state().get("project"))
        made = info(cli, new) if os.path.exists(new) else {}
        tap.ok(made.get("blind") is False and info(cli, p).get("blind") is True,
               "the new project is not blind, as chosen (one made by the CLI is)", made)
        ok, why = quit_app("run 2")
        tap.ok(ok, "run 2: Ctrl+Q quits cleanly", None if ok else why)

        # ---- Run 3: kept; the file written when the window closes ---------
        start([p], "preferences-run3.log", "records")
        state = app.wait_state(lambda s: s.get("identity") == "alice")
        tap.ok(state is not None and state.get("pref_order") == "import" and state.get("pref_blind") == "0"
               and state.get("pref_autosave") == "1" and state.get("pref_folder") == folder,
               "run 3: the settings were kept, the window is alice's",
               state and {k: v for k, v in state.items() if k.startswith("pref_")})
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_page") == "screen"
                               and s.get("scr_loaded") == "1" and s.get("scr_busy") == "0"
                               and as_int(s, "scr_record_id") > 0)
        tap.ok(state is not None and state.get("scr_order") == "id" and state.get("scr_identity") == "alice",
               "the Screening page starts in import order", state and state.get("scr_order"))

        # The page's order is the same setting: O there changes it here.
        app.key("o")
        state = app.wait_state(lambda s: s.get("pref_order") == "relevance" and s.get("scr_order") == "relevance",
                               timeout=10)
        app.key("o")
        app.key("o")
        back = app.wait_state(lambda s: s.get("pref_order") == "import" and s.get("scr_order") == "id"
                              and s.get("scr_loaded") == "1" and s.get("scr_busy") == "0", timeout=10)
        tap.ok(state is not None and back is not None,
               "O on the Screening page changes the order kept in Preferences too",
               f"{app.state().get('pref_order')} / {app.state().get('scr_order')}")

        # The folder turned into a file: the failure shows once, in the
        # banner, and screening goes on.
        os.rename(folder, folder + ".away")
        with open(folder, "w", encoding="utf-8") as f:
            f.write("not a folder\n")
        written = as_int(app.state(), "scr_writes", 0)
        app.key("i")
        state = app.wait_state(lambda s: s.get("autosave_banner", "") != "" and s.get("autosave_pending") == "0",
                               timeout=20)
        if state:
            shot("screenshot-preferences-banner.png")
        moved_on = app.wait_state(lambda s: as_int(s, "scr_writes", 0) > written and s.get("scr_busy") == "0"
                                  and s.get("scr_page") == "screen", timeout=5)
        tap.ok(state is not None and "could not be saved" in state.get("autosave_banner", "")
               and state.get("autosave_error", "") != "" and moved_on is not None,
               "a save that fails shows in a banner once, and screening goes on",
               f"{app.state().get('autosave_banner')!r} {app.state().get('autosave_error')!r}")

        # The folder back: the next save works and the banner goes.
        os.unlink(folder)
        os.rename(folder + ".away", folder)
        count = as_int(app.state(), "autosave_written", 0)
        app.key("m")
        state = app.wait_state(lambda s: as_int(s, "autosave_written", 0) > count and s.get("autosave_pending") == "0",
                               timeout=20)
        head, events = decision_file(expected) if os.path.exists(expected) else ("", [])
        tap.ok(state is not None and state.get("autosave_banner") == "" and state.get("autosave_error") == ""
               and len(events) == 3,
               "the next save works again, the banner goes, the file holds the three events",
               f"{app.state().get('autosave_banner')!r}, {len(events)} events")

        written = as_int(app.state(), "scr_writes", 0)
        app.key("i")
        app.wait_state(lambda s: as_int(s, "scr_writes", 0) > written and s.get("scr_busy") == "0", timeout=10)
        ok, why = quit_app("run 3")
        head, events = decision_file(expected) if os.path.exists(expected) else ("", [])
        tap.ok(len(events) == 4, "I then Ctrl+Q at once: the file written at close holds all four events",
               f"{len(events)} events")
        tap.ok(ok, "run 3: Ctrl+Q quits cleanly", None if ok else why)

        # ---- Run 4: the name cleared, the login name again ---------------
        start([p], "preferences-run4.log", "records")
        app.wait_state(lambda s: s.get("identity") == "alice")
        app.key("ctrl+comma")
        dialog = app.wait_dialog()
        if dialog:
            app.focus(dialog)
            pref(lambda s: s.get("pref_focus") == "identity", timeout=5)
            app.key("ctrl+a")
            app.key("BackSpace")
            app.key("Escape")
        state = app.wait_state(lambda s: s.get("pref_open") == "0" and s.get("pref_identity") == ""
                               and s.get("identity") == login)
        tap.ok(state is not None and login != "alice",
               "run 4: the name cleared and Escape: the window screens under the login name again",
               f"{app.state().get('pref_identity')!r} / {app.state().get('identity')!r} (login {login!r})")
        ok, why = quit_app("run 4")
        tap.ok(ok, "run 4: Ctrl+Q quits cleanly", None if ok else why)

        # Preferences is listed in the shortcuts window and the menu.
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ui")
        with open(os.path.join(source, "gtk", "help-overlay.ui"), encoding="utf-8") as f:
            overlay = f.read()
        with open(os.path.join(source, "wn-window.ui"), encoding="utf-8") as f:
            menu = f.read()
        tap.ok("app.preferences" in overlay and "app.preferences" in menu,
               "Preferences is in the primary menu and the shortcuts window")
    except Exception as error:  # noqa: BLE001 - reported as a failed test
        report_error(tap, f"error: {error!r}", [app])
    finally:
        stop_all([app], display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
