/* wn-duplicates-view.c — the duplicates page: runs, the review queue, merged groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three pages: "loading" (the first counts), "start" (no run yet: what
 * finding duplicates does, and the button) and "review": a toolbar with the
 * counts (pairs waiting, groups merged automatically and confirmed,
 * duplicate records not listed) and the progress through the queue ("12
 * of 48 pairs decided"); on the left one of three lists — the possible
 * pairs waiting for a person, best score first; the pairs a person decided
 * on, latest first; the merged groups — and on the right the selected
 * pair's or group's records side by side (WnDedupComparison), with the
 * actions below.
 *
 * Keys (see page_keys: they work while the page is shown, wherever the
 * focus is): D duplicate, N not duplicate, S skip to the next pair, U or
 * Ctrl+Z undo the last decision made here, Ctrl+Shift+A accept every
 * waiting pair scoring at least the selected one's score (after a dialog
 * that says how many), C confirm a merged group, Ctrl+Delete undo a merge
 * (after a dialog), Ctrl+R find duplicates; Alt+T, Alt+E and Alt+G choose
 * the list.
 *
 * Nothing here touches SQLite on the main thread. The counts and lists are
 * read in one GTask thread (a snapshot); a run is wn_dedup_run_async; each
 * change (a decision, a bulk accept, an undo, a confirmation) runs in a
 * GTask thread, one at a time, in the order they were asked for. So that a
 * reviewer never waits, a decided pair leaves the queue at once and the
 * next one is shown; the lists are read again once the changes are done,
 * and updated in place (only the items that changed), so the rows and the
 * selection keep their place. A change that fails is reported and the
 * lists are read again, undoing what was shown too early.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "wn-accessibility.h"
#include "wn-dedup-comparison.h"
#include "wn-dedup-group.h"
#include "wn-dedup-pair.h"
#include "wn-dedup.h"
#include "wn-duplicate-row.h"
#include "wn-duplicates-view.h"
#include "wn-provenance.h"
#include "wn-record-item.h"

struct _WnDuplicatesView
{
  GtkWidget           parent_instance;

  /* Template children. */
  GtkStack           *stack;
  GtkSpinner         *loading_spinner;
  GtkLabel           *start_label;
  GtkWidget          *start_find_button;
  GtkWidget          *start_stop_button;
  GtkWidget          *start_running_box;
  GtkSpinner         *start_spinner;
  GtkLabel           *start_running_label;
  GtkLabel           *summary_label;
  GtkLabel           *details_label;
  GtkWidget          *progress_box;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkSpinner         *run_spinner;
  GtkWidget          *stop_button;
  GtkWidget          *find_button;
  GtkRevealer        *report_revealer;
  GtkLabel           *report_label;
  GtkPaned           *paned;
  GtkStack           *list_stack;
  GtkLabel           *pending_count_label;
  GtkLabel           *decided_count_label;
  GtkLabel           *groups_count_label;
  GtkStack           *pending_stack;
  GtkStack           *decided_stack;
  GtkStack           *groups_stack;
  GtkListView        *pending_view;
  GtkListView        *decided_view;
  GtkListView        *groups_view;
  GtkSingleSelection *pending_selection;
  GtkSingleSelection *decided_selection;
  GtkSingleSelection *groups_selection;
  WnDedupComparison  *comparison;
  GtkWidget          *action_separator;
  GtkWidget          *action_bar;
  GtkWidget          *duplicate_button;
  GtkWidget          *distinct_button;
  GtkWidget          *skip_button;
  GtkWidget          *withdraw_button;
  GtkWidget          *confirm_button;
  GtkWidget          *undo_group_button;
  GtkWidget          *bulk_button;
  GtkWidget          *undo_button;

  WnProject          *project;
  GListStore         *pending;        /* of WnDedupPair */
  GListStore         *decided;        /* of WnDedupPair */
  GListStore         *groups;         /* of WnDedupGroup */
  /* Kept record id → WnRecordItem, for the groups' titles. Replaced, never
   * changed, once a thread may read it. */
  GHashTable         *kept_items;

  WnDedupCounts       counts;
  WnProjectCounts     project_counts;
  gboolean            counts_loaded;
  gboolean            lists_loaded;
  gboolean            lists_wanted;   /* the page was shown: keep the lists loaded */
  char               *list;           /* "pending", "decided" or "groups" */

  GCancellable       *load_cancellable;
  GCancellable       *run_cancellable;
  GCancellable       *detail_cancellable;
  GCancellable       *change_cancellable;

  GQueue             *changes;        /* Change, waiting */
  gboolean            change_running;
  gboolean            records_changed; /* duplicate_of may have moved since the last snapshot */
  GPtrArray          *undo_stack;     /* GArray of pair ids, one per step, latest last */

  gpointer            detail_item;    /* the WnDedupPair or WnDedupGroup shown or loading */
  gint64              selected_pair_id;
  gint64              selected_group_id;
  gint64              follow_pair_id; /* select this pair when it shows up (after an undo) */
  gboolean            after_run;      /* the next snapshot follows a run: show its result */

  GtkWindow          *dialog;
  gboolean            running;
  WnDedupReport       report;
};

G_DEFINE_FINAL_TYPE (WnDuplicatesView, wn_duplicates_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIST,
  PROP_LOADED,
  PROP_N_GROUPS,
  PROP_N_PENDING,
  PROP_N_DECIDED,
  PROP_SELECTED_PAIR_ID,
  PROP_SELECTED_GROUP_ID,
  PROP_RUNNING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECORDS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void wn_duplicates_view_refresh       (WnDuplicatesView *self,
                                              gboolean          with_lists);
static void wn_duplicates_view_load_detail   (WnDuplicatesView *self);
static void wn_duplicates_view_update_actions (WnDuplicatesView *self);

/* ------------------------------------------------------------------------ */
/* The lists                                                                 */

typedef enum
{
  LIST_PENDING,
  LIST_DECIDED,
  LIST_GROUPS,
} ListKind;

static ListKind
current_list (WnDuplicatesView *self)
{
  if (g_str_equal (self->list, "decided"))
    return LIST_DECIDED;
  if (g_str_equal (self->list, "groups"))
    return LIST_GROUPS;
  return LIST_PENDING;
}

static GtkSingleSelection *
list_selection (WnDuplicatesView *self,
                ListKind          kind)
{
  switch (kind)
    {
    case LIST_DECIDED:
      return self->decided_selection;
    case LIST_GROUPS:
      return self->groups_selection;
    case LIST_PENDING:
    default:
      return self->pending_selection;
    }
}

static GtkListView *
list_view (WnDuplicatesView *self,
           ListKind          kind)
{
  switch (kind)
    {
    case LIST_DECIDED:
      return self->decided_view;
    case LIST_GROUPS:
      return self->groups_view;
    case LIST_PENDING:
    default:
      return self->pending_view;
    }
}

static GListStore *
list_store (WnDuplicatesView *self,
            ListKind          kind)
{
  switch (kind)
    {
    case LIST_DECIDED:
      return self->decided;
    case LIST_GROUPS:
      return self->groups;
    case LIST_PENDING:
    default:
      return self->pending;
    }
}

static gint64
item_id (gpointer item)
{
  if (WN_IS_DEDUP_PAIR (item))
    return wn_dedup_pair_get_id (item);
  if (WN_IS_DEDUP_GROUP (item))
    return wn_dedup_group_get_id (item);
  return 0;
}

/* Whether two items read the same, so a row can keep the old one. */
static gboolean
item_same (gpointer a,
           gpointer b)
{
  if (WN_IS_DEDUP_PAIR (a) && WN_IS_DEDUP_PAIR (b))
    return wn_dedup_pair_get_id (a) == wn_dedup_pair_get_id (b) &&
           wn_dedup_pair_get_decision (a) == wn_dedup_pair_get_decision (b) &&
           g_strcmp0 (wn_dedup_pair_get_held (a), wn_dedup_pair_get_held (b)) == 0;

  if (WN_IS_DEDUP_GROUP (a) && WN_IS_DEDUP_GROUP (b))
    return wn_dedup_group_get_id (a) == wn_dedup_group_get_id (b) &&
           g_strcmp0 (wn_dedup_group_get_status (a), wn_dedup_group_get_status (b)) == 0;

  return FALSE;
}

static guint
find_position (GListModel *model,
               gint64      id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (item_id (item) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Ids after position, for choosing what to select when position goes. */
static GArray *
ids_after (GListModel *model,
           guint       position,
           guint       max)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = g_list_model_get_n_items (model);

  for (guint i = position + 1; i < n && ids->len < max; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 id = item_id (item);

      g_array_append_val (ids, id);
    }

  return ids;
}

/* Makes store read as fresh: the common start and end are kept (their rows
 * and the selection stay put), the middle is replaced in one splice. */
static void
update_store (GListStore *store,
              GListModel *fresh)
{
  GListModel *old = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (old);
  guint n_new = g_list_model_get_n_items (fresh);
  guint prefix = 0;
  guint suffix = 0;
  g_autoptr(GPtrArray) added = NULL;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(GObject) a = g_list_model_get_item (old, prefix);
      g_autoptr(GObject) b = g_list_model_get_item (fresh, prefix);

      if (!item_same (a, b))
        break;
      prefix++;
    }

  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(GObject) a = g_list_model_get_item (old, n_old - 1 - suffix);
      g_autoptr(GObject) b = g_list_model_get_item (fresh, n_new - 1 - suffix);

      if (!item_same (a, b))
        break;
      suffix++;
    }

  if (n_old - prefix - suffix == 0 && n_new - prefix - suffix == 0)
    return;

  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = prefix; i < n_new - suffix; i++)
    g_ptr_array_add (added, g_list_model_get_item (fresh, i));

  g_list_store_splice (store, prefix, n_old - prefix - suffix, added->pdata, added->len);
}

/* The list item widget showing position, or NULL when it is not realised. */
static GtkWidget *
find_row_widget (GtkListView *view,
                 guint        position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      GtkListItem *list_item;

      if (!WN_IS_DUPLICATE_ROW (row))
        continue;
      list_item = wn_duplicate_row_get_list_item (WN_DUPLICATE_ROW (row));
      if (list_item != NULL && gtk_list_item_get_position (list_item) == position)
        return child;
    }

  return NULL;
}

/* Puts the keyboard on the selected row of the list shown, so arrows go on
 * from there, and scrolls it into view. */
static void
focus_selected_row (WnDuplicatesView *self)
{
  ListKind kind = current_list (self);
  GtkListView *view = list_view (self, kind);
  guint position = gtk_single_selection_get_selected (list_selection (self, kind));
  GtkWidget *row;

  if (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    return;

  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_widget_grab_focus (GTK_WIDGET (view));
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u", position);
  row = find_row_widget (view, position);
  if (row == NULL || !gtk_widget_grab_focus (row))
    gtk_widget_grab_focus (GTK_WIDGET (view));
}

/* Lets go of a row about to be removed. A focused row that the list
 * takes away can leave the window's focus on a widget on its way out, and
 * keys typed meanwhile reach nothing; with the focus on the window itself
 * they reach the page's keys (see page_keys), and focus_selected_row()
 * puts it back on a row once the list has changed. */
static void
release_row_focus (WnDuplicatesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkListView *views[] = { self->pending_view, self->decided_view, self->groups_view };
  GtkWidget *focus;

  if (root == NULL || (focus = gtk_root_get_focus (root)) == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (gtk_widget_is_ancestor (focus, GTK_WIDGET (views[i])))
      {
        gtk_root_set_focus (root, NULL);
        return;
      }
}

/* Whether the keyboard is on this page (or nowhere, after its row went). */
static gboolean
focus_is_here (WnDuplicatesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus;

  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;

  focus = gtk_root_get_focus (root);
  return focus == NULL || focus == GTK_WIDGET (self) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

static void
select_position (WnDuplicatesView *self,
                 ListKind          kind,
                 guint             position)
{
  GtkSingleSelection *selection = list_selection (self, kind);

  if (position != GTK_INVALID_LIST_POSITION && gtk_single_selection_get_selected (selection) != position)
    gtk_single_selection_set_selected (selection, position);
}

/* Replaces a list's items with fresh ones, keeping the selected item, or
 * else the first of those that followed it, or else its place. */
static void
update_list (WnDuplicatesView *self,
             ListKind          kind,
             GListModel       *fresh)
{
  GtkSingleSelection *selection = list_selection (self, kind);
  GListModel *model = G_LIST_MODEL (list_store (self, kind));
  guint old_position = gtk_single_selection_get_selected (selection);
  g_autoptr(GArray) follow = NULL;
  gint64 selected_id = 0;
  guint position = GTK_INVALID_LIST_POSITION;
  guint n;

  if (old_position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, old_position);

      selected_id = item_id (item);
      follow = ids_after (model, old_position, 32);
    }

  update_store (list_store (self, kind), fresh);
  n = g_list_model_get_n_items (model);

  if (self->follow_pair_id != 0 && kind != LIST_GROUPS)
    position = find_position (model, self->follow_pair_id);
  if (position == GTK_INVALID_LIST_POSITION && selected_id != 0)
    position = find_position (model, selected_id);
  /* A pair that went was decided: on to the next. A group that went was
   * re-formed, and its successor usually takes its place. */
  for (guint i = 0; kind != LIST_GROUPS && position == GTK_INVALID_LIST_POSITION && follow != NULL && i < follow->len;
       i++)
    position = find_position (model, g_array_index (follow, gint64, i));
  if (position == GTK_INVALID_LIST_POSITION && n > 0)
    position = old_position != GTK_INVALID_LIST_POSITION ? MIN (old_position, n - 1) : 0;

  select_position (self, kind, position);

  gtk_stack_set_visible_child_name (kind == LIST_PENDING ? self->pending_stack
                                    : kind == LIST_DECIDED ? self->decided_stack
                                                           : self->groups_stack,
                                    n > 0 ? "list" : "empty");
}

/* Takes pairs out of a list before the project confirms it, selecting the
 * pair that followed the selected one. */
static void
remove_pairs_now (WnDuplicatesView *self,
                  ListKind          kind,
                  GArray           *pair_ids)
{
  GListStore *store = list_store (self, kind);
  GListModel *model = G_LIST_MODEL (store);
  GtkSingleSelection *selection = list_selection (self, kind);
  g_autoptr(GHashTable) gone = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint selected = gtk_single_selection_get_selected (selection);
  gint64 follow_id = 0;
  guint n;

  for (guint i = 0; i < pair_ids->len; i++)
    g_hash_table_add (gone, &g_array_index (pair_ids, gint64, i));

  /* The first pair from the selected one on that stays. */
  n = g_list_model_get_n_items (model);
  for (guint i = selected != GTK_INVALID_LIST_POSITION ? selected : 0; i < n && follow_id == 0; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 id = item_id (item);

      if (!g_hash_table_contains (gone, &id))
        follow_id = id;
    }

  for (guint i = n; i-- > 0;)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 id = item_id (item);

      if (g_hash_table_contains (gone, &id))
        g_list_store_remove (store, i);
    }

  n = g_list_model_get_n_items (model);
  if (n > 0)
    {
      guint position = follow_id != 0 ? find_position (model, follow_id) : GTK_INVALID_LIST_POSITION;

      select_position (self, kind, position != GTK_INVALID_LIST_POSITION ? position : n - 1);
    }
}

/* ------------------------------------------------------------------------ */
/* Rows                                                                      */

static void
wn_duplicates_view_row_setup_cb (WnDuplicatesView         *self,
                                 GtkListItem              *list_item,
                                 GtkSignalListItemFactory *factory)
{
  GtkWidget *row = wn_duplicate_row_new ();

  wn_duplicate_row_set_list_item (WN_DUPLICATE_ROW (row), list_item);
  gtk_list_item_set_child (list_item, row);
}

static void
wn_duplicates_view_row_bind_cb (WnDuplicatesView         *self,
                                GtkListItem              *list_item,
                                GtkSignalListItemFactory *factory)
{
  gpointer item = gtk_list_item_get_item (list_item);
  WnDuplicateRow *row = WN_DUPLICATE_ROW (gtk_list_item_get_child (list_item));

  if (WN_IS_DEDUP_PAIR (item))
    {
      wn_duplicate_row_set_pair (row, item);
    }
  else if (WN_IS_DEDUP_GROUP (item))
    {
      gint64 kept_id = wn_dedup_group_get_kept_id (item);
      WnRecordItem *kept = self->kept_items != NULL ? g_hash_table_lookup (self->kept_items, &kept_id) : NULL;

      wn_duplicate_row_set_group (row, item, kept);
    }
}

/* ------------------------------------------------------------------------ */
/* Counts and pages                                                          */

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static void
wn_duplicates_view_update_summary (WnDuplicatesView *self)
{
  g_autofree char *pending = format_count (self->counts.pending_pairs);
  g_autofree char *decided = format_count (self->counts.decided_pairs);
  g_autofree char *groups = format_count (self->counts.duplicate_groups);
  g_autofree char *automatic = format_count (self->counts.duplicate_groups - self->counts.confirmed_groups);
  g_autofree char *confirmed = format_count (self->counts.confirmed_groups);
  g_autofree char *hidden = format_count (self->counts.duplicate_records);
  g_autofree char *records = format_count (self->project_counts.records);
  g_autofree char *summary = NULL;
  g_autofree char *automatic_part = NULL;
  g_autofree char *confirmed_part = NULL;
  g_autofree char *hidden_part = NULL;
  g_autofree char *details = NULL;
  g_autofree char *start = NULL;
  gint64 total = self->counts.pending_pairs + self->counts.decided_pairs;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  if (self->counts.pending_pairs > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s pair waiting for a decision",
                                            "%s pairs waiting for a decision",
                                            wn_provenance_plural_n (self->counts.pending_pairs)),
                               pending);
  else
    summary = g_strdup (_("Nothing waiting for a decision"));
  gtk_label_set_text (self->summary_label, summary);

  automatic_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s group merged automatically",
                                                 "%s groups merged automatically",
                                                 wn_provenance_plural_n (self->counts.duplicate_groups -
                                                                         self->counts.confirmed_groups)),
                                    automatic);
  confirmed_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s confirmed by a person",
                                                 "%s confirmed by a person",
                                                 wn_provenance_plural_n (self->counts.confirmed_groups)),
                                    confirmed);
  hidden_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s duplicate record not listed",
                                              "%s duplicate records not listed",
                                              wn_provenance_plural_n (self->counts.duplicate_records)),
                                 hidden);
  /* Translators: the duplicates page's counts: "300 groups merged
   * automatically · 2 confirmed by a person · 302 duplicate records not listed". */
  details = g_strdup_printf (C_("duplicates summary", "%s · %s · %s"), automatic_part, confirmed_part, hidden_part);
  gtk_label_set_text (self->details_label, details);

  gtk_widget_set_visible (self->progress_box, total > 0);
  if (total > 0)
    {
      g_autofree char *total_text = format_count (total);
      g_autofree char *progress = NULL;

      /* Translators: progress through the queue: "12 of 48 pairs decided". */
      progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s pair decided", "%s of %s pairs decided",
                                               wn_provenance_plural_n (total)),
                                  decided, total_text);
      gtk_label_set_text (self->progress_label, progress);
      gtk_progress_bar_set_fraction (self->progress_bar, (double) self->counts.decided_pairs / (double) total);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, progress,
                                      -1);
    }

  gtk_label_set_text (self->pending_count_label, pending);
  gtk_label_set_text (self->decided_count_label, decided);
  gtk_label_set_text (self->groups_count_label, groups);

  if (self->project_counts.records > 0)
    start = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Winnow compares the project’s %s record with the others that share a DOI, a PMID, the start of a title, an author and year, or a journal, volume and page. Certain duplicates are merged — nothing is deleted, and every merge can be undone — and possible ones wait here for you to decide.",
                                          "Winnow compares the project’s %s records with the others that share a DOI, a PMID, the start of a title, an author and year, or a journal, volume and page. Certain duplicates are merged — nothing is deleted, and every merge can be undone — and possible ones wait here for you to decide.",
                                          wn_provenance_plural_n (self->project_counts.records)),
                            records);
  else
    start = g_strdup (_("Import the results of your searches first: duplicates are found among the records of all of them."));
  gtk_label_set_text (self->start_label, start);
}

static void
wn_duplicates_view_update_running (WnDuplicatesView *self)
{
  g_autofree char *records = format_count (self->project_counts.records);
  g_autofree char *text = NULL;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Comparing %s record…", "Comparing %s records…",
                                       wn_provenance_plural_n (self->project_counts.records)),
                          records);
  gtk_label_set_text (self->start_running_label, text);
  gtk_widget_set_visible (self->start_running_box, self->running);
  gtk_widget_set_visible (self->start_stop_button, self->running);
  gtk_widget_set_visible (self->start_find_button, !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->run_spinner), self->running);
  gtk_widget_set_visible (self->stop_button, self->running);
  gtk_widget_set_visible (self->find_button, !self->running);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_spinner), text);
  if (self->running)
    {
      gtk_spinner_start (self->start_spinner);
      gtk_spinner_start (self->run_spinner);
    }
  else
    {
      gtk_spinner_stop (self->start_spinner);
      gtk_spinner_stop (self->run_spinner);
    }
}

static void
wn_duplicates_view_update_page (WnDuplicatesView *self)
{
  const char *page;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  if (!self->counts_loaded)
    page = "loading";
  else if (self->counts.runs == 0 && self->counts.duplicate_groups == 0 && self->counts.pending_pairs == 0)
    page = "start";
  else if (!self->lists_loaded)
    page = "loading";
  else
    page = "review";

  gtk_stack_set_visible_child_name (self->stack, page);
  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);
}

/* The comparison's place when nothing is selected: why. */
static void
wn_duplicates_view_show_empty (WnDuplicatesView *self)
{
  g_assert (WN_IS_DUPLICATES_VIEW (self));

  switch (current_list (self))
    {
    case LIST_PENDING:
      if (self->lists_loaded && g_list_model_get_n_items (G_LIST_MODEL (self->pending)) == 0)
        {
          g_autofree char *decided = format_count (self->counts.decided_pairs);
          g_autofree char *text = NULL;

          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Every possible pair has a decision (%s so far). Find duplicates again after importing more records; earlier decisions are kept.",
                                               "Every possible pair has a decision (%s so far). Find duplicates again after importing more records; earlier decisions are kept.",
                                               wn_provenance_plural_n (self->counts.decided_pairs)),
                                  decided);
          wn_dedup_comparison_show_message (self->comparison, "object-select-symbolic", _("Nothing Waiting"), text);
          return;
        }
      break;
    case LIST_DECIDED:
      if (self->lists_loaded && g_list_model_get_n_items (G_LIST_MODEL (self->decided)) == 0)
        {
          wn_dedup_comparison_show_message (self->comparison, "edit-undo-symbolic", _("No Decisions Yet"),
                                            _("Pairs you mark as duplicate or not duplicate are listed here, latest first, so any decision can be checked or taken back."));
          return;
        }
      break;
    case LIST_GROUPS:
      if (self->lists_loaded && g_list_model_get_n_items (G_LIST_MODEL (self->groups)) == 0)
        {
          wn_dedup_comparison_show_message (self->comparison, "edit-copy-symbolic", _("No Records Merged"),
                                            _("Records the engine is certain about, and pairs you mark as duplicates, are merged into groups listed here."));
          return;
        }
      break;
    default:
      break;
    }

  wn_dedup_comparison_show_message (self->comparison, NULL, _("Nothing Selected"),
                                    _("Select a pair or a group in the list to compare its records."));
}

/* ------------------------------------------------------------------------ */
/* Loading: counts, lists and the groups' titles in one thread               */

typedef struct
{
  WnDedupCounts    counts;
  WnProjectCounts  project_counts;
  GListModel      *pending;
  GListModel      *decided;
  GListModel      *groups;
  GHashTable      *kept;     /* new kept records: gint64 → WnRecordItem */
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_object (&snapshot->pending);
  g_clear_object (&snapshot->decided);
  g_clear_object (&snapshot->groups);
  g_clear_pointer (&snapshot->kept, g_hash_table_unref);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

typedef struct
{
  WnProject  *project;
  gboolean    with_lists;
  GHashTable *known;          /* the kept_items of the time, read only */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->project);
  g_clear_pointer (&data->known, g_hash_table_unref);
  g_free (data);
}

static GHashTable *
kept_table_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

static void
kept_table_insert (GHashTable   *table,
                   gint64        id,
                   WnRecordItem *item)
{
  g_hash_table_insert (table, g_memdup2 (&id, sizeof id), item);
}

/* Past this many titles to fetch, one pass over the records beats one
 * query each. */
#define KEPT_BY_ID_MAX 200

static gboolean
load_kept_titles (WnProject     *project,
                  GListModel    *groups,
                  GHashTable    *known,
                  GHashTable    *kept,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GHashTable) missing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  guint n = g_list_model_get_n_items (groups);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnDedupGroup) group = g_list_model_get_item (groups, i);
      gint64 id = wn_dedup_group_get_kept_id (group);

      if ((known == NULL || !g_hash_table_contains (known, &id)) && !g_hash_table_contains (missing, &id))
        g_hash_table_add (missing, g_memdup2 (&id, sizeof id));
    }

  if (g_hash_table_size (missing) > KEPT_BY_ID_MAX)
    {
      g_autoptr(GListModel) items = wn_project_list_record_items (project, WN_RECORD_QUERY_DEFAULT,
                                                                   cancellable, error);
      guint n_items;

      if (items == NULL)
        return FALSE;

      n_items = g_list_model_get_n_items (items);
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(WnRecordItem) item = g_list_model_get_item (items, i);
          gint64 id = wn_record_item_get_id (item);

          if (g_hash_table_remove (missing, &id))
            kept_table_insert (kept, id, g_steal_pointer (&item));
        }
    }

  /* A few, or any a kept record's listing missed. */
  g_hash_table_iter_init (&iter, missing);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *) key;
      WnRecordMeta meta = { 0 };
      g_autoptr(WnRecord) record = NULL;
      g_autofree char *authors = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      record = wn_project_get_record (project, id, &meta, NULL);
      if (record == NULL)
        continue;
      authors = wn_record_authors_display (record);
      /* meta.database may point into the project: copied here, in this thread. */
      kept_table_insert (kept, id,
                         wn_record_item_new (id, record->title, authors, record->year, record->journal,
                                             record->doi, meta.database));
    }

  return TRUE;
}

static void
wn_duplicates_view_load_thread (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(Snapshot) snapshot = g_new0 (Snapshot, 1);
  GError *error = NULL;

  if (!wn_dedup_get_counts (data->project, &snapshot->counts, &error) ||
      !wn_project_get_counts (data->project, &snapshot->project_counts, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->with_lists)
    {
      snapshot->kept = kept_table_new ();
      if ((snapshot->pending = wn_dedup_list_pairs (data->project, WN_DEDUP_PAIRS_PENDING, 0,
                                                    cancellable, &error)) == NULL ||
          (snapshot->decided = wn_dedup_list_pairs (data->project, WN_DEDUP_PAIRS_DECIDED, 0,
                                                    cancellable, &error)) == NULL ||
          (snapshot->groups = wn_dedup_list_groups (data->project, cancellable, &error)) == NULL ||
          !load_kept_titles (data->project, snapshot->groups, data->known, snapshot->kept, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&snapshot), (GDestroyNotify) snapshot_free);
}

static void
notify_counts (WnDuplicatesView    *self,
               const WnDedupCounts *before)
{
  if (before->duplicate_groups != self->counts.duplicate_groups)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_GROUPS]);
  if (before->pending_pairs != self->counts.pending_pairs)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  if (before->decided_pairs != self->counts.decided_pairs)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DECIDED]);
}

static void
wn_duplicates_view_set_list (WnDuplicatesView *self,
                             const char       *list);

static void
wn_duplicates_view_apply_snapshot (WnDuplicatesView *self,
                                   Snapshot         *snapshot)
{
  WnDedupCounts before = self->counts;
  gboolean was_loaded = self->lists_loaded;
  gboolean refocus;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  refocus = focus_is_here (self);

  self->counts = snapshot->counts;
  self->project_counts = snapshot->project_counts;
  self->counts_loaded = TRUE;

  if (snapshot->pending != NULL)
    {
      /* A new table, so a thread reading the old one is not disturbed. */
      GHashTable *kept = kept_table_new ();
      GHashTableIter iter;
      gpointer key;
      gpointer value;

      if (self->kept_items != NULL)
        {
          g_hash_table_iter_init (&iter, self->kept_items);
          while (g_hash_table_iter_next (&iter, &key, &value))
            kept_table_insert (kept, *(gint64 *) key, g_object_ref (value));
        }
      g_hash_table_iter_init (&iter, snapshot->kept);
      while (g_hash_table_iter_next (&iter, &key, &value))
        kept_table_insert (kept, *(gint64 *) key, g_object_ref (value));
      g_clear_pointer (&self->kept_items, g_hash_table_unref);
      self->kept_items = kept;

      self->lists_loaded = TRUE;
      release_row_focus (self);
      update_list (self, LIST_PENDING, snapshot->pending);
      update_list (self, LIST_DECIDED, snapshot->decided);
      update_list (self, LIST_GROUPS, snapshot->groups);
      self->follow_pair_id = 0;

      /* After a run, or when the page first shows, the list with work in
       * it, from the top. */
      if (self->after_run || !was_loaded)
        {
          if (self->after_run || g_str_equal (self->list, "pending"))
            wn_duplicates_view_set_list (self, self->counts.pending_pairs > 0 || self->counts.duplicate_groups == 0
                                               ? "pending" : "groups");
          if (self->after_run)
            select_position (self, current_list (self), 0);
          self->after_run = FALSE;
          refocus = refocus || gtk_widget_get_mapped (GTK_WIDGET (self));
        }
    }

  wn_duplicates_view_update_summary (self);
  wn_duplicates_view_update_page (self);
  wn_duplicates_view_update_actions (self);
  wn_duplicates_view_load_detail (self);

  if (!was_loaded && self->lists_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  notify_counts (self, &before);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (refocus && self->lists_loaded)
    focus_selected_row (self);

  if (self->records_changed)
    {
      self->records_changed = FALSE;
      g_signal_emit (self, signals[RECORDS_CHANGED], 0);
    }
}

static void
wn_duplicates_view_loaded_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(WnDuplicatesView) self = user_data;
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);

  if (snapshot == NULL)
    {
      /* The records page reports a project it cannot read; here the
       * summary line says so. */
      gtk_label_set_text (self->summary_label, error->message);
      gtk_label_set_text (self->start_label, error->message);
      self->counts_loaded = TRUE;
      wn_duplicates_view_update_page (self);
      wn_duplicates_view_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  wn_duplicates_view_apply_snapshot (self, snapshot);
}

/* Reads the counts, and the lists when the page has been shown. Not while
 * changes are waiting: the lists would bring back what they took out. */
static void
wn_duplicates_view_refresh (WnDuplicatesView *self,
                            gboolean          with_lists)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->project == NULL || self->change_running || !g_queue_is_empty (self->changes))
    return;

  data = g_new0 (LoadData, 1);
  data->project = g_object_ref (self->project);
  data->with_lists = with_lists && self->lists_wanted;
  data->known = self->kept_items != NULL ? g_hash_table_ref (self->kept_items) : NULL;

  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->load_cancellable, wn_duplicates_view_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_duplicates_view_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, wn_duplicates_view_load_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ------------------------------------------------------------------------ */
/* The comparison: the selected item's records, read in a thread             */

typedef struct
{
  GPtrArray  *members;  /* WnComparisonMember */
  GListModel *pairs;    /* a group's links, or NULL */
} Detail;

static void
detail_free (Detail *detail)
{
  g_clear_pointer (&detail->members, g_ptr_array_unref);
  g_clear_object (&detail->pairs);
  g_free (detail);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Detail, detail_free)

typedef struct
{
  WnProject *project;
  GArray    *ids;       /* record ids */
  gint64     group_id;  /* 0 for a pair */
} DetailData;

static void
detail_data_free (DetailData *data)
{
  g_clear_object (&data->project);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data);
}

static void
wn_duplicates_view_detail_thread (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
  DetailData *data = task_data;
  g_autoptr(Detail) detail = g_new0 (Detail, 1);
  GError *error = NULL;

  detail->members = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_comparison_member_free);
  for (guint i = 0; i < data->ids->len; i++)
    {
      gint64 id = g_array_index (data->ids, gint64, i);
      WnRecordMeta meta = { 0 };
      WnRecord *record;

      if (g_task_return_error_if_cancelled (task))
        return;

      record = wn_project_get_record (data->project, id, &meta, &error);
      if (record == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      /* meta.database may point into the project: copied here, in this thread. */
      g_ptr_array_add (detail->members,
                       wn_comparison_member_new (id, record, meta.database, meta.search_id, meta.duplicate_of));
    }

  if (data->group_id != 0)
    {
      detail->pairs = wn_dedup_list_pairs (data->project, WN_DEDUP_PAIRS_GROUP, data->group_id, cancellable, &error);
      if (detail->pairs == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&detail), (GDestroyNotify) detail_free);
}

static void
wn_duplicates_view_detail_done_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(WnDuplicatesView) self = user_data;
  g_autoptr(Detail) detail = NULL;
  g_autoptr(GError) error = NULL;

  detail = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled, so this is the newest request. */
  g_clear_object (&self->detail_cancellable);

  if (detail == NULL)
    wn_dedup_comparison_show_message (self->comparison, "dialog-warning-symbolic",
                                      _("Cannot Show These Records"), error->message);
  else if (WN_IS_DEDUP_PAIR (self->detail_item) && detail->members->len == 2)
    wn_dedup_comparison_show_pair (self->comparison, self->detail_item, detail->members);
  else if (WN_IS_DEDUP_GROUP (self->detail_item) && detail->members->len >= 2)
    wn_dedup_comparison_show_group (self->comparison, self->detail_item, detail->members, detail->pairs);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
wn_duplicates_view_load_detail (WnDuplicatesView *self)
{
  g_autoptr(GTask) task = NULL;
  DetailData *data;
  gpointer item;
  gint64 pair_id = 0;
  gint64 group_id = 0;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  item = self->lists_loaded ? gtk_single_selection_get_selected_item (list_selection (self, current_list (self)))
                            : NULL;
  if (WN_IS_DEDUP_PAIR (item))
    pair_id = wn_dedup_pair_get_id (item);
  else if (WN_IS_DEDUP_GROUP (item))
    group_id = wn_dedup_group_get_id (item);

  if (self->selected_pair_id != pair_id)
    {
      self->selected_pair_id = pair_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PAIR_ID]);
    }
  if (self->selected_group_id != group_id)
    {
      self->selected_group_id = group_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_GROUP_ID]);
    }

  /* The same object is shown, or on its way. */
  if (item != NULL && item == self->detail_item)
    return;

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_set_object (&self->detail_item, item);

  if (item == NULL || self->project == NULL)
    {
      wn_duplicates_view_show_empty (self);
      return;
    }

  /* The old pair stays up until the new one arrives, a few milliseconds
   * later: no flicker from one decision to the next. */
  data = g_new0 (DetailData, 1);
  data->project = g_object_ref (self->project);
  data->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (WN_IS_DEDUP_PAIR (item))
    {
      for (guint i = 0; i < 2; i++)
        {
          gint64 id = wn_dedup_pair_get_record_id (item, i);

          g_array_append_val (data->ids, id);
        }
    }
  else
    {
      guint n_members;
      const gint64 *members = wn_dedup_group_get_members (item, &n_members);

      g_array_append_vals (data->ids, members, n_members);
      data->group_id = group_id;
    }

  self->detail_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->detail_cancellable, wn_duplicates_view_detail_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_duplicates_view_load_detail);
  g_task_set_task_data (task, data, (GDestroyNotify) detail_data_free);
  g_task_run_in_thread (task, wn_duplicates_view_detail_thread);

  wn_duplicates_view_update_actions (self);
}

static void
wn_duplicates_view_selected_item_changed_cb (WnDuplicatesView   *self,
                                             GParamSpec         *pspec,
                                             GtkSingleSelection *selection)
{
  g_assert (WN_IS_DUPLICATES_VIEW (self));

  if (selection != list_selection (self, current_list (self)))
    return;

  wn_duplicates_view_load_detail (self);
  wn_duplicates_view_update_actions (self);
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                  */

static void
show_error (WnDuplicatesView *self,
            const char       *primary,
            const char       *secondary)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   "%s", primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Finding duplicates                                                        */

static void
wn_duplicates_view_show_report (WnDuplicatesView *self)
{
  const WnDedupReport *r = &self->report;
  g_autofree char *records = g_strdup_printf ("%'u", r->records);
  g_autofree char *compared = NULL;
  g_autofree char *certain = NULL;
  g_autofree char *possible = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  compared = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Compared %s record", "Compared %s records", r->records),
                              records);
  certain = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new certain pair merged", "%u new certain pairs merged",
                                          r->certain_pairs),
                             r->certain_pairs);
  possible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new possible pair to review",
                                           "%u new possible pairs to review", r->possible_pairs),
                              r->possible_pairs);
  if (r->seconds < 0.1)
    /* Translators: after a run: "Compared 612 records in under 0.1 s: 300
     * new certain pairs merged, 20 new possible pairs to review." */
    g_string_append_printf (text, _("%s in under 0.1 s: %s, %s."), compared, certain, possible);
  else
    /* Translators: after a run: "Compared 612 records in 0.3 s: 300 new
     * certain pairs merged, 20 new possible pairs to review." */
    g_string_append_printf (text, _("%s in %.1f s: %s, %s."), compared, r->seconds, certain, possible);
  if (r->held_pairs > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u certain pair waits for you: merging it would join two groups that disagree.",
                                           "%u certain pairs wait for you: merging them would join groups that disagree.",
                                           r->held_pairs),
                              r->held_pairs);
    }

  gtk_label_set_text (self->report_label, text->str);
  gtk_revealer_set_reveal_child (self->report_revealer, TRUE);
}

static void
wn_duplicates_view_run_done_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(WnDuplicatesView) self = user_data;
  g_autoptr(GError) error = NULL;
  WnDedupReport report = { 0 };
  gboolean ok;

  ok = wn_dedup_run_finish (WN_PROJECT (object), result, &report, &error);

  /* Gone, or another project since. */
  if (!self->running || WN_PROJECT (object) != self->project)
    return;

  self->running = FALSE;
  g_clear_object (&self->run_cancellable);
  wn_duplicates_view_update_running (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (ok)
    {
      self->report = report;
      self->after_run = TRUE;
      self->records_changed = TRUE;
      wn_duplicates_view_show_report (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_error (self, _("Cannot Find Duplicates"), error->message);
    }

  wn_duplicates_view_update_actions (self);
  wn_duplicates_view_refresh (self, TRUE);
}

static void
wn_duplicates_view_find_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);

  if (self->project == NULL || self->running || self->change_running)
    return;

  /* The lists come with the result. */
  self->lists_wanted = TRUE;
  self->running = TRUE;
  self->run_cancellable = g_cancellable_new ();
  gtk_revealer_set_reveal_child (self->report_revealer, FALSE);
  wn_duplicates_view_update_running (self);
  wn_duplicates_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  wn_dedup_run_async (self->project, WN_DEDUP_RUN_DEFAULT, self->run_cancellable,
                      wn_duplicates_view_run_done_cb, g_object_ref (self));
}

static void
wn_duplicates_view_stop_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);

  /* The run rolls back; the callback puts the page back. */
  g_cancellable_cancel (self->run_cancellable);
}

static void
wn_duplicates_view_dismiss_report_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);

  gtk_revealer_set_reveal_child (self->report_revealer, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Changes: one at a time, in a thread, in the order asked for               */

typedef enum
{
  CHANGE_DECIDE,
  CHANGE_UNDO_DECISIONS,
  CHANGE_CONFIRM_GROUP,
  CHANGE_UNDO_GROUP,
} ChangeKind;

typedef struct
{
  ChangeKind       kind;
  WnProject       *project;
  GArray          *ids;        /* pair ids, or the one group id */
  WnDedupDecision  decision;
  GArray          *undo_step;  /* the undo stack's entry for this change, or NULL */
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->project);
  g_clear_pointer (&change->ids, g_array_unref);
  g_clear_pointer (&change->undo_step, g_array_unref);
  g_free (change);
}

static Change *
change_new (WnDuplicatesView *self,
            ChangeKind        kind,
            GArray           *ids)
{
  Change *change = g_new0 (Change, 1);

  change->kind = kind;
  change->project = g_object_ref (self->project);
  change->ids = g_array_ref (ids);

  return change;
}

static void
wn_duplicates_view_change_thread (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
  Change *change = task_data;
  const gint64 *ids = (const gint64 *) change->ids->data;
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (change->kind)
    {
    case CHANGE_DECIDE:
      if (change->ids->len == 1)
        ok = wn_dedup_decide (change->project, ids[0], change->decision, &error);
      else
        ok = wn_dedup_decide_pairs (change->project, ids, change->ids->len, change->decision, &error);
      break;
    case CHANGE_UNDO_DECISIONS:
      /* Latest first, as they were made in order. A decision that is no
       * longer there (undoing a merge takes back the decisions that made
       * it) has nothing left to undo. */
      for (guint i = change->ids->len; ok && i-- > 0;)
        {
          ok = wn_dedup_undo_decision (change->project, ids[i], &error);
          if (!ok && g_error_matches (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND))
            {
              g_clear_error (&error);
              ok = TRUE;
            }
        }
      break;
    case CHANGE_CONFIRM_GROUP:
      ok = wn_dedup_confirm_group (change->project, ids[0], &error);
      break;
    case CHANGE_UNDO_GROUP:
      ok = wn_dedup_undo_group (change->project, ids[0], &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void wn_duplicates_view_next_change (WnDuplicatesView *self);

static void
drop_undo_step (WnDuplicatesView *self,
                GArray           *step)
{
  if (step != NULL)
    g_ptr_array_remove (self->undo_stack, step);
}

static void
wn_duplicates_view_change_done_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(WnDuplicatesView) self = user_data;
  g_autoptr(GError) error = NULL;
  Change *change = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* What was shown ahead of the project is wrong now: forget the rest
       * of the queue and read the lists again. */
      self->change_running = FALSE;
      drop_undo_step (self, change->undo_step);
      while (!g_queue_is_empty (self->changes))
        {
          Change *dropped = g_queue_pop_head (self->changes);

          drop_undo_step (self, dropped->undo_step);
          change_free (dropped);
        }
      self->records_changed = TRUE;
      show_error (self, _("Cannot Record This Decision"), error->message);
    }
  else
    {
      self->change_running = FALSE;
      if (change->kind != CHANGE_CONFIRM_GROUP)
        self->records_changed = TRUE;
    }

  wn_duplicates_view_next_change (self);
}

static void
wn_duplicates_view_next_change (WnDuplicatesView *self)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  if (self->change_running)
    return;

  change = g_queue_pop_head (self->changes);
  if (change == NULL)
    {
      wn_duplicates_view_update_actions (self);
      wn_duplicates_view_refresh (self, TRUE);
      return;
    }

  self->change_running = TRUE;
  task = g_task_new (NULL, self->change_cancellable, wn_duplicates_view_change_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_duplicates_view_next_change);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  g_task_run_in_thread (task, wn_duplicates_view_change_thread);
}

static void
wn_duplicates_view_queue_change (WnDuplicatesView *self,
                                 Change           *change)
{
  g_assert (WN_IS_DUPLICATES_VIEW (self));

  /* A snapshot read now would be older than this change. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  g_queue_push_tail (self->changes, change);
  wn_duplicates_view_next_change (self);
  wn_duplicates_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                   */

static WnDedupPair *
selected_pair (WnDuplicatesView *self)
{
  gpointer item;

  if (!self->lists_loaded || current_list (self) == LIST_GROUPS)
    return NULL;

  item = gtk_single_selection_get_selected_item (list_selection (self, current_list (self)));
  return WN_IS_DEDUP_PAIR (item) ? item : NULL;
}

static WnDedupGroup *
selected_group (WnDuplicatesView *self)
{
  gpointer item;

  if (!self->lists_loaded || current_list (self) != LIST_GROUPS)
    return NULL;

  item = gtk_single_selection_get_selected_item (self->groups_selection);
  return WN_IS_DEDUP_GROUP (item) ? item : NULL;
}

static void
wn_duplicates_view_update_actions (WnDuplicatesView *self)
{
  WnDedupPair *pair;
  WnDedupGroup *group;
  ListKind kind;
  gboolean idle;
  gboolean can_change;

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  kind = current_list (self);
  pair = selected_pair (self);
  group = selected_group (self);
  idle = !self->running && !self->change_running && g_queue_is_empty (self->changes);
  can_change = self->project != NULL && !self->running && self->dialog == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.find",
                                 self->project != NULL && idle && self->counts_loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.stop", self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.duplicate",
                                 can_change && pair != NULL &&
                                 wn_dedup_pair_get_decision (pair) != WN_DEDUP_DECISION_DUPLICATE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.distinct",
                                 can_change && pair != NULL &&
                                 wn_dedup_pair_get_decision (pair) != WN_DEDUP_DECISION_DISTINCT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.skip",
                                 kind == LIST_PENDING && pair != NULL &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->pending)) > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.withdraw",
                                 can_change && kind == LIST_DECIDED && pair != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.bulk-accept",
                                 can_change && kind == LIST_PENDING && pair != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.undo",
                                 can_change && self->undo_stack->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.confirm-group",
                                 can_change && group != NULL &&
                                 g_strcmp0 (wn_dedup_group_get_status (group), "confirmed") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.undo-group", can_change && group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.list", self->lists_loaded);

  /* The buttons that fit the list shown. */
  gtk_widget_set_visible (self->duplicate_button, kind != LIST_GROUPS);
  gtk_widget_set_visible (self->distinct_button, kind != LIST_GROUPS);
  gtk_widget_set_visible (self->skip_button, kind == LIST_PENDING);
  gtk_widget_set_visible (self->bulk_button, kind == LIST_PENDING);
  gtk_widget_set_visible (self->withdraw_button, kind == LIST_DECIDED);
  gtk_widget_set_visible (self->confirm_button, kind == LIST_GROUPS);
  gtk_widget_set_visible (self->undo_group_button, kind == LIST_GROUPS);
}

/* D and N: a decision on the selected pair. In the queue the pair leaves
 * at once and the next one is shown; the project catches up in a thread. */
static void
decide (WnDuplicatesView *self,
        WnDedupDecision   decision)
{
  WnDedupPair *pair = selected_pair (self);
  g_autoptr(GArray) ids = NULL;
  Change *change;
  gint64 id;

  if (pair == NULL || self->project == NULL || wn_dedup_pair_get_decision (pair) == decision)
    return;

  id = wn_dedup_pair_get_id (pair);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);

  change = change_new (self, CHANGE_DECIDE, ids);
  change->decision = decision;
  change->undo_step = g_array_ref (ids);
  g_ptr_array_add (self->undo_stack, g_array_ref (ids));

  if (current_list (self) == LIST_PENDING)
    {
      gboolean refocus = focus_is_here (self);

      release_row_focus (self);
      remove_pairs_now (self, LIST_PENDING, ids);
      if (refocus)
        focus_selected_row (self);
    }

  wn_duplicates_view_queue_change (self, change);
}

static void
wn_duplicates_view_duplicate_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  decide (WN_DUPLICATES_VIEW (widget), WN_DEDUP_DECISION_DUPLICATE);
}

static void
wn_duplicates_view_distinct_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  decide (WN_DUPLICATES_VIEW (widget), WN_DEDUP_DECISION_DISTINCT);
}

static void
wn_duplicates_view_skip_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pending));
  guint position = gtk_single_selection_get_selected (self->pending_selection);

  if (n == 0)
    return;

  /* The next pair, and from the last back to the first. */
  position = position == GTK_INVALID_LIST_POSITION || position + 1 >= n ? 0 : position + 1;
  select_position (self, LIST_PENDING, position);
  focus_selected_row (self);
}

/* U and Ctrl+Z: the last decision made on this page (a bulk accept is one
 * step), latest first. The pair goes back to the queue and is selected. */
static void
wn_duplicates_view_undo_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);
  g_autoptr(GArray) step = NULL;
  Change *change;

  if (self->undo_stack->len == 0 || self->project == NULL)
    return;

  step = g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1);
  change = change_new (self, CHANGE_UNDO_DECISIONS, step);
  self->follow_pair_id = g_array_index (step, gint64, 0);
  wn_duplicates_view_queue_change (self, change);
}

static void
wn_duplicates_view_withdraw_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);
  WnDedupPair *pair = selected_pair (self);
  g_autoptr(GArray) ids = NULL;
  gint64 id;

  if (pair == NULL || current_list (self) != LIST_DECIDED)
    return;

  id = wn_dedup_pair_get_id (pair);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);

  /* Undoing it again later would find no decision: out of every step.
   * Steps are shared with changes that may be running, so each is copied,
   * never edited. */
  for (guint i = self->undo_stack->len; i-- > 0;)
    {
      GArray *step = g_ptr_array_index (self->undo_stack, i);
      GArray *kept = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint j = 0; j < step->len; j++)
        if (g_array_index (step, gint64, j) != id)
          g_array_append_val (kept, g_array_index (step, gint64, j));

      if (kept->len == step->len)
        g_array_unref (kept);
      else if (kept->len == 0)
        {
          g_array_unref (kept);
          g_ptr_array_remove_index (self->undo_stack, i);
        }
      else
        {
          g_array_unref (step);
          g_ptr_array_index (self->undo_stack, i) = kept;
        }
    }

  release_row_focus (self);
  remove_pairs_now (self, LIST_DECIDED, ids);
  focus_selected_row (self);
  wn_duplicates_view_queue_change (self, change_new (self, CHANGE_UNDO_DECISIONS, ids));
}

static void
wn_duplicates_view_confirm_group_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);
  WnDedupGroup *group = selected_group (self);
  g_autoptr(GArray) ids = NULL;
  guint position;
  gint64 id;

  if (group == NULL)
    return;

  id = wn_dedup_group_get_id (group);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  wn_duplicates_view_queue_change (self, change_new (self, CHANGE_CONFIRM_GROUP, ids));

  /* On to the next group to check. */
  position = gtk_single_selection_get_selected (self->groups_selection);
  if (position + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->groups)))
    {
      select_position (self, LIST_GROUPS, position + 1);
      focus_selected_row (self);
    }
}

/* Dialogs: the bulk accept and the undoing of a merge ask first. */

static void
wn_duplicates_view_dialog_destroyed_cb (WnDuplicatesView *self,
                                        GtkWidget        *dialog)
{
  g_assert (WN_IS_DUPLICATES_VIEW (self));

  if (self->dialog == GTK_WINDOW (dialog))
    self->dialog = NULL;

  wn_duplicates_view_update_actions (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    focus_selected_row (self);
}

static GtkWidget *
create_dialog (WnDuplicatesView *self,
               const char       *primary)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", primary);
  self->dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "destroy",
                           G_CALLBACK (wn_duplicates_view_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  wn_duplicates_view_update_actions (self);

  return dialog;
}

/* The waiting pairs scoring at least threshold, best first. */
static GArray *
pairs_at_least (WnDuplicatesView *self,
                double            threshold)
{
  GListModel *model = G_LIST_MODEL (self->pending);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnDedupPair) pair = g_list_model_get_item (model, i);

      /* The threshold is shown with two decimals: compare as shown. */
      if (wn_dedup_pair_get_score (pair) >= threshold - 0.00001)
        {
          gint64 id = wn_dedup_pair_get_id (pair);

          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static void
bulk_update_cb (GtkSpinButton  *spin,
                GtkMessageDialog *dialog)
{
  WnDuplicatesView *self = g_object_get_data (G_OBJECT (dialog), "view");
  GtkWidget *accept = g_object_get_data (G_OBJECT (dialog), "accept");
  double threshold = gtk_spin_button_get_value (spin);
  g_autoptr(GArray) ids = pairs_at_least (self, threshold);
  guint n_waiting = g_list_model_get_n_items (G_LIST_MODEL (self->pending));
  g_autofree char *score = g_strdup_printf ("%.2f", threshold);
  g_autofree char *part = NULL;
  g_autofree char *secondary = NULL;
  g_autofree char *label = NULL;

  part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of the %u waiting pairs scores %s or more.",
                                       "%u of the %u waiting pairs score %s or more.", ids->len),
                          ids->len, n_waiting, score);
  /* Translators: %s says how many pairs the bulk accept takes. */
  secondary = g_strdup_printf (_("%s Each will be marked as duplicates and its records merged. Nothing is deleted, and U (Ctrl+Z) undoes them all at once."),
                               part);
  gtk_message_dialog_format_secondary_text (dialog, "%s", secondary);

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Mark %u Pair as Duplicates", "_Mark %u Pairs as Duplicates",
                                        ids->len),
                           ids->len);
  gtk_button_set_label (GTK_BUTTON (accept), label);
  gtk_widget_set_sensitive (accept, ids->len > 0);
  g_object_set_data_full (G_OBJECT (dialog), "ids", g_steal_pointer (&ids), (GDestroyNotify) g_array_unref);
}

static void
bulk_response_cb (WnDuplicatesView *self,
                  int               response,
                  GtkDialog        *dialog)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ids");

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  if (response == GTK_RESPONSE_ACCEPT && ids != NULL && ids->len > 0 && self->project != NULL)
    {
      Change *change = change_new (self, CHANGE_DECIDE, ids);

      change->decision = WN_DEDUP_DECISION_DUPLICATE;
      change->undo_step = g_array_ref (ids);
      g_ptr_array_add (self->undo_stack, g_array_ref (ids));
      release_row_focus (self);
      remove_pairs_now (self, LIST_PENDING, ids);
      wn_duplicates_view_queue_change (self, change);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
wn_duplicates_view_bulk_accept_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);
  WnDedupPair *pair = selected_pair (self);
  GtkWidget *dialog;
  GtkWidget *area;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *spin;
  GtkWidget *accept;
  double threshold;

  if (pair == NULL || current_list (self) != LIST_PENDING || self->dialog != NULL)
    return;

  /* From the top of the queue down to the selected pair. */
  threshold = floor (wn_dedup_pair_get_score (pair) * 100.0 + 0.00001) / 100.0;

  dialog = create_dialog (self, _("Mark the Best-Scoring Pairs as Duplicates?"));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  accept = gtk_dialog_add_button (GTK_DIALOG (dialog), "", GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  label = gtk_label_new_with_mnemonic (_("Lowest _score"));
  spin = gtk_spin_button_new_with_range (0.0, 1.0, 0.01);
  gtk_widget_set_tooltip_text (spin, _("Accept every waiting pair whose score is at least this (0 to 1)"));
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), threshold);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (area), box);

  g_object_set_data (G_OBJECT (dialog), "view", self);
  g_object_set_data (G_OBJECT (dialog), "accept", accept);
  g_signal_connect (spin, "value-changed", G_CALLBACK (bulk_update_cb), dialog);
  bulk_update_cb (GTK_SPIN_BUTTON (spin), GTK_MESSAGE_DIALOG (dialog));

  g_signal_connect_object (dialog, "response", G_CALLBACK (bulk_response_cb), self, G_CONNECT_SWAPPED);
  /* Enter accepts: the spin button would keep it. */
  gtk_window_set_focus (GTK_WINDOW (dialog), accept);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_group_response_cb (WnDuplicatesView *self,
                        int               response,
                        GtkDialog        *dialog)
{
  gint64 group_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "group-id"));

  g_assert (WN_IS_DUPLICATES_VIEW (self));

  if (response == GTK_RESPONSE_ACCEPT && group_id > 0 && self->project != NULL)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_array_append_val (ids, group_id);
      release_row_focus (self);
      remove_pairs_now (self, LIST_GROUPS, ids);
      wn_duplicates_view_queue_change (self, change_new (self, CHANGE_UNDO_GROUP, ids));
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
wn_duplicates_view_undo_group_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);
  WnDedupGroup *group = selected_group (self);
  GtkWidget *dialog;
  GtkWidget *button;
  g_autofree char *secondary = NULL;
  guint n_members;

  if (group == NULL || self->dialog != NULL)
    return;

  wn_dedup_group_get_members (group, &n_members);
  dialog = create_dialog (self, _("Undo This Merge?"));
  secondary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Its %u record will be listed on its own again.",
                                            "Its %u records will each be listed on their own again, as before the merge. The links between them will wait in the queue for a person, so finding duplicates again will not merge them.",
                                            n_members),
                               n_members);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Undo Merge"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  g_object_set_data (G_OBJECT (dialog), "group-id", GSIZE_TO_POINTER ((gsize) wn_dedup_group_get_id (group)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_group_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_set_focus (GTK_WINDOW (dialog), button);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Which list: "pending", "decided" or "groups" (duplicates.list). */
static void
wn_duplicates_view_set_list (WnDuplicatesView *self,
                             const char       *list)
{
  g_assert (WN_IS_DUPLICATES_VIEW (self));
  g_return_if_fail (g_strcmp0 (list, "pending") == 0 || g_strcmp0 (list, "decided") == 0 ||
                    g_strcmp0 (list, "groups") == 0);

  if (g_strcmp0 (self->list, list) == 0)
    return;

  g_free (self->list);
  self->list = g_strdup (list);
  gtk_stack_set_visible_child_name (self->list_stack, list);

  wn_duplicates_view_load_detail (self);
  wn_duplicates_view_update_actions (self);
  if (focus_is_here (self))
    focus_selected_row (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

/* ------------------------------------------------------------------------ */
/* The widget                                                                */

static void
wn_duplicates_view_map (GtkWidget *widget)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);

  GTK_WIDGET_CLASS (wn_duplicates_view_parent_class)->map (widget);

  /* The lists cost a query each: read them the first time they are seen. */
  if (!self->lists_wanted)
    {
      self->lists_wanted = TRUE;
      if (self->project != NULL && !self->running)
        wn_duplicates_view_refresh (self, TRUE);
    }
}

static gboolean
wn_duplicates_view_grab_focus (GtkWidget *widget)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "start") == 0)
    return gtk_widget_grab_focus (self->start_find_button);

  if (g_strcmp0 (page, "review") == 0)
    {
      focus_selected_row (self);
      return TRUE;
    }

  return gtk_widget_grab_focus (GTK_WIDGET (self->stack));
}

/* The page's keys. Not class bindings (which run only when the focus is
 * inside the page): a reviewer types D, N, D… faster than a removed row's
 * focus finds its way back, so the keys are handed to the window (scope
 * "managed"), which runs them while this page is shown, wherever the focus
 * is. Ctrl+Shift+A is also GtkListView's "unselect all": it runs in the
 * capture phase, before the list sees it. */
static const struct
{
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *action;
} page_keys[] = {
  { GDK_KEY_d, 0, "duplicates.duplicate" },
  { GDK_KEY_n, 0, "duplicates.distinct" },
  { GDK_KEY_s, 0, "duplicates.skip" },
  { GDK_KEY_u, 0, "duplicates.undo" },
  { GDK_KEY_z, GDK_CONTROL_MASK, "duplicates.undo" },
  { GDK_KEY_c, 0, "duplicates.confirm-group" },
  { GDK_KEY_Delete, GDK_CONTROL_MASK, "duplicates.undo-group" },
  { GDK_KEY_KP_Delete, GDK_CONTROL_MASK, "duplicates.undo-group" },
  { GDK_KEY_r, GDK_CONTROL_MASK, "duplicates.find" },
  { GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "duplicates.bulk-accept" },
};

static void
add_page_keys (WnDuplicatesView *self)
{
  GtkEventController *bubble = gtk_shortcut_controller_new ();
  GtkEventController *capture = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (bubble), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (capture), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (capture, GTK_PHASE_CAPTURE);

  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (page_keys[i].keyval, page_keys[i].modifiers),
                                                gtk_named_action_new (page_keys[i].action));

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (page_keys[i].keyval == GDK_KEY_a ? capture
                                                                                                      : bubble),
                                            shortcut);
    }

  gtk_widget_add_controller (GTK_WIDGET (self), bubble);
  gtk_widget_add_controller (GTK_WIDGET (self), capture);
}

static void
wn_duplicates_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_string (value, self->list);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->lists_loaded);
      break;
    case PROP_N_GROUPS:
      g_value_set_int64 (value, self->counts.duplicate_groups);
      break;
    case PROP_N_PENDING:
      g_value_set_int64 (value, self->counts.pending_pairs);
      break;
    case PROP_N_DECIDED:
      g_value_set_int64 (value, self->counts.decided_pairs);
      break;
    case PROP_SELECTED_PAIR_ID:
      g_value_set_int64 (value, self->selected_pair_id);
      break;
    case PROP_SELECTED_GROUP_ID:
      g_value_set_int64 (value, self->selected_group_id);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, wn_duplicates_view_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_duplicates_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      wn_duplicates_view_set_list (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_duplicates_view_cancel_all (WnDuplicatesView *self)
{
  g_assert (WN_IS_DUPLICATES_VIEW (self));

  /* Results that arrive later find nothing to update. */
  self->running = FALSE;
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_cancellable_cancel (self->change_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_object (&self->change_cancellable);
  self->change_cancellable = g_cancellable_new ();
  self->change_running = FALSE;
  g_queue_clear_full (self->changes, (GDestroyNotify) change_free);
  g_ptr_array_set_size (self->undo_stack, 0);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
}

static void
wn_duplicates_view_dispose (GObject *object)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (object);

  wn_duplicates_view_cancel_all (self);
  g_clear_object (&self->change_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_DUPLICATES_VIEW);

  g_clear_object (&self->detail_item);
  g_clear_object (&self->pending);
  g_clear_object (&self->decided);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->kept_items, g_hash_table_unref);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (wn_duplicates_view_parent_class)->dispose (object);
}

static void
wn_duplicates_view_finalize (GObject *object)
{
  WnDuplicatesView *self = WN_DUPLICATES_VIEW (object);

  g_queue_free (self->changes);
  g_ptr_array_unref (self->undo_stack);
  g_free (self->list);

  G_OBJECT_CLASS (wn_duplicates_view_parent_class)->finalize (object);
}

static void
wn_duplicates_view_class_init (WnDuplicatesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_duplicates_view_dispose;
  object_class->finalize = wn_duplicates_view_finalize;
  object_class->get_property = wn_duplicates_view_get_property;
  object_class->set_property = wn_duplicates_view_set_property;

  widget_class->map = wn_duplicates_view_map;
  widget_class->grab_focus = wn_duplicates_view_grab_focus;

  /* "pending", "decided" or "groups": the list shown (duplicates.list). */
  properties[PROP_LIST] =
    g_param_spec_string ("list", NULL, NULL, "pending",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_GROUPS] =
    g_param_spec_int64 ("n-groups", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_int64 ("n-pending", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DECIDED] =
    g_param_spec_int64 ("n-decided", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_PAIR_ID] =
    g_param_spec_int64 ("selected-pair-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_GROUP_ID] =
    g_param_spec_int64 ("selected-group-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A run, a change or a read under way (notified on each step). */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WnDuplicatesView::records-changed:
   *
   * Records were merged or split: which records are duplicates changed, so
   * the records list (which leaves duplicates out) is out of date.
   */
  signals[RECORDS_CHANGED] =
    g_signal_new ("records-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (WN_TYPE_DEDUP_COMPARISON);
  g_type_ensure (WN_TYPE_DEDUP_PAIR);
  g_type_ensure (WN_TYPE_DEDUP_GROUP);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnduplicatesview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-duplicates-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, stack);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, start_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, start_find_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, start_stop_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, start_running_box);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, start_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, start_running_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, details_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, run_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, find_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, report_revealer);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, report_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, paned);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, pending_count_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, decided_count_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, groups_count_label);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, pending_stack);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, decided_stack);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, groups_stack);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, pending_view);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, decided_view);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, groups_view);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, pending_selection);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, decided_selection);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, groups_selection);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, comparison);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, action_separator);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, action_bar);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, distinct_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, skip_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, undo_group_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, bulk_button);
  gtk_widget_class_bind_template_child (widget_class, WnDuplicatesView, undo_button);
  gtk_widget_class_bind_template_callback (widget_class, wn_duplicates_view_row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_duplicates_view_row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_duplicates_view_selected_item_changed_cb);

  gtk_widget_class_install_action (widget_class, "duplicates.find", NULL, wn_duplicates_view_find_action);
  gtk_widget_class_install_action (widget_class, "duplicates.stop", NULL, wn_duplicates_view_stop_action);
  gtk_widget_class_install_action (widget_class, "duplicates.dismiss-report", NULL,
                                   wn_duplicates_view_dismiss_report_action);
  gtk_widget_class_install_action (widget_class, "duplicates.duplicate", NULL, wn_duplicates_view_duplicate_action);
  gtk_widget_class_install_action (widget_class, "duplicates.distinct", NULL, wn_duplicates_view_distinct_action);
  gtk_widget_class_install_action (widget_class, "duplicates.skip", NULL, wn_duplicates_view_skip_action);
  gtk_widget_class_install_action (widget_class, "duplicates.undo", NULL, wn_duplicates_view_undo_action);
  gtk_widget_class_install_action (widget_class, "duplicates.withdraw", NULL, wn_duplicates_view_withdraw_action);
  gtk_widget_class_install_action (widget_class, "duplicates.bulk-accept", NULL,
                                   wn_duplicates_view_bulk_accept_action);
  gtk_widget_class_install_action (widget_class, "duplicates.confirm-group", NULL,
                                   wn_duplicates_view_confirm_group_action);
  gtk_widget_class_install_action (widget_class, "duplicates.undo-group", NULL,
                                   wn_duplicates_view_undo_group_action);
  /* Stateful, from the "list" property: the three toggle buttons. */
  gtk_widget_class_install_property_action (widget_class, "duplicates.list", "list");
}

static void
wn_duplicates_view_init (WnDuplicatesView *self)
{
  self->list = g_strdup ("pending");
  self->changes = g_queue_new ();
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->change_cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Tab leaves the lists; the arrows move within them. */
  wn_list_tab_leaves (GTK_WIDGET (self->pending_view));
  wn_list_tab_leaves (GTK_WIDGET (self->decided_view));
  wn_list_tab_leaves (GTK_WIDGET (self->groups_view));

  self->pending = g_list_store_new (WN_TYPE_DEDUP_PAIR);
  self->decided = g_list_store_new (WN_TYPE_DEDUP_PAIR);
  self->groups = g_list_store_new (WN_TYPE_DEDUP_GROUP);
  gtk_single_selection_set_model (self->pending_selection, G_LIST_MODEL (self->pending));
  gtk_single_selection_set_model (self->decided_selection, G_LIST_MODEL (self->decided));
  gtk_single_selection_set_model (self->groups_selection, G_LIST_MODEL (self->groups));

  add_page_keys (self);

  wn_duplicates_view_update_summary (self);
  wn_duplicates_view_update_running (self);
  wn_duplicates_view_update_page (self);
  wn_duplicates_view_update_actions (self);
}

GtkWidget *
wn_duplicates_view_new (void)
{
  return g_object_new (WN_TYPE_DUPLICATES_VIEW, NULL);
}

void
wn_duplicates_view_set_project (WnDuplicatesView *self,
                                WnProject        *project)
{
  WnDedupCounts before;

  g_return_if_fail (WN_IS_DUPLICATES_VIEW (self));
  g_return_if_fail (project == NULL || WN_IS_PROJECT (project));

  if (self->project == project)
    return;

  before = self->counts;
  wn_duplicates_view_cancel_all (self);
  g_set_object (&self->project, project);

  memset (&self->counts, 0, sizeof self->counts);
  memset (&self->project_counts, 0, sizeof self->project_counts);
  self->counts_loaded = FALSE;
  self->lists_loaded = FALSE;
  self->after_run = FALSE;
  self->records_changed = FALSE;
  self->follow_pair_id = 0;
  g_clear_object (&self->detail_item);
  g_clear_pointer (&self->kept_items, g_hash_table_unref);
  g_list_store_remove_all (self->pending);
  g_list_store_remove_all (self->decided);
  g_list_store_remove_all (self->groups);
  gtk_revealer_set_reveal_child (self->report_revealer, FALSE);
  wn_duplicates_view_set_list (self, "pending");

  wn_duplicates_view_update_summary (self);
  wn_duplicates_view_update_running (self);
  wn_duplicates_view_update_page (self);
  wn_duplicates_view_update_actions (self);
  wn_duplicates_view_load_detail (self);
  notify_counts (self, &before);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (project != NULL)
    wn_duplicates_view_refresh (self, TRUE);
}

void
wn_duplicates_view_reload (WnDuplicatesView *self)
{
  g_return_if_fail (WN_IS_DUPLICATES_VIEW (self));

  if (!self->running)
    wn_duplicates_view_refresh (self, TRUE);
}

gboolean
wn_duplicates_view_get_loaded (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), FALSE);

  return self->lists_loaded;
}

gint64
wn_duplicates_view_get_n_runs (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->counts.runs;
}

gint64
wn_duplicates_view_get_n_groups (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->counts.duplicate_groups;
}

gint64
wn_duplicates_view_get_n_confirmed (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->counts.confirmed_groups;
}

gint64
wn_duplicates_view_get_n_pending (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->counts.pending_pairs;
}

gint64
wn_duplicates_view_get_n_decided (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->counts.decided_pairs;
}

gint64
wn_duplicates_view_get_n_duplicate_records (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->counts.duplicate_records;
}

const char *
wn_duplicates_view_get_list (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), NULL);

  return self->list;
}

gint64
wn_duplicates_view_get_selected_pair_id (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->selected_pair_id;
}

gint64
wn_duplicates_view_get_selected_group_id (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->selected_group_id;
}

/* "auto" or "confirmed", NULL when no group is selected. */
const char *
wn_duplicates_view_get_selected_group_status (WnDuplicatesView *self)
{
  WnDedupGroup *group;

  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), NULL);

  group = selected_group (self);
  return group != NULL ? wn_dedup_group_get_status (group) : NULL;
}

gboolean
wn_duplicates_view_get_running (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), FALSE);

  return self->running;
}

gboolean
wn_duplicates_view_get_busy (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), FALSE);

  return self->running || self->change_running || !g_queue_is_empty (self->changes) ||
         self->load_cancellable != NULL || self->detail_cancellable != NULL;
}

guint
wn_duplicates_view_get_n_undo (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return self->undo_stack->len;
}

guint
wn_duplicates_view_get_n_differences (WnDuplicatesView *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATES_VIEW (self), 0);

  return wn_dedup_comparison_get_n_differences (self->comparison);
}
