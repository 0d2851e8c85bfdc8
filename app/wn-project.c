/* wn-project.c — a Winnow project: one SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file: WAL journal, foreign keys on, `PRAGMA application_id` marking it
 * as Winnow's, `PRAGMA user_version` as the schema version, ordered
 * migrations with a backup copy taken before any of them runs. Opening checks
 * everything it can before it writes a byte: a file that is not a project, is
 * from a newer Winnow, fails `quick_check` or is being written by another
 * program is rejected untouched.
 *
 * Durability: `synchronous=FULL` with WAL, so a committed transaction (a
 * decision, an import) survives a crash of the program and a power loss.
 * Imports are one transaction each, so the extra fsync per commit costs
 * nothing noticeable; a decision costs one fsync, which a person clicking
 * cannot feel.
 */
#define _GNU_SOURCE 1 /* F_OFD_SETLK */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wn-project.h"
#include "wn-project-private.h"
#include "wn-record-item.h"

G_DEFINE_QUARK (wn-store-error-quark, wn_store_error)

struct _WnProject
{
  GObject    parent_instance;

  /* One thread uses the connection at a time. Recursive, because a search
   * writer holds it from begin to commit while its thread may ask other
   * questions of the project. */
  GRecMutex  lock;
  sqlite3   *db;
  char      *path;
  char      *actor;
  int        schema_version;
  gboolean   read_only; /* on a read-only medium: see open_read_only_uri() */
  gboolean   held_elsewhere; /* read-only: another program holds it, see hold_take() */
  gpointer   guard;     /* LockGuard: see lock_guard_take() */
  gpointer   hold;      /* Hold: see hold_take() */
};

G_DEFINE_FINAL_TYPE (WnProject, wn_project, G_TYPE_OBJECT)

static const char sqlite_magic[16] = "SQLite format 3";

/* The schema, one entry per version. Migration N takes a file from version
 * N-1 to N; they run in order, each in its own transaction. Never edit a
 * released entry: add a new one. */
static const char *const migrations[] = {
  NULL,
  /* 1: the foundation */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT);"
  "CREATE TABLE searches ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uid           TEXT NOT NULL UNIQUE,"
  "  database      TEXT,"
  "  platform      TEXT,"
  "  date_searched TEXT,"
  "  query         TEXT,"
  "  reported_hits INTEGER,"
  "  file_name     TEXT,"
  "  file_sha256   TEXT,"
  "  format        TEXT,"
  "  encoding      TEXT,"
  "  vendor        TEXT,"
  "  record_count  INTEGER NOT NULL DEFAULT 0,"
  "  imported_at   TEXT NOT NULL,"
  "  imported_by   TEXT NOT NULL);"
  "CREATE INDEX searches_sha256 ON searches (file_sha256);"
  /* authors and keywords: one per line (the importers fold white space
   * inside a name or keyword); fields: every tag of the source, one
   * 'TAG<TAB>value' per line with \\, \\n, \\t, \\r escaped in values;
   * source_text: the verbatim text of the record. */
  "CREATE TABLE records ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  search_id    INTEGER NOT NULL REFERENCES searches (id),"
  "  source_id    TEXT,"
  "  title        TEXT,"
  "  authors      TEXT,"
  "  year         TEXT,"
  "  journal      TEXT,"
  "  volume       TEXT,"
  "  issue        TEXT,"
  "  pages        TEXT,"
  "  doi          TEXT,"
  "  pmid         TEXT,"
  "  abstract     TEXT,"
  "  keywords     TEXT,"
  "  language     TEXT,"
  "  type         TEXT,"
  "  database     TEXT,"
  "  duplicate_of INTEGER REFERENCES records (id),"
  "  fields       TEXT NOT NULL,"
  "  source_text  TEXT NOT NULL,"
  "  line_start   INTEGER,"
  "  line_end     INTEGER);"
  "CREATE INDEX records_search ON records (search_id);"
  "CREATE INDEX records_duplicate_of ON records (duplicate_of) WHERE duplicate_of IS NOT NULL;"
  "CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN"
  "  SELECT RAISE (ABORT, 'records are never deleted');"
  "END;"
  /* The search index. New records are indexed by the search writer in one
   * INSERT … SELECT at commit, not by a per-row trigger: FTS5 flushes its
   * pending terms at every statement's savepoint, which made a trigger
   * cost three quarters of an import's time. */
  "CREATE VIRTUAL TABLE records_fts USING fts5 ("
  "  title, abstract, authors, keywords,"
  "  content = 'records', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TRIGGER records_fts_update AFTER UPDATE OF title, abstract, authors, keywords ON records BEGIN"
  "  INSERT INTO records_fts (records_fts, rowid, title, abstract, authors, keywords)"
  "  VALUES ('delete', old.id, old.title, old.abstract, old.authors, old.keywords);"
  "  INSERT INTO records_fts (rowid, title, abstract, authors, keywords)"
  "  VALUES (new.id, new.title, new.abstract, new.authors, new.keywords);"
  "END;"
  "CREATE TABLE reviewers ("
  "  id         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uid        TEXT NOT NULL UNIQUE,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  role       TEXT NOT NULL CHECK (role IN ('reviewer', 'adjudicator', 'lead')),"
  "  created_at TEXT NOT NULL);"
  /* The audit log. Each row's hash covers its own content and the previous
   * row's hash, so changing or removing a row breaks the chain from there
   * on; the triggers refuse changes made through SQLite itself. */
  "CREATE TABLE audit ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at        TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  action    TEXT NOT NULL,"
  "  detail    TEXT NOT NULL,"
  "  prev_hash TEXT NOT NULL,"
  "  hash      TEXT NOT NULL);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;",
  /* 2: deduplication (wn-dedup-store.c). Nothing here is ever deleted:
   * pairs keep the engine's verdict and reasons, decisions are events,
   * groups end (undone, or replaced when they grow) but stay. */
  "CREATE TABLE dedup_runs ("
  "  id              INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  started_at      TEXT NOT NULL,"
  "  actor           TEXT NOT NULL,"
  "  engine          INTEGER NOT NULL,"
  "  scope           TEXT NOT NULL CHECK (scope IN ('new', 'all')),"
  /* the highest record id the run saw: the next run compares only pairs
   * with a newer record */
  "  max_record_id   INTEGER NOT NULL,"
  "  records         INTEGER NOT NULL,"
  "  candidate_pairs INTEGER NOT NULL DEFAULT 0,"
  "  certain_pairs   INTEGER NOT NULL DEFAULT 0,"
  "  possible_pairs  INTEGER NOT NULL DEFAULT 0,"
  "  groups_created  INTEGER NOT NULL DEFAULT 0,"
  "  groups_ended    INTEGER NOT NULL DEFAULT 0,"
  "  seconds         REAL);"
  /* A pair the engine found certain or possible (distinct pairs are not
   * kept). reasons: the JSON of wn_dedup_match_to_json(). held: why a
   * certain pair is not applied — 'chain' (it would join two groups whose
   * representatives disagree) or 'undone' (a person undid its group); a
   * held pair waits for a person like a possible one. decision: the
   * standing human decision (dedup_decisions has the history). */
  "CREATE TABLE dedup_pairs ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_a  INTEGER NOT NULL REFERENCES records (id),"
  "  record_b  INTEGER NOT NULL REFERENCES records (id),"
  "  run_id    INTEGER NOT NULL REFERENCES dedup_runs (id),"
  "  outcome   TEXT NOT NULL CHECK (outcome IN ('certain', 'possible')),"
  "  score     REAL NOT NULL,"
  "  rule      TEXT NOT NULL,"
  "  reasons   TEXT NOT NULL,"
  "  held      TEXT CHECK (held IN ('chain', 'undone')),"
  "  decision  TEXT CHECK (decision IN ('duplicate', 'distinct')),"
  "  CHECK (record_a < record_b),"
  "  UNIQUE (record_a, record_b));"
  "CREATE INDEX dedup_pairs_b ON dedup_pairs (record_b);"
  "CREATE TABLE dedup_decisions ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  pair_id       INTEGER NOT NULL REFERENCES dedup_pairs (id),"
  "  decision      TEXT NOT NULL CHECK (decision IN ('duplicate', 'distinct')),"
  "  status        TEXT NOT NULL CHECK (status IN ('standing', 'superseded', 'undone')),"
  "  superseded_by INTEGER REFERENCES dedup_decisions (id),"
  "  decided_at    TEXT NOT NULL,"
  "  decided_by    TEXT NOT NULL,"
  "  undone_at     TEXT,"
  "  undone_by     TEXT);"
  "CREATE INDEX dedup_decisions_pair ON dedup_decisions (pair_id);"
  /* A group: its kept record and members. A group's membership never
   * changes; when it grows or splits it ends ('replaced', replaced_by the
   * new one), when a person undoes it it ends 'undone', when its links are
   * withdrawn it ends 'dissolved'. */
  "CREATE TABLE dedup_groups ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kept_id     INTEGER NOT NULL REFERENCES records (id),"
  "  status      TEXT NOT NULL CHECK (status IN ('auto', 'confirmed')),"
  "  reason      TEXT NOT NULL,"
  "  run_id      INTEGER REFERENCES dedup_runs (id),"
  "  created_at  TEXT NOT NULL,"
  "  created_by  TEXT NOT NULL,"
  "  ended_at    TEXT,"
  "  ended_by    TEXT,"
  "  end_reason  TEXT CHECK (end_reason IN ('undone', 'replaced', 'dissolved')),"
  "  replaced_by INTEGER REFERENCES dedup_groups (id));"
  "CREATE INDEX dedup_groups_active ON dedup_groups (kept_id) WHERE ended_at IS NULL;"
  /* rank: 0 for the kept record, then by completeness */
  "CREATE TABLE dedup_members ("
  "  group_id  INTEGER NOT NULL REFERENCES dedup_groups (id),"
  "  record_id INTEGER NOT NULL REFERENCES records (id),"
  "  rank      INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, record_id)) WITHOUT ROWID;"
  "CREATE INDEX dedup_members_record ON dedup_members (record_id);"
  /* What a group's kept record lacks, filled from another member. The
   * record itself is never changed; records_filled shows it merged. */
  "CREATE TABLE dedup_filled ("
  "  group_id    INTEGER NOT NULL REFERENCES dedup_groups (id),"
  "  field       TEXT NOT NULL,"
  "  value       TEXT NOT NULL,"
  "  from_record INTEGER NOT NULL REFERENCES records (id),"
  "  PRIMARY KEY (group_id, field)) WITHOUT ROWID;"
  "CREATE VIEW records_filled AS SELECT r.id AS id,"
  "  COALESCE (NULLIF (r.title, ''), f.title) AS title,"
  "  COALESCE (NULLIF (r.authors, ''), f.authors) AS authors,"
  "  COALESCE (NULLIF (r.year, ''), f.year) AS year,"
  "  COALESCE (NULLIF (r.journal, ''), f.journal) AS journal,"
  "  COALESCE (NULLIF (r.volume, ''), f.volume) AS volume,"
  "  COALESCE (NULLIF (r.issue, ''), f.issue) AS issue,"
  "  COALESCE (NULLIF (r.pages, ''), f.pages) AS pages,"
  "  COALESCE (NULLIF (r.doi, ''), f.doi) AS doi,"
  "  COALESCE (NULLIF (r.pmid, ''), f.pmid) AS pmid,"
  "  COALESCE (NULLIF (r.abstract, ''), f.abstract) AS abstract,"
  "  COALESCE (NULLIF (r.keywords, ''), f.keywords) AS keywords,"
  "  COALESCE (NULLIF (r.language, ''), f.language) AS language,"
  "  r.duplicate_of AS duplicate_of"
  " FROM records r LEFT JOIN (SELECT g.kept_id AS kept_id,"
  "    max (CASE d.field WHEN 'title' THEN d.value END) AS title,"
  "    max (CASE d.field WHEN 'authors' THEN d.value END) AS authors,"
  "    max (CASE d.field WHEN 'year' THEN d.value END) AS year,"
  "    max (CASE d.field WHEN 'journal' THEN d.value END) AS journal,"
  "    max (CASE d.field WHEN 'volume' THEN d.value END) AS volume,"
  "    max (CASE d.field WHEN 'issue' THEN d.value END) AS issue,"
  "    max (CASE d.field WHEN 'pages' THEN d.value END) AS pages,"
  "    max (CASE d.field WHEN 'doi' THEN d.value END) AS doi,"
  "    max (CASE d.field WHEN 'pmid' THEN d.value END) AS pmid,"
  "    max (CASE d.field WHEN 'abstract' THEN d.value END) AS abstract,"
  "    max (CASE d.field WHEN 'keywords' THEN d.value END) AS keywords,"
  "    max (CASE d.field WHEN 'language' THEN d.value END) AS language"
  "   FROM dedup_groups g JOIN dedup_filled d ON d.group_id = g.id"
  "   WHERE g.ended_at IS NULL GROUP BY g.kept_id) f ON f.kept_id = r.id;"
  "CREATE TRIGGER dedup_runs_no_delete BEFORE DELETE ON dedup_runs BEGIN"
  "  SELECT RAISE (ABORT, 'deduplication history is never deleted');"
  "END;"
  "CREATE TRIGGER dedup_pairs_no_delete BEFORE DELETE ON dedup_pairs BEGIN"
  "  SELECT RAISE (ABORT, 'deduplication history is never deleted');"
  "END;"
  "CREATE TRIGGER dedup_decisions_no_delete BEFORE DELETE ON dedup_decisions BEGIN"
  "  SELECT RAISE (ABORT, 'deduplication history is never deleted');"
  "END;"
  "CREATE TRIGGER dedup_groups_no_delete BEFORE DELETE ON dedup_groups BEGIN"
  "  SELECT RAISE (ABORT, 'deduplication history is never deleted');"
  "END;"
  "CREATE TRIGGER dedup_members_no_delete BEFORE DELETE ON dedup_members BEGIN"
  "  SELECT RAISE (ABORT, 'deduplication history is never deleted');"
  "END;"
  "CREATE TRIGGER dedup_filled_no_delete BEFORE DELETE ON dedup_filled BEGIN"
  "  SELECT RAISE (ABORT, 'deduplication history is never deleted');"
  "END;",
  /* 3: screening (wn-screening.c, wn-exchange.c). Records get a uid every
   * copy of a project computes alike (see wn-screening.h): the search's
   * record_prefix and the record's ordinal in its search, which is
   * id - first_record_id + 1 since a search's records are stored in one
   * transaction. */
  "ALTER TABLE searches ADD COLUMN record_prefix TEXT;"
  "ALTER TABLE searches ADD COLUMN first_record_id INTEGER;"
  "UPDATE searches SET first_record_id = (SELECT min (id) FROM records WHERE records.search_id = searches.id);"
  "UPDATE searches SET record_prefix = CASE WHEN file_sha256 IS NULL THEN uid"
  "  ELSE substr (file_sha256, 1, 16) || coalesce ('~' || nullif ((SELECT count (*) FROM searches s2"
  "    WHERE s2.file_sha256 = searches.file_sha256 AND s2.id < searches.id), 0), '') END;"
  "CREATE UNIQUE INDEX searches_record_prefix ON searches (record_prefix);"
  /* Decisions: immutable events. record_id is this copy's own link to the
   * record, filled in when the record is (or arrives) here; nothing else
   * in a row ever changes. */
  "CREATE TABLE decisions ("
  "  seq              INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uid              TEXT NOT NULL UNIQUE,"
  "  record_uid       TEXT NOT NULL,"
  "  record_id        INTEGER," /* no REFERENCES: records are never deleted, the link is ours, and
                                    * the check cost a merge of 100,000 events 0.2 s */
  "  reviewer         TEXT NOT NULL,"
  "  stage            TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),"
  "  kind             TEXT NOT NULL CHECK (kind IN ('vote', 'adjudication')),"
  "  verdict          TEXT NOT NULL CHECK (verdict IN ('none', 'include', 'exclude', 'maybe')),"
  "  reason           TEXT,"
  "  note             TEXT,"
  "  labels           TEXT,"
  "  criteria_version INTEGER NOT NULL DEFAULT 0,"
  "  made_at          TEXT NOT NULL,"
  "  merged_at        TEXT,"
  "  reverts          TEXT);"
  "CREATE INDEX decisions_record ON decisions (record_id, stage);"
  "CREATE INDEX decisions_pending ON decisions (record_uid) WHERE record_id IS NULL;"
  "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN"
  "  SELECT RAISE (ABORT, 'decisions are never deleted');"
  "END;"
  "CREATE TRIGGER decisions_no_update BEFORE UPDATE OF seq, uid, record_uid, reviewer, stage, kind, verdict,"
  "  reason, note, labels, criteria_version, made_at, merged_at, reverts ON decisions BEGIN"
  "  SELECT RAISE (ABORT, 'decisions are never changed');"
  "END;"
  "CREATE TRIGGER decisions_link_once BEFORE UPDATE OF record_id ON decisions"
  "  WHEN old.record_id IS NOT NULL BEGIN"
  "  SELECT RAISE (ABORT, 'decisions are never changed');"
  "END;"
  /* The event in force per record, stage, person and kind: the latest by
   * (made_at, uid), whatever order events arrived in. Derived from
   * decisions by the trigger below; never edited otherwise. */
  "CREATE TABLE decisions_in_force ("
  "  record_uid TEXT NOT NULL,"
  "  stage      TEXT NOT NULL,"
  "  reviewer   TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  made_at    TEXT NOT NULL,"
  "  event_uid  TEXT NOT NULL,"
  "  record_id  INTEGER,"
  "  verdict    TEXT NOT NULL,"
  "  reason     TEXT,"
  "  PRIMARY KEY (record_uid, stage, reviewer, kind)) WITHOUT ROWID;"
  "CREATE INDEX decisions_in_force_record ON decisions_in_force (stage, record_id);"
  /* A merge (merged_at set) brings thousands of events at once and brings
   * decisions_in_force up to date in one statement instead
   * (wn-exchange.c). */
  "CREATE TRIGGER decisions_in_force_insert AFTER INSERT ON decisions WHEN new.merged_at IS NULL BEGIN"
  "  INSERT INTO decisions_in_force (record_uid, stage, reviewer, kind, made_at, event_uid, record_id, verdict, reason)"
  "  VALUES (new.record_uid, new.stage, new.reviewer, new.kind, new.made_at, new.uid, new.record_id, new.verdict, new.reason)"
  "  ON CONFLICT (record_uid, stage, reviewer, kind) DO UPDATE SET"
  "    made_at = excluded.made_at, event_uid = excluded.event_uid, record_id = excluded.record_id,"
  "    verdict = excluded.verdict, reason = excluded.reason"
  "  WHERE excluded.made_at > decisions_in_force.made_at"
  "     OR (excluded.made_at = decisions_in_force.made_at AND excluded.event_uid > decisions_in_force.event_uid);"
  "END;"
  "CREATE TRIGGER decisions_in_force_link AFTER UPDATE OF record_id ON decisions BEGIN"
  "  UPDATE decisions_in_force SET record_id = new.record_id WHERE record_uid = new.record_uid;"
  "END;"
  "CREATE TABLE reasons ("
  "  id         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  label      TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  retired_at TEXT);"
  "CREATE TABLE criteria ("
  "  version    INTEGER PRIMARY KEY,"
  "  text       TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT NOT NULL);"
  "CREATE TABLE rounds ("
  "  id               INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  stage            TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),"
  "  number           INTEGER NOT NULL,"
  "  seed             INTEGER NOT NULL,"
  "  size             INTEGER NOT NULL,"
  "  criteria_version INTEGER NOT NULL,"
  "  created_at       TEXT NOT NULL,"
  "  created_by       TEXT NOT NULL,"
  "  UNIQUE (stage, number));"
  "CREATE TABLE round_records ("
  "  round_id   INTEGER NOT NULL REFERENCES rounds (id),"
  "  record_uid TEXT NOT NULL,"
  "  PRIMARY KEY (round_id, record_uid)) WITHOUT ROWID;"
  "CREATE TRIGGER rounds_no_delete BEFORE DELETE ON rounds BEGIN"
  "  SELECT RAISE (ABORT, 'calibration rounds are never deleted');"
  "END;",
  /* 4: the PRISMA flow's own data (wn-prisma.c). A search's method is the
   * PRISMA 2020 source it stands for: databases and registers are screened
   * on title and abstract, the other methods go straight to full text. */
  "ALTER TABLE searches ADD COLUMN method TEXT NOT NULL DEFAULT 'database'"
  "  CHECK (method IN ('database', 'register', 'website', 'organisation', 'citation', 'other'));"
  /* Records removed before screening: by the automatic limits (kind
   * 'automatic', note = the rule) or by a person (kind 'other', note = why).
   * Nothing is deleted: an undo sets undone_at, by the limits changing
   * ('limits') or by a person ('person'). At most one removal per record is
   * in force. */
  "CREATE TABLE removed_records ("
  "  id         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id  INTEGER NOT NULL REFERENCES records (id),"
  "  kind       TEXT NOT NULL CHECK (kind IN ('automatic', 'other')),"
  "  note       TEXT NOT NULL,"
  "  at         TEXT NOT NULL,"
  "  actor      TEXT NOT NULL,"
  "  undone_at  TEXT,"
  "  undone_by  TEXT,"
  "  undone_how TEXT CHECK (undone_how IN ('limits', 'person')));"
  "CREATE UNIQUE INDEX removed_records_in_force ON removed_records (record_id) WHERE undone_at IS NULL;"
  "CREATE INDEX removed_records_record ON removed_records (record_id);"
  "CREATE TRIGGER removed_records_no_delete BEFORE DELETE ON removed_records BEGIN"
  "  SELECT RAISE (ABORT, 'removals are never deleted');"
  "END;"
  "CREATE TRIGGER removed_records_no_update BEFORE UPDATE OF id, record_id, kind, note, at, actor ON removed_records BEGIN"
  "  SELECT RAISE (ABORT, 'removals are never changed');"
  "END;"
  "CREATE TRIGGER removed_records_undo_once BEFORE UPDATE OF undone_at, undone_by, undone_how ON removed_records"
  "  WHEN old.undone_at IS NOT NULL BEGIN"
  "  SELECT RAISE (ABORT, 'removals are never changed');"
  "END;"
  /* Full-text retrieval: events, the latest (highest id) per record in
   * force. Not retrieved needs a reason. */
  "CREATE TABLE retrieval ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id INTEGER NOT NULL REFERENCES records (id),"
  "  status    TEXT NOT NULL CHECK (status IN ('retrieved', 'not_retrieved')),"
  "  reason    TEXT,"
  "  at        TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  CHECK (status = 'retrieved' OR reason IS NOT NULL));"
  "CREATE INDEX retrieval_record ON retrieval (record_id, id);"
  "CREATE TRIGGER retrieval_no_delete BEFORE DELETE ON retrieval BEGIN"
  "  SELECT RAISE (ABORT, 'retrieval events are never deleted');"
  "END;"
  "CREATE TRIGGER retrieval_no_update BEFORE UPDATE ON retrieval BEGIN"
  "  SELECT RAISE (ABORT, 'retrieval events are never changed');"
  "END;",

  /* 5: full texts (wn-fulltext.c). Each PDF once per content hash; text
   * holds its pages' text separated by form feeds. */
  "CREATE TABLE fulltexts ("
  "  sha256    TEXT PRIMARY KEY NOT NULL,"
  "  size      INTEGER NOT NULL,"
  "  pages     INTEGER NOT NULL,"
  "  title     TEXT,"
  "  doi       TEXT,"
  "  data      BLOB NOT NULL,"
  "  text      TEXT,"
  "  added_at  TEXT NOT NULL,"
  "  added_by  TEXT NOT NULL);"
  "CREATE TRIGGER fulltexts_no_delete BEFORE DELETE ON fulltexts BEGIN"
  "  SELECT RAISE (ABORT, 'full texts are never deleted');"
  "END;"
  /* Attaching and detaching: events, the latest (highest id) per record in
   * force. */
  "CREATE TABLE attachments ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id INTEGER NOT NULL REFERENCES records (id),"
  "  sha256    TEXT NOT NULL REFERENCES fulltexts (sha256),"
  "  action    TEXT NOT NULL CHECK (action IN ('attach', 'detach')),"
  "  file_name TEXT,"
  "  at        TEXT NOT NULL,"
  "  actor     TEXT NOT NULL);"
  "CREATE INDEX attachments_record ON attachments (record_id, id);"
  "CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments BEGIN"
  "  SELECT RAISE (ABORT, 'attachment events are never deleted');"
  "END;"
  "CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments BEGIN"
  "  SELECT RAISE (ABORT, 'attachment events are never changed');"
  "END;"
  /* The text of each page of each stored PDF, for search. */
  "CREATE VIRTUAL TABLE fulltext_fts USING fts5 ("
  "  text, sha256 UNINDEXED, page UNINDEXED,"
  "  tokenize = 'unicode61 remove_diacritics 2');",
  /* 6: included studies, extraction and qualitative coding (wn-studies.c,
   * coding/). Study ids are given once, in order of inclusion, and never
   * reused: a study whose inclusion is undone keeps its number. */
  "CREATE TABLE studies ("
  "  n           INTEGER PRIMARY KEY," /* 1 is S001 */
  "  record_id   INTEGER NOT NULL UNIQUE REFERENCES records (id),"
  "  included_at TEXT NOT NULL,"
  "  assigned_at TEXT NOT NULL);"
  "CREATE TRIGGER studies_no_delete BEFORE DELETE ON studies BEGIN"
  "  SELECT RAISE (ABORT, 'study ids are never deleted');"
  "END;"
  "CREATE TRIGGER studies_no_update BEFORE UPDATE ON studies BEGIN"
  "  SELECT RAISE (ABORT, 'study ids are never changed');"
  "END;"
  /* Each version of the extraction template, whole (fields as JSON, see
   * coding/wn-extraction.h). */
  "CREATE TABLE extraction_templates ("
  "  version    INTEGER PRIMARY KEY,"
  "  fields     TEXT NOT NULL,"
  "  note       TEXT,"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT NOT NULL);"
  "CREATE TRIGGER extraction_templates_no_delete BEFORE DELETE ON extraction_templates BEGIN"
  "  SELECT RAISE (ABORT, 'template versions are never deleted');"
  "END;"
  "CREATE TRIGGER extraction_templates_no_update BEFORE UPDATE ON extraction_templates BEGIN"
  "  SELECT RAISE (ABORT, 'template versions are never changed');"
  "END;"
  /* Extracted values: events, the latest per record, field and extractor
   * in force; value NULL clears. role 'resolve' is the value agreed after
   * verification. The source is a span of the PDF's text. */
  "CREATE TABLE extraction_values ("
  "  id               INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id        INTEGER NOT NULL REFERENCES records (id),"
  "  field            TEXT NOT NULL,"
  "  value            TEXT,"
  "  extractor        TEXT NOT NULL,"
  "  role             TEXT NOT NULL DEFAULT 'extract' CHECK (role IN ('extract', 'resolve')),"
  "  template_version INTEGER NOT NULL REFERENCES extraction_templates (version),"
  "  source_sha256    TEXT,"
  "  source_start     INTEGER,"
  "  source_end       INTEGER,"
  "  source_text      TEXT,"
  "  at               TEXT NOT NULL);"
  "CREATE INDEX extraction_values_record ON extraction_values (record_id, field, extractor, id);"
  "CREATE TRIGGER extraction_values_no_delete BEFORE DELETE ON extraction_values BEGIN"
  "  SELECT RAISE (ABORT, 'extracted values are never deleted');"
  "END;"
  "CREATE TRIGGER extraction_values_no_update BEFORE UPDATE ON extraction_values BEGIN"
  "  SELECT RAISE (ABORT, 'extracted values are never changed');"
  "END;"
  /* Who extracts what: the verification sample (role 'verifier') is drawn
   * with a seed, kept so the draw can be repeated and checked. */
  "CREATE TABLE extraction_assignments ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id INTEGER NOT NULL REFERENCES records (id),"
  "  person    TEXT NOT NULL,"
  "  role      TEXT NOT NULL CHECK (role IN ('extractor', 'verifier')),"
  "  seed      INTEGER,"
  "  share     REAL,"
  "  at        TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  UNIQUE (record_id, person, role));"
  /* The codebook: a tree. guid is the REFI-QDA one, kept across import and
   * export. A removed code keeps its row (its codings point to it). */
  "CREATE TABLE codes ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  guid        TEXT NOT NULL UNIQUE,"
  "  parent_id   INTEGER REFERENCES codes (id),"
  "  name        TEXT NOT NULL,"
  "  description TEXT,"
  "  colour      TEXT,"
  "  position    INTEGER NOT NULL DEFAULT 0,"
  "  removed     INTEGER NOT NULL DEFAULT 0,"
  "  created_at  TEXT NOT NULL);"
  "CREATE UNIQUE INDEX codes_sibling ON codes (coalesce (parent_id, 0), name) WHERE removed = 0;"
  /* Text of a document without a PDF (grey literature), pasted in. */
  "CREATE TABLE pasted_texts ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id INTEGER NOT NULL REFERENCES records (id),"
  "  sha256    TEXT NOT NULL,"
  "  text      TEXT NOT NULL,"
  "  at        TEXT NOT NULL,"
  "  actor     TEXT NOT NULL);"
  "CREATE INDEX pasted_texts_record ON pasted_texts (record_id, id);"
  /* A code applied by a coder to a span [start, end) of a document's text
   * (characters of the PDF's text, or of a pasted text: source_sha256 names
   * which), or to the whole document (start and end NULL). Removing one is
   * recorded, never deleted. */
  "CREATE TABLE codings ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id     INTEGER NOT NULL REFERENCES records (id),"
  "  code_id       INTEGER NOT NULL REFERENCES codes (id),"
  "  coder         TEXT NOT NULL,"
  "  source_sha256 TEXT,"
  "  start         INTEGER,"
  "  \"end\"         INTEGER,"
  "  quote         TEXT,"
  "  memo          TEXT,"
  "  at            TEXT NOT NULL,"
  "  removed_at    TEXT,"
  "  removed_by    TEXT,"
  "  CHECK ((start IS NULL) = (\"end\" IS NULL) AND (start IS NULL OR start < \"end\")));"
  "CREATE INDEX codings_record ON codings (record_id, coder);"
  "CREATE TRIGGER codings_no_delete BEFORE DELETE ON codings BEGIN"
  "  SELECT RAISE (ABORT, 'codings are never deleted');"
  "END;"
  /* Memos: on a document, on a code, or both. */
  "CREATE TABLE memos ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id INTEGER REFERENCES records (id),"
  "  code_id   INTEGER REFERENCES codes (id),"
  "  coder     TEXT NOT NULL,"
  "  text      TEXT NOT NULL,"
  "  at        TEXT NOT NULL);"
  /* Who codes what: the double-coded sample (role 'double', both coders)
   * drawn with a seed; the rest divided ('single'). */
  "CREATE TABLE coding_assignments ("
  "  id        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  record_id INTEGER NOT NULL REFERENCES records (id),"
  "  coder     TEXT NOT NULL,"
  "  role      TEXT NOT NULL CHECK (role IN ('double', 'single')),"
  "  seed      INTEGER,"
  "  share     REAL,"
  "  at        TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  UNIQUE (record_id, coder));",

  /* 6 → 7: import speed. A field whose value is a column of its record is
   * stored as a reference to the column (see _wn_fields_encode), and the
   * verbatim text without the abstract and title it repeats (see
   * _wn_source_encode); both hold only while a record's text never changes:
   * refuse it. The search index
   * gathers 16 MiB of terms before writing a segment (1 MiB by default):
   * fewer segments to merge, a third less time indexing an import. */
  "CREATE TRIGGER records_text_fixed BEFORE UPDATE OF source_id, title, authors, year, journal, volume,"
  "  issue, pages, doi, pmid, abstract, keywords, language, type, fields, source_text ON records BEGIN"
  "  SELECT RAISE (ABORT, 'record text is never changed');"
  "END;"
  /* The search index anew: no per-record column sizes (kept only for
   * ranking by relevance, which the search does not do: it lists records
   * in order), a tenth less work and a table fewer. With text that never
   * changes, nothing updates the index any more. */
  "DROP TRIGGER records_fts_update;"
  "DROP TABLE records_fts;"
  "CREATE VIRTUAL TABLE records_fts USING fts5 ("
  "  title, abstract, authors, keywords,"
  "  content = 'records', content_rowid = 'id', columnsize = 0,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO records_fts (records_fts, rank) VALUES ('hashsize', 16777216);"
  "INSERT INTO records_fts (records_fts) VALUES ('rebuild');",

  /* 7 → 8: a search exported in several files. Each file keeps its row
   * (its records, their uids and its own facts: name, SHA-256, format,
   * encoding, record count); batch is the id of the search's first file,
   * the row's own id for a search of one file. Files of one search share
   * their provenance and are compared with the hit count together
   * (wn_search_batch_get_hits_difference).
   *
   * Files imported before are not grouped: nothing in an old file tells a
   * search exported in parts from two searches that happen to share a
   * database, a date and a hit count, and a wrong guess would hide a real
   * shortfall. Each old file stays a search of its own, as it was shown.
   *
   * No REFERENCES on batch: a column in a foreign key cannot be dropped,
   * and the search writer checks the link itself. */
  "ALTER TABLE searches ADD COLUMN batch INTEGER;"
  "UPDATE searches SET batch = id;",
};

int
_wn_project_latest_schema_version (void)
{
  return G_N_ELEMENTS (migrations) - 1;
}

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) - 1 == WN_PROJECT_SCHEMA_VERSION);

/* Maps an SQLite result code to our error codes, keeping SQLite's message. */
void
_wn_project_set_sqlite_error (GError     **error,
                              sqlite3     *db,
                              int          rc,
                              const char  *path,
                              const char  *what)
{
  int code;
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_LOCKED,
                   _("%s: the project is being changed by another program (%s); close it there and try again"),
                   path, message);
      return;
    case SQLITE_CORRUPT:
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_CORRUPT,
                   _("%s: the project file is damaged (%s)"), path, message);
      return;
    case SQLITE_NOTADB:
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_A_PROJECT,
                   _("%s: not a Winnow project (%s)"), path, message);
      return;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      code = WN_STORE_ERROR_READ_ONLY;
      break;
    default:
      code = WN_STORE_ERROR_FAILED;
    }

  g_set_error (error, WN_STORE_ERROR, code,
               /* Translators: 1: file, 2: what failed ("could not …"), 3: SQLite's message */
               _("%s: %s: %s"), path, what, message);
}

static gboolean
exec_sql (WnProject   *self,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, self->path, what);
      return FALSE;
    }
  return TRUE;
}

void
_wn_project_sql_error (WnProject   *self,
                       GError     **error,
                       int          rc,
                       const char  *what)
{
  _wn_project_set_sqlite_error (error, self->db, rc, self->path, what);
}

gboolean
_wn_project_begin_write (WnProject   *self,
                         const char  *what,
                         GError     **error)
{
  _wn_project_lock (self);
  if (!exec_sql (self, "BEGIN IMMEDIATE", what, error))
    {
      _wn_project_unlock (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
_wn_project_end_write (WnProject   *self,
                       gboolean     ok,
                       const char  *what,
                       GError     **error)
{
  if (ok)
    ok = exec_sql (self, "COMMIT", what, error);
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  _wn_project_unlock (self);
  return ok;
}

char *
_wn_column_dup (sqlite3_stmt *stmt,
                int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
_wn_project_exec (WnProject   *self,
                  const char  *sql,
                  const char  *what,
                  GError     **error)
{
  return exec_sql (self, sql, what, error);
}

sqlite3 *
_wn_project_get_db (WnProject *self)
{
  return self->db;
}

void
_wn_project_lock (WnProject *self)
{
  g_rec_mutex_lock (&self->lock);
}

void
_wn_project_unlock (WnProject *self)
{
  g_rec_mutex_unlock (&self->lock);
}

char *
_wn_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* The audit log's hash: SHA-256 over the previous hash and the row's own
 * content, fields separated by newlines. */
static char *
audit_hash (const char *prev_hash,
            gint64      id,
            const char *at,
            const char *actor,
            const char *action,
            const char *detail)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *parts[] = { prev_hash, id_text, at, actor, action, detail };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (sum, (const guchar *) parts[i], strlen (parts[i]));
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }

  return g_strdup (g_checksum_get_string (sum));
}

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

gboolean
_wn_project_audit (WnProject   *self,
                   const char  *action,
                   const char  *detail,
                   GError     **error)
{
  g_autoptr(WnStmt) last = NULL;
  g_autoptr(WnStmt) insert = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *at = _wn_now_iso8601 ();
  g_autofree char *hash = NULL;
  gint64 id = 1;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &last, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  rc = sqlite3_step (last);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (last, 0) + 1;
      prev = g_strdup ((const char *) sqlite3_column_text (last, 1));
    }
  else if (rc == SQLITE_DONE)
    prev = g_strdup (AUDIT_GENESIS);
  else
    goto fail;

  hash = audit_hash (prev, id, at, self->actor, action, detail);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO audit (id, at, actor, action, detail, prev_hash, hash)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &insert, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_bind_int64 (insert, 1, id);
  sqlite3_bind_text (insert, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, self->actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    goto fail;

  return TRUE;

fail:
  _wn_project_set_sqlite_error (error, self->db, rc, self->path, _("could not write the audit log"));
  return FALSE;
}

gboolean
_wn_audit_rechain (sqlite3  *db,
                   GError  **error)
{
  g_autoptr(WnStmt) select = NULL;
  g_autoptr(WnStmt) update = NULL;
  g_autofree char *prev = g_strdup (AUDIT_GENESIS);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  /* Rows are numbered 1, 2, … again (a gap reads as a removed row), then
   * each hash is computed over its new number and the previous hash. */
  rc = sqlite3_prepare_v2 (db, "SELECT id FROM audit ORDER BY id", -1, &select, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);

      g_array_append_val (ids, id);
      rc = SQLITE_OK;
    }
  g_clear_pointer (&select, sqlite3_finalize);
  if (rc == SQLITE_DONE)
    rc = sqlite3_prepare_v2 (db, "UPDATE audit SET id = ?1 WHERE id = ?2", -1, &update, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < ids->len; i++)
    {
      sqlite3_bind_int64 (update, 1, (gint64) i + 1);
      sqlite3_bind_int64 (update, 2, g_array_index (ids, gint64, i));
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  g_clear_pointer (&update, sqlite3_finalize);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT id, at, actor, action, detail FROM audit ORDER BY id", -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", -1, &update, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);
      char *hash = audit_hash (prev,
                               id,
                               (const char *) sqlite3_column_text (select, 1),
                               (const char *) sqlite3_column_text (select, 2),
                               (const char *) sqlite3_column_text (select, 3),
                               (const char *) sqlite3_column_text (select, 4));

      sqlite3_bind_text (update, 1, prev, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 2, hash, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 3, id);
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      g_free (prev);
      prev = hash;
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, sqlite3_db_filename (db, "main"), _("could not write the audit log"));
      return FALSE;
    }
  return TRUE;
}

char *
_wn_project_get_meta (WnProject  *self,
                      const char *key)
{
  g_autoptr(WnStmt) stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return value;
}

gboolean
_wn_project_set_meta (WnProject   *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, self->path, _("could not save a setting"));
      return FALSE;
    }
  return TRUE;
}

gboolean
wn_project_verify_audit (WnProject  *self,
                         gint64     *first_bad_row,
                         GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *prev = g_strdup (AUDIT_GENESIS);
  gint64 expected_id = 1;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (first_bad_row)
    *first_bad_row = 0;

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, self->path, _("could not read the audit log"));
      _wn_project_unlock (self);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *col[6];
      g_autofree char *hash = NULL;

      for (int i = 0; i < 6; i++)
        {
          col[i] = (const char *) sqlite3_column_text (stmt, i + 1);
          if (col[i] == NULL)
            col[i] = "";
        }
      hash = audit_hash (prev, id, col[0], col[1], col[2], col[3]);
      /* A removed row shows as a gap in the ids or a prev_hash that does not
       * match; a changed row as a hash that does not match. */
      if (id != expected_id || g_strcmp0 (col[4], prev) != 0 || g_strcmp0 (col[5], hash) != 0)
        {
          if (first_bad_row)
            *first_bad_row = id;
          ok = FALSE;
          break;
        }
      g_free (prev);
      prev = g_strdup (col[5]);
      expected_id++;
    }
  if (ok && rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, self->path, _("could not read the audit log"));
      _wn_project_unlock (self);
      return FALSE;
    }
  _wn_project_unlock (self);

  if (!ok)
    g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_CORRUPT,
                 _("%s: the audit log was changed at entry %lld"),
                 self->path, first_bad_row ? (long long) *first_bad_row : 0LL);
  return ok;
}

gint64
wn_project_count_audit (WnProject  *self,
                        GError    **error)
{
  return _wn_project_query_int (self, "SELECT count(*) FROM audit", error);
}

gint64
_wn_project_query_int (WnProject   *self,
                       const char  *sql,
                       GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  gint64 value = -1;
  int rc;

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    _wn_project_set_sqlite_error (error, self->db, rc, self->path, _("could not read the project"));
  _wn_project_unlock (self);

  return value;
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                   */

static void
wn_project_finalize (GObject *object)
{
  WnProject *self = (WnProject *) object;

  wn_project_close (self);
  g_rec_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self->actor);

  G_OBJECT_CLASS (wn_project_parent_class)->finalize (object);
}

static void
wn_project_class_init (WnProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wn_project_finalize;

  /* SQLite counts every allocation under a global mutex unless told not
   * to; nothing here reads the counts, and an import allocates for every
   * word it indexes. Only possible before SQLite's first use, which this
   * is in the programs (a test may have opened a database first: then the
   * counting stays on, at no other cost). */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
wn_project_init (WnProject *self)
{
  const char *user = g_get_user_name ();

  g_rec_mutex_init (&self->lock);
  self->actor = g_strdup (user != NULL ? user : "unknown");
}

/* ------------------------------------------------------------------------ */
/* Keeping the project's locks while the process has it open                 */

/* SQLite's locks are POSIX record locks, and the kernel drops every POSIX
 * lock a process holds on a file when the process closes any descriptor
 * of that file, SQLite's or not. GIO does exactly that when it sniffs a
 * file's type (a file chooser listing the project's folder opens the
 * project and its -shm file and closes them). The app would then look gone
 * to another process: the CLI, closing, would find it can lock the whole
 * file, checkpoint and delete the WAL the app still writes to (its later
 * writes invisible to others and lost if it crashed); opening, it would
 * take the WAL-index for its own and reset it.
 *
 * So, as long as this process has a project open, it holds two more locks
 * of its own: open-file-description (OFD) locks, owned by a descriptor
 * nothing else closes, which conflict with POSIX locks: a read lock on the
 * project file's "shared" range (no other process can get the exclusive
 * lock a last connection takes before deleting the WAL) and one on the
 * -shm file's "DMS" byte (no other process can take the WAL-index for
 * new). One guard per file per process, counted by the connections that
 * use it; released just before the last of them closes. */

#define SQLITE_SHARED_FIRST (0x40000000 + 2) /* PENDING_BYTE + 2 */
#define SQLITE_SHARED_SIZE  510
#define SQLITE_SHM_DMS      (120 + 8)        /* WALINDEX_LOCK_OFFSET + SQLITE_SHM_NLOCK */

/* One file's locks held by this process (a LockGuard or a Hold), shared
 * by the connections that use them: found by registry_find(), the
 * descriptors closed when the last user lets go (registry_release()). */
typedef struct
{
  dev_t dev;
  ino_t ino;
  int   fds[2];  /* -1 when not held */
  guint users;
} FileLocks;

static FileLocks *
registry_find (GPtrArray     **registry,
               const GStatBuf *st)
{
  if (*registry == NULL)
    *registry = g_ptr_array_new ();
  for (guint i = 0; i < (*registry)->len; i++)
    {
      FileLocks *entry = g_ptr_array_index (*registry, i);

      if (entry->dev == st->st_dev && entry->ino == st->st_ino)
        return entry;
    }
  return NULL;
}

static FileLocks *
registry_add (GPtrArray      *registry,
              const GStatBuf *st,
              int             fd0,
              int             fd1)
{
  FileLocks *entry = g_new0 (FileLocks, 1);

  entry->dev = st->st_dev;
  entry->ino = st->st_ino;
  entry->fds[0] = fd0;
  entry->fds[1] = fd1;
  g_ptr_array_add (registry, entry);
  return entry;
}

static void
registry_release (GPtrArray  *registry,
                  GMutex     *mutex,
                  FileLocks  *entry)
{
  g_mutex_lock (mutex);
  if (--entry->users == 0)
    {
      g_ptr_array_remove_fast (registry, entry);
      for (guint i = 0; i < G_N_ELEMENTS (entry->fds); i++)
        if (entry->fds[i] >= 0)
          close (entry->fds[i]);
      g_free (entry);
    }
  g_mutex_unlock (mutex);
}

/* fds[0]: the read lock on the project file's shared range, fds[1]: the
 * one on the -shm file's DMS byte. */
typedef FileLocks LockGuard;

static GMutex guards_lock;
static GPtrArray *guards;

static int
guard_fd (const char *path,
          off_t       start,
          off_t       len)
{
  struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);

  if (fd < 0)
    return -1;
  if (fcntl (fd, F_OFD_SETLK, &fl) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* Best effort: a file system without OFD locks leaves SQLite's own. */
static void
lock_guard_take (WnProject *self)
{
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  GStatBuf st;
  LockGuard *guard;

  if (g_stat (self->path, &st) != 0)
    return;
  g_mutex_lock (&guards_lock);
  guard = registry_find (&guards, &st);
  if (guard == NULL)
    guard = registry_add (guards, &st, guard_fd (self->path, SQLITE_SHARED_FIRST, SQLITE_SHARED_SIZE),
                          guard_fd (shm, SQLITE_SHM_DMS, 1));
  guard->users++;
  self->guard = guard;
  g_mutex_unlock (&guards_lock);
}

static void
lock_guard_release (WnProject *self)
{
  LockGuard *guard = self->guard;

  if (guard == NULL)
    return;
  self->guard = NULL;
  registry_release (guards, &guards_lock, guard);
}

/* ------------------------------------------------------------------------ */
/* Holding a project for editing                                             */

/* The app holds the project it shows for editing (WN_PROJECT_OPEN_HOLD):
 * an OFD write lock on one byte of the project file that SQLite never
 * locks (its locks end at PENDING_BYTE + 2 + 510). A second program
 * opening the project with the same flag (another Winnow, of another user
 * or on another computer sharing the folder) cannot take that lock and
 * opens the project read-only, saying so. The kernel drops the lock when
 * the holder exits, crashed or not, so a hold is never stale. One hold per
 * file per process, counted by the connections that use it: the same app
 * opening its project again keeps holding it. winnow-cli does not hold:
 * its commands are single transactions that SQLite serialises with the
 * app's (tests/core/test-hostile.c checks nothing is lost). */

#define WN_HOLD_BYTE (0x40000000 + 1024)

/* fds[0]: the OFD write lock on WN_HOLD_BYTE, -1 where the file system
 * has no OFD locks; fds[1] unused. */
typedef FileLocks Hold;

static GMutex holds_lock;
static GPtrArray *holds;

/* Returns the process's hold on PATH, taken now or shared; NULL when
 * another program holds it. A file system without OFD locks holds
 * nothing (fd -1) and shares the project as SQLite does. */
static Hold *
hold_take (const char *path)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = WN_HOLD_BYTE, .l_len = 1 };
  GStatBuf st;
  Hold *hold;
  int fd;

  if (g_stat (path, &st) != 0)
    return NULL;
  g_mutex_lock (&holds_lock);
  hold = registry_find (&holds, &st);
  if (hold == NULL)
    {
      fd = g_open (path, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd >= 0 && fcntl (fd, F_OFD_SETLK, &fl) != 0)
        {
          int saved = errno;

          close (fd);
          fd = -1;
          if (saved == EAGAIN || saved == EACCES)
            {
              g_mutex_unlock (&holds_lock);
              return NULL;
            }
        }
      else if (fd < 0)
        fd = -1;
      hold = registry_add (holds, &st, fd, -1);
    }
  hold->users++;
  g_mutex_unlock (&holds_lock);
  return hold;
}

static void
hold_release (WnProject *self)
{
  Hold *hold = self->hold;

  if (hold == NULL)
    return;
  self->hold = NULL;
  registry_release (holds, &holds_lock, hold);
}

void
wn_project_close (WnProject *self)
{
  g_return_if_fail (WN_IS_PROJECT (self));

  _wn_project_lock (self);
  lock_guard_release (self);
  hold_release (self);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  _wn_project_unlock (self);
}

/* The pragmas every connection runs with. busy_timeout: another program's
 * short transaction (a CLI import while the app is open) is waited for; a
 * long one is reported as "locked". */
static gboolean
configure_connection (WnProject  *self,
                      GError    **error)
{
  sqlite3_busy_timeout (self->db, 2000);
  sqlite3_extended_result_codes (self->db, 0);
  return exec_sql (self,
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA synchronous = FULL;"
                   "PRAGMA temp_store = MEMORY;"
                   "PRAGMA cache_size = -16384;",
                   _("could not configure the connection"), error);
}

static gboolean
run_migrations (WnProject  *self,
                int         from,
                GError    **error)
{
  for (int version = from + 1; version <= _wn_project_latest_schema_version (); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version);
      g_autofree char *detail = g_strdup_printf ("{\"from\":%d,\"to\":%d}", version - 1, version);

      if (!exec_sql (self, "BEGIN IMMEDIATE", _("could not start a transaction"), error))
        return FALSE;
      if (!exec_sql (self, migrations[version], _("could not update the project's format"), error) ||
          !exec_sql (self, bump, _("could not update the project's format"), error) ||
          !_wn_project_audit (self, "schema.migrate", detail, error) ||
          !exec_sql (self, "COMMIT", _("could not update the project's format"), error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  self->schema_version = _wn_project_latest_schema_version ();
  return TRUE;
}

/* Reads the first 100 bytes (the SQLite header) without SQLite, so that a
 * file that is not a database at all is rejected before anything could
 * write to it. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  guint8 header[100];
  gsize n = 0;

  in = g_file_read (file, NULL, &local_error);
  if (in == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                     _("%s: no such file"), path);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_A_PROJECT,
                     _("%s: is a folder, not a Winnow project"), path);
      else
        g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_READ_ONLY,
                     _("%s: cannot be read: %s"), path, local_error->message);
      return FALSE;
    }
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n, NULL, &local_error))
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_READ_ONLY,
                   _("%s: cannot be read: %s"), path, local_error->message);
      return FALSE;
    }
  if (n == 0)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_A_PROJECT,
                   _("%s: the file is empty, not a Winnow project"), path);
      return FALSE;
    }
  if (n < sizeof header || memcmp (header, sqlite_magic, sizeof sqlite_magic) != 0)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_A_PROJECT,
                   _("%s: not a Winnow project (it is not an SQLite database)"), path);
      return FALSE;
    }
  return TRUE;
}

/* A file that this process cannot write, or whose folder it cannot write
 * (a read-only medium, a write-protected share), is opened read-only. A
 * WAL database normally needs its -shm file, which cannot be made there,
 * so when no WAL is pending (the last writer closed cleanly) the file is
 * opened as immutable: nothing can change it while it sits on that medium.
 * With a pending WAL the plain read-only open is tried, which works when
 * the -shm file exists. access() reports EROFS even for root. */
static gboolean
path_is_read_only (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return access (path, W_OK) != 0 || access (dir, W_OK) != 0;
}

static char *
open_read_only_uri (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *escaped = g_uri_escape_string (path, "/", TRUE);
  GStatBuf st;

  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    return g_strconcat ("file:", escaped, "?mode=ro", NULL);
  return g_strconcat ("file:", escaped, "?mode=ro&immutable=1", NULL);
}

/* Looks at the file through a read-only connection: is it ours, which
 * version, does it pass quick_check. Nothing is written. */
static gboolean
inspect_read_only (const char  *path,
                   int         *version_out,
                   GError     **error)
{
  sqlite3 *db = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 tables = 0;
  const char *check;
  int rc;

  if (path_is_read_only (path))
    {
      g_autofree char *uri = open_read_only_uri (path);

      rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    }
  else
    rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_busy_timeout (db, 2000);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT (SELECT application_id FROM pragma_application_id),"
                           "       (SELECT user_version FROM pragma_user_version),"
                           "       (SELECT count(*) FROM sqlite_schema)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    goto fail;
  app_id = sqlite3_column_int64 (stmt, 0);
  version = sqlite3_column_int64 (stmt, 1);
  tables = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (app_id != WN_PROJECT_APPLICATION_ID)
    {
      if (tables == 0 && app_id == 0)
        g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_A_PROJECT,
                     _("%s: an empty SQLite database, not a Winnow project"), path);
      else
        g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_A_PROJECT,
                     _("%s: an SQLite database of another program, not a Winnow project"), path);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  if (version > _wn_project_latest_schema_version ())
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NEWER_SCHEMA,
                   _("%s: made by a newer version of Winnow (project format %d; this version reads up to %d); update Winnow to open it"),
                   path, (int) version, _wn_project_latest_schema_version ());
      sqlite3_close_v2 (db);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    goto fail;
  check = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_CORRUPT,
                   _("%s: the project file is damaged (%s)"), path, check ? check : "?");
      g_clear_pointer (&stmt, sqlite3_finalize);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (db);
  *version_out = (int) version;
  return TRUE;

fail:
  _wn_project_set_sqlite_error (error, db, rc, path, _("could not open the project"));
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (db);
  return FALSE;
}

/* The copy taken before a migration: NAME.winnow.v1-20261124T101500.bak,
 * written with SQLite's online backup so it is a consistent database. */
static gboolean
backup_before_migration (WnProject  *self,
                         int         version,
                         GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *backup_path = g_strdup_printf ("%s.v%d-%s.bak", self->path, version, stamp);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (backup_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", self->db, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (dest);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_READ_ONLY,
                   _("%s: could not write the backup copy %s before updating the project's format: %s"),
                   self->path, backup_path, sqlite3_errmsg (dest));
      sqlite3_close_v2 (dest);
      g_unlink (backup_path);
      return FALSE;
    }
  sqlite3_close_v2 (dest);
  return TRUE;
}

WnProject *
wn_project_open (const char  *path,
                 GError     **error)
{
  return wn_project_open_full (path, WN_PROJECT_OPEN_DEFAULT, error);
}

WnProject *
wn_project_open_full (const char          *path,
                      WnProjectOpenFlags   flags,
                      GError             **error)
{
  g_autoptr(WnProject) self = NULL;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_header (path, error) || !inspect_read_only (path, &version, error))
    return NULL;

  self = g_object_new (WN_TYPE_PROJECT, NULL);
  self->path = g_strdup (path);

  if (!path_is_read_only (path) && (flags & WN_PROJECT_OPEN_HOLD) != 0)
    {
      self->hold = hold_take (path);
      self->held_elsewhere = self->hold == NULL;
    }

  if (self->held_elsewhere)
    {
      /* Another Winnow holds it for editing: read it as it changes (no
       * immutable open here), write nothing. */
      if (version < _wn_project_latest_schema_version ())
        {
          g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_LOCKED,
                       _("%s: the project must be updated to this version of Winnow, but another Winnow has it open; close it there and try again"),
                       path);
          return NULL;
        }
      rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
      if (rc != SQLITE_OK || !configure_connection (self, NULL))
        {
          _wn_project_set_sqlite_error (error, self->db, rc != SQLITE_OK ? rc : SQLITE_CANTOPEN, path,
                                        _("could not open the project"));
          return NULL;
        }
      self->read_only = TRUE;
      self->schema_version = version;
      lock_guard_take (self);
      return g_steal_pointer (&self);
    }

  if (path_is_read_only (path))
    {
      g_autofree char *uri = open_read_only_uri (path);

      /* Opened to be read, and said so (wn_project_is_read_only()); every
       * write then fails with WN_STORE_ERROR_READ_ONLY. A project that
       * needs a migration cannot be migrated here. */
      if (version < _wn_project_latest_schema_version ())
        {
          g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_READ_ONLY,
                       _("%s: the project must be updated to this version of Winnow, but it is read-only; copy it to a folder you can write to"),
                       path);
          return NULL;
        }
      rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
      if (rc != SQLITE_OK || !configure_connection (self, NULL))
        {
          _wn_project_set_sqlite_error (error, self->db, rc != SQLITE_OK ? rc : SQLITE_CANTOPEN, path,
                                        _("could not open the project"));
          return NULL;
        }
      self->read_only = TRUE;
      self->schema_version = version;
      return g_steal_pointer (&self);
    }

  /* FULLMUTEX, not NOMUTEX: our own lock guards each call, but statements
   * held in g_autoptr are finalized after the lock is released, while
   * another thread may be using the connection. With NOMUTEX that damaged
   * project files under a burst of UI actions on the duplicates page (3 of
   * 24 bursts; 0 of 24 with FULLMUTEX). */
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, path, _("could not open the project for writing"));
      return NULL;
    }
  if (!configure_connection (self, error))
    return NULL;

  /* Another writer holding the file: find out now, before any change. */
  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE; ROLLBACK;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, path, _("could not open the project for writing"));
      return NULL;
    }

  if (!exec_sql (self, "PRAGMA journal_mode = WAL", _("could not open the project"), error))
    return NULL;

  self->schema_version = version;
  if (version < _wn_project_latest_schema_version ())
    {
      if (!backup_before_migration (self, version, error) || !run_migrations (self, version, error))
        return NULL;
    }

  lock_guard_take (self);
  return g_steal_pointer (&self);
}

WnProject *
wn_project_create (const char  *path,
                   const char  *title,
                   GError     **error)
{
  g_autoptr(WnProject) self = NULL;
  g_autofree char *default_title = NULL;
  g_autofree char *app_id_sql = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_EXISTS,
                   _("%s: a file of that name already exists"), path);
      return NULL;
    }

  if (title == NULL || *title == '\0')
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      title = default_title = g_steal_pointer (&base);
    }

  self = g_object_new (WN_TYPE_PROJECT, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, path, _("could not create the project"));
      g_clear_pointer (&self->db, sqlite3_close_v2);
      return NULL;
    }

  /* 16 KiB pages: a record with its abstract and verbatim text is a few
   * KiB, which on 4 KiB pages spills into chains of overflow pages. */
  app_id_sql = g_strdup_printf ("PRAGMA page_size = 16384; PRAGMA application_id = %d", WN_PROJECT_APPLICATION_ID);
  if (!configure_connection (self, error) ||
      !exec_sql (self, app_id_sql, _("could not create the project"), error) ||
      !exec_sql (self, "PRAGMA journal_mode = WAL", _("could not create the project"), error) ||
      !run_migrations (self, 0, error))
    goto fail;

  if (!exec_sql (self, "BEGIN IMMEDIATE", _("could not create the project"), error))
    goto fail;
  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO meta (key, value) VALUES ('title', ?1), ('created_at', ?2),"
                           " ('uid', ?3), ('created_with', ?4)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      g_autofree char *uid = g_uuid_string_random ();

      sqlite3_bind_text (stmt, 1, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, uid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, PACKAGE_NAME " " PACKAGE_VERSION, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, path, _("could not create the project"));
      goto fail;
    }
  {
    g_autoptr(GString) detail = g_string_new ("{\"title\":");

    wn_json_append_string (detail, title);
    g_string_append_c (detail, '}');
    if (!_wn_project_audit (self, "project.create", detail->str, error) ||
        !exec_sql (self, "COMMIT", _("could not create the project"), error))
      goto fail;
  }

  lock_guard_take (self);
  return g_steal_pointer (&self);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  /* A half-made project is worse than none. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  return NULL;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  WnProject *project = wn_project_open_full (path, WN_PROJECT_OPEN_HOLD, &error);

  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

void
wn_project_open_async (const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wn_project_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

WnProject *
wn_project_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wn_project_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
wn_project_get_path (WnProject *self)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  return self->path;
}

int
wn_project_get_schema_version (WnProject *self)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), 0);
  return self->schema_version;
}

gboolean
wn_project_is_read_only (WnProject *self)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  return self->read_only;
}

gboolean
wn_project_is_held_elsewhere (WnProject *self)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  return self->held_elsewhere;
}

const char *
wn_project_get_actor (WnProject *self)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  return self->actor;
}

void
wn_project_set_actor (WnProject  *self,
                      const char *actor)
{
  g_return_if_fail (WN_IS_PROJECT (self));
  g_return_if_fail (actor != NULL && *actor != '\0');

  _wn_project_lock (self);
  g_free (self->actor);
  self->actor = g_strdup (actor);
  _wn_project_unlock (self);
}

char *
wn_project_dup_title (WnProject *self)
{
  g_autoptr(WnStmt) stmt = NULL;
  char *title = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'title'", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    title = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  _wn_project_unlock (self);

  return title;
}

gboolean
wn_project_get_counts (WnProject        *self,
                       WnProjectCounts  *counts,
                       GError          **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT (SELECT count(*) FROM records),"
                           "       (SELECT count(*) FROM records WHERE duplicate_of IS NULL),"
                           "       (SELECT count(*) FROM searches),"
                           "       (SELECT count(DISTINCT duplicate_of) FROM records WHERE duplicate_of IS NOT NULL),"
                           "       (SELECT count(*) FROM reviewers),"
                           "       (SELECT count(DISTINCT coalesce (batch, id)) FROM searches)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _wn_project_set_sqlite_error (error, self->db, rc, self->path, _("could not count the records"));
      _wn_project_unlock (self);
      return FALSE;
    }
  counts->records = sqlite3_column_int64 (stmt, 0);
  counts->unique_records = sqlite3_column_int64 (stmt, 1);
  counts->searches = sqlite3_column_int64 (stmt, 2);
  counts->duplicate_groups = sqlite3_column_int64 (stmt, 3);
  counts->reviewers = sqlite3_column_int64 (stmt, 4);
  counts->search_batches = sqlite3_column_int64 (stmt, 5);
  _wn_project_unlock (self);

  return TRUE;
}

gboolean
wn_project_add_reviewer (WnProject   *self,
                         const char  *name,
                         const char  *role,
                         GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(GString) detail = g_string_new ("{");
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (role == NULL)
    role = "reviewer";

  wn_json_append_key (detail, "name");
  wn_json_append_string (detail, name);
  wn_json_append_key (detail, "role");
  wn_json_append_string (detail, role);
  g_string_append_c (detail, '}');

  _wn_project_lock (self);
  if (!exec_sql (self, "BEGIN IMMEDIATE", _("could not add a reviewer"), error))
    {
      _wn_project_unlock (self);
      return FALSE;
    }
  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO reviewers (uid, name, role, created_at) VALUES (?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, role, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT)
        g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_FAILED,
                     _("cannot add reviewer “%s”: the name is taken or the role is not reviewer, adjudicator or lead"),
                     name);
      else
        _wn_project_set_sqlite_error (error, self->db, rc, self->path, _("could not add a reviewer"));
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      _wn_project_unlock (self);
      return FALSE;
    }
  if (!_wn_project_audit (self, "reviewer.add", detail->str, error) ||
      !exec_sql (self, "COMMIT", _("could not add a reviewer"), error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      _wn_project_unlock (self);
      return FALSE;
    }
  _wn_project_unlock (self);
  return TRUE;
}
