/* wn-search-item.c — a search as the searches page shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-provenance.h"
#include "wn-search-item.h"

struct _WnSearchItem
{
  GObject   parent_instance;

  WnSearchBatch  *batch;
  const WnSearch *search;   /* its first file: the provenance */

  /* What the table shows, made once. */
  char     *label;
  char     *number_text;
  char     *database_text;
  char     *date_text;
  char     *query_text;
  char     *records_text;
  char     *hits_text;
  char     *format_text;
  char     *files_text;
  char     *file_name;
  char     *imported_when;
  char     *warning_text;
  char     *warning_description;
};

G_DEFINE_FINAL_TYPE (WnSearchItem, wn_search_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATABASE,
  PROP_PLATFORM,
  PROP_DATE_SEARCHED,
  PROP_QUERY,
  PROP_REPORTED_HITS,
  PROP_RECORD_COUNT,
  PROP_FILE_NAME,
  PROP_N_FILES,
  PROP_FILES_TEXT,
  PROP_FILE_SHA256,
  PROP_FORMAT,
  PROP_ENCODING,
  PROP_VENDOR,
  PROP_IMPORTED_AT,
  PROP_IMPORTED_BY,
  PROP_LABEL,
  PROP_NUMBER_TEXT,
  PROP_DATABASE_TEXT,
  PROP_DATE_TEXT,
  PROP_QUERY_TEXT,
  PROP_RECORDS_TEXT,
  PROP_HITS_TEXT,
  PROP_FORMAT_TEXT,
  PROP_IMPORTED_WHEN,
  PROP_HAS_WARNING,
  PROP_WARNING_TEXT,
  PROP_WARNING_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wn_search_item_finalize (GObject *object)
{
  WnSearchItem *self = (WnSearchItem *) object;

  g_clear_pointer (&self->batch, wn_search_batch_free);
  self->search = NULL;
  g_free (self->label);
  g_free (self->number_text);
  g_free (self->database_text);
  g_free (self->date_text);
  g_free (self->query_text);
  g_free (self->records_text);
  g_free (self->hits_text);
  g_free (self->format_text);
  g_free (self->files_text);
  g_free (self->file_name);
  g_free (self->imported_when);
  g_free (self->warning_text);
  g_free (self->warning_description);

  G_OBJECT_CLASS (wn_search_item_parent_class)->finalize (object);
}

static void
wn_search_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WnSearchItem *self = WN_SEARCH_ITEM (object);
  const WnSearch *search = self->search;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->batch->id);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, search->database);
      break;
    case PROP_PLATFORM:
      g_value_set_string (value, search->platform);
      break;
    case PROP_DATE_SEARCHED:
      g_value_set_string (value, search->date_searched);
      break;
    case PROP_QUERY:
      g_value_set_string (value, search->query);
      break;
    case PROP_REPORTED_HITS:
      g_value_set_int64 (value, search->reported_hits);
      break;
    case PROP_RECORD_COUNT:
      g_value_set_int64 (value, self->batch->record_count);
      break;
    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;
    case PROP_N_FILES:
      g_value_set_uint (value, self->batch->files->len);
      break;
    case PROP_FILES_TEXT:
      g_value_set_string (value, self->files_text);
      break;
    case PROP_FILE_SHA256:
      g_value_set_string (value, search->file_sha256);
      break;
    case PROP_FORMAT:
      g_value_set_string (value, search->format);
      break;
    case PROP_ENCODING:
      g_value_set_string (value, search->encoding);
      break;
    case PROP_VENDOR:
      g_value_set_string (value, search->vendor);
      break;
    case PROP_IMPORTED_AT:
      g_value_set_string (value, search->imported_at);
      break;
    case PROP_IMPORTED_BY:
      g_value_set_string (value, search->imported_by);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_NUMBER_TEXT:
      g_value_set_string (value, self->number_text);
      break;
    case PROP_DATABASE_TEXT:
      g_value_set_string (value, self->database_text);
      break;
    case PROP_DATE_TEXT:
      g_value_set_string (value, self->date_text);
      break;
    case PROP_QUERY_TEXT:
      g_value_set_string (value, self->query_text);
      break;
    case PROP_RECORDS_TEXT:
      g_value_set_string (value, self->records_text);
      break;
    case PROP_HITS_TEXT:
      g_value_set_string (value, self->hits_text);
      break;
    case PROP_FORMAT_TEXT:
      g_value_set_string (value, self->format_text);
      break;
    case PROP_IMPORTED_WHEN:
      g_value_set_string (value, self->imported_when);
      break;
    case PROP_HAS_WARNING:
      g_value_set_boolean (value, self->warning_text != NULL);
      break;
    case PROP_WARNING_TEXT:
      g_value_set_string (value, self->warning_text);
      break;
    case PROP_WARNING_DESCRIPTION:
      g_value_set_string (value, self->warning_description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
wn_search_item_class_init (WnSearchItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wn_search_item_finalize;
  object_class->get_property = wn_search_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] = string_property ("database");
  properties[PROP_PLATFORM] = string_property ("platform");
  properties[PROP_DATE_SEARCHED] = string_property ("date-searched");
  properties[PROP_QUERY] = string_property ("query");
  /* -1 when the database's count was not given. */
  properties[PROP_REPORTED_HITS] =
    g_param_spec_int64 ("reported-hits", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The records of all its files. */
  properties[PROP_RECORD_COUNT] =
    g_param_spec_int64 ("record-count", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The file's name; a search of several files: their names, in order. */
  properties[PROP_FILE_NAME] = string_property ("file-name");
  properties[PROP_N_FILES] =
    g_param_spec_uint ("n-files", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Every file on a line of its own, with its records, format and
   * encoding: the tooltip of the file column. */
  properties[PROP_FILES_TEXT] = string_property ("files-text");
  properties[PROP_FILE_SHA256] = string_property ("file-sha256");
  properties[PROP_FORMAT] = string_property ("format");
  properties[PROP_ENCODING] = string_property ("encoding");
  properties[PROP_VENDOR] = string_property ("vendor");
  properties[PROP_IMPORTED_AT] = string_property ("imported-at");
  properties[PROP_IMPORTED_BY] = string_property ("imported-by");

  /* What the table shows. */
  properties[PROP_LABEL] = string_property ("label");
  properties[PROP_NUMBER_TEXT] = string_property ("number-text");
  /* The database and date, or a dash when they were not given. */
  properties[PROP_DATABASE_TEXT] = string_property ("database-text");
  properties[PROP_DATE_TEXT] = string_property ("date-text");
  properties[PROP_QUERY_TEXT] = string_property ("query-text");
  properties[PROP_RECORDS_TEXT] = string_property ("records-text");
  properties[PROP_HITS_TEXT] = string_property ("hits-text");
  properties[PROP_FORMAT_TEXT] = string_property ("format-text");
  properties[PROP_IMPORTED_WHEN] = string_property ("imported-when");
  properties[PROP_HAS_WARNING] =
    g_param_spec_boolean ("has-warning", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* "34 fewer", "2 more": beside the hit count, with a warning icon. */
  properties[PROP_WARNING_TEXT] = string_property ("warning-text");
  /* The whole sentence, for the tooltip and the accessible description. */
  properties[PROP_WARNING_DESCRIPTION] = string_property ("warning-description");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wn_search_item_init (WnSearchItem *self)
{
}

/* "2026-10-02 14:03", in local time, from the stored ISO 8601 UTC. */
static char *
dup_local_time (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return NULL;

  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return g_strdup (iso8601);

  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* One line: queries are often pasted with their line breaks. */
static char *
dup_single_line (const char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "RIS · UTF-8" */
static char *
dup_format_text (const WnSearch *file)
{
  const char *format_name = wn_provenance_format_name (file->format);

  if (format_name != NULL && file->encoding != NULL)
    return g_strdup_printf ("%s · %s", format_name, file->encoding);
  return g_strdup (format_name != NULL ? format_name : file->encoding);
}

WnSearchItem *
wn_search_item_new (WnSearchBatch *batch)
{
  WnSearchItem *self;
  const WnSearch *search;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *first_format = NULL;
  gboolean same_format = TRUE;
  guint n_files;
  gint64 difference;

  g_return_val_if_fail (batch != NULL && batch->files != NULL && batch->files->len > 0, NULL);

  self = g_object_new (WN_TYPE_SEARCH_ITEM, NULL);
  self->batch = batch;
  self->search = search = wn_search_batch_get_search (batch);
  n_files = batch->files->len;

  if (search->database != NULL && search->date_searched != NULL)
    /* Translators: how a search is named in sentences: "Embase, 2026-10-01". */
    self->label = g_strdup_printf (C_("search label", "%s, %s"), search->database, search->date_searched);
  else if (search->database != NULL)
    self->label = g_strdup (search->database);
  else
    /* Translators: a search whose database was not named, by its file name. */
    self->label = g_strdup_printf (_("search of “%s”"), search->file_name != NULL ? search->file_name : "?");

  self->number_text = g_strdup_printf ("%" G_GINT64_FORMAT, batch->id);
  /* Translators: a search's database or date that was not given. */
  self->database_text = g_strdup (search->database != NULL ? search->database : C_("missing", "—"));
  self->date_text = g_strdup (search->date_searched != NULL ? search->date_searched : C_("missing", "—"));
  self->query_text = search->query != NULL ? dup_single_line (search->query) : g_strdup (C_("missing", "—"));
  self->records_text = g_strdup_printf ("%'" G_GINT64_FORMAT, batch->record_count);
  if (search->reported_hits >= 0)
    self->hits_text = g_strdup_printf ("%'" G_GINT64_FORMAT, search->reported_hits);
  else
    self->hits_text = g_strdup (C_("missing", "—"));

  /* Its files: names in order, and a line each for the tooltip. */
  for (guint i = 0; i < n_files; i++)
    {
      const WnSearch *file = g_ptr_array_index (batch->files, i);
      g_autofree char *format = dup_format_text (file);
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, file->record_count);
      const char *name = file->file_name != NULL ? file->file_name : "?";

      if (i == 0)
        first_format = g_strdup (format);
      else
        same_format = same_format && g_strcmp0 (first_format, format) == 0;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
      if (lines->len > 0)
        g_string_append_c (lines, '\n');
      if (format != NULL)
        /* Translators: one file of a search, in a tooltip: "embase-1.ris: 5,000 records (RIS · UTF-8)". */
        g_string_append_printf (lines, g_dngettext (GETTEXT_PACKAGE, "%s: %s record (%s)", "%s: %s records (%s)",
                                                    wn_provenance_plural_n (file->record_count)),
                                name, count, format);
      else
        /* Translators: one file of a search, in a tooltip: "embase-1.ris: 5,000 records". */
        g_string_append_printf (lines, g_dngettext (GETTEXT_PACKAGE, "%s: %s record", "%s: %s records",
                                                    wn_provenance_plural_n (file->record_count)),
                                name, count);
    }
  self->file_name = g_string_free (g_steal_pointer (&names), FALSE);
  self->files_text = n_files > 1 ? g_string_free (g_steal_pointer (&lines), FALSE) : g_strdup (self->file_name);

  if (n_files == 1)
    self->format_text = g_steal_pointer (&first_format);
  else if (same_format && first_format != NULL)
    /* Translators: a search exported in several files of one format: "2 files · RIS · UTF-8". */
    self->format_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file · %s", "%u files · %s", n_files),
                                         n_files, first_format);
  else
    /* Translators: a search exported in several files: "3 files". */
    self->format_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", n_files), n_files);

  self->imported_when = dup_local_time (search->imported_at);

  /* The hits against the records of every file, summed. */
  difference = wn_search_batch_get_hits_difference (batch);
  self->warning_description = wn_provenance_dup_hits_warning (search->reported_hits, batch->record_count);
  if (self->warning_description != NULL && difference != 0)
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, ABS (difference));
      gulong n = wn_provenance_plural_n (difference);

      if (difference < 0)
        /* Translators: records imported compared with the hits the
         * database reported: "34 fewer". */
        self->warning_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s fewer", "%s fewer", n), number);
      else
        /* Translators: "2 more" records imported than the database reported. */
        self->warning_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s more", "%s more", n), number);
    }

  return self;
}

const WnSearch *
wn_search_item_get_search (WnSearchItem *self)
{
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (self), NULL);

  return self->search;
}

const WnSearchBatch *
wn_search_item_get_batch (WnSearchItem *self)
{
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (self), NULL);

  return self->batch;
}

gint64
wn_search_item_get_id (WnSearchItem *self)
{
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (self), 0);

  return self->batch->id;
}

gboolean
wn_search_item_has_file (WnSearchItem *self,
                         gint64        search_id)
{
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (self), FALSE);

  for (guint i = 0; i < self->batch->files->len; i++)
    if (((const WnSearch *) g_ptr_array_index (self->batch->files, i))->id == search_id)
      return TRUE;
  return FALSE;
}

gint64
wn_search_item_get_record_count (WnSearchItem *self)
{
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (self), 0);

  return self->batch->record_count;
}

gboolean
wn_search_item_get_has_warning (WnSearchItem *self)
{
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (self), FALSE);

  return self->warning_text != NULL;
}

const char *
wn_search_item_get_label (WnSearchItem *self)
{
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (self), NULL);

  return self->label;
}
