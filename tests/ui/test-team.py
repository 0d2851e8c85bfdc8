#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The review team, made in the real `winnow` under Xvfb, by keyboard only.

What it checks, as TAP:
  - project T (winnow-cli: 20 synthetic records, no reviewers): the
    Screening page asks who is screening and points to Review Team…;
  - F10, R opens Review Team with the keyboard in the name field; "Lena",
    Tab, Space, Down, Down, Enter (Lead), Tab, Enter adds the lead; "alice"
    Enter and "bob" Enter add two reviewers (the role goes back to
    Reviewer after each); the project file holds the three with their
    roles, and one audit row each;
  - a name with a control character is refused, nothing added;
  - Escape closes the dialog; the Screening page now offers the three;
  - opened again, "bob" is refused (the name is taken), no one added;
  - Ctrl+Q quits cleanly, nothing in the log.
Screenshots: tests/ui/screenshot-team.png, screenshot-team-taken.png.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import.
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, app_env, command_line, compiled_schemas, run,  # noqa: E402
                      stop_all)

N_TESTS = 8


def team(project):
    """(name, role) of every reviewer, read from the file as it is now."""
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return [tuple(row) for row in con.execute("SELECT name, role FROM reviewers ORDER BY id")]
    finally:
        con.close()


def audit_adds(project):
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM audit WHERE action = 'reviewer.add'").fetchone()[0]
    finally:
        con.close()


def main():
    args, cli = command_line()
    if args is None:
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-team-")
    display = None
    app = None

    def shot(name):
        time.sleep(0.5)
        path = app.screenshot(os.path.join(args.output_dir, name))
        tap.diag(f"screenshot: {path}")

    def open_team():
        app.key("F10")
        time.sleep(0.5)
        app.key("r")
        dialog = app.wait_dialog()
        if dialog:
            app.focus(dialog)
            time.sleep(0.5)
        return dialog

    def wait_team(predicate, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = team(project)
            if predicate(now):
                return now
            time.sleep(0.2)
        return team(project)

    try:
        project = os.path.join(tmp, "T.winnow")
        ris = os.path.join(tmp, "t.ris")
        run([cli, "new", project])
        run([cli, "synth", "--records", "20", "--seed", "4", "-o", ris])
        run([cli, "import", project, ris, "--database", "PsycINFO"])

        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        env = app_env(display, schemas, tmp)
        app = App([project], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-team.log"))
        if not app.find_window() or app.wait_state(lambda s: s.get("page") == "records") is None:
            raise RuntimeError(f"the project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()

        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_page") == "identity"
                               and s.get("scr_loaded") == "1")
        tap.ok(state is not None and state.get("scr_reviewers", "") == "" and "Review Team…" in state.get("scr_text", ""),
               "with no reviewers, the Screening page points to Review Team…",
               f"{(state or app.state()).get('scr_text')}")

        dialog = open_team()
        app.type("Lena")
        app.key("Tab", "space")
        time.sleep(0.5)
        app.key("Down", "Down", "Return")
        time.sleep(0.3)
        app.key("Tab", "Return")
        now = wait_team(lambda t: len(t) >= 1)
        app.type("alice")
        app.key("Return")
        now = wait_team(lambda t: len(t) >= 2)
        app.type("bob")
        app.key("Return")
        now = wait_team(lambda t: len(t) >= 3)
        shot("screenshot-team.png")
        tap.ok(bool(dialog) and now == [("Lena", "lead"), ("alice", "reviewer"), ("bob", "reviewer")],
               "F10, R: the lead and two reviewers added by keyboard", f"team: {now}")
        tap.ok(audit_adds(project) == 3, "one audit row for each person added", f"{audit_adds(project)} rows")

        # A control character (U+0007, typed as Ctrl+Shift+U 7 Space).
        app.type("eve")
        app.key("ctrl+shift+u", "7", "space")
        app.key("Return")
        time.sleep(1.5)
        tap.ok(len(team(project)) == 3, "a name with a control character is refused", f"team: {team(project)}")
        app.key("ctrl+a", "BackSpace")

        app.key("Escape")
        state = app.wait_state(lambda s: s.get("scr_reviewers") == "Lena,alice,bob" and s.get("scr_loaded") == "1")
        tap.ok(state is not None, "Escape closes it and the Screening page offers the three",
               f"scr_reviewers={(state or app.state()).get('scr_reviewers')!r}")

        app.focus()
        dialog = open_team()
        app.type("bob")
        app.key("Return")
        time.sleep(1.5)
        shot("screenshot-team-taken.png")
        tap.ok(bool(dialog) and len(team(project)) == 3,
               "a name already in the team is refused", f"team: {team(project)}")
        app.key("Escape")
        time.sleep(0.5)
        app.focus()

        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "Ctrl+Q quits cleanly", f"exit status {status}\n{app.log_tail()}")
        with open(os.path.join(args.output_dir, "winnow-team.log"), encoding="utf-8") as f:
            log = f.read()
        tap.ok("WARNING" not in log and "CRITICAL" not in log, "nothing in the log", log[-2000:])
    except Exception as e:  # noqa: BLE001 — reported as a failed test
        tap.ok(False, "the test ran to the end", f"{type(e).__name__}: {e}\n{app.log_tail() if app else ''}")
    finally:
        stop_all([app], display, tmp)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
