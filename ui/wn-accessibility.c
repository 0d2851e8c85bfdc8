/* wn-accessibility.c — keyboard, accessible names, dark style and text
 * size helpers shared by the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists: GTK 4.8's GtkListBox (and GtkListView) move Tab from row to row,
 * so a long list traps the keyboard. wn_list_tab_leaves() makes Tab and
 * Shift+Tab leave the list at once; the arrows still move within it.
 *
 * The focus chain: wn_window_tab_enters_page() keeps Tab from stopping in
 * widgets that claim the focus without taking it, and from going nowhere
 * when no widget has the focus (the screening page's letter keys need
 * none). tests/ui/test-keyboard.py walks the pages with Tab.
 *
 * Names: wn_accessible_name_buttons() names buttons with a custom child by
 * the labels they show, which GTK 4.8 does not; tests/ui/test-accessibility.py
 * reads every page through AT-SPI.
 *
 * Dark style: plain GTK (no libadwaita) does not follow the desktop's
 * colour scheme. wn_desktop_style_init() reads it from the settings portal
 * (org.freedesktop.portal.Settings, org.freedesktop.appearance
 * color-scheme: 1 prefers dark), else from GSettings
 * org.gnome.desktop.interface color-scheme when that schema is installed,
 * follows its changes, and sets gtk-application-prefer-dark-theme. The
 * environment can force it for tests: WINNOW_COLOR_SCHEME=dark|light.
 * WINNOW_TEXT_SCALE=1.5 scales the text as the desktop's text scaling
 * factor would (gtk-xft-dpi), also for tests.
 */
#include "config.h"

#include "wn-accessibility.h"

/* Lists. */

/* The list's child holding the focus widget, if any. */
static GtkWidget *
list_focus_row (GtkWidget *list)
{
  GtkRoot *root = gtk_widget_get_root (list);
  GtkWidget *w = root != NULL ? gtk_root_get_focus (root) : NULL;

  while (w != NULL && gtk_widget_get_parent (w) != list)
    w = gtk_widget_get_parent (w);
  return w;
}

static gboolean
wn_list_tab_key_pressed_cb (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            gpointer               user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkDirectionType direction;
  GtkWidget *row;
  GtkRoot *root;
  gboolean moved;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  root = gtk_widget_get_root (list);
  if (root == NULL)
    return FALSE;

  direction = (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0) ? GTK_DIR_TAB_BACKWARD
                                                                                 : GTK_DIR_TAB_FORWARD;
  row = GTK_IS_LIST_BOX (list) ? list_focus_row (list) : NULL;
  /* A list that cannot take the focus is skipped by the focus chain: the
   * move goes to the widget before or after it. */
  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);
  if (!moved)
    return FALSE;
  /* A GtkListBox gives the focus back to its focus child when Tab or
   * Shift+Tab comes back: the row left, not the first or the last. */
  if (row != NULL && gtk_widget_get_parent (row) == list && list_focus_row (list) == NULL)
    gtk_widget_set_focus_child (list, row);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  return TRUE;
}

/* Tab and Shift+Tab leave list (a GtkListBox or GtkListView) instead of
 * moving from row to row. */
void
wn_list_tab_leaves (GtkWidget *list)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (list));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (wn_list_tab_key_pressed_cb), NULL);
  gtk_widget_add_controller (list, controller);
}

/* Whether widget or a descendant can take the focus now. */
static gboolean
can_take_focus (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  /* A list box takes the focus on its rows, a paned on its children. */
  if (gtk_widget_get_focusable (widget) && !GTK_IS_LIST_BOX (widget) && !GTK_IS_PANED (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (can_take_focus (child))
      return TRUE;
  return FALSE;
}

/* GTK 4.8's GtkScrolledWindow claims the focus when none of its children
 * can take it, though it cannot take it itself, and so does a selectable
 * GtkLabel made unfocusable (so that the page's letter keys keep
 * working): Tab then stops there for good (the screening record, the
 * criteria pane without reasons, the duplicates comparison). Such widgets
 * are left out of the focus chain until they have something to focus.
 *
 * And a container keeps its focus child after the focus left it, so Tab
 * coming back (after the header bar) resumes there and skips what comes
 * before it on the page; those stale focus children are dropped, except
 * a GtkListBox's (its row to come back to, wn_list_tab_leaves). */
static void
unjam_focus_chain (GtkWidget *widget,
                   GtkWidget *focus)
{
  GtkWidget *focus_child;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    gtk_widget_set_can_focus (widget, gtk_widget_get_focusable (widget));
  else if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget));

      gtk_widget_set_can_focus (widget, TRUE);
      gtk_widget_set_can_focus (widget, child != NULL && can_take_focus (child));
    }
  /* List views keep their own place; their rows are theirs. */
  if (GTK_IS_LIST_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget) || GTK_IS_GRID_VIEW (widget))
    return;
  focus_child = gtk_widget_get_focus_child (widget);
  if (focus_child != NULL && !GTK_IS_LIST_BOX (widget)
      && (focus == NULL || (focus != focus_child && !gtk_widget_is_ancestor (focus, focus_child))))
    gtk_widget_set_focus_child (widget, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    unjam_focus_chain (child, focus);
}

/* Pages that take the keyboard out of every widget (the screening page, so
 * its letter keys act) leave the window with no focus widget but a
 * focus-child chain into what was focused, maybe on a page since hidden;
 * GTK 4.8 then follows that chain, and Tab goes nowhere. Tab from nowhere
 * enters the page shown instead. */
static gboolean
wn_window_tab_key_pressed_cb (GtkEventControllerKey *controller,
                              guint                  keyval,
                              guint                  keycode,
                              GdkModifierType        state,
                              GtkStack              *stack)
{
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkDirectionType direction;
  GtkWidget *page;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  unjam_focus_chain (window, gtk_window_get_focus (GTK_WINDOW (window)));
  if (gtk_window_get_focus (GTK_WINDOW (window)) != NULL)
    return FALSE;

  direction = (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0) ? GTK_DIR_TAB_BACKWARD
                                                                                 : GTK_DIR_TAB_FORWARD;
  /* The page's children, not the page: a page's grab_focus may hand the
   * focus back to nobody. */
  page = gtk_stack_get_visible_child (stack);
  for (GtkWidget *child = page == NULL ? NULL
                          : direction == GTK_DIR_TAB_FORWARD ? gtk_widget_get_first_child (page)
                                                             : gtk_widget_get_last_child (page);
       child != NULL;
       child = direction == GTK_DIR_TAB_FORWARD ? gtk_widget_get_next_sibling (child)
                                                : gtk_widget_get_prev_sibling (child))
    if (gtk_widget_child_focus (child, direction) && gtk_window_get_focus (GTK_WINDOW (window)) != NULL)
      break;
  if (gtk_window_get_focus (GTK_WINDOW (window)) == NULL)
    gtk_widget_child_focus (window, direction);
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  return TRUE;
}

/* Tab and Shift+Tab in window never stop in a widget that cannot take the
 * focus, and with no focus widget go to the first or last widget of
 * stack's visible page. */
void
wn_window_tab_enters_page (GtkWindow *window,
                           GtkStack  *stack)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_STACK (stack));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (wn_window_tab_key_pressed_cb), stack, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

/* Names from content. GTK 4.8 names a button by its label property or an
 * accessible label, never by the labels inside a custom child (an icon
 * beside a word, a word beside its key): those read as unnamed. */
static void
collect_labels (GtkWidget  *widget,
                GList     **labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        *labels = g_list_append (*labels, child);
      else
        collect_labels (child, labels);
    }
}

static void
set_labelled_by (GtkWidget *widget,
                 GList     *labels)
{
  GtkAccessibleRelation relation = GTK_ACCESSIBLE_RELATION_LABELLED_BY;
  GValue value = G_VALUE_INIT;

  /* A reference list travels as a GList in a pointer GValue; GTK takes
   * the list. */
  gtk_accessible_relation_init_value (relation, &value);
  g_value_set_pointer (&value, labels);
  gtk_accessible_update_relation_value (GTK_ACCESSIBLE (widget), 1, &relation, &value);
  g_value_unset (&value);
}

/* Every button under widget with a custom child is named by the labels in
 * it, as they read ("Include I", "Duplicates 4"), so its name says what
 * it shows. The button of a GtkDropDown (whose content is rebuilt with the
 * selection, and empty while there is none) is named by the drop-down's
 * mnemonic label instead. */
void
wn_accessible_name_buttons (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_DROP_DOWN (widget))
    {
      GList *labels = gtk_widget_list_mnemonic_labels (widget);
      GtkWidget *button = gtk_widget_get_first_child (widget);

      if (labels != NULL && GTK_IS_TOGGLE_BUTTON (button))
        set_labelled_by (button, labels);
      else
        g_list_free (labels);
      return;
    }
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    {
      GList *labels = NULL;

      collect_labels (widget, &labels);
      if (labels != NULL)
        set_labelled_by (widget, labels);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wn_accessible_name_buttons (child);
}

/* Dark style and text size. */

typedef enum
{
  SOURCE_NONE,
  SOURCE_ENV,
  SOURCE_PORTAL,
  SOURCE_GSETTINGS,
} StyleSource;

static const char *const source_names[] = { "none", "env", "portal", "gsettings" };

static struct
{
  StyleSource     source;
  GDBusProxy     *portal;
  GSettings      *interface;
  GtkCssProvider *dark_css;
  gboolean        started;
} style;

/* style-dark.css over style.css while the dark style is on. */
static void
load_dark_css (gboolean dark)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL)
    return;
  if (dark && style.dark_css == NULL)
    {
      style.dark_css = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (style.dark_css, "/io/github/winnow/Winnow/style-dark.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (style.dark_css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }
  else if (!dark && style.dark_css != NULL)
    {
      gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (style.dark_css));
      g_clear_object (&style.dark_css);
    }
}

static void
set_prefer_dark (gboolean dark)
{
  GtkSettings *settings = gtk_settings_get_default ();
  gboolean now = FALSE;

  if (settings == NULL)
    return;
  load_dark_css (dark);
  g_object_get (settings, "gtk-application-prefer-dark-theme", &now, NULL);
  if (now != dark)
    g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
}

static void
gsettings_changed_cb (GSettings  *settings,
                      const char *key,
                      gpointer    user_data)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");

  set_prefer_dark (g_strcmp0 (scheme, "prefer-dark") == 0);
}

static void
use_gsettings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    return;

  style.source = SOURCE_GSETTINGS;
  style.interface = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect (style.interface, "changed::color-scheme", G_CALLBACK (gsettings_changed_cb), NULL);
  gsettings_changed_cb (style.interface, "color-scheme", NULL);
}

/* The portal's value, unwrapped from the variants Read nests it in. */
static void
apply_portal_value (GVariant *value)
{
  g_autoptr(GVariant) inner = g_variant_ref (value);

  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *child = g_variant_get_variant (inner);

      g_variant_unref (inner);
      inner = child;
    }
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    set_prefer_dark (g_variant_get_uint32 (inner) == 1);
}

static void
portal_signal_cb (GDBusProxy *proxy,
                  const char *sender_name,
                  const char *signal_name,
                  GVariant   *parameters,
                  gpointer    user_data)
{
  const char *namespace = NULL;
  const char *key = NULL;
  g_autoptr(GVariant) value = NULL;

  if (g_strcmp0 (signal_name, "SettingChanged") != 0
      || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, "org.freedesktop.appearance") && g_str_equal (key, "color-scheme"))
    apply_portal_value (value);
}

static void
portal_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, NULL);
  if (reply == NULL || !g_variant_is_of_type (reply, G_VARIANT_TYPE ("(v)")))
    {
      /* No portal, or one without the setting: GSettings, if it has it. */
      g_signal_handlers_disconnect_by_func (object, portal_signal_cb, NULL);
      g_clear_object (&style.portal);
      use_gsettings ();
      return;
    }
  style.source = SOURCE_PORTAL;
  g_variant_get (reply, "(v)", &value);
  apply_portal_value (value);
}

static void
portal_proxy_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  style.portal = g_dbus_proxy_new_for_bus_finish (result, NULL);
  if (style.portal == NULL)
    {
      use_gsettings ();
      return;
    }
  g_signal_connect (style.portal, "g-signal", G_CALLBACK (portal_signal_cb), NULL);
  g_dbus_proxy_call (style.portal, "Read", g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                     G_DBUS_CALL_FLAGS_NONE, 3000, NULL, portal_read_cb, NULL);
}

/* Follows the desktop's colour scheme and, when WINNOW_TEXT_SCALE asks,
 * scales the text. Call once GTK is initialised (the application's
 * startup). */
void
wn_desktop_style_init (void)
{
  const char *forced = g_getenv ("WINNOW_COLOR_SCHEME");
  const char *scale = g_getenv ("WINNOW_TEXT_SCALE");

  if (style.started)
    return;
  style.started = TRUE;

  if (scale != NULL && scale[0] != '\0')
    {
      double factor = g_ascii_strtod (scale, NULL);

      if (factor >= 0.5 && factor <= 4.0)
        g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * factor), NULL);
    }

  if (g_strcmp0 (forced, "dark") == 0 || g_strcmp0 (forced, "light") == 0)
    {
      style.source = SOURCE_ENV;
      set_prefer_dark (g_str_equal (forced, "dark"));
      return;
    }

  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES, NULL,
                            "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                            "org.freedesktop.portal.Settings", NULL, portal_proxy_cb, NULL);
}

/* For the test hook: dark=<1 while the dark style is asked for>,
 * color_scheme_source=<none|env|portal|gsettings>, text_dpi=<gtk-xft-dpi / 1024>. */
void
wn_desktop_style_describe (WnTestStateFunc func,
                           gpointer        user_data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  gboolean dark = FALSE;
  int dpi = 0;
  g_autofree char *text_dpi = NULL;

  g_return_if_fail (func != NULL);

  if (settings != NULL)
    g_object_get (settings, "gtk-application-prefer-dark-theme", &dark, "gtk-xft-dpi", &dpi, NULL);
  text_dpi = g_strdup_printf ("%d", dpi > 0 ? dpi / 1024 : 0);
  func ("dark", dark ? "1" : "0", user_data);
  func ("color_scheme_source", source_names[style.source], user_data);
  func ("text_dpi", text_dpi, user_data);
}

/* Where the keyboard is in window, for the test hook: the builder ids of
 * the focus widget and its ancestors, outermost first, then the focus
 * widget's type and address ("screening_view/include_button:GtkButton@0x…");
 * empty when nothing has the focus. */
char *
wn_describe_focus (GtkWindow *window)
{
  GtkWidget *focus;
  g_autoptr(GString) path = g_string_new (NULL);

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  focus = gtk_window_get_focus (window);
  if (focus == NULL)
    return g_strdup ("");
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (window); w = gtk_widget_get_parent (w))
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w));

      if (id == NULL || id[0] == '\0' || g_str_has_prefix (id, "___"))
        continue;
      if (path->len > 0)
        g_string_prepend_c (path, '/');
      g_string_prepend (path, id);
    }
  /* The address tells apart two widgets of one type under one id. */
  g_string_append_printf (path, ":%s@%p", G_OBJECT_TYPE_NAME (focus), (gpointer) focus);
  return g_string_free (g_steal_pointer (&path), FALSE);
}
