#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screening, conflicts and agreement, in the real `winnow` under Xvfb.

What it checks, as TAP:
  - project P (winnow-cli: 40 synthetic records, reviewers alice and bob,
    carol the adjudicator, lena the lead, three exclusion reasons,
    criteria, highlighted terms) where bob already voted on 12 records;
  - run 1, as alice: Ctrl+4 asks who is screening (the login name is not
    a reviewer) and lists the four people; Enter picks alice; the queue
    shows none of bob's votes (my decided count starts at 0, every record
    shown is undecided by me, no label on the page names bob) and marks
    the terms; then ten decisions purely by keyboard — I, E, M, 1 then E,
    I then U (undo: back to the record, undecided) then E, Right (skip)
    then I, Left Left back to the skipped record then 2 and E, N with a
    note then M, I, 3 then E — each moving on to the next undecided
    record at once; Ctrl+Q quits cleanly;
  - the project afterwards (`winnow-cli export --format csv`, one column
    per reviewer, and `export-decisions`): exactly those ten records carry
    a vote of alice's, each the verdict, reason and note typed; her
    decision file holds twelve events (the ten, the undone include and
    its undo); bob's twelve votes are untouched;
  - project Q (winnow-cli: alice and bob disagree on records 1-4, agree on
    5 (include) and 6 (exclude));
  - run 2, as alice on Q: Alt+F (full text) shows record 5, the only one
    both included; E without a reason prompts for one and writes nothing;
    Escape cancels; E then 1 excludes it with the first reason;
  - run 3, as carol (adjudicator): Ctrl+5 lists the four conflicts, blind:
    no vote is shown and no label names alice or bob; I settles the first
    (included), 2 then E the next (excluded, reason 2); `winnow-cli
    conflicts --json` no longer lists them and `export` has their final
    verdicts;
  - run 4, as lena (lead): the page offers End Blinding; Alt+E asks, Enter
    ends it, and the two votes of the selected conflict are shown side by
    side; Ctrl+6 shows the agreement of alice and bob.
Screenshots go to the build directory: tests/ui/screenshot-screening-identity.png,
screenshot-screening.png, screenshot-screening-reason.png,
screenshot-screening-undo.png, screenshot-screening-prompt.png,
screenshot-conflicts-blind.png, screenshot-conflicts-votes.png and
screenshot-agreement.png.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import,
and while winnow-cli has no decide command.
"""

import csv
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

N_RECORDS = 40
SEED = 11
REASONS = ["Wrong population", "Wrong intervention", "Wrong study design"]
N_TESTS = 29


def cli_has(cli, command):
    result = subprocess.run([cli, command, "--help"], capture_output=True, text=True, timeout=60)
    return result.returncode == 0


def export_csv(cli, project, tmp):
    """The project's records with one column per reviewer and stage."""
    path = os.path.join(tmp, "export.csv")
    run([cli, "export", project, "--format", "csv", "-o", path])
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {int(row["id"]): row for row in csv.DictReader(f)}


def decision_events(cli, project, reviewer, tmp):
    """The events of reviewer's decision file (the lines after the header)."""
    path = os.path.join(tmp, f"{reviewer}.decisions")
    run([cli, "export-decisions", project, "-r", reviewer, "-o", path])
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip() and not line.startswith("#")]
    return [json.loads(line) for line in lines[1:]]


def make_project(cli, path, tmp, name):
    ris = os.path.join(tmp, f"{name}.ris")
    run([cli, "new", path])
    run([cli, "synth", "--format", "ris", "--records", str(N_RECORDS), "--seed", str(SEED), "-o", ris])
    run([cli, "import", path, ris, "--database", "PsycINFO", "--platform", "EBSCOhost"])
    for person, role in (("alice", "reviewer"), ("bob", "reviewer"), ("carol", "adjudicator"), ("lena", "lead")):
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


def decide(cli, project, record, reviewer, verdict, stage="ta", reason=None):
    args = [cli, "decide", project, str(record), verdict, "-r", reviewer, "-s", stage]
    if reason:
        args += ["--reason", reason]
    run(args)


def main():
    args, cli = command_line()
    if args is None:
        return 0
    if not cli_has(cli, "decide"):
        print("1..0 # SKIP winnow-cli has no decide command yet")
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-screening-")
    display = None
    app = None

    def shot(name):
        path = os.path.join(args.output_dir, name)
        time.sleep(0.5)
        app.screenshot(path)
        tap.diag(f"screenshot: {path}")
        return path

    def scr(state=None):
        s = state if state is not None else app.state()
        return {k: v for k, v in s.items() if k.startswith("scr_") and k != "scr_text"}

    def cf(state=None):
        s = state if state is not None else app.state()
        return {k: v for k, v in s.items() if k.startswith("cf_") and k != "cf_text"}

    def idle(predicate, timeout=WAIT):
        """The state once the screening page wrote and read everything and
        predicate holds."""
        return app.wait_state(lambda s: s.get("scr_busy") == "0" and s.get("scr_loaded") == "1"
                              and predicate(s), timeout=timeout)

    def start(project, log_name):
        nonlocal app
        app = App([project], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, log_name))
        state = app.wait_state(lambda s: s.get("page") == "records") if app.find_window() else None
        if state is None:
            raise RuntimeError(f"the project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()

    def choose_identity(name, screenshot=None):
        """Ctrl+4, then the reviewer's row on the identity page."""
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_page") == "identity"
                               and s.get("scr_loaded") == "1")
        if state is None:
            return None, None
        if screenshot:
            shot(screenshot)
        people = state.get("scr_reviewers", "").split(",")
        for _ in range(people.index(name)):
            app.key("Down")
        app.key("Return")
        after = idle(lambda s: s.get("scr_page") == "screen" and s.get("scr_identity") == name)
        return state, after

    def quit_app(name):
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, f"{name}: Ctrl+Q quits cleanly",
               f"exit status {status}\n{app.log_tail()}" if status != 0 else None)
        app.stop()

    try:
        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)

        # ---- Project P: bob has voted on 12 records ----------------------
        p = os.path.join(tmp, "P.winnow")
        make_project(cli, p, tmp, "p")
        bob_votes = {}
        for record in range(1, 13):
            verdict = "include" if record % 3 else "exclude"
            decide(cli, p, record, "bob", verdict, reason=REASONS[0] if verdict == "exclude" else None)
            bob_votes[record] = verdict

        # ---- Run 1: alice screens ten records by keyboard -----------------
        start(p, "winnow-screening.log")

        # 1-2: who is screening.
        identity_state, state = choose_identity("alice", "screenshot-screening-identity.png")
        tap.ok(identity_state is not None
               and identity_state.get("scr_reviewers") == "alice,bob,carol,lena"
               and identity_state.get("scr_role", "") == "",
               "Ctrl+4 asks who is screening: the login name is not a reviewer; the four people are listed",
               f"state: {scr(identity_state or app.state())}")
        ok = (state is not None and state.get("scr_role") == "reviewer" and state.get("identity") == "alice"
              and state.get("scr_stage") == "ta" and as_int(state, "scr_eligible") == N_RECORDS
              and as_int(state, "scr_record_id") > 0 and state.get("scr_mine") == "none")
        tap.ok(ok, f"Enter picks alice: the title/abstract queue of {N_RECORDS} records, the first one shown",
               f"state: {scr()}\n{app.log_tail()}")
        if state is None:
            raise RuntimeError("no queue")
        # 3: blind.
        text = state.get("scr_text", "")
        tap.ok(as_int(state, "scr_decided") == 0 and not re.search(r"\bbob\b", text)
               and "alice" in text,
               "blind: none of bob's 12 votes shows (0 decided by alice, no label names bob)",
               f"decided {state.get('scr_decided')}; text: {text[:400]}")
        state = idle(lambda s: as_int(s, "scr_shown_id") == as_int(s, "scr_record_id")
                     and s.get("scr_record_title"))
        shot("screenshot-screening.png")

        expected = {}       # record id -> (verdict, reason, note)
        seen_mine = []      # my vote on each record when it came up
        hl_include = 0

        def current():
            s = app.state()
            return as_int(s, "scr_record_id"), s

        def decide_key(keys, verdict, reason=None, note=None, name=""):
            """Presses keys on the record shown; returns (ok, record id)."""
            nonlocal hl_include
            record, s = current()
            seen_mine.append((record, s.get("scr_mine")))
            hl_include = max(hl_include, as_int(s, "scr_hl_include", 0))
            decided = as_int(s, "scr_decided")
            for key in keys:
                app.key(key)
            after = idle(lambda t: as_int(t, "scr_decided") == decided + 1
                         and as_int(t, "scr_record_id") != record)
            expected[record] = (verdict, reason, note)
            return after is not None, record, after

        # 4: I includes; the next undecided record shows at once.
        ok, r1, after = decide_key(["i"], "include")
        tap.ok(ok and after.get("scr_mine") == "none", f"I includes record {r1} and the next record shows",
               f"state: {scr()}")
        # 5: E excludes (no reason needed at title/abstract).
        ok, r2, _ = decide_key(["e"], "exclude")
        tap.ok(ok, f"E excludes record {r2}", f"state: {scr()}")
        # 6: M marks maybe.
        ok, r3, _ = decide_key(["m"], "maybe")
        tap.ok(ok, f"M marks record {r3} maybe", f"state: {scr()}")
        # 7: 1 chooses the first reason; E excludes with it.
        app.key("1")
        chosen = idle(lambda s: s.get("scr_reason") == REASONS[0])
        if chosen is not None:
            shot("screenshot-screening-reason.png")
        ok, r4, after = decide_key(["e"], "exclude", REASONS[0])
        tap.ok(chosen is not None and ok and after.get("scr_reason", "") == "",
               f"1 chooses “{REASONS[0]}”, E excludes record {r4} with it (and the choice is put down)",
               f"state: {scr()}")
        # 8: I, then U: back to the record, undecided again; then E.
        r5, s = current()
        decided = as_int(s, "scr_decided")
        app.key("i")
        moved = idle(lambda t: as_int(t, "scr_decided") == decided + 1 and as_int(t, "scr_record_id") != r5)
        app.key("u")
        back = idle(lambda t: as_int(t, "scr_record_id") == r5 and t.get("scr_mine") == "none"
                    and as_int(t, "scr_decided") == decided and as_int(t, "scr_undo") == 4)
        if back is not None:
            shot("screenshot-screening-undo.png")
        ok, r5b, _ = decide_key(["e"], "exclude")
        tap.ok(moved is not None and back is not None and ok and r5b == r5,
               f"I on record {r5}, then U: back to it, undecided; E excludes it",
               f"state: {scr()}")
        # 9: Right skips a record without deciding; I includes the next.
        r6, s = current()
        position = as_int(s, "scr_position")
        app.key("Right")
        skipped = idle(lambda t: as_int(t, "scr_position") == position + 1 and as_int(t, "scr_record_id") != r6)
        ok, r7, _ = decide_key(["i"], "include")
        tap.ok(skipped is not None and ok and r7 != r6,
               f"Right skips record {r6} undecided; I includes record {r7}", f"state: {scr()}")
        # 10: Left Left goes back to the skipped record; 2 then E excludes it.
        app.key("Left")
        app.key("Left")
        again = idle(lambda t: as_int(t, "scr_record_id") == r6 and t.get("scr_mine") == "none")
        app.key("2")
        chosen = idle(lambda t: t.get("scr_reason") == REASONS[1])
        ok, r6b, _ = decide_key(["e"], "exclude", REASONS[1])
        tap.ok(again is not None and chosen is not None and ok and r6b == r6,
               f"Left Left goes back to record {r6}; 2 then E excludes it with “{REASONS[1]}”",
               f"state: {scr()}")
        # 11: N, a note, Enter; M keeps the note with the decision.
        app.key("n")
        typing = idle(lambda t: t.get("scr_note_focus") == "1")
        app.type("dose unclear")
        app.key("Return")
        noted = idle(lambda t: t.get("scr_note") == "dose unclear" and t.get("scr_note_focus") == "0")
        ok, r8, after = decide_key(["m"], "maybe", None, "dose unclear")
        tap.ok(typing is not None and noted is not None and ok and after.get("scr_note") == "",
               f"N, a note and Enter; M marks record {r8} maybe with the note", f"state: {scr()}")
        # 12: I, then 3 and E: ten decisions.
        ok_a, r9, _ = decide_key(["i"], "include")
        ok_b, r10, state = decide_key(["3", "e"], "exclude", REASONS[2])
        tap.ok(ok_a and ok_b and as_int(state or {}, "scr_decided") == 10 and len(expected) == 10,
               f"I includes record {r9}; 3 then E excludes record {r10}: ten decided",
               f"state: {scr()}")
        # 13: every record came up undecided by alice, whatever bob said.
        tap.ok(all(mine == "none" for _, mine in seen_mine) and hl_include > 0,
               "each record came up undecided by alice, bob's votes unseen; the include terms were marked",
               f"seen: {seen_mine}; most include marks: {hl_include}")
        text = app.state().get("scr_text", "")
        tap.diag(f"slowest write: {app.state().get('scr_write_ms_max')} ms "
                 f"over {app.state().get('scr_writes')} writes")
        state = idle(lambda s: as_int(s, "scr_writes") >= 12)
        tap.ok(state is not None and not re.search(r"\bbob\b", text),
               "every decision is written; still no label names bob", f"state: {scr()}")
        quit_app("alice")

        # 15-17: the project holds exactly the ten decisions.
        rows = export_csv(cli, p, tmp)
        mine = {rid: row["ta_alice"] for rid, row in rows.items() if row["ta_alice"]}
        tap.ok(mine == {rid: v for rid, (v, _, _) in expected.items()},
               "exactly the ten records carry a vote of alice's, each the verdict typed",
               f"project: {mine}\nexpected: {expected}")
        reasons_ok = all((f"alice: {reason}" in rows[rid]["ta_reasons"]) if reason
                         else ("alice:" not in rows[rid]["ta_reasons"])
                         for rid, (_, reason, _) in expected.items())
        notes_ok = all((f"alice: {note}" in rows[rid]["ta_notes"]) if note else ("alice:" not in rows[rid]["ta_notes"])
                       for rid, (_, _, note) in expected.items())
        tap.ok(reasons_ok and notes_ok, "the reasons and the note are recorded with them",
               "\n".join(f"{rid}: {rows[rid]['ta_reasons']!r} {rows[rid]['ta_notes']!r}" for rid in expected))
        events = decision_events(cli, p, "alice", tmp)
        bob = {rid: row["ta_bob"] for rid, row in rows.items() if row["ta_bob"]}
        tap.ok(len(events) == 12 and bob == bob_votes,
               "alice's decision file holds 12 events (the ten, the undone include, its undo); bob's votes are untouched",
               f"{len(events)} events: {[e['verdict'] for e in events]}; bob: {bob}")

        # ---- Project Q: conflicts ----------------------------------------
        q = os.path.join(tmp, "Q.winnow")
        make_project(cli, q, tmp, "q")
        plan = {1: ("include", "exclude"), 2: ("exclude", "include"), 3: ("maybe", "include"),
                4: ("include", "exclude"), 5: ("include", "include"), 6: ("exclude", "exclude")}
        for record, (a, b) in plan.items():
            decide(cli, q, record, "alice", a, reason=REASONS[1] if a == "exclude" else None)
            decide(cli, q, record, "bob", b, reason=REASONS[0] if b == "exclude" else None)
        conflicts = json.loads(run([cli, "conflicts", q, "-s", "ta", "--json"]).stdout)["conflicts"]
        tap.diag(f"conflicts made: {[c['record'] for c in conflicts]}")

        # ---- Run 2: alice at full text: an exclusion needs a reason ------
        start(q, "winnow-screening-ft.log")
        _, state = choose_identity("alice")
        app.key("alt+f")
        state = idle(lambda s: s.get("scr_stage") == "ft" and as_int(s, "scr_record_id") == 5)
        writes = as_int(state or {}, "scr_writes")
        app.key("e")
        prompt = idle(lambda s: s.get("scr_reason_prompt") == "1")
        if prompt is not None:
            shot("screenshot-screening-prompt.png")
        tap.ok(state is not None and as_int(state, "scr_eligible") == 1 and prompt is not None
               and as_int(prompt, "scr_writes") == writes and prompt.get("scr_mine") == "none",
               "Alt+F: record 5, the one both included, at full text; E without a reason asks for one, writes nothing",
               f"state: {scr()}")
        app.key("Escape")
        cancelled = idle(lambda s: s.get("scr_reason_prompt") == "0" and as_int(s, "scr_record_id") == 5)
        app.key("e")
        idle(lambda s: s.get("scr_reason_prompt") == "1")
        app.key("1")
        done = idle(lambda s: as_int(s, "scr_decided") == 1 and as_int(s, "scr_writes") == writes + 1)
        tap.ok(cancelled is not None and done is not None and done.get("scr_content") == "done",
               "Escape cancels; E then 1 excludes it with the first reason; nothing is left at full text",
               f"state: {scr()}")
        quit_app("alice at full text")
        rows = export_csv(cli, q, tmp)
        tap.ok(rows[5]["ft_alice"] == "exclude" and f"alice: {REASONS[0]}" in rows[5]["ft_reasons"],
               "the full-text exclusion is recorded with its reason",
               f"ft_alice {rows[5]['ft_alice']!r}, reasons {rows[5]['ft_reasons']!r}")

        # ---- Run 3: carol settles two conflicts, blind -------------------
        start(q, "winnow-conflicts.log")
        choose_identity("carol")
        app.key("ctrl+5")
        state = app.wait_state(lambda s: s.get("page") == "conflicts" and s.get("cf_loaded") == "1"
                               and s.get("cf_page") == "conflicts" and as_int(s, "cf_record_id") > 0)
        text = (state or {}).get("cf_text", "")
        listed = [int(x) for x in (state or {}).get("cf_ids", "").split(",") if x]
        tap.ok(state is not None and listed == sorted(c["record"] for c in conflicts) and state.get("cf_blind") == "1"
               and state.get("cf_votes_shown") == "0" and state.get("cf_can_adjudicate") == "1"
               and not re.search(r"\b(alice|bob)\b", text),
               f"Ctrl+5 as carol: the {len(listed)} conflicts, blind: no vote shown, no label names alice or bob",
               f"state: {cf(state or app.state())}\ntext: {text[:300]}")
        shot("screenshot-conflicts-blind.png")
        first = as_int(state or {}, "cf_record_id")
        app.key("i")
        state = app.wait_state(lambda s: s.get("cf_busy") == "0" and as_int(s, "cf_count") == len(listed) - 1
                               and as_int(s, "cf_record_id") not in (0, first))
        second = as_int(state or {}, "cf_record_id")
        app.key("2")
        app.wait_state(lambda s: s.get("cf_reason") == REASONS[1])
        app.key("e")
        state = app.wait_state(lambda s: s.get("cf_busy") == "0" and as_int(s, "cf_count") == len(listed) - 2)
        tap.ok(state is not None and first > 0 and second > 0,
               f"I settles record {first}; 2 then E settles record {second}; the next conflict shows",
               f"state: {cf()}")
        quit_app("carol")
        left = json.loads(run([cli, "conflicts", q, "-s", "ta", "--json"]).stdout)["conflicts"]
        rows = export_csv(cli, q, tmp)
        tap.ok(sorted(c["record"] for c in left) == sorted(set(listed) - {first, second})
               and rows[first]["ta_final"] == "included" and rows[second]["ta_final"] == "excluded",
               f"`conflicts --json` no longer lists {first} and {second}; they are included and excluded",
               f"left: {[c['record'] for c in left]}; final: {rows[first]['ta_final']}, {rows[second]['ta_final']}")

        # ---- Run 4: lena ends blinding; the votes side by side -----------
        start(q, "winnow-conflicts-lead.log")
        choose_identity("lena")
        app.key("ctrl+5")
        state = app.wait_state(lambda s: s.get("cf_loaded") == "1" and s.get("cf_page") == "conflicts"
                               and s.get("cf_role") == "lead" and as_int(s, "cf_record_id") > 0)
        app.key("alt+e")
        dialog = app.wait_dialog()
        if dialog:
            app.focus(dialog)
            app.key("Return")
            wait_for(lambda: dialog not in app.visible_windows())
            app.focus()
        state = app.wait_state(lambda s: s.get("cf_loaded") == "1" and s.get("cf_blind") == "0"
                               and s.get("cf_votes_shown") == "2")
        text = (state or {}).get("cf_text", "")
        tap.ok(bool(dialog) and state is not None and "alice" in text and "bob" in text,
               "as lena: Alt+E asks, Enter ends blinding; the two votes show side by side",
               f"dialog {dialog}; state: {cf(state or app.state())}")
        shot("screenshot-conflicts-votes.png")
        app.key("ctrl+6")
        state = app.wait_state(lambda s: s.get("page") == "agreement" and s.get("ag_loaded") == "1")
        tap.ok(state is not None and as_int(state, "ag_pairs") == 1 and state.get("ag_page") == "agreement",
               "Ctrl+6 shows the agreement of alice and bob", f"state: { {k: v for k, v in app.state().items() if k.startswith('ag_')} }")
        shot("screenshot-agreement.png")
        quit_app("lena")

    except Exception as e:  # noqa: BLE001 — report, then fail the plan
        report_error(tap, f"error: {e}", [app])
    finally:
        stop_all([app], display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
