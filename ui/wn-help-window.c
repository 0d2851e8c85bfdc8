/* wn-help-window.c — the user guide: the Markdown pages of data/help/,
 * compiled into the GResource, listed in a sidebar and rendered into a
 * read-only GtkTextView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each page is parsed by wn-markdown.c into blocks and spans and inserted
 * with one tag per construct. A link is a button anchored in the text, so
 * Tab reaches it and Enter or Space follows it, as a click does. Pages
 * followed are remembered for Back (Alt+Left). The search box (Ctrl+F)
 * keeps the pages whose text holds every word typed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wn-help-window.h"
#include "wn-markdown.h"

#define WN_HELP_RESOURCE_PATH "/io/github/winnow/Winnow/help/"

/* The guide's pages, in reading order: the sidebar lists them so. */
static const char *const help_pages[] = {
  "index.md",
  "importing.md",
  "duplicates.md",
  "screening.md",
  "working-apart.md",
  "agreement.md",
  "conflicts.md",
  "prisma.md",
  "extraction.md",
  "coding.md",
  "shortcuts.md",
  "command-line.md",
};

struct _WnHelpWindow
{
  GtkWindow       parent_instance;

  GtkWidget      *back_button;
  GtkWidget      *search_button;
  GtkSearchBar   *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack       *sidebar_stack;
  GtkListBox     *pages_list;
  GtkScrolledWindow *scroller;
  GtkTextView    *text_view;

  /* Per page (index as help_pages): its parsed blocks and its text in
   * lower case for the search. */
  GPtrArray      *blocks[G_N_ELEMENTS (help_pages)];
  char           *search_text[G_N_ELEMENTS (help_pages)];
  GtkWidget      *rows[G_N_ELEMENTS (help_pages)];

  int             page;         /* the page shown, -1 before one */
  GArray         *history;      /* of int: pages to go back to */
  GPtrArray      *links;        /* the link buttons of the page shown */
  char          **search_words; /* NULL: no search */
  guint           n_listed;
  gboolean        selecting;    /* the sidebar follows a page shown */
};

G_DEFINE_FINAL_TYPE (WnHelpWindow, wn_help_window, GTK_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The one help window of the application. */
static WnHelpWindow *the_help_window;

static int
page_index (const char *page)
{
  if (page == NULL)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (help_pages); i++)
    if (g_str_equal (help_pages[i], page))
      return (int) i;
  return -1;
}

const char *
wn_help_page_for_view (const char *view)
{
  static const struct {
    const char *view;
    const char *page;
  } map[] = {
    { "records", "importing.md" },
    { "no-records", "importing.md" },
    { "searches", "importing.md" },
    { "duplicates", "duplicates.md" },
    { "screening", "screening.md" },
    { "conflicts", "conflicts.md" },
    { "agreement", "agreement.md" },
    { "prisma", "prisma.md" },
    { "extraction", "extraction.md" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (map[i].view, view) == 0)
      return map[i].page;
  return "index.md";
}

static void
wn_help_window_changed (WnHelpWindow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The page in the user's language: help/LANG/PAGE for the first of the
 * locale's names that has it ("pt_BR", then "pt"), else the English
 * help/PAGE. A translation's first line, which names the English page it
 * translates (build-aux/check-help-translations), is not shown. */
static GBytes *
lookup_page (const char *page)
{
  const char *const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      GBytes *bytes;

      if (g_str_equal (languages[i], "C") || strchr (languages[i], '.') != NULL || strchr (languages[i], '@') != NULL)
        continue;
      path = g_strconcat (WN_HELP_RESOURCE_PATH, languages[i], "/", page, NULL);
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (bytes != NULL)
        {
          gsize size = 0;
          const char *data = g_bytes_get_data (bytes, &size);
          const char *end;

          if (size > 4 && strncmp (data, "<!--", 4) == 0 && (end = g_strstr_len (data, (gssize) size, "-->\n")) != NULL)
            {
              GBytes *rest = g_bytes_new_from_bytes (bytes, (gsize) (end + 4 - data), size - (gsize) (end + 4 - data));

              g_bytes_unref (bytes);
              return rest;
            }
          return bytes;
        }
    }
  {
    g_autofree char *path = g_strconcat (WN_HELP_RESOURCE_PATH, page, NULL);

    return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  }
}

static void
load_pages (WnHelpWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (help_pages); i++)
    {
      g_autoptr(GBytes) bytes = lookup_page (help_pages[i]);
      g_autoptr(GString) text = g_string_new (NULL);
      gsize size = 0;
      const char *data;

      /* Built in: a page missing from the resource is a build error, but
       * the window still opens with the pages it has. */
      if (bytes == NULL)
        {
          g_warning ("The help page %s is missing", help_pages[i]);
          self->blocks[i] = g_ptr_array_new ();
          self->search_text[i] = g_strdup ("");
          continue;
        }
      data = g_bytes_get_data (bytes, &size);
      self->blocks[i] = wn_markdown_parse (data, size);
      for (guint b = 0; b < self->blocks[i]->len; b++)
        {
          g_autofree char *block_text = wn_md_block_dup_text (g_ptr_array_index (self->blocks[i], b));

          g_string_append (text, block_text);
          g_string_append_c (text, '\n');
        }
      self->search_text[i] = g_utf8_casefold (text->str, text->len);
    }
}

static void
fill_sidebar (WnHelpWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (help_pages); i++)
    {
      g_autofree char *title = wn_markdown_dup_title (self->blocks[i]);
      GtkWidget *label = gtk_label_new (title != NULL ? title : help_pages[i]);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 3);
      gtk_widget_set_margin_bottom (label, 3);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "wn-help-page", GINT_TO_POINTER (i + 1));
      gtk_list_box_append (self->pages_list, row);
      self->rows[i] = row;
    }
}

static void
create_tags (GtkTextBuffer *buffer)
{
  gtk_text_buffer_create_tag (buffer, "h1", "weight", PANGO_WEIGHT_BOLD, "scale", 1.7,
                              "pixels-below-lines", 12, NULL);
  gtk_text_buffer_create_tag (buffer, "h2", "weight", PANGO_WEIGHT_BOLD, "scale", 1.3,
                              "pixels-above-lines", 18, "pixels-below-lines", 8, NULL);
  gtk_text_buffer_create_tag (buffer, "h3", "weight", PANGO_WEIGHT_BOLD, "scale", 1.1,
                              "pixels-above-lines", 12, "pixels-below-lines", 6, NULL);
  gtk_text_buffer_create_tag (buffer, "p", "pixels-below-lines", 10, NULL);
  /* Items hang: the bullet or number sits in the indent. */
  g_autoptr(PangoTabArray) tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, 22);

  gtk_text_buffer_create_tag (buffer, "li0", "left-margin", 64, "indent", -22, "tabs", tabs,
                              "pixels-below-lines", 5, NULL);
  gtk_text_buffer_create_tag (buffer, "li1", "left-margin", 92, "indent", -22, "tabs", tabs,
                              "pixels-below-lines", 5, NULL);
  gtk_text_buffer_create_tag (buffer, "list-end", "pixels-below-lines", 12, NULL);
  /* A code block: one shaded band, its lines close together. */
  gtk_text_buffer_create_tag (buffer, "pre", "family", "Monospace", "scale", 0.9, "left-margin", 56, "right-margin", 40,
                              "wrap-mode", GTK_WRAP_WORD_CHAR, "paragraph-background-rgba",
                              &(GdkRGBA) { 0.5, 0.5, 0.5, 0.12 }, NULL);
  gtk_text_buffer_create_tag (buffer, "pre-first", "pixels-above-lines", 6, NULL);
  gtk_text_buffer_create_tag (buffer, "pre-last", "pixels-below-lines", 14, NULL);
  gtk_text_buffer_create_tag (buffer, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "italic", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "code", "family", "Monospace", "background-rgba",
                              &(GdkRGBA) { 0.5, 0.5, 0.5, 0.15 }, NULL);
  gtk_text_buffer_create_tag (buffer, "key", "family", "Monospace", "weight", PANGO_WEIGHT_BOLD, "scale", 0.9,
                              "background-rgba", &(GdkRGBA) { 0.5, 0.5, 0.5, 0.2 }, NULL);
}

static void wn_help_window_show_index (WnHelpWindow *self,
                                       int           index,
                                       gboolean      remember);

static void
wn_help_window_link_clicked_cb (WnHelpWindow *self,
                                GtkButton    *button)
{
  const char *target = g_object_get_data (G_OBJECT (button), "wn-help-link");

  wn_help_window_show_page (self, target);
}

static void
insert_link (WnHelpWindow  *self,
             GtkTextIter   *iter,
             const WnMdSpan *span)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextChildAnchor *anchor = gtk_text_buffer_create_child_anchor (buffer, iter);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (span->text);

  gtk_widget_set_valign (button, GTK_ALIGN_BASELINE);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "link");
  gtk_widget_add_css_class (button, "wn-help-link");
  gtk_widget_set_cursor_from_name (button, "pointer");
  g_object_set_data_full (G_OBJECT (button), "wn-help-link", g_strdup (span->link), g_free);
  g_object_set_data (G_OBJECT (button), "wn-help-anchor", anchor);
  g_signal_connect_object (button, "clicked", G_CALLBACK (wn_help_window_link_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_text_view_add_child_at_anchor (self->text_view, button, anchor);
  g_ptr_array_add (self->links, button);
}

static void
insert_spans (WnHelpWindow    *self,
              GtkTextIter     *iter,
              const WnMdBlock *block,
              const char      *block_tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  for (guint i = 0; i < block->spans->len; i++)
    {
      const WnMdSpan *span = g_ptr_array_index (block->spans, i);
      const char *tags[5] = { block_tag, NULL };
      guint n = 1;
      GtkTextIter start;
      int offset;

      if (span->link != NULL)
        {
          insert_link (self, iter, span);
          continue;
        }
      if ((span->style & WN_MD_STYLE_BOLD) != 0)
        tags[n++] = "bold";
      if ((span->style & WN_MD_STYLE_ITALIC) != 0)
        tags[n++] = "italic";
      if ((span->style & WN_MD_STYLE_KEY) != 0)
        tags[n++] = "key";
      else if ((span->style & WN_MD_STYLE_CODE) != 0 && block->type != WN_MD_CODE_BLOCK)
        tags[n++] = "code";

      offset = gtk_text_iter_get_offset (iter);
      /* Keys get a thin space each side, so they read as keycaps. */
      if ((span->style & WN_MD_STYLE_KEY) != 0)
        {
          g_autofree char *padded = g_strconcat ("\u2009", span->text, "\u2009", NULL);

          gtk_text_buffer_insert (buffer, iter, padded, -1);
        }
      else
        gtk_text_buffer_insert (buffer, iter, span->text, -1);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
      for (guint t = 0; t < n; t++)
        if (tags[t] != NULL)
          gtk_text_buffer_apply_tag_by_name (buffer, tags[t], &start, iter);
    }
}

static void
render_page (WnHelpWindow *self,
             int           index)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GPtrArray *blocks = self->blocks[index];
  GtkTextIter iter;

  g_ptr_array_set_size (self->links, 0);
  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_get_start_iter (buffer, &iter);

  for (guint i = 0; i < blocks->len; i++)
    {
      const WnMdBlock *block = g_ptr_array_index (blocks, i);
      const WnMdBlock *next = i + 1 < blocks->len ? g_ptr_array_index (blocks, i + 1) : NULL;
      gboolean list = block->type == WN_MD_BULLET || block->type == WN_MD_NUMBERED;
      const char *tag = NULL;
      int start_offset = gtk_text_iter_get_offset (&iter);
      GtkTextIter start;

      switch (block->type)
        {
        case WN_MD_HEADING:
          tag = block->level == 1 ? "h1" : block->level == 2 ? "h2" : "h3";
          break;
        case WN_MD_PARAGRAPH:
          tag = "p";
          break;
        case WN_MD_CODE_BLOCK:
          tag = "pre";
          break;
        case WN_MD_BULLET:
        case WN_MD_NUMBERED:
          {
            g_autofree char *marker = NULL;

            tag = block->level == 0 ? "li0" : "li1";
            if (block->type == WN_MD_BULLET)
              marker = g_strdup (block->level == 0 ? "•\t" : "◦\t");
            else
              marker = g_strdup_printf ("%u.\t", block->number);
            gtk_text_buffer_insert (buffer, &iter, marker, -1);
          }
          break;
        default:
          g_assert_not_reached ();
        }

      insert_spans (self, &iter, block, tag);
      if (i + 1 < blocks->len)
        gtk_text_buffer_insert (buffer, &iter, "\n", 1);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &iter);
      /* The last item of a list leaves the space a paragraph does. */
      if (block->type == WN_MD_CODE_BLOCK)
        {
          GtkTextIter first_end = start;
          GtkTextIter last_start = iter;

          gtk_text_iter_forward_to_line_end (&first_end);
          gtk_text_buffer_apply_tag_by_name (buffer, "pre-first", &start, &first_end);
          if (gtk_text_iter_starts_line (&last_start) && !gtk_text_iter_equal (&last_start, &start))
            gtk_text_iter_backward_line (&last_start);
          gtk_text_iter_set_line_offset (&last_start, 0);
          gtk_text_buffer_apply_tag_by_name (buffer, "pre-last", &last_start, &iter);
        }
      if (list && (next == NULL || (next->type != WN_MD_BULLET && next->type != WN_MD_NUMBERED)))
        gtk_text_buffer_apply_tag_by_name (buffer, "list-end", &start, &iter);
    }

  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
wn_help_window_update_back (WnHelpWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.back", self->history->len > 0);
}

static void
wn_help_window_show_index (WnHelpWindow *self,
                           int           index,
                           gboolean      remember)
{
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;

  g_assert (index >= 0 && index < (int) G_N_ELEMENTS (help_pages));

  if (index != self->page)
    {
      if (remember && self->page >= 0)
        g_array_append_val (self->history, self->page);
      self->page = index;
      render_page (self, index);
    }

  title = wn_markdown_dup_title (self->blocks[index]);
  /* Translators: the help window's title, "<page title> — Winnow Help". */
  window_title = g_strdup_printf (_("%s — Winnow Help"), title != NULL ? title : help_pages[index]);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  /* The page shown is selected in the sidebar, and listed even when the
   * search would leave it out. */
  self->selecting = TRUE;
  gtk_list_box_invalidate_filter (self->pages_list);
  gtk_list_box_select_row (self->pages_list, GTK_LIST_BOX_ROW (self->rows[index]));
  self->selecting = FALSE;

  wn_help_window_update_back (self);
  wn_help_window_changed (self);
}

gboolean
wn_help_window_show_page (WnHelpWindow *self,
                          const char   *page)
{
  int index;

  g_return_val_if_fail (WN_IS_HELP_WINDOW (self), FALSE);

  index = page_index (page);
  if (index < 0)
    return FALSE;
  wn_help_window_show_index (self, index, TRUE);
  return TRUE;
}

const char *
wn_help_window_get_page (WnHelpWindow *self)
{
  g_return_val_if_fail (WN_IS_HELP_WINDOW (self), NULL);

  return self->page >= 0 ? help_pages[self->page] : NULL;
}

static void
wn_help_window_row_selected_cb (WnHelpWindow  *self,
                                GtkListBoxRow *row,
                                GtkListBox    *list)
{
  if (row == NULL || self->selecting)
    return;
  wn_help_window_show_index (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "wn-help-page")) - 1, TRUE);
}

static gboolean
wn_help_window_filter_func (GtkListBoxRow *row,
                            gpointer       user_data)
{
  WnHelpWindow *self = user_data;
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "wn-help-page")) - 1;

  if (self->search_words == NULL || index == self->page)
    return TRUE;
  for (guint i = 0; self->search_words[i] != NULL; i++)
    if (strstr (self->search_text[index], self->search_words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
wn_help_window_count_listed (WnHelpWindow *self)
{
  self->n_listed = 0;
  for (guint i = 0; i < G_N_ELEMENTS (help_pages); i++)
    if (wn_help_window_filter_func (GTK_LIST_BOX_ROW (self->rows[i]), self))
      self->n_listed++;
}

static void
wn_help_window_search_changed_cb (WnHelpWindow   *self,
                                  GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  gboolean any = FALSE;

  g_clear_pointer (&self->search_words, g_strfreev);
  g_strstrip (folded);
  if (folded[0] != '\0')
    {
      g_auto(GStrv) words = g_strsplit_set (folded, " \t", -1);
      GPtrArray *kept = g_ptr_array_new ();

      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0')
          g_ptr_array_add (kept, g_strdup (words[i]));
      g_ptr_array_add (kept, NULL);
      self->search_words = (char **) g_ptr_array_free (kept, FALSE);
    }

  gtk_list_box_invalidate_filter (self->pages_list);
  wn_help_window_count_listed (self);
  /* Only the page shown left, and it does not match: say so. */
  for (guint i = 0; i < G_N_ELEMENTS (help_pages); i++)
    if ((int) i != self->page && wn_help_window_filter_func (GTK_LIST_BOX_ROW (self->rows[i]), self))
      any = TRUE;
  if (self->search_words != NULL && self->page >= 0)
    {
      gboolean page_matches = TRUE;

      for (guint i = 0; self->search_words[i] != NULL; i++)
        if (strstr (self->search_text[self->page], self->search_words[i]) == NULL)
          page_matches = FALSE;
      any = any || page_matches;
    }
  else
    any = TRUE;
  gtk_stack_set_visible_child_name (self->sidebar_stack, any ? "pages" : "no-matches");
  wn_help_window_changed (self);
}

/* Enter in the search box: the first page found, other than the one
 * shown when there is one. */
static void
wn_help_window_search_activate_cb (WnHelpWindow   *self,
                                   GtkSearchEntry *entry)
{
  int first = -1;

  for (guint i = 0; i < G_N_ELEMENTS (help_pages); i++)
    if (wn_help_window_filter_func (GTK_LIST_BOX_ROW (self->rows[i]), self))
      {
        if (first < 0 || (first == self->page && (int) i != self->page))
          first = (int) i;
      }
  if (first >= 0)
    {
      wn_help_window_show_index (self, first, TRUE);
      gtk_widget_grab_focus (self->rows[first]);
    }
}

static void
wn_help_window_stop_search_cb (WnHelpWindow   *self,
                               GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (self->page >= 0)
    gtk_widget_grab_focus (self->rows[self->page]);
}

static void
wn_help_window_back_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  WnHelpWindow *self = WN_HELP_WINDOW (widget);
  int index;

  if (self->history->len == 0)
    return;
  index = g_array_index (self->history, int, self->history->len - 1);
  g_array_set_size (self->history, self->history->len - 1);
  wn_help_window_show_index (self, index, FALSE);
}

static void
wn_help_window_search_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  WnHelpWindow *self = WN_HELP_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Tab and Shift+Tab go from link to link in reading order, whatever the
 * scrolling; past the last (or before the first) they leave the page. */
static gboolean
wn_help_window_text_key_cb (WnHelpWindow          *self,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            GtkEventControllerKey *controller)
{
  GtkWidget *focus;
  gboolean back;
  int at = -1;
  int to;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || self->links->len == 0)
    return FALSE;

  back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  focus = gtk_root_get_focus (GTK_ROOT (self));
  for (guint i = 0; i < self->links->len; i++)
    if (focus == g_ptr_array_index (self->links, i))
      at = (int) i;

  if (at < 0)
    to = back ? -1 : 0;
  else
    to = back ? at - 1 : at + 1;
  if (to < 0)
    {
      /* From the first link, back to the page itself. */
      if (at >= 0)
        {
          gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
          return TRUE;
        }
      return FALSE;
    }
  if (to >= (int) self->links->len)
    return FALSE;
  gtk_widget_grab_focus (g_ptr_array_index (self->links, to));
  return TRUE;
}

/* In the list of pages, the arrows go from page to page; Tab goes on to the
 * page shown rather than to the next row, Shift+Tab to the header bar. */
static gboolean
wn_help_window_list_key_cb (WnHelpWindow          *self,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_ISO_Left_Tab || ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && (state & GDK_SHIFT_MASK) != 0))
    return gtk_widget_grab_focus (gtk_search_bar_get_search_mode (self->search_bar)
                                    ? GTK_WIDGET (self->search_entry) : self->search_button);
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return FALSE;
}

static void
wn_help_window_focus_cb (WnHelpWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkTextChildAnchor *anchor = focus != NULL ? g_object_get_data (G_OBJECT (focus), "wn-help-anchor") : NULL;

  /* A link reached with Tab is scrolled into view. */
  if (anchor != NULL && !gtk_text_child_anchor_get_deleted (anchor))
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_child_anchor (gtk_text_view_get_buffer (self->text_view), &iter, anchor);
      gtk_text_view_scroll_to_iter (self->text_view, &iter, 0.1, FALSE, 0, 0);
    }
  wn_help_window_changed (self);
}

static const char *
wn_help_window_describe_focus (WnHelpWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return "none";
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry)) || focus == GTK_WIDGET (self->search_entry))
    return "search";
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->pages_list)))
    return "sidebar";
  for (guint i = 0; i < self->links->len; i++)
    if (focus == g_ptr_array_index (self->links, i))
      return "link";
  if (focus == GTK_WIDGET (self->text_view))
    return "text";
  return "other";
}

void
wn_help_window_describe (WnTestStateFunc func,
                         gpointer        user_data)
{
  WnHelpWindow *self = the_help_window;
  g_autofree char *pages = NULL;
  g_autofree char *links = NULL;
  g_autofree char *title = NULL;
  GtkWidget *focus;
  const char *focus_link = NULL;

  func ("help_open", self != NULL && gtk_widget_get_visible (GTK_WIDGET (self)) ? "1" : "0", user_data);
  if (self == NULL)
    return;

  pages = g_strdup_printf ("%u", self->n_listed);
  links = g_strdup_printf ("%u", self->links->len);
  title = self->page >= 0 ? wn_markdown_dup_title (self->blocks[self->page]) : NULL;
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL)
    focus_link = g_object_get_data (G_OBJECT (focus), "wn-help-link");

  func ("help_page", wn_help_window_get_page (self), user_data);
  func ("help_title", title, user_data);
  func ("help_pages", pages, user_data);
  func ("help_links", links, user_data);
  func ("help_search", gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), user_data);
  func ("help_focus", wn_help_window_describe_focus (self), user_data);
  func ("help_focus_link", focus_link, user_data);
  func ("help_active", gtk_window_is_active (GTK_WINDOW (self)) ? "1" : "0", user_data);
}

WnHelpWindow *
wn_help_window_present (GtkWindow  *parent,
                        const char *page)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  if (the_help_window == NULL)
    {
      the_help_window = g_object_new (WN_TYPE_HELP_WINDOW, NULL);
      g_object_add_weak_pointer (G_OBJECT (the_help_window), (gpointer *) &the_help_window);
      if (parent != NULL)
        gtk_window_set_application (GTK_WINDOW (the_help_window), gtk_window_get_application (parent));
    }

  if (page_index (page) < 0)
    page = help_pages[0];
  wn_help_window_show_page (the_help_window, page);
  gtk_window_present (GTK_WINDOW (the_help_window));
  /* The keyboard starts in the page, so it scrolls and Tab reaches the
   * links; Shift+Tab goes back to the list of pages. */
  gtk_widget_grab_focus (GTK_WIDGET (the_help_window->text_view));

  return the_help_window;
}

void
wn_help_window_close_guide (void)
{
  if (the_help_window != NULL)
    gtk_window_destroy (GTK_WINDOW (the_help_window));
}

static void
wn_help_window_dispose (GObject *object)
{
  WnHelpWindow *self = WN_HELP_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_HELP_WINDOW);
  if (self->links != NULL)
    g_ptr_array_set_size (self->links, 0);

  G_OBJECT_CLASS (wn_help_window_parent_class)->dispose (object);
}

static void
wn_help_window_finalize (GObject *object)
{
  WnHelpWindow *self = WN_HELP_WINDOW (object);

  for (guint i = 0; i < G_N_ELEMENTS (help_pages); i++)
    {
      g_clear_pointer (&self->blocks[i], g_ptr_array_unref);
      g_clear_pointer (&self->search_text[i], g_free);
    }
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->search_words, g_strfreev);

  G_OBJECT_CLASS (wn_help_window_parent_class)->finalize (object);
}

static gboolean
wn_help_window_close_request (GtkWindow *window)
{
  WnHelpWindow *self = WN_HELP_WINDOW (window);

  /* Closed, the guide is gone: the main window's test state says so. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  wn_help_window_changed (self);

  return GTK_WINDOW_CLASS (wn_help_window_parent_class)->close_request (window);
}

static void
wn_help_window_class_init (WnHelpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wn_help_window_dispose;
  object_class->finalize = wn_help_window_finalize;
  window_class->close_request = wn_help_window_close_request;

  /* Emitted when the page, the search or the focus changes, and when the
   * window closes: the main window writes its test state again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-help-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, pages_list);
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, WnHelpWindow, text_view);
  gtk_widget_class_bind_template_callback (widget_class, wn_help_window_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_help_window_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_help_window_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_help_window_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "help.back", NULL, wn_help_window_back_action);
  gtk_widget_class_install_action (widget_class, "help.search", NULL, wn_help_window_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "help.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "help.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
wn_help_window_init (WnHelpWindow *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->page = -1;
  self->history = g_array_new (FALSE, FALSE, sizeof (int));
  self->links = g_ptr_array_new ();
  create_tags (gtk_text_view_get_buffer (self->text_view));
  load_pages (self);
  fill_sidebar (self);
  gtk_list_box_set_filter_func (self->pages_list, wn_help_window_filter_func, self, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  wn_help_window_count_listed (self);
  wn_help_window_update_back (self);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (wn_help_window_focus_cb), NULL);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (wn_help_window_text_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (wn_help_window_list_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->pages_list), keys);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (wn_help_window_focus_cb), self);
}
