#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo project photographed, in English and in German.

What it checks, as TAP:
  - build-aux/make-demo makes the demo project that build-aux/run opens;
  - the real `winnow` opens it and each page the AppStream metadata shows
    is photographed once it has loaded: records, duplicates, screening
    (as Ana, the lead), agreement, PRISMA, extraction — the window alone,
    as appstream-<page>.png in the build directory (build-aux/update-
    screenshots copies them into data/screenshots/ for the metainfo);
  - the same app in German (LANGUAGE=de, the catalogue built from
    po/de.po): on the screening and conflicts pages no label is left in
    English where the catalogue has a German translation, and labels the
    catalogue translates are shown in German; the PRISMA page's status
    line is German; screenshots screenshot-de-screening.png and
    screenshot-de-prisma.png;
  - Ctrl+Q quits cleanly both times.

Skips (TAP "1..0 # SKIP") without Xvfb, xdotool or ImageMagick's import.
"""

import gettext
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (App, Display, Tap, app_env, command_line, compiled_schemas,  # noqa: E402
                      run, stop_all)

N_TESTS = 11
PAGES = [
    # (key, page, ready, file)
    ("ctrl+3", "duplicates", lambda s: s.get("dup_loaded") == "1" and s.get("dup_busy") == "0", "duplicates"),
    ("ctrl+6", "agreement", lambda s: s.get("ag_loaded") == "1" and s.get("ag_page") == "agreement", "agreement"),
    ("ctrl+7", "prisma", lambda s: s.get("prisma_loaded") == "1" and s.get("prisma_page") == "diagram", "prisma"),
]


def main():
    args, cli = command_line("--source-root")
    if args is None:
        return 0
    localedir = os.environ.get("WINNOW_LOCALEDIR", "")

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-shots-")
    display = None
    app = None

    def window_shot(name):
        """The window alone (no desktop around it), as the metadata shows it."""
        path = os.path.join(args.output_dir, name)
        subprocess.run(["import", "-window", app.window, path], env=app.env, check=True,
                       capture_output=True, timeout=30)
        return path

    def start(env, log_name):
        nonlocal app
        app = App([demo], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, log_name))
        state = app.wait_state(lambda s: s.get("page") == "records") \
            if app.find_window() else None
        if state is None:
            raise RuntimeError(f"the demo project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()

    def choose_identity(name):
        app.key("ctrl+4")
        state = app.wait_state(lambda s: s.get("page") == "screening" and s.get("scr_loaded") == "1"
                               and s.get("scr_page") in ("identity", "screen"))
        if state is None:
            return None
        if state.get("scr_page") == "identity":
            people = state.get("scr_reviewers", "").split(",")
            for _ in range(people.index(name)):
                app.key("Down")
            app.key("Return")
        return app.wait_state(lambda s: s.get("scr_page") == "screen" and s.get("scr_identity") == name
                              and s.get("scr_busy") == "0" and s.get("scr_loaded") == "1"
                              and s.get("scr_shown_id", "0") != "0")

    def quit_app(name):
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, f"{name}: Ctrl+Q quits cleanly",
               f"exit status {status}\n{app.log_tail()}" if status != 0 else None)
        app.stop()

    try:
        demo = os.path.join(tmp, "demo.winnow")
        made = subprocess.run([os.path.join(args.source_root, "build-aux", "make-demo"), cli, demo],
                              capture_output=True, text=True, timeout=300)
        tap.ok(made.returncode == 0 and os.path.exists(demo), "build-aux/make-demo makes the demo project",
               made.stderr[-2000:])

        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        env = app_env(display, schemas, tmp)
        env["LANGUAGE"] = ""

        # ---- English: the pages the AppStream metadata shows ------------
        start(env, "screenshots-en.log")
        shots = []
        # Records: a search typed, the first match selected, its details
        # beside the table.
        app.key("ctrl+f")
        app.type("burnout supervision")
        app.key("Return")
        state = app.wait_state(lambda s: s.get("searching") == "0" and s.get("search") == "burnout supervision"
                               and 0 < int(s.get("shown", "0")))
        app.key("Down")
        state = app.wait_state(lambda s: s.get("selected_id", "0") != "0" and s.get("detail_id") == s.get("selected_id")
                               and s.get("detail_title", "") != "")
        if state is not None:
            shots.append(window_shot("appstream-records.png"))
        for key, page, ready, name in PAGES[:2]:
            app.key(key)
            state = app.wait_state(lambda s, page=page, ready=ready: s.get("page") == page and ready(s))
            if state is not None:
                shots.append(window_shot(f"appstream-{name}.png"))
        state = choose_identity("Ana")
        if state is not None:
            shots.append(window_shot("appstream-screening.png"))
        for key, page, ready, name in PAGES[2:]:
            app.key(key)
            state = app.wait_state(lambda s, page=page, ready=ready: s.get("page") == page and ready(s))
            if state is not None:
                shots.append(window_shot(f"appstream-{name}.png"))
        app.key("ctrl+8")
        state = app.wait_state(lambda s: s.get("page") == "extraction" and s.get("ex_loaded") == "1"
                               and s.get("ex_page") == "main" and s.get("ex_study", "") != "")
        if state is not None:
            shots.append(window_shot("appstream-extraction.png"))
        tap.ok(len(shots) == 6, "the six pages of the metadata photographed once loaded",
               f"{len(shots)} of 6: {[os.path.basename(s) for s in shots]}\n{app.state()}")
        sizes = set()
        for shot in shots:
            identify = run(["identify", "-format", "%w %h", shot]).stdout.split()
            sizes.add(tuple(int(v) for v in identify))
        tap.ok(len(sizes) == 1 and all(w >= 900 and h >= 600 for w, h in sizes),
               "every screenshot is the window, the same size", f"sizes: {sizes}")
        quit_app("English")

        # ---- German -----------------------------------------------------
        try:
            de = gettext.translation("winnow", localedir, languages=["de"])
            catalog = {k: v for k, v in de._catalog.items() if isinstance(k, str) and k and v and k != v}
        except OSError:
            catalog = None
        if catalog is None:
            for _ in range(N_TESTS - tap.n):
                tap.ok(True, "# SKIP no German catalogue built (po/de.po)")
            return 0
        german = set(catalog.values())

        env_de = dict(env, LANGUAGE="de")
        start(env_de, "screenshots-de.log")
        state = choose_identity("Ana")
        tap.ok(state is not None, "German: the screening page shows a record for Ana",
               None if state is not None else f"{app.state()}\n{app.log_tail()}")

        def judge(text_key, page):
            labels = [t.strip() for t in (state or {}).get(text_key, "").split(" | ") if t.strip()]
            english = [t for t in labels if t in catalog]
            translated = [t for t in labels if t in german]
            tap.ok(labels and not english, f"German: no label of the {page} page left in English",
                   f"in English: {english}")
            tap.ok(len(translated) >= 3, f"German: the {page} page shows the catalogue's German labels",
                   f"{len(translated)} German labels of {len(labels)}: {translated[:12]}")

        judge("scr_text", "screening")
        shot = window_shot("screenshot-de-screening.png")
        tap.diag(f"screenshot: {shot}")

        app.key("ctrl+5")
        state = app.wait_state(lambda s: s.get("page") == "conflicts" and s.get("cf_loaded") == "1"
                               and s.get("cf_page") in ("conflicts", "empty"))
        judge("cf_text", "conflicts")

        app.key("ctrl+7")
        state = app.wait_state(lambda s: s.get("page") == "prisma" and s.get("prisma_loaded") == "1"
                               and s.get("prisma_page") == "diagram")
        status = (state or {}).get("prisma_status", "")
        shot = window_shot("screenshot-de-prisma.png")
        tap.ok(status != "" and status not in catalog and any(word in status for word in german_words(catalog)),
               "German: the PRISMA page's status line is German", f"status: {status!r}; screenshot {shot}")
        quit_app("German")
    except Exception as e:  # noqa: BLE001 — reported as a failed test
        tap.ok(False, "the test ran to the end", f"{type(e).__name__}: {e}\n{app.log_tail() if app else ''}")
    finally:
        stop_all([app], display, tmp)
    return tap.finish()


def german_words(catalog):
    """Words of four letters or more that the German catalogue uses and its
    English msgids do not."""
    english = set()
    for msgid in catalog:
        english.update(w.lower() for w in msgid.split())
    words = set()
    for msgstr in catalog.values():
        for w in msgstr.split():
            w = w.strip(".,:;()“”„\"'…")
            if len(w) >= 4 and w.isalpha() and w.lower() not in english:
                words.add(w)
    return words


if __name__ == "__main__":
    sys.exit(main())
