#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accessibility through the real stack: the `winnow` binary under Xvfb in
its own D-Bus session with the AT-SPI bus, read the way Orca reads it (the
Atspi bindings), and the desktop's dark style and text size.

What it checks, as TAP:
  - on every page (Ctrl+1 to Ctrl+8: records, searches, duplicates,
    screening, conflicts, agreement, PRISMA, extraction) and in the import
    preview (Ctrl+I, a file typed into the chooser), the search editor and
    the template, verification and coding agreement dialogs, every control that
    shows and can be used — push and toggle buttons, check boxes, radio
    buttons, combo boxes, entries and editable text, spin buttons,
    sliders, links, tabs, focusable list items — has an accessible name;
    each one without is listed by its role and path;
  - every button without a text label of its own (icon only) has a
    tooltip, which GTK 4 hands to AT-SPI as the accessible description;
  - the dark style: a settings portal on the session bus (a small fake
    one, org.freedesktop.portal.Settings) that says color-scheme 1 makes
    Winnow dark at start (dark=1, color_scheme_source=portal in the state
    file); SettingChanged to 0 makes it light while it runs, and back;
  - 1.5× text (WINNOW_TEXT_SCALE=1.5, as the desktop's text scaling
    factor sets gtk-xft-dpi 144) in the dark style: the window still fits
    the screen, and screenshots of the screening and PRISMA pages are
    taken to be looked at.
Screenshots go to the build directory: tests/ui/screenshot-a11y-*.png.

Needs the GObject Introspection bindings of Atspi (Debian's
gir1.2-atspi-2.0 and python3-gi); when the python3 running it has none,
it runs itself again with /usr/bin/python3. Skips (TAP "1..0 # SKIP")
without them, dbus-daemon, at-spi-bus-launcher, Xvfb, xdotool or
ImageMagick's import.
"""

import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wnuitest import (WAIT, App, Display, Tap, app_env, command_line, compiled_schemas,  # noqa: E402
                      report_error, run, stop_all, wait_for)

screening = importlib.import_module("test-screening")
duplicates = importlib.import_module("test-duplicates")

PAGES = ["records", "searches", "duplicates", "screening", "conflicts", "agreement", "prisma", "extraction"]
N_TESTS = len(PAGES) + 8
# GTK 4.8 names a widget with nothing better by its type ("GtkButton"):
# for a person that is no name.
TYPE_NAME = re.compile(r"^(Gtk|Wn|Gdk)[A-Za-z]*$")
BUS_LAUNCHERS = ["/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher"]

# A settings portal with one setting, org.freedesktop.appearance
# color-scheme; each line read on stdin is a new value, sent as
# SettingChanged.
FAKE_PORTAL = r'''
import sys
from gi.repository import Gio, GLib
XML = """<node><interface name="org.freedesktop.portal.Settings">
<method name="Read"><arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="v" direction="out"/></method>
<method name="ReadAll"><arg type="as" direction="in"/><arg type="a{sa{sv}}" direction="out"/></method>
<signal name="SettingChanged"><arg type="s"/><arg type="s"/><arg type="v"/></signal>
<property name="version" type="u" access="read"/>
</interface></node>"""
value = [int(sys.argv[1])]
conn = [None]
def call(connection, sender, path, iface, method, params, invocation):
    ns, key = (params.unpack() + ("", ""))[:2] if method == "Read" else ("", "")
    if method == "Read" and ns == "org.freedesktop.appearance" and key == "color-scheme":
        inner = GLib.Variant("v", GLib.Variant("u", value[0]))
        invocation.return_value(GLib.Variant("(v)", (inner,)))
    elif method == "ReadAll":
        invocation.return_value(GLib.Variant("(a{sa{sv}})", ({"org.freedesktop.appearance":
                                {"color-scheme": GLib.Variant("u", value[0])}},)))
    else:
        invocation.return_dbus_error("org.freedesktop.portal.Error.NotFound", "no such setting")
def prop(*args):
    return GLib.Variant("u", 1)
def acquired(connection, name):
    print("ready", flush=True)
def bus(connection, name):
    conn[0] = connection
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    connection.register_object("/org/freedesktop/portal/desktop", info, call, prop, None)
def line(channel, condition):
    text = sys.stdin.readline()
    if not text:
        loop.quit()
        return False
    value[0] = int(text)
    conn[0].emit_signal(None, "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings",
                        "SettingChanged", GLib.Variant("(ssv)", ("org.freedesktop.appearance",
                        "color-scheme", GLib.Variant("u", value[0]))))
    conn[0].flush_sync(None)
    print("sent", flush=True)
    return True
Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.portal.Desktop", 0, bus, acquired, None)
GLib.io_add_watch(GLib.IOChannel.unix_new(0), GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP, line)
loop = GLib.MainLoop()
loop.run()
'''


def has_atspi():
    try:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi  # noqa: F401
        return True
    except (ImportError, ValueError):
        return False


def start_session_bus():
    """A private dbus-daemon; its process and address."""
    proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    address = proc.stdout.readline().strip()
    if not address:
        raise RuntimeError("dbus-daemon did not start")
    return proc, address


# Roles a person operates; a focusable list item counts too.
def interactive_roles(Atspi):
    R = Atspi.Role
    return {R.PUSH_BUTTON, R.TOGGLE_BUTTON, R.CHECK_BOX, R.RADIO_BUTTON, R.COMBO_BOX, R.ENTRY,
            R.PASSWORD_TEXT, R.SPIN_BUTTON, R.SLIDER, R.LINK, R.PAGE_TAB, R.MENU_ITEM,
            R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM}


def audit(Atspi, root, path=""):
    """(unnamed, untooltipped, checked): the showing, sensitive controls under root
    without an accessible name, and the icon-only buttons without a
    tooltip, each as "role: path"."""
    S = Atspi.StateType
    roles = interactive_roles(Atspi)
    unnamed, untipped, checked = [], [], []

    def walk(node, path, depth):
        if depth > 60:
            return
        try:
            states = node.get_state_set()
            role = node.get_role()
            name = (node.get_name() or "").strip()
            role_name = node.get_role_name()
            n = node.get_child_count()
        except Exception:  # noqa: BLE001 — a node that went away meanwhile
            return
        if not states.contains(S.VISIBLE):
            return
        if TYPE_NAME.match(name):
            name = ""
        here = f"{path}/{role_name}" + (f"[{name[:30]}]" if name else "")
        operable = states.contains(S.SENSITIVE) or states.contains(S.ENABLED)
        text_input = role == Atspi.Role.TEXT and states.contains(S.EDITABLE)
        list_item = role in (Atspi.Role.LIST_ITEM, Atspi.Role.TABLE_ROW) and states.contains(S.FOCUSABLE)
        if operable and (role in roles or text_input or list_item) and on_screen(Atspi, node, root):
            checked.append(here)
            if not name and not labelled_inside(Atspi, node, role):
                hint = ", ".join(t for t in (inner_text(node), node.get_description() or "") if t)
                unnamed.append(f"{role_name}: {here}" + (f" ({hint})" if hint else ""))
            if role in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON) and not has_text_child(Atspi, node):
                if not (node.get_description() or "").strip():
                    untipped.append(f"{role_name}: {here}")
        for i in range(n):
            try:
                child = node.get_child_at_index(i)
            except Exception:  # noqa: BLE001
                continue
            if child is not None:
                walk(child, here, depth + 1)

    walk(root, path, 0)
    return unnamed, untipped, checked


def on_screen(Atspi, node, frame):
    """GTK 4.8 sets SHOWING on windows only, and a page hidden keeps its
    extents: a widget is on screen when it has an extent and, in the main
    window (whose pages come and go), the window, asked what is at the
    middle of it, names it (or something in it). A dialog's hit test is
    off by its decorations in GTK 4.8; its pages were never shown before,
    so an extent is enough there."""
    try:
        if node.get_component_iface() is None:
            return False
        e = node.get_extents(Atspi.CoordType.WINDOW)
        if e.width <= 0 or e.height <= 0:
            return False
        if "Winnow" not in (frame.get_name() or ""):
            return True
        hit = frame.get_accessible_at_point(e.x + e.width // 2, e.y + e.height // 2, Atspi.CoordType.WINDOW)
        for _ in range(12):
            if hit is None:
                return False
            h = hit.get_extents(Atspi.CoordType.WINDOW)
            if (hit.get_role() == node.get_role() and hit.get_name() == node.get_name()
                    and (h.x, h.y, h.width, h.height) == (e.x, e.y, e.width, e.height)):
                return True
            hit = hit.get_parent()
        return False
    except Exception:  # noqa: BLE001
        return False


def inner_text(node, depth=0):
    """The names under node, to say which control a report means."""
    if depth > 4:
        return ""
    out = []
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            out += [t for t in ((child.get_name() or "").strip(), inner_text(child, depth + 1)) if t]
    return " ".join(out)[:60]


def has_text_child(Atspi, node, depth=0):
    """Whether a button shows text of its own (a label among its children)."""
    if depth > 4:
        return False
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is None:
            continue
        text = (child.get_name() or "").strip()
        if child.get_role() == Atspi.Role.LABEL and text and not TYPE_NAME.match(text):
            return True
        if has_text_child(Atspi, child, depth + 1):
            return True
    return False


def labelled_inside(Atspi, node, role):
    """A list item or row is read by its content: named when a label in it
    has text."""
    if role in (Atspi.Role.LIST_ITEM, Atspi.Role.TABLE_ROW):
        return has_text_child(Atspi, node, -4)
    return False


def main():
    # The AT-SPI client library warns when an application comes or goes
    # while it reads the bus; that must not abort this process (the app
    # itself keeps G_DEBUG as the suite sets it).
    g_debug = os.environ.get("G_DEBUG", "")
    if "fatal-warnings" in g_debug and "WINNOW_A11Y_G_DEBUG" not in os.environ:
        os.environ["WINNOW_A11Y_G_DEBUG"] = g_debug
        os.environ["G_DEBUG"] = ",".join(f for f in g_debug.split(",") if f != "fatal-warnings")
        os.execv(sys.executable, [sys.executable] + sys.argv)
    if not has_atspi():
        if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
        print("1..0 # SKIP needs the Atspi GObject bindings (gir1.2-atspi-2.0, python3-gi)")
        return 0
    args, cli = command_line()
    if args is None:
        return 0
    launcher = next((p for p in BUS_LAUNCHERS if os.path.exists(p)), None)
    if shutil.which("dbus-daemon") is None or not launcher:
        print("1..0 # SKIP needs dbus-daemon and at-spi-bus-launcher (at-spi2-core)")
        return 0

    tap = Tap(N_TESTS)
    tmp = tempfile.mkdtemp(prefix="winnow-ui-a11y-")
    display = bus = bus_launcher = portal = app = None

    def shot(name):
        path = os.path.join(args.output_dir, name)
        time.sleep(0.6)
        app.screenshot(path)
        tap.diag(f"screenshot: {path}")
        return path

    try:
        # The project: test-screening.py's, duplicates waiting, a few votes
        # (so Conflicts and Agreement have something to show).
        p = os.path.join(tmp, "P.winnow")
        screening.make_project(cli, p, tmp, "p")
        noisy = os.path.join(tmp, "noisy.ris")
        duplicates.write_noisy_copy(os.path.join(tmp, "p.ris"), noisy, 6)
        run([cli, "import", p, noisy, "--database", "CINAHL", "--platform", "EBSCOhost"])
        run([cli, "dedup", p])
        for record in range(1, 9):
            screening.decide(cli, p, record, "alice", "include")
            screening.decide(cli, p, record, "bob", "include" if record % 2 else "exclude",
                             reason=None if record % 2 else screening.REASONS[0])
        export = os.path.join(tmp, "more.ris")
        run([cli, "synth", "--format", "ris", "--records", "5", "--seed", "99", "-o", export])

        schemas = compiled_schemas(args.schemas, args.schema_source, tmp)
        display = Display()
        tap.diag(f"Xvfb on display {display.name}")
        bus, address = start_session_bus()
        env = app_env(display, schemas, tmp)
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        if "WINNOW_A11Y_G_DEBUG" in env:
            env["G_DEBUG"] = env.pop("WINNOW_A11Y_G_DEBUG")
        env.pop("GTK_A11Y", None)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        os.environ["DISPLAY"] = display.name
        bus_launcher = subprocess.Popen([launcher, "--launch-immediately"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        portal = subprocess.Popen([sys.executable, "-c", FAKE_PORTAL, "1"], env=env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, start_new_session=True)
        ready = portal.stdout.readline().strip()
        tap.diag(f"fake settings portal: {ready or 'did not start'}")
        time.sleep(0.5)

        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi

        app = App([p], args.winnow, env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-a11y.log"))
        state = app.wait_state(lambda s: s.get("page") == "records") if app.find_window() else None
        if state is None:
            raise RuntimeError(f"the project did not open: {app.state()}\n{app.log_tail()}")
        app.focus()

        def accessible_app():
            desktop = Atspi.get_desktop(0)
            for i in range(desktop.get_child_count()):
                child = desktop.get_child_at_index(i)
                try:
                    if child is not None and child.get_process_id() == app.proc.pid:
                        return child
                except Exception:  # noqa: BLE001
                    continue
            return None

        acc = wait_for(accessible_app, timeout=WAIT, interval=0.5)
        if acc is None:
            raise RuntimeError("winnow is not on the accessibility bus")
        tap.diag(f"on the AT-SPI bus as {acc.get_name()!r}")

        # 1: dark at start, from the portal.
        state = app.wait_state(lambda s: s.get("dark") == "1")
        tap.ok(state is not None and state.get("color_scheme_source") == "portal",
               "the portal's color-scheme 1 makes the window dark at start",
               f"dark {app.state().get('dark')}, source {app.state().get('color_scheme_source')}")

        # 2: light while it runs, and dark again.
        portal.stdin.write("0\n")
        portal.stdin.flush()
        light = app.wait_state(lambda s: s.get("dark") == "0")
        portal.stdin.write("1\n")
        portal.stdin.flush()
        dark = app.wait_state(lambda s: s.get("dark") == "1")
        tap.ok(light is not None and dark is not None,
               "SettingChanged 0 makes it light while it runs; 1 makes it dark again")

        def frames():
            out = []
            for i in range(acc.get_child_count()):
                child = acc.get_child_at_index(i)
                # A GtkDialog is exported without SHOWING: visible will do.
                states = child.get_state_set() if child is not None else None
                if states is not None and (states.contains(Atspi.StateType.SHOWING)
                                           or states.contains(Atspi.StateType.VISIBLE)):
                    out.append(child)
            return out

        def check(label):
            # Read again while nothing is found: the tree is filled in as
            # the window is read the first time.
            for _ in range(10):
                unnamed, untipped, checked = [], [], []
                for frame in frames():
                    a, b, c = audit(Atspi, frame, "")
                    unnamed += a
                    untipped += b
                    checked += c
                if checked:
                    break
                time.sleep(1.0)
            tap.diag(f"{label}: {len(checked)} controls checked in "
                     + ", ".join(repr(f.get_name()) for f in frames()))
            if os.environ.get("WINNOW_A11Y_VERBOSE"):
                tap.diag("\n".join(checked))
            return unnamed, untipped

        all_untipped = {}
        # 3-10: every page.
        for page in PAGES:
            app.key(f"ctrl+{PAGES.index(page) + 1}")
            state = app.wait_state(lambda s: s.get("page") == page)
            time.sleep(1.0)
            if page == "screening":
                app.wait_state(lambda s: s.get("scr_loaded") == "1")
            unnamed, untipped = check(page)
            if page == "screening":
                # The identity list (the login name is not a reviewer), then
                # the screen of a reviewer.
                app.key("Return")
                app.wait_state(lambda s: s.get("scr_page") == "screen" and s.get("scr_loaded") == "1")
                time.sleep(0.8)
                more, more_untipped = check(page)
                unnamed += more
                untipped += more_untipped
            for item in untipped:
                all_untipped[item] = page
            tap.ok(state is not None and not unnamed,
                   f"{page}: every control that shows has an accessible name",
                   "\n".join(unnamed) if unnamed else None)
            if page in ("screening", "prisma"):
                shot(f"screenshot-a11y-{page}-dark.png")

        # 11: the import preview.
        app.key("ctrl+1")
        app.wait_state(lambda s: s.get("page") == "records")
        app.key("ctrl+i")
        chooser = app.wait_dialog()
        preview = None
        if chooser:
            app.focus(chooser)
            app.key("ctrl+l")
            time.sleep(0.4)
            app.type(export)
            time.sleep(0.3)
            app.key("Return")
            wait_for(lambda: chooser not in app.visible_windows(), timeout=10)
            preview = app.wait_dialog(other_than=(chooser,))
        unnamed, untipped = [], []
        if preview:
            app.focus(preview)
            time.sleep(1.5)
            unnamed, untipped = check("import")
            for item in untipped:
                all_untipped[item] = "import preview"
            shot("screenshot-a11y-import-dark.png")
            app.key("Escape")
            wait_for(lambda: preview not in app.visible_windows(), timeout=10)
            app.focus()
        tap.ok(bool(preview) and not unnamed, "the import preview: every control has an accessible name",
               "\n".join(unnamed) if unnamed else f"chooser {chooser}, preview {preview}")

        # 12: the dialogs: the search editor (Enter on the searches page),
        # the template, verification and coding agreement (Ctrl+Shift+T, V, K).
        dialog_unnamed = []
        opened = []
        for page, keys, name in ((2, ["Return"], "search editor"), (1, ["ctrl+shift+t"], "template"),
                                 (1, ["ctrl+shift+v"], "verification"), (1, ["ctrl+shift+k"], "coding agreement")):
            app.key(f"ctrl+{page}")
            app.wait_state(lambda s: s.get("page") == PAGES[page - 1])
            time.sleep(0.5)
            for key in keys:
                app.key(key)
            dialog = app.wait_dialog(timeout=10)
            if not dialog:
                dialog_unnamed.append(f"{name}: did not open")
                continue
            opened.append(name)
            app.focus(dialog)
            time.sleep(1.5)
            shot(f"screenshot-a11y-{name.replace(' ', '-')}.png")
            unnamed, untipped = check(name)
            dialog_unnamed += [f"{name}: {u}" for u in unnamed]
            for item in untipped:
                all_untipped[item] = name
            app.key("Escape")
            if not wait_for(lambda: dialog not in app.visible_windows(), timeout=5):
                app.key("ctrl+w")
                wait_for(lambda: dialog not in app.visible_windows(), timeout=5)
            app.focus()
        tap.ok(not dialog_unnamed, f"the dialogs ({', '.join(opened)}): every control has an accessible name",
               "\n".join(dialog_unnamed) or None)

        # 13: icon-only buttons have tooltips.
        tap.ok(not all_untipped, "every icon-only button has a tooltip (its accessible description)",
               "\n".join(f"{v}: {k}" for k, v in all_untipped.items()) or None)

        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "Ctrl+Q quits cleanly", f"exit status {status}\n{app.log_tail()}")
        app.stop()

        # 14-15: 1.5× text in the dark style.
        big_env = dict(env, WINNOW_TEXT_SCALE="1.5", WINNOW_COLOR_SCHEME="dark")
        app = App([p], args.winnow, big_env, os.path.join(tmp, "state.txt"),
                  os.path.join(args.output_dir, "winnow-a11y-large.log"))
        state = app.wait_state(lambda s: s.get("page") == "records") if app.find_window() else None
        geometry = app.xdotool("getwindowgeometry", app.window, check=False) if state else ""
        width = height = 0
        for line in geometry.splitlines():
            if "Geometry:" in line:
                width, height = (int(x) for x in line.split(":")[1].strip().split("x"))
        tap.ok(state is not None and state.get("text_dpi") == "144" and state.get("dark") == "1"
               and state.get("color_scheme_source") == "env" and 0 < width <= 1280 and 0 < height <= 800,
               "WINNOW_TEXT_SCALE=1.5 and WINNOW_COLOR_SCHEME=dark: text at 144 dpi, dark; the window "
               "fits the 1280×800 screen",
               f"state: text_dpi {(state or {}).get('text_dpi')}, dark {(state or {}).get('dark')}; {geometry}")
        if state is not None:
            app.focus()
            app.key("ctrl+4")
            app.wait_state(lambda s: s.get("scr_loaded") == "1")
            app.key("Return")
            app.wait_state(lambda s: s.get("scr_page") == "screen" and s.get("scr_loaded") == "1")
            shot("screenshot-a11y-screening-large.png")
            app.key("ctrl+5")
            app.wait_state(lambda s: s.get("cf_loaded") == "1")
            shot("screenshot-a11y-conflicts-large.png")
            app.key("ctrl+3")
            app.wait_state(lambda s: s.get("dup_loaded") == "1")
            shot("screenshot-a11y-duplicates-large.png")
        app.key("ctrl+q")
        status = app.wait_exit()
        tap.ok(status == 0, "at 1.5× text, Ctrl+Q quits cleanly", f"exit status {status}\n{app.log_tail()}")

    except Exception as e:  # noqa: BLE001 — report, then fail the plan
        report_error(tap, f"error: {e}", [app])
    finally:
        # The fake portal is told its input is over before it is stopped.
        stop_all([app], display, tmp, others=(portal, bus_launcher, bus))

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
