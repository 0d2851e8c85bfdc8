#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Most relevant first, in the real `winnow` under Xvfb.

What it checks, as TAP:
  - a project of 36 records written here: 12 on peer workers' burnout
    (relevant), 24 on surgery (not), the relevant ones every third in
    import order; alice has included one relevant record and excluded one
    other (winnow-cli decide); bob has voted the opposite way on every
    record, so a ranking that used his votes would put surgery first;
  - as alice: O twice switches the order to "Most relevant first"; the
    model trains in the background and the record shown is a relevant
    one, with its predicted relevance on the page;
  - I on each of the next five records: every one shown is relevant;
  - the page's signals: 6 relevant found, 0 screened since the last
    include;
  - nothing is hidden: the queue still holds all 36 records, 7 decided by
    alice, and O back to random order shows the same counts;
  - Ctrl+Q quits cleanly, with no warning in the log.
Screenshot: tests/ui/screenshot-screening-relevance.png.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, WAIT, app_env, as_int, command_line, compiled_schemas, run,  # noqa: E402
                      stop_all)

N_TESTS = 7

SETTINGS = ["community mental health teams", "recovery community organisations", "addiction treatment centres",
            "emergency departments", "homeless services", "veterans' services"]
OUTCOMES = ["burnout", "compassion fatigue", "job satisfaction", "vicarious trauma"]
PROCEDURES = ["Total knee arthroplasty", "Laparoscopic cholecystectomy", "Coronary artery bypass grafting",
              "Hip fracture fixation", "Cataract surgery", "Spinal fusion"]
PATIENTS = ["older adults", "patients with diabetes", "patients with obesity", "smokers"]


def records():
    """(title, abstract, relevant), relevant every third."""
    relevant = []
    for i in range(12):
        setting = SETTINGS[i % len(SETTINGS)]
        outcome = OUTCOMES[i % len(OUTCOMES)]
        relevant.append((f"Peer support workers in {setting}: {outcome}, supervision and role clarity",
                         f"Peer support workers with lived experience of recovery reported {outcome}. "
                         f"Supervision, caseloads and organisational support in {setting} shaped their "
                         "wellbeing and turnover intention.", True))
    other = []
    for i in range(24):
        procedure = PROCEDURES[i % len(PROCEDURES)]
        patients = PATIENTS[i % len(PATIENTS)]
        other.append((f"{procedure} in {patients}: complications and length of stay (cohort {i + 1})",
                      f"We reviewed {procedure.lower()} in {patients}. Postoperative complications, "
                      "readmission, mortality and length of hospital stay were compared between "
                      "surgical techniques and anaesthesia.", False))
    out = []
    for i in range(12):
        out += [other[2 * i], other[2 * i + 1], relevant[i]]
    return out


def write_ris(path, recs):
    with open(path, "w", encoding="utf-8") as f:
        for i, (title, abstract, _) in enumerate(recs):
            f.write(f"TY  - JOUR\nTI  - {title}\nAU  - Author{i}, A.\nPY  - {2010 + i % 12}\n"
                    f"JO  - Journal {i % 5}\nAB  - {abstract}\nER  - \n\n")


def main():
    args, cli = command_line()
    if args is None:
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-prioritise-")
    display = None
    app = None
    recs = records()
    relevant_titles = {title for title, _, relevant in recs if relevant}

    def scr(state=None):
        s = state if state is not None else app.state()
        return {k: v for k, v in s.items() if k.startswith("scr_") and k != "scr_text"}

    def idle(predicate, timeout=WAIT):
        return app.wait_state(lambda s: s.get("scr_busy") == "0" and s.get("scr_loaded") == "1"
                              and s.get("scr_rank_running") == "0" and predicate(s), timeout=timeout)

    try:
        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)

        project = os.path.join(tmp, "prioritise.winnow")
        ris = os.path.join(tmp, "records.ris")
        write_ris(ris, recs)
        run([cli, "new", project])
        run([cli, "import", project, ris, "--database", "PsycINFO", "--platform", "EBSCOhost"])
        for person in ("alice", "bob"):
            run([cli, "reviewer", "add", project, person, "--role", "reviewer"])
        # Record ids follow import order (1-based). alice: one each way.
        run([cli, "decide", project, "3", "include", "-r", "alice", "-s", "ta"])
        run([cli, "decide", project, "1", "exclude", "-r", "alice", "-s", "ta"])
        # bob: the opposite of the truth everywhere.
        for i, (_, _, relevant) in enumerate(recs):
            run([cli, "decide", project, str(i + 1), "exclude" if relevant else "include", "-r", "bob", "-s", "ta"])

        app = App([project], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-prioritise.log"))
        state = app.wait_state(lambda s: s.get("page") == "records") if app.find_window() else None
        if state is None:
            raise RuntimeError(f"the project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_page") == "identity"
                               and s.get("scr_loaded") == "1")
        if state is None:
            raise RuntimeError(f"no identity page: {scr()}")
        people = state.get("scr_reviewers", "").split(",")
        for _ in range(people.index("alice")):
            app.key("Down")
        app.key("Return")
        state = idle(lambda s: s.get("scr_page") == "screen" and s.get("scr_identity") == "alice")
        if state is None:
            raise RuntimeError(f"alice's queue did not open: {scr()}")

        # 1: O twice: most relevant first, trained on alice's two votes.
        app.key("o")
        app.wait_state(lambda s: s.get("scr_order") == "id")
        app.key("o")
        state = idle(lambda s: s.get("scr_order") == "relevance" and s.get("scr_rank_trained") == "1"
                     and as_int(s, "scr_ranked") >= 1 and as_int(s, "scr_shown_id") == as_int(s, "scr_record_id")
                     and "Predicted relevance" in s.get("scr_relevance", ""), timeout=30)
        first = (state or {}).get("scr_record_title", "")
        tap.ok(state is not None and first in relevant_titles,
               "O twice: most relevant first; the record shown is a relevant one, its predicted relevance shown",
               f"title {first!r}; state {scr()}\n{app.log_tail()}")
        time.sleep(0.5)
        app.screenshot(os.path.join(args.output_dir, "screenshot-screening-relevance.png"))

        # 2: the next five shown are relevant too.
        shown = [first]
        for _ in range(5):
            state = app.state()
            record = as_int(state, "scr_record_id")
            decided = as_int(state, "scr_decided")
            app.key("i")
            state = idle(lambda s, r=record, d=decided: as_int(s, "scr_decided") == d + 1
                         and as_int(s, "scr_record_id") != r
                         and as_int(s, "scr_shown_id") == as_int(s, "scr_record_id"))
            if state is None:
                break
            shown.append(state.get("scr_record_title", ""))
        wrong = [t for t in shown if t not in relevant_titles]
        tap.ok(len(shown) == 6 and not wrong,
               "after five includes, every record the queue brought was relevant (bob's opposite votes unused)",
               f"shown {shown}; not relevant {wrong}; state {scr()}")

        # 3: the stopping signals.
        state = idle(lambda s: "6 relevant found" in s.get("scr_relevance", ""), timeout=20)
        text = (state or app.state()).get("scr_relevance", "")
        tap.ok(state is not None and "0 screened since the last include" in text,
               "the page counts 6 relevant found and 0 screened since the last include",
               f"relevance {text!r}")

        # 4: nothing hidden, in either order.
        state = app.state()
        counts = (as_int(state, "scr_eligible"), as_int(state, "scr_decided"))
        app.key("o")
        after = idle(lambda s: s.get("scr_order") == "random")
        counts_after = (as_int(after, "scr_eligible"), as_int(after, "scr_decided")) if after else None
        tap.ok(counts == (36, 7) and counts_after == (36, 7) and after.get("scr_relevance") == "",
               "nothing is hidden: 36 records in the queue, 7 decided, in relevance and in random order",
               f"relevance order {counts}; random order {counts_after}; state {scr()}")

        # 5-7: quit; no warnings.
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "Ctrl+Q quits", f"exit {status}")
        bad_lines = [line for line in app.log_tail(200).splitlines()
                     if "CRITICAL" in line or "WARNING" in line or "Gtk-" in line]
        tap.ok(not bad_lines, "no warnings in the log", "\n".join(bad_lines[:10]))
        tap.ok(True, "the test ran to the end")
    except Exception as error:  # noqa: BLE001 - a TAP test reports every failure
        tap.ok(False, f"the test ran to the end: {error}", app.log_tail() if app else None)
    finally:
        stop_all([app], display, tmp)
    return tap.finish()

if __name__ == "__main__":
    sys.exit(main())
