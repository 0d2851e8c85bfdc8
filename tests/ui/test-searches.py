#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The searches page and the search editor, in the real `winnow` under Xvfb.

What it checks, as TAP:
  - a project made with winnow-cli holds two searches: Embase, imported with
    --hits equal to its records, and PsycINFO, imported with --hits 5 more
    than its file holds;
  - Ctrl+2 shows the searches page: both searches listed, one of them
    flagged because its reported hits differ from its records (and the
    header bar's Searches button carries the warning);
  - the keyboard alone selects the second search, opens the editor with
    Enter, and corrects its hit count (Alt+H, the number, Enter): the warning
    goes, the dialog closes;
  - "Show Records" (Alt+R) switches to the records page, limited to that
    search's records; Ctrl+1 and Ctrl+2 switch back and forth;
  - the import dialog (Ctrl+I, a file with two records that cannot be read
    and a line in another encoding) previews the file before anything is
    written; with "Import only the valid records" chosen and a hit count
    that differs, it imports the valid records as a third search, which the
    searches page lists with its warning;
  - the import dialog with two files of one search (an export in two
    parts, chosen together in the file chooser) and the hit count of both
    together stores one search of two files: the searches page lists one
    more search and no new warning, although each file alone holds fewer
    records than the hits;
  - after Ctrl+Q the project file holds the corrected hit count and the new
    searches (the two parts sharing one search and its provenance), and the
    audit log records the change with its old and new values;
  - a project without searches shows the searches page's empty state.
Screenshots go to the build directory: tests/ui/screenshot-searches.png,
screenshot-search-editor.png, screenshot-searches-corrected.png,
screenshot-search-records.png, screenshot-import-preview.png,
screenshot-import-ready.png, screenshot-import-report.png,
screenshot-searches-imported.png, screenshot-import-two-files.png,
screenshot-searches-two-files.png and screenshot-searches-empty.png.
"""

import json
import os
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, WAIT, app_env, as_int, command_line, compiled_schemas,  # noqa: E402
                      report_error, run, stop_all, wait_for)

# (database, platform, date, query, records in the file, hits reported)
SEARCHES = [
    ("Embase", "embase.com", "2026-10-01",
     "'peer support'/exp AND ('burnout'/exp OR 'job satisfaction'/exp) AND [2000-2026]/py",
     40, 40),
    ("PsycINFO", "EBSCOhost", "2026-10-02",
     'DE "Peer Counseling" AND (burnout OR "job satisfaction" OR "compassion fatigue")',
     25, 30),
]
# The file imported through the dialog: VALID records a RIS export holds,
# then two that cannot be read; IMPORT_HITS is what the person types.
IMPORT_VALID = 4
IMPORT_REJECTED = 2
IMPORT_HITS = 10
# One Embase search exported in two files: the records of each part; the
# hits reported are their sum.
PARTS = (6, 4)
N_TESTS = 16


def write_damaged_export(cli, path):
    """A RIS export as a database might send it damaged: a title in
    Windows-1252 among UTF-8 lines (a warning), a record with only its TY
    line and one without a TY line (both rejected, with their lines)."""
    run([cli, "synth", "--records", str(IMPORT_VALID), "--seed", "9", "-o", path])
    with open(path, "rb") as f:
        data = f.read()
    data = data.replace(b"T1  - ", b"T1  - Caf\xe9 staff: ", 1)
    data += (b"\nTY  - JOUR\nER  - \n"
             b"\nAU  - Orphan, Anna\nTI  - A record whose TY line was lost\nER  - \n")
    with open(path, "wb") as f:
        f.write(data)


def choose_to_import(app, path, *then):
    """Ctrl+I, then in the file chooser Ctrl+L, path and Return; then each
    key of then (Ctrl+A and Alt+S choose every file of a folder). Returns
    the chooser and the import dialog (None where one did not open)."""
    app.key("ctrl+i")
    chooser = app.wait_dialog()
    if not chooser:
        return None, None
    app.focus(chooser)
    app.key("ctrl+l")
    app.type(path)
    time.sleep(0.5)
    app.key("Return")
    for key in then:
        time.sleep(1.0)
        app.key(key)
    return chooser, app.wait_dialog(other_than=(chooser,))


def main():
    args, cli = command_line()
    if args is None:
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-searches-")
    display = None
    apps = []

    def shot(name):
        path = os.path.join(args.output_dir, name)
        app.screenshot(path)
        tap.diag(f"screenshot: {path}")
        return path

    try:
        # The project, made with the real CLI: one search whose hit count
        # matches its records and one whose does not.
        project = os.path.join(tmp, "Peer support.winnow")
        run([cli, "new", project])
        total = 0
        for seed, (database, platform, date, query, records, hits) in enumerate(SEARCHES, 1):
            ris = os.path.join(tmp, f"{database.lower()}-{date}.ris")
            run([cli, "synth", "--records", str(records), "--seed", str(seed), "-o", ris])
            run([cli, "import", project, ris, "--database", database, "--platform", platform,
                 "--date", date, "--query", query, "--hits", str(hits)])
            total += records
        first_id, second_id = 1, 2
        tap.diag(f"project {project}: {len(SEARCHES)} searches, {total} records")

        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)

        app = App([project], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-searches.log"))
        apps.append(app)
        window = app.find_window()
        state = app.wait_state(lambda s: s.get("page") == "records" and as_int(s, "total") == total
                               and as_int(s, "searches") == len(SEARCHES)) if window else None
        if not tap.ok(state is not None, f"the project opens with its {total} records and {len(SEARCHES)} searches",
                      None if state else f"state: {app.state()}\n{app.log_tail()}"):
            raise RuntimeError("the project did not open")

        # 2: Ctrl+2, the searches page.
        app.focus()
        app.key("ctrl+2")
        state = app.wait_state(lambda s: s.get("page") == "searches" and s.get("view") == "searches")
        ok = (state is not None and as_int(state, "searches") == 2 and as_int(state, "search_warning") == 1)
        tap.ok(ok, "Ctrl+2 shows the searches page: searches=2, search_warning=1",
               f"state: {state or app.state()}")

        # 3: a look at it.
        time.sleep(0.5)
        path = shot("screenshot-searches.png")
        tap.ok(os.path.getsize(path) > 0, "screenshot of the searches page", path)

        # 4: the keyboard selects the second search. The table has the focus
        # and the first search is selected; Down moves to the second.
        state = app.wait_state(lambda s: as_int(s, "selected_search") == first_id, timeout=5)
        app.key("Down")
        state = app.wait_state(lambda s: as_int(s, "selected_search") == second_id, timeout=10)
        tap.ok(state is not None, "Down selects the second search",
               None if state else f"state: {app.state()}")

        # 5: Enter opens the editor, which warns about the hit count.
        app.key("Return")
        dialog = app.wait_dialog()
        if dialog:
            app.focus(dialog)
        time.sleep(0.5)
        path = shot("screenshot-search-editor.png")
        tap.ok(bool(dialog), "Enter opens the search editor", path)
        if not dialog:
            raise RuntimeError("no search editor")

        # 6: Alt+H goes to the hit count; the number the records bear out,
        # then Enter saves (in a thread) and closes the editor.
        records = SEARCHES[1][4]
        app.key("alt+h")
        app.key("ctrl+a")
        app.type(str(records))
        time.sleep(0.3)
        app.key("Return")
        state = app.wait_state(lambda s: as_int(s, "search_warning") == 0)
        closed = wait_for(lambda: dialog not in app.visible_windows(), timeout=WAIT)
        app.focus()
        ok = (state is not None and bool(closed) and as_int(state, "searches") == 2
              and state.get("page") == "searches")
        tap.ok(ok, "the corrected hit count saves: search_warning=0, the editor closes",
               f"state: {state or app.state()}; windows: {app.visible_windows()}\n{app.log_tail()}")
        time.sleep(0.5)
        shot("screenshot-searches-corrected.png")

        # 7: Show Records (Alt+R) limits the records page to that search.
        app.key("alt+r")
        state = app.wait_state(lambda s: s.get("page") == "records" and as_int(s, "records_search") == second_id
                               and as_int(s, "shown") == records)
        time.sleep(0.5)
        shot("screenshot-search-records.png")
        tap.ok(state is not None, f"Show Records shows the {records} records of search {second_id} only",
               f"state: {state or app.state()}")

        # 8: Ctrl+1 and Ctrl+2 switch between the two pages.
        app.key("ctrl+2")
        to_searches = app.wait_state(lambda s: s.get("page") == "searches")
        app.key("ctrl+1")
        to_records = app.wait_state(lambda s: s.get("page") == "records")
        tap.ok(to_searches is not None and to_records is not None,
               "Ctrl+2 and Ctrl+1 switch between the searches and the records",
               f"state: {app.state()}")

        # 9: the import dialog previews a damaged file. The file chooser
        # takes the path typed after Ctrl+L.
        export = os.path.join(tmp, "cinahl-export.ris")
        write_damaged_export(cli, export)
        chooser, importer = choose_to_import(app, export)
        if importer:
            app.focus(importer)
        time.sleep(1.0)
        path = shot("screenshot-import-preview.png")
        unchanged = app.state()
        tap.ok(bool(importer) and as_int(unchanged, "searches") == 2 and as_int(unchanged, "total") == total,
               "the import dialog previews the file; nothing is written yet",
               f"{path}\nchooser {chooser}, import dialog {importer}; state: {unchanged}")
        if not importer:
            raise RuntimeError("no import dialog")

        # 10: the provenance by keyboard (Alt+D database, Alt+H hits: the
        # inline warning shows), then Alt+V "Import only the valid records".
        app.key("alt+d")
        app.type("CINAHL")
        app.key("alt+h")
        app.type(str(IMPORT_HITS))
        app.key("alt+v")
        time.sleep(0.5)
        path = shot("screenshot-import-ready.png")
        app.key("alt+i")
        state = app.wait_state(lambda s: as_int(s, "searches") == 3 and as_int(s, "total") == total + IMPORT_VALID)
        ok = state is not None and as_int(state, "search_warning") == 1
        tap.ok(ok, f"the {IMPORT_VALID} valid records are imported as search 3, whose hit count is flagged",
               f"{path}\nstate: {state or app.state()}\n{app.log_tail()}")

        # 11: the report at the end (hit count, records left out) closes
        # with Escape; the searches page lists the new search.
        report = app.wait_dialog(other_than=(importer,))
        if report:
            app.focus(report)
            time.sleep(0.5)
            shot("screenshot-import-report.png")
            app.key("Escape")
            wait_for(lambda: report not in app.visible_windows())
        app.focus()
        app.key("ctrl+2")
        state = app.wait_state(lambda s: s.get("page") == "searches" and as_int(s, "searches") == 3)
        time.sleep(0.5)
        path = shot("screenshot-searches-imported.png")
        tap.ok(bool(report) and state is not None and len(app.visible_windows()) == 1,
               "the import report closes with Escape and the searches page lists 3 searches",
               f"{path}\nreport window {report}; state: {state or app.state()}")

        # 12: one search exported in two files, chosen together: Ctrl+L and
        # the folder, Return opens it, Ctrl+A selects both files, Alt+S.
        parts = os.path.join(tmp, "embase-export")
        os.makedirs(parts)
        for i, n in enumerate(PARTS, 1):
            run([cli, "synth", "--records", str(n), "--seed", str(40 + i),
                 "-o", os.path.join(parts, f"embase-part{i}.ris")])
        app.focus()
        chooser, importer = choose_to_import(app, parts + "/", "ctrl+a", "alt+s")
        if importer:
            app.focus(importer)
            time.sleep(1.0)
            app.key("alt+d")
            app.type("Embase")
            app.key("alt+h")
            app.type(str(sum(PARTS)))
            time.sleep(0.5)
            path = shot("screenshot-import-two-files.png")
            app.key("alt+i")
        state = app.wait_state(lambda s: as_int(s, "searches") == 4
                               and as_int(s, "total") == total + IMPORT_VALID + sum(PARTS))
        closed = wait_for(lambda: len(app.visible_windows()) == 1, timeout=10)
        app.focus()
        app.key("ctrl+2")
        time.sleep(0.5)
        path = shot("screenshot-searches-two-files.png")
        ok = state is not None and bool(closed) and as_int(app.state(), "search_warning") == 1
        tap.ok(ok, f"two files of one search ({'+'.join(map(str, PARTS))} records, {sum(PARTS)} hits) are one search"
               " on the searches page, without a hit-count warning",
               f"{path}\nchooser {chooser}, import dialog {importer}; windows {app.visible_windows()};"
               f" state: {state or app.state()}\n{app.log_tail()}")

        # 13: Ctrl+Q.
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "Ctrl+Q quits cleanly",
               f"exit status {status}\n{app.log_tail()}" if status != 0 else None)
        app.stop()

        # 14: the project file holds the change, audited, and the new search.
        db = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
        try:
            stored = dict(db.execute("SELECT id, reported_hits FROM searches ORDER BY id").fetchall())
            third = db.execute("SELECT database, record_count, reported_hits, file_name"
                               "  FROM searches WHERE id = 3").fetchone()
            audit = [json.loads(row[0]) for row in
                     db.execute("SELECT detail FROM audit WHERE action = 'search.update' ORDER BY id")]
            two = db.execute("SELECT id, batch, database, reported_hits, record_count, file_name"
                             "  FROM searches WHERE id > 3 ORDER BY id").fetchall()
        finally:
            db.close()
        change = audit[-1] if audit else {}
        ok = (stored.get(first_id) == SEARCHES[0][5] and stored.get(second_id) == records
              and change.get("search_id") == second_id
              and change.get("reported_hits") == {"old": SEARCHES[1][5], "new": records}
              and set(change) == {"search_id", "reported_hits"}
              and third == ("CINAHL", IMPORT_VALID, IMPORT_HITS, "cinahl-export.ris"))
        tap.ok(ok, "the project keeps the corrected hit count (audited, alone) and the imported search",
               f"reported_hits: {stored}; search.update: {audit}; search 3: {third}")

        # 15: the two parts: a file each, one search (batch: the first
        # file), one provenance, the hits of both.
        ok = (len(two) == 2 and all(row[1] == two[0][0] for row in two)
              and [row[2:] for row in two] == [("Embase", sum(PARTS), n, f"embase-part{i}.ris")
                                               for i, n in enumerate(PARTS, 1)])
        tap.ok(ok, "the two files are stored as two files of one search, sharing its provenance",
               f"searches 4 and 5: {two}")

        # 16: a project without searches: the empty page.
        empty = os.path.join(tmp, "New review.winnow")
        run([cli, "new", empty])
        app = App([empty], args.winnow, env, os.path.join(tmp, "state-empty.txt"),
                  os.path.join(args.output_dir, "winnow-searches-empty.log"))
        apps.append(app)
        state = app.wait_state(lambda s: s.get("page") == "no-records") if app.find_window() else None
        if state:
            app.focus()
            app.key("ctrl+2")
            state = app.wait_state(lambda s: s.get("page") == "searches" and as_int(s, "searches") == 0
                                   and as_int(s, "search_warning") == 0)
        time.sleep(0.5)
        path = shot("screenshot-searches-empty.png")
        tap.ok(state is not None, "a project without searches shows the searches page's empty state",
               f"{path}\nstate: {state or app.state()}")

    except Exception as e:  # noqa: BLE001 — report, then fail the plan
        report_error(tap, f"error: {e}", apps)
    finally:
        stop_all(apps, display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
