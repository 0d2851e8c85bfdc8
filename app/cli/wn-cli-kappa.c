/* wn-cli-kappa.c — winnow-cli kappa: agreement statistics of a ratings file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `winnow-cli kappa FILE.csv [--categories A,B,…] [--json]` reads a table
 * of ratings: a header row of rater names, one column per rater, one row
 * per subject, an empty cell for a missing rating. Comma-separated with
 * RFC 4180 quoting, or tab-separated when the header has tabs; UTF-8, with
 * or without a byte-order mark. It prints the statistics of wn-agreement.h
 * (--json: one object, undefined values as null). Exit status: 0 success;
 * 1 the file was rejected (unreadable, not UTF-8, a ragged row, an unknown
 * category, fewer than two raters), with FILE:LINE: cause on stderr; 2
 * usage error.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wn-agreement.h"
#include "wn-cli-private.h"
#include "wn-json.h"

typedef struct
{
  GPtrArray *rows;  /* GPtrArray of char * cells, one per record */
  GArray    *lines; /* guint: the line each record starts on */
} Table;

static void
table_clear (Table *table)
{
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_clear_pointer (&table->lines, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Table, table_clear)

static void
reject (const char *path,
        guint       line,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

/* "winnow-cli: FILE:LINE: cause" (no line when it is 0). */
static void
reject (const char *path,
        guint       line,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_printerr ("winnow-cli: %s:%u: %s\n", path, line, message);
  else
    g_printerr ("winnow-cli: %s: %s\n", path, message);
}

static guint
line_of (const char *text,
         const char *at)
{
  guint line = 1;

  for (const char *p = text; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* RFC 4180: cells separated by the delimiter, records by CRLF or LF; a
 * quoted cell may hold delimiters, line breaks and doubled quotes. Blank
 * lines are skipped. */
static gboolean
parse_table (const char *path,
             const char *text,
             gsize       len,
             char        delimiter,
             Table      *table)
{
  const char *p = text;
  const char *end = text + len;
  guint line = 1;
  g_autoptr(GString) cell = g_string_new (NULL);

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  table->lines = g_array_new (FALSE, FALSE, sizeof (guint));

  while (p < end)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      guint start = line;

      for (;;)
        {
          g_string_truncate (cell, 0);
          if (*p == '"')
            {
              guint opened = line;

              for (p++;; p++)
                {
                  if (p >= end)
                    {
                      reject (path, opened, _("a quoted cell is not closed"));
                      return FALSE;
                    }
                  if (*p == '"')
                    {
                      if (p + 1 < end && p[1] == '"')
                        p++;
                      else
                        break;
                    }
                  if (*p == '\n')
                    line++;
                  g_string_append_c (cell, *p);
                }
              p++;
              while (p < end && (*p == ' ' || (*p == '\t' && delimiter != '\t')))
                p++;
              if (p < end && *p != delimiter && *p != '\r' && *p != '\n')
                {
                  reject (path, line, _("text follows the closing quote of a cell"));
                  return FALSE;
                }
            }
          else
            {
              while (p < end && *p != delimiter && *p != '\r' && *p != '\n')
                g_string_append_c (cell, *p++);
            }
          g_ptr_array_add (cells, g_strstrip (g_strdup (cell->str)));
          if (p < end && *p == delimiter)
            {
              p++;
              if (p < end)
                continue;
              /* A delimiter at the very end: one more, empty, cell. */
              g_ptr_array_add (cells, g_strdup (""));
            }
          break;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      line++;

      if (cells->len == 1 && *(const char *) g_ptr_array_index (cells, 0) == '\0')
        continue;
      g_ptr_array_add (table->rows, g_steal_pointer (&cells));
      g_array_append_val (table->lines, start);
    }
  return TRUE;
}

/* Reads and checks the file; on failure prints why and returns FALSE. */
static gboolean
read_table (const char *path,
            Table      *table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *text;
  const char *invalid = NULL;
  const char *newline;
  gsize len = 0;
  char delimiter;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      reject (path, 0, _("no such file"));
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      reject (path, 0, _("cannot be read: %s"), error->message);
      return FALSE;
    }
  text = contents;
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      len -= 3;
    }
  if (!g_utf8_validate (text, (gssize) len, &invalid))
    {
      reject (path, line_of (text, invalid), _("the file is not UTF-8 text"));
      return FALSE;
    }

  newline = memchr (text, '\n', len);
  delimiter = memchr (text, '\t', newline != NULL ? (gsize) (newline - text) : len) != NULL ? '\t' : ',';
  if (!parse_table (path, text, len, delimiter, table))
    return FALSE;
  if (table->rows->len == 0)
    {
      reject (path, 0, _("the file is empty; it needs a header row of rater names"));
      return FALSE;
    }
  return TRUE;
}

static char *
format_value (double value)
{
  if (!wn_agreement_is_defined (value))
    return g_strdup (_("undefined"));
  return g_strdup_printf ("%.4f", value);
}

static void
add_row (GPtrArray  *rows,
         const char *label,
         char       *value)
{
  g_ptr_array_add (rows, g_strdup (label));
  g_ptr_array_add (rows, value);
}

static void
add_value (GPtrArray  *rows,
           const char *label,
           double      value)
{
  add_row (rows, label, format_value (value));
}

static void
add_with_se (GPtrArray  *rows,
             const char *label,
             double      value,
             double      se)
{
  g_autofree char *v = format_value (value);
  g_autofree char *s = format_value (se);

  if (!wn_agreement_is_defined (value))
    add_row (rows, label, g_steal_pointer (&v));
  else
    /* TRANSLATORS: a statistic and its standard error, e.g. "0.4059 (SE 0.1302)" */
    add_row (rows, label, g_strdup_printf (_("%s (SE %s)"), v, s));
}

static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (names, i));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_human (const char             *path,
             const WnAgreementStats *stats,
             GPtrArray              *raters,
             GPtrArray              *categories)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rater_names = join_names (raters);
  g_autofree char *category_names = join_names (categories);
  glong width = 0;

  add_row (rows, _("File:"), g_strdup (path));
  add_row (rows, _("Raters:"), g_strdup_printf ("%u (%s)", raters->len, rater_names));
  add_row (rows, _("Categories:"), g_strdup_printf ("%u (%s)", categories->len, category_names));
  add_row (rows, _("Subjects rated:"), g_strdup_printf ("%.0f", stats->n_subjects));

  if (raters->len == 2)
    {
      g_autofree char *lower = format_value (stats->cohen_kappa_ci95_lower);
      g_autofree char *upper = format_value (stats->cohen_kappa_ci95_upper);

      add_row (rows, _("Subjects rated by both:"), g_strdup_printf ("%.0f", stats->n));
      add_value (rows, _("Percent agreement:"), stats->percent_agreement);
      add_value (rows, _("Cohen's kappa:"), stats->cohen_kappa);
      if (wn_agreement_is_defined (stats->cohen_kappa))
        {
          add_value (rows, _("  SE (large-sample):"), stats->cohen_kappa_se_fce);
          add_row (rows,
                   /* xgettext:no-c-format */
                   _("  95% CI:"),
                   /* TRANSLATORS: a confidence interval, "lower to upper" */
                   g_strdup_printf (_("%s to %s"), lower, upper));
          add_value (rows, _("  SE under H0:"), stats->cohen_kappa_se_null);
          add_value (rows, _("  z (H0: kappa = 0):"), stats->cohen_kappa_z);
        }
      add_value (rows, _("PABAK (Brennan–Prediger):"), stats->pabak);
      add_value (rows, _("Scott's pi:"), stats->scott_pi);
      add_with_se (rows, _("Gwet's AC1:"), stats->gwet_ac1, stats->gwet_ac1_se);
    }
  else
    {
      add_row (rows, _("Subjects rated at least twice:"), g_strdup_printf ("%.0f", stats->n));
      add_with_se (rows, _("Pairwise agreement:"), stats->percent_agreement_pairwise, stats->percent_agreement_se);
      add_value (rows, _("Unanimous agreement:"), stats->percent_agreement_unanimous);
      if (!wn_agreement_is_defined (stats->fleiss_kappa) && wn_agreement_is_defined (stats->fleiss_kappa_gwet_missing))
        add_row (rows, _("Fleiss' kappa:"), g_strdup (_("undefined (the subjects have different numbers of ratings)")));
      else
        add_value (rows, _("Fleiss' kappa:"), stats->fleiss_kappa);
      if (wn_agreement_is_defined (stats->fleiss_kappa))
        add_value (rows, _("  z (H0: kappa = 0):"), stats->fleiss_kappa_z);
      add_with_se (rows, _("Fleiss' kappa (Gwet, missing ratings):"), stats->fleiss_kappa_gwet_missing,
                   stats->fleiss_kappa_se_gwet);
      add_value (rows, _("Conger's kappa:"), stats->conger_kappa);
      add_with_se (rows, _("Gwet's AC1:"), stats->gwet_ac1, stats->gwet_ac1_se);
      add_with_se (rows, _("Brennan–Prediger:"), stats->brennan_prediger, stats->brennan_prediger_se);
    }
  add_value (rows, _("Krippendorff's alpha (nominal):"), stats->krippendorff_alpha_nominal);

  /* Pad by characters, not bytes. */
  for (guint i = 0; i < rows->len; i += 2)
    width = MAX (width, g_utf8_strlen (g_ptr_array_index (rows, i), -1));
  for (guint i = 0; i < rows->len; i += 2)
    {
      const char *label = g_ptr_array_index (rows, i);

      g_print ("%s%*s %s\n", label, (int) (width - g_utf8_strlen (label, -1)), "",
               (const char *) g_ptr_array_index (rows, i + 1));
    }
}

int
wn_cli_cmd_kappa (int    argc,
                  char **argv)
{
  g_autofree char *categories_option = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) declared = NULL;
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(WnRatings) ratings = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Table) table = { NULL, NULL };
  WnAgreementStats stats;
  GPtrArray *header;
  const char *path;
  int status = 0;
  GOptionEntry entries[] = {
    { "categories", 0, 0, G_OPTION_ARG_STRING, &categories_option,
      N_("The categories offered to the raters, in order, separated by commas (default: the labels found)"),
      N_("A,B,…") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("kappa", N_("FILE.csv"),
                                    /* xgettext:no-c-format */
                                    N_("Agreement between raters: Cohen's kappa with its standard errors and 95% CI, "
                                       "PABAK, Scott's pi and Gwet's AC1 for two raters; Fleiss' and Conger's kappa "
                                       "for more; Krippendorff's alpha for any number. The file has a header row of "
                                       "rater names, one column per rater and one row per subject; an empty cell is "
                                       "a missing rating. Undefined values (0/0) are shown as “undefined”."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("kappa takes exactly one ratings FILE"));
  path = argv[1];

  if (categories_option != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (categories_option, ",", -1);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      declared = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *name = g_strstrip (g_strdup (parts[i]));

          g_ptr_array_add (declared, name);
          if (*name == '\0')
            return wn_cli_usage_error (context, _("--categories has an empty category"));
          if (!g_hash_table_add (seen, name))
            return wn_cli_usage_error (context, _("--categories names “%s” twice"), name);
        }
      g_ptr_array_add (declared, NULL);
    }

  if (!read_table (path, &table))
    return WN_CLI_EXIT_REJECTED;
  header = g_ptr_array_index (table.rows, 0);
  if (header->len < 2)
    {
      reject (path, g_array_index (table.lines, guint, 0),
              _("the header has a single column; one column per rater is needed, at least two"));
      return WN_CLI_EXIT_REJECTED;
    }

  for (guint r = 1; r < table.rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (table.rows, r);
      guint line = g_array_index (table.lines, guint, r);

      if (row->len != header->len)
        {
          reject (path, line, _("the row has %u cells but the header has %u columns"), row->len, header->len);
          return WN_CLI_EXIT_REJECTED;
        }
      for (guint c = 0; c < row->len; c++)
        {
          const char *cell = g_ptr_array_index (row, c);

          if (*cell == '\0')
            {
              g_ptr_array_add (labels, NULL);
              continue;
            }
          if (declared != NULL && !g_strv_contains ((const char * const *) declared->pdata, cell))
            {
              reject (path, line, _("“%s” in column “%s” is not one of the categories given with --categories"),
                      cell, (const char *) g_ptr_array_index (header, c));
              return WN_CLI_EXIT_REJECTED;
            }
          g_ptr_array_add (labels, (gpointer) cell);
        }
    }

  ratings = wn_ratings_new_from_labels (table.rows->len - 1, header->len, (const char * const *) labels->pdata,
                                        declared != NULL ? (const char * const *) declared->pdata : NULL, &error);
  if (ratings == NULL)
    {
      reject (path, 0, "%s", error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  for (guint k = 0; k < wn_ratings_get_n_categories (ratings); k++)
    g_ptr_array_add (categories, (gpointer) wn_ratings_get_category (ratings, k));
  wn_agreement_compute (ratings, &stats);

  if (json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      wn_agreement_stats_to_json (&stats, out);
      g_string_truncate (out, out->len - 1); /* reopen the object */
      wn_json_append_key (out, "raters");
      wn_json_append_strv (out, header);
      wn_json_append_key (out, "categories");
      wn_json_append_strv (out, categories);
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    print_human (path, &stats, header, categories);
  return WN_CLI_EXIT_OK;
}
