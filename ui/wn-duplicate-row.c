/* wn-duplicate-row.c — one row of the duplicates page's lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A badge and three lines. For a pair: the engine's score (or, in the list
 * of decided pairs, the decision in words), the two titles one above the
 * other so a glance shows how they differ, and the reasons. For a group:
 * how many records it holds, the kept record's title, its authors and
 * year, and whether a person has checked it. Built in C rather than bound
 * in a .ui: the score needs formatting and the row its accessible label.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-duplicate-row.h"

struct _WnDuplicateRow
{
  GtkWidget    parent_instance;

  GtkWidget   *badge;
  GtkWidget   *lines;
  GtkWidget   *first;
  GtkWidget   *second;
  GtkWidget   *caption;

  GtkListItem *list_item;  /* unowned: the item owns this row */
};

G_DEFINE_FINAL_TYPE (WnDuplicateRow, wn_duplicate_row, GTK_TYPE_WIDGET)

static const char *const badge_classes[] = { "score", "duplicate", "distinct", "size", "confirmed" };

static void
set_badge (WnDuplicateRow *self,
           const char     *text,
           const char     *css_class,
           const char     *tooltip)
{
  g_assert (WN_IS_DUPLICATE_ROW (self));

  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (self->badge, badge_classes[i]);
  gtk_widget_add_css_class (self->badge, css_class);
  gtk_label_set_text (GTK_LABEL (self->badge), text);
  gtk_widget_set_tooltip_text (self->badge, tooltip);
}

static const char *
title_or_placeholder (const char *title)
{
  return title != NULL && title[0] != '\0' ? title : _("(no title)");
}

void
wn_duplicate_row_set_pair (WnDuplicateRow *self,
                           WnDedupPair    *pair)
{
  const WnRecord *a;
  const WnRecord *b;
  g_autofree char *score = NULL;
  g_autofree char *accessible = NULL;
  const char *decision_text = NULL;

  g_return_if_fail (WN_IS_DUPLICATE_ROW (self));
  g_return_if_fail (WN_IS_DEDUP_PAIR (pair));

  a = wn_dedup_pair_get_record (pair, 0);
  b = wn_dedup_pair_get_record (pair, 1);
  score = g_strdup_printf ("%.2f", wn_dedup_pair_get_score (pair));

  switch (wn_dedup_pair_get_decision (pair))
    {
    case WN_DEDUP_DECISION_DUPLICATE:
      decision_text = C_("pair decision", "Duplicate");
      set_badge (self, decision_text, "duplicate", NULL);
      break;
    case WN_DEDUP_DECISION_DISTINCT:
      decision_text = C_("pair decision", "Not duplicate");
      set_badge (self, decision_text, "distinct", NULL);
      break;
    case WN_DEDUP_DECISION_NONE:
    default:
      set_badge (self, score, "score", _("The engine’s score, from 0 to 1"));
      break;
    }

  gtk_label_set_text (GTK_LABEL (self->first), title_or_placeholder (a->title));
  gtk_label_set_text (GTK_LABEL (self->second), title_or_placeholder (b->title));
  gtk_widget_set_visible (self->second, TRUE);
  gtk_label_set_text (GTK_LABEL (self->caption), wn_dedup_pair_get_description (pair));

  if (decision_text != NULL)
    /* Translators: a decided pair, for screen readers: "Duplicate, score 0.95:
     * <first title>; <second title>". */
    accessible = g_strdup_printf (_("%s, score %s: %s; %s"), decision_text, score,
                                  title_or_placeholder (a->title), title_or_placeholder (b->title));
  else
    /* Translators: a pair waiting, for screen readers: "Score 0.95: <first
     * title>; <second title>". */
    accessible = g_strdup_printf (_("Score %s: %s; %s"), score,
                                  title_or_placeholder (a->title), title_or_placeholder (b->title));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

void
wn_duplicate_row_set_group (WnDuplicateRow *self,
                            WnDedupGroup   *group,
                            WnRecordItem   *kept)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *size = NULL;
  g_autofree char *size_tooltip = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *accessible = NULL;
  const gint64 *members;
  const char *title;
  gboolean confirmed;
  guint n_members;

  g_return_if_fail (WN_IS_DUPLICATE_ROW (self));
  g_return_if_fail (WN_IS_DEDUP_GROUP (group));

  members = wn_dedup_group_get_members (group, &n_members);
  confirmed = g_strcmp0 (wn_dedup_group_get_status (group), "confirmed") == 0;

  size = g_strdup_printf ("%u", n_members);
  size_tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record merged", "%u records merged", n_members),
                                  n_members);
  set_badge (self, size, confirmed ? "confirmed" : "size", size_tooltip);

  title = kept != NULL ? title_or_placeholder (wn_record_item_get_title (kept)) : "…";
  gtk_label_set_text (GTK_LABEL (self->first), title);

  if (kept != NULL)
    {
      const char *parts[] = { wn_record_item_get_authors (kept), wn_record_item_get_year (kept),
                              wn_record_item_get_journal (kept) };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          if (parts[i] == NULL || parts[i][0] == '\0')
            continue;
          if (source->len > 0)
            g_string_append (source, " · ");
          g_string_append (source, parts[i]);
        }
    }
  gtk_label_set_text (GTK_LABEL (self->second), source->str);
  gtk_widget_set_visible (self->second, source->len > 0);

  for (guint i = 0; i < n_members; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", members[i]);
  if (confirmed)
    /* Translators: a group a person checked, and its records: "Confirmed · records 301, 1". */
    caption = g_strdup_printf (_("Confirmed · records %s"), ids->str);
  else
    /* Translators: a group the engine made, and its records: "Merged automatically · records 301, 1". */
    caption = g_strdup_printf (_("Merged automatically · records %s"), ids->str);
  gtk_label_set_text (GTK_LABEL (self->caption), caption);

  /* Translators: a group, for screen readers: "2 records merged: <title>.
   * Merged automatically · records 301, 1". */
  accessible = g_strdup_printf (_("%s: %s. %s"), size_tooltip, title, caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

void
wn_duplicate_row_set_list_item (WnDuplicateRow *self,
                                GtkListItem    *list_item)
{
  g_return_if_fail (WN_IS_DUPLICATE_ROW (self));

  self->list_item = list_item;
}

GtkListItem *
wn_duplicate_row_get_list_item (WnDuplicateRow *self)
{
  g_return_val_if_fail (WN_IS_DUPLICATE_ROW (self), NULL);

  return self->list_item;
}

static GtkWidget *
create_line (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
wn_duplicate_row_dispose (GObject *object)
{
  WnDuplicateRow *self = WN_DUPLICATE_ROW (object);

  g_clear_pointer (&self->badge, gtk_widget_unparent);
  g_clear_pointer (&self->lines, gtk_widget_unparent);
  self->list_item = NULL;

  G_OBJECT_CLASS (wn_duplicate_row_parent_class)->dispose (object);
}

static void
wn_duplicate_row_class_init (WnDuplicateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_duplicate_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnduplicaterow");
}

static void
wn_duplicate_row_init (WnDuplicateRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 10);

  self->badge = gtk_label_new (NULL);
  gtk_widget_set_valign (self->badge, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->badge, "wn-row-badge");
  gtk_widget_add_css_class (self->badge, "numeric");
  gtk_widget_set_parent (self->badge, GTK_WIDGET (self));

  self->lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);
  gtk_widget_set_hexpand (self->lines, TRUE);
  gtk_widget_set_parent (self->lines, GTK_WIDGET (self));

  self->first = create_line ("wn-row-title");
  gtk_box_append (GTK_BOX (self->lines), self->first);
  self->second = create_line ("wn-row-title");
  gtk_box_append (GTK_BOX (self->lines), self->second);
  self->caption = create_line ("caption");
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_box_append (GTK_BOX (self->lines), self->caption);
}

GtkWidget *
wn_duplicate_row_new (void)
{
  return g_object_new (WN_TYPE_DUPLICATE_ROW, NULL);
}
