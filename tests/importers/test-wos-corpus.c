/* test-wos-corpus.c — every real Web of Science plain-text export in the shared test data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $WINNOW_TESTDATA/imports/wos/ holds WoS plain-text files from
 * bibliometrix, revtools and Zotero's test cases (2009-2026 headers, BOM or
 * none, with and without a line end after EF). For each: detected as WoS,
 * no rejected record, the record count its name gives, the accession
 * number of every record; where Zotero's result sits beside it, titles,
 * DOIs, years and authors agree with it. Skips when the folder is absent.
 */
#include "config.h"

#include <string.h>

#include "wn-test-tagged.h"

static const WnField *
find_field (const WnRecord *record,
            const char     *tag)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      if (g_str_equal (field->tag, tag))
        return field;
    }
  return NULL;
}

static void
test_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_auto(WnTestParsed) parsed = { 0 };
  guint previous_end = 0;

  wn_test_parse_all (path, &parsed);

  g_assert_cmpint (parsed.report->format, ==, WN_FORMAT_WOS);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  /* Every file ends with EF. */
  g_assert_cmpuint (parsed.report->warnings->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, wn_test_count_from_name (name));
  g_assert_cmpstr (parsed.report->vendor, ==, "Clarivate");
  g_assert_cmpstr (parsed.report->database, ==, "Web of Science");

  for (guint i = 0; i < parsed.records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, i);
      const WnField *cited = find_field (record, "CR");

      g_assert_true (g_str_has_prefix (record->source_id, "WOS:"));
      g_assert_true (g_str_has_prefix (record->source_text, "PT "));
      g_assert_cmpuint (record->line_start, >, previous_end);
      previous_end = record->line_end;
      g_assert_nonnull (record->title);
      g_assert_null (strstr (record->title, "  "));
      g_assert_cmpuint (record->authors->len, >, 0);
      g_assert_cmpstr (record->database, ==, "Web of Science");
      /* A cited reference's DOI is never the record's. */
      if (cited != NULL && record->doi != NULL)
        g_assert_null (strstr (cited->value, record->doi));
      /* "; " lists are split, wrapped or not. */
      for (guint k = 0; k < record->keywords->len; k++)
        g_assert_null (strchr (g_ptr_array_index (record->keywords, k), ';'));
    }

  if (g_str_has_prefix (name, "wos-plaintext-2025"))
    {
      const WnRecord *first = g_ptr_array_index (parsed.records, 0);

      /* AF's full name, not AU's; PY, not DA (the export date). */
      g_assert_cmpstr (g_ptr_array_index (first->authors, 0), ==, "Toh, Ming Liang");
      g_assert_cmpstr (first->year, ==, "2026");
      g_assert_cmpstr (first->title, ==, "Mapping the application of Geographic Information System (GIS) in "
                       "real estate: a bibliometric analysis using bibliometrix and QGIS");
      g_assert_cmpstr (first->doi, ==, "10.1080/00396265.2026.2635057");
    }
  else if (g_str_has_prefix (name, "wos-plaintext-zotero-case-proceedings"))
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, 0);

      /* SP is the conference's sponsors, not a start page; GP IEEE is the
       * volume's group author, not this paper's. */
      g_assert_cmpstr (record->pages, ==, "532-537");
      g_assert_cmpuint (record->authors->len, ==, 1);
      g_assert_cmpstr (record->journal, ==, "7TH INTERNATIONAL CONFERENCE ON ADVANCED COMMUNICATION "
                       "TECHNOLOGY, VOLS 1 AND 2, PROCEEDINGS");
    }

  wn_test_compare_oracles (path, &parsed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  wn_test_add_corpus ("wos", NULL, test_file);

  return g_test_run ();
}
