#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""WCAG 2.1 AA contrast of the colours Winnow sets, in the light and the
dark style.

Reads ui/style.css (the light style, and the base of the dark one) and
ui/style-dark.css (what the dark style changes, loaded over style.css by
wn-accessibility.c), and for every rule that sets a colour or a
background computes the contrast ratio of its text (or, for icons and
plot marks, its colour) against what it is drawn on:

  - text needs 4.5:1; large text (at least 18pt, or 14pt bold) and
    non-text marks (image.* rules, @wn_agreement_series_*) 3:1;
  - a colour given as alpha(C, a) is blended over what is under it;
    alpha(currentColor, a) blends the theme's text colour;
  - a rule without a colour has the theme's text; without a background,
    the page's (every page and pane backdrop in use is tried);
  - @define-color pairs NAME_fg / NAME_bg (the highlight colours) are
    text on background; NAME_dark variants are checked in the dark style
    only, the others in the light one;
  - @wn_agreement_threshold (text on the agreement plot) needs 4.5:1
    against the page; the series colours 3:1.

The theme colours tried: GTK 4.8's own Adwaita (window #f6f5f4, view
#ffffff, text #2e3436; dark: window #353535, view #2d2d2d, text #eeeeec)
and libadwaita's (#fafafa / #ffffff, #000000 at 80 %; dark #242424 /
#1e1e1e, #ffffff), so a colour passes under either.

Also: every font-size is relative (em, %, smaller…), never px or pt, so
text follows the desktop's text size.

Prints TAP, one line per style and rule; exits 1 when any pair is below AA
or a font size is absolute.
"""

import os
import re
import sys

LIGHT = {"bg": ["#ffffff", "#fafafa", "#f6f5f4"], "fg": ["#2e3436", "#000000", "#333333"]}
DARK = {"bg": ["#242424", "#1e1e1e", "#2d2d2d", "#353535"], "fg": ["#ffffff", "#eeeeec"]}

# Decoration WCAG does not ask contrast of (1.4.11 exempts what is not
# needed to understand the page): the faint icon of an empty page, beside
# its title that says the same.
DECORATIVE = {".wn-status-icon"}

HEX = re.compile(r"#([0-9a-fA-F]{6})\b")


def rgb(hex_colour):
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def blend(top, alpha, under):
    return tuple(alpha * t + (1 - alpha) * u for t, u in zip(top, under))


def luminance(c):
    def channel(v):
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def parse(text):
    """(defines, rules): @define-color names → value text; rules as
    (selector, {property: value})."""
    text = strip_comments(text)
    defines = dict(re.findall(r"@define-color\s+([\w-]+)\s+([^;]+);", text))
    text = re.sub(r"@define-color[^;]+;", "", text)
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        props = {}
        for decl in body.split(";"):
            name, sep, value = decl.partition(":")
            if sep:
                props[name.strip()] = value.strip()
        rules.append((" ".join(selector.split()), props))
    return defines, rules


def resolve(value, defines, fg, under):
    """A CSS colour as RGB drawn over under (fg: the current text colour);
    None for what is not a plain colour (theme colours, mix())."""
    value = value.strip()
    m = re.fullmatch(r"@([\w-]+)", value)
    if m:
        if m.group(1) in defines:
            return resolve(defines[m.group(1)], defines, fg, under)
        return None
    m = re.fullmatch(r"alpha\((.+),\s*([\d.]+)\)", value)
    if m:
        inner = fg if m.group(1).strip() == "currentColor" else resolve(m.group(1), defines, fg, under)
        return None if inner is None else blend(inner, float(m.group(2)), under)
    if value == "currentColor":
        return fg
    if HEX.fullmatch(value):
        return rgb(value)
    return None


def large_text(props):
    size = props.get("font-size", "")
    bold = props.get("font-weight", "") in ("bold", "700", "800", "900")
    m = re.fullmatch(r"([\d.]+)(pt|em|px|%)", size)
    if not m:
        return False
    n = float(m.group(1))
    pt = {"pt": n, "em": n * 11, "px": n * 0.75, "%": n * 0.11}[m.group(2)]
    return pt >= 18 or (bold and pt >= 14)


def check_style(name, defines, rules, theme, dark, tap):
    failures = 0
    # The @define-color pairs.
    for key in sorted(defines):
        m = re.fullmatch(r"(wn_[\w]+)_fg(_dark)?", key)
        if not m or bool(m.group(2)) != dark:
            continue
        bg_key = f"{m.group(1)}_bg{m.group(2) or ''}"
        if bg_key not in defines:
            continue
        fg = resolve(defines[key], defines, None, None)
        bg = resolve(defines[bg_key], defines, None, None)
        r = ratio(fg, bg)
        failures += tap(r >= 4.5, f"{name}: @{key} on @{bg_key}: {r:.2f}:1 (text, 4.5)")
    # The agreement plot: threshold text and series marks on the page.
    for key in sorted(defines):
        m = re.fullmatch(r"wn_agreement_(threshold|series_\d+)(_dark)?", key)
        if not m or bool(m.group(2)) != dark:
            continue
        need = 4.5 if m.group(1) == "threshold" else 3.0
        colour = resolve(defines[key], defines, None, None)
        r = min(ratio(colour, rgb(bg)) for bg in theme["bg"])
        failures += tap(r >= need, f"{name}: @{key} on the page: {r:.2f}:1 ({'text' if need > 3 else 'marks'}, {need})")
    # The rules; a :hover or :disabled rule keeps what its base rule sets.
    base = {}
    for selector, props in rules:
        base.setdefault(selector, {}).update(props)
    for selector, props in rules:
        if "color" not in props and "background-color" not in props:
            continue
        if selector in DECORATIVE:
            continue
        if ":" in selector:
            props = dict(base.get(selector.split(":")[0], {}), **props)
        icon = selector.startswith("image") or re.search(r">\s*image$", selector) is not None
        need = 3.0 if icon or large_text(props) else 4.5
        worst = None
        for page in theme["bg"]:
            for text in theme["fg"]:
                page_rgb, text_rgb = rgb(page), rgb(text)
                bg = page_rgb
                if "background-color" in props:
                    bg = resolve(props["background-color"], defines, text_rgb, page_rgb)
                    if bg is None:
                        bg = page_rgb
                fg = text_rgb
                if "color" in props:
                    fg = resolve(props["color"], defines, text_rgb, bg)
                    if fg is None:
                        continue
                r = ratio(fg, bg)
                worst = r if worst is None else min(worst, r)
        if worst is None:
            continue
        kind = "icon" if icon else ("large text" if need == 3.0 else "text")
        failures += tap(worst >= need, f"{name}: {selector}: {worst:.2f}:1 ({kind}, {need})")
    return failures


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    with open(os.path.join(srcdir, "ui", "style.css"), encoding="utf-8") as f:
        light_defines, light_rules = parse(f.read())
    dark_path = os.path.join(srcdir, "ui", "style-dark.css")
    dark_defines, dark_rules = {}, []
    if os.path.exists(dark_path):
        with open(dark_path, encoding="utf-8") as f:
            dark_defines, dark_rules = parse(f.read())

    # The dark style: style.css with style-dark.css's rules over it.
    merged = {}
    order = []
    for selector, props in light_rules + dark_rules:
        if selector not in merged:
            merged[selector] = {}
            order.append(selector)
        merged[selector].update(props)
    dark_rules_all = [(s, merged[s]) for s in order]
    dark_defines_all = dict(light_defines, **dark_defines)

    lines = []

    def tap(ok, text):
        lines.append((ok, text))
        return 0 if ok else 1

    # Font sizes follow the desktop's text size: relative units only.
    for selector, props in light_rules + dark_rules:
        size = props.get("font-size", "")
        if size:
            failures_fixed = not re.search(r"\d(px|pt|pc|in|cm|mm)\b", size)
            tap(failures_fixed, f"{selector}: font-size {size} is relative")
    failures = sum(1 for ok, _ in lines if not ok)
    failures += check_style("light", light_defines, light_rules, LIGHT, False, tap)
    failures += check_style("dark", dark_defines_all, dark_rules_all, DARK, True, tap)
    print(f"1..{len(lines)}")
    for i, (ok, text) in enumerate(lines, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {text}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
