#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A .winnow file opens in Winnow from the file manager.

The desktop entry and MIME type this build would install are put in a
fresh XDG data folder (XDG_DATA_HOME, with XDG_DATA_DIRS pointing nowhere
else), the MIME and desktop databases are built there as the packaging
triggers do, and GIO — what Files (Nautilus) and every GTK file chooser
ask — is asked, as TAP:
  - a project made by winnow-cli, named *.winnow, is
    application/x-winnow-project;
  - the same project with no extension still is (the magic: "SQLite
    format 3" and Winnow's application_id at offset 68);
  - another program's SQLite file is not, nor a text file that
    mentions "SQLite format 3";
  - the default application for the type is this build's desktop entry,
    and its Exec line passes the file (%f) to `winnow`.
Skips without update-mime-database, update-desktop-database or gio.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

MIME = "application/x-winnow-project"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--desktop", required=True)
    parser.add_argument("--mime", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--bindir", required=True, help="where this build's `winnow` is (TryExec)")
    args = parser.parse_args()

    tools = ["update-mime-database", "update-desktop-database", "gio"]
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        print(f"1..0 # SKIP {', '.join(missing)} not installed")
        return 0

    tmp = tempfile.mkdtemp(prefix="winnow-mime-")
    n = 0
    failed = 0
    print("1..5")

    def ok(passed, name, why=""):
        nonlocal n, failed
        n += 1
        failed += 0 if passed else 1
        print(f"{'ok' if passed else 'not ok'} {n} - {name}")
        if not passed:
            for line in str(why).splitlines():
                print(f"# {line}")

    try:
        data = os.path.join(tmp, "data")
        os.makedirs(os.path.join(data, "mime", "packages"))
        os.makedirs(os.path.join(data, "applications"))
        # The freedesktop.org base types (application/vnd.sqlite3 among
        # them) come from the system's shared-mime-info package.
        system_mime = "/usr/share/mime/packages/freedesktop.org.xml"
        if os.path.exists(system_mime):
            shutil.copy(system_mime, os.path.join(data, "mime", "packages"))
        shutil.copy(args.mime, os.path.join(data, "mime", "packages", args.app_id + ".xml"))
        desktop_name = args.app_id + ".desktop"
        shutil.copy(args.desktop, os.path.join(data, "applications", desktop_name))
        subprocess.run(["update-mime-database", os.path.join(data, "mime")], check=True,
                       capture_output=True, timeout=120)
        subprocess.run(["update-desktop-database", os.path.join(data, "applications")], check=True,
                       capture_output=True, timeout=60)

        env = dict(os.environ, XDG_DATA_HOME=data, XDG_DATA_DIRS=os.path.join(tmp, "nowhere"),
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_CONFIG_DIRS=os.path.join(tmp, "nowhere"),
                   GIO_USE_VFS="local", LC_ALL="C.UTF-8",
                   # GIO hides an entry whose TryExec program is not found.
                   PATH=args.bindir + os.pathsep + os.environ.get("PATH", ""))
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)

        def content_type(path):
            r = subprocess.run(["gio", "info", "-a", "standard::content-type", path], env=env,
                               capture_output=True, text=True, timeout=60)
            for line in r.stdout.splitlines():
                if "standard::content-type:" in line:
                    return line.split(":", 3)[-1].strip()
            return f"(gio failed: {r.stderr.strip()})"

        project = os.path.join(tmp, "review.winnow")
        subprocess.run([os.environ["WINNOW_CLI"], "new", project], check=True, capture_output=True, timeout=60)
        got = content_type(project)
        ok(got == MIME, "a project named *.winnow is a Winnow project", got)

        bare = os.path.join(tmp, "review-copy")
        shutil.copy(project, bare)
        got = content_type(bare)
        ok(got == MIME, "a project with no extension is sniffed as one", got)

        other = os.path.join(tmp, "other.db")
        con = sqlite3.connect(other)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
        got = content_type(other)
        ok(got != MIME, "another program's SQLite file is not a Winnow project", got)

        text = os.path.join(tmp, "notes")
        with open(text, "w") as f:
            f.write("SQLite format 3 is what this note talks about\n")
        got = content_type(text)
        ok(got != MIME, "a text file that mentions SQLite is not a Winnow project", got)

        r = subprocess.run(["gio", "mime", MIME], env=env, capture_output=True, text=True, timeout=60)
        with open(args.desktop, encoding="utf-8") as f:
            exec_lines = [line for line in f if line.startswith("Exec=")]
        ok(desktop_name in r.stdout.split("\n")[0] and exec_lines and "%f" in exec_lines[0]
           and exec_lines[0].split("=", 1)[1].split()[0] == "winnow",
           "Winnow's desktop entry is the default application and receives the file",
           f"{r.stdout}{r.stderr}{exec_lines}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
