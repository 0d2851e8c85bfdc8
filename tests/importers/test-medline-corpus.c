/* test-medline-corpus.c — every real MEDLINE / .nbib export in the shared test data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $WINNOW_TESTDATA/imports/medline/ holds PubMed exports as PubMed, RefLib,
 * Zotero's and JabRef's test cases wrote them, one of them saved as .ris.
 * For each: detected as MEDLINE from its content whatever its name, no
 * rejected record, the record count its name gives, every record with its
 * PMID and source; where another tool's result sits beside it, titles,
 * DOIs, years and authors agree with it (wn-test-tagged.c says where an
 * oracle and the file differ). Skips when the folder is absent.
 */
#include "config.h"

#include <string.h>

#include "wn-test-tagged.h"

static gboolean
is_group_author (const WnRecord *record,
                 const char     *name)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      if (g_str_equal (field->tag, "CN") && g_str_equal (field->value, name))
        return TRUE;
    }
  return FALSE;
}

static void
test_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_auto(WnTestParsed) parsed = { 0 };
  guint previous_end = 0;
  guint with_doi = 0;

  wn_test_parse_all (path, &parsed);

  /* pubmed-medline-misnamed-as-ris_50recs.ris is MEDLINE, not RIS. */
  g_assert_cmpint (parsed.report->format, ==, WN_FORMAT_MEDLINE);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, wn_test_count_from_name (name));
  g_assert_cmpuint (parsed.report->records, ==, parsed.records->len);
  g_assert_cmpstr (parsed.report->vendor, ==, "PubMed");
  g_assert_cmpstr (parsed.report->database, ==, "PubMed");

  for (guint i = 0; i < parsed.records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, i);

      g_assert_nonnull (record->pmid);
      g_assert_cmpstr (record->source_id, ==, record->pmid);
      g_assert_nonnull (record->title);
      g_assert_nonnull (record->year);
      g_assert_true (g_str_has_prefix (record->source_text, "PMID- "));
      g_assert_cmpuint (record->line_start, >, previous_end);
      g_assert_cmpuint (record->line_end, >=, record->line_start);
      previous_end = record->line_end;
      /* Wrapped lines are joined: no line break and no doubled space
       * from PubMed's trailing blanks. */
      g_assert_null (strchr (record->title, '\n'));
      if (record->abstract != NULL)
        g_assert_null (strstr (record->abstract, "  "));
      /* FAU's full names, not AU's "Griffin DK" as well; group authors
       * (CN, "IADVL Task Force") as they are. */
      for (guint a = 0; a < record->authors->len; a++)
        {
          const char *author = g_ptr_array_index (record->authors, a);

          g_assert_true (strchr (author, ',') != NULL || strchr (author, ' ') == NULL ||
                         is_group_author (record, author));
        }
      with_doi += record->doi != NULL;
      /* Never a PII as DOI. */
      if (record->doi != NULL)
        g_assert_true (g_str_has_prefix (record->doi, "10."));
    }

  if (g_str_has_prefix (name, "pubmed-medline-misnamed") || g_str_has_prefix (name, "pubmed-nbib-blue-light"))
    g_assert_cmpuint (with_doi, >, parsed.records->len / 2);

  wn_test_compare_oracles (path, &parsed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  wn_test_add_corpus ("medline", NULL, test_file);

  return g_test_run ();
}
