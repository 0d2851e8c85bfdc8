/* wn-tour.c — the first-run walkthrough
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Eight steps, each showing one page of the main window (through its
 * win.view action) and a popover pointing at the control that leads
 * there, with a sentence or two and Back, Next and Skip Tour. Keys: Enter
 * or Right go on, Left goes back, Escape ends. The keyboard is in the
 * popover while it is shown, and goes back to where it was at the end.
 * The tour only switches pages: it never touches the project.
 *
 * The tour tells its owner about every change through the "changed"
 * signal (the window's test state).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-tour.h"

typedef enum
{
  TARGET_IMPORT,
  TARGET_VIEW,
  TARGET_MENU,
} TargetKind;

typedef struct
{
  const char *view;
  TargetKind  target;
  const char *title;
  const char *text;
} TourStep;

static const TourStep tour_steps[] = {
  { "records", TARGET_IMPORT, N_("Records and Searches"),
    N_("Import each database export with this button. Every file is kept as one search, with its database, "
       "date, query and hit count; the Searches page (Ctrl+2) shows that provenance.") },
  { "duplicates", TARGET_VIEW, N_("Duplicates"),
    N_("Winnow finds the records several databases returned. Certain copies are merged; possible ones wait "
       "here for you: D marks a pair as duplicates, N as different records.") },
  { "screening", TARGET_VIEW, N_("Screening"),
    N_("One record at a time, blind to the other reviewers: press I to include, E to exclude with the reason chosen, "
       "M for maybe. The stage and the calibration round are chosen here too.") },
  { "conflicts", TARGET_VIEW, N_("Conflicts"),
    N_("Once the reviewers’ decision files are merged, every record they disagree on comes here for the "
       "adjudicator to settle.") },
  { "agreement", TARGET_VIEW, N_("Agreement"),
    N_("Cohen’s kappa for each pair of reviewers, round by round, against the threshold of the protocol.") },
  { "prisma", TARGET_VIEW, N_("PRISMA 2020"),
    N_("The flow diagram, counted from the project’s data. Select a box to list the records behind it, and "
       "export the diagram as SVG, PDF or PNG.") },
  { "extraction", TARGET_VIEW, N_("Extraction and Coding"),
    N_("Each included study gets an ID (S001…). Extract its data into the template and code its text, beside "
       "its PDF.") },
  { NULL, TARGET_MENU, N_("Help Is Here"),
    N_("The user guide, the keyboard shortcuts and this tour are in the main menu. Press F1 on any page for "
       "its help.") },
};

struct _WnTour
{
  GObject     parent_instance;

  GtkWindow  *window;          /* weak */
  GtkWidget  *view_switcher;   /* weak */
  GtkWidget  *import_button;   /* weak */
  GtkWidget  *menu_button;     /* weak */

  int         step;            /* -1 when not running */
  guint       runs;
  char       *start_view;      /* the page shown when the tour started */
  GWeakRef    start_focus;     /* where the keyboard was */

  GtkWidget  *popover;         /* the step's, parented to its target */
  GtkWidget  *next_button;
  gboolean    switching;       /* popping down to move to another step */
};

G_DEFINE_FINAL_TYPE (WnTour, wn_tour, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
wn_tour_changed (WnTour *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The view switcher's toggle button for view. */
static GtkWidget *
find_view_button (WnTour     *self,
                  const char *view)
{
  if (self->view_switcher == NULL)
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (self->view_switcher); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GVariant *target;

      if (!GTK_IS_ACTIONABLE (child))
        continue;
      target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));
      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING) &&
          g_str_equal (g_variant_get_string (target, NULL), view))
        return child;
    }
  return NULL;
}

static GtkWidget *
step_target (WnTour         *self,
             const TourStep *step)
{
  GtkWidget *target = NULL;

  switch (step->target)
    {
    case TARGET_IMPORT:
      target = self->import_button;
      break;
    case TARGET_VIEW:
      target = find_view_button (self, step->view);
      break;
    case TARGET_MENU:
      target = self->menu_button;
      break;
    default:
      g_assert_not_reached ();
    }
  /* A control that is hidden cannot be pointed at: the page's switcher
   * button, else the window's menu button. */
  if (target == NULL || !gtk_widget_get_mapped (target))
    target = step->view != NULL ? find_view_button (self, step->view) : NULL;
  if (target == NULL || !gtk_widget_get_mapped (target))
    target = self->menu_button;
  return target != NULL && gtk_widget_get_mapped (target) ? target : NULL;
}

static void
wn_tour_drop_popover (WnTour *self)
{
  GtkWidget *popover = g_steal_pointer (&self->popover);

  if (popover == NULL)
    return;
  self->switching = TRUE;
  gtk_popover_popdown (GTK_POPOVER (popover));
  self->switching = FALSE;
  gtk_widget_unparent (popover);
  self->next_button = NULL;
}

static void
wn_tour_closed_cb (WnTour     *self,
                   GtkPopover *popover)
{
  /* Closed from outside (a click elsewhere): the tour ends. */
  if (!self->switching && popover == GTK_POPOVER (self->popover))
    wn_tour_end (self);
}

static gboolean
wn_tour_key_pressed_cb (WnTour                *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      wn_tour_next (self);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      wn_tour_back (self);
      return TRUE;
    case GDK_KEY_Escape:
      wn_tour_end (self);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Enter on no button in particular (a button takes its own Enter). */
static gboolean
wn_tour_key_pressed_bubble_cb (WnTour                *self,
                               guint                  keyval,
                               guint                  keycode,
                               GdkModifierType        state,
                               GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      wn_tour_next (self);
      return TRUE;
    }
  return FALSE;
}

static GtkWidget *
make_button (WnTour     *self,
             const char *label,
             GCallback   callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
build_popover (WnTour *self,
               int     index)
{
  const TourStep *step = &tour_steps[index];
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (_(step->title));
  GtkWidget *text = gtk_label_new (_(step->text));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *count;
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *back;
  GtkWidget *skip;
  GtkEventController *keys;
  g_autofree char *count_text = NULL;
  gboolean last = index + 1 == (int) G_N_ELEMENTS (tour_steps);

  gtk_widget_add_css_class (popover, "wn-tour");
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-4");
  gtk_box_append (GTK_BOX (box), title);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 42);
  gtk_label_set_width_chars (GTK_LABEL (text), 42);
  gtk_box_append (GTK_BOX (box), text);

  /* Translators: the tour's progress, "step 3 of 8". */
  count_text = g_strdup_printf (_("%d of %d"), index + 1, (int) G_N_ELEMENTS (tour_steps));
  count = gtk_label_new (count_text);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");

  back = make_button (self, _("_Back"), G_CALLBACK (wn_tour_back));
  gtk_widget_set_sensitive (back, index > 0);
  self->next_button = make_button (self, last ? _("_Done") : _("_Next"), G_CALLBACK (wn_tour_next));
  gtk_widget_add_css_class (self->next_button, "suggested-action");

  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_box_append (GTK_BOX (buttons), count);
  gtk_box_append (GTK_BOX (buttons), spacer);
  if (!last)
    {
      skip = make_button (self, _("_Skip Tour"), G_CALLBACK (wn_tour_end));
      gtk_widget_add_css_class (skip, "flat");
      gtk_box_append (GTK_BOX (buttons), skip);
    }
  gtk_box_append (GTK_BOX (buttons), back);
  gtk_box_append (GTK_BOX (buttons), self->next_button);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), self->next_button);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_BOTTOM);
  gtk_accessible_update_property (GTK_ACCESSIBLE (popover), GTK_ACCESSIBLE_PROPERTY_LABEL, _(step->title), -1);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (wn_tour_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (popover, keys);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (wn_tour_key_pressed_bubble_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (popover, keys);
  g_signal_connect_object (popover, "closed", G_CALLBACK (wn_tour_closed_cb), self, G_CONNECT_SWAPPED);

  return popover;
}

static void
wn_tour_show_step (WnTour *self,
                   int     index)
{
  const TourStep *step;
  GtkWidget *target;

  g_assert (index >= 0 && index < (int) G_N_ELEMENTS (tour_steps));

  if (self->window == NULL)
    {
      wn_tour_end (self);
      return;
    }

  step = &tour_steps[index];
  wn_tour_drop_popover (self);
  self->step = index;
  if (step->view != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.view", "s", step->view);

  target = step_target (self, step);
  if (target == NULL)
    {
      wn_tour_end (self);
      return;
    }
  self->popover = build_popover (self, index);
  gtk_widget_set_parent (self->popover, target);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_widget_grab_focus (self->next_button);
  wn_tour_changed (self);
}

void
wn_tour_start (WnTour *self)
{
  GtkWidget *focus;

  g_return_if_fail (WN_IS_TOUR (self));

  if (self->window == NULL)
    return;
  if (self->step < 0)
    {
      g_clear_pointer (&self->start_view, g_free);
      g_object_get (self->window, "view", &self->start_view, NULL);
      focus = gtk_root_get_focus (GTK_ROOT (self->window));
      g_weak_ref_set (&self->start_focus, focus);
      self->runs++;
    }
  wn_tour_show_step (self, 0);
}

void
wn_tour_next (WnTour *self)
{
  g_return_if_fail (WN_IS_TOUR (self));

  if (self->step < 0)
    return;
  if (self->step + 1 >= (int) G_N_ELEMENTS (tour_steps))
    wn_tour_end (self);
  else
    wn_tour_show_step (self, self->step + 1);
}

void
wn_tour_back (WnTour *self)
{
  g_return_if_fail (WN_IS_TOUR (self));

  if (self->step > 0)
    wn_tour_show_step (self, self->step - 1);
}

void
wn_tour_end (WnTour *self)
{
  g_autoptr(GtkWidget) focus = NULL;

  g_return_if_fail (WN_IS_TOUR (self));

  if (self->step < 0)
    return;
  self->step = -1;
  wn_tour_drop_popover (self);

  if (self->window != NULL)
    {
      if (self->start_view != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self->window), "win.view", "s", self->start_view);
      focus = g_weak_ref_get (&self->start_focus);
      if (focus != NULL && gtk_widget_get_root (focus) == GTK_ROOT (self->window) && gtk_widget_get_mapped (focus))
        gtk_widget_grab_focus (focus);
      else
        gtk_widget_child_focus (GTK_WIDGET (self->window), GTK_DIR_TAB_FORWARD);
    }
  wn_tour_changed (self);
}

gboolean
wn_tour_is_running (WnTour *self)
{
  g_return_val_if_fail (WN_IS_TOUR (self), FALSE);

  return self->step >= 0;
}

void
wn_tour_describe (WnTour          *self,
                  WnTestStateFunc  func,
                  gpointer         user_data)
{
  g_autofree char *step = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *runs = NULL;
  gboolean focus_in = FALSE;

  g_return_if_fail (WN_IS_TOUR (self));

  if (self->popover != NULL && self->window != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (self->popover);
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      focus_in = focus != NULL && gtk_widget_is_ancestor (focus, self->popover) && gtk_widget_get_mapped (self->popover);
    }
  step = g_strdup_printf ("%d", self->step + 1);
  steps = g_strdup_printf ("%u", (guint) G_N_ELEMENTS (tour_steps));
  runs = g_strdup_printf ("%u", self->runs);
  func ("tour", self->step >= 0 ? "1" : "0", user_data);
  func ("tour_step", step, user_data);
  func ("tour_steps", steps, user_data);
  func ("tour_view", self->step >= 0 ? tour_steps[self->step].view : NULL, user_data);
  func ("tour_title", self->step >= 0 ? _(tour_steps[self->step].title) : NULL, user_data);
  func ("tour_focus", focus_in ? "1" : "0", user_data);
  func ("tour_runs", runs, user_data);
}

WnTour *
wn_tour_new (GtkWindow *window,
             GtkWidget *view_switcher,
             GtkWidget *import_button,
             GtkWidget *menu_button)
{
  WnTour *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  self = g_object_new (WN_TYPE_TOUR, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->view_switcher, view_switcher);
  g_set_weak_pointer (&self->import_button, import_button);
  g_set_weak_pointer (&self->menu_button, menu_button);
  /* Where the keyboard is, for the test state. */
  g_signal_connect_object (window, "notify::focus-widget", G_CALLBACK (wn_tour_changed), self, G_CONNECT_SWAPPED);
  return self;
}

static void
wn_tour_dispose (GObject *object)
{
  WnTour *self = WN_TOUR (object);

  wn_tour_drop_popover (self);
  self->step = -1;
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->view_switcher);
  g_clear_weak_pointer (&self->import_button);
  g_clear_weak_pointer (&self->menu_button);

  G_OBJECT_CLASS (wn_tour_parent_class)->dispose (object);
}

static void
wn_tour_finalize (GObject *object)
{
  WnTour *self = WN_TOUR (object);

  g_weak_ref_clear (&self->start_focus);
  g_free (self->start_view);

  G_OBJECT_CLASS (wn_tour_parent_class)->finalize (object);
}

static void
wn_tour_class_init (WnTourClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wn_tour_dispose;
  object_class->finalize = wn_tour_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
wn_tour_init (WnTour *self)
{
  self->step = -1;
  g_weak_ref_init (&self->start_focus, NULL);
}
