#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real `winnow` binary under Xvfb, driven with xdotool.

What it checks, as TAP:
  - a project made with winnow-cli (3000 synthetic records) opens from the
    command line: the window appears, its title contains "Winnow", all 3000
    records are loaded;
  - Ctrl+F, typing a word and Enter filter the table through the FTS5 index
    to some but not all records;
  - the keyboard moves from the search to the table and selects a record, and
    the detail pane (loaded in a thread) shows the selected record;
  - Escape clears the search;
  - a second Winnow opening the same project gets it read-only and says
    it is open in another (the first holds it for editing);
  - Ctrl+Q quits cleanly;
  - a file that is not a project is refused with a dialog and left untouched;
  - started without a project, the window shows the start page.
Screenshots go to the build directory (tests/ui/screenshot-*.png).

The window tells the test what it shows through the WINNOW_TEST_STATE file
(key=value lines, see ui/wn-window.c). Every wait is bounded; Xvfb and the
app are always stopped at the end. Without Xvfb or xdotool the test skips.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, WAIT, app_env, as_int, command_line, compiled_schemas,  # noqa: E402
                      report_error, run, stop_all, wait_for)

SEARCH_WORD = "burnout"
N_RECORDS = 3000


def count_expected_matches(cli, project, word):
    """Records whose title, abstract, authors or keywords have a word starting
    with `word`: what an FTS5 prefix query should return (diagnostic only)."""
    out = run([cli, "records", project, "--json"]).stdout
    pattern = re.compile(r"\b" + re.escape(word), re.IGNORECASE)
    n = 0
    total = 0
    for line in out.splitlines():
        if not line.strip():
            continue
        total += 1
        rec = json.loads(line)
        text = " ".join([rec.get("title") or "", rec.get("abstract") or "",
                         " ".join(rec.get("authors") or []), " ".join(rec.get("keywords") or [])])
        if pattern.search(text):
            n += 1
    return n, total


def main():
    args, cli = command_line()
    if args is None:
        return 0

    tap = Tap(12)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-test-")
    display = None
    apps = []

    try:
        # The project, made with the real CLI.
        project = os.path.join(tmp, "P.winnow")
        ris = os.path.join(tmp, "recs.ris")
        run([cli, "new", project])
        run([cli, "synth", "--records", str(N_RECORDS), "--seed", "7", "-o", ris])
        run([cli, "import", project, ris, "--database", "PsycINFO"])
        expected, listed = count_expected_matches(cli, project, SEARCH_WORD)
        tap.diag(f"project {project}: {listed} records, {expected} mention “{SEARCH_WORD}”")

        # 0: `winnow --version` answers without a display or a window.
        version = subprocess.run([args.winnow, "--version"], capture_output=True, text=True, timeout=30,
                                 env=dict(os.environ, DISPLAY="", WAYLAND_DISPLAY=""))
        tap.ok(version.returncode == 0 and version.stdout.startswith("winnow ") and version.stdout.strip()[7:],
               "winnow --version prints the version", f"{version.returncode}: {version.stdout!r} {version.stderr!r}")

        # Settings: the compiled schema of this build, else compile the source.
        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)

        display = Display()
        tap.diag(f"Xvfb on display {display.name}")

        env = app_env(display, schemas, tmp)

        # 1–6: a project given on the command line.
        state_path = os.path.join(tmp, "state-project.txt")
        app = App([project], args.winnow, env, state_path,
                  os.path.join(args.output_dir, "winnow-project.log"))
        apps.append(app)

        window = app.find_window()
        title = app.title() if window else ""
        if not tap.ok(window is not None and "Winnow" in title,
                      "the window opens and its title contains “Winnow”",
                      f"title: {title!r}" if window else "no window\n" + app.log_tail()):
            raise RuntimeError("no window")

        state = app.wait_state(lambda s: s.get("page") == "records" and as_int(s, "total") == N_RECORDS)
        tap.ok(state is not None, f"all {N_RECORDS} records are loaded",
               None if state else f"state: {app.state()}\n{app.log_tail()}")

        app.focus()
        app.key("ctrl+f")
        app.type(SEARCH_WORD)
        app.key("Return")
        state = app.wait_state(lambda s: s.get("search") == SEARCH_WORD and s.get("searching") == "0"
                               and 0 < as_int(s, "shown") < as_int(s, "total"))
        shown = as_int(state, "shown") if state else -1
        # FTS5 matches words by prefix in title, abstract, authors and
        # keywords: the same records a word-prefix scan of the CLI's JSON finds.
        tap.ok(state is not None and shown == expected,
               f"searching “{SEARCH_WORD}” shows the {expected} records that mention it",
               f"shown {shown} of {N_RECORDS}; a word-prefix scan of `records --json` finds {expected}"
               if state else f"state: {app.state()}\n{app.log_tail()}")

        # From the search entry: Down goes to the results (and selects the
        # first), Down again selects the next record.
        app.key("Down")
        app.key("Down")
        state = app.wait_state(lambda s: as_int(s, "selected_id", 0) > 0
                               and s.get("detail_id") == s.get("selected_id")
                               and s.get("detail_title", "") != "")
        ok = (state is not None and state.get("detail_title") == state.get("selected_title"))
        tap.ok(ok, "the keyboard selects a record and the detail pane shows it",
               (f"selected {state.get('selected_id')}: {state.get('selected_title')!r}\n"
                f"detail: {state.get('detail_title')!r}") if state
               else f"state: {app.state()}\n{app.log_tail()}")

        shot = app.screenshot(os.path.join(args.output_dir, "screenshot-search.png"))
        tap.ok(os.path.getsize(shot) > 0, "screenshot of the search and the detail pane", shot)

        app.key("ctrl+f")
        app.key("Escape")
        state = app.wait_state(lambda s: s.get("search") == "" and as_int(s, "shown") == N_RECORDS)
        tap.ok(state is not None, "Escape clears the search and shows every record again",
               None if state else f"state: {app.state()}")

        # 7: a second Winnow (another user, or another computer sharing
        # the folder) opening the project the first has open gets it
        # read-only and says so in its header bar; the first keeps it.
        second = App([project], args.winnow, env, os.path.join(tmp, "state-second.txt"),
                     os.path.join(args.output_dir, "winnow-second.log"))
        apps.append(second)
        state = second.wait_state(lambda s: s.get("page") == "records" and as_int(s, "total") == N_RECORDS)
        first = app.state()
        tap.ok(state is not None and "(read-only)" in state.get("title", "")
               and "open in another Winnow" in state.get("subtitle", "")
               and "read-only" not in first.get("title", ""),
               "a second Winnow opens the project read-only and says it is open in another",
               f"second: {second.state()}\nfirst title: {first.get('title')!r}\n{second.log_tail()}")
        second.stop()

        app.focus()
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "Ctrl+Q quits cleanly",
               f"exit status {status}\n{app.log_tail()}" if status != 0 else None)
        app.stop()

        # 8: a file that is not a project is refused and left as it was.
        bogus = os.path.join(tmp, "notes.winnow")
        with open(bogus, "w", encoding="utf-8") as f:
            f.write("These are my notes, not a Winnow project.\n" * 20)
        with open(bogus, "rb") as f:
            before = hashlib.sha256(f.read()).hexdigest()
        app = App([bogus], args.winnow, env, os.path.join(tmp, "state-bogus.txt"),
                  os.path.join(args.output_dir, "winnow-bogus.log"))
        apps.append(app)
        window = app.find_window()
        state = app.wait_state(lambda s: s.get("page") == "start") if window else None
        dialog = wait_for(lambda: len(app.visible_windows()) >= 2, timeout=WAIT)
        shot = app.screenshot(os.path.join(args.output_dir, "screenshot-not-a-project.png"))
        with open(bogus, "rb") as f:
            after = hashlib.sha256(f.read()).hexdigest()
        leftovers = [n for n in os.listdir(tmp) if n.startswith("notes.winnow") and n != "notes.winnow"]
        tap.ok(state is not None and dialog and before == after and not leftovers,
               "a file that is not a project gets an error dialog and is not changed",
               f"{shot}\nstate: {app.state()}\nunchanged: {before == after}; other files: {leftovers}")
        app.stop()

        # 9–10: no project: the start page.
        app = App([], args.winnow, env, os.path.join(tmp, "state-empty.txt"),
                  os.path.join(args.output_dir, "winnow-empty.log"))
        apps.append(app)
        window = app.find_window()
        title = app.title() if window else ""
        state = app.wait_state(lambda s: s.get("page") == "start") if window else None
        tap.ok(window is not None and "Winnow" in title and state is not None,
               "started without a project, the window shows the start page",
               f"title: {title!r}; state: {app.state()}")
        time.sleep(0.5)
        shot = app.screenshot(os.path.join(args.output_dir, "screenshot-empty.png"))
        tap.ok(os.path.getsize(shot) > 0, "screenshot of the start page", shot)

    except Exception as e:  # noqa: BLE001 — report, then fail the plan
        report_error(tap, f"error: {e}", apps)
    finally:
        stop_all(apps, display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
