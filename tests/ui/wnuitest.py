# SPDX-License-Identifier: GPL-3.0-or-later
"""What the UI tests share: TAP output, an Xvfb display, one `winnow`
process driven with xdotool and read through its WINNOW_TEST_STATE file
(key=value lines, see ui/wn-window.c), and the environment it runs in.

Every wait is bounded (WAIT seconds for any one thing to happen).
"""

import argparse
import os
import shutil
import subprocess
import time

WAIT = 30.0  # seconds, for any one thing to happen


class Tap:
    def __init__(self, planned):
        self.planned = planned
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

    def finish(self):
        """The exit status of the test (1 when a test failed), once the
        tests an error kept from running are failed as "not reached": the
        output still counts as many tests as the plan, so TAP reads a
        failure rather than a broken plan."""
        while self.n < self.planned:
            self.ok(False, "not reached")
        return 1 if self.failed else 0


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

    def focus(self, window=None):
        # No window manager runs under Xvfb: give the window the X input
        # focus directly, then send real (XTEST) key events. A dialog needs
        # it too, or GTK never makes it active (and a text entry in it
        # warns that it lost a focus-out event).
        self.xdotool("windowfocus", "--sync", window or self.window, check=False)
        time.sleep(0.3)

    def wait_dialog(self, other_than=(), timeout=WAIT):
        """A visible window of this process other than the main one and
        those in other_than (a dialog that is closing)."""
        def search():
            others = [w for w in self.visible_windows() if w != self.window and w not in other_than]
            return others[0] if others else None
        return wait_for(search, timeout=timeout, interval=0.1)

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


def report_error(tap, message, apps=()):
    """What a test's except reports of an error that stopped it: message
    as a TAP comment, then the end of each app's log (the apps that are
    None or already stopped have none to show)."""
    tap.diag(message)
    for app in apps:
        if app is not None and not app.log.closed:
            tap.diag(app.log_tail())


def stop_all(apps, display, tmp, others=()):
    """The end of every test, whatever happened: stops the apps (None
    where one never started), then the other processes it started (a
    bus, a fake portal; one reading a pipe on stdin is told the input is
    over first), then the display, and removes the temporary folder."""
    for app in apps:
        if app is not None:
            app.stop()
    for proc in others:
        if proc is not None and proc.stdin is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass
        stop_process(proc)
    if display is not None:
        display.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def command_line(*extra):
    """The arguments every UI test takes (--winnow, --schemas,
    --schema-source, --output-dir; extra names more, each required) and
    winnow-cli's path (WINNOW_CLI); (None, None) after printing TAP's skip
    line when a tool or WINNOW_CLI is missing. Makes the output folder."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--winnow", required=True)
    parser.add_argument("--schemas", required=True, help="folder with gschemas.compiled")
    parser.add_argument("--schema-source", required=True, help="folder with the .gschema.xml")
    parser.add_argument("--output-dir", required=True, help="where screenshots and logs go")
    for name in extra:
        parser.add_argument(name, required=True)
    args = parser.parse_args()

    cli = os.environ.get("WINNOW_CLI")
    missing = missing_tools()
    if missing or not cli:
        print(f"1..0 # SKIP needs {', '.join(missing) or 'WINNOW_CLI'}", flush=True)
        return None, None
    os.makedirs(args.output_dir, exist_ok=True)
    return args, cli


def missing_tools():
    """The programs a UI test needs and this machine lacks."""
    return [tool for tool in ("Xvfb", "xdotool", "import") if shutil.which(tool) is None]


def compiled_schemas(schemas, schema_source, tmp):
    """The folder with this build's compiled GSettings schema, else one
    compiled here from the source schema."""
    if os.path.exists(os.path.join(schemas, "gschemas.compiled")):
        return schemas
    schemas = os.path.join(tmp, "schemas")
    os.makedirs(schemas, exist_ok=True)
    for name in os.listdir(schema_source):
        if name.endswith(".gschema.xml"):
            shutil.copy(os.path.join(schema_source, name), schemas)
    run(["glib-compile-schemas", schemas])
    return schemas


def app_env(display, schemas, tmp):
    """The environment `winnow` runs in: the Xvfb display, settings in
    memory, no session bus, its own XDG folders, no first-run tour."""
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
        # The first-run tour would cover the pages the tests drive; the
        # help test (test-help.py) removes this to see it.
        "WINNOW_NO_TOUR": "1",
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "XDG_STATE_HOME": os.path.join(tmp, "state"),
    })
    env.pop("WAYLAND_DISPLAY", None)
    return env
