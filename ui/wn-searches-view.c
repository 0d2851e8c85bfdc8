/* wn-searches-view.c — the searches page: every import with its provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per search, in import order: database and platform, date
 * searched, query, records imported, the hits the database reported (with a
 * warning, icon and words, when the two differ), the file with its format
 * and encoding, and when and by whom it was imported. A search exported in
 * several files is one row: its files' names, records summed and compared
 * with the hits once. A summary line above the table totals them. The list
 * is read in a GTask thread (wn_project_list_search_batches) with a
 * cancellable this page owns.
 *
 * The page's actions, on its class: searches.edit (Enter, a double-click or
 * the Edit button) opens WnSearchDialog, which writes in its own thread;
 * searches.show-records emits ::show-records for the window, which filters
 * its records table to that search.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-provenance.h"
#include "wn-search-dialog.h"
#include "wn-searches-view.h"

struct _WnSearchesView
{
  GtkWidget           parent_instance;

  /* Template children. */
  GtkWidget          *box;
  GtkWidget          *toolbar;
  GtkWidget          *toolbar_separator;
  GtkLabel           *summary_label;
  GtkWidget          *warning_box;
  GtkLabel           *warning_label;
  GtkStack           *stack;
  GtkWidget          *empty_button;
  GtkColumnView      *searches_view;
  GtkSingleSelection *selection;
  GtkSortListModel   *sort_model;

  WnProject          *project;
  GListStore         *store;          /* of WnSearchItem */
  GCancellable       *cancellable;
  GtkWindow          *edit_dialog;
  gboolean            loaded;
  guint               n_warnings;
  gint64              selected_id;
};

G_DEFINE_FINAL_TYPE (WnSearchesView, wn_searches_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_SEARCHES,
  PROP_N_WARNINGS,
  PROP_SELECTED_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  SHOW_RECORDS,
  SEARCH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static WnSearchItem *
wn_searches_view_get_selected_item (WnSearchesView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
wn_searches_view_update_actions (WnSearchesView *self)
{
  WnSearchItem *item;

  g_assert (WN_IS_SEARCHES_VIEW (self));

  item = wn_searches_view_get_selected_item (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "searches.edit",
                                 item != NULL && self->project != NULL && self->edit_dialog == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "searches.show-records",
                                 item != NULL && wn_search_item_get_record_count (item) > 0);
}

static void
wn_searches_view_update_summary (WnSearchesView *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *records_text = NULL;
  g_autofree char *searches_part = NULL;
  g_autofree char *records_part = NULL;
  g_autofree char *warning = NULL;
  guint n_searches;
  guint n_warnings = 0;
  gint64 records = 0;

  g_assert (WN_IS_SEARCHES_VIEW (self));

  n_searches = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n_searches; i++)
    {
      g_autoptr(WnSearchItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      records += wn_search_item_get_record_count (item);
      if (wn_search_item_get_has_warning (item))
        n_warnings++;
    }

  /* Numbers are formatted first: xgettext cannot see through
   * G_GINT64_FORMAT inside a translatable string. */
  records_text = g_strdup_printf ("%'" G_GINT64_FORMAT, records);
  searches_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u search", "%u searches", n_searches),
                                   n_searches);
  records_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record imported", "%s records imported",
                                               wn_provenance_plural_n (records)),
                                  records_text);
  /* Translators: the searches page's summary: "3 searches, 4,100 records imported". */
  summary = g_strdup_printf (C_("searches summary", "%s, %s"), searches_part, records_part);
  gtk_label_set_text (self->summary_label, summary);

  if (n_warnings > 0)
    {
      warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u search has more or fewer records than the database reported",
                                              "%u searches have more or fewer records than their databases reported",
                                              n_warnings),
                                 n_warnings);
      gtk_label_set_text (self->warning_label, warning);
      gtk_widget_set_tooltip_text (self->warning_box,
                                   _("Compare the hit count each database showed with the records in the file it exported: a difference often means a part of the export is missing."));
    }
  gtk_widget_set_visible (self->warning_box, n_warnings > 0);

  /* No searches: the empty page alone, with nothing to total or edit. */
  gtk_stack_set_visible_child_name (self->stack, n_searches > 0 || !self->loaded ? "table" : "empty");
  gtk_widget_set_visible (self->toolbar, n_searches > 0 || !self->loaded);
  gtk_widget_set_visible (self->toolbar_separator, n_searches > 0 || !self->loaded);

  if (self->n_warnings != n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WARNINGS]);
    }
}

/* The hits column: the count, and beside it a warning when the records
 * imported differ. Built in C for the accessible description, which a
 * .ui binding cannot set. */

static void
wn_searches_view_hits_setup_cb (WnSearchesView           *self,
                                GtkListItem              *list_item,
                                GtkSignalListItemFactory *factory)
{
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *hits;
  GtkWidget *warning;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  hits = gtk_inscription_new (NULL);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (hits), 1.0f);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (hits), GTK_INSCRIPTION_OVERFLOW_CLIP);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (hits), 6);
  gtk_widget_add_css_class (hits, "numeric");
  gtk_box_append (GTK_BOX (box), hits);

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"),
                                  -1);
  gtk_box_append (GTK_BOX (box), icon);

  warning = gtk_inscription_new (NULL);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (warning), 0.0f);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (warning), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (warning, TRUE);
  gtk_widget_add_css_class (warning, "wn-warning-text");
  gtk_box_append (GTK_BOX (box), warning);

  gtk_list_item_set_child (list_item, box);
}

static void
wn_searches_view_hits_bind_cb (WnSearchesView           *self,
                               GtkListItem              *list_item,
                               GtkSignalListItemFactory *factory)
{
  WnSearchItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *hits = gtk_widget_get_first_child (box);
  GtkWidget *icon = gtk_widget_get_next_sibling (hits);
  GtkWidget *warning = gtk_widget_get_next_sibling (icon);
  g_autofree char *hits_text = NULL;
  g_autofree char *warning_text = NULL;
  g_autofree char *description = NULL;
  gboolean has_warning;

  g_object_get (item,
                "hits-text", &hits_text,
                "warning-text", &warning_text,
                "warning-description", &description,
                NULL);
  has_warning = description != NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (hits), hits_text);
  gtk_inscription_set_text (GTK_INSCRIPTION (warning), warning_text);
  gtk_widget_set_visible (icon, has_warning);
  gtk_widget_set_visible (warning, has_warning);
  gtk_widget_set_tooltip_text (box, description);

  if (has_warning)
    gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Loading. */

static void
wn_searches_view_list_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  WnProject *project = task_data;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GListStore) store = NULL;
  GError *error = NULL;

  /* A search exported in several files is one row. */
  searches = wn_project_list_search_batches (project, &error);
  if (searches == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Plain GObjects, nobody connected yet: safe to make here. */
  store = g_list_store_new (WN_TYPE_SEARCH_ITEM);
  g_ptr_array_set_free_func (searches, NULL);
  for (guint i = 0; i < searches->len; i++)
    {
      g_autoptr(WnSearchItem) item = wn_search_item_new (g_ptr_array_index (searches, i));

      g_list_store_append (store, item);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static guint
wn_searches_view_find_position (WnSearchesView *self,
                                gint64          search_id)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnSearchItem) item = g_list_model_get_item (model, i);

      if (wn_search_item_get_id (item) == search_id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
wn_searches_view_listed_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(WnSearchesView) self = user_data;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 selected_id;
  guint n_before;
  guint n_after;
  guint position;

  store = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (store == NULL)
    {
      /* The records page reports a project it cannot read; here the
       * summary line says so and the table stays as it was. */
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }

  /* Replace the rows in place, keeping the selected search selected. */
  selected_id = self->selected_id;
  n_before = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  n_after = g_list_model_get_n_items (G_LIST_MODEL (store));
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_after; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
  self->loaded = TRUE;
  g_list_store_splice (self->store, 0, n_before, items->pdata, items->len);

  position = selected_id != 0 ? wn_searches_view_find_position (self, selected_id) : GTK_INVALID_LIST_POSITION;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, position);

  wn_searches_view_update_summary (self);
  wn_searches_view_update_actions (self);

  if (n_before != n_after)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SEARCHES]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
wn_searches_view_reload (WnSearchesView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WN_IS_SEARCHES_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->project == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, wn_searches_view_listed_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_searches_view_reload);
  g_task_set_task_data (task, g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, wn_searches_view_list_thread);
}

void
wn_searches_view_set_project (WnSearchesView *self,
                              WnProject      *project)
{
  guint n_before;

  g_return_if_fail (WN_IS_SEARCHES_VIEW (self));
  g_return_if_fail (project == NULL || WN_IS_PROJECT (project));

  if (self->project == project)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->edit_dialog != NULL)
    gtk_window_destroy (self->edit_dialog);

  g_set_object (&self->project, project);
  self->loaded = FALSE;

  n_before = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_list_store_remove_all (self->store);
  gtk_label_set_text (self->summary_label, "");
  wn_searches_view_update_summary (self);
  wn_searches_view_update_actions (self);
  if (n_before > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SEARCHES]);

  if (project != NULL)
    wn_searches_view_reload (self);
}

/* Selecting and acting. */

static void
wn_searches_view_selected_item_changed_cb (WnSearchesView     *self,
                                           GParamSpec         *pspec,
                                           GtkSingleSelection *selection)
{
  WnSearchItem *item;
  gint64 id;

  g_assert (WN_IS_SEARCHES_VIEW (self));

  item = wn_searches_view_get_selected_item (self);
  id = item != NULL ? wn_search_item_get_id (item) : 0;

  wn_searches_view_update_actions (self);

  if (self->selected_id != id)
    {
      self->selected_id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
}

static void
wn_searches_view_activate_cb (WnSearchesView *self,
                              guint           position,
                              GtkColumnView  *view)
{
  g_assert (WN_IS_SEARCHES_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "searches.edit", NULL);
}

static void
wn_searches_view_search_saved_cb (WnSearchesView *self,
                                  WnSearchDialog *dialog)
{
  g_assert (WN_IS_SEARCHES_VIEW (self));

  wn_searches_view_reload (self);
  g_signal_emit (self, signals[SEARCH_CHANGED], 0, wn_search_dialog_get_search_id (dialog));
}

static void
wn_searches_view_edit_dialog_destroyed_cb (WnSearchesView *self,
                                           GtkWidget      *dialog)
{
  g_assert (WN_IS_SEARCHES_VIEW (self));

  if (self->edit_dialog == GTK_WINDOW (dialog))
    self->edit_dialog = NULL;

  wn_searches_view_update_actions (self);

  /* Back to the table, on the search that was edited. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->searches_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->searches_view));
}

static void
wn_searches_view_edit_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  WnSearchesView *self = WN_SEARCHES_VIEW (widget);
  WnSearchItem *item = wn_searches_view_get_selected_item (self);
  GtkRoot *root;
  WnSearchDialog *dialog;

  if (item == NULL || self->project == NULL)
    return;

  if (self->edit_dialog != NULL)
    {
      gtk_window_present (self->edit_dialog);
      return;
    }

  root = gtk_widget_get_root (widget);
  dialog = wn_search_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->project, item);
  self->edit_dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "saved",
                           G_CALLBACK (wn_searches_view_search_saved_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy",
                           G_CALLBACK (wn_searches_view_edit_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  wn_searches_view_update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
wn_searches_view_show_records_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  WnSearchesView *self = WN_SEARCHES_VIEW (widget);
  WnSearchItem *item = wn_searches_view_get_selected_item (self);

  if (item == NULL)
    return;

  g_signal_emit (self, signals[SHOW_RECORDS], 0, wn_search_item_get_id (item));
}

/* The widget. */

static gboolean
wn_searches_view_grab_focus (GtkWidget *widget)
{
  WnSearchesView *self = WN_SEARCHES_VIEW (widget);

  /* The table, where Enter edits; else the empty page's Import button. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->searches_view));

  return gtk_widget_grab_focus (self->empty_button);
}

static void
wn_searches_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WnSearchesView *self = WN_SEARCHES_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_SEARCHES:
      g_value_set_uint (value, wn_searches_view_get_n_searches (self));
      break;
    case PROP_N_WARNINGS:
      g_value_set_uint (value, self->n_warnings);
      break;
    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->selected_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_searches_view_dispose (GObject *object)
{
  WnSearchesView *self = WN_SEARCHES_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->edit_dialog != NULL)
    gtk_window_destroy (self->edit_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_SEARCHES_VIEW);

  g_clear_object (&self->store);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (wn_searches_view_parent_class)->dispose (object);
}

static void
wn_searches_view_class_init (WnSearchesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_searches_view_dispose;
  object_class->get_property = wn_searches_view_get_property;

  widget_class->grab_focus = wn_searches_view_grab_focus;

  properties[PROP_N_SEARCHES] =
    g_param_spec_uint ("n-searches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WARNINGS] =
    g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WnSearchesView::changed:
   *
   * The list of searches was (re)loaded.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * WnSearchesView::show-records:
   * @search_id: the search
   *
   * The person asked to see the records of this search.
   */
  signals[SHOW_RECORDS] =
    g_signal_new ("show-records",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * WnSearchesView::search-changed:
   * @search_id: the search
   *
   * A search's provenance was changed and saved.
   */
  signals[SEARCH_CHANGED] =
    g_signal_new ("search-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (WN_TYPE_SEARCH_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnsearchesview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-searches-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, box);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, toolbar_separator);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, warning_box);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, warning_label);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, stack);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, empty_button);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, searches_view);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, selection);
  gtk_widget_class_bind_template_child (widget_class, WnSearchesView, sort_model);
  gtk_widget_class_bind_template_callback (widget_class, wn_searches_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_searches_view_selected_item_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_searches_view_hits_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_searches_view_hits_bind_cb);

  gtk_widget_class_install_action (widget_class, "searches.edit", NULL, wn_searches_view_edit_action);
  gtk_widget_class_install_action (widget_class, "searches.show-records", NULL,
                                   wn_searches_view_show_records_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "searches.edit", NULL);
}

static void
wn_searches_view_init (WnSearchesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (WN_TYPE_SEARCH_ITEM);
  gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (self->store));

  wn_searches_view_update_summary (self);
  wn_searches_view_update_actions (self);
}

GtkWidget *
wn_searches_view_new (void)
{
  return g_object_new (WN_TYPE_SEARCHES_VIEW, NULL);
}

gboolean
wn_searches_view_get_loaded (WnSearchesView *self)
{
  g_return_val_if_fail (WN_IS_SEARCHES_VIEW (self), FALSE);

  return self->loaded;
}

guint
wn_searches_view_get_n_searches (WnSearchesView *self)
{
  g_return_val_if_fail (WN_IS_SEARCHES_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

guint
wn_searches_view_get_n_warnings (WnSearchesView *self)
{
  g_return_val_if_fail (WN_IS_SEARCHES_VIEW (self), 0);

  return self->n_warnings;
}

gint64
wn_searches_view_get_selected_id (WnSearchesView *self)
{
  g_return_val_if_fail (WN_IS_SEARCHES_VIEW (self), 0);

  return self->selected_id;
}

/* The search search_id (any of its files' ids) is or belongs to.
 * (transfer none): the page's list keeps the item until the next reload. */
WnSearchItem *
wn_searches_view_lookup (WnSearchesView *self,
                         gint64          search_id)
{
  guint n;

  g_return_val_if_fail (WN_IS_SEARCHES_VIEW (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnSearchItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (wn_search_item_has_file (item, search_id))
        return item;
    }

  return NULL;
}
