/* wn-export.c — exporting a set of records with their screening decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two passes. The first lists the candidate records (ids only), asks the
 * screening store where each stands and keeps the members of the set with
 * their decisions in force; nothing is written yet, so an unknown label or
 * a store error leaves no trace. The second streams the members' full
 * records (fields and source text) in id order into a temporary file,
 * which replaces the path only once it is complete and on disk.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wn-export.h"

/* ------------------------------------------------------------------------ */
/* Names                                                                     */

void
wn_export_options_init (WnExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = WN_EXPORT_FORMAT_RIS;
  options->set = WN_EXPORT_SET_ALL;
  options->stage = WN_STAGE_TA;
}

const char *
wn_export_format_to_string (WnExportFormat format)
{
  switch (format)
    {
    case WN_EXPORT_FORMAT_RIS:
      return "ris";
    case WN_EXPORT_FORMAT_CSV:
      return "csv";
    case WN_EXPORT_FORMAT_ASREVIEW_CSV:
      return "asreview-csv";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
wn_export_format_from_string (const char     *text,
                              WnExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (int f = WN_EXPORT_FORMAT_RIS; f <= WN_EXPORT_FORMAT_ASREVIEW_CSV; f++)
    {
      if (g_ascii_strcasecmp (text, wn_export_format_to_string (f)) == 0)
        {
          *format = f;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
wn_export_set_from_string (const char  *text,
                           WnExportSet *set,
                           WnStage     *stage)
{
  static const struct
  {
    const char  *name;
    WnExportSet  set;
    WnStage      stage;
  } sets[] = {
    { "included-ta", WN_EXPORT_SET_INCLUDED, WN_STAGE_TA },
    { "included-ft", WN_EXPORT_SET_INCLUDED, WN_STAGE_FT },
    { "excluded-ta", WN_EXPORT_SET_EXCLUDED, WN_STAGE_TA },
    { "excluded-ft", WN_EXPORT_SET_EXCLUDED, WN_STAGE_FT },
    { "conflicts-ta", WN_EXPORT_SET_CONFLICTS, WN_STAGE_TA },
    { "conflicts-ft", WN_EXPORT_SET_CONFLICTS, WN_STAGE_FT },
  };

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (stage != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "all") == 0)
    {
      *set = WN_EXPORT_SET_ALL;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      if (g_ascii_strcasecmp (text, sets[i].name) == 0)
        {
          *set = sets[i].set;
          *stage = sets[i].stage;
          return TRUE;
        }
    }
  return FALSE;
}

/* The exported words for an outcome: a file format, so spelled out here
 * rather than borrowed from wn_outcome_to_string(). */
static const char *
outcome_word (WnOutcome outcome)
{
  switch (outcome)
    {
    case WN_OUTCOME_PARTIAL:
      return "partial";
    case WN_OUTCOME_INCLUDED:
      return "included";
    case WN_OUTCOME_EXCLUDED:
      return "excluded";
    case WN_OUTCOME_CONFLICT:
      return "conflict";
    case WN_OUTCOME_UNSCREENED:
    default:
      return "unscreened";
    }
}

static const char *
verdict_word (WnVerdict verdict)
{
  switch (verdict)
    {
    case WN_VERDICT_INCLUDE:
      return "include";
    case WN_VERDICT_EXCLUDE:
      return "exclude";
    case WN_VERDICT_MAYBE:
      return "maybe";
    case WN_VERDICT_NONE:
    default:
      return "";
    }
}

/* ------------------------------------------------------------------------ */
/* Writing a file atomically                                                 */

typedef struct
{
  char    *path;
  char    *tmp_path;
  int      fd;
  GString *buf;
} AtomicFile;

#define ATOMIC_FLUSH_SIZE (256 * 1024)

static void
set_file_error (GError    **error,
                int         saved_errno,
                const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), _("could not write “%s”: %s"), display,
               g_strerror (saved_errno));
}

static gboolean
atomic_open (AtomicFile  *file,
             const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  GStatBuf st;

  file->path = g_strdup (path);
  file->tmp_path = g_build_filename (dir, name, NULL);
  file->buf = g_string_sized_new (ATOMIC_FLUSH_SIZE + 64 * 1024);
  file->fd = g_mkstemp_full (file->tmp_path, O_WRONLY, 0666);
  if (file->fd < 0)
    {
      set_file_error (error, errno, path);
      g_clear_pointer (&file->tmp_path, g_free);
      return FALSE;
    }
  /* Replacing a file keeps its permissions; a new one gets the umask's. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    (void) fchmod (file->fd, st.st_mode & 07777);
  return TRUE;
}

static gboolean
atomic_flush (AtomicFile  *file,
              GError     **error)
{
  gsize done = 0;

  while (done < file->buf->len)
    {
      ssize_t n = write (file->fd, file->buf->str + done, file->buf->len - done);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_file_error (error, errno, file->path);
          return FALSE;
        }
      done += n;
    }
  g_string_truncate (file->buf, 0);
  return TRUE;
}

/* Flushes once enough has gathered; the writers append to file->buf. */
static gboolean
atomic_maybe_flush (AtomicFile  *file,
                    GError     **error)
{
  return file->buf->len < ATOMIC_FLUSH_SIZE || atomic_flush (file, error);
}

static void
atomic_abort (AtomicFile *file)
{
  if (file->fd >= 0)
    close (file->fd);
  file->fd = -1;
  if (file->tmp_path != NULL)
    g_unlink (file->tmp_path);
  g_clear_pointer (&file->tmp_path, g_free);
  g_clear_pointer (&file->path, g_free);
  if (file->buf != NULL)
    g_string_free (file->buf, TRUE);
  file->buf = NULL;
}

static gboolean
atomic_commit (AtomicFile  *file,
               GError     **error)
{
  g_autofree char *dir = NULL;
  int fd = file->fd;
  int dir_fd;

  if (!atomic_flush (file, error))
    return FALSE;
  if (fsync (fd) != 0)
    {
      set_file_error (error, errno, file->path);
      return FALSE;
    }
  file->fd = -1;
  if (close (fd) != 0)
    {
      set_file_error (error, errno, file->path);
      return FALSE;
    }
  if (g_rename (file->tmp_path, file->path) != 0)
    {
      set_file_error (error, errno, file->path);
      return FALSE;
    }
  g_clear_pointer (&file->tmp_path, g_free);

  /* The rename itself is durable once the folder is flushed; a failure
   * here leaves a complete file either way, so it is not an error. */
  dir = g_path_get_dirname (file->path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY);
  if (dir_fd >= 0)
    {
      (void) fsync (dir_fd);
      close (dir_fd);
    }
  atomic_abort (file);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Where each record stands                                                  */

typedef struct
{
  GPtrArray  *events;        /* (element-type WnDecision) everything, oldest first */
  GPtrArray  *votes;         /* borrowed from events: each person's vote in force */
  WnDecision *adjudication;  /* borrowed: the adjudication in force, or NULL */
  WnOutcome   outcome;
} StageInfo;

typedef struct
{
  gint64    id;
  gboolean  loaded;          /* decisions fetched */
  StageInfo stages[WN_N_STAGES];
} RecordInfo;

static void
record_info_free (RecordInfo *info)
{
  for (int s = 0; s < WN_N_STAGES; s++)
    {
      g_clear_pointer (&info->stages[s].votes, g_ptr_array_unref);
      g_clear_pointer (&info->stages[s].events, g_ptr_array_unref);
    }
  g_free (info);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RecordInfo, record_info_free)

typedef struct
{
  WnProject             *project;
  const WnExportOptions *options;
  GHashTable            *formats;        /* search id → its format (owned) */
  GHashTable            *person_index;   /* name → position + 1 among the columns */
  GPtrArray             *people;         /* (element-type utf8) vote columns, both stages */
  gboolean               label_seen;     /* some event, in force or not, gave the label */
  GArray                *ids;            /* the candidates, pass 1 */
  GHashTable            *members;        /* id → RecordInfo */
  GHashTable            *outcomes[WN_N_STAGES]; /* id → WnOutcome, records the stage screens */
  AtomicFile             file;
  gint64                 written;
  GError                *error;
} Export;

static gboolean
decision_is_later (const WnDecision *a,
                   const WnDecision *b)
{
  int c = g_strcmp0 (a->made_at, b->made_at);

  return c > 0 || (c == 0 && g_strcmp0 (a->uid, b->uid) > 0);
}

static void
add_person (Export     *export,
            const char *name)
{
  if (name == NULL || g_hash_table_contains (export->person_index, name))
    return;
  g_ptr_array_add (export->people, g_strdup (name));
  g_hash_table_insert (export->person_index, g_strdup (name), GUINT_TO_POINTER (export->people->len));
}

static int
compare_votes_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  Export *export = user_data;
  const WnDecision *da = *(WnDecision * const *) a;
  const WnDecision *db = *(WnDecision * const *) b;
  guint ia = GPOINTER_TO_UINT (g_hash_table_lookup (export->person_index, da->reviewer));
  guint ib = GPOINTER_TO_UINT (g_hash_table_lookup (export->person_index, db->reviewer));

  return ia < ib ? -1 : ia > ib;
}

static gboolean
strv_has (char       **strv,
          const char  *text)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, text);
}

/* Each person's latest event at the stage is in force (a "none" verdict
 * withdraws); the latest adjudication is in force over them all. Latest
 * means by time, then by event id, as the store orders them. */
static gboolean
load_stage (Export      *export,
            RecordInfo  *info,
            WnStage      stage,
            GError     **error)
{
  StageInfo *si = &info->stages[stage];
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  si->events = wn_project_list_decisions (export->project, info->id, stage, NULL, error);
  if (si->events == NULL)
    return FALSE;
  si->votes = g_ptr_array_new ();

  for (guint i = 0; i < si->events->len; i++)
    {
      WnDecision *d = g_ptr_array_index (si->events, i);

      if (export->options->label != NULL && strv_has (d->labels, export->options->label))
        export->label_seen = TRUE;
      if (d->reviewer == NULL)
        continue;
      if (d->adjudication)
        {
          if (si->adjudication == NULL || decision_is_later (d, si->adjudication))
            si->adjudication = d;
        }
      else
        {
          WnDecision *before = g_hash_table_lookup (latest, d->reviewer);

          if (before == NULL || decision_is_later (d, before))
            g_hash_table_insert (latest, d->reviewer, d);
        }
    }
  if (si->adjudication != NULL && si->adjudication->verdict == WN_VERDICT_NONE)
    si->adjudication = NULL;

  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      WnDecision *d = value;

      if (d->verdict == WN_VERDICT_NONE)
        continue;
      add_person (export, d->reviewer);
      g_ptr_array_add (si->votes, d);
    }
  g_ptr_array_sort_with_data (si->votes, compare_votes_cb, export);
  return TRUE;
}

static gboolean
load_decisions (Export      *export,
                RecordInfo  *info,
                GError     **error)
{
  if (info->loaded)
    return TRUE;
  for (int s = 0; s < WN_N_STAGES; s++)
    {
      if (!load_stage (export, info, s, error))
        return FALSE;
    }
  info->loaded = TRUE;
  return TRUE;
}

/* The store's outcomes for every record a stage screens, at once: one
 * query per stage rather than one per record. A record the stage does not
 * screen (a duplicate, or at full text one not included at title/abstract)
 * is unscreened there. */
static gboolean
load_outcomes (Export  *export,
               GError **error)
{
  for (int s = 0; s < WN_N_STAGES; s++)
    {
      g_autoptr(GArray) queue = wn_project_screening_queue (export->project, s, NULL, WN_QUEUE_ORDER_ID, 0, 0, error);

      if (queue == NULL)
        return FALSE;
      export->outcomes[s] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < queue->len; i++)
        {
          const WnScreeningState *state = &g_array_index (queue, WnScreeningState, i);

          g_hash_table_insert (export->outcomes[s], g_memdup2 (&state->record_id, sizeof state->record_id),
                               GINT_TO_POINTER (state->outcome));
        }
    }
  return TRUE;
}

static gboolean
has_label (const RecordInfo *info,
           const char       *label)
{
  for (int s = 0; s < WN_N_STAGES; s++)
    {
      const StageInfo *si = &info->stages[s];

      for (guint i = 0; i < si->votes->len; i++)
        {
          const WnDecision *d = g_ptr_array_index (si->votes, i);

          if (strv_has (d->labels, label))
            return TRUE;
        }
      if (si->adjudication != NULL && strv_has (si->adjudication->labels, label))
        return TRUE;
    }
  return FALSE;
}

static gboolean
in_set (const Export     *export,
        const RecordInfo *info)
{
  WnOutcome outcome = info->stages[export->options->stage].outcome;

  switch (export->options->set)
    {
    case WN_EXPORT_SET_INCLUDED:
      return outcome == WN_OUTCOME_INCLUDED;
    case WN_EXPORT_SET_EXCLUDED:
      return outcome == WN_OUTCOME_EXCLUDED;
    case WN_EXPORT_SET_CONFLICTS:
      return outcome == WN_OUTCOME_CONFLICT;
    case WN_EXPORT_SET_ALL:
    default:
      return TRUE;
    }
}

static gboolean
collect_id_cb (const WnRecordMeta *meta,
               const WnRecord     *record,
               gpointer            user_data)
{
  Export *export = user_data;

  g_array_append_val (export->ids, meta->id);
  return TRUE;
}

/* A label none of the search's records carries may still be the
 * project's: look at the other records' events (history too) before
 * calling it unknown. Only runs when the set came out empty that way. */
static gboolean
find_label_elsewhere (Export  *export,
                      GError **error)
{
  g_autoptr(GArray) candidates = g_steal_pointer (&export->ids);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < candidates->len; i++)
    g_hash_table_add (seen, &g_array_index (candidates, gint64, i));
  export->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!wn_project_foreach_record (export->project, 0, WN_RECORD_QUERY_DEFAULT, collect_id_cb, export, error))
    return FALSE;
  for (guint i = 0; i < export->ids->len && !export->label_seen; i++)
    {
      g_autoptr(RecordInfo) info = g_new0 (RecordInfo, 1);

      info->id = g_array_index (export->ids, gint64, i);
      if (!g_hash_table_contains (seen, &info->id) && !load_decisions (export, info, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
collect_members (Export  *export,
                 GError **error)
{
  const WnExportOptions *options = export->options;
  WnRecordQueryFlags flags = WN_RECORD_QUERY_DEFAULT;

  if (options->include_duplicates && options->set == WN_EXPORT_SET_ALL)
    flags |= WN_RECORD_QUERY_INCLUDE_DUPLICATES;
  if (!wn_project_foreach_record (export->project, options->search_id, flags, collect_id_cb, export, error) ||
      !load_outcomes (export, error))
    return FALSE;

  for (guint i = 0; i < export->ids->len; i++)
    {
      g_autoptr(RecordInfo) info = g_new0 (RecordInfo, 1);

      info->id = g_array_index (export->ids, gint64, i);
      /* The label filter first: it has to look at every candidate's
       * events anyway to tell an unknown label from an empty set. */
      if (options->label != NULL)
        {
          if (!load_decisions (export, info, error))
            return FALSE;
          if (!has_label (info, options->label))
            continue;
        }
      for (int s = 0; s < WN_N_STAGES; s++)
        info->stages[s].outcome = GPOINTER_TO_INT (g_hash_table_lookup (export->outcomes[s], &info->id));
      if (!in_set (export, info))
        continue;
      if (!load_decisions (export, info, error))
        return FALSE;
      g_hash_table_insert (export->members, &info->id, info);
      info = NULL;
    }

  if (options->label != NULL && !export->label_seen && options->search_id != 0 &&
      !find_label_elsewhere (export, error))
    return FALSE;
  if (options->label != NULL && !export->label_seen)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND, _("no decision gives the label “%s”"),
                   options->label);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* RIS                                                                       */

static const char *const ris_types[] = {
  "ABST", "ADVS", "AGGR", "ANCIENT", "ART", "BILL", "BLOG", "BOOK", "CASE", "CHAP", "CHART", "CLSWK", "COMP",
  "CONF", "CPAPER", "CTLG", "DATA", "DBASE", "DICT", "EBOOK", "ECHAP", "EDBOOK", "EJOUR", "ELEC", "ENCYC", "EQUA",
  "FIGURE", "GEN", "GOVDOC", "GRANT", "HEAR", "ICOMM", "INPR", "JFULL", "JOUR", "LEGAL", "MANSCPT", "MAP", "MGZN",
  "MPCT", "MULTI", "MUSIC", "NEWS", "PAMP", "PAT", "PCOMM", "RPRT", "SER", "SLIDE", "SOUND", "STAND", "STAT",
  "THES", "UNBILL", "UNPB", "VIDEO", "WEB", NULL,
};

/* A RIS type for a record from another format: its own type when that is
 * a RIS code, else a guess from the words other formats use ("Journal
 * Article", "Book Chapter", "Conference Paper", "Dissertation"…). */
static const char *
ris_type_for (const WnRecord *record)
{
  static const struct
  {
    const char *word;
    const char *type;
  } words[] = {
    { "chapter", "CHAP" },   { "book section", "CHAP" }, { "book", "BOOK" },    { "conference", "CONF" },
    { "proceeding", "CONF" }, { "meeting", "CONF" },     { "congress", "CONF" }, { "thesis", "THES" },
    { "dissertation", "THES" }, { "report", "RPRT" },    { "patent", "PAT" },    { "preprint", "UNPB" },
    { "newspaper", "NEWS" }, { "web", "WEB" },           { "journal", "JOUR" },  { "article", "JOUR" },
  };
  g_autofree char *lower = NULL;

  if (record->type != NULL && g_strv_contains (ris_types, record->type))
    return record->type;
  if (record->type != NULL)
    {
      lower = g_utf8_strdown (record->type, -1);
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        {
          if (strstr (lower, words[i].word) != NULL)
            return words[i].type;
        }
    }
  return record->journal != NULL ? "JOUR" : "GEN";
}

/* "TAG  - value" and CRLF. RIS has no continuation lines: every run of
 * line breaks in the value becomes one space. */
static void
ris_line (GString    *out,
          const char *tag,
          const char *value)
{
  gboolean in_break = FALSE;

  g_string_append (out, tag);
  g_string_append (out, "  - ");
  for (const char *p = value ? value : ""; *p; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          if (!in_break)
            g_string_append_c (out, ' ');
          in_break = TRUE;
          continue;
        }
      in_break = FALSE;
      g_string_append_c (out, *p);
    }
  g_string_append (out, "\r\n");
}

static void
ris_line_if (GString    *out,
             const char *tag,
             const char *value)
{
  if (value != NULL && *value != '\0')
    ris_line (out, tag, value);
}

static void
ris_mapped (GString        *out,
            const WnRecord *record)
{
  ris_line (out, "TY", ris_type_for (record));
  ris_line_if (out, "TI", record->title);
  for (guint i = 0; record->authors != NULL && i < record->authors->len; i++)
    ris_line_if (out, "AU", g_ptr_array_index (record->authors, i));
  ris_line_if (out, "PY", record->year);
  ris_line_if (out, "T2", record->journal);
  ris_line_if (out, "JO", record->journal);
  ris_line_if (out, "VL", record->volume);
  ris_line_if (out, "IS", record->issue);
  if (record->pages != NULL)
    {
      /* "123-130" or "123–130" (an en dash) */
      const char *dash = strchr (record->pages, '-');
      const char *en_dash = strstr (record->pages, "\xe2\x80\x93");
      gsize dash_len = 1;

      if (dash == NULL || (en_dash != NULL && en_dash < dash))
        {
          dash = en_dash;
          dash_len = 3;
        }
      if (dash != NULL && dash > record->pages)
        {
          g_autofree char *sp = g_strstrip (g_strndup (record->pages, dash - record->pages));
          g_autofree char *ep = g_strstrip (g_strdup (dash + dash_len));

          ris_line_if (out, "SP", sp);
          ris_line_if (out, "EP", ep);
        }
      else
        ris_line_if (out, "SP", record->pages);
    }
  ris_line_if (out, "DO", record->doi);
  ris_line_if (out, "AB", record->abstract);
  for (guint i = 0; record->keywords != NULL && i < record->keywords->len; i++)
    ris_line_if (out, "KW", g_ptr_array_index (record->keywords, i));
  ris_line_if (out, "LA", record->language);
  ris_line_if (out, "AN", record->source_id);
  ris_line_if (out, "DB", record->database);
}

/* Every tag of the source, in order, TY first; ER is written after the
 * decisions. Returns FALSE when the record has no TY to start with. */
static gboolean
ris_original (GString        *out,
              const WnRecord *record)
{
  const WnField *ty = NULL;

  for (guint i = 0; record->fields != NULL && i < record->fields->len && ty == NULL; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      if (g_strcmp0 (field->tag, "TY") == 0)
        ty = field;
    }
  if (ty == NULL)
    return FALSE;

  ris_line (out, "TY", ty->value);
  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      /* Another TY or an ER would split the record in two. */
      if (field == ty || g_strcmp0 (field->tag, "TY") == 0 || g_strcmp0 (field->tag, "ER") == 0)
        continue;
      ris_line (out, field->tag, field->value);
    }
  return TRUE;
}

static const char *
stage_word (WnStage stage)
{
  return stage == WN_STAGE_FT ? "FT" : "TA";
}

/* N1  - Winnow TA: conflict (alice: include; bob: exclude — Wrong population)
 * N1  - Winnow TA: included (alice: include; bob: exclude; adjudicated by carol: include — …)
 * N1  - Winnow TA note, bob: …
 * The full-text line only when something happened at full text. */
static void
ris_decisions (GString          *out,
               const RecordInfo *info)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (int s = 0; s < WN_N_STAGES; s++)
    {
      const StageInfo *si = &info->stages[s];
      g_autoptr(GString) line = g_string_new (NULL);
      gboolean any = si->votes->len > 0 || si->adjudication != NULL;

      if (s == WN_STAGE_FT && !any && si->outcome == WN_OUTCOME_UNSCREENED)
        continue;
      g_string_append_printf (line, "Winnow %s: %s", stage_word (s), outcome_word (si->outcome));
      if (any)
        g_string_append (line, " (");
      for (guint i = 0; i <= si->votes->len; i++)
        {
          const WnDecision *d = i < si->votes->len ? g_ptr_array_index (si->votes, i) : si->adjudication;

          if (d == NULL)
            continue;
          if (i > 0)
            g_string_append (line, "; ");
          if (d == si->adjudication)
            g_string_append (line, "adjudicated by ");
          g_string_append_printf (line, "%s: %s", d->reviewer, verdict_word (d->verdict));
          if (d->reason != NULL && *d->reason != '\0')
            g_string_append_printf (line, " — %s", d->reason);
          for (guint l = 0; d->labels != NULL && d->labels[l] != NULL; l++)
            {
              if (!g_ptr_array_find_with_equal_func (labels, d->labels[l], g_str_equal, NULL))
                g_ptr_array_add (labels, d->labels[l]);
            }
        }
      if (any)
        g_string_append_c (line, ')');
      ris_line (out, "N1", line->str);

      for (guint i = 0; i <= si->votes->len; i++)
        {
          const WnDecision *d = i < si->votes->len ? g_ptr_array_index (si->votes, i) : si->adjudication;
          g_autofree char *note = NULL;

          if (d == NULL || d->note == NULL || *d->note == '\0')
            continue;
          note = g_strdup_printf ("Winnow %s note, %s: %s", stage_word (s), d->reviewer, d->note);
          ris_line (out, "N1", note);
        }
    }
  if (labels->len > 0)
    {
      g_autoptr(GString) line = g_string_new ("Winnow labels: ");

      for (guint i = 0; i < labels->len; i++)
        g_string_append_printf (line, "%s%s", i > 0 ? "; " : "", (const char *) g_ptr_array_index (labels, i));
      ris_line (out, "N1", line->str);
    }
}

static void
write_ris (Export             *export,
           const WnRecordMeta *meta,
           const WnRecord     *record,
           const RecordInfo   *info)
{
  GString *out = export->file.buf;
  const char *format = g_hash_table_lookup (export->formats, &meta->search_id);

  if (g_strcmp0 (format, "ris") != 0 || !ris_original (out, record))
    ris_mapped (out, record);
  ris_decisions (out, info);
  ris_line (out, "ER", "");
  g_string_append (out, "\r\n");
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                       */

/* One cell, with its separator. OWASP's CSV injection rule: a cell that
 * starts with = + - @ tab or CR gets a leading apostrophe, so spreadsheets
 * show it as text. RFC 4180: quoted when it holds a comma, a quote or a
 * line break, quotes doubled. */
static void
csv_cell (GString    *out,
          gboolean   *first,
          const char *text)
{
  gboolean quote;

  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  if (text == NULL || *text == '\0')
    return;

  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (strchr ("=+-@\t\r", *text) != NULL)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
csv_end_row (GString *out)
{
  g_string_append (out, "\r\n");
}

static char *
join_list (GPtrArray  *items,
           const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, g_ptr_array_index (items, i));
    }
  return g_string_free (out, FALSE);
}

static void
write_csv_header (Export *export)
{
  GString *out = export->file.buf;
  static const char *const fixed[] = {
    "id", "source_id", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "database",
  };
  gboolean first = TRUE;

  g_string_append (out, "\xef\xbb\xbf");
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    csv_cell (out, &first, fixed[i]);
  for (int s = 0; s < WN_N_STAGES; s++)
    {
      const char *prefix = wn_stage_to_string (s);
      g_autofree char *final = g_strdup_printf ("%s_final", prefix);
      g_autofree char *reasons = g_strdup_printf ("%s_reasons", prefix);
      g_autofree char *notes = g_strdup_printf ("%s_notes", prefix);

      for (guint p = 0; p < export->people->len; p++)
        {
          g_autofree char *column = g_strdup_printf ("%s_%s", prefix, (const char *) g_ptr_array_index (export->people, p));

          csv_cell (out, &first, column);
        }
      csv_cell (out, &first, final);
      csv_cell (out, &first, reasons);
      csv_cell (out, &first, notes);
    }
  csv_cell (out, &first, "labels");
  csv_cell (out, &first, "abstract");
  csv_end_row (out);
}

/* "name: text" for each reason (or note) in force, " | "-joined. */
static char *
join_texts (const StageInfo *si,
            gboolean         notes)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i <= si->votes->len; i++)
    {
      const WnDecision *d = i < si->votes->len ? g_ptr_array_index (si->votes, i) : si->adjudication;
      const char *text;

      if (d == NULL)
        continue;
      text = notes ? d->note : d->reason;
      if (text == NULL || *text == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, " | ");
      g_string_append_printf (out, "%s: %s", d->reviewer, text);
    }
  return g_string_free (out, FALSE);
}

static void
write_csv (Export             *export,
           const WnRecordMeta *meta,
           const WnRecord     *record,
           const RecordInfo   *info)
{
  GString *out = export->file.buf;
  g_autofree char *authors = join_list (record->authors, "; ");
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *labels_text = NULL;
  char id[32];
  gboolean first = TRUE;

  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, meta->id);
  csv_cell (out, &first, id);
  csv_cell (out, &first, record->source_id);
  csv_cell (out, &first, record->title);
  csv_cell (out, &first, authors);
  csv_cell (out, &first, record->year);
  csv_cell (out, &first, record->journal);
  csv_cell (out, &first, record->volume);
  csv_cell (out, &first, record->issue);
  csv_cell (out, &first, record->pages);
  csv_cell (out, &first, record->doi);
  csv_cell (out, &first, record->pmid);
  csv_cell (out, &first, record->database);

  for (int s = 0; s < WN_N_STAGES; s++)
    {
      const StageInfo *si = &info->stages[s];
      g_autofree char *reasons = join_texts (si, FALSE);
      g_autofree char *notes = join_texts (si, TRUE);

      for (guint p = 0; p < export->people->len; p++)
        {
          const char *name = g_ptr_array_index (export->people, p);
          const char *vote = NULL;

          for (guint v = 0; v < si->votes->len && vote == NULL; v++)
            {
              const WnDecision *d = g_ptr_array_index (si->votes, v);

              if (g_str_equal (d->reviewer, name))
                vote = verdict_word (d->verdict);
            }
          csv_cell (out, &first, vote);
        }
      csv_cell (out, &first, outcome_word (si->outcome));
      csv_cell (out, &first, reasons);
      csv_cell (out, &first, notes);

      for (guint i = 0; i <= si->votes->len; i++)
        {
          const WnDecision *d = i < si->votes->len ? g_ptr_array_index (si->votes, i) : si->adjudication;

          for (guint l = 0; d != NULL && d->labels != NULL && d->labels[l] != NULL; l++)
            {
              if (!g_ptr_array_find_with_equal_func (labels, d->labels[l], g_str_equal, NULL))
                g_ptr_array_add (labels, d->labels[l]);
            }
        }
    }
  labels_text = join_list (labels, "; ");
  csv_cell (out, &first, labels_text);
  csv_cell (out, &first, record->abstract);
  csv_end_row (out);
}

static void
write_asreview_header (Export *export)
{
  static const char *const columns[] = {
    "record_id", "title", "abstract", "authors", "year", "doi", "keywords", "label_included",
  };
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    csv_cell (export->file.buf, &first, columns[i]);
  csv_end_row (export->file.buf);
}

/* 1, 0 or empty: see wn-export.h. */
static const char *
asreview_label (const Export     *export,
                const RecordInfo *info)
{
  WnOutcome ta = info->stages[WN_STAGE_TA].outcome;
  WnOutcome ft = info->stages[WN_STAGE_FT].outcome;

  if (export->options->stage == WN_STAGE_FT)
    {
      if (ft == WN_OUTCOME_INCLUDED)
        return "1";
      if (ft == WN_OUTCOME_EXCLUDED || ta == WN_OUTCOME_EXCLUDED)
        return "0";
      return NULL;
    }
  if (ta == WN_OUTCOME_INCLUDED)
    return "1";
  if (ta == WN_OUTCOME_EXCLUDED)
    return "0";
  return NULL;
}

static void
write_asreview (Export             *export,
                const WnRecordMeta *meta,
                const WnRecord     *record,
                const RecordInfo   *info)
{
  GString *out = export->file.buf;
  g_autofree char *authors = join_list (record->authors, "; ");
  g_autofree char *keywords = join_list (record->keywords, "; ");
  char id[32];
  gboolean first = TRUE;

  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, meta->id);
  csv_cell (out, &first, id);
  csv_cell (out, &first, record->title);
  csv_cell (out, &first, record->abstract);
  csv_cell (out, &first, authors);
  csv_cell (out, &first, record->year);
  csv_cell (out, &first, record->doi);
  csv_cell (out, &first, keywords);
  csv_cell (out, &first, asreview_label (export, info));
  csv_end_row (out);
}

/* ------------------------------------------------------------------------ */

static gboolean
write_record_cb (const WnRecordMeta *meta,
                 const WnRecord     *record,
                 gpointer            user_data)
{
  Export *export = user_data;
  const RecordInfo *info = g_hash_table_lookup (export->members, &meta->id);

  if (info == NULL)
    return TRUE;
  switch (export->options->format)
    {
    case WN_EXPORT_FORMAT_CSV:
      write_csv (export, meta, record, info);
      break;
    case WN_EXPORT_FORMAT_ASREVIEW_CSV:
      write_asreview (export, meta, record, info);
      break;
    case WN_EXPORT_FORMAT_RIS:
    default:
      write_ris (export, meta, record, info);
      break;
    }
  export->written++;
  return atomic_maybe_flush (&export->file, &export->error);
}

static gboolean
load_project_facts (Export  *export,
                    GError **error)
{
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GPtrArray) reviewers = NULL;
  gboolean search_found = export->options->search_id == 0;

  searches = wn_project_list_searches (export->project, error);
  if (searches == NULL)
    return FALSE;
  for (guint i = 0; i < searches->len; i++)
    {
      const WnSearch *search = g_ptr_array_index (searches, i);

      g_hash_table_insert (export->formats, g_memdup2 (&search->id, sizeof search->id), g_strdup (search->format));
      if (search->id == export->options->search_id)
        search_found = TRUE;
    }
  if (!search_found)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND, _("there is no search %" PRId64),
                   export->options->search_id);
      return FALSE;
    }

  /* Everyone in the project gets a vote column, in the order they were
   * added; anyone else who voted (a decision merged before its person)
   * is appended as found. */
  reviewers = wn_project_list_reviewers (export->project, error);
  if (reviewers == NULL)
    return FALSE;
  for (guint i = 0; i < reviewers->len; i++)
    add_person (export, ((const WnReviewer *) g_ptr_array_index (reviewers, i))->name);
  return TRUE;
}

gboolean
wn_project_export (WnProject              *self,
                   const WnExportOptions  *options,
                   const char             *path,
                   gint64                 *n_written,
                   GError                **error)
{
  Export export = { 0 };
  WnRecordQueryFlags flags = WN_RECORD_QUERY_WITH_SOURCE;
  gboolean ok = FALSE;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (options->stage == WN_STAGE_TA || options->stage == WN_STAGE_FT, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written != NULL)
    *n_written = 0;

  export.project = self;
  export.options = options;
  export.formats = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  export.person_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  export.people = g_ptr_array_new_with_free_func (g_free);
  export.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  export.members = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) record_info_free);
  export.file.fd = -1;

  if (!load_project_facts (&export, error) || !collect_members (&export, error))
    goto out;

  if (!atomic_open (&export.file, path, error))
    goto out;
  if (options->format == WN_EXPORT_FORMAT_CSV)
    write_csv_header (&export);
  else if (options->format == WN_EXPORT_FORMAT_ASREVIEW_CSV)
    write_asreview_header (&export);

  if (options->include_duplicates && options->set == WN_EXPORT_SET_ALL)
    flags |= WN_RECORD_QUERY_INCLUDE_DUPLICATES;
  if (g_hash_table_size (export.members) > 0 &&
      !wn_project_foreach_record (self, options->search_id, flags, write_record_cb, &export, error))
    goto out;
  if (export.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&export.error));
      goto out;
    }
  if (!atomic_commit (&export.file, error))
    goto out;

  if (n_written != NULL)
    *n_written = export.written;
  ok = TRUE;

out:
  atomic_abort (&export.file);
  g_clear_error (&export.error);
  g_hash_table_unref (export.members);
  for (int s = 0; s < WN_N_STAGES; s++)
    g_clear_pointer (&export.outcomes[s], g_hash_table_unref);
  g_array_unref (export.ids);
  g_ptr_array_unref (export.people);
  g_hash_table_unref (export.person_index);
  g_hash_table_unref (export.formats);
  return ok;
}

char *
wn_safe_file_name_part (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  const char *p = valid;
  guint n = 0;

  while (*p == '.' || *p == ' ')
    p++;
  for (; *p != '\0' && n < 80; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
          (c < 0x80 && strchr ("/\\<>:\"|?*", (int) c) != NULL))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    g_string_append_c (out, '_');
  return g_string_free (out, FALSE);
}
