/* wn-application.c — the Winnow GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns what all windows share: the application actions (app.new, app.open,
 * app.open-recent, app.preferences, app.about, app.quit) and their accelerators, the list of
 * recent projects (GSettings "recent-projects", most recent first) and the
 * rule for which window opens a project: the one already showing it, else an
 * empty one, else a new one. A window shows one project at a time.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-accessibility.h"
#include "wn-application.h"
#include "wn-preferences-window.h"
#include "wn-resources.h"
#include "wn-window.h"

#define WN_RESOURCE_BASE_PATH "/io/github/winnow/Winnow"
#define WN_WEBSITE            "https://github.com/winnow-review/winnow"

struct _WnApplication
{
  GtkApplication  parent_instance;

  /* NULL when the schema is not installed (an uninstalled build run without
   * GSETTINGS_SCHEMA_DIR): recent projects then live in `recent` only. */
  GSettings      *settings;
  GStrv           recent;
  GMenu          *recent_menu;
  GtkWidget      *preferences;  /* the Preferences window while it is open */
};

G_DEFINE_FINAL_TYPE (WnApplication, wn_application, GTK_TYPE_APPLICATION)

enum {
  RECENT_PROJECTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static WnWindow *
wn_application_get_target_window (WnApplication *self)
{
  GtkWindow *window;

  g_assert (WN_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (WN_IS_WINDOW (window))
    return WN_WINDOW (window);

  window = GTK_WINDOW (wn_window_new (self));
  gtk_window_present (window);

  return WN_WINDOW (window);
}

/* The menu of the "Open" split button: the recent projects, then the
 * commands to open or create another one. */
static void
wn_application_rebuild_recent_menu (WnApplication *self)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GMenu) projects = NULL;
  g_autoptr(GMenu) commands = NULL;

  g_assert (WN_IS_APPLICATION (self));

  recent = wn_application_dup_recent_projects (self);
  g_menu_remove_all (self->recent_menu);

  projects = g_menu_new ();
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (recent[i]);
      g_autofree char *dir = g_path_get_dirname (recent[i]);
      g_autofree char *text = NULL;
      g_autoptr(GString) label = g_string_new (NULL);
      g_autoptr(GMenuItem) item = NULL;
      const char *home = g_get_home_dir ();

      if (g_str_has_suffix (base, ".winnow") && strlen (base) > strlen (".winnow"))
        base[strlen (base) - strlen (".winnow")] = '\0';
      if (strlen (home) > 1 && g_str_has_prefix (dir, home) &&
          (dir[strlen (home)] == '\0' || dir[strlen (home)] == G_DIR_SEPARATOR))
        {
          char *short_dir = g_strconcat ("~", dir + strlen (home), NULL);

          g_free (dir);
          dir = short_dir;
        }

      /* Translators: a recent project in a menu, "name (folder)". */
      text = g_strdup_printf (_("%s (%s)"), base, dir);

      /* Menu labels use mnemonics: keep underscores in file names visible. */
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '_')
            g_string_append_c (label, '_');
          g_string_append_c (label, *p);
        }

      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target_value (item, "app.open-recent",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (projects, item);
    }
  if (recent[0] != NULL)
    g_menu_append_section (self->recent_menu, _("Recent Projects"), G_MENU_MODEL (projects));

  commands = g_menu_new ();
  g_menu_append (commands, _("_Open Project…"), "app.open");
  g_menu_append (commands, _("_New Project…"), "app.new");
  g_menu_append_section (self->recent_menu, NULL, G_MENU_MODEL (commands));
}

static void
wn_application_recent_changed (WnApplication *self)
{
  g_assert (WN_IS_APPLICATION (self));

  wn_application_rebuild_recent_menu (self);
  g_signal_emit (self, signals[RECENT_PROJECTS_CHANGED], 0);
}

static void
wn_application_settings_changed_cb (WnApplication *self,
                                    const char    *key,
                                    GSettings     *settings)
{
  g_assert (WN_IS_APPLICATION (self));

  wn_application_recent_changed (self);
}

static void
wn_application_set_recent (WnApplication      *self,
                           const char * const *recent)
{
  g_assert (WN_IS_APPLICATION (self));

  if (self->settings != NULL)
    {
      /* "changed::recent-projects" rebuilds the menu and tells the windows. */
      g_settings_set_strv (self->settings, "recent-projects", recent);
      return;
    }

  g_strfreev (self->recent);
  self->recent = g_strdupv ((char **) recent);
  wn_application_recent_changed (self);
}

static GSettings *
wn_application_load_settings (void)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  /* The schema id stays the same for the .Devel build (see data/). Look it
   * up first: g_settings_new() aborts when the schema is missing. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID_BASE, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s is not installed; settings will not be kept",
               APPLICATION_ID_BASE);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
wn_application_new_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  WnApplication *self = user_data;

  wn_window_choose_project (wn_application_get_target_window (self), TRUE);
}

static void
wn_application_open_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  WnApplication *self = user_data;

  wn_window_choose_project (wn_application_get_target_window (self), FALSE);
}

static void
wn_application_open_recent_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  WnApplication *self = user_data;
  g_autoptr(GFile) file = NULL;

  file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  wn_application_open_project (self, file,
                               gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
wn_application_about_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  WnApplication *self = user_data;
  static const char *authors[] = { "The Winnow authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "program-name", "Winnow",
                         "logo-icon-name", wn_application_get_icon_name (),
                         "version", PACKAGE_VERSION,
                         "comments", _("A workbench for scoping and systematic reviews: import database searches, screen, extract and report, offline."),
                         "website", WN_WEBSITE,
                         "website-label", _("Website"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("© The Winnow authors"),
                         "authors", authors,
                         /* Translators: your name and e-mail, one translator a line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* Preferences, over the active window; one at a time. */
static void
wn_application_preferences_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  WnApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->settings == NULL)
    return;
  if (self->preferences == NULL)
    {
      self->preferences = wn_preferences_window_new (parent, self->settings);
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
    }
  gtk_window_present (GTK_WINDOW (self->preferences));
}

static void
wn_application_quit_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  WnApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Close rather than destroy, so each window saves its size and cancels
   * its work; the application quits when the last one is gone. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static const GActionEntry app_entries[] = {
  { .name = "new", .activate = wn_application_new_cb },
  { .name = "open", .activate = wn_application_open_cb },
  { .name = "open-recent", .activate = wn_application_open_recent_cb, .parameter_type = "s" },
  { .name = "about", .activate = wn_application_about_cb },
  { .name = "preferences", .activate = wn_application_preferences_cb },
  { .name = "quit", .activate = wn_application_quit_cb },
};

static void
wn_application_startup (GApplication *application)
{
  WnApplication *self = WN_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = NULL;
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new", { "<Control>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
    /* An application accelerator, not a binding of the window: the records
     * table binds Ctrl+Shift+A itself (unselect all). */
    { "win.attach-folder", { "<Control><Shift>a", NULL } },
    { "win.help", { "F1", NULL } },
  };

  /* GtkApplication's startup loads gtk/help-overlay.ui and adds the
   * icons/ folder of the resource base path to the icon theme. */
  G_APPLICATION_CLASS (wn_application_parent_class)->startup (application);

  g_set_application_name (_("Winnow"));
  gtk_window_set_default_icon_name (wn_application_get_icon_name ());

  /* Plain GtkApplication (unlike libadwaita's) does not load style.css. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, WN_RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* The desktop's dark style (no libadwaita to follow it for us). */
  wn_desktop_style_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  self->settings = wn_application_load_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-projects",
                             G_CALLBACK (wn_application_settings_changed_cb),
                             self, G_CONNECT_SWAPPED);

  wn_application_rebuild_recent_menu (self);
}

static void
wn_application_activate (GApplication *application)
{
  WnApplication *self = WN_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (wn_window_new (self));

  gtk_window_present (window);
}

static void
wn_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  WnApplication *self = WN_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    wn_application_open_project (self, files[i], NULL);
}

static void
wn_application_dispose (GObject *object)
{
  WnApplication *self = WN_APPLICATION (object);

  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
  self->preferences = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->recent, g_strfreev);

  G_OBJECT_CLASS (wn_application_parent_class)->dispose (object);
}

/* --version is answered by the process the user started, before any
 * window or D-Bus name exists. */
static int
wn_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("winnow %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
wn_application_class_init (WnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = wn_application_dispose;

  app_class->startup = wn_application_startup;
  app_class->activate = wn_application_activate;
  app_class->open = wn_application_open;
  app_class->handle_local_options = wn_application_handle_local_options;

  /* The resources live in a static library, where a constructor-registered
   * resource would be dropped by the linker; register them by hand, before
   * GtkApplication looks for the help overlay and the windows for their
   * templates. */
  wn_register_resource ();

  /**
   * WnApplication::recent-projects-changed:
   *
   * The list of recent projects changed.
   */
  signals[RECENT_PROJECTS_CHANGED] =
    g_signal_new ("recent-projects-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
wn_application_init (WnApplication *self)
{
  self->recent = g_new0 (char *, 1);
  self->recent_menu = g_menu_new ();

  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Print the version and exit"), NULL);
}

WnApplication *
wn_application_new (void)
{
  return g_object_new (WN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", WN_RESOURCE_BASE_PATH,
                       NULL);
}

GSettings *
wn_application_get_settings (WnApplication *self)
{
  g_return_val_if_fail (WN_IS_APPLICATION (self), NULL);

  return self->settings;
}

char **
wn_application_dup_recent_projects (WnApplication *self)
{
  g_return_val_if_fail (WN_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    return g_settings_get_strv (self->settings, "recent-projects");

  return g_strdupv (self->recent);
}

void
wn_application_add_recent_project (WnApplication *self,
                                   const char    *path)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (WN_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  old = wn_application_dup_recent_projects (self);
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < WN_RECENT_PROJECTS_MAX; i++)
    {
      if (g_strcmp0 (old[i], path) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);

  if (g_strv_equal ((const char * const *) old, (const char * const *) recent))
    return;

  wn_application_set_recent (self, (const char * const *) recent);
}

void
wn_application_remove_recent_project (WnApplication *self,
                                      const char    *path)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) recent = NULL;

  g_return_if_fail (WN_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  old = wn_application_dup_recent_projects (self);
  if (!g_strv_contains ((const char * const *) old, path))
    return;

  builder = g_strv_builder_new ();
  for (guint i = 0; old[i] != NULL; i++)
    {
      if (g_strcmp0 (old[i], path) != 0)
        g_strv_builder_add (builder, old[i]);
    }
  recent = g_strv_builder_end (builder);

  wn_application_set_recent (self, (const char * const *) recent);
}

const char *
wn_application_get_icon_name (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  /* A .Devel build installs its icon under its own id; the resources
   * carry the regular one. */
  if (display != NULL &&
      gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (display), APPLICATION_ID))
    return APPLICATION_ID;

  return APPLICATION_ID_BASE;
}

GMenuModel *
wn_application_get_recent_menu (WnApplication *self)
{
  g_return_val_if_fail (WN_IS_APPLICATION (self), NULL);

  return G_MENU_MODEL (self->recent_menu);
}

void
wn_application_open_project (WnApplication *self,
                             GFile         *file,
                             GtkWindow     *hint)
{
  g_autofree char *path = NULL;
  WnWindow *target = NULL;

  g_return_if_fail (WN_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (hint == NULL || GTK_IS_WINDOW (hint));

  path = g_file_get_path (file);

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self));
       l != NULL; l = l->next)
    {
      if (!WN_IS_WINDOW (l->data))
        continue;

      if (path != NULL &&
          g_strcmp0 (wn_window_get_project_path (l->data), path) == 0)
        {
          gtk_window_present (l->data);
          return;
        }

      if (target == NULL && wn_window_is_empty (l->data))
        target = l->data;
    }

  if (WN_IS_WINDOW (hint) && wn_window_is_empty (WN_WINDOW (hint)))
    target = WN_WINDOW (hint);

  if (target == NULL)
    target = wn_window_new (self);

  wn_window_open_project (target, file);
  gtk_window_present (GTK_WINDOW (target));
}
