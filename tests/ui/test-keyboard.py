#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole of two-reviewer screening and adjudication with the keyboard
alone, in the real `winnow` under Xvfb: xdotool key and type, no click.

What it checks, as TAP:
  - project P (test-screening.py's: 40 records, alice and bob reviewers,
    carol the adjudicator, lena the lead, three exclusion reasons) with a
    noisy third copy of a few records (test-duplicates.py's), so duplicate
    pairs wait for a person; bob screens in his own reviewer package
    (winnow-cli) and sends his decision file;
  - the identity list: Tab leaves it at once (no walk through its rows),
    Shift+Tab comes back; Down and Enter pick alice;
  - the screening page: Tab cycles through the page (the focus drawn) and
    back to where it started, reaching Include, Exclude and Maybe and
    passing over the reasons list in one step; Space on the focused
    Exclude button decides; then I, E, M and 1 E decide the rest: six
    records;
  - F10 opens the main menu; M (its mnemonic) chooses Merge Decision
    Files…; the file chooser takes bob's file by Ctrl+L, the path typed
    and Enter; the report closes with Escape; the page counts the
    conflicts;
  - F10 then W (Switch Reviewer…), Down Down Enter: carol; Ctrl+5: the
    conflicts; Tab cycles through that page too, leaving the list in one
    step and reaching the adjudication buttons; Space on Include settles
    one conflict, I, and 2 then E the others;
  - Ctrl+3, the duplicates page: Tab leaves the list of pairs in one step;
  - Ctrl+Q; then winnow-cli: alice's six votes as typed, bob's merged,
    no conflict left, each settled record included or excluded as decided.
Screenshots go to the build directory: tests/ui/screenshot-keyboard-*.png.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import.
"""

import importlib
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (WAIT, App, Display, Tap, app_env, as_int, command_line, compiled_schemas,  # noqa: E402
                      report_error, run, stop_all, wait_for)

# The project and CLI helpers of the screening and duplicates tests.
screening = importlib.import_module("test-screening")
duplicates = importlib.import_module("test-duplicates")

REASONS = screening.REASONS
N_NOISY = 6
N_TESTS = 13
MAX_TABS = 60


def main():
    args, cli = command_line()
    if args is None:
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-keyboard-")
    display = None
    app = None

    def shot(name):
        path = os.path.join(args.output_dir, name)
        time.sleep(0.5)
        app.screenshot(path)
        tap.diag(f"screenshot: {path}")
        return path

    def idle(predicate, timeout=WAIT):
        return app.wait_state(lambda s: s.get("scr_busy") == "0" and s.get("scr_loaded") == "1"
                              and predicate(s), timeout=timeout)

    def focus_now():
        return app.state().get("focus", "")

    def press_until_focus(key, predicate, limit=MAX_TABS):
        """Presses key until the focus matches predicate; the stops seen,
        or None when a press leaves the focus where it was (a trap) or the
        limit is reached."""
        stops = []
        for _ in range(limit):
            before = focus_now()
            app.key(key)
            state = app.wait_state(lambda s: s.get("focus", "") != before, timeout=3)
            if state is None:
                tap.diag(f"{key} leaves the focus on {before!r}: " + " → ".join(f for f, _ in stops))
                return None
            stops.append((state.get("focus", ""), state.get("focus_visible")))
            if predicate(stops[-1][0]):
                return stops
        return None

    def tab_cycle():
        """Tab, then Tab until the focus comes back to that first stop;
        the first stop and the stops, or None when it never comes back (a
        trap)."""
        before = focus_now()
        app.key("Tab")
        start = app.wait_state(lambda s: s.get("focus", "") not in ("", before), timeout=5)
        start = (start or {}).get("focus", "")
        return start, press_until_focus("Tab", lambda f: f == start)

    def runs_in(stops, name):
        """How many Tab stops in a row land inside the widget named name,
        at most (a list Tab leaves at once has 1)."""
        longest = run_len = 0
        for f, _ in stops:
            run_len = run_len + 1 if f"/{name}" in f or f.startswith(f"{name}") else 0
            longest = max(longest, run_len)
        return longest

    def settle_key(keys, before_count):
        for key in keys:
            app.key(key)
        return app.wait_state(lambda s: s.get("cf_busy") == "0" and as_int(s, "cf_count") == before_count - 1)

    def menu(mnemonic):
        """F10 opens the main menu; the item's mnemonic activates it."""
        app.key("F10")
        time.sleep(0.6)
        app.key(mnemonic)

    try:
        # ---- The project, and bob's decision file -------------------------
        p = os.path.join(tmp, "P.winnow")
        screening.make_project(cli, p, tmp, "p")
        noisy = os.path.join(tmp, "noisy.ris")
        duplicates.write_noisy_copy(os.path.join(tmp, "p.ris"), noisy, N_NOISY)
        run([cli, "import", p, noisy, "--database", "CINAHL", "--platform", "EBSCOhost"])
        run([cli, "dedup", p])
        bob_package = os.path.join(tmp, "bob.winnow")
        run([cli, "package", p, "--reviewer", "bob", "-o", bob_package])

        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)
        app = App([p], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-keyboard.log"))
        state = app.wait_state(lambda s: s.get("page") == "records") if app.find_window() else None
        if state is None:
            raise RuntimeError(f"the project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()

        # 1: the identity list; Tab leaves it at once.
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_page") == "identity"
                               and s.get("scr_loaded") == "1" and "identity_list" in s.get("focus", ""))
        start = (state or {}).get("focus", "")
        people = (state or {}).get("scr_reviewers", "").split(",")
        app.key("Tab")
        out = app.wait_state(lambda s: s.get("focus", "") != start, timeout=5)
        app.key("shift+Tab")
        back = app.wait_state(lambda s: "identity_list" in s.get("focus", ""), timeout=5)
        shot("screenshot-keyboard-identity.png")
        tap.ok(state is not None and out is not None and "identity_list" not in out.get("focus", "")
               and back is not None,
               "Ctrl+4: the identity list has the focus; Tab leaves it at once, Shift+Tab comes back",
               f"start {start!r}; after Tab {(out or {}).get('focus')!r}; back {(back or {}).get('focus')!r}")
        for _ in range(people.index("alice") if "alice" in people else 0):
            app.key("Down")
        app.key("Return")
        state = idle(lambda s: s.get("scr_page") == "screen" and s.get("scr_identity") == "alice"
                     and as_int(s, "scr_record_id") > 0)
        if state is None:
            raise RuntimeError(f"alice is not screening: {app.state()}")

        # 2: Tab cycles through the screening page and back.
        start, stops = tab_cycle()
        seen = [f for f, _ in stops or []]
        tap.diag("screening Tab stops: " + " → ".join(seen))
        buttons = all(any(f"{b}:GtkButton@" in f for f in seen) for b in ("include_button", "exclude_button", "maybe_button"))
        tap.ok(stops is not None and buttons and all(v == "1" for _, v in stops)
               and runs_in(stops, "reasons_list") <= 1,
               f"screening: Tab cycles back to {start!r} in {len(seen)} stops, the focus drawn, through "
               "Include, Exclude and Maybe, the reasons list in one step")

        # 3: Space on the focused Exclude button decides.
        record, decided = as_int(app.state(), "scr_record_id"), as_int(app.state(), "scr_decided")
        reached = press_until_focus("Tab", lambda f: "exclude_button:GtkButton@" in f)
        app.key("space")
        state = idle(lambda s: as_int(s, "scr_decided") == decided + 1 and as_int(s, "scr_record_id") != record)
        alice = {record: "exclude"}
        tap.ok(reached is not None and state is not None,
               f"Tab to Exclude and Space: record {record} excluded, the next shown", f"state: {app.state()}")
        # Back to where the page's keys were pressed from.
        press_until_focus("Tab", lambda f: f == start)

        # 4: I, E, M, 1 E decide five more.
        for keys, verdict in ((["i"], "include"), (["i"], "include"), (["e"], "exclude"),
                              (["m"], "maybe"), (["1", "e"], "exclude")):
            s = app.state()
            record, decided = as_int(s, "scr_record_id"), as_int(s, "scr_decided")
            for key in keys:
                app.key(key)
            if idle(lambda t: as_int(t, "scr_decided") == decided + 1 and as_int(t, "scr_record_id") != record):
                alice[record] = verdict
        state = idle(lambda s: as_int(s, "scr_decided") == 6)
        shot("screenshot-keyboard-screening.png")
        tap.ok(state is not None and len(alice) == 6, f"I, I, E, M, 1 E: six records decided by alice: {alice}",
               f"state: {app.state()}")

        # bob, in his package: the opposite on four, the same on one, include for a maybe.
        ids = list(alice)
        bob = {}
        for i, record in enumerate(ids):
            verdict = alice[record]
            if i < 4:
                verdict = "include" if verdict != "include" else "exclude"
            elif alice[record] == "maybe":
                verdict = "include"
            bob[record] = verdict
            screening.decide(cli, bob_package, record, "bob", verdict,
                             reason=REASONS[0] if verdict == "exclude" else None)
        bob_file = os.path.join(tmp, "bob.decisions")
        run([cli, "export-decisions", bob_package, "-r", "bob", "-o", bob_file])
        expected_conflicts = sorted(r for r in ids if alice[r] != bob[r])

        # 5: F10, M: Merge Decision Files…; Ctrl+L, the path, Enter.
        menu("m")
        chooser = app.wait_dialog()
        if chooser:
            app.focus(chooser)
            app.key("ctrl+l")
            time.sleep(0.4)
            app.type(bob_file)
            time.sleep(0.3)
            app.key("Return")
            wait_for(lambda: chooser not in app.visible_windows(), timeout=10)
        report = app.wait_dialog(other_than=(chooser,)) if chooser else None
        if report:
            app.focus(report)
            shot("screenshot-keyboard-merge.png")
            app.key("Escape")
            wait_for(lambda: report not in app.visible_windows(), timeout=10)
            app.focus()
        state = idle(lambda s: as_int(s, "scr_conflicts") == len(expected_conflicts))
        tap.ok(bool(chooser) and bool(report) and state is not None,
               f"F10 M, Ctrl+L, the path, Enter: bob's file merged, the report closed with Escape; "
               f"{len(expected_conflicts)} conflicts",
               f"chooser {chooser}, report {report}; state: {app.state()}")

        # 6: F10, W: Switch Reviewer…; carol.
        menu("w")
        state = app.wait_state(lambda s: s.get("scr_page") == "identity" and "identity_list" in s.get("focus", ""))
        for _ in range(people.index("carol")):
            app.key("Down")
        app.key("Return")
        state = idle(lambda s: s.get("scr_page") == "screen" and s.get("scr_identity") == "carol")
        tap.ok(state is not None, "F10 W (Switch Reviewer…), Down Down Enter: carol", f"state: {app.state()}")

        # 7: Ctrl+5, the conflicts; Tab cycles through the page.
        app.key("ctrl+5")
        state = app.wait_state(lambda s: s.get("page") == "conflicts" and s.get("cf_loaded") == "1"
                               and s.get("cf_page") == "conflicts" and as_int(s, "cf_record_id") > 0
                               and s.get("focus", "") != "")
        listed = [int(x) for x in (state or {}).get("cf_ids", "").split(",") if x]
        start, stops = tab_cycle()
        seen = [f for f, _ in stops or []]
        tap.diag("conflicts Tab stops: " + " → ".join(seen))
        tap.ok(state is not None and listed == expected_conflicts and stops is not None
               and all(v == "1" for _, v in stops) and runs_in(stops, "list") <= 1
               and any("include_button:GtkButton@" in f for f in seen),
               f"Ctrl+5 as carol: conflicts {listed}; Tab cycles back to {start!r} in {len(seen)} stops, "
               "the list in one step, through the adjudication buttons",
               f"state: { {k: v for k, v in app.state().items() if k.startswith('cf_') and k != 'cf_text'} }")
        shot("screenshot-keyboard-conflicts.png")

        # 8: Tab to Include, Space; then I, and 2 E.
        final = {}
        first = as_int(app.state(), "cf_record_id")
        reached = press_until_focus("Tab", lambda f: "include_button:GtkButton@" in f)
        state = settle_key(["space"], len(listed))
        if state is not None:
            final[first] = "included"
        press_until_focus("Tab", lambda f: f == start)
        for keys, verdict in ((["i"], "included"), (["2", "e"], "excluded"), (["i"], "included"),
                              (["2", "e"], "excluded")):
            s = app.state()
            if as_int(s, "cf_count") == 0:
                break
            record = as_int(s, "cf_record_id")
            if settle_key(keys, as_int(s, "cf_count")) is not None:
                final[record] = verdict
        state = app.wait_state(lambda s: s.get("cf_busy") == "0" and as_int(s, "cf_count") == 0)
        tap.ok(reached is not None and state is not None and sorted(final) == expected_conflicts,
               f"Tab to Include and Space settles record {first}; I and 2 E the rest: {final}",
               f"state: { {k: v for k, v in app.state().items() if k.startswith('cf_') and k != 'cf_text'} }")

        # 9: the duplicates page: Tab leaves the list of pairs in one step.
        app.key("ctrl+3")
        state = app.wait_state(lambda s: s.get("page") == "duplicates" and s.get("dup_loaded") == "1"
                               and as_int(s, "dup_pending") > 0 and s.get("focus", "") != "")
        start, stops = tab_cycle()
        seen = [f for f, _ in stops or []]
        tap.diag("duplicates Tab stops: " + " → ".join(seen))
        tap.ok(state is not None and stops is not None and runs_in(stops, "pending_view") <= 1,
               f"Ctrl+3: {(state or {}).get('dup_pending')} pairs wait; Tab cycles back in {len(seen)} stops, "
               "the list of pairs in one step", f"state: {app.state()}")
        shot("screenshot-keyboard-duplicates.png")

        # 10: Ctrl+Q.
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "Ctrl+Q quits cleanly", f"exit status {status}\n{app.log_tail()}")
        app.stop()

        # 11-13: what the project holds.
        rows = screening.export_csv(cli, p, tmp)
        votes_a = {rid: row["ta_alice"] for rid, row in rows.items() if row["ta_alice"]}
        votes_b = {rid: row["ta_bob"] for rid, row in rows.items() if row["ta_bob"]}
        tap.ok(votes_a == alice, "alice's six votes are as typed", f"project {votes_a}; typed {alice}")
        tap.ok(votes_b == bob, "bob's votes came in with his file", f"project {votes_b}; sent {bob}")
        left = json.loads(run([cli, "conflicts", p, "-s", "ta", "--json"]).stdout)["conflicts"]
        finals = {rid: rows[rid]["ta_final"] for rid in final}
        tap.ok(left == [] and finals == final, "no conflict is left; each settled as decided",
               f"left {left}; final {finals}; decided {final}")

    except Exception as e:  # noqa: BLE001 — report, then fail the plan
        report_error(tap, f"error: {e}", [app])
    finally:
        stop_all([app], display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
