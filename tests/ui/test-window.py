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
  - Escape clears the search; Ctrl+Q quits cleanly;
  - a file that is not a project is refused with a dialog and left untouched;
  - started without a project, the window shows the start page.
Screenshots go to the build directory (tests/ui/screenshot-*.png).

The window tells the test what it shows through the WINNOW_TEST_STATE file
(key=value lines, see ui/wn-window.c). Every wait is bounded; Xvfb and the
app are always stopped at the end. Without Xvfb or xdotool the test skips.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SEARCH_WORD = "burnout"
N_RECORDS = 3000
WAIT = 30.0  # seconds, for any one thing to happen


class Tap:
    def __init__(self, planned):
        self.n = 0
        self.failed = 0
        print(f"1..{planned}", flush=True)

    def ok(self, passed, name, diagnostics=None):
        self.n += 1
        if not passed:
            self.failed += 1
        print(f"{'ok' if passed else 'not ok'} {self.n} - {name}", flush=True)
        if diagnostics:
            for line in str(diagnostics).splitlines():
                print(f"# {line}", flush=True)
        return passed

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120, **kwargs)


def read_state(path):
    state = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    state[key] = value
    except FileNotFoundError:
        pass
    return state


def wait_for(predicate, timeout=WAIT, interval=0.1):
    """Polls predicate() until it returns something true; returns that or None."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(interval)


def as_int(state, key, default=-1):
    try:
        return int(state.get(key, ""))
    except ValueError:
        return default


class Display:
    """An Xvfb server on a display number it picks itself (-displayfd)."""

    def __init__(self):
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        os.close(write_fd)
        number = b""
        deadline = time.monotonic() + WAIT
        os.set_blocking(read_fd, False)
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            try:
                chunk = os.read(read_fd, 16)
                if chunk == b"":
                    break
                number += chunk
            except BlockingIOError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        os.close(read_fd)
        if not number.strip():
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.name = ":" + number.decode().strip()

    def stop(self):
        stop_process(self.proc)


def stop_process(proc, timeout=5.0):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


class App:
    """One `winnow` process with its own state file and log."""

    def __init__(self, args, winnow, env, state_path, log_path):
        self.state_path = state_path
        self.log_path = log_path
        self.env = env
        if os.path.exists(state_path):
            os.unlink(state_path)
        self.log = open(log_path, "w", encoding="utf-8")
        app_env = dict(env, WINNOW_TEST_STATE=state_path)
        self.proc = subprocess.Popen([winnow] + args, env=app_env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.window = None

    def state(self):
        return read_state(self.state_path)

    def wait_state(self, predicate, timeout=WAIT):
        def check():
            if self.proc.poll() is not None:
                return None
            s = self.state()
            return s if s and predicate(s) else None
        return wait_for(check, timeout)

    def xdotool(self, *args, check=True):
        result = subprocess.run(["xdotool"] + list(args), env=self.env, capture_output=True,
                                text=True, timeout=WAIT)
        if check and result.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout.strip()

    def find_window(self):
        """The visible top-level window of this process whose name has "Winnow"."""
        def search():
            if self.proc.poll() is not None:
                return None
            out = self.xdotool("search", "--onlyvisible", "--pid", str(self.proc.pid),
                               "--name", "Winnow", check=False)
            ids = [w for w in out.split() if w]
            return ids[0] if ids else None
        self.window = wait_for(search, timeout=WAIT, interval=0.2)
        return self.window

    def visible_windows(self):
        out = self.xdotool("search", "--onlyvisible", "--pid", str(self.proc.pid), check=False)
        return [w for w in out.split() if w]

    def title(self):
        return self.xdotool("getwindowname", self.window, check=False)

    def focus(self):
        # No window manager runs under Xvfb: give the window the X input
        # focus directly, then send real (XTEST) key events.
        self.xdotool("windowfocus", "--sync", self.window, check=False)
        time.sleep(0.3)

    def key(self, *keys):
        self.xdotool("key", "--clearmodifiers", "--delay", "60", *keys)
        time.sleep(0.2)

    def type(self, text):
        self.xdotool("type", "--clearmodifiers", "--delay", "60", text)

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True,
                       capture_output=True, timeout=WAIT)
        return path

    def wait_exit(self, timeout=10.0):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def log_tail(self, lines=30):
        self.log.flush()
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        stop_process(self.proc)
        self.log.close()


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
    parser = argparse.ArgumentParser()
    parser.add_argument("--winnow", required=True)
    parser.add_argument("--schemas", required=True, help="folder with gschemas.compiled")
    parser.add_argument("--schema-source", required=True, help="folder with the .gschema.xml")
    parser.add_argument("--output-dir", required=True, help="where screenshots and logs go")
    args = parser.parse_args()

    cli = os.environ.get("WINNOW_CLI")
    missing = [tool for tool in ("Xvfb", "xdotool", "import") if shutil.which(tool) is None]
    if missing or not cli:
        print(f"1..0 # SKIP needs {', '.join(missing) or 'WINNOW_CLI'}")
        return 0

    tap = Tap(10)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-test-")
    os.makedirs(args.output_dir, exist_ok=True)
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

        # Settings: the compiled schema of this build, else compile the source.
        schemas = args.schemas
        if not os.path.exists(os.path.join(schemas, "gschemas.compiled")):
            schemas = os.path.join(tmp, "schemas")
            os.makedirs(schemas)
            for name in os.listdir(args.schema_source):
                if name.endswith(".gschema.xml"):
                    shutil.copy(os.path.join(args.schema_source, name), schemas)
            run(["glib-compile-schemas", schemas])

        display = Display()
        tap.diag(f"Xvfb on display {display.name}")

        env = dict(os.environ)
        env.update({
            "DISPLAY": display.name,
            "GDK_BACKEND": "x11",
            "GSETTINGS_SCHEMA_DIR": schemas,
            "GSETTINGS_BACKEND": "memory",
            # No session bus: each run is its own (non-unique) instance and
            # never hands its files to a Winnow the developer has open.
            "DBUS_SESSION_BUS_ADDRESS": "disabled:",
            "GTK_A11Y": "none",
            "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
            "XDG_DATA_HOME": os.path.join(tmp, "data"),
            "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
            "XDG_STATE_HOME": os.path.join(tmp, "state"),
        })
        env.pop("WAYLAND_DISPLAY", None)

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
        tap.diag(f"error: {e}")
        for app in apps:
            tap.diag(app.log_tail())
    finally:
        for app in apps:
            app.stop()
        if display is not None:
            display.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    while tap.n < 10:
        tap.ok(False, "not reached")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
