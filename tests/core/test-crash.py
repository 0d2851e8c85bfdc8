#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-crash.py — winnow-cli killed with SIGKILL at random moments.

Each phase runs one long CLI job (an import of a large synthetic file, a
dedup, a merge of a large decision file, a template revision, a CSV export,
a reviewer package) and kills it with SIGKILL after a random delay drawn
from [0, 1.1 x the job's measured duration]. Before each job a decision is
made and committed (`decide`), so there is always something that must
survive. After each kill:

- the project opens (`info --json` exits 0);
- `PRAGMA integrity_check` says ok;
- no search is half imported: every search holds exactly the records its
  record_count says, and only whole searches exist;
- every decision committed before the kill is there (by event uid);
- the job's own result is all or nothing (a merge adds all its events or
  none, a dedup makes all its groups or none, a template has the new
  version with its field or the old one);
- an export or a package is either absent under its final name, or the old
  file, or complete: never truncated.

The random delays come from a fixed seed (WINNOW_CRASH_SEED, default
below), printed first, so a failure can be replayed. Only kills that hit a
running process are counted; a job that finished before its kill is a
normal run. Speaks TAP; the last line "# crash: K kills, S survived" is
read by build-aux/reliability.
"""

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

SEED = int(os.environ.get("WINNOW_CRASH_SEED", "20261124"))
CLI = os.environ.get("WINNOW_CLI")
KILLS = {"import": 15, "dedup": 12, "merge": 12, "template": 10, "export": 8, "package": 5}


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

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


def cli(*args, check=True):
    result = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise RuntimeError(f"winnow-cli {' '.join(args)}: {result.returncode}: {result.stderr}")
    return result


def timed(*args):
    start = time.monotonic()
    cli(*args)
    return time.monotonic() - start


def kill_at(args, delay):
    """Runs winnow-cli ARGS, SIGKILLs it after delay seconds. True when the
    kill hit a running process."""
    proc = subprocess.Popen([CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def query(path, sql):
    db = sqlite3.connect(path, timeout=10)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


class Project:
    """A project file and what was committed to it."""

    def __init__(self, path):
        self.path = path
        self.committed = set()
        self.next_record = 1

    def decide(self):
        out = cli("decide", self.path, "--reviewer", "alice", "--stage", "ta", str(self.next_record),
                  "include" if self.next_record % 2 else "exclude", "--json").stdout
        self.committed.add(json.loads(out)["event"])
        self.next_record += 1

    def check(self):
        """The common checks; returns a list of problems (empty when sound)."""
        problems = []
        info = cli("info", self.path, "--json", check=False)
        if info.returncode != 0:
            return [f"does not open: {info.stderr.strip()}"]
        check = query(self.path, "PRAGMA integrity_check")
        if check != [("ok",)]:
            problems.append(f"integrity_check: {check[:5]}")
        half = query(self.path,
                     "SELECT s.id, s.record_count, (SELECT count (*) FROM records r WHERE r.search_id = s.id)"
                     " FROM searches s WHERE s.record_count != (SELECT count (*) FROM records r"
                     "  WHERE r.search_id = s.id)")
        if half:
            problems.append(f"half-imported searches (id, said, held): {half}")
        orphans = query(self.path, "SELECT count (*) FROM records WHERE search_id NOT IN (SELECT id FROM searches)")
        if orphans != [(0,)]:
            problems.append(f"records of no search: {orphans}")
        present = {row[0] for row in query(self.path, "SELECT uid FROM decisions")}
        lost = self.committed - present
        if lost:
            problems.append(f"{len(lost)} committed decisions lost: {sorted(lost)[:3]}")
        return problems


def make_project(path, ris):
    cli("new", path)
    cli("reviewer", "add", path, "alice")
    cli("reviewer", "add", path, "bob")
    cli("import", path, ris, "--database", "Synthetic")
    return Project(path)


def copy_project(source, path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    shutil.copyfile(source, path)
    return Project(path)


def decision_file(template, path, records, prefix):
    """A decision file of `records` votes by bob: the header of a real one
    (template), fresh event uids, the checksum recomputed."""
    with open(template, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = json.loads(lines[2])
    header["events"] = records
    event = json.loads(lines[3])
    body = [json.dumps(header, separators=(",", ":"))]
    for i in range(1, records + 1):
        event.update(uid=str(uuid.UUID(int=random.getrandbits(128), version=4)), record=f"{prefix}:{i}",
                     verdict="include" if i % 3 else "exclude")
        body.append(json.dumps(event, separators=(",", ":")))
    text = "\n".join(body) + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# winnow-decisions 1\n# sha256 {digest}\n{text}")


def main():
    if CLI is None:
        print("1..0 # SKIP WINNOW_CLI is not set")
        return 0
    rng = random.Random(SEED)
    random.seed(SEED)
    tap = Tap()
    work = tempfile.mkdtemp(prefix="winnow-crash-")
    kills = {name: 0 for name in KILLS}
    survived = {name: 0 for name in KILLS}
    started = time.monotonic()
    print(f"# seed {SEED} (set WINNOW_CRASH_SEED to replay)", flush=True)

    def path(name):
        return os.path.join(work, name)

    def record(phase, hit, problems, what):
        if hit:
            kills[phase] += 1
            if not problems:
                survived[phase] += 1
        tap.ok(not problems, f"{phase}: {what}", "\n".join(problems))

    def delays(phase, duration):
        """Random delays until KILLS[phase] kills have hit, at most 4x tries."""
        for _ in range(KILLS[phase] * 4):
            if kills[phase] >= KILLS[phase]:
                return
            yield rng.uniform(0.0, duration * 1.1)

    cli("synth", "-n", "2000", "--seed", "1", "-o", path("base.ris"))
    cli("synth", "-n", "8000", "--seed", "2", "--duplicates", "0.3", "-o", path("dups.ris"))
    base = make_project(path("base.winnow"), path("base.ris"))
    dups = make_project(path("dups.winnow"), path("dups.ris"))
    prefix = query(base.path, "SELECT record_prefix FROM searches WHERE id = 1")[0][0]

    # --- import: a new large file each time (an imported file is refused again)
    project = copy_project(base.path, path("import.winnow"))
    cli("synth", "-n", "8000", "--seed", "100", "-o", path("import-0.ris"))
    duration = timed("import", copy_project(base.path, path("scratch.winnow")).path, path("import-0.ris"))
    for attempt, delay in enumerate(delays("import", duration), start=1):
        ris = path(f"import-{attempt}.ris")
        cli("synth", "-n", "8000", "--seed", str(100 + attempt), "-o", ris)
        project.decide()
        before = query(project.path, "SELECT count (*) FROM searches")[0][0]
        hit = kill_at(["import", project.path, ris], delay)
        problems = project.check()
        after = query(project.path, "SELECT count (*) FROM searches")[0][0]
        if after not in (before, before + 1):
            problems.append(f"searches went from {before} to {after}")
        record("import", hit, problems, f"killed after {delay:.3f} s" if hit else "finished before the kill")
        os.unlink(ris)

    # --- dedup: a fresh copy of the project with duplicates each time
    scratch = copy_project(dups.path, path("scratch.winnow"))
    duration = timed("dedup", scratch.path)
    groups = query(scratch.path, "SELECT count (*) FROM dedup_groups")[0][0]
    for attempt, delay in enumerate(delays("dedup", duration), start=1):
        project = copy_project(dups.path, path("dedup.winnow"))
        project.decide()
        project.decide()
        hit = kill_at(["dedup", project.path], delay)
        problems = project.check()
        made = query(project.path, "SELECT count (*) FROM dedup_groups")[0][0] if not problems else None
        if made not in (0, groups):
            problems.append(f"{made} duplicate groups, expected 0 or {groups}")
        if attempt % 4 == 0 and not problems:
            cli("dedup", project.path)
            again = query(project.path, "SELECT count (*) FROM dedup_groups")[0][0]
            if again != groups:
                problems.append(f"dedup after the kill made {again} groups, expected {groups}")
        record("dedup", hit, problems, f"killed after {delay:.3f} s" if hit else "finished before the kill")

    # --- merge: a decision file of 2,000 of bob's votes, new event uids each time
    bob = copy_project(base.path, path("bob.winnow"))
    cli("decide", bob.path, "--reviewer", "bob", "--stage", "ta", "1", "include")
    cli("export-decisions", bob.path, "--reviewer", "bob", "-o", path("bob-template.decisions"))
    project = copy_project(base.path, path("merge.winnow"))
    decision_file(path("bob-template.decisions"), path("bob.decisions"), 2000, prefix)
    duration = timed("merge", copy_project(base.path, path("scratch.winnow")).path, path("bob.decisions"))
    for attempt, delay in enumerate(delays("merge", duration), start=1):
        decision_file(path("bob-template.decisions"), path("bob.decisions"), 2000, prefix)
        project.decide()
        before = query(project.path, "SELECT count (*) FROM decisions WHERE reviewer = 'bob'")[0][0]
        hit = kill_at(["merge", project.path, path("bob.decisions")], delay)
        problems = project.check()
        after = query(project.path, "SELECT count (*) FROM decisions WHERE reviewer = 'bob'")[0][0]
        if after not in (before, before + 2000):
            problems.append(f"bob's decisions went from {before} to {after}: a merge half done")
        record("merge", hit, problems, f"killed after {delay:.3f} s" if hit else "finished before the kill")

    # --- template revision: one new field a time
    project = copy_project(base.path, path("template.winnow"))
    duration = timed("template", copy_project(base.path, path("scratch.winnow")).path, "--add", "probe",
                     "--type", "short_text", "--note", "timing")
    for attempt, delay in enumerate(delays("template", duration), start=1):
        project.decide()
        before = json.loads(cli("template", project.path, "--json").stdout)
        field = f"field_{attempt}"
        hit = kill_at(["template", project.path, "--add", field, "--type", "short_text", "--note", "crash test"], delay)
        problems = project.check()
        if not problems:
            after = json.loads(cli("template", project.path, "--json").stdout)
            names = [f["name"] for f in after["fields"]]
            if after["version"] == before["version"]:
                if field in names:
                    problems.append(f"{field} in version {after['version']} without a new version")
            elif after["version"] == before["version"] + 1:
                if field not in names:
                    problems.append(f"version {after['version']} without {field}")
            else:
                problems.append(f"template version went from {before['version']} to {after['version']}")
        record("template", hit, problems, f"killed after {delay:.3f} s" if hit else "finished before the kill")

    # --- export: never a truncated file under the final name
    project = copy_project(dups.path, path("export.winnow"))
    reference = path("reference.csv")
    duration = timed("export", project.path, "--set", "all", "--format", "csv", "-o", reference)
    with open(reference, "rb") as f:
        whole = f.read()
    out = path("export.csv")
    for attempt, delay in enumerate(delays("export", duration), start=1):
        old = b"an older export, which must stay whole\n" if attempt % 2 else None
        if old is not None:
            with open(out, "wb") as f:
                f.write(old)
        elif os.path.exists(out):
            os.unlink(out)
        hit = kill_at(["export", project.path, "--set", "all", "--format", "csv", "-o", out], delay)
        problems = project.check()
        if os.path.exists(out):
            with open(out, "rb") as f:
                got = f.read()
            if got not in (whole, old):
                problems.append(f"{out} holds {len(got)} bytes: neither the old file nor the whole export "
                                f"({len(whole)} bytes)")
        record("export", hit, problems, f"killed after {delay:.3f} s" if hit else "finished before the kill")

    # --- reviewer package: absent, or a whole project
    project = copy_project(dups.path, path("package.winnow"))
    project.decide()
    package = path("alice-package.winnow")
    duration = timed("package", project.path, "--reviewer", "alice", "-o", package)
    for attempt, delay in enumerate(delays("package", duration), start=1):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(package + suffix):
                os.unlink(package + suffix)
        hit = kill_at(["package", project.path, "--reviewer", "alice", "-o", package], delay)
        problems = project.check()
        if os.path.exists(package):
            opened = cli("info", package, "--json", check=False)
            if opened.returncode != 0:
                problems.append(f"the package under its final name does not open: {opened.stderr.strip()}")
            elif query(package, "PRAGMA integrity_check") != [("ok",)]:
                problems.append("the package under its final name fails integrity_check")
        record("package", hit, problems, f"killed after {delay:.3f} s" if hit else "finished before the kill")

    total = sum(kills.values())
    total_survived = sum(survived.values())
    for name in KILLS:
        tap.ok(kills[name] >= KILLS[name], f"{name}: {kills[name]} kills hit a running process "
               f"(wanted {KILLS[name]}), {survived[name]} survived")
        print(f"# crash-phase: {name}: {kills[name]} kills, {survived[name]} survived", flush=True)
    tap.ok(total >= 50, f"{total} kills in all (at least 50)")
    print(f"1..{tap.n}")
    print(f"# seed {SEED}; {time.monotonic() - started:.1f} s", flush=True)
    print(f"# crash: {total} kills, {total_survived} survived", flush=True)
    if tap.failed == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"# files kept in {work}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
