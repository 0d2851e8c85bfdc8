/* test-extraction.c — extraction template, values, verification and tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "wn-extraction.h"
#include "wn-project.h"
#include "wn-screening.h"
#include "wn-studies.h"

#define N_STUDIES 40

static char *tmpdir;
/* A project with N_STUDIES records included at full text (record i + 1 is
 * study S00i + 1) and one more record that was never screened; copied for
 * each test, since screening 40 records takes a while. */
static char *master_path;

typedef struct
{
  char      *path;
  WnProject *project;
  gint64     ids[N_STUDIES];
  gint64     not_study;
} Fixture;

static void
vote (WnProject *project,
      const char *who,
      WnStage     stage,
      gint64      record_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = NULL;

  event = wn_project_decide (project, who, stage, record_id, WN_VERDICT_INCLUDE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static void
make_master (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GPtrArray) studies = NULL;

  master_path = g_build_filename (tmpdir, "master.winnow", NULL);
  project = wn_project_create (master_path, "Extraction", &error);
  g_assert_no_error (error);
  search->database = g_strdup ("PsycINFO");
  search->file_name = g_strdup ("psycinfo.ris");
  writer = wn_project_begin_search (project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; i <= N_STUDIES; i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();
      gint64 id;

      record->title = g_strdup_printf ("Peer workers study number %u of the review", i + 1);
      record->year = g_strdup_printf ("%u", 2000 + i);
      record->source_text = g_strdup (record->title);
      wn_record_add_author (record, "Okafor, Chidi");
      if (i % 3 >= 1)
        wn_record_add_author (record, "Lindqvist, Maja");
      if (i % 3 == 2)
        wn_record_add_author (record, "Brown, Ann");
      id = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, ==, i + 1);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_add_reviewer (project, "alice", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (project, "bob", "reviewer", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_STUDIES; i++)
    {
      vote (project, "alice", WN_STAGE_TA, i + 1);
      vote (project, "bob", WN_STAGE_TA, i + 1);
      vote (project, "alice", WN_STAGE_FT, i + 1);
      vote (project, "bob", WN_STAGE_FT, i + 1);
    }
  studies = wn_project_list_studies (project, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (studies->len, ==, N_STUDIES);
  for (guint i = 0; i < N_STUDIES; i++)
    {
      WnStudy *study = g_ptr_array_index (studies, i);
      g_autofree char *expected = wn_study_id_format (i + 1);

      g_assert_cmpint (study->record_id, ==, i + 1);
      g_assert_cmpstr (study->study_id, ==, expected);
    }
  wn_project_close (project);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  static int counter;

  fixture->path = g_strdup_printf ("%s/project-%d.winnow", tmpdir, ++counter);
  g_assert_true (g_file_get_contents (master_path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (fixture->path, contents, (gssize) length, &error));
  g_assert_no_error (error);
  fixture->project = wn_project_open (fixture->path, &error);
  g_assert_no_error (error);
  wn_project_set_actor (fixture->project, "lead");
  for (guint i = 0; i < N_STUDIES; i++)
    fixture->ids[i] = i + 1;
  fixture->not_study = N_STUDIES + 1;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  g_clear_object (&fixture->project);
  g_unlink (fixture->path);
  g_unlink (wal);
  g_unlink (shm);
  g_free (fixture->path);
}

static void
extract (Fixture    *fixture,
         guint       study,
         const char *field,
         const char *value,
         const char *who)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wn_project_extract (fixture->project, fixture->ids[study], field, value, who, NULL, &error));
  g_assert_no_error (error);
}

/* The value in force for one person, NULL when none. */
static char *
value_of (Fixture    *fixture,
          guint       study,
          const char *field,
          const char *who)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = wn_project_list_extraction_values (fixture->project, fixture->ids[study], who, &error);
  char *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < values->len; i++)
    {
      WnExtractedValue *value = g_ptr_array_index (values, i);

      if (strcmp (value->field, field) == 0)
        {
          g_assert_null (found);
          found = g_strdup (value->value);
        }
    }
  return found;
}

static GPtrArray *
template_with_extra (Fixture           *fixture,
                     WnTemplateField   *extra)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnTemplate) tmpl = wn_project_get_template (fixture->project, &error);
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_template_field_free);

  g_assert_no_error (error);
  for (guint i = 0; i < tmpl->fields->len; i++)
    g_ptr_array_add (fields, wn_template_field_copy (g_ptr_array_index (tmpl->fields, i)));
  if (extra != NULL)
    g_ptr_array_add (fields, extra);
  return fields;
}

/* /wn/coding/extraction/default-template */
static void
test_default_template (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *const names[] = {
    "publication_type", "year", "study_location", "thesis_objectives", "sample_size", "peer_definition",
    "role_type", "methodology", "setting", "workforce_outcomes", "individual_contributors",
    "organisational_contributors", "conclusions_supporting_peers", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(WnTemplate) tmpl = wn_project_get_template (fixture->project, &error);
  g_autoptr(WnTemplate) again = NULL;
  g_autoptr(WnTable) table = NULL;
  g_autofree char *json = NULL;
  const WnTemplateField *field;

  g_assert_no_error (error);
  g_assert_cmpuint (tmpl->version, ==, 1);
  g_assert_cmpstr (tmpl->created_by, ==, "lead");
  g_assert_cmpuint (tmpl->fields->len, ==, g_strv_length ((GStrv) names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      field = g_ptr_array_index (tmpl->fields, i);
      g_assert_cmpstr (field->name, ==, names[i]);
      g_assert_cmpuint (field->added_in, ==, 1);
      g_assert_nonnull (field->label);
      g_assert_nonnull (field->help);
    }
  field = wn_template_find (tmpl, "publication_type");
  g_assert_cmpint (field->type, ==, WN_FIELD_SINGLE_CHOICE);
  g_assert_true (field->required);
  g_assert_cmpuint (g_strv_length (field->choices), ==, 6);
  g_assert_cmpstr (field->choices[0], ==, "journal article");
  g_assert_cmpint (wn_template_find (tmpl, "sample_size")->type, ==, WN_FIELD_INTEGER);
  g_assert_cmpint (wn_template_find (tmpl, "methodology")->type, ==, WN_FIELD_SINGLE_CHOICE);
  g_assert_true (g_strv_contains ((const char * const *) wn_template_find (tmpl, "methodology")->choices,
                                  "mixed methods"));
  g_assert_cmpint (wn_template_find (tmpl, "setting")->type, ==, WN_FIELD_MULTIPLE_CHOICE);
  g_assert_true (g_strv_contains ((const char * const *) wn_template_find (tmpl, "setting")->choices,
                                  "recovery community organisation"));
  field = wn_template_find (tmpl, "workforce_outcomes");
  g_assert_cmpint (field->type, ==, WN_FIELD_MULTIPLE_CHOICE);
  g_assert_cmpuint (g_strv_length (field->choices), ==, 8);
  g_assert_true (g_strv_contains ((const char * const *) field->choices, "vicarious trauma"));
  g_assert_cmpint (wn_template_find (tmpl, "study_location")->type, ==, WN_FIELD_COUNTRY);
  g_assert_null (wn_template_find (tmpl, "no_such_field"));

  /* Reading again does not make another version. */
  again = wn_project_get_template (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->version, ==, 1);

  json = wn_template_to_json (tmpl);
  g_assert_true (g_str_has_prefix (json, "{\"version\":1,"));
  g_assert_nonnull (strstr (json, "{\"name\":\"sample_size\",\"label\":"));
  g_assert_nonnull (strstr (json, "\"type\":\"integer\",\"choices\":null,"));

  table = wn_project_template_table (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wn_table_get_n_rows (table), ==, tmpl->fields->len);
  g_assert_cmpstr (wn_table_get_cell (table, 0, 0), ==, "publication_type");
  g_assert_cmpstr (wn_table_get_cell (table, 0, 2), ==, "single_choice");
  g_assert_cmpstr (wn_table_get_cell (table, 0, 3), ==, "yes");
  g_assert_cmpstr (wn_table_get_cell (table, 0, 4), ==,
                   "journal article; thesis; report; book chapter; conference paper; other");
  g_assert_cmpstr (wn_table_get_cell (table, 0, 6), ==, "1");

  /* Type names round-trip. */
  for (WnFieldType type = WN_FIELD_SHORT_TEXT; type <= WN_FIELD_COUNTRY; type++)
    {
      WnFieldType back = 99;

      g_assert_true (wn_field_type_from_string (wn_field_type_to_string (type), &back));
      g_assert_cmpint (back, ==, type);
    }
  g_assert_false (wn_field_type_from_string ("text", NULL));
}

/* /wn/coding/extraction/revision */
static void
test_revision (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(WnTemplate) v1 = NULL;
  g_autoptr(WnTemplate) v2 = NULL;
  WnTemplateField *funding = wn_template_field_new ("funding", "Funding", WN_FIELD_SHORT_TEXT);
  WnExtractionFlag *flag;
  guint version;

  /* Piloted on the first studies under version 1. */
  extract (fixture, 0, "sample_size", "12", "alice");
  extract (fixture, 1, "methodology", "qualitative", "alice");

  fields = template_with_extra (fixture, funding);
  version = wn_project_save_template (fixture->project, fields, "After the pilot", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (version, ==, 2);

  v2 = wn_project_get_template (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v2->version, ==, 2);
  g_assert_cmpstr (v2->note, ==, "After the pilot");
  g_assert_cmpuint (wn_template_find (v2, "funding")->added_in, ==, 2);
  g_assert_cmpuint (wn_template_find (v2, "sample_size")->added_in, ==, 1);
  v1 = wn_project_get_template_version (fixture->project, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v1->version, ==, 1);
  g_assert_null (wn_template_find (v1, "funding"));

  /* The two studies extracted under version 1 are flagged for the new
   * field; the others were never extracted and are not. */
  flags = wn_project_extraction_flags (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 2);
  flag = g_ptr_array_index (flags, 0);
  g_assert_cmpstr (flag->study_id, ==, "S001");
  g_assert_cmpstr (flag->field, ==, "funding");
  g_assert_cmpuint (flag->added_in, ==, 2);
  g_assert_cmpstr (((WnExtractionFlag *) g_ptr_array_index (flags, 1))->study_id, ==, "S002");
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* A study first extracted under version 2 is not flagged. */
  extract (fixture, 2, "sample_size", "30", "alice");
  /* Extracting the new field clears the flag. */
  extract (fixture, 0, "funding", "National grant", "alice");
  flags = wn_project_extraction_flags (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 1);
  g_assert_cmpstr (((WnExtractionFlag *) g_ptr_array_index (flags, 0))->study_id, ==, "S002");
  g_clear_pointer (&flags, g_ptr_array_unref);
  /* So does recording that it has no value. */
  extract (fixture, 1, "funding", NULL, "alice");
  flags = wn_project_extraction_flags (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 0);

  /* Every value records its template version and extractor. */
  values = wn_project_list_extraction_values (fixture->project, fixture->ids[0], NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (values->len, ==, 2);
  g_assert_cmpstr (((WnExtractedValue *) g_ptr_array_index (values, 0))->field, ==, "sample_size");
  g_assert_cmpuint (((WnExtractedValue *) g_ptr_array_index (values, 0))->template_version, ==, 1);
  g_assert_cmpstr (((WnExtractedValue *) g_ptr_array_index (values, 0))->extractor, ==, "alice");
  g_assert_cmpstr (((WnExtractedValue *) g_ptr_array_index (values, 1))->field, ==, "funding");
  g_assert_cmpuint (((WnExtractedValue *) g_ptr_array_index (values, 1))->template_version, ==, 2);
}

/* /wn/coding/extraction/bad-templates */
static void
test_bad_templates (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(WnTemplate) tmpl = NULL;

  g_assert_cmpuint (wn_project_save_template (fixture->project, empty, NULL, &error), ==, 0);
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE);
  g_clear_error (&error);

  fields = template_with_extra (fixture, wn_template_field_new ("sample_size", "Again", WN_FIELD_INTEGER));
  g_assert_cmpuint (wn_project_save_template (fixture->project, fields, NULL, &error), ==, 0);
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "sample_size"));
  g_clear_error (&error);
  g_clear_pointer (&fields, g_ptr_array_unref);

  fields = template_with_extra (fixture, wn_template_field_new ("Bad Name", "Bad", WN_FIELD_SHORT_TEXT));
  g_assert_cmpuint (wn_project_save_template (fixture->project, fields, NULL, &error), ==, 0);
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE);
  g_clear_error (&error);
  g_clear_pointer (&fields, g_ptr_array_unref);

  fields = template_with_extra (fixture, wn_template_field_new ("design", "Design", WN_FIELD_SINGLE_CHOICE));
  g_assert_cmpuint (wn_project_save_template (fixture->project, fields, NULL, &error), ==, 0);
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE);
  g_clear_error (&error);

  tmpl = wn_project_get_template (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tmpl->version, ==, 1);
}

static void
assert_invalid (Fixture    *fixture,
                const char *field,
                const char *value,
                const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_project_extract (fixture->project, fixture->ids[0], field, value, "alice", NULL, &error));
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  else
    g_assert_true (g_str_has_prefix (error->message, field));
}

static void
assert_normalised (Fixture    *fixture,
                   const char *field,
                   const char *value,
                   const char *expected)
{
  g_autofree char *stored = NULL;

  extract (fixture, 0, field, value, "alice");
  stored = value_of (fixture, 0, field, "alice");
  g_assert_cmpstr (stored, ==, expected);
}

/* /wn/coding/extraction/types */
static void
test_types (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *stored = NULL;
  WnTemplateField *mean_age = wn_template_field_new ("mean_age", "Mean age", WN_FIELD_NUMBER);
  WnTemplateField *paid, *country;
  static const char *const countries[] = { "Ireland", "United Kingdom", NULL };
  WnExtractedValue source = { 0 };

  fields = template_with_extra (fixture, mean_age);
  paid = wn_template_field_new ("paid_role", "Paid role", WN_FIELD_YES_NO);
  g_ptr_array_add (fields, paid);
  country = wn_template_field_new ("country", "Country", WN_FIELD_COUNTRY);
  country->choices = g_strdupv ((GStrv) countries);
  g_ptr_array_add (fields, country);
  g_assert_cmpuint (wn_project_save_template (fixture->project, fields, NULL, &error), ==, 2);
  g_assert_no_error (error);

  /* Integer */
  assert_invalid (fixture, "sample_size", "forty", "sample_size: “forty” is not a whole number");
  assert_invalid (fixture, "sample_size", "12.5", NULL);
  assert_normalised (fixture, "sample_size", " +042 ", "42");
  /* Number: C locale, shortest form */
  assert_invalid (fixture, "mean_age", "35,5", "mean_age: “35,5” is not a number (write it as 12.5)");
  assert_invalid (fixture, "mean_age", "nan", NULL);
  assert_normalised (fixture, "mean_age", "35.50", "35.5");
  assert_normalised (fixture, "mean_age", "1e2", "100");
  /* Date */
  assert_invalid (fixture, "year", "2021-02-30", "year: “2021-02-30” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  assert_invalid (fixture, "year", "2021-13", NULL);
  assert_invalid (fixture, "year", "21", NULL);
  assert_normalised (fixture, "year", "2021-02", "2021-02");
  assert_normalised (fixture, "year", "2020-02-29", "2020-02-29");
  assert_normalised (fixture, "year", "2019", "2019");
  /* Yes/no */
  assert_invalid (fixture, "paid_role", "maybe", "paid_role: “maybe” is not yes or no");
  assert_normalised (fixture, "paid_role", " Yes", "yes");
  /* Single choice: the code list's spelling */
  assert_invalid (fixture, "methodology", "ethnography",
                  "methodology: “ethnography” is not one of the codes (qualitative; quantitative; mixed methods; "
                  "review; other)");
  assert_normalised (fixture, "methodology", "Mixed Methods", "mixed methods");
  /* Multiple choice: codes in list order, once each */
  assert_invalid (fixture, "workforce_outcomes", "burnout; stress", NULL);
  assert_normalised (fixture, "workforce_outcomes", "Turnover;burnout ; turnover", "burnout; turnover");
  /* Country with a list */
  assert_invalid (fixture, "country", "Atlantis", "country: “Atlantis” is not a country or region in the field’s list");
  assert_normalised (fixture, "country", "ireland", "Ireland");
  /* Country without a list: any text */
  assert_normalised (fixture, "study_location", "  Scotland ", "Scotland");
  /* Text is trimmed */
  assert_normalised (fixture, "role_type", "  peer recovery coach\n", "peer recovery coach");

  /* The latest value is in force; an empty value clears. */
  assert_normalised (fixture, "sample_size", "50", "50");
  g_clear_pointer (&stored, g_free);
  extract (fixture, 0, "sample_size", "  ", "alice");
  stored = value_of (fixture, 0, "sample_size", "alice");
  g_assert_null (stored);

  /* An unknown field; a record that is not an included study. */
  g_assert_false (wn_project_extract (fixture->project, fixture->ids[0], "funding", "x", "alice", NULL, &error));
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_NO_FIELD);
  g_clear_error (&error);
  g_assert_false (wn_project_extract (fixture->project, fixture->not_study, "sample_size", "12", "alice", NULL,
                                      &error));
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_NOT_STUDY);
  g_clear_error (&error);
  g_assert_false (wn_project_resolve_value (fixture->project, fixture->not_study, "sample_size", "12", &error));
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_NOT_STUDY);
  g_clear_error (&error);

  /* A value with its source. */
  source.source_sha256 = (char *) "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  source.source_start = 100;
  source.source_end = 120;
  source.source_text = (char *) "twelve peer workers";
  g_assert_true (wn_project_extract (fixture->project, fixture->ids[1], "sample_size", "12", "alice", &source,
                                     &error));
  g_assert_no_error (error);
  values = wn_project_list_extraction_values (fixture->project, fixture->ids[1], "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (values->len, ==, 1);
  g_assert_cmpstr (((WnExtractedValue *) g_ptr_array_index (values, 0))->source_text, ==, "twelve peer workers");
  g_assert_cmpint (((WnExtractedValue *) g_ptr_array_index (values, 0))->source_start, ==, 100);
  g_assert_cmpint (((WnExtractedValue *) g_ptr_array_index (values, 0))->source_end, ==, 120);
  g_assert_cmpuint (((WnExtractedValue *) g_ptr_array_index (values, 0))->template_version, ==, 2);
}

static char *
sample_of (WnProject  *project,
           const char *verifier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = wn_project_extraction_assignments (project, verifier, "verifier", &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Draws on a fresh copy of the 40 studies; returns the sample as record
 * ids ("2,3,7,14") and the count in *n. */
static char *
draw_fresh (double   share,
            guint64  seed,
            int     *n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "draw.winnow", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *contents = NULL;
  char *sample;
  gsize length = 0;

  g_assert_true (g_file_get_contents (master_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
  g_assert_no_error (error);
  project = wn_project_open (path, &error);
  g_assert_no_error (error);
  *n = wn_project_draw_verification (project, "alice", "bob", share, seed, &error);
  g_assert_no_error (error);
  sample = sample_of (project, "bob");
  g_clear_object (&project);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  return sample;
}

/* /wn/coding/extraction/draw */
static void
test_draw (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) extracted = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *same = NULL;
  g_autofree char *other = NULL;
  g_autofree char *tiny = NULL;
  g_autofree char *quarter = NULL;
  g_autofree char *by_default = NULL;
  int n;

  /* 10 % of 40 studies. */
  n = wn_project_draw_verification (fixture->project, "alice", "bob", 0.10, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 4);
  first = sample_of (fixture->project, "bob");
  /* The sample for seed 42, computed outside Winnow (a few lines of
   * Python running splitmix64 and the partial Fisher–Yates shuffle of
   * wn-extraction.c): pinned, so that any change of generator shows. */
  g_assert_cmpstr (first, ==, "2,3,7,14");
  extracted = wn_project_extraction_assignments (fixture->project, "alice", "extractor", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (extracted->len, ==, N_STUDIES);
  g_assert_cmpint (g_array_index (extracted, gint64, 0), ==, fixture->ids[0]);
  g_assert_cmpint (g_array_index (extracted, gint64, N_STUDIES - 1), ==, fixture->ids[N_STUDIES - 1]);

  /* Drawing again keeps the assignments. */
  n = wn_project_draw_verification (fixture->project, "alice", "bob", 0.10, 99, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 4);
  again = sample_of (fixture->project, "bob");
  g_assert_cmpstr (again, ==, first);

  /* The extractor cannot verify. */
  g_assert_cmpint (wn_project_draw_verification (fixture->project, "alice", "alice", 0.1, 1, &error), ==, -1);
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID);
  g_clear_error (&error);

  /* Same seed on another copy, same sample; another seed, another sample. */
  same = draw_fresh (0.10, 42, &n);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpstr (same, ==, first);
  other = draw_fresh (0.10, 43, &n);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpstr (other, ==, "1,8,10,12");
  g_assert_cmpstr (other, !=, first);
  /* At least one study; the share respected (ceil); 10 % by default. */
  tiny = draw_fresh (0.001, 3, &n);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpstr (tiny, ==, "14");
  quarter = draw_fresh (0.25, 42, &n);
  g_assert_cmpint (n, ==, 10);
  g_assert_cmpstr (quarter, ==, "2,3,6,7,10,14,30,32,38,39");
  by_default = draw_fresh (0, 42, &n);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpstr (by_default, ==, first);
}

/* /wn/coding/extraction/blind */
static void
test_blind (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bobs = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GPtrArray) all_studies = NULL;

  extract (fixture, 0, "methodology", "qualitative", "alice");
  extract (fixture, 0, "sample_size", "12", "alice");
  extract (fixture, 0, "methodology", "quantitative", "bob");
  extract (fixture, 1, "sample_size", "7", "alice");
  g_assert_true (wn_project_resolve_value (fixture->project, fixture->ids[0], "methodology", "qualitative", &error));
  g_assert_no_error (error);

  /* Bob's form shows only his own values. */
  bobs = wn_project_list_extraction_values (fixture->project, fixture->ids[0], "bob", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bobs->len, ==, 1);
  g_assert_cmpstr (((WnExtractedValue *) g_ptr_array_index (bobs, 0))->extractor, ==, "bob");
  g_assert_cmpstr (((WnExtractedValue *) g_ptr_array_index (bobs, 0))->value, ==, "quantitative");
  g_assert_false (((WnExtractedValue *) g_ptr_array_index (bobs, 0))->resolved);

  /* Everyone's: both extractors and the resolution. */
  everyone = wn_project_list_extraction_values (fixture->project, fixture->ids[0], NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everyone->len, ==, 4);
  g_assert_true (((WnExtractedValue *) g_ptr_array_index (everyone, 3))->resolved);
  g_assert_cmpstr (((WnExtractedValue *) g_ptr_array_index (everyone, 3))->extractor, ==, "lead");

  /* Record 0: every study. */
  all_studies = wn_project_list_extraction_values (fixture->project, 0, "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all_studies->len, ==, 3);
}

/* /wn/coding/extraction/agreement
 *
 * Every study verified (share 1). By hand:
 *
 * methodology (single choice), ten studies, alice then bob:
 *   S001–S003 qual/qual, S004 qual/quant, S005–S007 quant/quant,
 *   S008 mixed/mixed, S009 mixed/qual, S010 mixed/mixed.
 *   p_o = 8/10 = 0.8. Alice: qual 4, quant 3, mixed 3; bob: qual 4,
 *   quant 4, mixed 2. p_e = .4 × .4 + .3 × .4 + .3 × .2 = .34.
 *   κ = (.8 − .34) / (1 − .34) = .46 / .66 = 23/33 = 0.696969…
 *
 * workforce_outcomes (multiple choice, 8 codes), two studies:
 *   S001 alice "burnout; turnover", bob "burnout"; S002 both
 *   "job satisfaction". 16 (study, code) pairs: both present 2, alice
 *   only 1, bob only 0, both absent 13. p_o = 15/16 = .9375; alice
 *   present 3/16, bob 2/16: p_e = (3 × 2 + 13 × 14) / 256 = 188/256.
 *   κ = (240 − 188) / (256 − 188) = 52/68 = 13/17 = 0.764705…
 *   Studies agreeing: 1 of 2, 50 %.
 *
 * sample_size (integer, exact): S001 12/12, S002 30/+30, S003 45/44:
 *   2 of 3 agree (66.7 %), no kappa.
 * role_type (short text): "Peer  Support worker" / "peer support worker"
 *   agree after folding case and white space: 1 of 1.
 */
static void
test_agreement (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *const alice[] = {
    "qualitative", "qualitative", "qualitative", "qualitative", "quantitative",
    "quantitative", "quantitative", "mixed methods", "mixed methods", "mixed methods",
  };
  static const char *const bob[] = {
    "qualitative", "qualitative", "qualitative", "quantitative", "quantitative",
    "quantitative", "quantitative", "mixed methods", "qualitative", "mixed methods",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) discrepancies = NULL;
  g_autoptr(WnTable) extraction = NULL;
  g_autoptr(WnTable) frequencies = NULL;
  g_autoptr(WnTable) characteristics = NULL;
  WnFieldAgreement *methodology = NULL, *outcomes = NULL, *sample_size = NULL, *role_type = NULL, *year = NULL;
  WnDiscrepancy *d;
  guint column = 0;

  g_assert_cmpint (wn_project_draw_verification (fixture->project, "alice", "bob", 1.0, 5, &error), ==, N_STUDIES);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (alice); i++)
    {
      extract (fixture, i, "methodology", alice[i], "alice");
      extract (fixture, i, "methodology", bob[i], "bob");
    }
  extract (fixture, 0, "workforce_outcomes", "burnout; turnover", "alice");
  extract (fixture, 0, "workforce_outcomes", "burnout", "bob");
  extract (fixture, 1, "workforce_outcomes", "job satisfaction", "alice");
  extract (fixture, 1, "workforce_outcomes", "job satisfaction", "bob");
  extract (fixture, 0, "sample_size", "12", "alice");
  extract (fixture, 0, "sample_size", "12", "bob");
  extract (fixture, 1, "sample_size", "30", "alice");
  extract (fixture, 1, "sample_size", "+30", "bob");
  extract (fixture, 2, "sample_size", "45", "alice");
  extract (fixture, 2, "sample_size", "44", "bob");
  extract (fixture, 0, "role_type", "Peer  Support worker", "alice");
  extract (fixture, 0, "role_type", "peer support worker", "bob");
  /* Only alice: not compared. */
  extract (fixture, 3, "sample_size", "80", "alice");
  extract (fixture, 0, "study_location", "Ireland", "alice");

  g_assert_true (wn_project_extraction_agreement (fixture->project, &fields, &discrepancies, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < fields->len; i++)
    {
      WnFieldAgreement *a = g_ptr_array_index (fields, i);

      if (strcmp (a->field, "methodology") == 0)
        methodology = a;
      else if (strcmp (a->field, "workforce_outcomes") == 0)
        outcomes = a;
      else if (strcmp (a->field, "sample_size") == 0)
        sample_size = a;
      else if (strcmp (a->field, "role_type") == 0)
        role_type = a;
      else if (strcmp (a->field, "year") == 0)
        year = a;
    }
  g_assert_cmpuint (fields->len, ==, 13);
  g_assert_cmpstr (((WnFieldAgreement *) g_ptr_array_index (fields, 0))->field, ==, "publication_type");

  g_assert_true (methodology->coded);
  g_assert_cmpuint (methodology->n, ==, 10);
  g_assert_cmpuint (methodology->agreed, ==, 8);
  g_assert_cmpfloat_with_epsilon (methodology->percent_agreement, 80.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (methodology->kappa, 23.0 / 33.0, 1e-9);

  g_assert_true (outcomes->coded);
  g_assert_cmpuint (outcomes->n, ==, 2);
  g_assert_cmpuint (outcomes->agreed, ==, 1);
  g_assert_cmpfloat_with_epsilon (outcomes->percent_agreement, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (outcomes->kappa, 13.0 / 17.0, 1e-9);

  g_assert_false (sample_size->coded);
  g_assert_cmpuint (sample_size->n, ==, 3);
  g_assert_cmpuint (sample_size->agreed, ==, 2);
  g_assert_cmpfloat_with_epsilon (sample_size->percent_agreement, 200.0 / 3.0, 1e-9);
  g_assert_true (isnan (sample_size->kappa));

  g_assert_cmpuint (role_type->n, ==, 1);
  g_assert_cmpuint (role_type->agreed, ==, 1);

  g_assert_cmpuint (year->n, ==, 0);
  g_assert_true (isnan (year->percent_agreement));
  g_assert_true (isnan (year->kappa));

  /* Discrepancies: by study, then in template order. */
  g_assert_cmpuint (discrepancies->len, ==, 4);
  d = g_ptr_array_index (discrepancies, 0);
  g_assert_cmpstr (d->study_id, ==, "S001");
  g_assert_cmpstr (d->field, ==, "workforce_outcomes");
  g_assert_cmpstr (d->first, ==, "burnout; turnover");
  g_assert_cmpstr (d->second, ==, "burnout");
  g_assert_null (d->resolved);
  d = g_ptr_array_index (discrepancies, 1);
  g_assert_cmpstr (d->study_id, ==, "S003");
  g_assert_cmpstr (d->field, ==, "sample_size");
  g_assert_cmpstr (d->first, ==, "45");
  g_assert_cmpstr (d->second, ==, "44");
  d = g_ptr_array_index (discrepancies, 2);
  g_assert_cmpstr (d->study_id, ==, "S004");
  g_assert_cmpstr (d->field, ==, "methodology");
  d = g_ptr_array_index (discrepancies, 3);
  g_assert_cmpstr (d->study_id, ==, "S009");
  g_assert_cmpint (d->record_id, ==, fixture->ids[8]);
  g_clear_pointer (&fields, g_ptr_array_unref);
  g_clear_pointer (&discrepancies, g_ptr_array_unref);

  /* Resolving: the agreed value, checked like any other. */
  g_assert_false (wn_project_resolve_value (fixture->project, fixture->ids[3], "methodology", "survey", &error));
  g_assert_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (wn_project_resolve_value (fixture->project, fixture->ids[3], "methodology", "Quantitative", &error));
  g_assert_true (wn_project_resolve_value (fixture->project, fixture->ids[2], "sample_size", "44", &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_extraction_agreement (fixture->project, &fields, &discrepancies, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (discrepancies->len, ==, 4);
  g_assert_null (((WnDiscrepancy *) g_ptr_array_index (discrepancies, 0))->resolved);
  g_assert_cmpstr (((WnDiscrepancy *) g_ptr_array_index (discrepancies, 1))->resolved, ==, "44");
  g_assert_cmpstr (((WnDiscrepancy *) g_ptr_array_index (discrepancies, 2))->resolved, ==, "quantitative");
  g_assert_null (((WnDiscrepancy *) g_ptr_array_index (discrepancies, 3))->resolved);

  /* The extraction table: one row per study, study id first; the
   * resolved value else the first extractor's (never the verifier's). */
  extraction = wn_project_extraction_table (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wn_table_get_n_rows (extraction), ==, N_STUDIES);
  g_assert_cmpuint (wn_table_get_n_columns (extraction), ==, 4 + 13);
  g_assert_cmpstr (wn_table_get_header (extraction, 0), ==, "Study ID");
  g_assert_cmpstr (wn_table_get_header (extraction, 1), ==, "First author");
  g_assert_cmpstr (wn_table_get_header (extraction, 2), ==, "Year");
  g_assert_cmpstr (wn_table_get_header (extraction, 3), ==, "Title");
  g_assert_cmpstr (wn_table_get_header (extraction, 4), ==, "Publication type");
  g_assert_cmpstr (wn_table_get_header (extraction, 16), ==, "Author conclusions on supporting peers");
  for (guint c = 0; c < wn_table_get_n_columns (extraction); c++)
    if (g_strcmp0 (wn_table_get_header (extraction, c), "Methodology") == 0)
      column = c;
  g_assert_cmpuint (column, ==, 4 + 7);
  g_assert_cmpstr (wn_table_get_cell (extraction, 0, 0), ==, "S001");
  g_assert_cmpstr (wn_table_get_cell (extraction, 0, 1), ==, "Okafor, Chidi");
  g_assert_cmpstr (wn_table_get_cell (extraction, 0, 2), ==, "2000");
  g_assert_cmpstr (wn_table_get_cell (extraction, 0, 3), ==, "Peer workers study number 1 of the review");
  g_assert_cmpstr (wn_table_get_cell (extraction, 39, 0), ==, "S040");
  g_assert_cmpstr (wn_table_get_cell (extraction, 3, column), ==, "quantitative");   /* resolved */
  g_assert_cmpstr (wn_table_get_cell (extraction, 8, column), ==, "mixed methods");  /* alice's */
  g_assert_cmpstr (wn_table_get_cell (extraction, 2, 4 + 4), ==, "44");              /* resolved */
  g_assert_cmpstr (wn_table_get_cell (extraction, 3, 4 + 4), ==, "80");
  g_assert_cmpstr (wn_table_get_cell (extraction, 0, 4 + 9), ==, "burnout; turnover");
  g_assert_null (wn_table_get_cell (extraction, 10, column));

  /* Frequencies over the 40 studies, codes in list order. */
  frequencies = wn_project_frequency_table (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wn_table_get_header (frequencies, 0), ==, "Field");
  g_assert_cmpstr (wn_table_get_header (frequencies, 3), ==, "Percent");
  {
    /* publication_type: 6 codes + no value; methodology: 5 + no value;
     * setting: 6 + no value; workforce outcomes: 8 + no value. */
    static const char *const expected[][4] = {
      { "Methodology", "qualitative", "3", "7.5" },
      { "Methodology", "quantitative", "4", "10.0" },
      { "Methodology", "mixed methods", "3", "7.5" },
      { "Methodology", "review", "0", "0.0" },
      { "Methodology", "other", "0", "0.0" },
      { "Methodology", "(no value)", "30", "75.0" },
    };
    guint first_row = 7;

    g_assert_cmpuint (wn_table_get_n_rows (frequencies), ==, 7 + 6 + 7 + 9);
    g_assert_cmpstr (wn_table_get_cell (frequencies, 0, 0), ==, "Publication type");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 0, 1), ==, "journal article");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 0, 2), ==, "0");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 6, 1), ==, "(no value)");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 6, 2), ==, "40");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 6, 3), ==, "100.0");
    for (guint r = 0; r < G_N_ELEMENTS (expected); r++)
      for (guint c = 0; c < 4; c++)
        g_assert_cmpstr (wn_table_get_cell (frequencies, first_row + r, c), ==, expected[r][c]);
    /* Multiple choice: each code counted; burnout in S001 only, job
     * satisfaction in S002. */
    g_assert_cmpstr (wn_table_get_cell (frequencies, 20, 1), ==, "burnout");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 20, 2), ==, "1");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 24, 1), ==, "job satisfaction");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 24, 2), ==, "1");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 26, 1), ==, "turnover");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 26, 2), ==, "1");
    g_assert_cmpstr (wn_table_get_cell (frequencies, 28, 2), ==, "38");
  }

  /* Characteristics: id, author (year), title, location, methodology,
   * sample size, setting. */
  characteristics = wn_project_characteristics_table (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wn_table_get_n_rows (characteristics), ==, N_STUDIES);
  g_assert_cmpuint (wn_table_get_n_columns (characteristics), ==, 7);
  g_assert_cmpstr (wn_table_get_header (characteristics, 1), ==, "Author (year)");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 0, 0), ==, "S001");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 0, 1), ==, "Okafor (2000)");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 1, 1), ==, "Okafor and Lindqvist (2001)");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 2, 1), ==, "Okafor et al. (2002)");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 0, 2), ==, "Peer workers study number 1 of the review");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 0, 3), ==, "Ireland");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 3, 4), ==, "quantitative");
  g_assert_cmpstr (wn_table_get_cell (characteristics, 3, 5), ==, "80");
  g_assert_null (wn_table_get_cell (characteristics, 0, 6));
}

/* /wn/coding/extraction/export — the tables go through the safe writers. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnTable) extraction = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "extraction.csv", NULL);
  g_autofree char *contents = NULL;

  extract (fixture, 0, "role_type", "=cmd|' /C calc'!A0", "alice");
  extraction = wn_project_extraction_table (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_true (wn_table_write_csv (extraction, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBFStudy ID,First author,Year,Title,"));
  g_assert_nonnull (strstr (contents, ",'=cmd|' /C calc'!A0,"));
  g_assert_null (strstr (contents, ",=cmd"));
  g_unlink (path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("winnow-test-extraction-XXXXXX", &error);
  g_assert_no_error (error);
  make_master ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/wn/coding/extraction/default-template", test_default_template);
  ADD ("/wn/coding/extraction/revision", test_revision);
  ADD ("/wn/coding/extraction/bad-templates", test_bad_templates);
  ADD ("/wn/coding/extraction/types", test_types);
  ADD ("/wn/coding/extraction/draw", test_draw);
  ADD ("/wn/coding/extraction/blind", test_blind);
  ADD ("/wn/coding/extraction/agreement", test_agreement);
  ADD ("/wn/coding/extraction/export", test_export);
#undef ADD

  result = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (master_path);
  return result;
}
