/* wn-codebook-dialog.c — the codebook editor: codes added, edited, moved,
 * removed, exchanged as REFI-QDA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window over the main one listing the codebook as a tree (each code
 * indented by its depth, with its colour). Beside it: Add Code… (a name,
 * or a path under an existing code; a parent chosen from the codes or
 * "(theme)"; a description; a colour), Edit… (rename, describe, recolour
 * the selected code), Move… (a new parent), Remove… (asks first, naming
 * how many sub-codes go with it), Import REFI-QDA… and Export REFI-QDA…
 * (a .qdc through the file chooser). Each change runs in a thread
 * (wn_project_job_run) and reads the codebook again in the same job; a
 * refusal (a name taken, a move under itself, a .qdc that cannot be read,
 * with its file and line) is shown in the window that asked, which stays
 * open. "changed" tells the Extraction page to read the codebook again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-codebook-dialog.h"
#include "wn-coding.h"
#include "wn-screening-dialogs.h"

typedef enum
{
  OP_LIST,
  OP_ADD,
  OP_UPDATE,
  OP_MOVE,
  OP_REMOVE,
  OP_IMPORT,
  OP_EXPORT,
} OpKind;

static const char *const op_names[] = { "list", "add", "edit", "move", "remove", "import", "export" };

struct _WnCodebookDialog
{
  GtkWindow     parent_instance;

  GtkListBox   *list;
  GtkLabel     *message;
  GtkWidget    *edit_button;
  GtkWidget    *move_button;
  GtkWidget    *remove_button;

  WnProject    *project;
  GCancellable *cancellable;
  GPtrArray    *codes;      /* (element-type WnCode) */
  GtkWindow    *editor;     /* the Add/Edit/Move window open, or NULL */
  const char   *editor_kind;
  gboolean      loaded;
  guint         busy;
  guint         changes;
  char         *last_op;
  char         *error;
  char         *exported;
  char         *imported;
};

G_DEFINE_FINAL_TYPE (WnCodebookDialog, wn_codebook_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_CHANGED, SIGNAL_STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
state_changed (WnCodebookDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

/* ---- Jobs ----------------------------------------------------------------------- */

typedef struct
{
  OpKind  kind;
  gint64  code_id;
  gint64  parent_id;
  char   *path;
  char   *name;
  char   *description;
  char   *colour;
  char   *file;
} Op;

static void
op_free (Op *op)
{
  g_free (op->path);
  g_free (op->name);
  g_free (op->description);
  g_free (op->colour);
  g_free (op->file);
  g_free (op);
}

typedef struct
{
  GPtrArray *codes;
  int        n;
} OpResult;

static void
op_result_free (OpResult *result)
{
  g_clear_pointer (&result->codes, g_ptr_array_unref);
  g_free (result);
}

static gboolean
op_job (WnProject  *project,
        gpointer    data,
        gpointer   *result_out,
        GError    **error)
{
  Op *op = data;
  OpResult *result;
  int n = 0;
  gboolean ok = TRUE;

  switch (op->kind)
    {
    case OP_LIST:
      break;
    case OP_ADD:
      ok = wn_project_add_code (project, op->path, op->description, op->colour, error) != 0;
      break;
    case OP_UPDATE:
      ok = wn_project_update_code (project, op->code_id, op->name, op->description, op->colour, error);
      break;
    case OP_MOVE:
      ok = wn_project_move_code (project, op->code_id, op->parent_id, error);
      break;
    case OP_REMOVE:
      ok = wn_project_remove_code (project, op->code_id, error);
      break;
    case OP_IMPORT:
      n = wn_project_import_qdc (project, op->file, error);
      ok = n >= 0;
      break;
    case OP_EXPORT:
      ok = wn_project_export_qdc (project, op->file, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return FALSE;

  result = g_new0 (OpResult, 1);
  result->n = n;
  result->codes = wn_project_list_codes (project, error);
  if (result->codes == NULL)
    {
      op_result_free (result);
      return FALSE;
    }
  *result_out = result;
  return TRUE;
}

typedef struct
{
  WnCodebookDialog *self;
  OpKind            kind;
  GtkWindow        *editor;   /* closed on success; shows the error otherwise */
  char             *file;
  char             *path;     /* the code added, selected after */
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->editor);
  g_free (call->file);
  g_free (call->path);
  g_free (call);
}

static void build_list (WnCodebookDialog *self,
                        const char       *select_path);
static void update_buttons (WnCodebookDialog *self);

static void
show_message (WnCodebookDialog *self,
              const char       *text,
              gboolean          error)
{
  gtk_label_set_text (self->message, text != NULL ? text : "");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
  g_free (self->error);
  self->error = error ? g_strdup (text) : NULL;
}

static void
op_done_cb (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  Call *call = user_data;
  WnCodebookDialog *self = call->self;
  g_autoptr(GError) error = NULL;
  OpResult *result = NULL;

  if (self->cancellable == NULL)
    {
      /* The window went meanwhile. */
      if (wn_project_job_finish (res, (gpointer *) &result, NULL) && result != NULL)
        op_result_free (result);
      call_free (call);
      return;
    }
  if (!wn_project_job_finish (res, (gpointer *) &result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          call_free (call);
          return;
        }
      self->busy--;
      g_free (self->last_op);
      self->last_op = g_strdup (op_names[call->kind]);
      show_message (self, error->message, TRUE);
      if (call->editor != NULL && g_object_get_data (G_OBJECT (call->editor), "message") != NULL)
        {
          GtkLabel *label = g_object_get_data (G_OBJECT (call->editor), "message");

          gtk_label_set_text (label, error->message);
          gtk_widget_set_sensitive (GTK_WIDGET (g_object_get_data (G_OBJECT (call->editor), "ok")), TRUE);
        }
      update_buttons (self);
      state_changed (self);
      call_free (call);
      return;
    }

  self->busy--;
  self->loaded = TRUE;
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  self->codes = g_steal_pointer (&result->codes);
  g_free (self->last_op);
  self->last_op = g_strdup (op_names[call->kind]);
  switch (call->kind)
    {
    case OP_LIST:
      show_message (self, NULL, FALSE);
      break;
    case OP_IMPORT:
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%d code added or changed from %s",
                                                              "%d codes added or changed from %s", result->n),
                                                 result->n, call->file);

        g_free (self->imported);
        self->imported = g_strdup (call->file);
        show_message (self, text, FALSE);
      }
      break;
    case OP_EXPORT:
      {
        g_autofree char *text = g_strdup_printf (_("The codebook was written to %s"), call->file);

        g_free (self->exported);
        self->exported = g_strdup (call->file);
        show_message (self, text, FALSE);
      }
      break;
    default:
      show_message (self, NULL, FALSE);
      break;
    }
  op_result_free (result);
  build_list (self, call->kind == OP_ADD ? call->path : NULL);

  if (call->editor != NULL)
    {
      if (self->editor == call->editor)
        {
          self->editor = NULL;
          self->editor_kind = NULL;
        }
      gtk_window_destroy (call->editor);
    }
  if (call->kind != OP_LIST && call->kind != OP_EXPORT)
    {
      self->changes++;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  update_buttons (self);
  state_changed (self);
  if (gtk_list_box_get_selected_row (self->list) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (self->list)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->list));
  call_free (call);
}

/* Takes op. */
static void
run_op (WnCodebookDialog *self,
        Op               *op,
        GtkWindow        *editor)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->kind = op->kind;
  call->editor = editor != NULL ? g_object_ref (editor) : NULL;
  call->file = g_strdup (op->file);
  call->path = g_strdup (op->path);
  self->busy++;
  update_buttons (self);
  state_changed (self);
  wn_project_job_run (self->project, op_job, op, (GDestroyNotify) op_free, (GDestroyNotify) op_result_free,
                      self->cancellable, op_done_cb, call);
}

/* ---- The list ------------------------------------------------------------------- */

static GtkWidget *
create_swatch (const char *colour)
{
  g_autofree char *markup = NULL;
  GtkWidget *label = gtk_label_new (NULL);

  if (colour != NULL)
    {
      markup = g_markup_printf_escaped ("<span foreground=\"%s\">■</span>", colour);
      gtk_label_set_markup (GTK_LABEL (label), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), "□");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  colour != NULL ? colour : "", -1);
  return label;
}

static const WnCode *
selected_code (WnCodebookDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index;

  if (row == NULL || self->codes == NULL)
    return NULL;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->codes->len)
    return NULL;
  return g_ptr_array_index (self->codes, index);
}

/* Keeps the code selected, or selects the one at select_path. */
static void
build_list (WnCodebookDialog *self,
            const char       *select_path)
{
  const WnCode *old = selected_code (self);
  gint64 keep = old != NULL ? old->id : 0;
  GtkWidget *child;
  GtkListBoxRow *select = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    {
      const WnCode *code = g_ptr_array_index (self->codes, i);
      GtkWidget *row, *box, *labels, *label;

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_margin_start (box, 6 + 18 * code->depth);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 3);
      gtk_widget_set_margin_bottom (box, 3);
      gtk_box_append (GTK_BOX (box), create_swatch (code->colour));
      labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      label = gtk_label_new (code->name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      if (code->depth == 0)
        gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (labels), label);
      if (code->description != NULL && code->description[0] != '\0')
        {
          label = gtk_label_new (code->description);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_add_css_class (label, "caption");
          gtk_box_append (GTK_BOX (labels), label);
        }
      gtk_box_append (GTK_BOX (box), labels);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, code->path, -1);
      gtk_list_box_append (self->list, row);
      if (select_path != NULL ? g_strcmp0 (code->path, select_path) == 0 : code->id == keep)
        select = GTK_LIST_BOX_ROW (row);
    }
  if (select != NULL)
    gtk_list_box_select_row (self->list, select);
}

static void
update_buttons (WnCodebookDialog *self)
{
  gboolean have = selected_code (self) != NULL && self->busy == 0;

  gtk_widget_set_sensitive (self->edit_button, have);
  gtk_widget_set_sensitive (self->move_button, have);
  gtk_widget_set_sensitive (self->remove_button, have);
}

/* ---- Add, edit, move -------------------------------------------------------------- */

static char *
rgba_to_hex (const GdkRGBA *rgba)
{
  return g_strdup_printf ("#%02x%02x%02x", (int) (CLAMP (rgba->red, 0, 1) * 255 + 0.5),
                          (int) (CLAMP (rgba->green, 0, 1) * 255 + 0.5),
                          (int) (CLAMP (rgba->blue, 0, 1) * 255 + 0.5));
}

/* code and its sub-codes: the codes after it deeper than it. */
static guint
n_descendants (WnCodebookDialog *self,
               const WnCode     *code)
{
  guint n = 0;
  gboolean after = FALSE;

  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    {
      const WnCode *other = g_ptr_array_index (self->codes, i);

      if (other == code)
        after = TRUE;
      else if (after && other->depth > code->depth)
        n++;
      else if (after)
        break;
    }
  return n;
}

/* A drop-down of "(theme)" and the codes (but exclude and its sub-codes);
 * the ids beside it as "ids". */
static GtkWidget *
parent_dropdown (WnCodebookDialog *self,
                 const WnCode     *exclude,
                 gint64            current)
{
  GtkStringList *names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 none = 0;
  guint selected = 0;
  guint skip_depth = G_MAXUINT;
  GtkWidget *dropdown;

  gtk_string_list_append (names, _("(theme)"));
  g_array_append_val (ids, none);
  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    {
      const WnCode *code = g_ptr_array_index (self->codes, i);

      if (skip_depth != G_MAXUINT && code->depth > skip_depth)
        continue;
      skip_depth = G_MAXUINT;
      if (exclude != NULL && code->id == exclude->id)
        {
          skip_depth = code->depth;
          continue;
        }
      if (code->id == current)
        selected = ids->len;
      gtk_string_list_append (names, code->path);
      g_array_append_val (ids, code->id);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
  gtk_widget_set_tooltip_text (dropdown, _("The theme this code belongs under; none makes it a theme"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  g_object_set_data_full (G_OBJECT (dropdown), "ids", ids, (GDestroyNotify) g_array_unref);
  return dropdown;
}

static gint64
dropdown_id (GtkWidget *dropdown)
{
  GArray *ids = g_object_get_data (G_OBJECT (dropdown), "ids");
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  if (ids == NULL || selected >= ids->len)
    return 0;
  return g_array_index (ids, gint64, selected);
}

static const WnCode *
code_by_id (WnCodebookDialog *self,
            gint64            id)
{
  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    {
      const WnCode *code = g_ptr_array_index (self->codes, i);

      if (code->id == id)
        return code;
    }
  return NULL;
}

static void
editor_ok_cb (GtkWidget *button)
{
  GtkWindow *editor = GTK_WINDOW (gtk_widget_get_root (button));
  WnCodebookDialog *self = g_object_get_data (G_OBJECT (editor), "codebook");
  const char *kind = g_object_get_data (G_OBJECT (editor), "kind");
  GtkWidget *name_entry = g_object_get_data (G_OBJECT (editor), "name");
  GtkWidget *description_entry = g_object_get_data (G_OBJECT (editor), "description");
  GtkWidget *colour_button = g_object_get_data (G_OBJECT (editor), "colour");
  GtkWidget *parent = g_object_get_data (G_OBJECT (editor), "parent");
  GtkLabel *message = g_object_get_data (G_OBJECT (editor), "message");
  gint64 *code_id = g_object_get_data (G_OBJECT (editor), "code-id");
  Op *op = g_new0 (Op, 1);
  g_autofree char *name = NULL;

  if (name_entry != NULL)
    name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (name_entry))));
  if (name_entry != NULL && name[0] == '\0')
    {
      gtk_label_set_text (message, _("A code needs a name."));
      gtk_widget_grab_focus (name_entry);
      op_free (op);
      return;
    }

  if (g_str_equal (kind, "add"))
    {
      const WnCode *under = code_by_id (self, dropdown_id (parent));
      GdkRGBA rgba;

      op->kind = OP_ADD;
      op->path = under != NULL ? g_strconcat (under->path, "/", name, NULL) : g_strdup (name);
      op->description = g_strdup (gtk_editable_get_text (GTK_EDITABLE (description_entry)));
      if (g_object_get_data (G_OBJECT (colour_button), "chosen") != NULL)
        {
          gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (colour_button), &rgba);
          op->colour = rgba_to_hex (&rgba);
        }
    }
  else if (g_str_equal (kind, "edit"))
    {
      const WnCode *code = code_by_id (self, *code_id);
      const char *description = gtk_editable_get_text (GTK_EDITABLE (description_entry));
      GdkRGBA rgba;

      op->kind = OP_UPDATE;
      op->code_id = *code_id;
      if (code == NULL || g_strcmp0 (code->name, name) != 0)
        op->name = g_strdup (name);
      if (code == NULL || g_strcmp0 (code->description != NULL ? code->description : "", description) != 0)
        op->description = g_strdup (description);
      if (g_object_get_data (G_OBJECT (colour_button), "chosen") != NULL)
        {
          gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (colour_button), &rgba);
          op->colour = rgba_to_hex (&rgba);
        }
    }
  else
    {
      op->kind = OP_MOVE;
      op->code_id = *code_id;
      op->parent_id = dropdown_id (parent);
    }

  gtk_label_set_text (message, "");
  gtk_widget_set_sensitive (button, FALSE);
  run_op (self, op, editor);
}

static void
colour_set_cb (GtkWidget *button)
{
  g_object_set_data (G_OBJECT (button), "chosen", GINT_TO_POINTER (1));
}

static void
editor_destroy_cb (GtkWindow        *editor,
                   WnCodebookDialog *self)
{
  if (self->editor == editor)
    {
      self->editor = NULL;
      self->editor_kind = NULL;
      state_changed (self);
    }
}

static void
add_close_shortcut (GtkWidget *window)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, controller);
}

static GtkWidget *
grid_label (GtkGrid    *grid,
            const char *mnemonic,
            GtkWidget  *widget,
            int         row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
  return label;
}

/* kind: "add", "edit" or "move". */
static void
open_editor (WnCodebookDialog *self,
             const char       *kind)
{
  const WnCode *code = g_str_equal (kind, "add") ? NULL : selected_code (self);
  GtkWidget *window, *box, *grid, *buttons, *ok, *cancel, *label, *focus = NULL;
  int row = 0;

  if (self->editor != NULL || (code == NULL && !g_str_equal (kind, "add")) || !self->loaded)
    return;

  window = gtk_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  if (g_str_equal (kind, "add"))
    gtk_window_set_title (GTK_WINDOW (window), _("Add Code"));
  else if (g_str_equal (kind, "edit"))
    gtk_window_set_title (GTK_WINDOW (window), _("Edit Code"));
  else
    gtk_window_set_title (GTK_WINDOW (window), _("Move Code"));
  g_object_set_data (G_OBJECT (window), "codebook", self);
  g_object_set_data (G_OBJECT (window), "kind", (gpointer) kind);
  if (code != NULL)
    g_object_set_data_full (G_OBJECT (window), "code-id", g_memdup2 (&code->id, sizeof (gint64)), g_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_size_request (box, 420, -1);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_box_append (GTK_BOX (box), grid);

  if (code != NULL)
    {
      label = gtk_label_new (code->path);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (grid), label, 0, row++, 2, 1);
    }

  if (!g_str_equal (kind, "move"))
    {
      GtkWidget *name = gtk_entry_new ();
      GtkWidget *description = gtk_entry_new ();
      GtkWidget *colour = gtk_color_button_new ();

      gtk_entry_set_activates_default (GTK_ENTRY (name), TRUE);
      gtk_entry_set_activates_default (GTK_ENTRY (description), TRUE);
      if (code != NULL)
        {
          GdkRGBA rgba;

          gtk_editable_set_text (GTK_EDITABLE (name), code->name);
          gtk_editable_set_text (GTK_EDITABLE (description), code->description != NULL ? code->description : "");
          if (code->colour != NULL && gdk_rgba_parse (&rgba, code->colour))
            gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (colour), &rgba);
        }
      else
        gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("Name, or Theme/Name"));
      gtk_color_button_set_modal (GTK_COLOR_BUTTON (colour), TRUE);
      gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (colour), FALSE);
      g_signal_connect (colour, "color-set", G_CALLBACK (colour_set_cb), NULL);
      grid_label (GTK_GRID (grid), _("_Name"), name, row++);
      g_object_set_data (G_OBJECT (window), "name", name);
      focus = name;
      if (code == NULL)
        {
          GtkWidget *parent = parent_dropdown (self, NULL, 0);

          grid_label (GTK_GRID (grid), _("_Under"), parent, row++);
          g_object_set_data (G_OBJECT (window), "parent", parent);
        }
      grid_label (GTK_GRID (grid), _("_Description"), description, row++);
      g_object_set_data (G_OBJECT (window), "description", description);
      gtk_widget_set_hexpand (colour, FALSE);
      gtk_widget_set_halign (colour, GTK_ALIGN_START);
      grid_label (GTK_GRID (grid), _("C_olour"), colour, row++);
      g_object_set_data (G_OBJECT (window), "colour", colour);
    }
  else
    {
      GtkWidget *parent = parent_dropdown (self, code, code->parent_id);

      grid_label (GTK_GRID (grid), _("_Under"), parent, row++);
      g_object_set_data (G_OBJECT (window), "parent", parent);
      focus = parent;
    }

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (window), "message", label);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  gtk_box_append (GTK_BOX (buttons), cancel);
  ok = gtk_button_new_with_mnemonic (g_str_equal (kind, "add") ? _("_Add") : g_str_equal (kind, "edit")
                                     ? _("_Save") : _("_Move"));
  gtk_widget_add_css_class (ok, "suggested-action");
  g_signal_connect (ok, "clicked", G_CALLBACK (editor_ok_cb), NULL);
  gtk_box_append (GTK_BOX (buttons), ok);
  g_object_set_data (G_OBJECT (window), "ok", ok);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_widget (GTK_WINDOW (window), ok);
  add_close_shortcut (window);
  g_signal_connect_object (window, "destroy", G_CALLBACK (editor_destroy_cb), self, 0);

  self->editor = GTK_WINDOW (window);
  self->editor_kind = kind;
  gtk_window_present (GTK_WINDOW (window));
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  state_changed (self);
}

static void add_clicked_cb (WnCodebookDialog *self) { open_editor (self, "add"); }
static void edit_clicked_cb (WnCodebookDialog *self) { open_editor (self, "edit"); }
static void move_clicked_cb (WnCodebookDialog *self) { open_editor (self, "move"); }

/* ---- Remove ------------------------------------------------------------------------ */

static void
remove_response_cb (GtkDialog        *dialog,
                    int               response,
                    WnCodebookDialog *self)
{
  gint64 *code_id = g_object_get_data (G_OBJECT (dialog), "code-id");

  if (response == GTK_RESPONSE_ACCEPT && code_id != NULL)
    {
      Op *op = g_new0 (Op, 1);

      op->kind = OP_REMOVE;
      op->code_id = *code_id;
      run_op (self, op, NULL);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
remove_clicked_cb (WnCodebookDialog *self)
{
  const WnCode *code = selected_code (self);
  GtkWidget *dialog;
  guint n;
  g_autofree char *secondary = NULL;

  if (code == NULL)
    return;
  n = n_descendants (self, code);
  if (n > 0)
    secondary = g_strdup_printf (g_dngettext (NULL, "Its %u sub-code is removed too. Codings keep their rows "
                                              "but stop counting.",
                                              "Its %u sub-codes are removed too. Codings keep their rows "
                                              "but stop counting.", n), n);
  else
    secondary = g_strdup (_("It has no sub-codes. Codings keep their rows but stop counting."));
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, _("Remove “%s”?"), code->path);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Remove"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "code-id", g_memdup2 (&code->id, sizeof (gint64)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- REFI-QDA ---------------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     WnCodebookDialog *self)
{
  gboolean export = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "export"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          Op *op = g_new0 (Op, 1);

          op->kind = export ? OP_EXPORT : OP_IMPORT;
          op->file = g_steal_pointer (&path);
          run_op (self, op, NULL);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_qdc (WnCodebookDialog *self,
            gboolean          export)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (export ? _("Export the Codebook as REFI-QDA")
                                         : _("Import a REFI-QDA Codebook"),
                                         GTK_WINDOW (self),
                                         export ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         export ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("REFI-QDA codebooks (*.qdc)"));
  gtk_file_filter_add_suffix (filter, "qdc");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (export)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "codebook.qdc");
  g_object_set_data (G_OBJECT (chooser), "export", GINT_TO_POINTER (export));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void import_clicked_cb (WnCodebookDialog *self) { choose_qdc (self, FALSE); }
static void export_clicked_cb (WnCodebookDialog *self) { choose_qdc (self, TRUE); }

/* ---- The window ---------------------------------------------------------------------- */

static void
selection_changed_cb (WnCodebookDialog *self)
{
  update_buttons (self);
  state_changed (self);
}

static void
row_activated_cb (WnCodebookDialog *self)
{
  open_editor (self, "edit");
}

static void
wn_codebook_dialog_dispose (GObject *object)
{
  WnCodebookDialog *self = WN_CODEBOOK_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_clear_pointer (&self->last_op, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->exported, g_free);
  g_clear_pointer (&self->imported, g_free);

  G_OBJECT_CLASS (wn_codebook_dialog_parent_class)->dispose (object);
}

static void
wn_codebook_dialog_class_init (WnCodebookDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wn_codebook_dialog_dispose;

  /* The codebook changed. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something the test hook shows changed. */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static GtkWidget *
side_button (WnCodebookDialog *self,
             const char       *mnemonic,
             const char       *tooltip,
             GCallback         callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
wn_codebook_dialog_init (WnCodebookDialog *self)
{
  GtkWidget *box, *main_box, *scrolled, *side, *close;

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Codebook"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 520);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  main_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_vexpand (main_box, TRUE);
  gtk_box_append (GTK_BOX (box), main_box);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_hexpand (scrolled, TRUE);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->list, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Codes"), -1);
  g_signal_connect_swapped (self->list, "selected-rows-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (main_box), scrolled);

  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (side), side_button (self, _("_Add Code…"), _("Add a theme or a sub-code"),
                                               G_CALLBACK (add_clicked_cb)));
  self->edit_button = side_button (self, _("_Edit…"), _("Rename, describe or recolour the selected code"),
                                   G_CALLBACK (edit_clicked_cb));
  gtk_box_append (GTK_BOX (side), self->edit_button);
  self->move_button = side_button (self, _("_Move…"), _("Put the selected code under another"),
                                   G_CALLBACK (move_clicked_cb));
  gtk_box_append (GTK_BOX (side), self->move_button);
  self->remove_button = side_button (self, _("_Remove…"), _("Remove the selected code and its sub-codes"),
                                     G_CALLBACK (remove_clicked_cb));
  gtk_box_append (GTK_BOX (side), self->remove_button);
  gtk_box_append (GTK_BOX (side), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (side), side_button (self, _("_Import REFI-QDA…"),
                                               _("Merge a codebook from MAXQDA, NVivo or ATLAS.ti (.qdc)"),
                                               G_CALLBACK (import_clicked_cb)));
  gtk_box_append (GTK_BOX (side), side_button (self, _("E_xport REFI-QDA…"),
                                               _("Write the codebook as a REFI-QDA codebook (.qdc)"),
                                               G_CALLBACK (export_clicked_cb)));
  gtk_box_append (GTK_BOX (main_box), side);

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_selectable (self->message, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));

  close = gtk_button_new_with_mnemonic (_("_Close"));
  gtk_widget_set_halign (close, GTK_ALIGN_END);
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (gtk_window_close), self);
  gtk_box_append (GTK_BOX (box), close);

  gtk_window_set_child (GTK_WINDOW (self), box);
  add_close_shortcut (GTK_WIDGET (self));
  update_buttons (self);
}

GtkWindow *
wn_codebook_dialog_new (GtkWindow *parent,
                        WnProject *project)
{
  WnCodebookDialog *self;
  Op *op;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  self = g_object_new (WN_TYPE_CODEBOOK_DIALOG, "transient-for", parent, "modal", TRUE,
                       "destroy-with-parent", TRUE, NULL);
  self->project = g_object_ref (project);
  op = g_new0 (Op, 1);
  op->kind = OP_LIST;
  run_op (self, op, NULL);
  return GTK_WINDOW (self);
}

void
wn_codebook_dialog_describe (WnCodebookDialog *self,
                             WnTestStateFunc   func,
                             gpointer          user_data)
{
  char buffer[32];
  const WnCode *code;

  g_return_if_fail (WN_IS_CODEBOOK_DIALOG (self));

  func ("cb_loaded", self->loaded && self->busy == 0 ? "1" : "0", user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->codes != NULL ? self->codes->len : 0);
  func ("cb_codes", buffer, user_data);
  code = selected_code (self);
  func ("cb_selected", code != NULL ? code->path : "", user_data);
  func ("cb_editor", self->editor_kind != NULL ? self->editor_kind : "", user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->changes);
  func ("cb_changes", buffer, user_data);
  func ("cb_last", self->last_op != NULL ? self->last_op : "", user_data);
  func ("cb_error", self->error != NULL ? self->error : "", user_data);
  func ("cb_exported", self->exported != NULL ? self->exported : "", user_data);
  func ("cb_imported", self->imported != NULL ? self->imported : "", user_data);
}
