#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""winnow-cli in every language of po/LINGUAS, from the catalogues built in
the build tree (WINNOW_LOCALEDIR), as TAP. For each language:
  - an error names the file in the language: `records` on a missing
    project prints the catalogue's translation of "%s: no such file";
  - `--help` lists the commands in the language;
  - the PRISMA 2020 diagram (PDF, read back with pdftotext) carries the
    catalogue's box texts — phases, titles, box labels — and no English
    box text the catalogue translates;
  - what machines read does not change with the language or the locale
    (LC_ALL=de_DE.UTF-8 and the like, made with localedef where it can):
    the PRISMA2020 package's CSV, the JSON counts and the agreement JSON
    are byte for byte the English ones.
The expected texts come from the compiled catalogue, not from this file,
so a changed translation needs no change here.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile

BOX_TEXTS = [
    "Identification", "Included",
    "Identification of studies via databases and registers",
    "Records identified from:", "Records removed before screening:", "Duplicate records removed",
    "Records screened", "Records excluded", "Reports sought for retrieval", "Reports not retrieved",
    "Reports assessed for eligibility", "Studies included in review", "Reports of included studies",
]


REGIONS = {"de": "DE", "es": "ES", "fr": "FR", "pt": "PT"}


def languages(po_dir):
    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


def flat(text):
    """Text with line breaks and hyphenation at line ends undone."""
    text = re.sub(r"-\n(?=\w)", "", text)
    return re.sub(r"\s+", " ", text)


def main():
    cli = os.environ["WINNOW_CLI"]
    localedir = os.environ.get("WINNOW_LOCALEDIR", "")
    po_dir = os.path.join(os.environ["G_TEST_SRCDIR"], "..", "po")
    langs = languages(po_dir)
    if not langs:
        print("1..0 # SKIP no language in po/LINGUAS")
        return 0
    have_pdftotext = shutil.which("pdftotext") is not None
    print(f"1..{4 * len(langs)}")
    n = 0
    failed = 0

    def ok(passed, name, why=""):
        nonlocal n, failed
        n += 1
        failed += 0 if passed else 1
        print(f"{'ok' if passed else 'not ok'} {n} - {name}")
        if not passed:
            for line in str(why).splitlines()[:30]:
                print(f"# {line}")

    tmp = tempfile.mkdtemp(prefix="winnow-i18n-")
    try:
        project = os.path.join(tmp, "p.winnow")
        english = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8")
        subprocess.run([cli, "new", project], check=True, capture_output=True, env=english)
        subprocess.run([cli, "synth", "--records", "60", "--seed", "5",
                        "-o", os.path.join(tmp, "s.ris")], check=True, capture_output=True, env=english)
        subprocess.run([cli, "import", project, os.path.join(tmp, "s.ris"), "--database", "PsycINFO"],
                       check=True, capture_output=True, env=english)
        subprocess.run([cli, "dedup", project], check=True, capture_output=True, env=english)
        # Two reviewers' votes, so the agreement JSON has decimals.
        for reviewer in ("ana", "ben"):
            subprocess.run([cli, "reviewer", "add", project, reviewer], check=True, capture_output=True, env=english)
        for record in range(1, 21):
            for reviewer, verdict in (("ana", "include" if record % 3 else "exclude"),
                                      ("ben", "include" if record % 4 else "exclude")):
                subprocess.run([cli, "decide", project, "--reviewer", reviewer, "--stage", "ta", str(record),
                                verdict], check=True, capture_output=True, env=english)

        def cli_out(env, *args):
            return subprocess.run([cli, *args], capture_output=True, env=env, timeout=120)

        csv_en = cli_out(english, "prisma", project, "--format", "csv", "-o", "-").stdout
        json_en = cli_out(english, "prisma", project, "--format", "json", "-o", "-").stdout
        agreement_en = cli_out(english, "agreement", project, "--stage", "ta", "--json").stdout

        for lang in langs:
            try:
                catalog = gettext.translation("winnow", localedir, languages=[lang])
            except OSError as e:
                for check in ("errors", "--help", "PRISMA diagram", "CSV and JSON"):
                    ok(False, f"{lang}: {check}", f"no catalogue built: {e}")
                continue
            t = catalog.gettext
            env = dict(os.environ, LANGUAGE=lang, LC_ALL="C.UTF-8")

            missing = os.path.join(tmp, "missing.winnow")
            r = cli_out(env, "records", missing)
            expected = t("%s: no such file") % missing
            stderr = r.stderr.decode("utf-8", "replace")
            ok(r.returncode != 0 and expected in stderr and expected != "%s: no such file" % missing,
               f"{lang}: an error names the file in the language", f"expected {expected!r}, got {stderr!r}")

            r = cli_out(env, "--help")
            text = (r.stdout + r.stderr).decode("utf-8", "replace")
            hint = t("“winnow-cli COMMAND --help” describes a command's options.")
            ok(hint in text and hint != "“winnow-cli COMMAND --help” describes a command's options.",
               f"{lang}: --help in the language", text[-600:])

            if not have_pdftotext:
                ok(True, f"{lang}: PRISMA diagram # SKIP pdftotext not installed")
            else:
                pdf = os.path.join(tmp, f"prisma-{lang}.pdf")
                r = cli_out(env, "prisma", project, "-o", pdf)
                shown = subprocess.run(["pdftotext", "-raw", pdf, "-"],
                                       capture_output=True, text=True).stdout if r.returncode == 0 else ""
                shown = flat(shown)
                absent = [t(s) for s in BOX_TEXTS if flat(t(s)) not in shown]
                english_left = [s for s in BOX_TEXTS if t(s) != s and f" {s} " in f" {shown} "
                                and s not in " ".join(t(x) for x in BOX_TEXTS)]
                # Some words are the same in both ("Identification" in French).
                same = [s for s in BOX_TEXTS if t(s) == s]
                ok(r.returncode == 0 and not absent and not english_left and len(same) <= 2,
                   f"{lang}: the PRISMA diagram's box texts are the catalogue's",
                   f"missing: {absent}\nleft in English: {english_left}\nnot translated: {same}\n{r.stderr.decode()}\n{shown[:800]}")

            # With the language's own locale too, where localedef can make
            # one (decimal commas must not reach CSV or JSON).
            machine_env = dict(env)
            region = lang if "_" in lang else f"{lang}_{REGIONS.get(lang, lang.upper())}"
            locpath = os.path.join(tmp, "locales")
            os.makedirs(locpath, exist_ok=True)
            made = subprocess.run(["localedef", "-i", region, "-f", "UTF-8",
                                   os.path.join(locpath, region + ".UTF-8")], capture_output=True) \
                if shutil.which("localedef") else None
            if made is not None and os.path.isdir(os.path.join(locpath, region + ".UTF-8")):
                machine_env.update(LOCPATH=locpath, LC_ALL=region + ".UTF-8")
            csv = cli_out(machine_env, "prisma", project, "--format", "csv", "-o", "-").stdout
            js = cli_out(machine_env, "prisma", project, "--format", "json", "-o", "-").stdout
            ag = cli_out(machine_env, "agreement", project, "--stage", "ta", "--json").stdout
            ok(csv == csv_en and js == json_en and ag == agreement_en and csv_en and json_en,
               f"{lang}: the PRISMA CSV and JSON, and the agreement JSON, are the same as in English "
               f"(LC_ALL={machine_env['LC_ALL']})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
