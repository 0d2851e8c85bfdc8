#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The duplicates page, in the real `winnow` under Xvfb.

What it checks, as TAP:
  - a project made with winnow-cli holds the same 300 synthetic records
    twice, written differently (RIS and MEDLINE from one seed), and a third
    search of 12 of them with titles misspelt by a few characters, some
    years one off, and no DOI, abstract or pages: those can only be
    "possible" duplicates, so the run leaves pairs for a person;
  - Ctrl+3 shows the duplicates page, which before any run says what
    finding duplicates does and offers the button; Enter (the button has
    the focus) finds them: groups are merged, pairs wait, the first pair is
    selected and its records compared with their differences marked;
  - the records page lists the records less the duplicates, at once;
  - D marks the selected pair as duplicates and the next pair is shown; N
    marks that one as not duplicates; U undoes the N (the pair is back and
    selected); S skips to the next pair without deciding;
  - Ctrl+Shift+A asks before accepting the best-scoring pairs, and Escape
    leaves everything as it was;
  - Alt+G shows the merged groups; C confirms the selected one; Ctrl+Delete
    asks, and Enter undoes the next group's merge, whose link goes back to
    the queue;
  - End, Ctrl+Shift+A and Enter accept every pair left: nothing waits, and
    the page says so; U undoes the whole bulk accept at once;
  - after Ctrl+Q, `winnow-cli duplicates --json` (groups and pairs) and
    `records --json` show what the page did: one pair decided duplicate,
    the undone decisions gone, the confirmed group confirmed, the undone
    merge ended, and as many duplicate records as the page counted.
Screenshots go to the build directory: tests/ui/screenshot-duplicates-start.png,
screenshot-duplicates.png, screenshot-duplicates-decided.png,
screenshot-duplicates-bulk.png, screenshot-duplicates-groups.png,
screenshot-duplicates-undo-merge.png and screenshot-duplicates-done.png.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import,
and while winnow-cli has no dedup command.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, WAIT, app_env, as_int, command_line, compiled_schemas,  # noqa: E402
                      report_error, run, stop_all, wait_for)

N_RECORDS = 300
SEED = 5
N_NOISY = 12  # records of the third search, each only "possibly" a duplicate
N_TESTS = 18


def write_noisy_copy(src, dst, n):
    """The first n records of a RIS file as another database might have
    them: a title with one word dropped and "e" misspelt "a" twice, the
    year one later in every other record, and no DOI, abstract or pages."""
    with open(src, encoding="utf-8") as f:
        records = f.read().split("\nER  - \n")
    out = []
    for i, record in enumerate(records[:n]):
        lines = []
        for line in record.strip("\n").split("\n"):
            tag, value = line[:6], line[6:]
            if tag in ("DO  - ", "AB  - ", "SP  - ", "EP  - "):
                continue
            if tag == "ID  - ":
                value += "-CINAHL"
            elif tag == "T1  - ":
                words = value.split(" ")
                if len(words) > 4:
                    del words[2]
                value = " ".join(words).replace("e", "a", 2)
            elif tag == "PY  - " and i % 2 == 1:
                value = str(int(value) + 1)
            lines.append(tag + value)
        out.append("\n".join(lines) + "\nER  - \n")
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def dedup_available(cli):
    result = subprocess.run([cli, "dedup", "--help"], capture_output=True, text=True, timeout=60)
    return result.returncode == 0


def main():
    args, cli = command_line()
    if args is None:
        return 0
    if not dedup_available(cli):
        print("1..0 # SKIP winnow-cli has no dedup command yet")
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-duplicates-")
    display = None
    app = None

    def shot(name):
        path = os.path.join(args.output_dir, name)
        app.screenshot(path)
        tap.diag(f"screenshot: {path}")
        return path

    def settled(predicate, timeout=WAIT):
        """The state once the page has finished writing and reading and
        predicate holds."""
        return app.wait_state(lambda s: s.get("dup_busy") == "0" and predicate(s), timeout=timeout)

    def dup_state():
        return {k: v for k, v in app.state().items() if k.startswith("dup_") or k in ("page", "total")}

    def wait_dialog_and_look(name):
        dialog = app.wait_dialog()
        if dialog:
            app.focus(dialog)
            time.sleep(0.5)
            shot(name)
        return dialog

    def close_dialog(dialog, key):
        app.key(key)
        wait_for(lambda: dialog not in app.visible_windows())
        app.focus()

    try:
        # The project: the same records in two formats, and a noisy third copy.
        project = os.path.join(tmp, "P.winnow")
        ris = os.path.join(tmp, "a.ris")
        nbib = os.path.join(tmp, "b.nbib")
        noisy = os.path.join(tmp, "c.ris")
        run([cli, "new", project])
        run([cli, "synth", "--format", "ris", "--records", str(N_RECORDS), "--seed", str(SEED), "-o", ris])
        run([cli, "synth", "--format", "medline", "--records", str(N_RECORDS), "--seed", str(SEED), "-o", nbib])
        write_noisy_copy(ris, noisy, N_NOISY)
        run([cli, "import", project, ris, "--database", "PsycINFO", "--platform", "EBSCOhost"])
        run([cli, "import", project, nbib, "--database", "PubMed", "--platform", "PubMed"])
        run([cli, "import", project, noisy, "--database", "CINAHL", "--platform", "EBSCOhost"])
        total = 2 * N_RECORDS + N_NOISY

        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)
        app = App([project], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-duplicates.log"))

        # 1: the project opens.
        state = app.wait_state(lambda s: s.get("page") == "records" and as_int(s, "total") == total) \
            if app.find_window() else None
        if not tap.ok(state is not None and as_int(state, "dup_runs") == 0,
                      f"the project opens with its {total} records and no duplicates run",
                      None if state else f"state: {app.state()}\n{app.log_tail()}"):
            raise RuntimeError("the project did not open")

        # 2: Ctrl+3, the page before any run.
        app.focus()
        app.key("ctrl+3")
        state = settled(lambda s: s.get("page") == "duplicates" and s.get("view") == "duplicates"
                        and s.get("dup_loaded") == "1")
        time.sleep(0.5)
        path = shot("screenshot-duplicates-start.png")
        tap.ok(state is not None and as_int(state, "dup_runs") == 0 and as_int(state, "dup_groups") == 0,
               "Ctrl+3 shows the duplicates page: no run yet, no groups", f"{path}\nstate: {dup_state()}")

        # 3: Enter on the focused Find Duplicates button runs the engine.
        app.key("Return")
        state = settled(lambda s: as_int(s, "dup_runs") == 1 and s.get("dup_running") == "0"
                        and as_int(s, "dup_selected_pair") > 0)
        ok = (state is not None and as_int(state, "dup_groups") > 0 and as_int(state, "dup_pending") > 0
              and as_int(state, "dup_decided") == 0 and state.get("dup_list") == "pending"
              and as_int(state, "dup_differences") > 0)
        groups = as_int(state or {}, "dup_groups")
        pending = as_int(state or {}, "dup_pending")
        tap.ok(ok, f"Enter finds duplicates: {groups} groups merged, {pending} pairs waiting, "
               "the first pair compared with its differences marked",
               f"state: {dup_state()}\n{app.log_tail()}")
        time.sleep(0.5)
        shot("screenshot-duplicates.png")
        if state is None:
            raise RuntimeError("no run")

        # 4: the records page lists the records less the duplicates.
        duplicates = as_int(state, "dup_records")
        state = app.wait_state(lambda s: as_int(s, "total") == total - duplicates)
        tap.ok(state is not None and duplicates >= N_RECORDS,
               f"the records list leaves the {duplicates} duplicates out: {total - duplicates} records",
               f"state: {dup_state()}")

        # 5: D marks the selected pair as duplicates; the next pair is shown.
        first_pair = as_int(app.state(), "dup_selected_pair")
        app.key("d")
        state = settled(lambda s: as_int(s, "dup_decided") == 1)
        ok = (state is not None and as_int(state, "dup_pending") < pending
              and as_int(state, "dup_selected_pair") not in (0, first_pair) and as_int(state, "dup_undo") == 1)
        tap.ok(ok, f"D marks pair {first_pair} as duplicates and shows the next pair",
               f"state: {dup_state()}")
        pending = as_int(state or {}, "dup_pending")

        # 6: N marks the next pair as not duplicates.
        second_pair = as_int(app.state(), "dup_selected_pair")
        app.key("n")
        state = settled(lambda s: as_int(s, "dup_decided") == 2)
        ok = (state is not None and as_int(state, "dup_pending") == pending - 1
              and as_int(state, "dup_selected_pair") not in (0, second_pair) and as_int(state, "dup_undo") == 2)
        tap.ok(ok, f"N marks pair {second_pair} as not duplicates", f"state: {dup_state()}")
        time.sleep(0.5)
        shot("screenshot-duplicates-decided.png")

        # 7: U undoes the N: the pair is back in the queue, selected.
        app.key("u")
        state = settled(lambda s: as_int(s, "dup_decided") == 1 and as_int(s, "dup_selected_pair") == second_pair)
        ok = state is not None and as_int(state, "dup_pending") == pending and as_int(state, "dup_undo") == 1
        tap.ok(ok, f"U undoes the last decision: pair {second_pair} waits again and is selected",
               f"state: {dup_state()}")

        # 8: S skips to the next pair, deciding nothing.
        app.key("s")
        state = settled(lambda s: as_int(s, "dup_selected_pair") not in (0, second_pair))
        tap.ok(state is not None and as_int(state, "dup_decided") == 1 and as_int(state, "dup_pending") == pending,
               "S skips to the next pair without deciding", f"state: {dup_state()}")

        # 9: Ctrl+Shift+A asks first; Escape changes nothing.
        app.key("ctrl+shift+a")
        dialog = wait_dialog_and_look("screenshot-duplicates-bulk.png")
        if dialog:
            close_dialog(dialog, "Escape")
        time.sleep(0.5)
        state = settled(lambda s: True)
        tap.ok(bool(dialog) and state is not None and as_int(state, "dup_decided") == 1
               and as_int(state, "dup_pending") == pending and len(app.visible_windows()) == 1,
               "Ctrl+Shift+A asks before accepting pairs; Escape leaves them waiting",
               f"dialog {dialog}; state: {dup_state()}")

        # 10: End, Ctrl+Shift+A, Enter: every pair left is accepted.
        decided = as_int(app.state(), "dup_decided")
        undo_depth = as_int(app.state(), "dup_undo")
        app.key("End")
        time.sleep(0.5)
        app.key("ctrl+shift+a")
        dialog = app.wait_dialog()
        if dialog:
            app.focus(dialog)
            time.sleep(0.3)
            close_dialog(dialog, "Return")
        state = settled(lambda s: as_int(s, "dup_pending") == 0)
        tap.ok(bool(dialog) and state is not None and as_int(state, "dup_decided") > decided
               and as_int(state, "dup_selected_pair") == 0 and as_int(state, "dup_undo") == undo_depth + 1,
               "End, Ctrl+Shift+A and Enter accept every pair left: nothing waits",
               f"dialog {dialog}; state: {dup_state()}")
        time.sleep(0.5)
        shot("screenshot-duplicates-done.png")

        # 11: U undoes the bulk accept, all of it.
        app.key("u")
        state = settled(lambda s: as_int(s, "dup_decided") == decided)
        tap.ok(state is not None and as_int(state, "dup_pending") > 0 and as_int(state, "dup_undo") == undo_depth,
               "U undoes the whole bulk accept at once", f"state: {dup_state()}")

        # 12: Alt+G, the merged groups; Down to the first one the engine
        # merged (the D above made one a person confirmed); C confirms it.
        app.key("alt+g")
        state = settled(lambda s: s.get("dup_list") == "groups" and as_int(s, "dup_selected_group") > 0)
        for _ in range(20):
            if state is None or state.get("dup_group_status") == "auto":
                break
            group = as_int(state, "dup_selected_group")
            app.key("Down")
            state = settled(lambda s: as_int(s, "dup_selected_group") not in (0, group))
        confirmed_group = as_int(state or {}, "dup_selected_group")
        confirmed = as_int(state or {}, "dup_confirmed")
        time.sleep(0.5)
        shot("screenshot-duplicates-groups.png")
        app.key("c")
        state = settled(lambda s: as_int(s, "dup_confirmed") == confirmed + 1)
        tap.ok(state is not None and confirmed_group > 0
               and as_int(state, "dup_selected_group") not in (0, confirmed_group)
               and state.get("dup_group_status") == "auto",
               f"Alt+G shows the groups; C confirms group {confirmed_group} and moves to the next",
               f"state: {dup_state()}")

        # 13: Ctrl+Delete asks; Enter undoes the selected group's merge, and
        # its link goes back to the queue.
        undone_group = as_int(app.state(), "dup_selected_group")
        groups = as_int(app.state(), "dup_groups")
        duplicates = as_int(app.state(), "dup_records")
        pending = as_int(app.state(), "dup_pending")
        app.key("ctrl+Delete")
        dialog = wait_dialog_and_look("screenshot-duplicates-undo-merge.png")
        if dialog:
            close_dialog(dialog, "Return")
        state = settled(lambda s: as_int(s, "dup_groups") == groups - 1)
        ok = (bool(dialog) and state is not None and as_int(state, "dup_records") < duplicates
              and as_int(state, "dup_pending") > pending and as_int(state, "dup_selected_group") != undone_group)
        tap.ok(ok, f"Ctrl+Delete and Enter undo the merge of group {undone_group}; its link waits in the queue",
               f"dialog {dialog}; state: {dup_state()}")
        state = app.wait_state(lambda s: as_int(s, "total") == total - as_int(s, "dup_records"))
        tap.ok(state is not None, "the records list takes the records of the undone merge back",
               f"state: {dup_state()}")

        final = dict(state or app.state())

        # 15: Ctrl+Q.
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "Ctrl+Q quits cleanly",
               f"exit status {status}\n{app.log_tail()}" if status != 0 else None)
        app.stop()

        # 16-18: the project holds what the page did.
        # `duplicates` lists the pairs waiting too, as "possible" groups.
        groups_json = [g for g in json.loads(run([cli, "duplicates", project, "--json"]).stdout)["groups"]
                       if g["status"] in ("auto", "confirmed")]
        pairs_json = json.loads(run([cli, "duplicates", project, "--pairs", "--all", "--json"]).stdout)["pairs"]
        records = [json.loads(line) for line in
                   run([cli, "records", project, "--json", "--include-duplicates"]).stdout.splitlines() if line.strip()]
        decisions = {p["id"]: p["decision"] for p in pairs_json if p["decision"] is not None}
        tap.ok(decisions == {first_pair: "duplicate"},
               f"pair {first_pair} is decided duplicate; the undone decisions are gone",
               f"decisions: {decisions}")
        status_by_id = {g["id"]: g["status"] for g in groups_json}
        tap.ok(status_by_id.get(confirmed_group) == "confirmed" and undone_group not in status_by_id
               and len(groups_json) == as_int(final, "dup_groups"),
               f"group {confirmed_group} is confirmed, group {undone_group} ended, "
               f"{as_int(final, 'dup_groups')} groups as the page counted",
               f"groups: {len(groups_json)}; {confirmed_group}: {status_by_id.get(confirmed_group)}; "
               f"{undone_group} active: {undone_group in status_by_id}")
        n_duplicates = sum(1 for r in records if r.get("duplicate_of"))
        tap.ok(n_duplicates == as_int(final, "dup_records") and len(records) == total,
               f"{n_duplicates} of the {len(records)} records are marked duplicate_of, as the page counted",
               f"page: {as_int(final, 'dup_records')}")

    except Exception as e:  # noqa: BLE001 — report, then fail the plan
        report_error(tap, f"error: {e}", [app])
    finally:
        stop_all([app], display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
