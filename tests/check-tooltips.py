#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tooltips on the controls whose purpose is not written on them.

In ui/*.ui: every button, toggle or menu button that shows only an icon,
and every spin button, drop-down, scale, switch and menu button, has a
tooltip-text. In ui/*.c: every widget made by gtk_button_new_from_icon_name,
gtk_spin_button_new*, gtk_drop_down_new*, gtk_scale_new*, gtk_switch_new or
gtk_menu_button_new gets a tooltip (gtk_widget_set_tooltip_text or _markup
on the same variable, before the function ends).

The AT-SPI test (tests/ui/test-accessibility.py) checks the icon-only
buttons that show at run time; this one also covers what a test run does
not open. Prints TAP; exits 1 when a control has no tooltip.
"""

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

BUTTONS = {"GtkButton", "GtkToggleButton", "GtkMenuButton", "GtkLinkButton"}
ALWAYS = {"GtkSpinButton", "GtkDropDown", "GtkScale", "GtkSwitch", "GtkMenuButton"}
C_MAKERS = re.compile(r"(\w+(?:->\w+)?)\s*=\s*(?:GTK_\w+\s*\(\s*)?(gtk_(?:button_new_from_icon_name|spin_button_new\w*|"
                      r"drop_down_new\w*|scale_new\w*|switch_new|menu_button_new))\s*\(")


def icon_only(obj):
    props = {p.get("name"): p for p in obj.findall("property")}
    if "label" in props:
        return False
    if "icon-name" in props:
        return True
    child = props.get("child")
    inner = child.find("object") if child is not None else None
    if inner is None:
        for c in obj.findall("child"):
            inner = c.find("object")
            break
    return inner is not None and inner.get("class") == "GtkImage"


def check_ui(path, tap):
    root = ET.parse(path).getroot()
    for obj in root.iter("object"):
        cls = obj.get("class")
        if cls not in BUTTONS and cls not in ALWAYS:
            continue
        if cls in BUTTONS and cls not in ALWAYS and not icon_only(obj):
            continue
        names = {p.get("name") for p in obj.findall("property")}
        what = f"{os.path.basename(path)}: {cls} {obj.get('id') or '(no id)'}"
        tap("tooltip-text" in names or "tooltip-markup" in names, f"{what} has a tooltip")


def check_c(path, tap):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = C_MAKERS.search(line)
        if not m:
            continue
        var = m.group(1)
        end = i + 1
        while end < len(lines) and not lines[end].startswith("}"):
            end += 1
        body = "\n".join(lines[i:end])
        pattern = r"gtk_widget_set_tooltip_(text|markup)\s*\(\s*(GTK_WIDGET\s*\(\s*)?" + re.escape(var) + r"\b"
        tap(re.search(pattern, body) is not None,
            f"{os.path.basename(path)}:{i + 1}: {m.group(2)} ({var}) has a tooltip")


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    results = []

    def tap(ok, text):
        results.append((ok, text))

    for path in sorted(glob.glob(os.path.join(srcdir, "ui", "*.ui")) + glob.glob(os.path.join(srcdir, "ui", "gtk", "*.ui"))):
        check_ui(path, tap)
    for path in sorted(glob.glob(os.path.join(srcdir, "ui", "*.c"))):
        check_c(path, tap)
    print(f"1..{len(results)}")
    for i, (ok, text) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {text}")
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
