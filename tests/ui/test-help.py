#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The user guide and the first-run tour, in the real `winnow` under Xvfb.

What it checks, as TAP:
  - on the first run (fresh settings, kept in a keyfile so a second run
    sees them) the tour starts once the project shows: step 1 of 8 on the
    Records page, the keyboard in its popover;
  - Right and Enter go forward, each step showing its page; Left goes back;
    Escape ends the tour, the page shown before comes back and the keyboard
    returns to the window; the project is unchanged;
  - a second run does not show the tour; the main menu's "Take the Tour"
    (F10, U) starts it again;
  - F1 on the Screening page opens the guide at the screening page, with
    the keyboard in the page; Shift+Tab reaches the list of pages and Down
    shows the next one; Tab reaches a link and Enter follows it; Alt+Left
    goes back; Ctrl+F filters the pages; F1 on the PRISMA page shows the
    PRISMA page of the guide; Ctrl+W closes it; closing the main window
    with the guide open ends Winnow (the guide does not run on alone);
  - in German (LANGUAGE=de), F1 on the PRISMA page shows the German page
    (the title of data/help/de/prisma.md).
Screenshots go to the build directory (tests/ui/screenshot-help-*.png).
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, app_env, as_int, command_line, compiled_schemas, run,  # noqa: E402
                      stop_all)

N_TESTS = 19


def main():
    args, cli = command_line()
    if args is None:
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-help-")
    display = None
    apps = []

    def shot(name):
        time.sleep(1.0)  # the last frame drawn, popovers included
        return apps[-1].screenshot(os.path.join(args.output_dir, f"screenshot-help-{name}.png"))

    try:
        project = os.path.join(tmp, "P.winnow")
        ris = os.path.join(tmp, "recs.ris")
        run([cli, "new", project])
        run([cli, "synth", "--records", "300", "--seed", "5", "-o", ris])
        run([cli, "import", project, ris, "--database", "PsycINFO"])
        info_before = run([cli, "info", project, "--json"]).stdout

        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        env = app_env(display, schemas, tmp)
        # A first run: no WINNOW_NO_TOUR, and settings in a keyfile under
        # this test's XDG_CONFIG_HOME, so the second run remembers.
        env.pop("WINNOW_NO_TOUR", None)
        env["GSETTINGS_BACKEND"] = "keyfile"

        def start(name):
            app = App([project], args.winnow, env, os.path.join(tmp, f"state-{name}.txt"),
                      os.path.join(args.output_dir, f"winnow-help-{name}.log"))
            apps.append(app)
            if app.find_window() is None:
                raise RuntimeError("no window\n" + app.log_tail())
            app.focus()
            return app

        # 1–2: the tour on the first run.
        app = start("first")
        state = app.wait_state(lambda s: s.get("tour") == "1" and s.get("tour_step") == "1")
        tap.ok(state is not None and state.get("view") == "records" and state.get("tour_steps") == "8",
               "on the first run the tour starts at step 1 of 8, on the Records page",
               None if state else f"state: {app.state()}\n{app.log_tail()}")
        state = app.wait_state(lambda s: s.get("tour_focus") == "1")
        shot("tour-1")
        tap.ok(state is not None, "the keyboard is in the tour's popover", None if state else app.state())

        # 3–5: forward with Right and Enter, back with Left.
        app.key("Right")
        state = app.wait_state(lambda s: s.get("tour_step") == "2" and s.get("view") == "duplicates"
                               and s.get("tour_focus") == "1")
        tap.ok(state is not None, "Right: step 2, the Duplicates page", None if state else app.state())
        app.key("Return")
        state = app.wait_state(lambda s: s.get("tour_step") == "3" and s.get("view") == "screening"
                               and s.get("tour_focus") == "1")
        shot("tour-3")
        tap.ok(state is not None, "Enter: step 3, the Screening page", None if state else app.state())
        app.key("Left")
        state = app.wait_state(lambda s: s.get("tour_step") == "2" and s.get("view") == "duplicates")
        tap.ok(state is not None, "Left: back to step 2", None if state else app.state())

        # 6–7: Escape ends it; nothing in the project changed.
        app.key("Escape")
        state = app.wait_state(lambda s: s.get("tour") == "0" and s.get("view") == "records"
                               and s.get("page") == "records" and s.get("tour_focus") == "0")
        tap.ok(state is not None, "Escape ends the tour and the Records page comes back",
               None if state else app.state())
        # The keyboard is back in the window: Ctrl+2 switches the page.
        app.key("ctrl+2")
        state = app.wait_state(lambda s: s.get("view") == "searches")
        info_after = run([cli, "info", project, "--json"]).stdout
        tap.ok(state is not None and info_after == info_before,
               "the keyboard is back in the window, and the project is unchanged",
               f"state: {app.state().get('view')}\nbefore: {info_before}\nafter: {info_after}")
        app.key("ctrl+q")
        app.wait_exit()
        app.stop()

        # 8–9: the second run has no tour; Take the Tour starts it.
        app = start("second")
        state = app.wait_state(lambda s: s.get("page") == "records")
        # The first run's tour was offered within a fraction of a second of
        # the page showing; give a second run the same time and more.
        later = app.wait_state(lambda s: s.get("tour") == "1", timeout=3.0)
        state = app.state()
        tap.ok(later is None and state.get("tour") == "0" and as_int(state, "tour_runs", 0) == 0,
               "a second run does not show the tour", state)
        app.key("F10")
        app.key("u")
        state = app.wait_state(lambda s: s.get("tour") == "1" and s.get("tour_step") == "1"
                               and s.get("tour_focus") == "1")
        tap.ok(state is not None, "Take the Tour in the main menu (F10, U) starts it again",
               None if state else f"{app.state()}\n{app.log_tail()}")
        app.key("Escape")
        app.wait_state(lambda s: s.get("tour") == "0")

        # 10: F1 on the Screening page: the guide at its screening page.
        app.key("ctrl+4")
        app.wait_state(lambda s: s.get("page") == "screening")
        app.key("F1")
        state = app.wait_state(lambda s: s.get("help_open") == "1" and s.get("help_page") == "screening.md")
        help_window = app.wait_dialog()
        if help_window:
            app.focus(help_window)
        state = app.wait_state(lambda s: s.get("help_page") == "screening.md" and s.get("help_focus") == "text")
        shot("screening")
        tap.ok(state is not None and state.get("help_title") == "Screening",
               "F1 on the Screening page opens the guide at “Screening”, the keyboard in the page",
               None if state else f"{app.state()}\n{app.log_tail()}")

        # 11: the list of pages by keyboard.
        app.key("shift+Tab")
        state = app.wait_state(lambda s: s.get("help_focus") == "sidebar")
        app.key("Down")
        state = app.wait_state(lambda s: s.get("help_page") == "working-apart.md")
        tap.ok(state is not None, "Shift+Tab reaches the list of pages; Down shows the next page",
               None if state else app.state())

        # 12–13: Tab to a link, Enter follows it; Alt+Left goes back.
        app.key("Tab")
        app.wait_state(lambda s: s.get("help_focus") == "text")
        app.key("Tab")
        state = app.wait_state(lambda s: s.get("help_focus") == "link" and s.get("help_focus_link"))
        target = state.get("help_focus_link") if state else None
        shot("link")
        app.key("Return")
        state = app.wait_state(lambda s: target and s.get("help_page") == target)
        tap.ok(state is not None and target != "working-apart.md",
               f"Tab reaches a link and Enter follows it (to {target})", None if state else app.state())
        app.key("alt+Left")
        state = app.wait_state(lambda s: s.get("help_page") == "working-apart.md")
        tap.ok(state is not None, "Alt+Left goes back to the page before", None if state else app.state())

        # 14–15: the search.
        app.key("ctrl+f")
        app.type("kappa")
        state = app.wait_state(lambda s: s.get("help_search") == "kappa" and 0 < as_int(s, "help_pages") < 12)
        shot("search")
        tap.ok(state is not None, "Ctrl+F and a word keep only the pages that mention it",
               None if state else app.state())
        app.key("Return")
        state = app.wait_state(lambda s: s.get("help_page") not in ("working-apart.md", None)
                               and s.get("help_focus") == "sidebar")
        page = state.get("help_page") if state else ""
        text = ""
        if page:
            with open(os.path.join(args.schema_source, "help", page), encoding="utf-8") as f:
                text = f.read().lower()
        tap.ok(state is not None and "kappa" in text,
               f"Enter in the search opens the first page found ({page}), which mentions it",
               None if state else app.state())

        # 16: context again, from the PRISMA page.
        app.focus()
        app.key("ctrl+7")
        app.wait_state(lambda s: s.get("page") == "prisma")
        app.key("F1")
        state = app.wait_state(lambda s: s.get("help_page") == "prisma.md" and s.get("help_open") == "1")
        tap.ok(state is not None, "F1 on the PRISMA page shows the guide's PRISMA page",
               None if state else app.state())

        # 17: Ctrl+W closes the guide.
        help_window = app.wait_dialog()
        if help_window:
            app.focus(help_window)
        app.key("ctrl+w")
        state = app.wait_state(lambda s: s.get("help_open") == "0")
        tap.ok(state is not None and app.proc.poll() is None, "Ctrl+W closes the guide, and Winnow runs on",
               None if state else app.state())

        # 18: the guide goes with the last main window: closing the window
        # while the guide is open ends Winnow.
        app.key("F1")
        state = app.wait_state(lambda s: s.get("help_open") == "1")
        app.focus()
        app.key("ctrl+w")
        status = app.wait_exit()
        tap.ok(state is not None and status == 0,
               "closing the main window closes the guide too, and Winnow ends",
               f"exit status {status}; {app.state()}\n{app.log_tail()}")
        app.stop()

        # 19: the guide in German.
        def first_heading(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("# "):
                        return line[2:].strip()
            return None
        english = first_heading(os.path.join(args.schema_source, "help", "prisma.md"))
        german = first_heading(os.path.join(args.schema_source, "help", "de", "prisma.md"))
        env["LANGUAGE"] = "de"
        env["WINNOW_NO_TOUR"] = "1"
        app = start("de")
        app.wait_state(lambda s: s.get("page") == "records")
        app.key("ctrl+7")
        app.wait_state(lambda s: s.get("page") == "prisma")
        app.key("F1")
        state = app.wait_state(lambda s: s.get("help_page") == "prisma.md" and s.get("help_title") == german)
        shot("de")
        tap.ok(state is not None and german is not None and german != english,
               f"in German, F1 on the PRISMA page shows the German guide (“{german}”, not “{english}”)",
               None if state else f"expected title {german!r}; {app.state()}")
    except Exception as e:  # noqa: BLE001
        tap.diag(f"error: {e}")
    finally:
        stop_all(apps, display, tmp)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
