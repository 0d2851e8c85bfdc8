/* wn-conflicts-view.c — the conflicts page: the adjudicator settles disagreements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the left the records whose votes disagree at the stage shown
 * (wn_project_list_conflicts); on the right the selected record, large,
 * and — only when the lead has ended blinding — the votes in force side by
 * side: who, what, the reason and the note. While the review is blind the
 * page says so, and offers the lead "End Blinding".
 *
 * Only an adjudicator or the lead settles a conflict
 * (wn_project_adjudicate); anyone else is told why, and offered to switch
 * reviewer. Keys (while the page is shown, outside text entries): I
 * include, E exclude, 1–9 choose an exclusion reason (after an E at full
 * text without one, the digit completes it), ↑ ↓ (or ← →) the previous and
 * next conflict, Escape cancels the reason prompt. A settled conflict
 * leaves the list at once and the next one is selected; the write runs in
 * a thread, and a failure is reported and the list read again.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "wn-accessibility.h"
#include "wn-conflicts-view.h"
#include "wn-highlight.h"
#include "wn-screening-dialogs.h"
#include "wn-screening-record.h"
#include "wn-screening.h"

struct _WnConflictsView
{
  GtkWidget          parent_instance;

  GtkLabel          *count_label;
  GtkLabel          *who_label;
  GtkRevealer       *info_revealer;
  GtkImage          *info_icon;
  GtkLabel          *info_label;
  GtkWidget         *blind_button;
  GtkWidget         *switch_button;
  GtkStack          *stack;
  GtkSpinner        *loading_spinner;
  GtkLabel          *empty_label;
  GtkPaned          *paned;
  GtkListBox        *list;
  WnScreeningRecord *record;
  GtkWidget         *votes_box;
  GtkWidget         *hidden_label;
  GtkRevealer       *prompt_revealer;
  GtkLabel          *prompt_label;
  GtkLabel          *reasons_label;
  GtkWidget         *include_button;
  GtkWidget         *exclude_button;
  GtkLabel          *exclude_label;

  WnProject         *project;
  char              *identity;
  WnStage            stage;

  gboolean           loaded;
  gboolean           loading;
  int                busy;              /* writes under way */
  GPtrArray         *conflicts;         /* Item, in list order */
  GPtrArray         *reasons;           /* WnReason, active */
  char              *role;              /* the identity's, NULL when not a reviewer */
  gboolean           blind;
  gint64             follow_record_id;
  int                reason_index;
  gboolean           prompt;

  GCancellable      *load_cancellable;
  GCancellable      *write_cancellable;
  gboolean           disposed;
};

G_DEFINE_FINAL_TYPE (WnConflictsView, wn_conflicts_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STATE_CHANGED,
  DECISIONS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One conflict, with its record (read with the list: conflicts are few). */
typedef struct
{
  WnConflict *conflict;
  WnRecord   *record;
  char       *error;
} Item;

static void
item_free (Item *item)
{
  g_clear_pointer (&item->conflict, wn_conflict_free);
  g_clear_pointer (&item->record, wn_record_free);
  g_free (item->error);
  g_free (item);
}

static void wn_conflicts_view_load (WnConflictsView *self);
static void update_actions         (WnConflictsView *self);

static void
state_changed (WnConflictsView *self)
{
  if (self->disposed)
    return;
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

static gboolean
can_adjudicate (WnConflictsView *self)
{
  return self->role != NULL &&
         (g_str_equal (self->role, "adjudicator") || g_str_equal (self->role, "lead"));
}

static Item *
selected_item (WnConflictsView *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index;

  if (row == NULL || self->conflicts == NULL)
    return NULL;

  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->conflicts->len)
    return NULL;

  return g_ptr_array_index (self->conflicts, index);
}

static gboolean
focus_is_text (WnConflictsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL &&
         (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus) ||
          gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL);
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

typedef struct
{
  char      *identity;
  WnStage    stage;
  GPtrArray *items;
  GPtrArray *reasons;
  char      *role;
  gboolean   blind;
  WnHighlighter *highlighter;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_free (snapshot->identity);
  g_clear_pointer (&snapshot->items, g_ptr_array_unref);
  g_clear_pointer (&snapshot->reasons, g_ptr_array_unref);
  g_free (snapshot->role);
  g_clear_pointer (&snapshot->highlighter, wn_highlighter_unref);
  g_free (snapshot);
}

static void
wn_conflicts_view_load_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  WnProject *project = g_object_get_data (G_OBJECT (task), "project");
  Snapshot *snapshot = task_data;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) reviewers = NULL;
  GError *error = NULL;

  reviewers = wn_project_list_reviewers (project, &error);
  if (reviewers == NULL)
    goto failed;
  for (guint i = 0; i < reviewers->len; i++)
    {
      WnReviewer *reviewer = g_ptr_array_index (reviewers, i);

      if (snapshot->identity != NULL && g_strcmp0 (reviewer->name, snapshot->identity) == 0)
        snapshot->role = g_strdup (reviewer->role);
    }

  snapshot->blind = wn_project_get_blind (project);

  /* The same marks as on the screening page; none if a term is unusable
   * (the screening page says which). */
  {
    g_autofree char *include_terms = NULL;
    g_autofree char *exclude_terms = NULL;

    if (!wn_project_get_highlight_terms (project, &include_terms, &exclude_terms, &error))
      goto failed;
    snapshot->highlighter = wn_highlighter_new (include_terms, exclude_terms, NULL);
  }

  snapshot->reasons = wn_project_list_reasons (project, FALSE, &error);
  if (snapshot->reasons == NULL)
    goto failed;

  conflicts = wn_project_list_conflicts (project, snapshot->stage, &error);
  if (conflicts == NULL)
    goto failed;

  /* Each conflict moves into an item, in the store's order. */
  snapshot->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  for (guint i = 0; i < conflicts->len; i++)
    {
      Item *item = g_new0 (Item, 1);

      item->conflict = g_ptr_array_index (conflicts, i);
      g_ptr_array_add (snapshot->items, item);
    }
  g_free (g_ptr_array_steal (conflicts, NULL));

  for (guint i = 0; i < snapshot->items->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Item *item = g_ptr_array_index (snapshot->items, i);
      g_autoptr(GError) record_error = NULL;

      item->record = wn_project_get_record (project, item->conflict->record_id, NULL, &record_error);
      if (item->record == NULL)
        item->error = g_strdup (record_error->message);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, error);
}

static GtkWidget *
create_row (Item *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title;
  GtkWidget *detail;
  g_autofree char *detail_text = NULL;

  title = gtk_label_new (item->record != NULL && item->record->title != NULL ? item->record->title
                                                                             : _("(no title)"));
  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (GTK_BOX (box), title);

  /* Translators: the record's number in the conflicts list. */
  detail_text = g_strdup_printf (_("Record %" PRId64), item->conflict->record_id);
  detail = gtk_label_new (detail_text);
  gtk_label_set_xalign (GTK_LABEL (detail), 0.0f);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), detail);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static const char *
verdict_text (WnVerdict verdict)
{
  switch (verdict)
    {
    case WN_VERDICT_INCLUDE:
      return _("Include");
    case WN_VERDICT_EXCLUDE:
      return _("Exclude");
    case WN_VERDICT_MAYBE:
      return _("Maybe");
    case WN_VERDICT_NONE:
    default:
      return _("No vote");
    }
}

static GtkWidget *
create_vote_card (WnDecision *vote)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (vote->reviewer);
  GtkWidget *verdict = gtk_label_new (verdict_text (vote->verdict));

  gtk_widget_add_css_class (card, "wn-vote-card");
  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (line), name);
  gtk_widget_add_css_class (verdict, "wn-vote-badge");
  gtk_widget_add_css_class (verdict, wn_verdict_to_string (vote->verdict));
  gtk_box_append (GTK_BOX (line), verdict);
  gtk_box_append (GTK_BOX (card), line);

  if (vote->reason != NULL)
    {
      g_autofree char *text = NULL;
      GtkWidget *label;

      /* Translators: an exclusion reason on a vote. */
      text = g_strdup_printf (_("Reason: %s"), vote->reason);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (card), label);
    }
  if (vote->note != NULL)
    {
      g_autofree char *text = NULL;
      GtkWidget *label;

      /* Translators: a reviewer's note on a vote. */
      text = g_strdup_printf (_("Note: %s"), vote->note);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_focusable (label, FALSE);
      gtk_box_append (GTK_BOX (card), label);
    }

  return card;
}

static void
set_prompt (WnConflictsView *self,
            gboolean         prompt)
{
  self->prompt = prompt;
  gtk_label_set_text (self->prompt_label,
                      self->reasons != NULL && self->reasons->len > 0
                      ? _("An exclusion at full text needs a reason: press 1–9. Escape cancels.")
                      : _("An exclusion at full text needs a reason, and the project has none yet. Add them under Lead Tools on the Screening page."));
  gtk_revealer_set_reveal_child (self->prompt_revealer, prompt);
}

static const char *
chosen_reason (WnConflictsView *self)
{
  if (self->reason_index < 0 || self->reasons == NULL || (guint) self->reason_index >= self->reasons->len)
    return NULL;

  return ((WnReason *) g_ptr_array_index (self->reasons, self->reason_index))->label;
}

static void
update_reasons (WnConflictsView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *chosen = chosen_reason (self);

  for (guint i = 0; self->reasons != NULL && i < self->reasons->len && i < 9; i++)
    {
      WnReason *reason = g_ptr_array_index (self->reasons, i);
      g_autofree char *escaped = g_markup_escape_text (reason->label, -1);

      if (text->len > 0)
        g_string_append (text, "   ");
      if ((int) i == self->reason_index)
        g_string_append_printf (text, "<b>%u %s</b>", i + 1, escaped);
      else
        g_string_append_printf (text, "%u %s", i + 1, escaped);
    }
  if (text->len > 0)
    {
      /* Translators: before the list of exclusion reasons and their keys. */
      g_string_prepend (text, _("Reasons: "));
    }
  gtk_label_set_markup (self->reasons_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_label), text->len > 0);

  /* The Exclude button says the reason it will give. */
  gtk_label_set_text (self->exclude_label, chosen != NULL ? chosen : "");
  gtk_widget_set_visible (GTK_WIDGET (self->exclude_label), chosen != NULL);
}

static void
show_selected (WnConflictsView *self)
{
  Item *item = selected_item (self);
  GtkWidget *child;
  guint n_votes = 0;

  while ((child = gtk_widget_get_first_child (self->votes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->votes_box), child);

  if (item == NULL)
    {
      wn_screening_record_clear (self->record);
      gtk_widget_set_visible (self->hidden_label, FALSE);
      update_actions (self);
      return;
    }

  if (item->record != NULL)
    wn_screening_record_show (self->record, item->conflict->record_id, item->record);
  else
    wn_screening_record_show_error (self->record, item->error);
  wn_screening_record_scroll_to_top (self->record);

  /* Blind: the page has the votes (the store returns them with the
   * conflict) but never shows them. */
  if (!self->blind)
    for (guint i = 0; item->conflict->votes != NULL && i < item->conflict->votes->len; i++)
      {
        WnDecision *vote = g_ptr_array_index (item->conflict->votes, i);

        gtk_box_append (GTK_BOX (self->votes_box), create_vote_card (vote));
        n_votes++;
      }
  gtk_widget_set_visible (self->votes_box, n_votes > 0);
  /* The banner says it already to whoever may settle. */
  gtk_widget_set_visible (self->hidden_label, self->blind && !can_adjudicate (self));

  update_actions (self);
}

static void
update_info (WnConflictsView *self)
{
  g_autofree char *text = NULL;
  gboolean is_lead = g_strcmp0 (self->role, "lead") == 0;
  gboolean show_blind_button = FALSE;
  gboolean show_switch = FALSE;

  if (!self->loaded)
    {
      gtk_revealer_set_reveal_child (self->info_revealer, FALSE);
      return;
    }

  if (!can_adjudicate (self))
    {
      if (self->role != NULL)
        /* Translators: %s is a person's name. */
        text = g_strdup_printf (_("Only an adjudicator or the lead settles conflicts, and %s is a reviewer."),
                                self->identity);
      else if (self->identity != NULL)
        text = g_strdup_printf (_("Only an adjudicator or the lead settles conflicts, and “%s” is not one of this review’s reviewers."),
                                self->identity);
      else
        text = g_strdup (_("Only an adjudicator or the lead settles conflicts."));
      gtk_image_set_from_icon_name (self->info_icon, "dialog-information-symbolic");
      show_switch = TRUE;
    }
  else if (self->blind)
    {
      if (is_lead)
        text = g_strdup (_("The review is blind: the reviewers’ votes stay hidden. End blinding to compare them here; you can settle conflicts either way."));
      else
        text = g_strdup (_("The review is blind: the reviewers’ votes stay hidden until the lead ends blinding. You can settle conflicts from the record itself."));
      gtk_image_set_from_icon_name (self->info_icon, "changes-prevent-symbolic");
      show_blind_button = is_lead;
    }

  if (text != NULL)
    gtk_label_set_text (self->info_label, text);
  gtk_widget_set_visible (self->blind_button, show_blind_button);
  gtk_widget_set_visible (self->switch_button, show_switch);
  gtk_revealer_set_reveal_child (self->info_revealer, text != NULL);

  if (self->identity != NULL)
    {
      g_autofree char *who = g_strdup_printf (_("Settling as %s"), self->identity);

      gtk_label_set_text (self->who_label, who);
    }
}

static void
update_count (WnConflictsView *self)
{
  guint n = self->conflicts != NULL ? self->conflicts->len : 0;
  g_autofree char *text = NULL;

  text = g_strdup_printf (self->stage == WN_STAGE_FT
                          ? g_dngettext (GETTEXT_PACKAGE, "%u conflict at full text", "%u conflicts at full text", n)
                          : g_dngettext (GETTEXT_PACKAGE, "%u conflict at title and abstract",
                                         "%u conflicts at title and abstract", n),
                          n);
  gtk_label_set_text (self->count_label, text);
}

static void
update_page (WnConflictsView *self)
{
  const char *page;

  if (!self->loaded)
    page = "loading";
  else if (self->conflicts == NULL || self->conflicts->len == 0)
    page = "empty";
  else
    page = "conflicts";

  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);

  gtk_label_set_text (self->empty_label,
                      self->stage == WN_STAGE_FT
                      ? _("The reviewers agree on every full text they both screened, or the adjudicator settled it.")
                      : _("The reviewers agree on every title and abstract they both screened, or the adjudicator settled it."));
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
rebuild_list (WnConflictsView *self,
              guint            select)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; self->conflicts != NULL && i < self->conflicts->len; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (self->conflicts, i)));

  if (self->conflicts != NULL && self->conflicts->len > 0)
    gtk_list_box_select_row (self->list,
                             gtk_list_box_get_row_at_index (self->list, MIN (select, self->conflicts->len - 1)));
  else
    show_selected (self);
}

static void
wn_conflicts_view_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(WnConflictsView) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot = g_task_get_task_data (G_TASK (result));
  guint select = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->load_cancellable);
      self->loading = FALSE;
      wn_show_error (GTK_WIDGET (self), _("Cannot Read the Conflicts"), error->message);
      state_changed (self);
      return;
    }

  g_clear_object (&self->load_cancellable);
  self->loading = FALSE;
  self->loaded = TRUE;
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = g_steal_pointer (&snapshot->items);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  self->reasons = g_steal_pointer (&snapshot->reasons);
  g_free (self->role);
  self->role = g_steal_pointer (&snapshot->role);
  self->blind = snapshot->blind;
  wn_screening_record_set_highlighter (self->record, snapshot->highlighter);

  if (self->follow_record_id != 0)
    for (guint i = 0; i < self->conflicts->len; i++)
      if (((Item *) g_ptr_array_index (self->conflicts, i))->conflict->record_id == self->follow_record_id)
        select = i;
  self->follow_record_id = 0;

  if (self->reason_index >= 0 && (guint) self->reason_index >= self->reasons->len)
    self->reason_index = -1;

  update_info (self);
  update_count (self);
  update_reasons (self);
  update_page (self);
  rebuild_list (self, select);
  update_actions (self);
  state_changed (self);
}

static void
wn_conflicts_view_load (WnConflictsView *self)
{
  g_autoptr(GTask) task = NULL;
  Snapshot *snapshot;
  Item *item;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->project == NULL)
    return;

  item = selected_item (self);
  if (self->follow_record_id == 0 && item != NULL)
    self->follow_record_id = item->conflict->record_id;

  snapshot = g_new0 (Snapshot, 1);
  snapshot->identity = g_strdup (self->identity);
  snapshot->stage = self->stage;

  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->load_cancellable, wn_conflicts_view_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_conflicts_view_load);
  g_task_set_task_data (task, snapshot, (GDestroyNotify) snapshot_free);
  g_object_set_data_full (G_OBJECT (task), "project", g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, wn_conflicts_view_load_thread);
  state_changed (self);
}

/* ------------------------------------------------------------------------ */
/* Settling, blinding                                                        */

typedef struct
{
  char      *adjudicator;
  WnStage    stage;
  gint64     record_id;
  WnVerdict  verdict;
  char      *reason;
} Settle;

static void
settle_free (Settle *settle)
{
  g_free (settle->adjudicator);
  g_free (settle->reason);
  g_free (settle);
}

static gboolean
settle_job (WnProject  *project,
            gpointer    data,
            gpointer   *result,
            GError    **error)
{
  Settle *settle = data;
  WnDecision *decision;

  decision = wn_project_adjudicate (project, settle->adjudicator, settle->stage, settle->record_id,
                                    settle->verdict, settle->reason, NULL, error);
  if (decision == NULL)
    return FALSE;

  wn_decision_free (decision);
  return TRUE;
}

static void
settled_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WnConflictsView) self = user_data;
  g_autoptr(GError) error = NULL;

  if ((!wn_project_job_finish (result, NULL, &error) &&
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
      self->project == NULL)
    return;

  self->busy--;
  if (error != NULL)
    {
      wn_show_error (GTK_WIDGET (self), _("Cannot Settle the Conflict"), error->message);
      wn_conflicts_view_load (self);
    }
  else if (self->busy == 0)
    {
      g_signal_emit (self, signals[DECISIONS_CHANGED], 0);
    }

  update_actions (self);
  state_changed (self);
}

static void
settle (WnConflictsView *self,
        WnVerdict        verdict)
{
  Item *item = selected_item (self);
  const char *reason = NULL;
  Settle *job;
  GtkListBoxRow *row;
  int index;

  if (item == NULL || !can_adjudicate (self) || self->project == NULL)
    return;

  if (verdict == WN_VERDICT_EXCLUDE)
    {
      reason = chosen_reason (self);
      if (reason == NULL && self->stage == WN_STAGE_FT)
        {
          set_prompt (self, TRUE);
          state_changed (self);
          return;
        }
    }

  job = g_new0 (Settle, 1);
  job->adjudicator = g_strdup (self->identity);
  job->stage = self->stage;
  job->record_id = item->conflict->record_id;
  job->verdict = verdict;
  job->reason = g_strdup (reason);

  self->busy++;
  wn_project_job_run (self->project, settle_job, job, (GDestroyNotify) settle_free, NULL,
                      self->write_cancellable, settled_cb, g_object_ref (self));

  /* Settled: it leaves the list at once, and the next one is shown. */
  row = gtk_list_box_get_selected_row (self->list);
  index = gtk_list_box_row_get_index (row);
  g_ptr_array_remove_index (self->conflicts, index);
  gtk_list_box_remove (self->list, GTK_WIDGET (row));
  self->reason_index = -1;
  set_prompt (self, FALSE);
  update_reasons (self);
  update_count (self);
  update_page (self);
  if (self->conflicts->len > 0)
    gtk_list_box_select_row (self->list,
                             gtk_list_box_get_row_at_index (self->list, MIN ((guint) index, self->conflicts->len - 1)));
  else
    show_selected (self);
  update_actions (self);
  state_changed (self);
}

static gboolean
blind_job (WnProject  *project,
           gpointer    data,
           gpointer   *result,
           GError    **error)
{
  return wn_project_set_blind (project, data, FALSE, error);
}

static void
blinding_ended_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WnConflictsView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->project == NULL)
    return;

  if (!wn_project_job_finish (result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy--;
      wn_show_error (GTK_WIDGET (self), _("Cannot End Blinding"), error->message);
      update_actions (self);
      state_changed (self);
      return;
    }

  self->busy--;
  wn_conflicts_view_load (self);
  g_signal_emit (self, signals[DECISIONS_CHANGED], 0);
}

static void
response_end_blinding_cb (GtkDialog       *dialog,
                          int              response,
                          WnConflictsView *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (response != GTK_RESPONSE_ACCEPT || self->project == NULL)
    return;

  self->busy++;
  wn_project_job_run (self->project, blind_job, g_strdup (self->identity), g_free, NULL,
                      self->write_cancellable, blinding_ended_cb, g_object_ref (self));
  update_actions (self);
  state_changed (self);
}

static void
wn_conflicts_view_end_blinding_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (g_strcmp0 (self->role, "lead") != 0 || !self->blind)
    return;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", _("End Blinding?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("The adjudicator and the lead will see who voted what on every record. Reviewers still screen without seeing each other’s votes. The audit log records who ended blinding and when."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_End Blinding"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "destructive-action");
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_end_blinding_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Actions and keys                                                          */

static void
update_actions (WnConflictsView *self)
{
  gboolean has = selected_item (self) != NULL && can_adjudicate (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.include", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.exclude", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.reason", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.end-blinding",
                                 self->blind && g_strcmp0 (self->role, "lead") == 0 && self->busy == 0);
}

static void
wn_conflicts_view_include_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  settle (WN_CONFLICTS_VIEW (widget), WN_VERDICT_INCLUDE);
}

static void
wn_conflicts_view_exclude_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  settle (WN_CONFLICTS_VIEW (widget), WN_VERDICT_EXCLUDE);
}

static void
wn_conflicts_view_reason_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (widget);
  int index = g_variant_get_int32 (parameter) - 1;

  if (self->reasons == NULL || index < 0 || (guint) index >= self->reasons->len)
    return;

  self->reason_index = self->reason_index == index && !self->prompt ? -1 : index;
  update_reasons (self);
  if (self->prompt && self->reason_index >= 0)
    settle (self, WN_VERDICT_EXCLUDE);
  else
    state_changed (self);
}

static void
move_selection (WnConflictsView *self,
                int              delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + delta : 0;
  GtkListBoxRow *next = index >= 0 ? gtk_list_box_get_row_at_index (self->list, index) : NULL;

  if (next != NULL)
    {
      gtk_list_box_select_row (self->list, next);
      if (focus_is_text (self) == FALSE && gtk_widget_has_focus (GTK_WIDGET (row)))
        gtk_widget_grab_focus (GTK_WIDGET (next));
    }
}

static void
wn_conflicts_view_previous_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  move_selection (WN_CONFLICTS_VIEW (widget), -1);
}

static void
wn_conflicts_view_next_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  move_selection (WN_CONFLICTS_VIEW (widget), 1);
}

static void
wn_conflicts_view_row_selected_cb (WnConflictsView *self,
                                   GtkListBoxRow   *row,
                                   GtkListBox      *list)
{
  /* The list lets go of its rows as the page goes away. */
  if (self->disposed)
    return;

  set_prompt (self, FALSE);
  show_selected (self);
  state_changed (self);
}

static gboolean
page_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (widget);
  const char *action = user_data;

  if (!gtk_widget_get_mapped (widget) || focus_is_text (self))
    return FALSE;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "conflicts") != 0)
    return FALSE;

  if (g_str_equal (action, "conflicts.cancel"))
    {
      if (!self->prompt)
        return FALSE;
      set_prompt (self, FALSE);
      state_changed (self);
      return TRUE;
    }

  gtk_widget_activate_action_variant (widget, action, args);
  return TRUE;
}

static const struct
{
  guint       keyval;
  const char *action;
  int         digit;
} page_keys[] = {
  { GDK_KEY_i, "conflicts.include", 0 },
  { GDK_KEY_e, "conflicts.exclude", 0 },
  { GDK_KEY_Up, "conflicts.previous", 0 },
  { GDK_KEY_KP_Up, "conflicts.previous", 0 },
  { GDK_KEY_Left, "conflicts.previous", 0 },
  { GDK_KEY_KP_Left, "conflicts.previous", 0 },
  { GDK_KEY_Down, "conflicts.next", 0 },
  { GDK_KEY_KP_Down, "conflicts.next", 0 },
  { GDK_KEY_Right, "conflicts.next", 0 },
  { GDK_KEY_KP_Right, "conflicts.next", 0 },
  { GDK_KEY_Escape, "conflicts.cancel", 0 },
  { GDK_KEY_1, "conflicts.reason", 1 },
  { GDK_KEY_2, "conflicts.reason", 2 },
  { GDK_KEY_3, "conflicts.reason", 3 },
  { GDK_KEY_4, "conflicts.reason", 4 },
  { GDK_KEY_5, "conflicts.reason", 5 },
  { GDK_KEY_6, "conflicts.reason", 6 },
  { GDK_KEY_7, "conflicts.reason", 7 },
  { GDK_KEY_8, "conflicts.reason", 8 },
  { GDK_KEY_9, "conflicts.reason", 9 },
};

/* As on the screening page: handed to the window, in the capture phase,
 * and let through to text entries and popovers. */
static void
add_page_keys (WnConflictsView *self)
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

static void
set_stage (WnConflictsView *self,
           WnStage          stage)
{
  if (self->stage == stage)
    return;

  self->stage = stage;
  self->follow_record_id = 0;
  self->reason_index = -1;
  set_prompt (self, FALSE);
  wn_conflicts_view_load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static gboolean
wn_conflicts_view_grab_focus (GtkWidget *widget)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  if (row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)))
    return gtk_widget_grab_focus (GTK_WIDGET (row));

  return FALSE;
}

static void
wn_conflicts_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (object);

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
wn_conflicts_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (object);
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

static void
wn_conflicts_view_dispose (GObject *object)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  /* Settlements already sent finish in their thread. */
  g_clear_object (&self->write_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_CONFLICTS_VIEW);
  /* The template's top box has no name, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->project);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);

  G_OBJECT_CLASS (wn_conflicts_view_parent_class)->dispose (object);
}

static void
wn_conflicts_view_finalize (GObject *object)
{
  WnConflictsView *self = WN_CONFLICTS_VIEW (object);

  g_free (self->identity);
  g_free (self->role);

  G_OBJECT_CLASS (wn_conflicts_view_parent_class)->finalize (object);
}

static void
wn_conflicts_view_class_init (WnConflictsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_conflicts_view_dispose;
  object_class->finalize = wn_conflicts_view_finalize;
  object_class->get_property = wn_conflicts_view_get_property;
  object_class->set_property = wn_conflicts_view_set_property;
  widget_class->grab_focus = wn_conflicts_view_grab_focus;

  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, "ta",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DECISIONS_CHANGED] =
    g_signal_new ("decisions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (WN_TYPE_SCREENING_RECORD);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnconflictsview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-conflicts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, who_label);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, info_revealer);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, info_icon);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, info_label);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, blind_button);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, switch_button);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, stack);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, paned);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, list);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, record);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, votes_box);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, hidden_label);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, prompt_revealer);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, include_button);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, exclude_button);
  gtk_widget_class_bind_template_child (widget_class, WnConflictsView, exclude_label);
  gtk_widget_class_bind_template_callback (widget_class, wn_conflicts_view_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "conflicts.include", NULL, wn_conflicts_view_include_action);
  gtk_widget_class_install_action (widget_class, "conflicts.exclude", NULL, wn_conflicts_view_exclude_action);
  gtk_widget_class_install_action (widget_class, "conflicts.reason", "i", wn_conflicts_view_reason_action);
  gtk_widget_class_install_action (widget_class, "conflicts.previous", NULL, wn_conflicts_view_previous_action);
  gtk_widget_class_install_action (widget_class, "conflicts.next", NULL, wn_conflicts_view_next_action);
  gtk_widget_class_install_action (widget_class, "conflicts.end-blinding", NULL,
                                   wn_conflicts_view_end_blinding_action);
  gtk_widget_class_install_property_action (widget_class, "conflicts.stage", "stage");
}

static void
wn_conflicts_view_init (WnConflictsView *self)
{
  self->reason_index = -1;
  self->write_cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Tab leaves the lists; the arrows move within them. */
  wn_list_tab_leaves (GTK_WIDGET (self->list));

  gtk_paned_set_position (self->paned, 300);
  add_page_keys (self);
  update_page (self);
  update_actions (self);
}

GtkWidget *
wn_conflicts_view_new (void)
{
  return g_object_new (WN_TYPE_CONFLICTS_VIEW, NULL);
}

void
wn_conflicts_view_set_project (WnConflictsView *self,
                               WnProject       *project,
                               const char      *identity)
{
  g_return_if_fail (WN_IS_CONFLICTS_VIEW (self));
  g_return_if_fail (project == NULL || WN_IS_PROJECT (project));

  if (self->project == project && g_strcmp0 (self->identity, identity) == 0)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_set_object (&self->project, project);
  g_free (self->identity);
  self->identity = g_strdup (identity);
  self->loaded = FALSE;
  self->loading = FALSE;
  self->busy = 0;
  self->follow_record_id = 0;
  self->reason_index = -1;
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->role, g_free);
  rebuild_list (self, 0);
  update_info (self);
  update_page (self);
  update_actions (self);

  if (project != NULL)
    wn_conflicts_view_load (self);
  state_changed (self);
}

void
wn_conflicts_view_set_identity (WnConflictsView *self,
                                const char      *identity)
{
  g_return_if_fail (WN_IS_CONFLICTS_VIEW (self));

  if (g_strcmp0 (self->identity, identity) == 0)
    return;

  g_free (self->identity);
  self->identity = g_strdup (identity);
  wn_conflicts_view_load (self);
}

void
wn_conflicts_view_reload (WnConflictsView *self)
{
  g_return_if_fail (WN_IS_CONFLICTS_VIEW (self));

  wn_conflicts_view_load (self);
}

guint
wn_conflicts_view_get_n_conflicts (WnConflictsView *self)
{
  g_return_val_if_fail (WN_IS_CONFLICTS_VIEW (self), 0);

  return self->conflicts != NULL ? self->conflicts->len : 0;
}

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

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
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
wn_conflicts_view_describe (WnConflictsView *self,
                            WnTestStateFunc  func,
                            gpointer         user_data)
{
  Item *item;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) ids = g_string_new (NULL);
  guint n_votes = 0;

  g_return_if_fail (WN_IS_CONFLICTS_VIEW (self));

  item = selected_item (self);
  for (GtkWidget *child = gtk_widget_get_first_child (self->votes_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_votes++;
  for (guint i = 0; self->conflicts != NULL && i < self->conflicts->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            ((Item *) g_ptr_array_index (self->conflicts, i))->conflict->record_id);

  report (func, user_data, "cf_loaded", self->loaded && !self->loading);
  func ("cf_page", gtk_stack_get_visible_child_name (self->stack), user_data);
  func ("cf_stage", wn_stage_to_string (self->stage), user_data);
  func ("cf_identity", self->identity, user_data);
  func ("cf_role", self->role, user_data);
  report (func, user_data, "cf_count", self->conflicts != NULL ? self->conflicts->len : 0);
  func ("cf_ids", ids->str, user_data);
  report (func, user_data, "cf_record_id", item != NULL ? item->conflict->record_id : 0);
  report (func, user_data, "cf_blind", self->blind);
  report (func, user_data, "cf_votes_shown", gtk_widget_get_visible (self->votes_box) ? n_votes : 0);
  report (func, user_data, "cf_can_adjudicate", can_adjudicate (self));
  report (func, user_data, "cf_busy", self->loading || self->busy > 0);
  report (func, user_data, "cf_prompt", self->prompt);
  func ("cf_reason", chosen_reason (self), user_data);
  collect_text (GTK_WIDGET (self), text);
  func ("cf_text", text->str, user_data);
}
