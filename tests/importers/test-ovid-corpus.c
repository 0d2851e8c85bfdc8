/* test-ovid-corpus.c — every real Ovid tagged export in the shared test data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $WINNOW_TESTDATA/imports/ovid-tagged/ holds an Embase "EndNote" export
 * (abstract paragraphs on unindented lines) and Zotero's PsycINFO test case
 * (every line indented by one space, blank lines between affiliations and
 * references). For each: detected as Ovid tagged, no rejected record, the
 * record count its name gives; where Zotero's result sits beside it,
 * titles, DOIs, years and authors agree with it. Skips when the folder is
 * absent.
 */
#include "config.h"

#include <string.h>

#include "wn-test-tagged.h"

static guint
count_fields (const WnRecord *record,
              const char     *tag)
{
  guint n = 0;

  for (guint i = 0; i < record->fields->len; i++)
    n += g_str_equal (((const WnField *) g_ptr_array_index (record->fields, i))->tag, tag);
  return n;
}

static void
test_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_auto(WnTestParsed) parsed = { 0 };

  wn_test_parse_all (path, &parsed);

  g_assert_cmpint (parsed.report->format, ==, WN_FORMAT_OVID);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, wn_test_count_from_name (name));
  g_assert_cmpstr (parsed.report->vendor, ==, "Ovid");

  for (guint i = 0; i < parsed.records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, i);

      g_assert_nonnull (record->title);
      g_assert_nonnull (record->year);
      g_assert_nonnull (record->journal);
      g_assert_nonnull (record->source_id);
      g_assert_nonnull (record->abstract);
      g_assert_true (g_str_has_prefix (record->doi, "10."));
      g_assert_cmpstr (record->source_text, !=, "");
      g_assert_cmpuint (record->authors->len, >, 0);
      for (guint a = 0; a < record->authors->len; a++)
        g_assert_nonnull (strchr (g_ptr_array_index (record->authors, a), ','));
    }

  if (g_str_has_prefix (name, "ovid-tagged-embase"))
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, 0);

      g_assert_cmpstr (parsed.report->database, ==, "Embase");
      g_assert_cmpstr (record->source_id, ==, "621381829");
      /* Embase's UI is its own number, not a PMID. */
      g_assert_null (record->pmid);
      g_assert_cmpstr (g_ptr_array_index (record->authors, 0), ==, "Behan, L.");
      g_assert_cmpstr (g_ptr_array_index (record->authors, 2), ==, "Lucas, J. S.");
      /* From SO: "BMC Proceedings. Conference: ... 12 (Supplement 3) (no
       * pagination), 2018." */
      g_assert_cmpstr (record->journal, ==, "BMC Proceedings");
      g_assert_cmpstr (record->volume, ==, "12");
      g_assert_cmpstr (record->issue, ==, "Supplement 3");
      g_assert_null (record->pages);
      g_assert_cmpstr (record->year, ==, "2018");
      /* The abstract's unindented paragraphs stay paragraphs. */
      g_assert_nonnull (strstr (record->abstract, "\nMethod(s): "));
      g_assert_cmpuint (count_fields (record, "IN"), ==, 2);
      /* OD repeats MH: the keywords are not doubled. */
      g_assert_cmpuint (record->keywords->len, ==, count_fields (record, "MH"));
    }
  else if (g_str_has_prefix (name, "ovid-tagged-psycinfo"))
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, 0);

      g_assert_cmpstr (parsed.report->database, ==, "PsycINFO");
      g_assert_cmpstr (record->source_id, ==, "2015-33942-012");
      g_assert_cmpstr (record->pmid, ==, "24892981");
      g_assert_cmpstr (record->title, ==, "A comparison of manifestations and impact of reassurance seeking "
                       "among Japanese individuals with OCD and depression.");
      /* Affiliations and references separated by blank lines are one
       * value each. */
      g_assert_cmpuint (count_fields (record, "IN"), ==, 4);
      g_assert_cmpuint (count_fields (record, "RF"), ==, 22);
      g_assert_cmpstr (record->pages, ==, "623-634");
      g_assert_true (g_str_has_prefix (record->source_text, " <7. >\n VN  - Ovid Technologies"));
    }

  wn_test_compare_oracles (path, &parsed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  wn_test_add_corpus ("ovid-tagged", NULL, test_file);

  return g_test_run ();
}
