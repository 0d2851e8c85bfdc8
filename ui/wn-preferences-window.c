/* wn-preferences-window.c — Preferences (app.preferences, Ctrl+,)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Grouped rows, each a title, a line saying what it does, and its control,
 * in the GNOME way but with plain GTK (no libadwaita). Every control is
 * bound to GSettings, so a change applies at once and is kept:
 *
 *   identity            "Your name in reviews" (empty: the login name). Kept
 *                       when Enter is pressed, when the entry loses the
 *                       keyboard and when the window closes, not at each
 *                       key, since each change switches the person
 *                       screening in every open window. Spaces around it
 *                       are removed; control characters are refused with a
 *                       message under the entry, and nothing is kept.
 *   screening-order     The Screening page's queue order. The page and this
 *                       row are the same setting (both bound to it).
 *   new-projects-blind  Whether a project created in Winnow starts blind.
 *   autosave-exports,   The reviewer's decision file written by itself into
 *   autosave-folder     a folder (wn-autosave.c).
 *
 * Escape closes the window.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-preferences-window.h"
#include "wn-window-private.h"

struct _WnPreferencesWindow
{
  GtkWindow             parent_instance;

  GSettings            *settings;
  GtkEntry             *identity_entry;
  GtkLabel             *identity_error;
  GtkDropDown          *order_dropdown;
  GtkSwitch            *blind_switch;
  GtkSwitch            *autosave_switch;
  GtkButton            *folder_button;
  GtkLabel             *folder_label;
  GtkLabel             *folder_error;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (WnPreferencesWindow, wn_preferences_window, GTK_TYPE_WINDOW)

/* The open window, for the test hook. */
static WnPreferencesWindow *open_window;

/* The queue orders, as the Screening page lists them. */
static const char * const order_nicks[] = { "random", "import", "relevance" };

static void
state_changed (WnPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (WN_IS_WINDOW (parent))
    _wn_window_queue_test_state (WN_WINDOW (parent));
}

const char *
wn_preferences_check_identity (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (!g_utf8_validate (name, -1, NULL))
    return _("The name is not valid text.");
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return _("A name cannot hold control characters, such as tabs or line breaks. Nothing was changed.");
  return NULL;
}

/* Identity: checked at each key, kept when done (see the top). */

static void
show_identity_error (WnPreferencesWindow *self,
                     const char          *message)
{
  gtk_label_set_text (self->identity_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->identity_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->identity_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->identity_entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->identity_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  state_changed (self);
}

static void
apply_identity (WnPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->identity_entry));
  const char *message = wn_preferences_check_identity (text);
  g_autofree char *name = NULL;
  g_autofree char *current = NULL;

  /* The entry loses the keyboard as the window goes away. */
  if (self->settings == NULL)
    return;

  show_identity_error (self, message);
  if (message != NULL)
    return;

  name = g_strstrip (g_strdup (text));
  current = g_settings_get_string (self->settings, "identity");
  if (!g_str_equal (name, current))
    g_settings_set_string (self->settings, "identity", name);
  if (!g_str_equal (name, text))
    gtk_editable_set_text (GTK_EDITABLE (self->identity_entry), name);
}

static void
identity_changed_cb (WnPreferencesWindow *self,
                     GtkEditable         *editable)
{
  show_identity_error (self, wn_preferences_check_identity (gtk_editable_get_text (editable)));
}

static void
identity_activate_cb (WnPreferencesWindow *self,
                      GtkEntry            *entry)
{
  apply_identity (self);
}

static void
identity_leave_cb (WnPreferencesWindow      *self,
                   GtkEventControllerFocus  *controller)
{
  apply_identity (self);
}

/* Chosen elsewhere (the Screening page asks who you are). */
static void
identity_setting_cb (WnPreferencesWindow *self,
                     const char          *key,
                     GSettings           *settings)
{
  g_autofree char *name = g_settings_get_string (settings, "identity");
  g_autofree char *typed = NULL;

  typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->identity_entry))));
  if (!g_str_equal (typed, name))
    gtk_editable_set_text (GTK_EDITABLE (self->identity_entry), name);
  state_changed (self);
}

/* The queue order: the enum's nick <-> the drop-down's position. */

static gboolean
order_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order_nicks); i++)
    if (g_str_equal (nick, order_nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
order_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (order_nicks))
    return NULL;
  return g_variant_new_string (order_nicks[i]);
}

void
wn_preferences_bind_order (GSettings   *settings,
                           GtkDropDown *dropdown)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  g_settings_bind_with_mapping (settings, "screening-order", dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, order_get_mapping, order_set_mapping, NULL, NULL);
}

/* The autosave folder. */

static void
update_folder (WnPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "autosave-folder");

  if (folder[0] == '\0')
    {
      gtk_label_set_text (self->folder_label, _("Choose…"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_button), _("Choose the folder decision files are saved in"));
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (folder);
      g_autofree char *display = g_filename_display_name (folder);
      /* Translators: %s is a folder's full path. */
      g_autofree char *tooltip = g_strdup_printf (_("Saving in %s. Choose another folder."), display);

      gtk_label_set_text (self->folder_label, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_button), tooltip);
    }
  state_changed (self);
}

static void
folder_setting_cb (WnPreferencesWindow *self,
                   const char          *key,
                   GSettings           *settings)
{
  update_folder (self);
}

static void
folder_chosen_cb (WnPreferencesWindow  *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  gtk_widget_set_visible (GTK_WIDGET (self->folder_error), path == NULL);
  if (path == NULL)
    {
      gtk_label_set_text (self->folder_error, _("Choose a folder on this computer. Nothing was changed."));
      return;
    }
  g_settings_set_string (self->settings, "autosave-folder", path);
}

static void
folder_clicked_cb (WnPreferencesWindow *self,
                   GtkButton           *button)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "autosave-folder");

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Folder for Decision Files"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (folder[0] != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) current = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (folder_chosen_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Building the rows. */

static GtkListBox *
add_group (GtkBox     *page,
           const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "wn-boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (box), list);

  gtk_box_append (page, box);
  return GTK_LIST_BOX (list);
}

/* A row: the title (its mnemonic focuses control) over a dimmed line
 * saying what it does, with control beside them or, when below is TRUE,
 * under them. Returns the row's box, for what goes under it. */
static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         GtkWidget  *control,
         gboolean    below)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new_with_mnemonic (title);
  GtkWidget *explain = gtk_label_new (subtitle);

  /* The keyboard goes straight to the controls. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (heading), control);
  gtk_box_append (GTK_BOX (labels), heading);

  gtk_label_set_xalign (GTK_LABEL (explain), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (explain), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (explain), 50);
  gtk_widget_add_css_class (explain, "dim-label");
  gtk_widget_add_css_class (explain, "caption");
  gtk_box_append (GTK_BOX (labels), explain);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  explain, NULL, -1);

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (line), labels);
  gtk_box_append (GTK_BOX (outer), line);
  if (below)
    {
      gtk_box_append (GTK_BOX (outer), control);
    }
  else
    {
      gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (line), control);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), outer);
  gtk_list_box_append (list, row);
  return outer;
}

static GtkLabel *
error_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  return GTK_LABEL (label);
}

static void
focus_cb (WnPreferencesWindow *self,
          GParamSpec          *pspec,
          GtkWindow           *window)
{
  state_changed (self);
}

static void
map_cb (WnPreferencesWindow *self,
        GtkWidget           *widget)
{
  state_changed (self);
}

static gboolean
wn_preferences_window_close_request (GtkWindow *window)
{
  WnPreferencesWindow *self = WN_PREFERENCES_WINDOW (window);

  /* What was typed last is kept; a refused name changes nothing. */
  apply_identity (self);
  state_changed (self);

  return GTK_WINDOW_CLASS (wn_preferences_window_parent_class)->close_request (window);
}

static void
wn_preferences_window_dispose (GObject *object)
{
  WnPreferencesWindow *self = WN_PREFERENCES_WINDOW (object);

  if (open_window == self)
    open_window = NULL;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wn_preferences_window_parent_class)->dispose (object);
}

static void
wn_preferences_window_class_init (WnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wn_preferences_window_dispose;
  window_class->close_request = wn_preferences_window_close_request;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wn_preferences_window_init (WnPreferencesWindow *self)
{
}

static void
build (WnPreferencesWindow *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *box;
  GtkWidget *folder_box;
  GtkEventController *focus;
  GtkListBox *list;
  g_autofree char *placeholder = NULL;
  g_autofree char *identity = NULL;
  const char *orders[] = { _("Random order"), _("Import order"), _("Most relevant first"), NULL };

  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 640);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_window_set_child (GTK_WINDOW (self), scrolled);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  gtk_widget_set_margin_start (clamp, 24);
  gtk_widget_set_margin_end (clamp, 24);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  /* Who I am. */
  list = add_group (GTK_BOX (clamp), _("Reviewer"));
  self->identity_entry = GTK_ENTRY (entry);
  /* Translators: %s is the login name, used while no name is chosen. */
  placeholder = g_strdup_printf (_("Your login name, %s"), g_get_user_name ());
  gtk_entry_set_placeholder_text (self->identity_entry, placeholder);
  identity = g_settings_get_string (self->settings, "identity");
  gtk_editable_set_text (GTK_EDITABLE (entry), identity);
  gtk_widget_set_tooltip_text (entry, _("Kept when you press Enter or leave the field. Leave it empty to use your login name."));
  box = add_row (list, _("_Your name in reviews"),
                 _("The reviewer you screen, extract and code as in every project, and the name your decisions carry. It must match your name in the project’s review team."),
                 entry, TRUE);
  self->identity_error = error_label_new ();
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->identity_error));
  g_signal_connect_object (entry, "changed", G_CALLBACK (identity_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "activate", G_CALLBACK (identity_activate_cb), self, G_CONNECT_SWAPPED);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (identity_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (entry, focus);
  g_signal_connect_object (self->settings, "changed::identity", G_CALLBACK (identity_setting_cb),
                           self, G_CONNECT_SWAPPED);

  /* Screening. */
  list = add_group (GTK_BOX (clamp), _("Screening"));
  self->order_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (orders));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->order_dropdown),
                               _("Random order is the same on every computer for the same reviewer. Most relevant first learns from your own decisions only and never hides a record."));
  add_row (list, _("Queue _order"),
           _("The order the Screening page shows records in. Changing it on the page changes it here too."),
           GTK_WIDGET (self->order_dropdown), FALSE);
  wn_preferences_bind_order (self->settings, self->order_dropdown);

  self->blind_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->blind_switch),
                               _("The lead can end or restore blinding of a project at any time."));
  add_row (list, _("New projects start _blind"),
           _("Reviewers of a project you create see no one else’s decisions until the lead ends blinding."),
           GTK_WIDGET (self->blind_switch), FALSE);
  g_settings_bind (self->settings, "new-projects-blind", self->blind_switch, "active", G_SETTINGS_BIND_DEFAULT);

  /* Working apart. */
  list = add_group (GTK_BOX (clamp), _("Working Apart"));
  self->autosave_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->autosave_switch),
                               _("Written a few seconds after your last decision and when the window closes"));
  add_row (list, _("_Save my decision file automatically"),
           _("Each open project writes your decision file, the one Export My Decisions makes, into the folder below, so it is always ready to send."),
           GTK_WIDGET (self->autosave_switch), FALSE);
  g_settings_bind (self->settings, "autosave-exports", self->autosave_switch, "active", G_SETTINGS_BIND_DEFAULT);

  self->folder_button = GTK_BUTTON (gtk_button_new ());
  folder_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (folder_box), gtk_image_new_from_icon_name ("folder-symbolic"));
  self->folder_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->folder_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (self->folder_label, 24);
  gtk_box_append (GTK_BOX (folder_box), GTK_WIDGET (self->folder_label));
  gtk_button_set_child (self->folder_button, folder_box);
  box = add_row (list, _("Save _in folder"),
                 _("Files are named as Export My Decisions names them, one for each project. Nothing is saved until a folder is chosen."),
                 GTK_WIDGET (self->folder_button), FALSE);
  self->folder_error = error_label_new ();
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->folder_error));
  g_signal_connect_object (self->folder_button, "clicked", G_CALLBACK (folder_clicked_cb), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "autosave-exports", self->folder_button, "sensitive",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_NO_SENSITIVITY);
  g_signal_connect_object (self->settings, "changed::autosave-folder", G_CALLBACK (folder_setting_cb),
                           self, G_CONNECT_SWAPPED);
  update_folder (self);

  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), self);
}

GtkWidget *
wn_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  WnPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (WN_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->settings = g_object_ref (settings);
  build (self);
  open_window = self;

  return GTK_WIDGET (self);
}

static const char *
focus_name (WnPreferencesWindow *self)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  if (focus == NULL)
    return "other";
  if (focus == GTK_WIDGET (self->identity_entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->identity_entry)))
    return "identity";
  if (focus == GTK_WIDGET (self->order_dropdown) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->order_dropdown)))
    return "order";
  if (focus == GTK_WIDGET (self->blind_switch))
    return "blind";
  if (focus == GTK_WIDGET (self->autosave_switch))
    return "autosave";
  if (focus == GTK_WIDGET (self->folder_button))
    return "folder";
  return "other";
}

void
wn_preferences_describe (GSettings       *settings,
                         WnTestStateFunc  func,
                         gpointer         user_data)
{
  WnPreferencesWindow *self = open_window;

  g_return_if_fail (func != NULL);

  func ("pref_open", self != NULL && gtk_widget_get_visible (GTK_WIDGET (self)) ? "1" : "0", user_data);
  func ("pref_identity_error",
        self != NULL && gtk_widget_get_visible (GTK_WIDGET (self->identity_error))
          ? gtk_label_get_text (self->identity_error) : "",
        user_data);
  func ("pref_focus", self != NULL ? focus_name (self) : "", user_data);

  if (settings != NULL)
    {
      g_autofree char *identity = g_settings_get_string (settings, "identity");
      g_autofree char *order = g_settings_get_string (settings, "screening-order");
      g_autofree char *folder = g_settings_get_string (settings, "autosave-folder");

      func ("pref_identity", identity, user_data);
      func ("pref_order", order, user_data);
      func ("pref_blind", g_settings_get_boolean (settings, "new-projects-blind") ? "1" : "0", user_data);
      func ("pref_autosave", g_settings_get_boolean (settings, "autosave-exports") ? "1" : "0", user_data);
      func ("pref_folder", folder, user_data);
    }
}
