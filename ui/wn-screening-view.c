/* wn-screening-view.c — the screening page: one record at a time, by keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reviewer makes thousands of decisions here, so the page is built for
 * speed: one record, large, with the lead's terms highlighted; the
 * eligibility criteria and the exclusion reasons beside it; three big
 * buttons below, each with its key.
 *
 * Pages: "loading", "identity" (the window's identity is not one of the
 * project's reviewers, or the reviewer asked to switch: the list of
 * reviewers to choose from) and "screen": a toolbar (stage, queue order,
 * calibration round, progress, the tools menu), the record with the side
 * panel, or "done" at the end of the queue, and the action bar.
 *
 * Keys (see page_keys; they work while the page is shown, wherever the
 * focus is, except in a text entry or a popover): I include, E exclude,
 * M maybe (title/abstract only), 1–9 choose an exclusion reason (then E;
 * after an E that needs a reason, the digit completes the exclusion), N
 * the note, U undo, ← ↑ previous and → ↓ next record, Escape cancels the
 * reason prompt; Alt+T and Alt+F choose the stage.
 *
 * Full text. At the Full Text stage the record's PDF (WnFulltextPane, with
 * WnPdfView) takes the place of the title and abstract, beside the side
 * panel with the criteria and the exclusion reasons; a record without a
 * PDF offers "Attach PDF…" and "Not Retrieved…" instead. The viewer keeps
 * its own keys while it has the focus (Page Up/Down, Home/End, Ctrl+F,
 * Ctrl+C, zoom); the page's single keys still work there.
 *
 * Blind: the page only ever has the reviewer's own votes
 * (wn_project_screening_queue returns nothing about other people's).
 *
 * Threads. Nothing here touches SQLite on the main thread. A snapshot
 * (reviewers, queue, counts, reasons, criteria, terms compiled into a
 * highlighter, rounds) is read in one GTask thread; records are read in
 * threads and kept in a small cache, the next ones fetched ahead so that
 * the next record shows at once. A decision updates the page at once (the
 * vote, the progress, the next undecided record) and is written in a
 * thread; the writes run one at a time, in order. Measured on a 5,000
 * record project (300 decisions, a VM's virtio disk): wn_project_decide()
 * alone takes 0.4 ms at the median, 0.7 ms at p90, 3 ms at worst; in the
 * running page the slowest write is 3–7 ms (test hook: scr_write_ms_max),
 * because it waits for the project's lock while a read holds it (the next
 * records, the conflicts and agreement pages catching up). Alone it would
 * fit the 5 ms budget; behind a read, on a disk whose fsync is real, it
 * would not, and the main thread would stall: so it runs in a thread. A
 * write that fails is reported and the snapshot is read again.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "wn-application.h"
#include "wn-accessibility.h"
#include "wn-fulltext-pane.h"
#include "wn-highlight.h"
#include "wn-preferences-window.h"
#include "wn-provenance.h"
#include "wn-rank.h"
#include "wn-screening-dialogs.h"
#include "wn-screening-record.h"
#include "wn-screening-view.h"
#include "wn-screening.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>  /* the latency probe's key timestamps */
#endif

#define PREFETCH_AHEAD 8
#define CACHE_MAX      48
/* The stage's counts (the conflicts in the progress line) are read again
 * once the writes have paused this long: at 100,000 records the read holds
 * the project for some 30 ms, and the next records' reads would wait
 * behind it. */
#define COUNTS_DELAY_MS 1000

typedef struct _LatencyProbe LatencyProbe;

typedef struct
{
  gint64    record_id;
  WnVerdict previous;
} UndoStep;

struct _WnScreeningView
{
  GtkWidget           parent_instance;

  /* Template children. */
  GtkStack           *stack;
  GtkSpinner         *loading_spinner;
  GtkLabel           *identity_label;
  GtkListBox         *identity_list;
  GtkDropDown        *order_dropdown;
  GtkDropDown        *round_dropdown;
  GtkStringList      *round_model;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkLabel           *relevance_label;
  GtkLabel           *who_label;
  GtkWidget          *tools_button;
  GtkStack           *content_stack;
  GtkPaned           *paned;
  GtkLabel           *position_label;
  GtkLabel           *vote_label;
  WnScreeningRecord  *record;
  GtkStack           *record_stack;
  WnFulltextPane     *fulltext_pane;
  GtkLabel           *criteria_version_label;
  GtkLabel           *criteria_label;
  GtkRevealer        *prompt_revealer;
  GtkLabel           *prompt_label;
  GtkListBox         *reasons_list;
  GtkLabel           *reasons_hint_label;
  GtkWidget          *legend_box;
  GtkLabel           *legend_include_label;
  GtkLabel           *legend_exclude_label;
  GtkImage           *done_icon;
  GtkLabel           *done_title_label;
  GtkLabel           *done_label;
  GtkWidget          *action_bar;
  GtkWidget          *previous_button;
  GtkWidget          *next_button;
  GtkWidget          *undo_button;
  GtkWidget          *include_button;
  GtkWidget          *exclude_button;
  GtkWidget          *maybe_button;
  GtkLabel           *exclude_label;
  GtkEntry           *note_entry;

  WnProject          *project;
  char               *identity;
  WnStage             stage;
  WnQueueOrder        order;
  gboolean            relevance;        /* most relevant first (the queue read in import order) */
  int                 round;
  gboolean            choosing_identity;
  gboolean            updating_rounds;

  /* The snapshot. */
  gboolean            loaded;
  gboolean            loading;
  GPtrArray          *reviewers;        /* WnReviewer */
  char               *role;             /* the identity's, NULL when not a reviewer */
  GArray             *queue;            /* WnScreeningState */
  WnStageCounts       counts;
  GPtrArray          *reasons;          /* WnReason, the active ones */
  char               *criteria;
  int                 criteria_version;
  WnHighlighter      *highlighter;
  char               *terms_error;
  GPtrArray          *rounds;           /* WnRound of the stage */
  gboolean            has_lead;
  char               *load_error;

  guint               position;         /* in queue; queue->len is the end */
  guint               n_mine;           /* queue entries with my vote */
  int                 reason_index;     /* -1 for none */
  gboolean            prompt;           /* an exclusion waits for its reason */
  gint64              follow_record_id; /* show this record after the next snapshot */

  GHashTable         *records;          /* gint64* → WnRecord */
  GHashTable         *fetching;         /* gint64* being read */

  GQueue             *changes;
  gboolean            change_running;
  GArray             *undo_stack;       /* UndoStep */
  gint64              write_us_max;
  gint64              n_writes;

  GCancellable       *load_cancellable;
  GCancellable       *record_cancellable;
  GCancellable       *change_cancellable;
  GCancellable       *counts_cancellable;
  guint               counts_source;
  GtkWindow          *dialog;
  gboolean            disposed;

  /* Most relevant first: the reviewer's own ranking, retrained in a
   * thread once each batch of decisions is written. */
  WnRanker           *ranker;           /* the identity's; keeps features and model warm */
  WnRankQueue        *rank;             /* the latest ranking */
  GHashTable         *rank_index;       /* gint64* record id → position in rank + 1 */
  GCancellable       *rank_cancellable;
  gboolean            rank_running;
  gboolean            rank_again;       /* decisions came while it ran */
  gboolean            rank_jump;        /* the next ranking may change the record shown */
  guint               n_ranked;         /* rankings applied, for the test hook */

  LatencyProbe       *probe;            /* NULL unless WINNOW_BENCH_LATENCY is set */
};

G_DEFINE_FINAL_TYPE (WnScreeningView, wn_screening_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STATE_CHANGED,
  IDENTITY_CHOSEN,
  DECISIONS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void probe_content                   (WnScreeningView *self);
static void fetch_around                    (WnScreeningView *self);
static void update_relevance                (WnScreeningView *self);
static void rank_start                      (WnScreeningView *self);
static void rank_apply                      (WnScreeningView *self,
                                             gboolean         with_current);
static void wn_screening_view_load          (WnScreeningView *self);
static void wn_screening_view_show_position (WnScreeningView *self);
static void wn_screening_view_update_actions (WnScreeningView *self);

static void
state_changed (WnScreeningView *self)
{
  if (self->disposed)
    return;
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

/* The seed of the random order: the same for a reviewer on every
 * computer (so the queue keeps its order), different between reviewers
 * (so no two see the records in the same order). FNV-1a. */
static guint64
identity_seed (const char *identity)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *) (identity != NULL ? identity : ""); *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }

  return hash;
}

/* "1,234": a count as the locale writes it. Main thread only; the last
 * four results stay valid. */
static const char *
format_count (gint64 n)
{
  static char buffers[4][32];
  static guint next;
  char *buffer = buffers[next++ % G_N_ELEMENTS (buffers)];

  g_snprintf (buffer, sizeof buffers[0], "%'" G_GINT64_FORMAT, n);
  return buffer;
}

static WnScreeningState *
current_state (WnScreeningView *self)
{
  if (self->queue == NULL || self->position >= self->queue->len)
    return NULL;

  return &g_array_index (self->queue, WnScreeningState, self->position);
}

static gboolean
is_member (WnScreeningView *self)
{
  return self->loaded && self->role != NULL;
}

static gboolean
is_lead (WnScreeningView *self)
{
  return is_member (self) && g_strcmp0 (self->role, "lead") == 0;
}

/* Whether the keyboard is typing text (or is in a popover), where the
 * page's letter keys must not act. */
static gboolean
focus_is_text (WnScreeningView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus;

  if (root == NULL)
    return FALSE;

  focus = gtk_root_get_focus (root);
  if (focus == NULL)
    return FALSE;

  return GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus) ||
         gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

/* Takes the keyboard out of the note (or anything else on the page): the
 * window then hands the keys to page_keys. */
static void
release_focus (WnScreeningView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL)
    gtk_root_set_focus (root, NULL);
}

/* ------------------------------------------------------------------------ */
/* The snapshot                                                              */

typedef struct
{
  /* Asked for. */
  char          *identity;
  WnStage        stage;
  WnQueueOrder   order;
  int            round;

  /* Read. */
  GPtrArray     *reviewers;
  char          *role;
  gboolean       has_lead;
  GArray        *queue;
  WnStageCounts  counts;
  GPtrArray     *reasons;
  char          *criteria;
  int            criteria_version;
  WnHighlighter *highlighter;
  char          *terms_error;
  GPtrArray     *rounds;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_free (snapshot->identity);
  g_clear_pointer (&snapshot->reviewers, g_ptr_array_unref);
  g_free (snapshot->role);
  g_clear_pointer (&snapshot->queue, g_array_unref);
  g_clear_pointer (&snapshot->reasons, g_ptr_array_unref);
  g_free (snapshot->criteria);
  g_clear_pointer (&snapshot->highlighter, wn_highlighter_unref);
  g_free (snapshot->terms_error);
  g_clear_pointer (&snapshot->rounds, g_ptr_array_unref);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static void
wn_screening_view_load_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  WnProject *project = g_object_get_data (G_OBJECT (task), "project");
  Snapshot *snapshot = task_data;
  g_autofree char *include_terms = NULL;
  g_autofree char *exclude_terms = NULL;
  g_autoptr(GError) terms_error = NULL;
  GError *error = NULL;

  snapshot->reviewers = wn_project_list_reviewers (project, &error);
  if (snapshot->reviewers == NULL)
    goto failed;

  for (guint i = 0; i < snapshot->reviewers->len; i++)
    {
      WnReviewer *reviewer = g_ptr_array_index (snapshot->reviewers, i);

      if (g_strcmp0 (reviewer->role, "lead") == 0)
        snapshot->has_lead = TRUE;
      if (snapshot->identity != NULL && g_strcmp0 (reviewer->name, snapshot->identity) == 0)
        snapshot->role = g_strdup (reviewer->role);
    }

  snapshot->rounds = wn_project_list_rounds (project, snapshot->stage, &error);
  if (snapshot->rounds == NULL)
    goto failed;

  /* A round of the other stage, or one that is gone: the whole stage. */
  if (snapshot->round != 0)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < snapshot->rounds->len; i++)
        found = found || ((WnRound *) g_ptr_array_index (snapshot->rounds, i))->number == snapshot->round;
      if (!found)
        snapshot->round = 0;
    }

  if (snapshot->role != NULL)
    {
      snapshot->queue = wn_project_screening_queue (project, snapshot->stage, snapshot->identity,
                                                    snapshot->order, identity_seed (snapshot->identity),
                                                    snapshot->round, &error);
      if (snapshot->queue == NULL)
        goto failed;
    }

  if (!wn_project_get_stage_counts (project, snapshot->stage, &snapshot->counts, &error))
    goto failed;

  snapshot->reasons = wn_project_list_reasons (project, FALSE, &error);
  if (snapshot->reasons == NULL)
    goto failed;

  snapshot->criteria = wn_project_get_criteria (project, 0, &snapshot->criteria_version, &error);
  if (error != NULL)
    goto failed;

  if (!wn_project_get_highlight_terms (project, &include_terms, &exclude_terms, &error))
    goto failed;

  /* A highlighter is immutable once built: compiled here, used there. A
   * term list the highlighter refuses shows no marks, and says why. */
  snapshot->highlighter = wn_highlighter_new (include_terms, exclude_terms, &terms_error);
  if (snapshot->highlighter == NULL)
    snapshot->terms_error = g_strdup (terms_error->message);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, error);
}

static GtkWidget *
create_identity_row (WnReviewer *reviewer,
                     gboolean    current)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name ("avatar-default-symbolic");
  GtkWidget *name = gtk_label_new (reviewer->name);
  GtkWidget *role = gtk_label_new (wn_role_display_name (reviewer->role));

  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);
  gtk_widget_add_css_class (role, "wn-role");
  gtk_box_append (GTK_BOX (box), role);
  if (current)
    {
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Current"),
                                      -1);
      gtk_box_append (GTK_BOX (box), check);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "name", g_strdup (reviewer->name), g_free);

  return row;
}

static void
rebuild_identity_list (WnScreeningView *self)
{
  GtkWidget *child;
  g_autofree char *message = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->identity_list))) != NULL)
    gtk_list_box_remove (self->identity_list, child);

  if (self->reviewers != NULL)
    for (guint i = 0; i < self->reviewers->len; i++)
      {
        WnReviewer *reviewer = g_ptr_array_index (self->reviewers, i);

        gtk_list_box_append (self->identity_list,
                             create_identity_row (reviewer, g_strcmp0 (reviewer->name, self->identity) == 0));
      }

  if (self->reviewers == NULL || self->reviewers->len == 0)
    message = g_strdup (_("This project has no reviewers yet. The lead adds the review team with Review Team… in the main menu; then each person chooses who they are here."));
  else if (self->role != NULL)
    /* Translators: %s is a person's name. */
    message = g_strdup_printf (_("You are screening as %s. Choose who you are; Winnow remembers it on this computer."),
                               self->identity);
  else if (self->identity != NULL)
    /* Translators: %s is a person's name (or login name). */
    message = g_strdup_printf (_("“%s” is not one of this review’s reviewers, and decisions are recorded by name. Choose who you are; Winnow remembers it on this computer."),
                               self->identity);
  else
    message = g_strdup (_("Decisions are recorded by name. Choose who you are; Winnow remembers it on this computer."));

  gtk_label_set_text (self->identity_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_list),
                          self->reviewers != NULL && self->reviewers->len > 0);
}

static void
rebuild_reasons (WnScreeningView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reasons_list))) != NULL)
    gtk_list_box_remove (self->reasons_list, child);

  for (guint i = 0; self->reasons != NULL && i < self->reasons->len; i++)
    {
      WnReason *reason = g_ptr_array_index (self->reasons, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *label = gtk_label_new (reason->label);

      if (i < 9)
        {
          g_autofree char *digit = g_strdup_printf ("%u", i + 1);
          GtkWidget *key = gtk_label_new (digit);

          gtk_widget_add_css_class (key, "wn-keycap");
          gtk_accessible_update_property (GTK_ACCESSIBLE (key),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, digit,
                                          -1);
          gtk_widget_set_valign (key, GTK_ALIGN_START);
          gtk_box_append (GTK_BOX (box), key);
        }
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      /* Rows are chosen with the digits or a click; the arrow keys move
       * between records. */
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (self->reasons_list, row);
    }

  if (self->reasons == NULL || self->reasons->len == 0)
    gtk_label_set_text (self->reasons_hint_label,
                        self->stage == WN_STAGE_FT
                        ? _("The project has no exclusion reasons, and an exclusion at full text needs one. The lead adds them under Lead Tools.")
                        : _("The project has no exclusion reasons yet. The lead adds them under Lead Tools."));
  else if (self->stage == WN_STAGE_FT)
    gtk_label_set_text (self->reasons_hint_label,
                        _("Press 1–9 to choose a reason, then E. At full text every exclusion needs a reason."));
  else
    gtk_label_set_text (self->reasons_hint_label,
                        _("Optional at title and abstract: press 1–9 to choose a reason, then E."));
}

static void
update_reason_selection (WnScreeningView *self)
{
  WnReason *reason = NULL;

  if (self->reason_index >= 0 && self->reasons != NULL && (guint) self->reason_index < self->reasons->len)
    reason = g_ptr_array_index (self->reasons, self->reason_index);
  else
    self->reason_index = -1;

  if (reason != NULL)
    {
      g_autofree char *text = NULL;

      gtk_list_box_select_row (self->reasons_list,
                               gtk_list_box_get_row_at_index (self->reasons_list, self->reason_index));
      /* Translators: the Exclude button's tooltip once a reason is chosen. */
      text = g_strdup_printf (_("Exclude the record because: %s (E)"), reason->label);
      gtk_label_set_text (self->exclude_label, reason->label);
      gtk_widget_set_visible (GTK_WIDGET (self->exclude_label), TRUE);
      gtk_widget_set_tooltip_text (self->exclude_button, text);
    }
  else
    {
      gtk_list_box_unselect_all (self->reasons_list);
      gtk_widget_set_visible (GTK_WIDGET (self->exclude_label), FALSE);
      gtk_widget_set_tooltip_text (self->exclude_button,
                                   _("The record does not meet the criteria: exclude it, with the reason chosen (E)"));
    }
}

static void
set_prompt (WnScreeningView *self,
            gboolean         prompt)
{
  self->prompt = prompt;
  if (prompt)
    gtk_label_set_text (self->prompt_label,
                        self->reasons != NULL && self->reasons->len > 0
                        ? _("An exclusion at full text needs a reason: press 1–9 (or click one). Escape cancels.")
                        : _("An exclusion at full text needs a reason, and the project has none yet. Ask the lead to add them."));
  gtk_revealer_set_reveal_child (self->prompt_revealer, prompt);
}

static void
rebuild_rounds (WnScreeningView *self)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->round_model));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_ptr_array_add (labels, g_strdup (_("All records")));
  for (guint i = 0; self->rounds != NULL && i < self->rounds->len; i++)
    {
      WnRound *round = g_ptr_array_index (self->rounds, i);

      /* Translators: a calibration round in the list of what to screen:
       * "Calibration round 2 (50 records)". */
      g_ptr_array_add (labels, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Calibration round %d (%s record)",
                                                             "Calibration round %d (%s records)",
                                                             wn_provenance_plural_n (round->size)),
                                                round->number,
                                                format_count (round->size)));
      if (round->number == self->round)
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);

  self->updating_rounds = TRUE;
  gtk_string_list_splice (self->round_model, 0, n_old, (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->round_dropdown, selected);
  self->updating_rounds = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->round_dropdown), self->rounds != NULL && self->rounds->len > 0);
}

static void
update_progress (WnScreeningView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *eligible = NULL;
  guint total = self->queue != NULL ? self->queue->len : 0;

  decided = g_strdup (format_count (self->n_mine));
  eligible = g_strdup (format_count (total));

  /* Translators: "12 of 300 decided by you · 4 in conflict". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s of %s decided by you · %s in conflict",
                                       "%s of %s decided by you · %s in conflict",
                                       wn_provenance_plural_n (total)),
                          decided, eligible, format_count (self->counts.conflicts));
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) self->n_mine / total : 0.0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress_bar), text);
}

static void
update_side_panel (WnScreeningView *self)
{
  g_autofree char *version = NULL;
  guint n_include = 0;
  guint n_exclude = 0;

  if (self->criteria != NULL && self->criteria[0] != '\0')
    {
      gtk_label_set_text (self->criteria_label, self->criteria);
      /* Translators: the version of the eligibility criteria, "v3". */
      version = g_strdup_printf (_("v%d"), self->criteria_version);
      gtk_label_set_text (self->criteria_version_label, version);
      gtk_widget_set_visible (GTK_WIDGET (self->criteria_version_label), TRUE);
      /* Translators: the tooltip of the criteria's version badge. */
      g_free (version);
      version = g_strdup_printf (_("Version %d of the eligibility criteria"), self->criteria_version);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->criteria_version_label), version);
    }
  else
    {
      gtk_label_set_text (self->criteria_label,
                          _("No eligibility criteria were written yet. The lead writes them under Lead Tools."));
      gtk_widget_set_visible (GTK_WIDGET (self->criteria_version_label), FALSE);
    }

  if (self->highlighter != NULL)
    {
      n_include = wn_highlighter_get_n_terms (self->highlighter, WN_HIGHLIGHT_INCLUDE);
      n_exclude = wn_highlighter_get_n_terms (self->highlighter, WN_HIGHLIGHT_EXCLUDE);
    }

  if (n_include + n_exclude > 0)
    {
      g_autofree char *include = NULL;
      g_autofree char *exclude = NULL;

      /* Translators: the legend of the highlighting: "4 include terms". */
      include = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u include term", "%u include terms", n_include),
                                 n_include);
      exclude = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u exclude term", "%u exclude terms", n_exclude),
                                 n_exclude);
      g_autoptr(PangoAttrList) include_attrs = NULL;
      g_autoptr(PangoAttrList) exclude_attrs = NULL;

      gtk_label_set_text (self->legend_include_label, include);
      gtk_label_set_text (self->legend_exclude_label, exclude);
      /* The legend looks like the marks, in the theme's colours. */
      include_attrs = wn_screening_record_dup_mark_attributes (self->record, WN_HIGHLIGHT_INCLUDE);
      exclude_attrs = wn_screening_record_dup_mark_attributes (self->record, WN_HIGHLIGHT_EXCLUDE);
      gtk_label_set_attributes (self->legend_include_label, include_attrs);
      gtk_label_set_attributes (self->legend_exclude_label, exclude_attrs);
      gtk_widget_set_visible (self->legend_box, TRUE);
      gtk_widget_set_tooltip_text (self->legend_box, NULL);
    }
  else if (self->terms_error != NULL)
    {
      gtk_label_set_text (self->legend_include_label, _("none: a term cannot be used"));
      gtk_label_set_attributes (self->legend_include_label, NULL);
      gtk_label_set_text (self->legend_exclude_label, "");
      gtk_label_set_attributes (self->legend_exclude_label, NULL);
      gtk_widget_set_visible (self->legend_box, TRUE);
      gtk_widget_set_tooltip_text (self->legend_box, self->terms_error);
    }
  else
    {
      gtk_widget_set_visible (self->legend_box, FALSE);
    }
}

static void
count_mine (WnScreeningView *self)
{
  self->n_mine = 0;
  for (guint i = 0; self->queue != NULL && i < self->queue->len; i++)
    if (g_array_index (self->queue, WnScreeningState, i).mine != WN_VERDICT_NONE)
      self->n_mine++;
}

/* The first record after from (wrapping round) without my vote; the end
 * of the queue when every record has one. */
static guint
next_undecided (WnScreeningView *self,
                guint            from)
{
  guint n = self->queue != NULL ? self->queue->len : 0;

  for (guint k = 0; k < n; k++)
    {
      guint i = (from + k) % n;

      if (g_array_index (self->queue, WnScreeningState, i).mine == WN_VERDICT_NONE)
        return i;
    }

  return n;
}

static guint
find_position (WnScreeningView *self,
               gint64           record_id)
{
  for (guint i = 0; self->queue != NULL && i < self->queue->len; i++)
    if (g_array_index (self->queue, WnScreeningState, i).record_id == record_id)
      return i;

  return G_MAXUINT;
}

static void
update_page (WnScreeningView *self)
{
  const char *page;

  if (self->project == NULL || !self->loaded || self->identity == NULL)
    page = "loading";
  else if (self->choosing_identity || self->role == NULL)
    page = "identity";
  else
    page = "screen";

  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    {
      gboolean had_focus = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                           gtk_widget_get_root (GTK_WIDGET (self)) != NULL &&
                           (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))) == NULL ||
                            gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))),
                                                    GTK_WIDGET (self)));

      gtk_stack_set_visible_child_name (self->stack, page);
      if (had_focus)
        gtk_widget_grab_focus (GTK_WIDGET (self));
    }
}

static void
wn_screening_view_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(WnScreeningView) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot = g_task_get_task_data (G_TASK (result));
  gint64 follow;
  guint position;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->loading = FALSE;
      g_clear_object (&self->load_cancellable);
      g_free (self->load_error);
      self->load_error = g_strdup (error->message);
      wn_show_error (GTK_WIDGET (self), _("Cannot Read the Screening Queue"), error->message);
      state_changed (self);
      return;
    }

  g_clear_object (&self->load_cancellable);
  self->loading = FALSE;
  g_clear_pointer (&self->load_error, g_free);

  /* The snapshot may answer an older question (an identity or a stage
   * that changed meanwhile was cancelled, so this is the newest). */
  self->loaded = TRUE;
  g_clear_pointer (&self->reviewers, g_ptr_array_unref);
  self->reviewers = g_steal_pointer (&snapshot->reviewers);
  g_free (self->role);
  self->role = g_steal_pointer (&snapshot->role);
  self->has_lead = snapshot->has_lead;
  g_clear_pointer (&self->queue, g_array_unref);
  self->queue = g_steal_pointer (&snapshot->queue);
  if (self->queue == NULL)
    self->queue = g_array_new (FALSE, FALSE, sizeof (WnScreeningState));
  self->counts = snapshot->counts;
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  self->reasons = g_steal_pointer (&snapshot->reasons);
  g_free (self->criteria);
  self->criteria = g_steal_pointer (&snapshot->criteria);
  self->criteria_version = snapshot->criteria_version;
  g_clear_pointer (&self->highlighter, wn_highlighter_unref);
  self->highlighter = g_steal_pointer (&snapshot->highlighter);
  g_free (self->terms_error);
  self->terms_error = g_steal_pointer (&snapshot->terms_error);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  self->rounds = g_steal_pointer (&snapshot->rounds);
  self->round = snapshot->round;

  count_mine (self);

  /* Stay on the record shown (a reload after a merge), else go to the
   * first one without my vote. */
  follow = self->follow_record_id;
  self->follow_record_id = 0;
  position = follow != 0 ? find_position (self, follow) : G_MAXUINT;
  if (position == G_MAXUINT)
    position = next_undecided (self, 0);
  self->position = position;
  /* Most relevant first: the ranking so far at once, a new one soon. */
  rank_apply (self, follow == 0);
  if (self->relevance)
    rank_start (self);

  if (self->reason_index >= 0 && (self->reasons == NULL || (guint) self->reason_index >= self->reasons->len))
    self->reason_index = -1;

  wn_screening_record_set_highlighter (self->record, self->highlighter);
  wn_fulltext_pane_set_highlighter (self->fulltext_pane, self->highlighter);
  rebuild_identity_list (self);
  rebuild_reasons (self);
  update_reason_selection (self);
  rebuild_rounds (self);
  update_side_panel (self);
  update_progress (self);
  update_relevance (self);
  update_page (self);
  wn_screening_view_show_position (self);
  wn_screening_view_update_actions (self);
  state_changed (self);
}

static void
wn_screening_view_load (WnScreeningView *self)
{
  g_autoptr(GTask) task = NULL;
  Snapshot *snapshot;

  g_assert (WN_IS_SCREENING_VIEW (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->project == NULL || self->identity == NULL)
    {
      update_page (self);
      return;
    }

  /* Keep the record shown when the queue comes back. */
  if (self->follow_record_id == 0 && current_state (self) != NULL)
    self->follow_record_id = current_state (self)->record_id;

  snapshot = g_new0 (Snapshot, 1);
  snapshot->identity = g_strdup (self->identity);
  snapshot->stage = self->stage;
  snapshot->order = self->order;
  snapshot->round = self->round;

  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->load_cancellable, wn_screening_view_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_screening_view_load);
  g_task_set_task_data (task, snapshot, (GDestroyNotify) snapshot_free);
  g_object_set_data_full (G_OBJECT (task), "project", g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, wn_screening_view_load_thread);

  update_page (self);
  state_changed (self);
}

/* Only the counts (conflicts change with my votes), once the writes are
 * done. */
static void
wn_screening_view_counts_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  WnProject *project = g_object_get_data (G_OBJECT (task), "project");
  WnStage stage = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "stage"));
  WnStageCounts *counts = g_new0 (WnStageCounts, 1);
  GError *error = NULL;

  if (!wn_project_get_stage_counts (project, stage, counts, &error))
    {
      g_free (counts);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, counts, g_free);
}

static void
wn_screening_view_counts_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(WnScreeningView) self = user_data;
  g_autofree WnStageCounts *counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->counts_cancellable);
  if (counts != NULL)
    {
      self->counts = *counts;
      update_progress (self);
    }
  state_changed (self);
}

static void
wn_screening_view_refresh_counts (WnScreeningView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->project == NULL)
    return;

  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  self->counts_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->counts_cancellable, wn_screening_view_counts_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_screening_view_refresh_counts);
  g_object_set_data_full (G_OBJECT (task), "project", g_object_ref (self->project), g_object_unref);
  g_object_set_data (G_OBJECT (task), "stage", GUINT_TO_POINTER (self->stage));
  g_task_run_in_thread (task, wn_screening_view_counts_thread);
}

static gboolean
wn_screening_view_counts_timeout_cb (gpointer user_data)
{
  WnScreeningView *self = user_data;

  self->counts_source = 0;
  wn_screening_view_refresh_counts (self);

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* Records: a small cache, read ahead                                        */

static void
wn_screening_view_fetch_thread (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  WnProject *project = g_object_get_data (G_OBJECT (task), "project");
  GArray *ids = task_data;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) wn_record_free);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GError) error = NULL;
      WnRecord *record;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      record = wn_project_get_record (project, id, NULL, &error);
      if (record == NULL)
        {
          /* An empty record stands for one that cannot be read; the
           * message goes in its title's place. */
          record = wn_record_new ();
          record->source_id = g_strdup (error->message);
          record->line_start = G_MAXUINT;
        }
      g_hash_table_insert (found, g_memdup2 (&id, sizeof id), record);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_hash_table_unref);
}

static void
show_record (WnScreeningView *self,
             gint64           id,
             const WnRecord  *record)
{
  if (record->line_start == G_MAXUINT)
    wn_screening_record_show_error (self->record, record->source_id);
  else
    wn_screening_record_show (self->record, id, record);
  wn_screening_record_scroll_to_top (self->record);
  probe_content (self);
}

static void
wn_screening_view_fetched_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(WnScreeningView) self = user_data;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_task_get_task_data (G_TASK (result));
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  WnScreeningState *state;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_remove (self->fetching, &g_array_index (ids, gint64, i));

  if (found == NULL)
    return;

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_replace (self->records, key, value);
    }

  state = current_state (self);
  if (state != NULL && wn_screening_record_get_record_id (self->record) == state->record_id &&
      wn_screening_record_get_title (self->record) == NULL)
    {
      WnRecord *record = g_hash_table_lookup (self->records, &state->record_id);

      if (record != NULL)
        {
          show_record (self, state->record_id, record);
          state_changed (self);
        }
    }
}

static void
want_record (WnScreeningView *self,
             GArray          *ids,
             gint64           id)
{
  if (id == 0 || g_hash_table_contains (self->records, &id) || g_hash_table_contains (self->fetching, &id))
    return;

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;

  g_array_append_val (ids, id);
}

/* Reads the record shown (first) and those likely next. */
static void
fetch_around (WnScreeningView *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GTask) task = NULL;
  WnScreeningState *state = current_state (self);
  guint n = self->queue != NULL ? self->queue->len : 0;
  guint next;

  if (self->project == NULL || n == 0)
    return;

  if (state != NULL)
    want_record (self, ids, state->record_id);

  /* After a decision: the next record without my vote. */
  next = next_undecided (self, self->position < n ? self->position + 1 : 0);
  if (next < n)
    want_record (self, ids, g_array_index (self->queue, WnScreeningState, next).record_id);
  for (guint k = 1; k <= PREFETCH_AHEAD && self->position + k < n; k++)
    want_record (self, ids, g_array_index (self->queue, WnScreeningState, self->position + k).record_id);
  if (self->position > 0 && self->position - 1 < n)
    want_record (self, ids, g_array_index (self->queue, WnScreeningState, self->position - 1).record_id);

  if (ids->len == 0)
    return;

  /* Keep the cache small: the records around this one stay. */
  if (g_hash_table_size (self->records) > CACHE_MAX)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->records);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint at = find_position (self, *(gint64 *) key);

          if (at == G_MAXUINT || at + 2 < self->position || at > self->position + PREFETCH_AHEAD + 2)
            g_hash_table_iter_remove (&iter);
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_hash_table_add (self->fetching, g_memdup2 (&id, sizeof id));
    }

  task = g_task_new (NULL, self->record_cancellable, wn_screening_view_fetched_cb, g_object_ref (self));
  g_task_set_source_tag (task, fetch_around);
  g_task_set_task_data (task, g_array_ref (ids), (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (task), "project", g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, wn_screening_view_fetch_thread);
}

static const char *
verdict_badge (WnVerdict verdict)
{
  switch (verdict)
    {
    case WN_VERDICT_INCLUDE:
      return _("You included this record");
    case WN_VERDICT_EXCLUDE:
      return _("You excluded this record");
    case WN_VERDICT_MAYBE:
      return _("You marked this record maybe");
    case WN_VERDICT_NONE:
    default:
      return NULL;
    }
}

static void
update_done_page (WnScreeningView *self)
{
  guint n = self->queue != NULL ? self->queue->len : 0;
  g_autofree char *text = NULL;

  if (n == 0)
    {
      gtk_image_set_from_icon_name (self->done_icon, "folder-documents-symbolic");
      gtk_label_set_text (self->done_title_label, _("Nothing to Screen Here"));
      if (self->round != 0)
        text = g_strdup (_("This calibration round has no records left to screen at this stage."));
      else if (self->stage == WN_STAGE_FT)
        text = g_strdup (_("No record has passed title and abstract screening yet. Records the reviewers include (or the adjudicator includes) come here for their full text."));
      else
        text = g_strdup (_("The project has no records to screen. Import the results of a search first (Ctrl+I)."));
    }
  else if (self->n_mine >= n)
    {
      gtk_image_set_from_icon_name (self->done_icon, "object-select-symbolic");
      gtk_label_set_text (self->done_title_label, _("All Screened"));
      /* Translators: %s is a number of records. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "You decided on the %s record here. Records the reviewers disagree on go to the adjudicator (Conflicts, Ctrl+5). Press ← to look back over your decisions.",
                                           "You decided on all %s records here. Records the reviewers disagree on go to the adjudicator (Conflicts, Ctrl+5). Press ← to look back over your decisions.",
                                           wn_provenance_plural_n (n)),
                              format_count (n));
    }
  else
    {
      guint left = n - self->n_mine;

      gtk_image_set_from_icon_name (self->done_icon, "go-last-symbolic");
      gtk_label_set_text (self->done_title_label, _("End of the Queue"));
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s record still waits for your decision. Press → to go to it.",
                                           "%s records still wait for your decision. Press → to go to the first of them.",
                                           wn_provenance_plural_n (left)),
                              format_count (left));
    }

  gtk_label_set_text (self->done_label, text);
}

/* At full text, the PDF of the record shown in place of its abstract. */
static void
sync_fulltext (WnScreeningView *self,
               gint64           record_id)
{
  gboolean ft = self->stage == WN_STAGE_FT;

  gtk_stack_set_visible_child_name (self->record_stack, ft ? "fulltext" : "abstract");
  if (!ft)
    record_id = 0;
  if (wn_fulltext_pane_get_record_id (self->fulltext_pane) != record_id)
    wn_fulltext_pane_show_record (self->fulltext_pane, record_id);
}

static void
wn_screening_view_show_position (WnScreeningView *self)
{
  WnScreeningState *state = current_state (self);
  guint n = self->queue != NULL ? self->queue->len : 0;
  const char *badge;

  update_relevance (self);

  if (state == NULL)
    {
      update_done_page (self);
      gtk_stack_set_visible_child_name (self->content_stack, "done");
      wn_screening_record_clear (self->record);
      sync_fulltext (self, 0);
      set_prompt (self, FALSE);
      wn_screening_view_update_actions (self);
      return;
    }

  {
    g_autofree char *position = g_strdup (format_count (self->position + 1));
    g_autofree char *text = NULL;

    /* Translators: "Record 12 of 300". */
    text = g_strdup_printf (_("Record %s of %s"), position, format_count (n));
    gtk_label_set_text (self->position_label, text);
  }

  badge = verdict_badge (state->mine);
  gtk_widget_set_visible (GTK_WIDGET (self->vote_label), badge != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->vote_label), "include");
  gtk_widget_remove_css_class (GTK_WIDGET (self->vote_label), "exclude");
  gtk_widget_remove_css_class (GTK_WIDGET (self->vote_label), "maybe");
  if (badge != NULL)
    {
      gtk_label_set_text (self->vote_label, badge);
      gtk_widget_add_css_class (GTK_WIDGET (self->vote_label), wn_verdict_to_string (state->mine));
    }

  gtk_stack_set_visible_child_name (self->content_stack, "record");

  if (wn_screening_record_get_record_id (self->record) != state->record_id ||
      wn_screening_record_get_title (self->record) == NULL)
    {
      WnRecord *record = g_hash_table_lookup (self->records, &state->record_id);

      if (record != NULL)
        show_record (self, state->record_id, record);
      else
        wn_screening_record_show_loading (self->record, state->record_id);
    }
  sync_fulltext (self, state->record_id);

  fetch_around (self);
  wn_screening_view_update_actions (self);
}

static void
go_to (WnScreeningView *self,
       guint            position)
{
  guint n = self->queue != NULL ? self->queue->len : 0;

  position = MIN (position, n);
  if (position != self->position)
    {
      self->position = position;
      set_prompt (self, FALSE);
    }
  wn_screening_view_show_position (self);
  state_changed (self);
}

/* ------------------------------------------------------------------------ */
/* Writing: one at a time, in order                                          */

typedef enum
{
  CHANGE_DECIDE,
  CHANGE_UNDO,
} ChangeKind;

typedef struct
{
  ChangeKind  kind;
  WnProject  *project;
  char       *identity;
  WnStage     stage;
  gint64      record_id;
  WnVerdict   verdict;
  char       *reason;
  char       *note;
  gint64      elapsed_us;
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->project);
  g_free (change->identity);
  g_free (change->reason);
  g_free (change->note);
  g_free (change);
}

static void
wn_screening_view_change_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  Change *change = task_data;
  WnDecision *decision;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (change->kind == CHANGE_UNDO)
    decision = wn_project_undo_decision (change->project, change->identity, change->stage,
                                         change->record_id, &error);
  else
    decision = wn_project_decide (change->project, change->identity, change->stage, change->record_id,
                                  change->verdict, change->reason, change->note, NULL, &error);

  change->elapsed_us = g_get_monotonic_time () - start;
  g_debug ("Screening: %s on record %" G_GINT64_FORMAT " took %.1f ms",
           change->kind == CHANGE_UNDO ? "undo" : "decision", change->record_id, change->elapsed_us / 1000.0);

  if (decision == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, decision, (GDestroyNotify) wn_decision_free);
}

static void wn_screening_view_next_change (WnScreeningView *self);

static void
wn_screening_view_change_done_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(WnScreeningView) self = user_data;
  g_autoptr(WnDecision) decision = NULL;
  g_autoptr(GError) error = NULL;
  Change *change = g_task_get_task_data (G_TASK (result));

  decision = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->change_running = FALSE;
  self->write_us_max = MAX (self->write_us_max, change->elapsed_us);
  self->n_writes++;

  if (decision == NULL)
    {
      /* What was shown ahead of the project is wrong now: drop the rest
       * and read the queue again. */
      g_queue_clear_full (self->changes, (GDestroyNotify) change_free);
      g_array_set_size (self->undo_stack, 0);
      self->follow_record_id = change->record_id;
      wn_show_error (GTK_WIDGET (self),
                     change->kind == CHANGE_UNDO ? _("Cannot Undo the Decision") : _("Cannot Record the Decision"),
                     error->message);
      wn_screening_view_load (self);
      wn_screening_view_update_actions (self);
      state_changed (self);
      return;
    }

  /* An undo puts back whatever the project had before: the event says
   * what, whatever the page guessed. */
  if (change->kind == CHANGE_UNDO && change->stage == self->stage)
    {
      guint at = find_position (self, change->record_id);

      if (at != G_MAXUINT)
        {
          WnScreeningState *state = &g_array_index (self->queue, WnScreeningState, at);

          if (state->mine != decision->verdict)
            {
              state->mine = decision->verdict;
              count_mine (self);
              update_progress (self);
              if (at == self->position)
                wn_screening_view_show_position (self);
            }
        }
    }

  wn_screening_view_next_change (self);
}

static void
wn_screening_view_next_change (WnScreeningView *self)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  if (self->change_running)
    return;

  change = g_queue_pop_head (self->changes);
  if (change == NULL)
    {
      /* Everything written: conflicts may have come or gone (read once
       * the reviewer pauses, see COUNTS_DELAY_MS). */
      g_clear_handle_id (&self->counts_source, g_source_remove);
      self->counts_source = g_timeout_add (COUNTS_DELAY_MS, wn_screening_view_counts_timeout_cb, self);
      /* A batch of decisions written: learn from it. */
      if (self->relevance)
        rank_start (self);
      g_signal_emit (self, signals[DECISIONS_CHANGED], 0);
      wn_screening_view_update_actions (self);
      state_changed (self);
      return;
    }

  self->change_running = TRUE;
  task = g_task_new (NULL, self->change_cancellable, wn_screening_view_change_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_screening_view_next_change);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  g_task_run_in_thread (task, wn_screening_view_change_thread);
}

static void
queue_change (WnScreeningView *self,
              Change          *change)
{
  g_queue_push_tail (self->changes, change);
  wn_screening_view_next_change (self);
  state_changed (self);
}

static const char *
chosen_reason (WnScreeningView *self)
{
  if (self->reason_index < 0 || self->reasons == NULL || (guint) self->reason_index >= self->reasons->len)
    return NULL;

  return ((WnReason *) g_ptr_array_index (self->reasons, self->reason_index))->label;
}

static void
decide (WnScreeningView *self,
        WnVerdict        verdict)
{
  WnScreeningState *state = current_state (self);
  g_autofree char *note = NULL;
  const char *reason = NULL;
  UndoStep step;
  Change *change;

  if (state == NULL || !is_member (self) || self->project == NULL)
    return;
  if (verdict == WN_VERDICT_MAYBE && self->stage == WN_STAGE_FT)
    return;

  if (verdict == WN_VERDICT_EXCLUDE)
    {
      reason = chosen_reason (self);
      /* Never fail silently: ask for the reason, and finish the exclusion
       * when it is given. */
      if (reason == NULL && self->stage == WN_STAGE_FT)
        {
          set_prompt (self, TRUE);
          state_changed (self);
          return;
        }
    }

  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));

  change = g_new0 (Change, 1);
  change->kind = CHANGE_DECIDE;
  change->project = g_object_ref (self->project);
  change->identity = g_strdup (self->identity);
  change->stage = self->stage;
  change->record_id = state->record_id;
  change->verdict = verdict;
  change->reason = g_strdup (reason);
  change->note = note[0] != '\0' ? g_strdup (note) : NULL;

  step.record_id = state->record_id;
  step.previous = state->mine;
  g_array_append_val (self->undo_stack, step);

  /* The page moves on at once; the write follows in a thread. */
  if (state->mine == WN_VERDICT_NONE)
    self->n_mine++;
  state->mine = verdict;
  self->reason_index = -1;
  update_reason_selection (self);
  set_prompt (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  if (focus_is_text (self))
    release_focus (self);

  update_progress (self);
  queue_change (self, change);
  go_to (self, next_undecided (self, self->position + 1));
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                   */

static void
wn_screening_view_update_actions (WnScreeningView *self)
{
  gboolean member = is_member (self) && !self->choosing_identity;
  gboolean has_record = member && current_state (self) != NULL;
  guint n = self->queue != NULL ? self->queue->len : 0;
  gboolean lead_tools = member && (is_lead (self) || !self->has_lead);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.include", has_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.exclude", has_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.maybe", has_record && self->stage == WN_STAGE_TA);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.reason", has_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.note", has_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.undo", member && self->undo_stack->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.previous", member && self->position > 0 && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.next",
                                 member && (self->position + 1 < n ||
                                            (self->position + 1 == n) ||
                                            (self->position >= n && self->n_mine < n)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.change-identity",
                                 self->loaded && self->reviewers != NULL && self->reviewers->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.edit-criteria", lead_tools && self->dialog == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.edit-terms", lead_tools && self->dialog == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.edit-reasons", lead_tools && self->dialog == NULL);
  /* The store lets only the lead draw a round. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.new-round", is_lead (self) && self->dialog == NULL);

  gtk_widget_set_visible (self->maybe_button, self->stage == WN_STAGE_TA);
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_entry), has_record);

  if (self->identity != NULL && self->role != NULL)
    {
      g_autofree char *who = NULL;

      /* Translators: %s is the reviewer's name. */
      who = g_strdup_printf (_("Screening as %s"), self->identity);
      gtk_label_set_text (self->who_label, who);
    }
}

static void
wn_screening_view_include_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  decide (WN_SCREENING_VIEW (widget), WN_VERDICT_INCLUDE);
}

static void
wn_screening_view_exclude_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  decide (WN_SCREENING_VIEW (widget), WN_VERDICT_EXCLUDE);
}

static void
wn_screening_view_maybe_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  decide (WN_SCREENING_VIEW (widget), WN_VERDICT_MAYBE);
}

static void
choose_reason (WnScreeningView *self,
               int              index)
{
  if (self->reasons == NULL || index < 0 || (guint) index >= self->reasons->len)
    return;

  /* The same digit again puts the reason down. */
  self->reason_index = self->reason_index == index && !self->prompt ? -1 : index;
  update_reason_selection (self);

  if (self->prompt && self->reason_index >= 0)
    decide (self, WN_VERDICT_EXCLUDE);
  else
    state_changed (self);
}

static void
wn_screening_view_reason_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  choose_reason (WN_SCREENING_VIEW (widget), g_variant_get_int32 (parameter) - 1);
}

static void
wn_screening_view_reason_activated_cb (WnScreeningView *self,
                                       GtkListBoxRow   *row,
                                       GtkListBox      *list)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->disposed)
    return;

  /* A click on the chosen reason puts it down, as its digit does. */
  choose_reason (self, index);
  update_reason_selection (self);
}

static void
wn_screening_view_note_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

static void
wn_screening_view_note_activate_cb (WnScreeningView *self,
                                    GtkEntry        *entry)
{
  /* Enter keeps the note for the next decision and gives the keys back. */
  release_focus (self);
  state_changed (self);
}

static gboolean
wn_screening_view_note_key_cb (WnScreeningView       *self,
                               guint                  keyval,
                               guint                  keycode,
                               GdkModifierType        state,
                               GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Escape)
    {
      release_focus (self);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
wn_screening_view_undo_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);
  UndoStep step;
  Change *change;
  guint at;

  if (self->undo_stack->len == 0 || self->project == NULL || !is_member (self))
    return;

  step = g_array_index (self->undo_stack, UndoStep, self->undo_stack->len - 1);
  g_array_set_size (self->undo_stack, self->undo_stack->len - 1);

  change = g_new0 (Change, 1);
  change->kind = CHANGE_UNDO;
  change->project = g_object_ref (self->project);
  change->identity = g_strdup (self->identity);
  change->stage = self->stage;
  change->record_id = step.record_id;

  /* Back to the record, with the vote it had before. */
  at = find_position (self, step.record_id);
  if (at != G_MAXUINT)
    {
      WnScreeningState *state = &g_array_index (self->queue, WnScreeningState, at);

      state->mine = step.previous;
      count_mine (self);
      update_progress (self);
      self->reason_index = -1;
      update_reason_selection (self);
      go_to (self, at);
    }

  queue_change (self, change);
  wn_screening_view_update_actions (self);
}

static void
wn_screening_view_previous_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);

  if (self->position > 0)
    go_to (self, self->position - 1);
}

static void
wn_screening_view_next_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);
  guint n = self->queue != NULL ? self->queue->len : 0;

  if (self->position < n)
    go_to (self, self->position + 1);
  else if (self->n_mine < n)
    go_to (self, next_undecided (self, 0));
}

static gboolean
wn_screening_view_cancel (WnScreeningView *self)
{
  if (!self->prompt)
    return FALSE;

  set_prompt (self, FALSE);
  state_changed (self);
  return TRUE;
}

/* O: the next order (random, import, most relevant first). */
static void
wn_screening_view_next_order_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);
  guint n = g_list_model_get_n_items (gtk_drop_down_get_model (self->order_dropdown));

  gtk_drop_down_set_selected (self->order_dropdown, (gtk_drop_down_get_selected (self->order_dropdown) + 1) % n);
}

static void
wn_screening_view_change_identity_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  wn_screening_view_choose_identity (WN_SCREENING_VIEW (widget));
}

static void
wn_screening_view_identity_activated_cb (WnScreeningView *self,
                                         GtkListBoxRow   *row,
                                         GtkListBox      *list)
{
  const char *name = g_object_get_data (G_OBJECT (row), "name");
  g_autofree char *chosen = g_strdup (name);

  if (self->disposed)
    return;

  if (chosen == NULL)
    return;

  self->choosing_identity = FALSE;
  /* The window remembers it and tells every page (and the project's audit
   * log); set it here too in case no one listens. */
  g_signal_emit (self, signals[IDENTITY_CHOSEN], 0, chosen);
  wn_screening_view_set_identity (self, chosen);
  update_page (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* The lead's tools. */

static void
tool_done_cb (gpointer user_data,
              gboolean changed)
{
  WnScreeningView *self = user_data;

  self->dialog = NULL;
  wn_screening_view_update_actions (self);
  if (changed)
    {
      wn_screening_view_load (self);
      g_signal_emit (self, signals[DECISIONS_CHANGED], 0);
    }
}

static GtkWindow *
parent_window (WnScreeningView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present_tool (WnScreeningView *self,
              GtkWindow       *dialog)
{
  /* The dialog holds no reference to the page; the page outlives it
   * (dispose destroys it). */
  self->dialog = dialog;
  wn_screening_view_update_actions (self);
  gtk_window_present (dialog);
}

static void
wn_screening_view_edit_criteria_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);

  if (self->project == NULL || self->dialog != NULL)
    return;

  present_tool (self, wn_criteria_dialog_new (parent_window (self), self->project, self->criteria,
                                              self->criteria_version, tool_done_cb, self));
}

static void
wn_screening_view_edit_terms_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);

  if (self->project == NULL || self->dialog != NULL)
    return;

  present_tool (self, wn_terms_dialog_new (parent_window (self), self->project, tool_done_cb, self));
}

static void
wn_screening_view_edit_reasons_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);

  if (self->project == NULL || self->dialog != NULL)
    return;

  present_tool (self, wn_reasons_dialog_new (parent_window (self), self->project, tool_done_cb, self));
}

static void
wn_screening_view_new_round_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);

  if (self->project == NULL || self->dialog != NULL || !is_lead (self))
    return;

  present_tool (self, wn_round_dialog_new (parent_window (self), self->project, self->identity, self->stage,
                                           tool_done_cb, self));
}

/* ------------------------------------------------------------------------ */
/* Most relevant first                                                        */

/* The ranking is trained only on this reviewer's own title/abstract
 * decisions (wn_project_rank_queue_async), so two reviewers' queues stay
 * independent and their agreement means what it says. It never hides a
 * record: it only reorders the records still without the reviewer's vote,
 * after the one shown, which never changes under the reviewer's eyes. */

typedef struct
{
  gint64 record_id;
  guint  rank;   /* position in the ranking + 1; G_MAXUINT when unranked */
  guint  index;  /* position in the queue before, for ties */
  WnScreeningState state;
} RankSlot;

static int
compare_rank_slots (gconstpointer a,
                    gconstpointer b)
{
  const RankSlot *x = a;
  const RankSlot *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Reorders the queue by the latest ranking: the records without my vote
 * come right after the one shown, best first, wherever they were; the
 * records I decided keep their order around them, so going back still
 * walks through them. with_current: the record shown is ranked too (the
 * first ranking after the order was chosen), and the best one is shown. */
static void
rank_apply (WnScreeningView *self,
            gboolean         with_current)
{
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GArray) after = NULL;
  guint n = self->queue != NULL ? self->queue->len : 0;
  guint position = self->position;
  gboolean keep_current;

  if (!self->relevance || self->stage != WN_STAGE_TA || self->rank == NULL || !self->rank->trained ||
      self->rank_index == NULL || position >= n)
    return;

  keep_current = !with_current || g_array_index (self->queue, WnScreeningState, position).mine != WN_VERDICT_NONE;
  before = g_array_new (FALSE, FALSE, sizeof (WnScreeningState));
  ranked = g_array_new (FALSE, FALSE, sizeof (RankSlot));
  after = g_array_new (FALSE, FALSE, sizeof (WnScreeningState));
  for (guint i = 0; i < n; i++)
    {
      const WnScreeningState *state = &g_array_index (self->queue, WnScreeningState, i);

      if (state->mine == WN_VERDICT_NONE && !(keep_current && i == position))
        {
          RankSlot slot = { state->record_id, G_MAXUINT, i, *state };
          gpointer rank = g_hash_table_lookup (self->rank_index, &state->record_id);

          if (rank != NULL)
            slot.rank = GPOINTER_TO_UINT (rank);
          g_array_append_val (ranked, slot);
        }
      else if (i <= position)
        g_array_append_val (before, *state);
      else
        g_array_append_val (after, *state);
    }
  g_array_sort (ranked, compare_rank_slots);

  /* The shown record: the last of those before, else the best ranked. */
  self->position = keep_current ? before->len - 1 : before->len;
  g_array_set_size (self->queue, 0);
  g_array_append_vals (self->queue, before->data, before->len);
  for (guint i = 0; i < ranked->len; i++)
    g_array_append_val (self->queue, g_array_index (ranked, RankSlot, i).state);
  g_array_append_vals (self->queue, after->data, after->len);
  self->n_ranked++;
}

static void
rank_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WnScreeningView) self = user_data;
  g_autoptr(GError) error = NULL;
  WnRankQueue *rank;

  rank = wn_project_rank_queue_finish (WN_PROJECT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    {
      g_clear_pointer (&rank, wn_rank_queue_free);
      return;
    }
  self->rank_running = FALSE;
  if (rank == NULL)
    {
      /* Ranking is a help, not the queue: say why and keep the order. */
      update_relevance (self);
      gtk_label_set_text (self->relevance_label, error->message);
      state_changed (self);
      return;
    }
  else
    {
      g_clear_pointer (&self->rank, wn_rank_queue_free);
      self->rank = rank;
      g_clear_pointer (&self->rank_index, g_hash_table_unref);
      self->rank_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < rank->entries->len; i++)
        g_hash_table_insert (self->rank_index,
                             g_memdup2 (&g_array_index (rank->entries, WnRankEntry, i).record_id, sizeof (gint64)),
                             GUINT_TO_POINTER (i + 1));
      gint64 shown = current_state (self) != NULL ? current_state (self)->record_id : 0;

      rank_apply (self, self->rank_jump);
      self->rank_jump = FALSE;
      if (current_state (self) != NULL && current_state (self)->record_id != shown)
        wn_screening_view_show_position (self);
      fetch_around (self);
    }
  update_relevance (self);
  state_changed (self);
  if (self->rank_again)
    rank_start (self);
}

/* Retrains and ranks in a thread; one at a time, the newest decisions
 * taken by the next run when some arrive meanwhile. */
static void
rank_start (WnScreeningView *self)
{
  self->rank_again = FALSE;
  if (!self->relevance || self->stage != WN_STAGE_TA || self->project == NULL || self->identity == NULL ||
      self->role == NULL)
    return;
  if (self->rank_running)
    {
      self->rank_again = TRUE;
      return;
    }
  if (self->ranker == NULL)
    self->ranker = wn_ranker_new (WN_RANK_MODEL_AUTO);
  if (self->rank_cancellable == NULL)
    self->rank_cancellable = g_cancellable_new ();
  self->rank_running = TRUE;
  wn_project_rank_queue_async (self->project, self->identity, self->ranker, self->rank_cancellable, rank_done_cb,
                               g_object_ref (self));
  update_relevance (self);
}

/* Forgets the ranking (another person, project or order). */
static void
rank_reset (WnScreeningView *self)
{
  if (self->rank_cancellable != NULL)
    g_cancellable_cancel (self->rank_cancellable);
  g_clear_object (&self->rank_cancellable);
  self->rank_running = FALSE;
  self->rank_again = FALSE;
  g_clear_pointer (&self->ranker, wn_ranker_unref);
  g_clear_pointer (&self->rank, wn_rank_queue_free);
  g_clear_pointer (&self->rank_index, g_hash_table_unref);
}

/* The record's predicted relevance and the signals that help decide when
 * to stop, with the caution they need. */
static void
update_relevance (WnScreeningView *self)
{
  WnScreeningState *state = current_state (self);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean shown = self->relevance && self->stage == WN_STAGE_TA;

  gtk_widget_set_visible (GTK_WIDGET (self->relevance_label), shown);
  if (!shown)
    return;

  if (self->rank == NULL || !self->rank->trained)
    {
      g_string_append (text, self->rank_running ? _("Most relevant first: learning from your decisions…")
                                                : _("Most relevant first: starts learning after your first include "
                                                    "and your first exclude"));
    }
  else
    {
      gpointer rank = state != NULL && state->mine == WN_VERDICT_NONE
                        ? g_hash_table_lookup (self->rank_index, &state->record_id)
                        : NULL;
      guint n = self->rank->entries->len;

      if (rank != NULL && n > 0)
        {
          guint percent = MAX (1, (guint) ((100.0 * GPOINTER_TO_UINT (rank)) / n + 0.5));

          /* Translators: the shown record's place in the ranking, "top 5 %". */
          g_string_append_printf (text, _("Predicted relevance: top %u %%"), MIN (percent, 100));
          g_string_append (text, " · ");
        }
      /* Translators: "12 relevant found · 40 since the last include". */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u relevant found", "%u relevant found",
                                                 self->rank->included),
                              self->rank->included);
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u screened since the last include",
                                                 "%u screened since the last include",
                                                 self->rank->since_last_include),
                              self->rank->since_last_include);
    }
  gtk_label_set_text (self->relevance_label, text->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->relevance_label),
                               _("The order is learnt only from your own decisions, so two reviewers stay "
                                 "independent. No record is hidden or excluded for you. A long run without an "
                                 "include suggests most relevant records are found, but it is not proof: stop "
                                 "only by the rule your protocol sets."));
}

/* Stage, order, round. */

static void
set_stage (WnScreeningView *self,
           WnStage          stage)
{
  if (self->stage == stage)
    return;

  self->stage = stage;
  self->round = 0;
  self->reason_index = -1;
  self->follow_record_id = 0;
  self->position = 0;
  g_clear_pointer (&self->queue, g_array_unref);
  set_prompt (self, FALSE);
  /* Undo works on the stage shown. */
  g_array_set_size (self->undo_stack, 0);
  wn_screening_view_load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static void
wn_screening_view_order_changed_cb (WnScreeningView *self,
                                    GParamSpec      *pspec,
                                    GtkDropDown     *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  WnQueueOrder order = selected == 0 ? WN_QUEUE_ORDER_RANDOM : WN_QUEUE_ORDER_ID;
  gboolean relevance = selected == 2;

  if (self->disposed)
    return;

  if (order == self->order && relevance == self->relevance)
    return;

  self->order = order;
  self->relevance = relevance;
  /* Asked for: the best-ranked record is shown once the ranking comes. */
  self->rank_jump = relevance;
  if (!relevance)
    rank_reset (self);
  update_relevance (self);
  wn_screening_view_load (self);
}

static void
wn_screening_view_round_changed_cb (WnScreeningView *self,
                                    GParamSpec      *pspec,
                                    GtkDropDown     *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  int round = 0;

  if (self->disposed)
    return;

  if (self->updating_rounds)
    return;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->rounds != NULL &&
      selected - 1 < self->rounds->len)
    round = ((WnRound *) g_ptr_array_index (self->rounds, selected - 1))->number;

  if (round == self->round)
    return;

  self->round = round;
  self->follow_record_id = 0;
  self->position = 0;
  g_clear_pointer (&self->queue, g_array_unref);
  wn_screening_view_load (self);
}

/* ------------------------------------------------------------------------ */
/* Latency probe: key press to the next record drawn (benchmark only)        */

/* WINNOW_BENCH_LATENCY=FILE turns it on (tests/bench/bench-screening-ui.py
 * sets it); unset, self->probe stays NULL and the page pays one pointer
 * test per key and per record shown, nothing else.
 *
 * A key that moves to another record (I, E, M, →, ←, U) starts a
 * measurement in page_key_cb, the first place the page sees it
 * (g_get_monotonic_time). show_record() notes when the new record's text is
 * set on its labels: the model part (at once when the record was read
 * ahead, later when it had to be read). The window's frame clock then
 * notes when the next frame starts ("before-paint") and ends the
 * measurement at the first "after-paint" after the text was set: by then
 * GTK has laid that frame out, snapshotted it and had GSK render it and
 * hand it to the windowing system (on X11 the GL swap, or cairo's copy to
 * the window; a compositor and the display's scan-out may still follow).
 * Everything runs on the main thread, so that first frame is the one that
 * shows the record. Keys pressed faster than frames wait together: a key
 * whose record was replaced by the next key's before a frame showed it
 * ends with the frame that shows the later one.
 *
 * FILE gets a header naming the GSK renderer, then a line per key:
 *
 *   ACTION KEY_TO_CONTENT_MS KEY_TO_FRAME_MS KEY_TO_PAINT_MS FRAMES EVENT_TO_KEY_MS
 *
 * KEY_TO_FRAME_MS is the wait for the frame that showed the record to
 * start (0 when the key came in that frame's event phase); FRAMES counts
 * the frames started after the key up to that one (1: the next frame
 * showed the record). EVENT_TO_KEY_MS runs from the X server's timestamp
 * of the last key press GDK read (gdk_x11_display_get_user_time: the
 * server's monotonic clock in milliseconds, the clock of
 * g_get_monotonic_time) to page_key_cb: how long the key waited to be read
 * and dispatched; "-" off X11. */
#define PROBE_PENDING 8

typedef struct
{
  const char *action;
  gint64      key_us;
  guint       key_frame;     /* frame_count when the key came */
  gint64      content_us;    /* 0: the new record's text is not set yet */
  gint64      event_lag_us;  /* -1: unknown */
} ProbeKey;

struct _LatencyProbe
{
  FILE          *out;
  GdkFrameClock *clock;
  gulong         before_paint_id;
  gulong         after_paint_id;
  gint64         frame_us;                /* when the current frame started */
  guint          frame_count;             /* frames started */
  gint64         from_record_id;
  ProbeKey       pending[PROBE_PENDING];  /* keys waiting for their frame */
  guint          n_pending;
  gboolean       header_written;
};

static void
probe_start (WnScreeningView *self)
{
  const char *path = g_getenv ("WINNOW_BENCH_LATENCY");
  FILE *out;

  if (path == NULL || path[0] == '\0')
    return;

  out = fopen (path, "a");
  if (out == NULL)
    {
      g_warning ("WINNOW_BENCH_LATENCY: cannot open %s: %s", path, g_strerror (errno));
      return;
    }

  self->probe = g_new0 (LatencyProbe, 1);
  self->probe->out = out;
}

static void
probe_disconnect (LatencyProbe *probe)
{
  if (probe->clock == NULL)
    return;

  g_clear_signal_handler (&probe->before_paint_id, probe->clock);
  g_clear_signal_handler (&probe->after_paint_id, probe->clock);
  g_clear_object (&probe->clock);
}

static void
probe_stop (WnScreeningView *self)
{
  if (self->probe == NULL)
    return;

  probe_disconnect (self->probe);
  fclose (self->probe->out);
  g_clear_pointer (&self->probe, g_free);
}

static void
probe_before_paint_cb (GdkFrameClock   *clock,
                       WnScreeningView *self)
{
  self->probe->frame_us = g_get_monotonic_time ();
  self->probe->frame_count++;
}

static void
probe_after_paint_cb (GdkFrameClock   *clock,
                      WnScreeningView *self)
{
  LatencyProbe *probe = self->probe;
  gint64 now = g_get_monotonic_time ();
  guint kept = 0;

  if (probe->n_pending == 0)
    return;

  if (!probe->header_written)
    {
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
      GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

      fprintf (probe->out, "# renderer %s\n", renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "?");
      fprintf (probe->out, "# action key_to_content_ms key_to_frame_ms key_to_paint_ms frames event_to_key_ms\n");
      probe->header_written = TRUE;
    }

  /* The keys whose record is set are on screen now; a record still being
   * read waits for a later frame. */
  for (guint i = 0; i < probe->n_pending; i++)
    {
      ProbeKey *key = &probe->pending[i];
      char lag[32] = "-";

      if (key->content_us == 0)
        {
          probe->pending[kept++] = *key;
          continue;
        }

      if (key->event_lag_us >= 0)
        g_snprintf (lag, sizeof lag, "%.3f", key->event_lag_us / 1000.0);
      fprintf (probe->out, "%s %.3f %.3f %.3f %u %s\n", key->action,
               (key->content_us - key->key_us) / 1000.0,
               MAX (probe->frame_us - key->key_us, 0) / 1000.0,
               (now - key->key_us) / 1000.0, probe->frame_count - key->key_frame, lag);
    }
  probe->n_pending = kept;
  fflush (probe->out);
}

/* Before the key's action runs. */
static void
probe_key (WnScreeningView *self,
           const char      *action)
{
  LatencyProbe *probe = self->probe;
  WnScreeningState *state = current_state (self);
  ProbeKey *key;

  if (probe->n_pending == PROBE_PENDING)
    {
      /* Frames stopped (the window hidden): start again. */
      g_warning ("WINNOW_BENCH_LATENCY: %u keys and no frame", probe->n_pending);
      probe->n_pending = 0;
    }

  key = &probe->pending[probe->n_pending];
  key->key_us = g_get_monotonic_time ();
  key->key_frame = probe->frame_count;
  key->content_us = 0;
  key->action = strchr (action, '.') + 1;
  key->event_lag_us = -1;
  probe->from_record_id = state != NULL ? state->record_id : 0;

#ifdef GDK_WINDOWING_X11
  {
    GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));

    if (GDK_IS_X11_DISPLAY (display))
      {
        guint32 lag_ms = (guint32) (key->key_us / 1000) - gdk_x11_display_get_user_time (display);

        if (lag_ms < 60000)
          key->event_lag_us = (gint64) lag_ms * 1000 + key->key_us % 1000;
      }
  }
#endif
}

/* After it ran: a key that showed no other record is not measured. */
static void
probe_key_done (WnScreeningView *self)
{
  LatencyProbe *probe = self->probe;
  WnScreeningState *state = current_state (self);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (state == NULL || state->record_id == probe->from_record_id || clock == NULL)
    return;

  probe->n_pending++;
  if (clock != probe->clock)
    {
      probe_disconnect (probe);
      probe->clock = g_object_ref (clock);
      probe->before_paint_id = g_signal_connect (clock, "before-paint", G_CALLBACK (probe_before_paint_cb), self);
      probe->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (probe_after_paint_cb), self);
    }
}

/* show_record() set the new record's text: for the key being handled (not
 * counted yet) and every key still waiting for it. */
static void
probe_content (WnScreeningView *self)
{
  LatencyProbe *probe = self->probe;
  gint64 now;

  if (probe == NULL)
    return;

  now = g_get_monotonic_time ();
  for (guint i = 0; i <= probe->n_pending && i < PROBE_PENDING; i++)
    if (probe->pending[i].content_us == 0)
      probe->pending[i].content_us = now;
}

/* ------------------------------------------------------------------------ */
/* Keys                                                                      */

static gboolean
page_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);
  const char *action = user_data;

  if (!gtk_widget_get_mapped (widget) || focus_is_text (self))
    return FALSE;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "screen") != 0)
    return FALSE;

  if (g_str_equal (action, "screening.cancel"))
    return wn_screening_view_cancel (self);

  if (G_UNLIKELY (self->probe != NULL))
    probe_key (self, action);
  gtk_widget_activate_action_variant (widget, action, args);
  if (G_UNLIKELY (self->probe != NULL))
    probe_key_done (self);
  return TRUE;
}

static const struct
{
  guint       keyval;
  const char *action;
  int         digit;
} page_keys[] = {
  { GDK_KEY_i, "screening.include", 0 },
  { GDK_KEY_e, "screening.exclude", 0 },
  { GDK_KEY_m, "screening.maybe", 0 },
  { GDK_KEY_n, "screening.note", 0 },
  { GDK_KEY_u, "screening.undo", 0 },
  { GDK_KEY_o, "screening.next-order", 0 },
  { GDK_KEY_Left, "screening.previous", 0 },
  { GDK_KEY_KP_Left, "screening.previous", 0 },
  { GDK_KEY_Up, "screening.previous", 0 },
  { GDK_KEY_KP_Up, "screening.previous", 0 },
  { GDK_KEY_Right, "screening.next", 0 },
  { GDK_KEY_KP_Right, "screening.next", 0 },
  { GDK_KEY_Down, "screening.next", 0 },
  { GDK_KEY_KP_Down, "screening.next", 0 },
  { GDK_KEY_Escape, "screening.cancel", 0 },
  { GDK_KEY_1, "screening.reason", 1 },
  { GDK_KEY_2, "screening.reason", 2 },
  { GDK_KEY_3, "screening.reason", 3 },
  { GDK_KEY_4, "screening.reason", 4 },
  { GDK_KEY_5, "screening.reason", 5 },
  { GDK_KEY_6, "screening.reason", 6 },
  { GDK_KEY_7, "screening.reason", 7 },
  { GDK_KEY_8, "screening.reason", 8 },
  { GDK_KEY_9, "screening.reason", 9 },
  { GDK_KEY_KP_1, "screening.reason", 1 },
  { GDK_KEY_KP_2, "screening.reason", 2 },
  { GDK_KEY_KP_3, "screening.reason", 3 },
  { GDK_KEY_KP_4, "screening.reason", 4 },
  { GDK_KEY_KP_5, "screening.reason", 5 },
  { GDK_KEY_KP_6, "screening.reason", 6 },
  { GDK_KEY_KP_7, "screening.reason", 7 },
  { GDK_KEY_KP_8, "screening.reason", 8 },
  { GDK_KEY_KP_9, "screening.reason", 9 },
};

/* The keys are handed to the window (scope "managed"), in the capture
 * phase: they work while this page is shown wherever the focus is (a
 * button, the record's text, nowhere after a decision), before a focused
 * button takes an arrow key to move the focus. page_key_cb lets them
 * through to a text entry and to popovers. */
static void
add_page_keys (WnScreeningView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);

  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (page_keys[i].keyval, 0),
                                                gtk_callback_action_new (page_key_cb, (gpointer) page_keys[i].action,
                                                                         NULL));

      if (page_keys[i].digit > 0)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (page_keys[i].digit));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }

  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ------------------------------------------------------------------------ */
/* The widget                                                                */

static gboolean
wn_screening_view_grab_focus (GtkWidget *widget)
{
  WnScreeningView *self = WN_SCREENING_VIEW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "identity") == 0)
    {
      GtkListBoxRow *row = NULL;

      /* The current identity's row, else the first. */
      for (int i = 0; (row = gtk_list_box_get_row_at_index (self->identity_list, i)) != NULL; i++)
        if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "name"), self->identity) == 0)
          break;
      if (row == NULL)
        row = gtk_list_box_get_row_at_index (self->identity_list, 0);
      if (row != NULL)
        return gtk_widget_grab_focus (GTK_WIDGET (row));
    }

  /* The screen: no widget needs the keys; page_keys catch them. FALSE,
   * as nothing here has the focus: Tab then moves on into the page
   * instead of stopping nowhere. */
  release_focus (self);
  return FALSE;
}

static void
wn_screening_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WnScreeningView *self = WN_SCREENING_VIEW (object);

  switch (prop_id)
    {
    case PROP_STAGE:
      g_value_set_string (value, wn_stage_to_string (self->stage));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_screening_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WnScreeningView *self = WN_SCREENING_VIEW (object);
  WnStage stage;

  switch (prop_id)
    {
    case PROP_STAGE:
      if (wn_stage_from_string (g_value_get_string (value), &stage))
        set_stage (self, stage);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Decisions not written yet are written now, in this thread, rather than
 * lost: closing the window (or the project) right after a key press keeps
 * the vote. The write running in a thread finishes there on its own. */
static void
flush_changes (WnScreeningView *self)
{
  while (!g_queue_is_empty (self->changes))
    {
      Change *change = g_queue_pop_head (self->changes);
      g_autoptr(WnDecision) decision = NULL;
      g_autoptr(GError) error = NULL;

      if (change->kind == CHANGE_UNDO)
        decision = wn_project_undo_decision (change->project, change->identity, change->stage,
                                             change->record_id, &error);
      else
        decision = wn_project_decide (change->project, change->identity, change->stage, change->record_id,
                                      change->verdict, change->reason, change->note, NULL, &error);
      if (decision == NULL)
        g_warning ("A screening decision was not recorded: %s", error->message);
      change_free (change);
    }
}

static void
wn_screening_view_cancel_all (WnScreeningView *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  g_clear_handle_id (&self->counts_source, g_source_remove);
  g_cancellable_cancel (self->record_cancellable);
  g_clear_object (&self->record_cancellable);
  self->record_cancellable = g_cancellable_new ();
  /* Writes already queued are the reviewer's decisions: they are not
   * cancelled (a cancelled GTask thread still runs to its end anyway);
   * their results find nothing to update. */
  g_cancellable_cancel (self->change_cancellable);
  g_clear_object (&self->change_cancellable);
  self->change_cancellable = g_cancellable_new ();
  self->change_running = FALSE;
  self->loading = FALSE;
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  self->dialog = NULL;
}

static void
wn_screening_view_dispose (GObject *object)
{
  WnScreeningView *self = WN_SCREENING_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  probe_stop (self);
  flush_changes (self);
  wn_screening_view_cancel_all (self);
  g_clear_object (&self->record_cancellable);
  g_clear_object (&self->change_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_SCREENING_VIEW);
  /* The template's top box has no name, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->project);
  g_clear_pointer (&self->reviewers, g_ptr_array_unref);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->highlighter, wn_highlighter_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_pointer (&self->fetching, g_hash_table_unref);
  rank_reset (self);

  G_OBJECT_CLASS (wn_screening_view_parent_class)->dispose (object);
}

static void
wn_screening_view_finalize (GObject *object)
{
  WnScreeningView *self = WN_SCREENING_VIEW (object);

  g_queue_free (self->changes);
  g_array_unref (self->undo_stack);
  g_free (self->identity);
  g_free (self->role);
  g_free (self->criteria);
  g_free (self->terms_error);
  g_free (self->load_error);

  G_OBJECT_CLASS (wn_screening_view_parent_class)->finalize (object);
}

static void
wn_screening_view_fulltext_state_cb (WnScreeningView *self)
{
  state_changed (self);
}

/* A PDF attached, or the report marked not retrieved (it leaves the
 * queue): read the queue again. */
static void
wn_screening_view_fulltext_changed_cb (WnScreeningView *self)
{
  wn_screening_view_load (self);
}

static void
wn_screening_view_class_init (WnScreeningViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_screening_view_dispose;
  object_class->finalize = wn_screening_view_finalize;
  object_class->get_property = wn_screening_view_get_property;
  object_class->set_property = wn_screening_view_set_property;

  widget_class->grab_focus = wn_screening_view_grab_focus;

  /* "ta" or "ft" (screening.stage, the two toggle buttons). */
  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, "ta",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything the test hook reports changed. */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A reviewer chose who they are on the identity page. */
  signals[IDENTITY_CHOSEN] =
    g_signal_new ("identity-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Decisions (or what they rest on) were written: other pages read again. */
  signals[DECISIONS_CHANGED] =
    g_signal_new ("decisions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (WN_TYPE_SCREENING_RECORD);
  g_type_ensure (WN_TYPE_FULLTEXT_PANE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnscreeningview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-screening-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, stack);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, identity_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, identity_list);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, order_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, round_model);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, relevance_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, who_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, tools_button);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, paned);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, position_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, vote_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, record);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, record_stack);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, fulltext_pane);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_fulltext_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_fulltext_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, criteria_version_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, criteria_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, prompt_revealer);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, reasons_list);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, reasons_hint_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, legend_box);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, legend_include_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, legend_exclude_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, done_icon);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, done_title_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, done_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, action_bar);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, next_button);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, undo_button);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, include_button);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, exclude_button);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, maybe_button);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, exclude_label);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_identity_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_order_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_round_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_reason_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_note_activate_cb);

  gtk_widget_class_install_action (widget_class, "screening.include", NULL, wn_screening_view_include_action);
  gtk_widget_class_install_action (widget_class, "screening.exclude", NULL, wn_screening_view_exclude_action);
  gtk_widget_class_install_action (widget_class, "screening.maybe", NULL, wn_screening_view_maybe_action);
  gtk_widget_class_install_action (widget_class, "screening.reason", "i", wn_screening_view_reason_action);
  gtk_widget_class_install_action (widget_class, "screening.note", NULL, wn_screening_view_note_action);
  gtk_widget_class_install_action (widget_class, "screening.undo", NULL, wn_screening_view_undo_action);
  gtk_widget_class_install_action (widget_class, "screening.previous", NULL, wn_screening_view_previous_action);
  gtk_widget_class_install_action (widget_class, "screening.next", NULL, wn_screening_view_next_action);
  gtk_widget_class_install_action (widget_class, "screening.next-order", NULL, wn_screening_view_next_order_action);
  gtk_widget_class_install_action (widget_class, "screening.change-identity", NULL,
                                   wn_screening_view_change_identity_action);
  gtk_widget_class_install_action (widget_class, "screening.edit-criteria", NULL,
                                   wn_screening_view_edit_criteria_action);
  gtk_widget_class_install_action (widget_class, "screening.edit-terms", NULL, wn_screening_view_edit_terms_action);
  gtk_widget_class_install_action (widget_class, "screening.edit-reasons", NULL,
                                   wn_screening_view_edit_reasons_action);
  gtk_widget_class_install_action (widget_class, "screening.new-round", NULL, wn_screening_view_new_round_action);
  gtk_widget_class_install_property_action (widget_class, "screening.stage", "stage");
}

static void
wn_screening_view_init (WnScreeningView *self)
{
  GtkEventController *controller;
  GApplication *app;

  self->reason_index = -1;
  self->changes = g_queue_new ();
  self->undo_stack = g_array_new (FALSE, FALSE, sizeof (UndoStep));
  self->records = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) wn_record_free);
  self->fetching = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->record_cancellable = g_cancellable_new ();
  self->change_cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Tab leaves the lists; the arrows move within them. */
  wn_list_tab_leaves (GTK_WIDGET (self->identity_list));
  wn_list_tab_leaves (GTK_WIDGET (self->reasons_list));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (wn_screening_view_note_key_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->note_entry), controller);

  /* The record gets the room; the criteria a comfortable column. */
  gtk_paned_set_position (self->paned, 760);

  add_page_keys (self);
  probe_start (self);
  rebuild_rounds (self);
  update_page (self);
  wn_screening_view_update_actions (self);

  /* The order chosen here and the one in Preferences are one setting, so
   * a project opens in the order last chosen in either place. */
  app = g_application_get_default ();
  if (WN_IS_APPLICATION (app) && wn_application_get_settings (WN_APPLICATION (app)) != NULL)
    wn_preferences_bind_order (wn_application_get_settings (WN_APPLICATION (app)), self->order_dropdown);
}

GtkWidget *
wn_screening_view_new (void)
{
  return g_object_new (WN_TYPE_SCREENING_VIEW, NULL);
}

static void
forget_project_state (WnScreeningView *self)
{
  self->loaded = FALSE;
  self->choosing_identity = FALSE;
  g_clear_pointer (&self->reviewers, g_ptr_array_unref);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_free);
  g_clear_pointer (&self->highlighter, wn_highlighter_unref);
  g_clear_pointer (&self->terms_error, g_free);
  memset (&self->counts, 0, sizeof self->counts);
  self->position = 0;
  self->n_mine = 0;
  self->reason_index = -1;
  self->follow_record_id = 0;
  self->round = 0;
  self->prompt = FALSE;
  g_array_set_size (self->undo_stack, 0);
  g_hash_table_remove_all (self->records);
  g_hash_table_remove_all (self->fetching);
  wn_screening_record_clear (self->record);
  wn_screening_record_set_highlighter (self->record, NULL);
  wn_fulltext_pane_set_highlighter (self->fulltext_pane, NULL);
  wn_fulltext_pane_show_record (self->fulltext_pane, 0);
}

void
wn_screening_view_set_project (WnScreeningView *self,
                               WnProject       *project,
                               const char      *identity)
{
  g_return_if_fail (WN_IS_SCREENING_VIEW (self));
  g_return_if_fail (project == NULL || WN_IS_PROJECT (project));

  if (self->project == project && g_strcmp0 (self->identity, identity) == 0)
    return;

  /* Decisions of the project going away are written first. */
  if (self->project != project)
    flush_changes (self);

  wn_screening_view_cancel_all (self);
  forget_project_state (self);
  rank_reset (self);
  g_set_object (&self->project, project);
  wn_fulltext_pane_set_project (self->fulltext_pane, project);
  g_free (self->identity);
  self->identity = g_strdup (identity);

  update_page (self);
  wn_screening_view_update_actions (self);
  wn_screening_view_load (self);
  state_changed (self);
}

void
wn_screening_view_set_identity (WnScreeningView *self,
                                const char      *identity)
{
  g_return_if_fail (WN_IS_SCREENING_VIEW (self));

  if (g_strcmp0 (self->identity, identity) == 0)
    {
      update_page (self);
      wn_screening_view_update_actions (self);
      return;
    }

  g_free (self->identity);
  self->identity = g_strdup (identity);

  /* Another person's queue: another order, other votes, no undo. */
  g_array_set_size (self->undo_stack, 0);
  rank_reset (self);
  self->follow_record_id = 0;
  self->position = 0;
  g_clear_pointer (&self->queue, g_array_unref);
  self->n_mine = 0;
  g_clear_pointer (&self->role, g_free);
  wn_screening_view_load (self);
  wn_screening_view_update_actions (self);
}

void
wn_screening_view_choose_identity (WnScreeningView *self)
{
  g_return_if_fail (WN_IS_SCREENING_VIEW (self));

  if (!self->loaded)
    return;

  self->choosing_identity = TRUE;
  rebuild_identity_list (self);
  update_page (self);
  wn_screening_view_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  state_changed (self);
}

void
wn_screening_view_reload (WnScreeningView *self)
{
  g_return_if_fail (WN_IS_SCREENING_VIEW (self));

  if (self->project != NULL)
    wn_screening_view_load (self);
  /* A PDF attached elsewhere (the Records page, a folder): read again. */
  if (wn_fulltext_pane_get_record_id (self->fulltext_pane) != 0)
    wn_fulltext_pane_show_record (self->fulltext_pane, wn_fulltext_pane_get_record_id (self->fulltext_pane));
}

const char *
wn_screening_view_get_role (WnScreeningView *self)
{
  g_return_val_if_fail (WN_IS_SCREENING_VIEW (self), NULL);

  return self->loaded ? self->role : NULL;
}

GPtrArray *
wn_screening_view_get_reviewers (WnScreeningView *self)
{
  g_return_val_if_fail (WN_IS_SCREENING_VIEW (self), NULL);

  return self->reviewers;
}

gint64
wn_screening_view_get_n_conflicts (WnScreeningView *self)
{
  g_return_val_if_fail (WN_IS_SCREENING_VIEW (self), 0);

  return self->loaded ? self->counts.conflicts : 0;
}

/* Every label the page shows, for the test hook's blinding check. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && text[0] != '\0')
        {
          if (out->len > 0)
            g_string_append (out, " | ");
          g_string_append (out, text);
        }
    }

  /* A stack in a transition still maps the page it leaves: only the
   * page it shows counts. */
  if (GTK_IS_STACK (widget))
    {
      GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (widget));

      if (page != NULL)
        collect_text (page, out);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static void
report (WnTestStateFunc  func,
        gpointer         user_data,
        const char      *key,
        gint64           value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  func (key, text, user_data);
}

void
wn_screening_view_describe (WnScreeningView *self,
                            WnTestStateFunc  func,
                            gpointer         user_data)
{
  WnScreeningState *state;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *write_ms = NULL;

  g_return_if_fail (WN_IS_SCREENING_VIEW (self));

  state = current_state (self);

  for (guint i = 0; self->reviewers != NULL && i < self->reviewers->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                            ((WnReviewer *) g_ptr_array_index (self->reviewers, i))->name);

  /* The page: "loading", "identity" or "screen"; within the screen,
   * "record" or "done". */
  func ("scr_page", gtk_stack_get_visible_child_name (self->stack), user_data);
  func ("scr_content", gtk_stack_get_visible_child_name (self->content_stack), user_data);
  report (func, user_data, "scr_loaded", self->loaded && !self->loading);
  func ("scr_identity", self->identity, user_data);
  func ("scr_role", self->role, user_data);
  func ("scr_reviewers", names->str, user_data);
  func ("scr_stage", wn_stage_to_string (self->stage), user_data);
  func ("scr_order", self->relevance ? "relevance" : self->order == WN_QUEUE_ORDER_ID ? "id" : "random", user_data);
  report (func, user_data, "scr_ranked", self->n_ranked);
  report (func, user_data, "scr_rank_trained", self->rank != NULL && self->rank->trained);
  report (func, user_data, "scr_rank_running", self->rank_running);
  func ("scr_relevance", gtk_widget_get_visible (GTK_WIDGET (self->relevance_label))
                           ? gtk_label_get_text (self->relevance_label) : "", user_data);
  report (func, user_data, "scr_round", self->round);
  report (func, user_data, "scr_rounds", self->rounds != NULL ? self->rounds->len : 0);
  report (func, user_data, "scr_record_id", state != NULL ? state->record_id : 0);
  report (func, user_data, "scr_shown_id", wn_screening_record_get_record_id (self->record));
  func ("scr_record_title", wn_screening_record_get_title (self->record), user_data);
  report (func, user_data, "scr_position", state != NULL ? (gint64) self->position + 1 : 0);
  func ("scr_mine", state != NULL ? wn_verdict_to_string (state->mine) : "", user_data);
  report (func, user_data, "scr_decided", self->n_mine);
  report (func, user_data, "scr_eligible", self->queue != NULL ? self->queue->len : 0);
  report (func, user_data, "scr_conflicts", self->counts.conflicts);
  report (func, user_data, "scr_busy", self->loading || self->change_running || !g_queue_is_empty (self->changes));
  report (func, user_data, "scr_writes", self->n_writes);
  write_ms = g_strdup_printf ("%.1f", self->write_us_max / 1000.0);
  func ("scr_write_ms_max", write_ms, user_data);
  func ("scr_reason", chosen_reason (self), user_data);
  report (func, user_data, "scr_reasons", self->reasons != NULL ? self->reasons->len : 0);
  report (func, user_data, "scr_reason_prompt", self->prompt);
  report (func, user_data, "scr_undo", self->undo_stack->len);
  report (func, user_data, "scr_criteria_version", self->criteria_version);
  report (func, user_data, "scr_hl_include", wn_screening_record_get_n_highlights (self->record, WN_HIGHLIGHT_INCLUDE));
  report (func, user_data, "scr_hl_exclude", wn_screening_record_get_n_highlights (self->record, WN_HIGHLIGHT_EXCLUDE));
  func ("scr_note", gtk_editable_get_text (GTK_EDITABLE (self->note_entry)), user_data);
  report (func, user_data, "scr_note_focus", gtk_widget_has_focus (GTK_WIDGET (self->note_entry)) ||
                                             focus_is_text (self));
  collect_text (GTK_WIDGET (self), text);
  func ("scr_text", text->str, user_data);
  wn_fulltext_pane_describe (self->fulltext_pane, func, user_data);
}
