/* test-export.c — exporting sets of records with their decisions: RIS, CSV,
 * ASReview CSV, the sets, atomic writing, and winnow-cli export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "wn-export.h"
#include "wn-project.h"
#include "wn-screening.h"

/* The project every test starts from:
 *
 *   search 1, format "ris" (records keep their RIS tags):
 *     r[0] TA alice include, bob include            → TA included
 *          FT alice include, bob exclude (reason)   → FT conflict
 *     r[1] TA alice exclude, bob exclude (reason, note)  → TA excluded
 *          title "=HYPERLINK(…)"
 *     r[2] TA alice include (label paediatric), bob exclude → TA conflict
 *     r[3] no decision                              → unscreened
 *   search 2, format "pubmed-xml" (mapped to RIS tags):
 *     r[4] TA alice include, bob maybe, carol adjudicates include → TA included
 *          FT alice include, bob include            → FT included
 */
typedef struct
{
  char      *dir;
  char      *path;
  WnProject *project;
  gint64     r[5];
  gint64     search[2];
} Fixture;

static const char *const ris_fields[][2] = {
  /* r[0] */
  { "TY", "JOUR" }, { "TI", "Exercise, for \"older\" adults" }, { "AU", "Smith, J." }, { "AU", "Doe, A." },
  { "PY", "2020" }, { "JO", "J Ageing" }, { "X9", "an unknown tag kept as is" }, { "N1", "The database's own note" },
  { "AB", "Background: one.\nMethods: two." }, { NULL, NULL },
  /* r[1] */
  { "TY", "JOUR" }, { "TI", "=HYPERLINK(\"http://example.com\",\"click\")" }, { "AU", "Evil, E." }, { NULL, NULL },
  /* r[2] */
  { "TY", "CHAP" }, { "TI", "Line one\nLine two" }, { "C8", "custom" }, { NULL, NULL },
  /* r[3] */
  { "TY", "BOOK" }, { "TI", "+Plus, @at and -minus" }, { NULL, NULL },
};

static WnRecord *
ris_record (guint *index)
{
  WnRecord *record = wn_record_new ();
  GString *text = g_string_new (NULL);

  for (; ris_fields[*index][0] != NULL; (*index)++)
    {
      const char *tag = ris_fields[*index][0];
      const char *value = ris_fields[*index][1];

      wn_record_add_field (record, tag, value);
      g_string_append_printf (text, "%s  - %s\n", tag, value);
      if (g_str_equal (tag, "TY"))
        record->type = g_strdup (value);
      else if (g_str_equal (tag, "TI"))
        record->title = g_strdup (value);
      else if (g_str_equal (tag, "AU"))
        wn_record_add_author (record, value);
      else if (g_str_equal (tag, "PY"))
        record->year = g_strdup (value);
      else if (g_str_equal (tag, "JO"))
        record->journal = g_strdup (value);
      else if (g_str_equal (tag, "AB"))
        record->abstract = g_strdup (value);
    }
  (*index)++;
  g_string_append (text, "ER  - \n");
  record->source_text = g_string_free (text, FALSE);
  return record;
}

static gint64
begin_search (WnProject       *project,
              const char      *format,
              WnSearchWriter **writer_out)
{
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(GError) error = NULL;
  WnSearchWriter *writer;

  search->database = g_strdup ("Test");
  search->format = g_strdup (format);
  search->file_name = g_strdup_printf ("fixture.%s", format);
  writer = wn_project_begin_search (project, search, &error);
  g_assert_no_error (error);
  wn_search_writer_set_detected (writer, format, "UTF-8", NULL, NULL, NULL);
  *writer_out = writer;
  return wn_search_writer_get_search_id (writer);
}

static void
decide (Fixture    *fixture,
        const char *reviewer,
        WnStage     stage,
        int         record,
        WnVerdict   verdict,
        const char *reason,
        const char *note,
        const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) decision = NULL;
  const char *labels[] = { label, NULL };

  decision = wn_project_decide (fixture->project, reviewer, stage, fixture->r[record], verdict, reason, note,
                                label != NULL ? labels : NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decision);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) adjudication = NULL;
  WnSearchWriter *writer = NULL;
  guint index = 0;

  fixture->dir = g_dir_make_tmp ("winnow-test-export-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "review.winnow", NULL);
  fixture->project = wn_project_create (fixture->path, "Export", &error);
  g_assert_no_error (error);

  fixture->search[0] = begin_search (fixture->project, "ris", &writer);
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(WnRecord) record = ris_record (&index);

      fixture->r[i] = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  wn_search_writer_free (writer);

  fixture->search[1] = begin_search (fixture->project, "pubmed-xml", &writer);
  {
    g_autoptr(WnRecord) record = wn_record_new ();

    record->source_id = g_strdup ("12345");
    record->pmid = g_strdup ("12345");
    record->title = g_strdup ("A mapped record");
    record->type = g_strdup ("Journal Article");
    wn_record_add_author (record, "Roe, R.");
    wn_record_add_author (record, "Poe, P.");
    record->year = g_strdup ("2019");
    record->journal = g_strdup ("Trials");
    record->volume = g_strdup ("7");
    record->issue = g_strdup ("2");
    record->pages = g_strdup ("100-110");
    record->doi = g_strdup ("10.1000/xyz");
    record->abstract = g_strdup ("First paragraph.\n\nSecond paragraph.");
    wn_record_add_keyword (record, "exercise");
    wn_record_add_keyword (record, "ageing");
    record->language = g_strdup ("eng");
    wn_record_add_field (record, "PMID", "12345");
    wn_record_add_field (record, "ArticleTitle", "A mapped record");
    record->source_text = g_strdup ("<PubmedArticle/>");
    fixture->r[4] = wn_search_writer_add (writer, record, &error);
    g_assert_no_error (error);
  }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  wn_search_writer_free (writer);

  g_assert_true (wn_project_add_reviewer (fixture->project, "alice", "reviewer", &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_add_reviewer (fixture->project, "bob", "reviewer", &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_add_reviewer (fixture->project, "carol", "adjudicator", &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_add_reason (fixture->project, "Wrong population", &error));
  g_assert_no_error (error);

  decide (fixture, "alice", WN_STAGE_TA, 0, WN_VERDICT_INCLUDE, NULL, NULL, NULL);
  decide (fixture, "bob", WN_STAGE_TA, 0, WN_VERDICT_INCLUDE, NULL, NULL, NULL);
  decide (fixture, "alice", WN_STAGE_FT, 0, WN_VERDICT_INCLUDE, NULL, NULL, NULL);
  decide (fixture, "bob", WN_STAGE_FT, 0, WN_VERDICT_EXCLUDE, "Wrong population", NULL, NULL);

  decide (fixture, "alice", WN_STAGE_TA, 1, WN_VERDICT_EXCLUDE, NULL, NULL, NULL);
  decide (fixture, "bob", WN_STAGE_TA, 1, WN_VERDICT_EXCLUDE, "Wrong population", "adults only,\n\"all\" of them",
          NULL);

  /* alice changes her mind: only her latest vote is in force */
  decide (fixture, "alice", WN_STAGE_TA, 2, WN_VERDICT_EXCLUDE, NULL, NULL, NULL);
  decide (fixture, "alice", WN_STAGE_TA, 2, WN_VERDICT_INCLUDE, NULL, NULL, "paediatric");
  decide (fixture, "bob", WN_STAGE_TA, 2, WN_VERDICT_EXCLUDE, NULL, NULL, NULL);

  decide (fixture, "alice", WN_STAGE_TA, 4, WN_VERDICT_INCLUDE, NULL, NULL, NULL);
  decide (fixture, "bob", WN_STAGE_TA, 4, WN_VERDICT_MAYBE, NULL, NULL, NULL);
  adjudication = wn_project_adjudicate (fixture->project, "carol", WN_STAGE_TA, fixture->r[4], WN_VERDICT_INCLUDE,
                                        NULL, "settled", &error);
  g_assert_no_error (error);
  decide (fixture, "alice", WN_STAGE_FT, 4, WN_VERDICT_INCLUDE, NULL, NULL, NULL);
  decide (fixture, "bob", WN_STAGE_FT, 4, WN_VERDICT_INCLUDE, NULL, NULL, NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->project);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Exports and returns the file's bytes. */
static char *
export_to (Fixture         *fixture,
           WnExportOptions *options,
           const char      *name,
           gint64           expect_written)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  char *contents = NULL;
  gint64 written = -1;

  g_assert_true (wn_project_export (fixture->project, options, path, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, expect_written);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* The RIS records of a file: each a GPtrArray of "TAG  - value" lines,
 * ER included. Every line must end in CRLF. */
static GPtrArray *
split_ris (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  GPtrArray *current = NULL;

  /* No bare LF or CR anywhere: each split line is whole. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_null (strchr (lines[i], '\r'));
    }
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      g_assert_cmpint (strlen (lines[i]), >=, 6);
      g_assert_true (strncmp (lines[i] + 2, "  - ", 4) == 0);
      if (g_str_has_prefix (lines[i], "TY  - "))
        {
          g_assert_null (current);
          current = g_ptr_array_new_with_free_func (g_free);
        }
      g_assert_nonnull (current);
      g_ptr_array_add (current, g_strdup (lines[i]));
      if (g_str_has_prefix (lines[i], "ER  - "))
        {
          g_ptr_array_add (records, current);
          current = NULL;
        }
    }
  g_assert_null (current);
  return records;
}

static gboolean
has_line (GPtrArray  *lines,
          const char *line)
{
  return g_ptr_array_find_with_equal_func (lines, line, g_str_equal, NULL);
}

static guint
line_index (GPtrArray  *lines,
            const char *line)
{
  guint index = G_MAXUINT;

  g_assert_true (g_ptr_array_find_with_equal_func (lines, line, g_str_equal, &index));
  return index;
}

/* /wn/core/export/ris: original tags kept, others mapped, decisions as N1 */
static void
test_ris (Fixture       *fixture,
          gconstpointer  data)
{
  WnExportOptions options;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *r0, *r1, *r2, *r3, *r4;

  wn_export_options_init (&options);
  text = export_to (fixture, &options, "all.ris", 5);
  records = split_ris (text);
  g_assert_cmpuint (records->len, ==, 5);
  r0 = records->pdata[0];
  r1 = records->pdata[1];
  r2 = records->pdata[2];
  r3 = records->pdata[3];
  r4 = records->pdata[4];

  /* r[0]: every source tag in source order, unknown ones too, the
   * source's N1 kept before Winnow's, a multi-line value on one line */
  {
    const char *expected[] = {
      "TY  - JOUR",
      "TI  - Exercise, for \"older\" adults",
      "AU  - Smith, J.",
      "AU  - Doe, A.",
      "PY  - 2020",
      "JO  - J Ageing",
      "X9  - an unknown tag kept as is",
      "N1  - The database's own note",
      "AB  - Background: one. Methods: two.",
      "N1  - Winnow TA: included (alice: include; bob: include)",
      "N1  - Winnow FT: conflict (alice: include; bob: exclude — Wrong population)",
      "ER  - ",
    };

    g_assert_cmpuint (r0->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (r0->pdata[i], ==, expected[i]);
  }

  /* r[1]: the reason and the note (line breaks become spaces) */
  g_assert_cmpstr (r1->pdata[0], ==, "TY  - JOUR");
  g_assert_true (has_line (r1, "TI  - =HYPERLINK(\"http://example.com\",\"click\")"));
  g_assert_true (has_line (r1, "N1  - Winnow TA: excluded (alice: exclude; bob: exclude — Wrong population)"));
  g_assert_true (has_line (r1, "N1  - Winnow TA note, bob: adults only, \"all\" of them"));
  /* nothing happened at full text */
  for (guint i = 0; i < r1->len; i++)
    g_assert_null (strstr (r1->pdata[i], "Winnow FT"));

  /* r[2]: only alice's latest vote, and her label */
  g_assert_cmpstr (r2->pdata[0], ==, "TY  - CHAP");
  g_assert_true (has_line (r2, "TI  - Line one Line two"));
  g_assert_true (has_line (r2, "C8  - custom"));
  g_assert_true (has_line (r2, "N1  - Winnow TA: conflict (alice: include; bob: exclude)"));
  g_assert_true (has_line (r2, "N1  - Winnow labels: paediatric"));

  g_assert_true (has_line (r3, "N1  - Winnow TA: unscreened"));
  g_assert_cmpuint (r3->len, ==, 4);

  /* r[4]: from PubMed, mapped to standard tags */
  {
    const char *expected[] = {
      "TY  - JOUR",
      "TI  - A mapped record",
      "AU  - Roe, R.",
      "AU  - Poe, P.",
      "PY  - 2019",
      "T2  - Trials",
      "JO  - Trials",
      "VL  - 7",
      "IS  - 2",
      "SP  - 100",
      "EP  - 110",
      "DO  - 10.1000/xyz",
      "AB  - First paragraph. Second paragraph.",
      "KW  - exercise",
      "KW  - ageing",
      "LA  - eng",
      "AN  - 12345",
      "DB  - Test",
      "N1  - Winnow TA: included (alice: include; bob: maybe; adjudicated by carol: include)",
      "N1  - Winnow TA note, carol: settled",
      "N1  - Winnow FT: included (alice: include; bob: include)",
      "ER  - ",
    };

    g_assert_cmpuint (r4->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (r4->pdata[i], ==, expected[i]);
    /* the PubMed element names are not RIS tags */
    g_assert_false (has_line (r4, "PMID  - 12345"));
  }

  /* TY first and ER last in each */
  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *lines = records->pdata[i];

      g_assert_true (g_str_has_prefix (lines->pdata[0], "TY  - "));
      g_assert_cmpstr (lines->pdata[lines->len - 1], ==, "ER  - ");
      g_assert_cmpuint (line_index (lines, "ER  - "), ==, lines->len - 1);
    }
}

/* RFC 4180: rows of cells. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          /* A quoted cell starts the cell */
          g_assert_cmpuint (cell->len, ==, 0);
          for (p++;; p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (cell, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (cell, *p);
            }
          g_assert_true (*p == ',' || *p == '\r');
          continue;
        }
      if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          p++;
          continue;
        }
      if (*p == '\r')
        {
          /* rows end in CRLF, never in a bare CR or LF */
          g_assert_cmpint (p[1], ==, '\n');
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
          p += 2;
          continue;
        }
      g_assert_cmpint (*p, !=, '\n');
      g_string_append_c (cell, *p);
      p++;
    }
  g_assert_cmpuint (row->len, ==, 0);
  return rows;
}

static int
column (char      **header,
        const char *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_error ("no column %s", name);
}

static char **
row_with_id (GPtrArray *rows,
             gint64     id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  for (guint i = 1; i < rows->len; i++)
    {
      char **row = rows->pdata[i];

      if (g_str_equal (row[0], text))
        return row;
    }
  g_error ("no row for record %" G_GINT64_FORMAT, id);
}

/* /wn/core/export/csv: columns, per-reviewer votes, outcomes, quoting,
 * formula injection */
static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  WnExportOptions options;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **header;
  char **row;
  const char *expected_header[] = {
    "id", "source_id", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "database",
    "ta_alice", "ta_bob", "ta_carol", "ta_final", "ta_reasons", "ta_notes",
    "ft_alice", "ft_bob", "ft_carol", "ft_final", "ft_reasons", "ft_notes",
    "labels", "abstract", NULL,
  };

  wn_export_options_init (&options);
  options.format = WN_EXPORT_FORMAT_CSV;
  text = export_to (fixture, &options, "all.csv", 5);

  /* UTF-8 with a BOM, for Excel */
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf"));
  rows = parse_csv (text + 3);
  g_assert_cmpuint (rows->len, ==, 6);
  header = rows->pdata[0];
  g_assert_cmpstrv (header, expected_header);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (g_strv_length (rows->pdata[i]), ==, g_strv_length (header));

  row = row_with_id (rows, fixture->r[0]);
  /* commas and quotes survive the quoting */
  g_assert_cmpstr (row[column (header, "title")], ==, "Exercise, for \"older\" adults");
  g_assert_cmpstr (row[column (header, "authors")], ==, "Smith, J.; Doe, A.");
  g_assert_cmpstr (row[column (header, "year")], ==, "2020");
  g_assert_cmpstr (row[column (header, "journal")], ==, "J Ageing");
  g_assert_cmpstr (row[column (header, "ta_alice")], ==, "include");
  g_assert_cmpstr (row[column (header, "ta_bob")], ==, "include");
  g_assert_cmpstr (row[column (header, "ta_carol")], ==, "");
  g_assert_cmpstr (row[column (header, "ta_final")], ==, "included");
  g_assert_cmpstr (row[column (header, "ft_alice")], ==, "include");
  g_assert_cmpstr (row[column (header, "ft_bob")], ==, "exclude");
  g_assert_cmpstr (row[column (header, "ft_final")], ==, "conflict");
  g_assert_cmpstr (row[column (header, "ft_reasons")], ==, "bob: Wrong population");
  /* the abstract's line break is kept, inside quotes */
  g_assert_cmpstr (row[column (header, "abstract")], ==, "Background: one.\nMethods: two.");

  row = row_with_id (rows, fixture->r[1]);
  /* OWASP: a formula comes out as text */
  g_assert_cmpstr (row[column (header, "title")], ==, "'=HYPERLINK(\"http://example.com\",\"click\")");
  g_assert_cmpstr (row[column (header, "ta_final")], ==, "excluded");
  g_assert_cmpstr (row[column (header, "ta_reasons")], ==, "bob: Wrong population");
  g_assert_cmpstr (row[column (header, "ta_notes")], ==, "bob: adults only,\n\"all\" of them");
  g_assert_cmpstr (row[column (header, "ft_final")], ==, "unscreened");

  row = row_with_id (rows, fixture->r[2]);
  g_assert_cmpstr (row[column (header, "title")], ==, "Line one\nLine two");
  g_assert_cmpstr (row[column (header, "ta_alice")], ==, "include");
  g_assert_cmpstr (row[column (header, "ta_bob")], ==, "exclude");
  g_assert_cmpstr (row[column (header, "ta_final")], ==, "conflict");
  g_assert_cmpstr (row[column (header, "labels")], ==, "paediatric");

  row = row_with_id (rows, fixture->r[3]);
  g_assert_cmpstr (row[column (header, "title")], ==, "'+Plus, @at and -minus");
  g_assert_cmpstr (row[column (header, "ta_final")], ==, "unscreened");
  g_assert_cmpstr (row[column (header, "ta_alice")], ==, "");

  row = row_with_id (rows, fixture->r[4]);
  g_assert_cmpstr (row[column (header, "source_id")], ==, "12345");
  g_assert_cmpstr (row[column (header, "pmid")], ==, "12345");
  g_assert_cmpstr (row[column (header, "doi")], ==, "10.1000/xyz");
  g_assert_cmpstr (row[column (header, "pages")], ==, "100-110");
  g_assert_cmpstr (row[column (header, "ta_bob")], ==, "maybe");
  g_assert_cmpstr (row[column (header, "ta_final")], ==, "included");
  g_assert_cmpstr (row[column (header, "ta_notes")], ==, "carol: settled");
  g_assert_cmpstr (row[column (header, "ft_final")], ==, "included");

  /* rows in record id order */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->r[i]);

      g_assert_cmpstr (((char **) rows->pdata[i + 1])[0], ==, id);
    }
}

/* /wn/core/export/csv-injection: every OWASP trigger, in every column */
static void
test_csv_injection (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *triggers[] = { "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx" };
  g_autoptr(GError) error = NULL;
  WnSearchWriter *writer = NULL;
  WnExportOptions options;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 search;

  search = begin_search (fixture->project, "csv", &writer);
  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();

      record->title = g_strdup (triggers[i]);
      record->journal = g_strdup (triggers[i]);
      record->abstract = g_strdup (triggers[i]);
      wn_record_add_author (record, triggers[i]);
      wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  wn_search_writer_free (writer);

  for (int f = WN_EXPORT_FORMAT_CSV; f <= WN_EXPORT_FORMAT_ASREVIEW_CSV; f++)
    {
      char **header;

      wn_export_options_init (&options);
      options.format = f;
      options.search_id = search;
      g_clear_pointer (&text, g_free);
      g_clear_pointer (&rows, g_ptr_array_unref);
      text = export_to (fixture, &options, "injection.csv", G_N_ELEMENTS (triggers));
      rows = parse_csv (f == WN_EXPORT_FORMAT_CSV ? text + 3 : text);
      g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (triggers) + 1);
      header = rows->pdata[0];
      for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
        {
          char **row = rows->pdata[i + 1];
          g_autofree char *safe = g_strconcat ("'", triggers[i], NULL);

          g_assert_cmpstr (row[column (header, "title")], ==, safe);
          g_assert_cmpstr (row[column (header, "abstract")], ==, safe);
          /* wn_record_add_author() strips the name's white space */
          if (!g_ascii_isspace (*triggers[i]))
            g_assert_cmpstr (row[column (header, "authors")], ==, safe);
          if (f == WN_EXPORT_FORMAT_CSV)
            g_assert_cmpstr (row[column (header, "journal")], ==, safe);
        }
    }
}

/* /wn/core/export/asreview: the columns and the labels at each stage */
static void
test_asreview (Fixture       *fixture,
               gconstpointer  data)
{
  WnExportOptions options;
  g_autofree char *text = NULL;
  g_autofree char *ft_text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) ft_rows = NULL;
  const char *expected_header[] = {
    "record_id", "title", "abstract", "authors", "year", "doi", "keywords", "label_included", NULL,
  };
  const char *ta_labels[] = { "1", "0", "", "", "1" };
  const char *ft_labels[] = { "", "0", "", "", "1" };
  char **row;

  wn_export_options_init (&options);
  options.format = WN_EXPORT_FORMAT_ASREVIEW_CSV;
  text = export_to (fixture, &options, "asreview.csv", 5);
  /* read by programs: no BOM */
  g_assert_true (g_str_has_prefix (text, "record_id,"));
  rows = parse_csv (text);
  g_assert_cmpstrv (rows->pdata[0], expected_header);
  for (guint i = 0; i < 5; i++)
    {
      row = row_with_id (rows, fixture->r[i]);
      g_assert_cmpstr (row[7], ==, ta_labels[i]);
    }
  row = row_with_id (rows, fixture->r[4]);
  g_assert_cmpstr (row[1], ==, "A mapped record");
  g_assert_cmpstr (row[2], ==, "First paragraph.\n\nSecond paragraph.");
  g_assert_cmpstr (row[3], ==, "Roe, R.; Poe, P.");
  g_assert_cmpstr (row[4], ==, "2019");
  g_assert_cmpstr (row[5], ==, "10.1000/xyz");
  g_assert_cmpstr (row[6], ==, "exercise; ageing");

  /* At full text: included at full text 1; excluded at either stage 0 */
  options.stage = WN_STAGE_FT;
  ft_text = export_to (fixture, &options, "asreview-ft.csv", 5);
  ft_rows = parse_csv (ft_text);
  for (guint i = 0; i < 5; i++)
    {
      row = row_with_id (ft_rows, fixture->r[i]);
      g_assert_cmpstr (row[7], ==, ft_labels[i]);
    }
}

static GArray *
exported_ids (Fixture         *fixture,
              WnExportOptions *options,
              const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 written = -1;

  options->format = WN_EXPORT_FORMAT_ASREVIEW_CSV;
  wn_project_export (fixture->project, options, path, &written, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  rows = parse_csv (text);
  for (guint i = 1; i < rows->len; i++)
    {
      gint64 id = g_ascii_strtoll (((char **) rows->pdata[i])[0], NULL, 10);

      g_array_append_val (ids, id);
    }
  g_assert_cmpint (written, ==, ids->len);
  return ids;
}

static void
assert_set (Fixture    *fixture,
            const char *set,
            gint64      search_id,
            const char *label,
            const int  *expected,
            guint       n_expected)
{
  WnExportOptions options;
  g_autoptr(GArray) ids = NULL;

  wn_export_options_init (&options);
  g_assert_true (wn_export_set_from_string (set, &options.set, &options.stage));
  options.search_id = search_id;
  options.label = label;
  ids = exported_ids (fixture, &options, "set.csv");
  g_assert_cmpuint (ids->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, fixture->r[expected[i]]);
}

/* /wn/core/export/sets: each set, a search, a label, and their combinations */
static void
test_sets (Fixture       *fixture,
           gconstpointer  data)
{
  const int all[] = { 0, 1, 2, 3, 4 };
  const int included_ta[] = { 0, 4 };
  const int excluded_ta[] = { 1 };
  const int conflicts_ta[] = { 2 };
  const int conflicts_ft[] = { 0 };
  const int included_ft[] = { 4 };
  const int search_1[] = { 0, 1, 2, 3 };
  const int search_2[] = { 4 };
  const int labelled[] = { 2 };
  WnExportSet set = WN_EXPORT_SET_ALL;
  WnStage stage = WN_STAGE_TA;

  assert_set (fixture, "all", 0, NULL, all, G_N_ELEMENTS (all));
  assert_set (fixture, "included-ta", 0, NULL, included_ta, G_N_ELEMENTS (included_ta));
  assert_set (fixture, "excluded-ta", 0, NULL, excluded_ta, G_N_ELEMENTS (excluded_ta));
  assert_set (fixture, "conflicts-ta", 0, NULL, conflicts_ta, G_N_ELEMENTS (conflicts_ta));
  assert_set (fixture, "conflicts-ft", 0, NULL, conflicts_ft, G_N_ELEMENTS (conflicts_ft));
  assert_set (fixture, "included-ft", 0, NULL, included_ft, G_N_ELEMENTS (included_ft));
  assert_set (fixture, "excluded-ft", 0, NULL, NULL, 0);
  assert_set (fixture, "all", fixture->search[0], NULL, search_1, G_N_ELEMENTS (search_1));
  assert_set (fixture, "all", fixture->search[1], NULL, search_2, G_N_ELEMENTS (search_2));
  assert_set (fixture, "all", 0, "paediatric", labelled, G_N_ELEMENTS (labelled));
  /* the filters intersect */
  assert_set (fixture, "conflicts-ta", 0, "paediatric", labelled, G_N_ELEMENTS (labelled));
  assert_set (fixture, "included-ta", 0, "paediatric", NULL, 0);
  assert_set (fixture, "all", fixture->search[1], "paediatric", NULL, 0);
  assert_set (fixture, "included-ta", fixture->search[1], NULL, search_2, G_N_ELEMENTS (search_2));

  /* names */
  g_assert_false (wn_export_set_from_string ("included", &set, &stage));
  g_assert_false (wn_export_set_from_string ("conflicts-xx", &set, &stage));
  g_assert_true (wn_export_set_from_string ("EXCLUDED-FT", &set, &stage));
  g_assert_cmpint (set, ==, WN_EXPORT_SET_EXCLUDED);
  g_assert_cmpint (stage, ==, WN_STAGE_FT);
}

/* /wn/core/export/label-withdrawn: a label only on a vote that is no longer
 * in force selects nothing, and is not an unknown label */
static void
test_label_withdrawn (Fixture       *fixture,
                      gconstpointer  data)
{
  const int none[] = { 0 };

  decide (fixture, "alice", WN_STAGE_TA, 3, WN_VERDICT_INCLUDE, NULL, NULL, "rct");
  assert_set (fixture, "all", 0, "rct", (const int[]) { 3 }, 1);
  decide (fixture, "alice", WN_STAGE_TA, 3, WN_VERDICT_INCLUDE, NULL, NULL, NULL);
  assert_set (fixture, "all", 0, "rct", none, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* /wn/core/export/atomic: a failed export leaves the file that was there,
 * and no temporary file; a good one replaces it whole */
static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "out.ris", NULL);
  g_autofree char *missing_dir = g_build_filename (fixture->dir, "no-such-folder", "out.ris", NULL);
  g_autofree char *old_link = g_build_filename (fixture->dir, "old-link", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  WnExportOptions options;
  gint64 written = -1;

  g_assert_true (g_file_set_contents (path, "precious", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  /* A second name for the old file: an export that rewrote the file in
   * place, rather than renaming a new one over it, would change it too. */
  g_assert_cmpint (link (path, old_link), ==, 0);
  before = list_dir (fixture->dir);

  /* no decision ever gave this label */
  wn_export_options_init (&options);
  options.label = "no-such-label";
  g_assert_false (wn_project_export (fixture->project, &options, path, &written, &error));
  g_assert_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (written, ==, 0);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_clear_pointer (&contents, g_free);

  /* no such search */
  wn_export_options_init (&options);
  options.search_id = 999;
  g_assert_false (wn_project_export (fixture->project, &options, path, NULL, &error));
  g_assert_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_clear_pointer (&contents, g_free);

  /* a folder that does not exist */
  wn_export_options_init (&options);
  g_assert_false (wn_project_export (fixture->project, &options, missing_dir, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  after = list_dir (fixture->dir);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* success: replaced whole, its permissions kept, nothing left beside */
  g_assert_true (wn_project_export (fixture->project, &options, path, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, 5);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "TY  - JOUR\r\n"));
  g_assert_true (g_str_has_suffix (contents, "ER  - \r\n\r\n"));
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  }
  after = list_dir (fixture->dir);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (old_link, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
}

/* ------------------------------------------------------------------------ */
/* winnow-cli export                                                         */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* 0, or the largest file the CLI may write (RLIMIT_FSIZE): a write past it
 * fails with EFBIG, as on a full disk, in the middle of the export. */
static rlim_t file_size_limit;

static void
limit_file_size_cb (gpointer user_data)
{
  struct rlimit limit = { file_size_limit, file_size_limit };

  if (file_size_limit == 0)
    return;
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
run_cli (Run        *run,
         const char *dir,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WINNOW_CLI");
  const char *arg;
  va_list ap;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, dir);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (dir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, limit_file_size_cb, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* /wn/core/export/cli: the command, its messages and exit statuses */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (fixture->dir, "conflicts.csv", NULL);
  g_autofree char *ris = g_build_filename (fixture->dir, "included.ris", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  /* The store is closed so the CLI has the file to itself. */
  g_clear_object (&fixture->project);

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, fixture->dir, "export", fixture->path, "--set", "conflicts", "--stage", "ft", "-o", csv, NULL);
    g_assert_cmpint (run.status, ==, 0);
    expected = g_strdup_printf ("1 record written to %s\n", csv);
    g_assert_cmpstr (run.err, ==, expected);
    g_assert_cmpstr (run.out, ==, "");
    /* .csv chooses the CSV format */
    g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbfid,source_id,"));
    rows = parse_csv (contents + 3);
    g_assert_cmpuint (rows->len, ==, 2);
    row_with_id (rows, fixture->r[0]);
  }
  {
    g_auto(Run) run = { 0 };

    /* conflicts without --stage: title/abstract */
    run_cli (&run, fixture->dir, "export", fixture->path, "--set", "conflicts", "--format", "asreview-csv", "-o", csv,
             "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    json_parser_load_from_data (parser, run.out, -1, &error);
    g_assert_no_error (error);
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (object, "records_written"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "asreview-csv");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, fixture->dir, "export", fixture->path, "--set", "included-ta", "-o", ris, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_free (expected);
    expected = g_strdup_printf ("2 records written to %s\n", ris);
    g_assert_cmpstr (run.err, ==, expected);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (ris, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "TY  - JOUR\r\n"));
  }

  /* usage errors: 2, nothing written */
  {
    g_auto(Run) no_output = { 0 };
    g_auto(Run) bad_set = { 0 };
    g_auto(Run) bad_format = { 0 };
    g_auto(Run) two_stages = { 0 };

    run_cli (&no_output, fixture->dir, "export", fixture->path, NULL);
    g_assert_cmpint (no_output.status, ==, 2);
    run_cli (&bad_set, fixture->dir, "export", fixture->path, "--set", "maybe", "-o", ris, NULL);
    g_assert_cmpint (bad_set.status, ==, 2);
    run_cli (&bad_format, fixture->dir, "export", fixture->path, "--format", "bibtex", "-o", ris, NULL);
    g_assert_cmpint (bad_format.status, ==, 2);
    run_cli (&two_stages, fixture->dir, "export", fixture->path, "--set", "included-ta", "--stage", "ft", "-o", ris,
             NULL);
    g_assert_cmpint (two_stages.status, ==, 2);
  }

  /* rejected input: 1, the file left as it was */
  {
    g_auto(Run) label = { 0 };
    g_auto(Run) search = { 0 };
    g_autofree char *again = NULL;

    run_cli (&label, fixture->dir, "export", fixture->path, "--label", "nope", "-o", ris, NULL);
    g_assert_cmpint (label.status, ==, 1);
    g_assert_nonnull (strstr (label.err, "nope"));
    run_cli (&search, fixture->dir, "export", fixture->path, "--search", "42", "-o", ris, NULL);
    g_assert_cmpint (search.status, ==, 1);
    g_assert_true (g_file_get_contents (ris, &again, NULL, NULL));
    g_assert_cmpstr (again, ==, contents);
  }

  /* not a project: 3 */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, fixture->dir, "export", ris, "-o", csv, NULL);
    g_assert_cmpint (run.status, ==, 3);
  }
}

/* /wn/core/export/interrupted: the disk fills up in the middle of an
 * export (the CLI may not write more than 256 KiB to a file; the export
 * is larger). The file that was there stays whole, and no partial file or
 * temporary file is left. */
static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (fixture->dir, "big.ris", NULL);
  g_autofree char *fresh = g_build_filename (fixture->dir, "fresh.ris", NULL);
  g_autofree char *abstract = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  WnSearchWriter *writer = NULL;

  begin_search (fixture->project, "csv", &writer);
  abstract = g_strnfill (2000, 'a');
  for (int i = 0; i < 300; i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();

      record->title = g_strdup_printf ("Record %d", i);
      record->abstract = g_strdup (abstract);
      wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  wn_search_writer_free (writer);
  g_clear_object (&fixture->project);

  g_assert_true (g_file_set_contents (out, "precious", -1, &error));
  g_assert_no_error (error);
  before = list_dir (fixture->dir);

  {
    g_auto(Run) replace = { 0 };
    g_auto(Run) create = { 0 };

    file_size_limit = 256 * 1024;
    run_cli (&replace, fixture->dir, "export", fixture->path, "-o", out, NULL);
    run_cli (&create, fixture->dir, "export", fixture->path, "-o", fresh, NULL);
    file_size_limit = 0;
    g_assert_cmpint (replace.status, ==, 1);
    g_assert_nonnull (strstr (replace.err, "could not write"));
    g_assert_cmpint (create.status, ==, 1);
  }
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  after = list_dir (fixture->dir);
  g_assert_cmpstr (after, ==, before);

  /* without the limit it goes through */
  {
    g_auto(Run) run = { 0 };
    gsize length = 0;

    run_cli (&run, fixture->dir, "export", fixture->path, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (out, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 256 * 1024);
  }
}

/* /wn/core/export/ris-reimport: winnow-cli imports the RIS it exported:
 * every record comes back with its tags */
static void
test_ris_reimport (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *ris = g_build_filename (fixture->dir, "all.ris", NULL);
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.winnow", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(WnRecord) first = NULL;
  WnExportOptions options;
  gint64 written = 0;
  gboolean found_x9 = FALSE;
  guint n_winnow_notes = 0;

  wn_export_options_init (&options);
  g_assert_true (wn_project_export (fixture->project, &options, ris, &written, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->project);

  {
    g_auto(Run) create = { 0 };
    g_auto(Run) import = { 0 };

    run_cli (&create, fixture->dir, "new", copy, NULL);
    g_assert_cmpint (create.status, ==, 0);
    run_cli (&import, fixture->dir, "import", copy, ris, "--format", "ris", NULL);
    g_assert_cmpint (import.status, ==, 0);
  }

  project = wn_project_open (copy, &error);
  g_assert_no_error (error);
  {
    WnProjectCounts counts;

    g_assert_true (wn_project_get_counts (project, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpint (counts.records, ==, 5);
  }
  first = wn_project_get_record (project, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->title, ==, "Exercise, for \"older\" adults");
  g_assert_cmpuint (first->authors->len, ==, 2);
  for (guint i = 0; i < first->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (first->fields, i);

      if (g_str_equal (field->tag, "X9"))
        found_x9 = g_str_equal (field->value, "an unknown tag kept as is");
      if (g_str_equal (field->tag, "N1") && g_str_has_prefix (field->value, "Winnow "))
        n_winnow_notes++;
    }
  g_assert_true (found_x9);
  g_assert_cmpuint (n_winnow_notes, ==, 2);
}

/* Names from data made safe for a file name. */
static void
test_safe_file_name (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Ana", "Ana" },
    { "../../etc/passwd", "_.._etc_passwd" },
    { "a\\b:c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i" },
    { "line\nbreak\ttab\x1b[31m", "line_break_tab_[31m" },
    { "  .hidden", "hidden" },
    { "", "_" },
    { "...", "_" },
    { "Zoë Müller–Ñúñez", "Zoë Müller–Ñúñez" },
    { "bad \xff byte", "bad \xef\xbf\xbd byte" },
  };
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *cut = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = wn_safe_file_name_part (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
  for (guint i = 0; i < 100; i++)
    g_string_append (long_name, "é");
  cut = wn_safe_file_name_part (long_name->str);
  g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, 80);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wn/core/export/safe-file-name", test_safe_file_name);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/wn/core/export/ris", test_ris);
  ADD ("/wn/core/export/ris-reimport", test_ris_reimport);
  ADD ("/wn/core/export/csv", test_csv);
  ADD ("/wn/core/export/csv-injection", test_csv_injection);
  ADD ("/wn/core/export/asreview", test_asreview);
  ADD ("/wn/core/export/sets", test_sets);
  ADD ("/wn/core/export/label-withdrawn", test_label_withdrawn);
  ADD ("/wn/core/export/atomic", test_atomic);
  ADD ("/wn/core/export/cli", test_cli);
  ADD ("/wn/core/export/interrupted", test_interrupted);
#undef ADD

  return g_test_run ();
}
