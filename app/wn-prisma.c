/* wn-prisma.c — the PRISMA 2020 flow: counts derived from the project, their
 * arithmetic checks, the PRISMA2020 package's CSV and JSON, and the data
 * only the flow needs (search methods, records found by hand, records
 * removed before screening, automatic limits, full-text retrieval)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are migration 4 in wn-project.c. Which records each stage
 * screens is _wn_screening_eligible_locked() in wn-screening.c; the flow
 * below classifies records by the same rules, so that every box's count is
 * the number of records wn_project_prisma_box_records() gives for it, and
 * "Records screened" is the title/abstract queue.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wn-normalise.h"
#include "wn-prisma.h"
#include "wn-screening-private.h"

G_DEFINE_QUARK (wn-prisma-error-quark, wn_prisma_error)

/* ------------------------------------------------------------------------ */
/* Search methods                                                            */

static const char *const search_methods[] = { "database", "register", "website", "organisation", "citation", "other" };

gboolean
wn_search_method_is_valid (const char *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (search_methods); i++)
    if (g_strcmp0 (method, search_methods[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
wn_search_method_is_dbr (const char *method)
{
  return g_strcmp0 (method, "database") == 0 || g_strcmp0 (method, "register") == 0;
}

/* ------------------------------------------------------------------------ */
/* The flow                                                                  */

typedef struct
{
  const char *key;
  gsize       offset;
} CountField;

#define COUNT_FIELD(name) { #name, G_STRUCT_OFFSET (WnPrismaFlow, name) }

/* Every count of the flow, in the package template's order. */
static const CountField count_fields[] = {
  COUNT_FIELD (previous_studies),
  COUNT_FIELD (previous_reports),
  COUNT_FIELD (database_results),
  COUNT_FIELD (register_results),
  COUNT_FIELD (website_results),
  COUNT_FIELD (organisation_results),
  COUNT_FIELD (citations_results),
  COUNT_FIELD (duplicates),
  COUNT_FIELD (excluded_automatic),
  COUNT_FIELD (excluded_other),
  COUNT_FIELD (records_screened),
  COUNT_FIELD (records_excluded),
  COUNT_FIELD (dbr_sought_reports),
  COUNT_FIELD (dbr_notretrieved_reports),
  COUNT_FIELD (other_sought_reports),
  COUNT_FIELD (other_notretrieved_reports),
  COUNT_FIELD (dbr_assessed),
  COUNT_FIELD (other_assessed),
  COUNT_FIELD (new_studies),
  COUNT_FIELD (new_reports),
  COUNT_FIELD (total_studies),
  COUNT_FIELD (total_reports),
  COUNT_FIELD (total_studies_ma),
  COUNT_FIELD (total_reports_ma),
};

#define LIST_FIELD(name) { #name, G_STRUCT_OFFSET (WnPrismaFlow, name) }

/* The list-valued fields. */
static const CountField list_fields[] = {
  LIST_FIELD (database_specific_results),
  LIST_FIELD (register_specific_results),
  LIST_FIELD (dbr_excluded),
  LIST_FIELD (other_excluded),
};

static gint64 *
count_field (WnPrismaFlow *flow,
             const char   *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
    if (strcmp (count_fields[i].key, key) == 0)
      return G_STRUCT_MEMBER_P (flow, count_fields[i].offset);
  return NULL;
}

static GPtrArray **
list_field (WnPrismaFlow *flow,
            const char   *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_fields); i++)
    if (strcmp (list_fields[i].key, key) == 0)
      return G_STRUCT_MEMBER_P (flow, list_fields[i].offset);
  return NULL;
}

static void
prisma_count_free (WnPrismaCount *count)
{
  g_free (count->name);
  g_free (count);
}

static GPtrArray *
count_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) prisma_count_free);
}

WnPrismaFlow *
wn_prisma_flow_new (void)
{
  WnPrismaFlow *flow = g_new0 (WnPrismaFlow, 1);

  for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
    *(gint64 *) G_STRUCT_MEMBER_P (flow, count_fields[i].offset) = -1;
  for (guint i = 0; i < G_N_ELEMENTS (list_fields); i++)
    *(GPtrArray **) G_STRUCT_MEMBER_P (flow, list_fields[i].offset) = count_list_new ();
  return flow;
}

void
wn_prisma_flow_free (WnPrismaFlow *flow)
{
  if (flow == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (list_fields); i++)
    g_clear_pointer ((GPtrArray **) G_STRUCT_MEMBER_P (flow, list_fields[i].offset), g_ptr_array_unref);
  g_free (flow);
}

/* A name already in the list adds to its line: a database searched twice
 * (two searches, two files) is one line with both counts summed. */
void
wn_prisma_flow_add_count (GPtrArray  *list,
                          const char *name,
                          gint64      n)
{
  WnPrismaCount *count;

  g_return_if_fail (list != NULL);
  g_return_if_fail (name != NULL);

  for (guint i = 0; i < list->len; i++)
    {
      count = list->pdata[i];
      if (strcmp (count->name, name) == 0)
        {
          count->n += n;
          return;
        }
    }
  count = g_new0 (WnPrismaCount, 1);
  count->name = g_strdup (name);
  count->n = n;
  g_ptr_array_add (list, count);
}

static gint64
list_sum (const GPtrArray *list)
{
  gint64 sum = 0;

  for (guint i = 0; i < list->len; i++)
    sum += ((const WnPrismaCount *) list->pdata[i])->n;
  return sum;
}

/* ------------------------------------------------------------------------ */
/* The package's template                                                    */

/* The fixed columns of the PRISMA2020 package's template, inst/extdata/
 * PRISMA.csv at v1.1.4 (MIT, Neal R Haddaway; see notes/prisma2020.md,
 * section 4): the CSV writer gives these rows, in this order, with n from
 * the flow. "NA" is the package's own NA. */
typedef struct
{
  const char *data;
  const char *node;
  const char *box;
  const char *description;
  const char *boxtext;
  const char *tooltips;
  const char *url;
  const char *n;  /* the template's default */
} TemplateRow;

static const TemplateRow template_rows[] = {
  { "NA", "node4", "prevstud",
    "Grey title box; Previous studies",
    "Previous studies",
    "Grey title box; Previous studies",
    "prevstud.html", "0" },
  { "previous_studies", "node5", "box1",
    "Studies included in previous version of review",
    "Studies included in previous version of review",
    "Studies included in previous version of review",
    "previous_studies.html", "0" },
  { "previous_reports", "NA", "box1",
    "Reports of studies included in previous version of review",
    "Reports of studies included in previous version of review",
    "NA",
    "previous_reports.html", "0" },
  { "NA", "node6", "newstud",
    "Yellow title box; Identification of new studies via databases and registers",
    "Identification of new studies via databases and registers",
    "Yellow title box; Identification of new studies via databases and registers",
    "newstud.html", "0" },
  { "database_results", "node7", "box2",
    "Records identified from: Databases",
    "Databases",
    "Records identified from: Databases and Registers",
    "database_results.html", "0" },
  { "database_specific_results", "NA", "box2",
    "Records identified from: specific databases",
    "Specific Databases",
    "NA",
    "database_results.html", "Database 1, xxx; Database 2, xxx; Database 3, xxx" },
  { "register_results", "NA", "box2",
    "Records identified from: Registers",
    "Registers",
    "NA",
    "NA", "0" },
  { "register_specific_results", "NA", "box2",
    "Records identified from: specific registers",
    "Specific Registers",
    "NA",
    "database_results.html", "Register 1, xxx; Register 2, xxx; Register 3, xxx" },
  { "NA", "node16", "othstud",
    "Grey title box; Identification of new studies via other methods",
    "Identification of new studies via other methods",
    "Grey title box; Identification of new studies via other methods",
    "othstud.html", "0" },
  { "website_results", "node17", "box11",
    "Records identified from: Websites",
    "Websites",
    "Records identified from: Websites, Organisations and Citation Searching",
    "website_results.html", "0" },
  { "organisation_results", "", "box11",
    "Records identified from: Organisations",
    "Organisations",
    "NA",
    "NA", "0" },
  { "citations_results", "NA", "box11",
    "Records identified from: Citation searching",
    "Citation searching",
    "NA",
    "NA", "0" },
  { "duplicates", "node8", "box3",
    "Duplicate records",
    "Duplicate records",
    "Duplicate records",
    "duplicates.html", "0" },
  { "excluded_automatic", "NA", "box3",
    "Records marked as ineligible by automation tools",
    "Records marked as ineligible by automation tools",
    "NA",
    "NA", "0" },
  { "excluded_other", "NA", "box3",
    "Records removed for other reasons",
    "Records removed for other reasons",
    "NA",
    "NA", "0" },
  { "records_screened", "node9", "box4",
    "Records screened (databases and registers)",
    "Records screened",
    "Records screened (databases and registers)",
    "records_screened.html", "0" },
  { "records_excluded", "node10", "box5",
    "Records excluded (databases and registers)",
    "Records excluded",
    "Records excluded (databases and registers)",
    "records_excluded.html", "0" },
  { "dbr_sought_reports", "node11", "box6",
    "Reports sought for retrieval (databases and registers)",
    "Reports sought for retrieval",
    "Reports sought for retrieval (databases and registers)",
    "dbr_sought_reports.html", "0" },
  { "dbr_notretrieved_reports", "node12", "box7",
    "Reports not retrieved (databases and registers)",
    "Reports not retrieved",
    "Reports not retrieved (databases and registers)",
    "dbr_notretrieved_reports.html", "0" },
  { "other_sought_reports", "node18", "box12",
    "Reports sought for retrieval (other)",
    "Reports sought for retrieval",
    "Reports sought for retrieval (other)",
    "other_sought_reports.html", "0" },
  { "other_notretrieved_reports", "node19", "box13",
    "Reports not retrieved (other)",
    "Reports not retrieved",
    "Reports not retrieved (other)",
    "other_notretrieved_reports.html", "0" },
  { "dbr_assessed", "node13", "box8",
    "Reports assessed for eligibility (databases and registers)",
    "Reports assessed for eligibility",
    "Reports assessed for eligibility (databases and registers)",
    "dbr_assessed.html", "0" },
  { "dbr_excluded", "node14", "box9",
    "Reports excluded (databases and registers): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]",
    "Reports excluded",
    "Reports excluded (databases and registers)",
    "dbrexcludedrecords.html", "Reason1, xxx; Reason2, xxx; Reason3, xxx" },
  { "other_assessed", "node20", "box14",
    "Reports assessed for eligibility (other)",
    "Reports assessed for eligibility",
    "Reports assessed for eligibility (other)",
    "other_assessed.html", "0" },
  { "other_excluded", "node21", "box15",
    "Reports excluded (other): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]",
    "Reports excluded",
    "Reports excluded (other)",
    "other_excluded.html", "Reason1, xxx; Reason2, xxx; Reason3, xxx" },
  { "new_studies", "node15", "box10",
    "New studies included in review",
    "New studies included in review",
    "New studies included in review",
    "new_studies.html", "0" },
  { "new_reports", "NA", "box10",
    "Reports of new included studies",
    "Reports of new included studies",
    "NA",
    "NA", "0" },
  { "total_studies", "node22", "box16",
    "Total studies included in review",
    "Total studies included in review",
    "Total studies included in review",
    "total_studies.html", "0" },
  { "total_reports", "NA", "box16",
    "Reports of total included studies",
    "Reports of total included studies",
    "NA",
    "NA", "0" },
  { "identification", "node1", "identification",
    "Blue identification box",
    "Identification",
    "Blue identification box",
    "identification.html", "0" },
  { "screening", "node2", "screening",
    "Blue screening box",
    "Screening",
    "Blue screening box",
    "screening.html", "0" },
  { "included", "node3", "included",
    "Blue included box",
    "Included",
    "Blue included box",
    "included.html", "0" },
  { "total_studies_ma", "node23", "box17",
    "Total studies included in meta-analysis",
    "Total studies included in meta-analysis",
    "Total studies included in meta-analysis",
    "total_studies_meta_analysis.html", "0" },
  { "total_reports_ma", "NA", "box17",
    "Reports of total included studies in meta-analysis",
    "Reports of total included studies in meta-analysis",
    "NA",
    "NA", "0" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (template_rows) == 34);

/* The box of a data key, or "". */
static const char *
template_box (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (template_rows); i++)
    if (strcmp (template_rows[i].data, key) == 0)
      return template_rows[i].box;
  return "";
}

/* ------------------------------------------------------------------------ */
/* Arithmetic checks                                                         */

void
wn_prisma_check_free (WnPrismaCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->id);
  g_free (check->detail);
  g_free (check->explain);
  g_strfreev (check->boxes);
  g_free (check);
}

const char *
wn_prisma_check_status_to_string (WnPrismaCheckStatus status)
{
  switch (status)
    {
    case WN_PRISMA_CHECK_OK: return "ok";
    case WN_PRISMA_CHECK_WARNING: return "warning";
    case WN_PRISMA_CHECK_ERROR: return "error";
    default: g_return_val_if_reached (NULL);
    }
}

/* -1 is "not applicable" (the package's NA): it adds nothing. */
static gint64
na0 (gint64 n)
{
  return n == -1 ? 0 : n;
}

/* Takes detail and explain. boxes: space-separated box ids. */
static void
add_check (GPtrArray           *checks,
           const char          *id,
           WnPrismaCheckStatus  status,
           char                *detail,
           char                *explain,
           const char          *boxes)
{
  WnPrismaCheck *check = g_new0 (WnPrismaCheck, 1);

  check->id = g_strdup (id);
  check->status = status;
  check->detail = detail;
  check->explain = explain;
  check->boxes = g_strsplit (boxes, " ", -1);
  g_ptr_array_add (checks, check);
}

/* Names a negative count (or difference) in out and its boxes in boxes.
 * A count of -1 is "not applicable", not negative, unless na is FALSE. */
static void
append_negative (GString    *out,
                 GPtrArray  *boxes,
                 const char *name,
                 gint64      n,
                 gboolean    na,
                 const char *box_ids)
{
  g_auto(GStrv) ids = NULL;

  if (n >= 0 || (na && n == -1))
    return;
  g_string_append (out, out->len > 0 ? ", " : "");
  g_string_append_printf (out, "%s %" PRId64, name, n);
  ids = g_strsplit (box_ids, " ", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (boxes, ids[i], g_str_equal, NULL))
      g_ptr_array_add (boxes, g_strdup (ids[i]));
}

/* The invariants of notes/prisma2020.md, section 3, in its order. The
 * detail strings are the validator's fixed, untranslated wording (the test
 * cases in flow_invariant_cases.json give them); explain is the sentence
 * for people. Left out: INV-O1, since the flow has no total of records
 * identified by other methods apart from the three counts it would be the
 * sum of (records of "other" searches are counted with organisations, see
 * classify_record()); and INV-X1, since the flow does not split the
 * screening exclusions between people and automation. INV-S4's warning
 * (reasons that add up to more than the reports excluded) cannot happen
 * in a project's flow: each excluded report has one primary reason. */
GPtrArray *
wn_prisma_flow_check (const WnPrismaFlow *flow)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_prisma_check_free);
  g_autoptr(GString) negative = g_string_new (NULL);
  g_autoptr(GPtrArray) negative_boxes = g_ptr_array_new_with_free_func (g_free);
  gint64 sum, identified, computed, dbr_included, other_included = 0, other_identified;

  g_return_val_if_fail (flow != NULL, NULL);

  /* INV-ID1, INV-ID2: the per-database and per-register lines add up. */
  sum = list_sum (flow->database_specific_results);
  if (flow->database_specific_results->len == 0 && na0 (flow->database_results) != 0)
    add_check (checks, "INV-ID1", WN_PRISMA_CHECK_OK,
               g_strdup_printf ("no per-database counts (database_results %" PRId64 ")", flow->database_results),
               g_strdup (_("The records are not broken down by database. PRISMA 2020 asks for the count of each "
                           "database searched where feasible.")),
               "box2");
  else
    add_check (checks, "INV-ID1", sum == na0 (flow->database_results) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
               g_strdup_printf ("sum per database %" PRId64 " vs database_results %" PRId64, sum, na0 (flow->database_results)),
               sum == na0 (flow->database_results)
               ? g_strdup (_("The databases' counts add up to the records identified from databases."))
               : g_strdup_printf (_("The databases' counts add up to %" PRId64 ", but the box says %" PRId64 " records were "
                                    "identified from databases: the two must be equal."),
                                  sum, na0 (flow->database_results)),
               "box2");

  sum = list_sum (flow->register_specific_results);
  if (flow->register_specific_results->len == 0 && na0 (flow->register_results) != 0)
    add_check (checks, "INV-ID2", WN_PRISMA_CHECK_OK,
               g_strdup_printf ("no per-register counts (register_results %" PRId64 ")", flow->register_results),
               g_strdup (_("The records are not broken down by register. PRISMA 2020 asks for the count of each "
                           "register searched where feasible.")),
               "box2");
  else
    add_check (checks, "INV-ID2", sum == na0 (flow->register_results) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
               g_strdup_printf ("sum per register %" PRId64 " vs register_results %" PRId64, sum, na0 (flow->register_results)),
               sum == na0 (flow->register_results)
               ? g_strdup (_("The registers' counts add up to the records identified from registers."))
               : g_strdup_printf (_("The registers' counts add up to %" PRId64 ", but the box says %" PRId64 " records were "
                                    "identified from registers: the two must be equal."),
                                  sum, na0 (flow->register_results)),
               "box2");

  /* INV-S1: records screened = identified - removed before screening. */
  identified = na0 (flow->database_results) + na0 (flow->register_results);
  computed = identified - na0 (flow->duplicates) - na0 (flow->excluded_automatic) - na0 (flow->excluded_other);
  add_check (checks, "INV-S1", computed == na0 (flow->records_screened) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
             g_strdup_printf ("identified %" PRId64 " - removed = %" PRId64 " vs records_screened %" PRId64, identified, computed,
                              na0 (flow->records_screened)),
             computed == na0 (flow->records_screened)
             ? g_strdup (_("Records screened are the records identified less those removed before screening."))
             : g_strdup_printf (_("%" PRId64 " records were identified and %" PRId64 " removed before screening, which "
                                  "leaves %" PRId64 ", but %" PRId64 " records were screened: a difference of %" PRId64 ". "
                                  "The same records flow through these boxes, so they must add up."),
                                identified, identified - computed, computed, na0 (flow->records_screened),
                                na0 (flow->records_screened) - computed),
             "box2 box3 box4");
  append_negative (negative, negative_boxes, "identified - removed", computed, FALSE, "box2 box3 box4");

  /* INV-S2: records become reports here, so only a warning. */
  computed = na0 (flow->records_screened) - na0 (flow->records_excluded);
  add_check (checks, "INV-S2",
             computed == na0 (flow->dbr_sought_reports) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_WARNING,
             g_strdup_printf ("screened - excluded = %" PRId64 " vs dbr_sought_reports %" PRId64 " (records vs reports)",
                              computed, na0 (flow->dbr_sought_reports)),
             computed == na0 (flow->dbr_sought_reports)
             ? g_strdup (_("Reports sought for retrieval are the records screened less those excluded."))
             : g_strdup_printf (_("%" PRId64 " records screened less %" PRId64 " excluded leaves %" PRId64 ", but %" PRId64
                                  " reports were sought for retrieval. PRISMA 2020 allows this (one record can lead "
                                  "to several reports, and records not yet decided are neither excluded nor "
                                  "sought), but the text should explain it."),
                                na0 (flow->records_screened), na0 (flow->records_excluded), computed,
                                na0 (flow->dbr_sought_reports)),
             "box4 box5 box6");

  /* INV-S3 */
  computed = na0 (flow->dbr_sought_reports) - na0 (flow->dbr_notretrieved_reports);
  add_check (checks, "INV-S3", computed == na0 (flow->dbr_assessed) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
             g_strdup_printf ("sought - not retrieved = %" PRId64 " vs dbr_assessed %" PRId64, computed,
                              na0 (flow->dbr_assessed)),
             computed == na0 (flow->dbr_assessed)
             ? g_strdup (_("Reports assessed for eligibility are the reports sought less those not retrieved."))
             : g_strdup_printf (_("%" PRId64 " reports sought less %" PRId64 " not retrieved leaves %" PRId64 ", but %" PRId64
                                  " were assessed for eligibility: the same reports flow through these boxes, so "
                                  "they must add up."),
                                na0 (flow->dbr_sought_reports), na0 (flow->dbr_notretrieved_reports), computed,
                                na0 (flow->dbr_assessed)),
             "box6 box7 box8");
  append_negative (negative, negative_boxes, "sought - not retrieved", computed, FALSE, "box6 box7 box8");

  /* INV-S4 */
  dbr_included = na0 (flow->dbr_assessed) - list_sum (flow->dbr_excluded);
  add_check (checks, "INV-S4", dbr_included >= 0 ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
             g_strdup_printf ("reports included via databases/registers = %" PRId64, dbr_included),
             dbr_included >= 0
             ? g_strdup_printf (_("%" PRId64 " reports assessed less %" PRId64 " excluded: %" PRId64 " reports included via "
                                  "databases and registers."),
                                na0 (flow->dbr_assessed), list_sum (flow->dbr_excluded), dbr_included)
             : g_strdup_printf (_("More reports were excluded (%" PRId64 ") than were assessed for eligibility (%" PRId64
                                  "). Each excluded report counts under one reason only."),
                                list_sum (flow->dbr_excluded), na0 (flow->dbr_assessed)),
             "box8 box9");
  append_negative (negative, negative_boxes, "reports included via databases/registers", dbr_included, FALSE,
                   "box8 box9");

  if (flow->other)
    {
      /* INV-O2: no equation links records and reports in this arm. */
      other_identified = na0 (flow->website_results) + na0 (flow->organisation_results) +
                         na0 (flow->citations_results);
      if (na0 (flow->other_sought_reports) <= other_identified)
        add_check (checks, "INV-O2", WN_PRISMA_CHECK_OK,
                   g_strdup_printf ("other_sought_reports %" PRId64 " <= records identified %" PRId64,
                                    na0 (flow->other_sought_reports), other_identified),
                   g_strdup (_("No more reports were sought via other methods than records were identified.")),
                   "box11 box12");
      else
        add_check (checks, "INV-O2", WN_PRISMA_CHECK_WARNING,
                   g_strdup_printf ("other_sought_reports %" PRId64 " > records identified %" PRId64,
                                    na0 (flow->other_sought_reports), other_identified),
                   g_strdup_printf (_("%" PRId64 " reports were sought via other methods from %" PRId64 " records "
                                      "identified. A record can lead to several reports, but the text should "
                                      "explain it."),
                                    na0 (flow->other_sought_reports), other_identified),
                   "box11 box12");

      /* INV-O3 */
      computed = na0 (flow->other_sought_reports) - na0 (flow->other_notretrieved_reports);
      add_check (checks, "INV-O3",
                 computed == na0 (flow->other_assessed) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
                 g_strdup_printf ("sought - not retrieved = %" PRId64 " vs other_assessed %" PRId64, computed,
                                  na0 (flow->other_assessed)),
                 computed == na0 (flow->other_assessed)
                 ? g_strdup (_("Reports assessed via other methods are the reports sought less those not "
                               "retrieved."))
                 : g_strdup_printf (_("%" PRId64 " reports sought via other methods less %" PRId64 " not retrieved "
                                      "leaves %" PRId64 ", but %" PRId64 " were assessed: they must add up."),
                                    na0 (flow->other_sought_reports), na0 (flow->other_notretrieved_reports),
                                    computed, na0 (flow->other_assessed)),
                 "box12 box13 box14");
      append_negative (negative, negative_boxes, "other sought - not retrieved", computed, FALSE,
                       "box12 box13 box14");

      /* INV-O4 */
      other_included = na0 (flow->other_assessed) - list_sum (flow->other_excluded);
      add_check (checks, "INV-O4", other_included >= 0 ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
                 g_strdup_printf ("reports included via other methods = %" PRId64, other_included),
                 other_included >= 0
                 ? g_strdup_printf (_("%" PRId64 " reports assessed less %" PRId64 " excluded: %" PRId64 " reports included "
                                      "via other methods."),
                                    na0 (flow->other_assessed), list_sum (flow->other_excluded), other_included)
                 : g_strdup_printf (_("More reports were excluded via other methods (%" PRId64 ") than were assessed "
                                      "(%" PRId64 ")."),
                                    list_sum (flow->other_excluded), na0 (flow->other_assessed)),
                 "box14 box15");
      append_negative (negative, negative_boxes, "reports included via other methods", other_included, FALSE,
                       "box14 box15");
    }

  /* INV-N1: overlap between the arms makes this a warning. */
  computed = dbr_included + other_included;
  add_check (checks, "INV-N1", computed == na0 (flow->new_reports) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_WARNING,
             g_strdup_printf ("arm totals %" PRId64 "+%" PRId64 " = %" PRId64 " vs new_reports %" PRId64, dbr_included,
                              other_included, computed, na0 (flow->new_reports)),
             computed == na0 (flow->new_reports)
             ? g_strdup (_("The reports included are those included via each arm."))
             : g_strdup_printf (_("The arms include %" PRId64 " and %" PRId64 " reports, %" PRId64 " together, but %" PRId64
                                  " reports of included studies are reported. Reports found by both arms should be "
                                  "counted in one arm only; reports not yet decided at full text are neither "
                                  "excluded nor included."),
                                dbr_included, other_included, computed, na0 (flow->new_reports)),
             "box8 box9 box14 box15 box10");

  /* INV-N2: a report can describe several studies. */
  if (na0 (flow->new_studies) <= na0 (flow->new_reports))
    add_check (checks, "INV-N2", WN_PRISMA_CHECK_OK,
               g_strdup_printf ("new_studies %" PRId64 " <= new_reports %" PRId64, na0 (flow->new_studies),
                                na0 (flow->new_reports)),
               g_strdup (_("No more studies than reports are included.")), "box10");
  else
    add_check (checks, "INV-N2", WN_PRISMA_CHECK_WARNING,
               g_strdup_printf ("new_studies %" PRId64 " > new_reports %" PRId64, na0 (flow->new_studies),
                                na0 (flow->new_reports)),
               g_strdup_printf (_("%" PRId64 " studies from %" PRId64 " reports: a report can describe more than one "
                                  "study, but the text should say which."),
                                na0 (flow->new_studies), na0 (flow->new_reports)),
               "box10");

  if (flow->previous)
    {
      gint64 studies = na0 (flow->previous_studies) + na0 (flow->new_studies);
      gint64 reports = na0 (flow->previous_reports) + na0 (flow->new_reports);

      add_check (checks, "INV-U1",
                 studies == na0 (flow->total_studies) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
                 g_strdup ("total_studies = previous_studies + new_studies"),
                 studies == na0 (flow->total_studies)
                 ? g_strdup (_("Total studies are the previous review's studies and the new ones."))
                 : g_strdup_printf (_("%" PRId64 " studies of the previous version and %" PRId64 " new studies make %" PRId64
                                      ", but the total says %" PRId64 ". A new report of a study already included "
                                      "counts as a new report, not a new study."),
                                    na0 (flow->previous_studies), na0 (flow->new_studies), studies,
                                    na0 (flow->total_studies)),
                 "box1 box10 box16");
      add_check (checks, "INV-U2",
                 reports == na0 (flow->total_reports) ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
                 g_strdup ("total_reports = previous_reports + new_reports"),
                 reports == na0 (flow->total_reports)
                 ? g_strdup (_("Total reports are the previous review's reports and the new ones."))
                 : g_strdup_printf (_("%" PRId64 " reports of the previous version and %" PRId64 " new reports make %" PRId64
                                      ", but the total says %" PRId64 "."),
                                    na0 (flow->previous_reports), na0 (flow->new_reports), reports,
                                    na0 (flow->total_reports)),
                 "box1 box10 box16");
    }

  /* INV-M1: the meta-analysis box, when there is one. Compared with the
   * totals of an updated review, else with the new review's counts. */
  if (flow->total_studies_ma != -1 || flow->total_reports_ma != -1)
    {
      gboolean totals = flow->total_studies != -1 || flow->total_reports != -1;
      const char *studies_name = totals ? "total_studies" : "new_studies";
      const char *reports_name = totals ? "total_reports" : "new_reports";
      gint64 studies = na0 (totals ? flow->total_studies : flow->new_studies);
      gint64 reports = na0 (totals ? flow->total_reports : flow->new_reports);
      gboolean ok = na0 (flow->total_studies_ma) <= studies && na0 (flow->total_reports_ma) <= reports;

      add_check (checks, "INV-M1", ok ? WN_PRISMA_CHECK_OK : WN_PRISMA_CHECK_ERROR,
                 g_strdup_printf ("total_studies_ma %" PRId64 " <= %s %" PRId64 "; total_reports_ma %" PRId64 " <= %s %" PRId64,
                                  na0 (flow->total_studies_ma), studies_name, studies, na0 (flow->total_reports_ma),
                                  reports_name, reports),
                 ok ? g_strdup (_("The meta-analysis includes no more studies or reports than the review."))
                    : g_strdup_printf (_("The meta-analysis counts %" PRId64 " studies and %" PRId64 " reports, more than "
                                         "the review includes (%" PRId64 " and %" PRId64 ")."),
                                       na0 (flow->total_studies_ma), na0 (flow->total_reports_ma), studies, reports),
                 totals ? "box16 box17" : "box10 box17");
    }

  /* INV-NN: every count and every difference above is >= 0. */
  {
    g_autoptr(GString) counts = g_string_new (NULL);
    g_autofree char *boxes = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
      append_negative (counts, negative_boxes, count_fields[i].key,
                       *(const gint64 *) G_STRUCT_MEMBER_P (flow, count_fields[i].offset), TRUE,
                       template_box (count_fields[i].key));
    for (guint i = 0; i < G_N_ELEMENTS (list_fields); i++)
      {
        const GPtrArray *list = *(GPtrArray * const *) G_STRUCT_MEMBER_P (flow, list_fields[i].offset);

        for (guint j = 0; j < list->len; j++)
          {
            const WnPrismaCount *count = list->pdata[j];
            g_autofree char *name = g_strdup_printf ("%s[%s]", list_fields[i].key, count->name);

            append_negative (counts, negative_boxes, name, count->n, FALSE, template_box (list_fields[i].key));
          }
      }
    if (counts->len > 0 && negative->len > 0)
      g_string_append (counts, ", ");
    g_string_append (counts, negative->str);
    g_ptr_array_add (negative_boxes, NULL);
    boxes = g_strjoinv (" ", (char **) negative_boxes->pdata);
    if (counts->len == 0)
      add_check (checks, "INV-NN", WN_PRISMA_CHECK_OK, g_strdup ("all counts >= 0"),
                 g_strdup (_("Every count is a whole number, zero or more.")), "");
    else
      add_check (checks, "INV-NN", WN_PRISMA_CHECK_ERROR, g_strdup_printf ("negative: %s", counts->str),
                 g_strdup_printf (_("Counts below zero: %s. Every count, and every difference the boxes imply, "
                                    "must be zero or more."),
                                  counts->str),
                 boxes);
  }

  return checks;
}

/* ------------------------------------------------------------------------ */
/* The package's CSV                                                         */

static void
csv_append_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A line's name as the package can read it back. Its parser splits a list
 * at ";" and a line at its first ",", so a name with a comma would be cut
 * short and one with a semicolon split in two: commas become "‚" (U+201A
 * SINGLE LOW-9 QUOTATION MARK, which looks like a comma) and semicolons
 * "；" (U+FF1B FULLWIDTH SEMICOLON); line breaks and tabs become spaces. */
static void
append_list_name (GString    *out,
                  const char *name)
{
  for (const char *p = name; *p; p++)
    {
      switch (*p)
        {
        case ',': g_string_append (out, "\xe2\x80\x9a"); break;
        case ';': g_string_append (out, "\xef\xbc\x9b"); break;
        case '\n':
        case '\r':
        case '\t': g_string_append_c (out, ' '); break;
        default: g_string_append_c (out, *p);
        }
    }
}

/* "name, n; name, n", or NA for an empty list. */
static char *
format_list (const GPtrArray *list)
{
  GString *out;

  if (list->len == 0)
    return g_strdup ("NA");
  out = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++)
    {
      const WnPrismaCount *count = list->pdata[i];

      if (i > 0)
        g_string_append (out, "; ");
      append_list_name (out, count->name);
      if (count->n < 0)
        g_string_append (out, ", NA");
      else
        g_string_append_printf (out, ", %" PRId64, count->n);
    }
  return g_string_free (out, FALSE);
}

/* Lines end in CR LF, as in the package's own file. */
char *
wn_prisma_flow_to_csv (const WnPrismaFlow *flow)
{
  GString *out = g_string_new ("data,node,box,description,boxtext,tooltips,url,n\r\n");

  g_return_val_if_fail (flow != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (template_rows); i++)
    {
      const TemplateRow *row = &template_rows[i];
      const char *fixed[] = { row->data, row->node, row->box, row->description, row->boxtext, row->tooltips, row->url };
      gint64 *count = count_field ((WnPrismaFlow *) flow, row->data);
      GPtrArray **list = list_field ((WnPrismaFlow *) flow, row->data);
      g_autofree char *n = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (fixed); j++)
        {
          csv_append_field (out, fixed[j]);
          g_string_append_c (out, ',');
        }
      if (count != NULL)
        n = *count == -1 ? g_strdup ("NA") : g_strdup_printf ("%" PRId64, *count);
      else if (list != NULL)
        n = format_list (*list);
      else
        n = g_strdup (row->n); /* title boxes and phase labels */
      csv_append_field (out, n);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                      */

char *
wn_prisma_flow_to_json (const WnPrismaFlow *flow)
{
  GString *out = g_string_new ("{");
  g_autoptr(GPtrArray) checks = NULL;
  gboolean first = TRUE;

  g_return_val_if_fail (flow != NULL, NULL);

  wn_json_append_key (out, "previous");
  g_string_append (out, flow->previous ? "true" : "false");
  wn_json_append_key (out, "other");
  g_string_append (out, flow->other ? "true" : "false");
  for (guint i = 0; i < G_N_ELEMENTS (template_rows); i++)
    {
      const char *key = template_rows[i].data;
      gint64 *count = count_field ((WnPrismaFlow *) flow, key);
      GPtrArray **list = list_field ((WnPrismaFlow *) flow, key);

      if (count != NULL)
        {
          wn_json_append_key (out, key);
          if (*count == -1)
            g_string_append (out, "null");
          else
            wn_json_append_int (out, *count);
        }
      else if (list != NULL)
        {
          wn_json_append_key (out, key);
          g_string_append_c (out, '{');
          for (guint j = 0; j < (*list)->len; j++)
            {
              const WnPrismaCount *line = (*list)->pdata[j];

              wn_json_append_key (out, line->name);
              if (line->n == -1)
                g_string_append (out, "null");
              else
                wn_json_append_int (out, line->n);
            }
          g_string_append_c (out, '}');
        }
    }

  wn_json_append_key (out, "warnings");
  g_string_append_c (out, '[');
  checks = wn_prisma_flow_check (flow);
  for (guint i = 0; i < checks->len; i++)
    {
      const WnPrismaCheck *check = checks->pdata[i];

      if (check->status == WN_PRISMA_CHECK_OK)
        continue;
      g_string_append (out, first ? "{" : ",{");
      first = FALSE;
      wn_json_append_key (out, "id");
      wn_json_append_string (out, check->id);
      wn_json_append_key (out, "status");
      wn_json_append_string (out, wn_prisma_check_status_to_string (check->status));
      wn_json_append_key (out, "detail");
      wn_json_append_string (out, check->detail);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static gboolean
json_count (JsonNode    *node,
            const char  *key,
            gint64      *n,
            GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *n = -1;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          *n = json_node_get_int (node);
          return TRUE;
        }
      if (type == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          if (d == (double) (gint64) d)
            {
              *n = (gint64) d;
              return TRUE;
            }
        }
    }
  g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE, _("“%s” is not a whole number or null"), key);
  return FALSE;
}

static gboolean
json_list (JsonNode    *node,
           const char  *key,
           GPtrArray   *list,
           GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          gint64 n;

          if (!json_count (value, key, &n, error))
            return FALSE;
          wn_prisma_flow_add_count (list, name, n);
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *pair = json_array_get_element (array, i);
          JsonArray *items = NULL;
          gint64 n;

          if (!JSON_NODE_HOLDS_ARRAY (pair) || json_array_get_length (items = json_node_get_array (pair)) != 2 ||
              json_node_get_value_type (json_array_get_element (items, 0)) != G_TYPE_STRING)
            {
              g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE,
                           _("“%s”: each line is a pair [name, count]"), key);
              return FALSE;
            }
          if (!json_count (json_array_get_element (items, 1), key, &n, error))
            return FALSE;
          wn_prisma_flow_add_count (list, json_array_get_string_element (items, 0), n);
        }
      return TRUE;
    }
  g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE,
               _("“%s” is neither a list of [name, count] pairs nor an object of counts"), key);
  return FALSE;
}

/* Keys it does not know (such as "warnings") are left alone. Without
 * "previous" or "other", they follow from the counts given. */
WnPrismaFlow *
wn_prisma_flow_from_json (const char  *json,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(WnPrismaFlow) flow = wn_prisma_flow_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  gboolean has_previous = FALSE;
  gboolean has_other = FALSE;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE, _("not a flow's JSON: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE, _("not a flow's JSON: not an object"));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      gint64 *count = count_field (flow, key);
      GPtrArray **list = list_field (flow, key);

      if (g_str_equal (key, "previous") || g_str_equal (key, "other"))
        {
          if (json_node_get_value_type (value) != G_TYPE_BOOLEAN)
            {
              g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE, _("“%s” is not true or false"), key);
              return NULL;
            }
          if (g_str_equal (key, "previous"))
            {
              flow->previous = json_node_get_boolean (value);
              has_previous = TRUE;
            }
          else
            {
              flow->other = json_node_get_boolean (value);
              has_other = TRUE;
            }
        }
      else if (count != NULL)
        {
          if (!json_count (value, key, count, error))
            return NULL;
        }
      else if (list != NULL)
        {
          if (!json_list (value, key, *list, error))
            return NULL;
        }
    }
  if (!has_previous)
    flow->previous = flow->previous_studies != -1 || flow->previous_reports != -1;
  if (!has_other)
    flow->other = flow->website_results != -1 || flow->organisation_results != -1 || flow->citations_results != -1;
  return g_steal_pointer (&flow);
}

/* ------------------------------------------------------------------------ */
/* Store helpers                                                             */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The record's duplicate_of (0 when unique); FALSE with
 * WN_PRISMA_ERROR_RECORD when there is no such record. Lock held. */
static gboolean
lookup_record_locked (WnProject   *self,
                      gint64       record_id,
                      gint64      *duplicate_of,
                      GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT duplicate_of FROM records WHERE id = ?", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      *duplicate_of = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_RECORD, _("there is no record %lld"), (long long) record_id);
  else
    _wn_project_sql_error (self, error, rc, _("could not read the record"));
  return FALSE;
}

/* A unique record, or an error naming the record it duplicates. */
static gboolean
require_unique_locked (WnProject   *self,
                       gint64       record_id,
                       const char  *what,
                       GError     **error)
{
  gint64 duplicate_of = 0;

  if (!lookup_record_locked (self, record_id, &duplicate_of, error))
    return FALSE;
  if (duplicate_of != 0)
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_RECORD,
                   /* Translators: 1, 2: record ids; 3: what was asked, e.g. "its retrieval status" */
                   _("record %lld is a duplicate of record %lld, which stands for it: give %s to record %lld"),
                   (long long) record_id, (long long) duplicate_of, what, (long long) duplicate_of);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Search methods and records found by hand                                  */

static void
set_invalid_method (GError    **error,
                    const char *method)
{
  g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID,
               _("“%s” is not a search method: database, register, website, organisation, citation or other"),
               method != NULL ? method : "");
}

gboolean
wn_project_set_search_method (WnProject   *self,
                              gint64       search_id,
                              const char  *method,
                              GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *old = NULL;
  const char *what = _("could not change the search's method");
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!wn_search_method_is_valid (method))
    {
      set_invalid_method (error, method);
      return FALSE;
    }
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT method FROM searches WHERE id = ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, search_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND, _("%s: there is no search %lld"),
                   wn_project_get_path (self), (long long) search_id);
      return _wn_project_end_write (self, FALSE, what, error);
    }
  if (rc != SQLITE_ROW)
    {
      _wn_project_sql_error (self, error, rc, what);
      return _wn_project_end_write (self, FALSE, what, error);
    }
  old = _wn_column_dup (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (g_strcmp0 (old, method) == 0)
    return _wn_project_end_write (self, TRUE, what, error);

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "UPDATE searches SET method = ?1 WHERE " WN_SQL_SAME_BATCH ("?2"),
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, method, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, search_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return _wn_project_end_write (self, FALSE, what, error);
    }
  wn_json_append_key (detail, "search_id");
  wn_json_append_int (detail, search_id);
  wn_json_append_key (detail, "method");
  g_string_append (detail, "{\"old\":");
  wn_json_append_string (detail, old);
  g_string_append (detail, ",\"new\":");
  wn_json_append_string (detail, method);
  g_string_append (detail, "}}");
  return _wn_project_end_write (self, _wn_project_audit (self, "search.method", detail->str, error), what, error);
}

static void
ris_line (GString    *out,
          const char *tag,
          const char *value)
{
  if (value != NULL && *value != '\0')
    g_string_append_printf (out, "%s  - %s\n", tag, value);
}

static char *
strdup_stripped (const char *text)
{
  return is_blank (text) ? NULL : g_strstrip (g_strdup (text));
}

gint64
wn_project_add_record_by_hand (WnProject      *self,
                               const WnRecord *record,
                               const char     *method,
                               const char     *source_name,
                               const char     *url,
                               GError        **error)
{
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  g_autoptr(WnRecord) stored = wn_record_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) detail = g_string_new ("{");
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *doi = NULL;
  g_autofree char *clean_url = strdup_stripped (url);
  gboolean has_url_field = FALSE;
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0);
  g_return_val_if_fail (record != NULL, 0);

  if (!wn_search_method_is_valid (method))
    {
      set_invalid_method (error, method);
      return 0;
    }
  if (is_blank (record->title))
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID, _("a record added by hand needs a title"));
      return 0;
    }
  if (is_blank (source_name))
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID,
                   _("a record added by hand needs the source it was found in, e.g. “SAMHSA website”"));
      return 0;
    }

  /* The record as stored: its fields as given, the DOI normalised, and a
   * RIS rendering as its verbatim text when it has none. */
  stored->source_id = g_strdup (record->source_id);
  stored->title = strdup_stripped (record->title);
  for (guint i = 0; record->authors != NULL && i < record->authors->len; i++)
    if (!is_blank (record->authors->pdata[i]))
      wn_record_add_author (stored, record->authors->pdata[i]); /* copies, collapsing white space */
  stored->year = strdup_stripped (record->year);
  stored->journal = strdup_stripped (record->journal);
  stored->volume = strdup_stripped (record->volume);
  stored->issue = strdup_stripped (record->issue);
  stored->pages = strdup_stripped (record->pages);
  if (!is_blank (record->doi))
    {
      doi = wn_doi_normalise (record->doi);
      if (doi == NULL)
        {
          g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID, _("“%s” is not a DOI"), record->doi);
          return 0;
        }
      stored->doi = g_strdup (doi);
    }
  stored->pmid = strdup_stripped (record->pmid);
  stored->abstract = strdup_stripped (record->abstract);
  for (guint i = 0; record->keywords != NULL && i < record->keywords->len; i++)
    wn_record_add_keyword (stored, record->keywords->pdata[i]);
  stored->language = strdup_stripped (record->language);
  stored->type = strdup_stripped (record->type);
  stored->database = g_strstrip (g_strdup (source_name));
  for (guint i = 0; record->fields != NULL && i < record->fields->len; i++)
    {
      const WnField *field = record->fields->pdata[i];

      wn_record_add_field (stored, field->tag, field->value);
      has_url_field |= g_strcmp0 (field->tag, "UR") == 0;
    }
  if (stored->fields->len == 0)
    {
      wn_record_add_field (stored, "TY", stored->type != NULL ? stored->type : "GEN");
      wn_record_add_field (stored, "TI", stored->title);
      for (guint i = 0; i < stored->authors->len; i++)
        wn_record_add_field (stored, "AU", stored->authors->pdata[i]);
      if (stored->year != NULL)
        wn_record_add_field (stored, "PY", stored->year);
      if (stored->journal != NULL)
        wn_record_add_field (stored, "JO", stored->journal);
      if (stored->doi != NULL)
        wn_record_add_field (stored, "DO", stored->doi);
      if (stored->abstract != NULL)
        wn_record_add_field (stored, "AB", stored->abstract);
    }
  if (clean_url != NULL && !has_url_field)
    wn_record_add_field (stored, "UR", clean_url);
  if (record->source_text != NULL && *record->source_text != '\0')
    stored->source_text = g_strdup (record->source_text);
  else
    {
      for (guint i = 0; i < stored->fields->len; i++)
        {
          const WnField *field = stored->fields->pdata[i];

          ris_line (text, field->tag, field->value);
        }
      g_string_append (text, "ER  - \n");
      stored->source_text = g_strdup (text->str);
    }
  stored->line_start = stored->line_end = 0;

  search->database = g_strdup (stored->database);
  search->method = g_strdup (method);
  search->date_searched = g_date_time_format (today, "%Y-%m-%d");
  search->format = g_strdup ("manual");

  writer = wn_project_begin_search (self, search, error);
  if (writer == NULL)
    return 0;
  id = wn_search_writer_add (writer, stored, error);
  if (id == 0)
    return 0;

  wn_json_append_key (detail, "record");
  wn_json_append_int (detail, id);
  wn_json_append_key (detail, "search_id");
  wn_json_append_int (detail, wn_search_writer_get_search_id (writer));
  wn_json_append_key (detail, "method");
  wn_json_append_string (detail, method);
  wn_json_append_key (detail, "source");
  wn_json_append_string (detail, stored->database);
  wn_json_append_key (detail, "url");
  wn_json_append_string (detail, clean_url);
  wn_json_append_key (detail, "title");
  wn_json_append_string (detail, stored->title);
  g_string_append_c (detail, '}');

  /* The writer holds the lock and its transaction: the audit row lands in
   * the same transaction as the record. */
  _wn_project_lock (self);
  ok = _wn_project_audit (self, "record.add", detail->str, error);
  _wn_project_unlock (self);
  if (!ok || !wn_search_writer_commit (writer, error))
    return 0;
  return id;
}

/* ------------------------------------------------------------------------ */
/* Records removed before screening                                          */

void
wn_removal_free (WnRemoval *removal)
{
  if (removal == NULL)
    return;
  g_free (removal->note);
  g_free (removal->at);
  g_free (removal->by);
  g_free (removal);
}

/* The removal in force on a record: its row id (0 when none) and kind.
 * Lock held. */
static gboolean
removal_in_force_locked (WnProject      *self,
                         gint64          record_id,
                         gint64         *row_id,
                         WnRemovalKind  *kind,
                         GError        **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  *row_id = 0;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT id, kind FROM removed_records WHERE record_id = ? AND undone_at IS NULL", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      *row_id = sqlite3_column_int64 (stmt, 0);
      *kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "automatic") == 0 ? WN_REMOVAL_AUTOMATIC
                                                                                            : WN_REMOVAL_OTHER;
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  _wn_project_sql_error (self, error, rc, _("could not read the removed records"));
  return FALSE;
}

static gboolean
insert_removal_locked (WnProject      *self,
                       gint64          record_id,
                       WnRemovalKind   kind,
                       const char     *note,
                       const char     *now,
                       sqlite3_stmt  **cache,
                       GError        **error)
{
  int rc = SQLITE_OK;

  if (*cache == NULL)
    rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                             "INSERT INTO removed_records (record_id, kind, note, at, actor) VALUES (?, ?, ?, ?, ?)",
                             -1, cache, NULL);
  else
    {
      sqlite3_reset (*cache);
      sqlite3_clear_bindings (*cache);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (*cache, 1, record_id);
      sqlite3_bind_text (*cache, 2, kind == WN_REMOVAL_AUTOMATIC ? "automatic" : "other", -1, SQLITE_STATIC);
      sqlite3_bind_text (*cache, 3, note, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (*cache, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (*cache, 5, wn_project_get_actor (self), -1, SQLITE_STATIC);
      rc = sqlite3_step (*cache);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not remove the record"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
undo_removal_locked (WnProject      *self,
                     gint64          row_id,
                     const char     *how,
                     const char     *now,
                     sqlite3_stmt  **cache,
                     GError        **error)
{
  int rc = SQLITE_OK;

  if (*cache == NULL)
    rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                             "UPDATE removed_records SET undone_at = ?, undone_by = ?, undone_how = ?"
                             " WHERE id = ? AND undone_at IS NULL",
                             -1, cache, NULL);
  else
    {
      sqlite3_reset (*cache);
      sqlite3_clear_bindings (*cache);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (*cache, 1, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (*cache, 2, wn_project_get_actor (self), -1, SQLITE_STATIC);
      sqlite3_bind_text (*cache, 3, how, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (*cache, 4, row_id);
      rc = sqlite3_step (*cache);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not undo the removal"));
      return FALSE;
    }
  return TRUE;
}

gboolean
wn_project_remove_record (WnProject   *self,
                          gint64       record_id,
                          const char  *note,
                          GError     **error)
{
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *now = _wn_now_iso8601 ();
  g_autofree char *clean = strdup_stripped (note);
  g_autoptr(WnStmt) insert = NULL;
  const char *what = _("could not remove the record");
  WnRemovalKind kind = WN_REMOVAL_OTHER;
  gint64 row_id = 0;
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (clean == NULL)
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID,
                   _("a record removed before screening needs a note saying why"));
      return FALSE;
    }
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  ok = require_unique_locked (self, record_id, _("its removal"), error) &&
       removal_in_force_locked (self, record_id, &row_id, &kind, error);
  if (ok && row_id != 0)
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_STATE,
                   kind == WN_REMOVAL_AUTOMATIC ? _("record %lld is already removed, by the automatic limits")
                                                : _("record %lld is already removed"),
                   (long long) record_id);
      ok = FALSE;
    }
  if (ok)
    ok = insert_removal_locked (self, record_id, WN_REMOVAL_OTHER, clean, now, &insert, error);
  if (ok)
    {
      wn_json_append_key (detail, "record");
      wn_json_append_int (detail, record_id);
      wn_json_append_key (detail, "kind");
      wn_json_append_string (detail, "other");
      wn_json_append_key (detail, "note");
      wn_json_append_string (detail, clean);
      g_string_append_c (detail, '}');
      ok = _wn_project_audit (self, "record.remove", detail->str, error);
    }
  return _wn_project_end_write (self, ok, what, error);
}

gboolean
wn_project_restore_record (WnProject   *self,
                           gint64       record_id,
                           const char  *note,
                           GError     **error)
{
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *now = _wn_now_iso8601 ();
  g_autofree char *clean = strdup_stripped (note);
  g_autoptr(WnStmt) update = NULL;
  const char *what = _("could not undo the removal");
  WnRemovalKind kind = WN_REMOVAL_OTHER;
  gint64 row_id = 0;
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  ok = require_unique_locked (self, record_id, _("its removal"), error) &&
       removal_in_force_locked (self, record_id, &row_id, &kind, error);
  if (ok && row_id == 0)
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_STATE, _("record %lld is not removed"),
                   (long long) record_id);
      ok = FALSE;
    }
  if (ok)
    ok = undo_removal_locked (self, row_id, "person", now, &update, error);
  if (ok)
    {
      wn_json_append_key (detail, "record");
      wn_json_append_int (detail, record_id);
      wn_json_append_key (detail, "kind");
      wn_json_append_string (detail, kind == WN_REMOVAL_AUTOMATIC ? "automatic" : "other");
      wn_json_append_key (detail, "note");
      wn_json_append_string (detail, clean);
      g_string_append_c (detail, '}');
      ok = _wn_project_audit (self, "record.restore", detail->str, error);
    }
  return _wn_project_end_write (self, ok, what, error);
}

GPtrArray *
wn_project_list_removals (WnProject  *self,
                          GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) removals = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_removal_free);
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT record_id, kind, note, at, actor FROM removed_records WHERE undone_at IS NULL"
                           " ORDER BY record_id",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnRemoval *removal = g_new0 (WnRemoval, 1);

      removal->record_id = sqlite3_column_int64 (stmt, 0);
      removal->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "automatic") == 0
                      ? WN_REMOVAL_AUTOMATIC : WN_REMOVAL_OTHER;
      removal->note = _wn_column_dup (stmt, 2);
      removal->at = _wn_column_dup (stmt, 3);
      removal->by = _wn_column_dup (stmt, 4);
      g_ptr_array_add (removals, removal);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the removed records"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&removals);
}

/* ------------------------------------------------------------------------ */
/* Automatic limits                                                          */

#define LIMITS_META_KEY "prisma.limits"

void
wn_limits_clear (WnLimits *limits)
{
  if (limits == NULL)
    return;
  g_clear_pointer (&limits->languages, g_strfreev);
  limits->year_from = limits->year_to = 0;
}

/* Languages as their ISO 639-2 (bibliographic) code, as PubMed writes
 * them: each row is the code and what else records and people write. */
static const char *const language_names[][8] = {
  { "eng", "en", "english", NULL },
  { "spa", "es", "spanish", "español", "espanol", "castellano", NULL },
  { "fre", "fr", "fra", "french", "français", "francais", NULL },
  { "ger", "de", "deu", "german", "deutsch", NULL },
  { "ita", "it", "italian", "italiano", NULL },
  { "por", "pt", "portuguese", "português", "portugues", NULL },
  { "dut", "nl", "nld", "dutch", "nederlands", NULL },
  { "chi", "zh", "zho", "chinese", "中文", NULL },
  { "jpn", "ja", "japanese", "日本語", NULL },
  { "kor", "ko", "korean", NULL },
  { "rus", "ru", "russian", "русский", NULL },
  { "ara", "ar", "arabic", NULL },
  { "tur", "tr", "turkish", "türkçe", NULL },
  { "pol", "pl", "polish", "polski", NULL },
  { "swe", "sv", "swedish", "svenska", NULL },
  { "dan", "da", "danish", "dansk", NULL },
  { "nor", "no", "nob", "nno", "norwegian", "norsk", NULL },
  { "fin", "fi", "finnish", "suomi", NULL },
  { "gre", "el", "ell", "greek", NULL },
  { "heb", "he", "hebrew", NULL },
  { "per", "fa", "fas", "persian", "farsi", NULL },
  { "cze", "cs", "ces", "czech", NULL },
  { "hun", "hu", "hungarian", NULL },
};

/* The language's code, or the text folded when it is not in the table. */
static char *
language_key (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *folded = g_utf8_casefold (stripped, -1);

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    for (guint j = 0; language_names[i][j] != NULL; j++)
      if (strcmp (folded, language_names[i][j]) == 0)
        return g_strdup (language_names[i][0]);
  return g_steal_pointer (&folded);
}

/* The languages a record names: its field may list several ("eng; spa",
 * "English, French", one per line). */
static GPtrArray *
record_languages (const char *text)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return keys;
  parts = g_strsplit_set (text, ";,/|\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (!is_blank (parts[i]))
      g_ptr_array_add (keys, language_key (parts[i]));
  return keys;
}

gboolean
wn_project_get_limits (WnProject  *self,
                       WnLimits   *limits,
                       GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonObject *object;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (limits != NULL, FALSE);

  memset (limits, 0, sizeof *limits);
  _wn_project_lock (self);
  text = _wn_project_get_meta (self, LIMITS_META_KEY);
  _wn_project_unlock (self);
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return TRUE;
  object = json_node_get_object (json_parser_get_root (parser));
  limits->year_from = (int) json_object_get_int_member_with_default (object, "year_from", 0);
  limits->year_to = (int) json_object_get_int_member_with_default (object, "year_to", 0);
  if (json_object_has_member (object, "languages") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "languages")))
    {
      JsonArray *array = json_object_get_array_member (object, "languages");
      GPtrArray *languages = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *language = json_node_get_string (json_array_get_element (array, i));

          if (language != NULL)
            g_ptr_array_add (languages, g_strdup (language));
        }
      g_ptr_array_add (languages, NULL);
      limits->languages = (char **) g_ptr_array_free (languages, FALSE);
    }
  return TRUE;
}

typedef struct
{
  gint64   record_id;
  gint64   row_id;    /* the removal in force, or 0 */
  gboolean automatic; /* its kind */
  gboolean exempt;    /* a person undid an automatic removal of it */
  char    *rule;      /* why it is outside the limits, or NULL */
} LimitsCandidate;

static void
limits_candidate_clear (LimitsCandidate *candidate)
{
  g_free (candidate->rule);
}

static gboolean
limits_are_set (const WnLimits *limits)
{
  return limits->year_from > 0 || limits->year_to > 0 || (limits->languages != NULL && limits->languages[0] != NULL);
}

gboolean
wn_project_apply_limits (WnProject       *self,
                         const WnLimits  *limits,
                         WnLimitsReport  *report,
                         GError         **error)
{
  g_autoptr(GPtrArray) languages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) stored = g_string_new ("{");
  g_autoptr(GString) detail = g_string_new ("{");
  g_autoptr(GString) years_text = g_string_new (NULL);
  g_autoptr(GString) languages_text = g_string_new (NULL);
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (LimitsCandidate));
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(WnStmt) insert = NULL;
  g_autoptr(WnStmt) update = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  const char *what = _("could not apply the limits");
  WnLimitsReport local = { 0 };
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (limits != NULL, FALSE);

  g_array_set_clear_func (candidates, (GDestroyNotify) limits_candidate_clear);
  if (limits->year_from < 0 || limits->year_to < 0 ||
      (limits->year_from > 0 && limits->year_to > 0 && limits->year_from > limits->year_to))
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID, _("the years %d–%d are not a range"),
                   limits->year_from, limits->year_to);
      return FALSE;
    }
  for (guint i = 0; limits->languages != NULL && limits->languages[i] != NULL; i++)
    {
      if (is_blank (limits->languages[i]))
        {
          g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID, _("an empty language in the limits"));
          return FALSE;
        }
      g_ptr_array_add (languages, language_key (limits->languages[i]));
    }

  /* What is stored, audited and written on each removal. */
  if (limits->year_from > 0 || limits->year_to > 0)
    {
      if (limits->year_from > 0 && limits->year_to > 0)
        g_string_printf (years_text, "%d–%d", limits->year_from, limits->year_to);
      else if (limits->year_from > 0)
        g_string_printf (years_text, _("%d or later"), limits->year_from);
      else
        g_string_printf (years_text, _("%d or earlier"), limits->year_to);
      wn_json_append_key (stored, "year_from");
      wn_json_append_int (stored, limits->year_from);
      wn_json_append_key (stored, "year_to");
      wn_json_append_int (stored, limits->year_to);
    }
  if (languages->len > 0)
    {
      wn_json_append_key (stored, "languages");
      g_string_append_c (stored, '[');
      for (guint i = 0; i < languages->len; i++)
        {
          if (i > 0)
            {
              g_string_append_c (stored, ',');
              g_string_append (languages_text, ", ");
            }
          wn_json_append_string (stored, languages->pdata[i]);
          g_string_append (languages_text, languages->pdata[i]);
        }
      g_string_append_c (stored, ']');
    }
  g_string_append_c (stored, '}');

  if (!_wn_project_begin_write (self, what, error))
    return FALSE;

  /* Read first, write after: the statement reads removed_records. */
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT r.id, r.year, r.language,"
                           "  (SELECT x.id FROM removed_records x WHERE x.record_id = r.id AND x.undone_at IS NULL),"
                           "  (SELECT x.kind FROM removed_records x WHERE x.record_id = r.id AND x.undone_at IS NULL),"
                           "  EXISTS (SELECT 1 FROM removed_records y WHERE y.record_id = r.id"
                           "   AND y.kind = 'automatic' AND y.undone_how = 'person')"
                           " FROM records r JOIN searches s ON s.id = r.search_id"
                           " WHERE r.duplicate_of IS NULL AND s.method IN ('database', 'register')"
                           " ORDER BY r.id",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimitsCandidate candidate = { 0 };
      int year = wn_normalise_year ((const char *) sqlite3_column_text (stmt, 1));
      g_autoptr(GPtrArray) own = record_languages ((const char *) sqlite3_column_text (stmt, 2));

      rc = SQLITE_OK;
      candidate.record_id = sqlite3_column_int64 (stmt, 0);
      candidate.row_id = sqlite3_column_int64 (stmt, 3);
      candidate.automatic = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "automatic") == 0;
      candidate.exempt = sqlite3_column_int (stmt, 5) != 0;
      /* A person's removal stands whatever the limits say. */
      if (candidate.row_id != 0 && !candidate.automatic)
        continue;

      if (years_text->len > 0 && year > 0 &&
          ((limits->year_from > 0 && year < limits->year_from) || (limits->year_to > 0 && year > limits->year_to)))
        /* Translators: 1: the record's year, 2: the limits' years, e.g. "2000–2025" */
        candidate.rule = g_strdup_printf (_("year %d is outside %s"), year, years_text->str);
      else if (languages->len > 0 && own->len > 0)
        {
          gboolean found = FALSE;

          for (guint i = 0; i < own->len && !found; i++)
            found = g_ptr_array_find_with_equal_func (languages, own->pdata[i], g_str_equal, NULL);
          if (!found)
            {
              g_autofree char *names = NULL;

              g_ptr_array_add (own, NULL);
              names = g_strjoinv (", ", (char **) own->pdata);
              g_ptr_array_remove_index (own, own->len - 1);
              /* Translators: 1: the record's languages, 2: the languages of the limits */
              candidate.rule = g_strdup_printf (_("language %s is not one of %s"), names, languages_text->str);
            }
        }
      if (candidate.rule == NULL)
        {
          if (years_text->len > 0 && year == 0)
            local.no_year++;
          if (languages->len > 0 && own->len == 0)
            local.no_language++;
        }
      g_array_append_val (candidates, candidate);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return _wn_project_end_write (self, FALSE, what, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; ok && i < candidates->len; i++)
    {
      LimitsCandidate *candidate = &g_array_index (candidates, LimitsCandidate, i);

      if (candidate->row_id != 0 && candidate->rule == NULL)
        {
          ok = undo_removal_locked (self, candidate->row_id, "limits", now, &update, error);
          local.restored++;
        }
      else if (candidate->row_id != 0)
        local.in_force++;
      else if (candidate->rule != NULL && candidate->exempt)
        local.exempt++;
      else if (candidate->rule != NULL)
        {
          ok = insert_removal_locked (self, candidate->record_id, WN_REMOVAL_AUTOMATIC, candidate->rule, now, &insert,
                                      error);
          local.removed++;
          local.in_force++;
        }
    }
  if (ok)
    ok = _wn_project_set_meta (self, LIMITS_META_KEY, limits_are_set (limits) ? stored->str : NULL, error);
  if (ok)
    {
      wn_json_append_key (detail, "limits");
      g_string_append (detail, stored->str);
      wn_json_append_key (detail, "removed");
      wn_json_append_int (detail, local.removed);
      wn_json_append_key (detail, "restored");
      wn_json_append_int (detail, local.restored);
      wn_json_append_key (detail, "in_force");
      wn_json_append_int (detail, local.in_force);
      wn_json_append_key (detail, "exempt");
      wn_json_append_int (detail, local.exempt);
      g_string_append_c (detail, '}');
      ok = _wn_project_audit (self, "limits.apply", detail->str, error);
    }
  if (!_wn_project_end_write (self, ok, what, error))
    return FALSE;
  if (report != NULL)
    *report = local;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Full-text retrieval                                                       */

void
wn_retrieval_free (WnRetrieval *retrieval)
{
  if (retrieval == NULL)
    return;
  g_free (retrieval->reason);
  g_free (retrieval->at);
  g_free (retrieval->by);
  g_free (retrieval);
}

gboolean
wn_project_set_retrieval (WnProject   *self,
                          gint64       record_id,
                          gboolean     retrieved,
                          const char  *reason,
                          GError     **error)
{
  g_autoptr(GString) detail = g_string_new ("{");
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autofree char *clean = strdup_stripped (reason);
  const char *what = _("could not record the retrieval status");
  const char *status = retrieved ? "retrieved" : "not_retrieved";
  gboolean ok;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!retrieved && clean == NULL)
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID,
                   _("a report not retrieved needs a reason, e.g. “not available from the library or the authors”"));
      return FALSE;
    }
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  ok = require_unique_locked (self, record_id, _("its retrieval status"), error);
  if (ok)
    {
      rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                               "INSERT INTO retrieval (record_id, status, reason, at, actor) VALUES (?, ?, ?, ?, ?)",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, record_id);
          sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
          if (clean != NULL)
            sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, wn_project_get_actor (self), -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
        }
      if (rc != SQLITE_DONE)
        {
          _wn_project_sql_error (self, error, rc, what);
          ok = FALSE;
        }
    }
  if (ok)
    {
      wn_json_append_key (detail, "record");
      wn_json_append_int (detail, record_id);
      wn_json_append_key (detail, "status");
      wn_json_append_string (detail, status);
      wn_json_append_key (detail, "reason");
      wn_json_append_string (detail, clean);
      g_string_append_c (detail, '}');
      ok = _wn_project_audit (self, "retrieval.set", detail->str, error);
    }
  return _wn_project_end_write (self, ok, what, error);
}

static WnRetrieval *
retrieval_from_row (sqlite3_stmt *stmt)
{
  WnRetrieval *retrieval = g_new0 (WnRetrieval, 1);

  retrieval->record_id = sqlite3_column_int64 (stmt, 0);
  retrieval->retrieved = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "retrieved") == 0;
  retrieval->reason = _wn_column_dup (stmt, 2);
  retrieval->at = _wn_column_dup (stmt, 3);
  retrieval->by = _wn_column_dup (stmt, 4);
  return retrieval;
}

WnRetrieval *
wn_project_get_retrieval (WnProject   *self,
                          gint64       record_id,
                          GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  WnRetrieval *retrieval = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT record_id, status, reason, at, actor FROM retrieval WHERE record_id = ?"
                           " ORDER BY id DESC LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    retrieval = retrieval_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, _("could not read the retrieval status"));
  _wn_project_unlock (self);
  return retrieval;
}

GHashTable *
wn_project_list_retrieval (WnProject  *self,
                           GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       (GDestroyNotify) wn_retrieval_free);
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT record_id, status, reason, at, actor FROM retrieval"
                           " WHERE id IN (SELECT max (id) FROM retrieval GROUP BY record_id)",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnRetrieval *retrieval = retrieval_from_row (stmt);

      g_hash_table_insert (table, &retrieval->record_id, retrieval);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the retrieval status"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&table);
}

/* ------------------------------------------------------------------------ */
/* Where each record stands in the flow                                      */

/* A record counts in a box: key is the data key of the line (e.g.
 * "duplicates"), name the list line's name (a database, a reason) or
 * NULL. */
typedef void (*MemberFunc) (gint64      record_id,
                            const char *box,
                            const char *key,
                            const char *name,
                            gpointer    user_data);

typedef struct
{
  gint64     record_id;
  char       adjudication_at[40];
  char      *adjudication_reason;
  GPtrArray *vote_reasons; /* the reasons of the exclude votes in force (NULL for none) */
} FtReasons;

static void
ft_reasons_free (FtReasons *reasons)
{
  g_free (reasons->adjudication_reason);
  g_ptr_array_unref (reasons->vote_reasons);
  g_free (reasons);
}

typedef struct
{
  GHashTable   *reason_rank; /* label → its place in the project's list, from 1 */
  GHashTable   *ta;          /* record id → WnTally */
  GHashTable   *ft;
  WnStageRules  ta_rules;
  WnStageRules  ft_rules;
  GHashTable   *ft_reasons;  /* record id → FtReasons */
} Classifier;

static void
classifier_clear (Classifier *c)
{
  g_clear_pointer (&c->reason_rank, g_hash_table_unref);
  g_clear_pointer (&c->ta, g_hash_table_unref);
  g_clear_pointer (&c->ft, g_hash_table_unref);
  g_clear_pointer (&c->ft_reasons, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Classifier, classifier_clear)

static int
reason_rank (const Classifier *c,
             const char       *reason)
{
  gpointer rank = g_hash_table_lookup (c->reason_rank, reason);

  return rank != NULL ? GPOINTER_TO_INT (rank) : G_MAXINT;
}

/* Orders reasons as the project's list does; reasons not in it after,
 * alphabetically. */
static int
compare_reasons (const Classifier *c,
                 const char       *a,
                 const char       *b)
{
  int rank_a = reason_rank (c, a);
  int rank_b = reason_rank (c, b);

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  return g_strcmp0 (a, b);
}

/* The one reason an excluded report counts under, so that the reasons
 * add up to the reports excluded (INV-S4 holds exactly): the
 * adjudicator's reason when the exclusion was adjudicated; else the reason
 * most of the exclude votes in force give, a tie going to the reason that
 * comes first in the project's list of reasons. The figure's legend says
 * so (one primary reason per excluded report). */
static const char *
primary_reason (const Classifier *c,
                gint64            record_id,
                gboolean          adjudicated)
{
  FtReasons *reasons = g_hash_table_lookup (c->ft_reasons, &record_id);
  const char *best = NULL;
  guint best_n = 0;

  if (reasons == NULL)
    return _("No reason given");
  if (adjudicated && reasons->adjudication_reason != NULL)
    return reasons->adjudication_reason;
  for (guint i = 0; i < reasons->vote_reasons->len; i++)
    {
      const char *reason = reasons->vote_reasons->pdata[i];
      guint n = 0;

      if (reason == NULL)
        continue;
      for (guint j = 0; j < reasons->vote_reasons->len; j++)
        n += g_strcmp0 (reasons->vote_reasons->pdata[j], reason) == 0;
      if (best == NULL || n > best_n || (n == best_n && compare_reasons (c, reason, best) < 0))
        {
          best = reason;
          best_n = n;
        }
    }
  if (best == NULL && reasons->adjudication_reason != NULL)
    best = reasons->adjudication_reason;
  return best != NULL ? best : _("No reason given");
}

static gboolean
classifier_init_locked (WnProject   *self,
                        Classifier  *c,
                        GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rank = 0;
  int rc;

  memset (c, 0, sizeof *c);
  c->reason_rank = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->ft_reasons = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) ft_reasons_free);
  if (!wn_project_get_rules (self, WN_STAGE_TA, &c->ta_rules, error) ||
      !wn_project_get_rules (self, WN_STAGE_FT, &c->ft_rules, error))
    return FALSE;
  c->ta = _wn_screening_tally_locked (self, WN_STAGE_TA, NULL, error);
  if (c->ta == NULL)
    return FALSE;
  c->ft = _wn_screening_tally_locked (self, WN_STAGE_FT, NULL, error);
  if (c->ft == NULL)
    return FALSE;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT label FROM reasons ORDER BY id", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_insert (c->reason_rank, _wn_column_dup (stmt, 0), GINT_TO_POINTER (++rank));
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the exclusion reasons"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The full-text exclusions' reasons, from the decisions in force. The
   * adjudication that counts is the latest one, as in _wn_tally_add(). */
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT record_id, kind, verdict, reason, made_at FROM decisions_in_force"
                           " WHERE stage = 'ft' AND record_id IS NOT NULL AND verdict != 'none'",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      const char *verdict = (const char *) sqlite3_column_text (stmt, 2);
      const char *made_at = (const char *) sqlite3_column_text (stmt, 4);
      FtReasons *reasons = g_hash_table_lookup (c->ft_reasons, &id);

      rc = SQLITE_OK;
      if (reasons == NULL)
        {
          reasons = g_new0 (FtReasons, 1);
          reasons->record_id = id;
          reasons->vote_reasons = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (c->ft_reasons, &reasons->record_id, reasons);
        }
      if (g_strcmp0 (kind, "adjudication") == 0)
        {
          if (reasons->adjudication_at[0] == '\0' || g_strcmp0 (made_at, reasons->adjudication_at) > 0)
            {
              g_free (reasons->adjudication_reason);
              reasons->adjudication_reason = g_strcmp0 (verdict, "exclude") == 0 ? _wn_column_dup (stmt, 3) : NULL;
              g_strlcpy (reasons->adjudication_at, made_at, sizeof reasons->adjudication_at);
            }
        }
      else if (g_strcmp0 (verdict, "exclude") == 0)
        g_ptr_array_add (reasons->vote_reasons, _wn_column_dup (stmt, 3));
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the decisions"));
      return FALSE;
    }
  return TRUE;
}

/* The name of a search's line in a list box: its database (or register,
 * or source), else its number (the first file's, for a search exported in
 * several files: one line, not one per file). */
static char *
search_line_name (sqlite3_stmt *stmt,
                  int           id_column,
                  int           name_column)
{
  if (is_blank ((const char *) sqlite3_column_text (stmt, name_column)))
    return g_strdup_printf (_("Search %lld"), (long long) sqlite3_column_int64 (stmt, id_column));
  return g_strstrip (_wn_column_dup (stmt, name_column));
}

/* One record's boxes, by the rules of _wn_screening_eligible_locked(). */
static void
classify_record (const Classifier *c,
                 gint64            id,
                 const char       *method,
                 const char       *line,
                 gboolean          duplicate,
                 const char       *removed,
                 gboolean          not_retrieved,
                 gboolean          screenable,
                 MemberFunc        func,
                 gpointer          user_data)
{
  gboolean dbr = wn_search_method_is_dbr (method);
  gboolean adjudicated;
  WnOutcome outcome;

  if (dbr)
    {
      func (id, "box2", g_strcmp0 (method, "register") == 0 ? "register_results" : "database_results", line, user_data);
      if (duplicate)
        {
          func (id, "box3", "duplicates", NULL, user_data);
          return;
        }
      if (removed != NULL)
        {
          func (id, "box3", g_strcmp0 (removed, "automatic") == 0 ? "excluded_automatic" : "excluded_other", NULL,
                user_data);
          return;
        }
      if (!screenable)
        return;
      func (id, "box4", "records_screened", NULL, user_data);
      outcome = _wn_tally_outcome (g_hash_table_lookup (c->ta, &id), &c->ta_rules, &adjudicated);
      if (outcome == WN_OUTCOME_EXCLUDED)
        func (id, "box5", "records_excluded", NULL, user_data);
      if (outcome != WN_OUTCOME_INCLUDED)
        return;
      func (id, "box6", "dbr_sought_reports", NULL, user_data);
      if (not_retrieved)
        {
          func (id, "box7", "dbr_notretrieved_reports", NULL, user_data);
          return;
        }
      func (id, "box8", "dbr_assessed", NULL, user_data);
    }
  else
    {
      /* The package has no line for "other" sources (PRISMA's "etc."):
       * they are counted with organisations, whose line is the closest
       * (experts and authors contacted, hand-searched proceedings). */
      func (id, "box11",
            g_strcmp0 (method, "website") == 0    ? "website_results"
            : g_strcmp0 (method, "citation") == 0 ? "citations_results"
                                                  : "organisation_results",
            line, user_data);
      if (duplicate || removed != NULL || !screenable)
        return;
      func (id, "box12", "other_sought_reports", NULL, user_data);
      if (not_retrieved)
        {
          func (id, "box13", "other_notretrieved_reports", NULL, user_data);
          return;
        }
      func (id, "box14", "other_assessed", NULL, user_data);
    }

  outcome = _wn_tally_outcome (g_hash_table_lookup (c->ft, &id), &c->ft_rules, &adjudicated);
  if (outcome == WN_OUTCOME_EXCLUDED)
    func (id, dbr ? "box9" : "box15", dbr ? "dbr_excluded" : "other_excluded", primary_reason (c, id, adjudicated),
          user_data);
  else if (outcome == WN_OUTCOME_INCLUDED)
    {
      /* Studies are linked to reports in issue #8; until then each
       * included report stands for one study. */
      func (id, "box10", "new_studies", NULL, user_data);
      func (id, "box10", "new_reports", NULL, user_data);
    }
}

/* Calls func for every record's boxes, in record id order, and sets
 * *other when the project has a search by other methods. One read
 * transaction, so that the counts are of one moment. */
static gboolean
classify (WnProject   *self,
          MemberFunc   func,
          gpointer     user_data,
          gboolean    *other,
          Classifier  *c,
          GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  sqlite3 *db;
  gboolean own_transaction;
  gboolean ok = FALSE;
  int rc;

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  own_transaction = sqlite3_get_autocommit (db) != 0;
  if (own_transaction && !_wn_project_exec (self, "BEGIN", _("could not read the project"), error))
    {
      _wn_project_unlock (self);
      return FALSE;
    }
  if (!classifier_init_locked (self, c, error))
    goto out;

  rc = sqlite3_prepare_v2 (db, "SELECT EXISTS (SELECT 1 FROM searches WHERE method NOT IN ('database', 'register'))",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the searches"));
      goto out;
    }
  *other = sqlite3_column_int (stmt, 0) != 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT r.id, coalesce (s.batch, s.id), s.method, s.database, r.duplicate_of IS NOT NULL,"
                           "  (SELECT x.kind FROM removed_records x WHERE x.record_id = r.id AND x.undone_at IS NULL),"
                           "  coalesce ((SELECT t.status FROM retrieval t WHERE t.record_id = r.id"
                           "   ORDER BY t.id DESC LIMIT 1), '') = 'not_retrieved',"
                           "  s.record_prefix IS NOT NULL"
                           " FROM records r JOIN searches s ON s.id = r.search_id ORDER BY r.id",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *line = search_line_name (stmt, 1, 3);

      classify_record (c, sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 2), line,
                       sqlite3_column_int (stmt, 4) != 0, (const char *) sqlite3_column_text (stmt, 5),
                       sqlite3_column_int (stmt, 6) != 0, sqlite3_column_int (stmt, 7) != 0, func, user_data);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the records"));
      goto out;
    }
  ok = TRUE;

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  _wn_project_unlock (self);
  return ok;
}

static void
count_member (gint64      record_id,
              const char *box,
              const char *key,
              const char *name,
              gpointer    user_data)
{
  WnPrismaFlow *flow = user_data;
  gint64 *count = count_field (flow, key);

  if (count != NULL)
    *count = MAX (*count, 0) + 1;
  if (strcmp (key, "database_results") == 0)
    wn_prisma_flow_add_count (flow->database_specific_results, name, 1);
  else if (strcmp (key, "register_results") == 0)
    wn_prisma_flow_add_count (flow->register_specific_results, name, 1);
  else if (strcmp (key, "dbr_excluded") == 0)
    wn_prisma_flow_add_count (flow->dbr_excluded, name, 1);
  else if (strcmp (key, "other_excluded") == 0)
    wn_prisma_flow_add_count (flow->other_excluded, name, 1);
}

static int
compare_counts_by_reason (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  const WnPrismaCount *count_a = *(WnPrismaCount * const *) a;
  const WnPrismaCount *count_b = *(WnPrismaCount * const *) b;

  return compare_reasons (user_data, count_a->name, count_b->name);
}

/* Every count from the project's data: records (identification and
 * title/abstract screening) by search method, duplicates, removals,
 * final title/abstract outcomes (adjudication included); reports (full
 * text) by retrieval status and final full-text outcome, each exclusion
 * under its primary reason (see primary_reason()). A new review: previous
 * and total counts are -1. Registers and databases are always shown (0
 * when none was searched); the other methods' arm only when a search by
 * other methods exists. */
WnPrismaFlow *
wn_project_prisma_flow (WnProject  *self,
                        GError    **error)
{
  g_autoptr(WnPrismaFlow) flow = wn_prisma_flow_new ();
  g_auto(Classifier) c = { 0 };
  gboolean other = FALSE;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  flow->database_results = flow->register_results = 0;
  flow->duplicates = flow->excluded_automatic = flow->excluded_other = 0;
  flow->records_screened = flow->records_excluded = 0;
  flow->dbr_sought_reports = flow->dbr_notretrieved_reports = flow->dbr_assessed = 0;
  flow->new_studies = flow->new_reports = 0;
  if (!classify (self, count_member, flow, &other, &c, error))
    return NULL;
  flow->other = other;
  flow->previous = FALSE;
  if (other)
    {
      flow->website_results = MAX (flow->website_results, 0);
      flow->organisation_results = MAX (flow->organisation_results, 0);
      flow->citations_results = MAX (flow->citations_results, 0);
      flow->other_sought_reports = MAX (flow->other_sought_reports, 0);
      flow->other_notretrieved_reports = MAX (flow->other_notretrieved_reports, 0);
      flow->other_assessed = MAX (flow->other_assessed, 0);
    }
  g_ptr_array_sort_with_data (flow->dbr_excluded, compare_counts_by_reason, &c);
  g_ptr_array_sort_with_data (flow->other_excluded, compare_counts_by_reason, &c);
  return g_steal_pointer (&flow);
}

/* ------------------------------------------------------------------------ */
/* Boxes and their records                                                   */

static const char *const box_ids[] = {
  "prevstud", "newstud", "othstud", "identification", "screening", "included",
  "box1", "box2", "box3", "box4", "box5", "box6", "box7", "box8", "box9", "box10", "box11", "box12", "box13",
  "box14", "box15", "box16", "box17",
};

typedef struct
{
  const char *box;
  const char *name;
  GArray     *ids;
} BoxQuery;

static void
collect_member (gint64      record_id,
                const char *box,
                const char *key,
                const char *name,
                gpointer    user_data)
{
  BoxQuery *query = user_data;

  if (strcmp (box, query->box) != 0)
    return;
  if (query->name != NULL && g_strcmp0 (query->name, key) != 0 && g_strcmp0 (query->name, name) != 0)
    return;
  /* A record can count twice in one box (box10: a study and a report). */
  if (query->ids->len > 0 && g_array_index (query->ids, gint64, query->ids->len - 1) == record_id)
    return;
  g_array_append_val (query->ids, record_id);
}

/* name selects a line: a data key ("duplicates", "excluded_other",
 * "website_results", "new_reports", …) or a list line's name (a database,
 * a register, a source, an exclusion reason). The previous review's,
 * totals and meta-analysis boxes, and the title and phase boxes, count no
 * records of this project. */
GArray *
wn_project_prisma_box_records (WnProject   *self,
                               const char  *box,
                               const char  *name,
                               GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(Classifier) c = { 0 };
  BoxQuery query = { box, name, ids };
  gboolean other = FALSE;
  gboolean known = FALSE;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  for (guint i = 0; box != NULL && i < G_N_ELEMENTS (box_ids); i++)
    known |= strcmp (box, box_ids[i]) == 0;
  if (!known)
    {
      g_set_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID, _("“%s” is not a box of the PRISMA diagram"),
                   box != NULL ? box : "");
      return NULL;
    }
  if (!g_str_has_prefix (box, "box") || g_str_equal (box, "box1") || g_str_equal (box, "box16") ||
      g_str_equal (box, "box17"))
    return g_steal_pointer (&ids);
  if (!classify (self, collect_member, &query, &other, &c, error))
    return NULL;
  return g_steal_pointer (&ids);
}
