/* wn-dedup-comparison.c — two or more records side by side, differences marked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A passive view, like WnRecordDetail: the duplicates page loads the
 * records in a thread and hands them here. The header names what is shown
 * (a pair waiting for a decision, a decided pair, a merged group), its
 * score or size, and the engine's reasons in words
 * (wn_dedup_match_describe). Below, one column per record and, for each
 * field, a caption row saying how the records compare — "Same", "Written
 * differently", "Compatible", "Only one record has it", "Differs: 95 %
 * alike" — above the values. A field that differs is marked three ways, so
 * it reads without colour: the caption's words, a tinted cell with a bar at
 * its edge, and, inside titles, authors, journals and abstracts, the words
 * one record has and the other lacks in bold on a highlight. Each value's
 * accessible description repeats the comparison.
 *
 * How two records compare is the engine's verdict, field by field
 * (WnDedupMatch: similarities for the texts, agreements for the numbers and
 * identifiers), so the page shows what the engine weighed; "Written
 * differently" is the page's own: equal once normalised, not byte for byte.
 * A group's records are each compared with the record it keeps
 * (wn_dedup_compare_records, in memory).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "wn-dedup-comparison.h"

/* How a field compares, mildest first: a row shows its members' worst. */
typedef enum
{
  CMP_ABSENT = 0,   /* no record has it: the row is hidden */
  CMP_SAME,
  CMP_VARIANT,      /* the same once normalised, written differently */
  CMP_COMPATIBLE,   /* not the same, not in conflict (e.g. 943-944 and 943-945) */
  CMP_MISSING,      /* some records have it, some do not */
  CMP_DIFFERENT,
} Cmp;

typedef enum
{
  FIELD_TITLE,
  FIELD_AUTHORS,
  FIELD_JOURNAL,
  FIELD_YEAR,
  FIELD_VOLUME,
  FIELD_ISSUE,
  FIELD_PAGES,
  FIELD_DOI,
  FIELD_PMID,
  FIELD_ABSTRACT,
  N_FIELDS
} Field;

static const struct
{
  const char *name;
  gboolean    words;   /* mark the differing words inside the value */
} fields[N_FIELDS] = {
  [FIELD_TITLE] = { N_("Title"), TRUE },
  [FIELD_AUTHORS] = { N_("Authors"), TRUE },
  [FIELD_JOURNAL] = { N_("Journal"), TRUE },
  [FIELD_YEAR] = { N_("Year"), FALSE },
  [FIELD_VOLUME] = { N_("Volume"), FALSE },
  [FIELD_ISSUE] = { N_("Issue"), FALSE },
  [FIELD_PAGES] = { N_("Pages"), FALSE },
  [FIELD_DOI] = { N_("DOI"), FALSE },
  [FIELD_PMID] = { N_("PMID"), FALSE },
  [FIELD_ABSTRACT] = { N_("Abstract (start)"), TRUE },
};

/* How much of an abstract the comparison shows: enough to see whether
 * two abstracts are one, not the whole text. */
#define ABSTRACT_START_CHARS 320

struct _WnDedupComparison
{
  GtkWidget  parent_instance;

  GtkStack  *stack;
  GtkImage  *message_icon;
  GtkLabel  *message_title;
  GtkLabel  *message_text;
  GtkLabel  *heading_label;
  GtkLabel  *score_label;
  GtkLabel  *status_label;
  GtkLabel  *reasons_label;
  GtkWidget *scroller;
  GtkGrid   *grid;

  gint64     pair_id;
  gint64     group_id;
  guint      n_differences;
  GString   *differences;  /* the names of the fields that differ, for the header */
};

G_DEFINE_FINAL_TYPE (WnDedupComparison, wn_dedup_comparison, GTK_TYPE_WIDGET)

WnComparisonMember *
wn_comparison_member_new (gint64      record_id,
                          WnRecord   *record,
                          const char *database,
                          gint64      search_id,
                          gint64      duplicate_of)
{
  WnComparisonMember *member = g_new0 (WnComparisonMember, 1);

  member->record_id = record_id;
  member->record = record;
  member->database = g_strdup (database);
  member->search_id = search_id;
  member->duplicate_of = duplicate_of;

  return member;
}

void
wn_comparison_member_free (WnComparisonMember *member)
{
  if (member == NULL)
    return;

  g_clear_pointer (&member->record, wn_record_free);
  g_free (member->database);
  g_free (member);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

/* "Titles 95 % alike; …" from the engine's "titles 95 % alike; …". */
static char *
dup_sentence (const char *text)
{
  gunichar first;
  char buf[8];
  int len;

  if (is_blank (text))
    return g_strdup ("");

  first = g_utf8_get_char (text);
  len = g_unichar_to_utf8 (g_unichar_totitle (first), buf);

  return g_strdup_printf ("%.*s%s", len, buf, g_utf8_next_char (text));
}

/* The value a field shows, newly allocated, NULL when the record has none. */
static char *
dup_field_value (const WnRecord *record,
                 Field           field)
{
  const char *value = NULL;

  switch (field)
    {
    case FIELD_TITLE:
      value = record->title;
      break;
    case FIELD_AUTHORS:
      if (record->authors == NULL || record->authors->len == 0)
        return NULL;
      return wn_record_authors_display (record);
    case FIELD_JOURNAL:
      value = record->journal;
      break;
    case FIELD_YEAR:
      value = record->year;
      break;
    case FIELD_VOLUME:
      value = record->volume;
      break;
    case FIELD_ISSUE:
      value = record->issue;
      break;
    case FIELD_PAGES:
      value = record->pages;
      break;
    case FIELD_DOI:
      value = record->doi;
      break;
    case FIELD_PMID:
      value = record->pmid;
      break;
    case FIELD_ABSTRACT:
      if (is_blank (record->abstract))
        return NULL;
      if (g_utf8_strlen (record->abstract, -1) > ABSTRACT_START_CHARS)
        {
          const char *end = g_utf8_offset_to_pointer (record->abstract, ABSTRACT_START_CHARS);
          const char *space = end;

          /* Cut at a word boundary, not inside a word. */
          while (space > record->abstract && *space != ' ')
            space--;
          if (space == record->abstract)
            space = end;
          return g_strdup_printf ("%.*s…", (int) (space - record->abstract), record->abstract);
        }
      value = record->abstract;
      break;
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }

  return is_blank (value) ? NULL : g_strstrip (g_strdup (value));
}

static int
percent (double similarity)
{
  int value = (int) (similarity * 100.0 + 0.5);

  /* Never "100 % alike" for texts that differ. */
  return similarity < 1.0 ? MIN (value, 99) : value;
}

static Cmp
by_similarity (double       similarity,
               const char  *a,
               const char  *b,
               char       **detail)
{
  if (g_strcmp0 (a, b) == 0)
    return CMP_SAME;
  if (similarity < 0.0)
    return CMP_DIFFERENT;
  if (similarity >= 0.995)
    return CMP_VARIANT;

  /* Translators: how alike two records' titles (or authors, journals,
   * abstracts) are; %d is a percentage. */
  *detail = g_strdup_printf (_("%d %% alike"), percent (similarity));
  return CMP_DIFFERENT;
}

static Cmp
by_agreement (WnFieldAgreement  agreement,
              const char       *a,
              const char       *b)
{
  if (g_strcmp0 (a, b) == 0)
    return CMP_SAME;

  switch (agreement)
    {
    case WN_FIELD_EQUAL:
      return CMP_VARIANT;
    case WN_FIELD_COMPATIBLE:
      return CMP_COMPATIBLE;
    case WN_FIELD_MISSING:
    case WN_FIELD_DIFFERENT:
    default:
      return CMP_DIFFERENT;
    }
}

/* How field compares between a (the first record) and b, given the
 * engine's match of the two; detail gets words for the caption. */
static Cmp
compare_field (Field               field,
               const char         *a,
               const char         *b,
               const WnDedupMatch *match,
               char              **detail)
{
  if (a == NULL && b == NULL)
    return CMP_ABSENT;
  if (a == NULL || b == NULL)
    return CMP_MISSING;

  switch (field)
    {
    case FIELD_TITLE:
      if (match->title_contained && g_strcmp0 (a, b) != 0)
        {
          *detail = g_strdup (_("one contains the other"));
          return CMP_DIFFERENT;
        }
      return by_similarity (match->title, a, b, detail);
    case FIELD_AUTHORS:
      return by_similarity (match->authors, a, b, detail);
    case FIELD_JOURNAL:
      return by_similarity (match->journal, a, b, detail);
    case FIELD_ABSTRACT:
      return by_similarity (match->abstract, a, b, detail);
    case FIELD_YEAR:
      if (match->year_gap > 0)
        {
          *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year apart", "%d years apart",
                                                  match->year_gap),
                                     match->year_gap);
          return CMP_DIFFERENT;
        }
      return g_strcmp0 (a, b) == 0 ? CMP_SAME : (match->year_gap == 0 ? CMP_VARIANT : CMP_DIFFERENT);
    case FIELD_VOLUME:
      return by_agreement (match->volume, a, b);
    case FIELD_ISSUE:
      return by_agreement (match->issue, a, b);
    case FIELD_PAGES:
      return by_agreement (match->pages, a, b);
    case FIELD_DOI:
      return by_agreement (match->doi, a, b);
    case FIELD_PMID:
      return by_agreement (match->pmid, a, b);
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
cmp_css_class (Cmp cmp)
{
  switch (cmp)
    {
    case CMP_SAME:
      return "same";
    case CMP_VARIANT:
      return "variant";
    case CMP_COMPATIBLE:
      return "compatible";
    case CMP_MISSING:
      return "missing";
    case CMP_DIFFERENT:
      return "differs";
    case CMP_ABSENT:
    default:
      return NULL;
    }
}

/* The caption's words. */
static char *
dup_cmp_text (Cmp         cmp,
              const char *detail,
              gboolean    group)
{
  switch (cmp)
    {
    case CMP_SAME:
      return g_strdup (C_("field comparison", "Same"));
    case CMP_VARIANT:
      return g_strdup (C_("field comparison", "Written differently"));
    case CMP_COMPATIBLE:
      return g_strdup (C_("field comparison", "Compatible"));
    case CMP_MISSING:
      return g_strdup (group ? C_("field comparison", "Missing from some records")
                             : C_("field comparison", "Only one record has it"));
    case CMP_DIFFERENT:
      if (detail != NULL)
        /* Translators: a field that differs, and how: "Differs: 95 % alike". */
        return g_strdup_printf (C_("field comparison", "Differs: %s"), detail);
      return g_strdup (C_("field comparison", "Differs"));
    case CMP_ABSENT:
    default:
      return g_strdup ("");
    }
}

/* Marking the words one text has and the other lacks. */

typedef struct
{
  const char *start;
  gsize       len;
  char       *key;    /* case-folded letters and digits; "" for punctuation */
} Token;

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_free (token->key);
}

static char *
token_key (const char *start,
           gsize       len)
{
  g_autofree char *folded = g_utf8_casefold (start, len);
  GString *key = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (key, c);
    }

  return g_string_free (key, FALSE);
}

static GArray *
tokenize (const char *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  const char *p = text;

  g_array_set_clear_func (tokens, token_clear);

  while (*p != '\0')
    {
      Token token;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      token.start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      token.len = p - token.start;
      token.key = token_key (token.start, token.len);
      g_array_append_val (tokens, token);
    }

  return tokens;
}

/* Sets marks_a[i] (marks_b[j]) for the words of a (b) outside their longest
 * common subsequence; punctuation is never marked. Titles and abstract
 * starts are tens of words, so the quadratic table is small. */
static void
mark_words (GArray   *a,
            GArray   *b,
            gboolean *marks_a,
            gboolean *marks_b)
{
  guint n = a->len;
  guint m = b->len;
  g_autofree guint16 *table = g_new0 (guint16, (gsize) (n + 1) * (m + 1));
  guint i;
  guint j;

#define CELL(x, y) table[(gsize) (x) * (m + 1) + (y)]
  for (i = n; i-- > 0;)
    for (j = m; j-- > 0;)
      {
        const Token *ta = &g_array_index (a, Token, i);
        const Token *tb = &g_array_index (b, Token, j);

        if (ta->key[0] != '\0' && g_str_equal (ta->key, tb->key))
          CELL (i, j) = CELL (i + 1, j + 1) + 1;
        else
          CELL (i, j) = MAX (CELL (i + 1, j), CELL (i, j + 1));
      }

  for (i = 0; i < n; i++)
    marks_a[i] = g_array_index (a, Token, i).key[0] != '\0';
  for (j = 0; j < m; j++)
    marks_b[j] = g_array_index (b, Token, j).key[0] != '\0';

  i = 0;
  j = 0;
  while (i < n && j < m)
    {
      const Token *ta = &g_array_index (a, Token, i);
      const Token *tb = &g_array_index (b, Token, j);

      if (ta->key[0] != '\0' && g_str_equal (ta->key, tb->key))
        {
          marks_a[i++] = FALSE;
          marks_b[j++] = FALSE;
        }
      else if (CELL (i + 1, j) >= CELL (i, j + 1))
        i++;
      else
        j++;
    }
#undef CELL
}

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (out, escaped);
}

/* Pango markup for text with the marked words highlighted; runs of marked
 * words share one highlight, spaces included. */
static char *
markup_marked (const char     *text,
               GArray         *tokens,
               const gboolean *marks)
{
  GString *out = g_string_new (NULL);
  const char *pos = text;
  gboolean open = FALSE;

  for (guint i = 0; i < tokens->len; i++)
    {
      const Token *token = &g_array_index (tokens, Token, i);

      if (open && !marks[i])
        {
          g_string_append (out, "</span>");
          open = FALSE;
        }
      append_escaped (out, pos, token->start - pos);
      if (marks[i] && !open)
        {
          g_string_append (out, "<span weight=\"bold\" background=\"#f5c211\" bgalpha=\"45%\">");
          open = TRUE;
        }
      append_escaped (out, token->start, token->len);
      pos = token->start + token->len;
    }
  if (open)
    g_string_append (out, "</span>");
  append_escaped (out, pos, -1);

  return g_string_free (out, FALSE);
}

/* Building the grid. */

static void
clear_grid (WnDedupComparison *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
}

static GtkWidget *
create_member_header (const WnComparisonMember *member,
                      const char               *role)
{
  GtkWidget *box;
  GtkWidget *line;
  GtkWidget *label;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, member->record_id);
  g_autofree char *title = NULL;
  g_autofree char *source = NULL;
  g_autofree char *search = NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (box, "wn-compare-member");

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_append (GTK_BOX (box), line);

  /* Translators: a column of the comparison: "Record 601". */
  title = g_strdup_printf (_("Record %s"), number);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (line), label);

  if (role != NULL)
    {
      label = gtk_label_new (role);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "wn-role");
      gtk_box_append (GTK_BOX (line), label);
    }

  if (member->search_id > 0)
    {
      search = g_strdup_printf ("%" G_GINT64_FORMAT, member->search_id);
      if (!is_blank (member->database))
        /* Translators: where a record came from: "CINAHL · search 3". */
        source = g_strdup_printf (_("%s · search %s"), member->database, search);
      else
        /* Translators: where a record came from: "search 3". */
        source = g_strdup_printf (_("search %s"), search);
    }
  else
    {
      source = g_strdup (member->database != NULL ? member->database : "");
    }

  label = gtk_label_new (source);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static GtkWidget *
create_value_label (const char *text,
                    const char *markup,
                    Cmp         cmp,
                    const char *description)
{
  GtkWidget *label = gtk_label_new (NULL);
  const char *css_class = cmp_css_class (cmp);

  if (markup != NULL)
    gtk_label_set_markup (GTK_LABEL (label), markup);
  else if (text != NULL)
    gtk_label_set_text (GTK_LABEL (label), text);
  else
    {
      gtk_label_set_text (GTK_LABEL (label), "—");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not given"),
                                      -1);
    }

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (label, "wn-compare-value");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);

  return label;
}

/* Fills the grid: members side by side, each compared with members[0]
 * through matches[i] (matches[0] is unused). */
static void
fill_grid (WnDedupComparison         *self,
           GPtrArray                 *members,
           const WnDedupMatch *const *matches,
           const char *const         *roles,
           gboolean                   group)
{
  guint n = members->len;
  int row = 0;

  g_assert (n >= 2);

  clear_grid (self);
  self->n_differences = 0;
  g_string_truncate (self->differences, 0);

  for (guint i = 0; i < n; i++)
    gtk_grid_attach (self->grid,
                     create_member_header (g_ptr_array_index (members, i), roles[i]),
                     i, row, 1, 1);
  row++;

  for (Field field = 0; field < N_FIELDS; field++)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      g_autofree Cmp *cmps = g_new0 (Cmp, n);
      g_autofree char *worst_detail = NULL;
      g_autofree char *caption_text = NULL;
      g_autofree char *description = NULL;
      g_autofree gboolean *kept_marks = NULL;
      g_autoptr(GArray) kept_tokens = NULL;
      const char *name = _(fields[field].name);
      Cmp worst = CMP_ABSENT;
      GtkWidget *caption;
      GtkWidget *label;

      for (guint i = 0; i < n; i++)
        {
          const WnComparisonMember *member = g_ptr_array_index (members, i);

          g_ptr_array_add (values, dup_field_value (member->record, field));
        }

      /* Each record against the first; the first takes the row's worst. */
      for (guint i = 1; i < n; i++)
        {
          g_autofree char *detail = NULL;

          cmps[i] = compare_field (field, g_ptr_array_index (values, 0), g_ptr_array_index (values, i),
                                   matches[i], &detail);
          if (cmps[i] > worst || (cmps[i] == worst && worst_detail == NULL && detail != NULL))
            {
              worst = cmps[i];
              g_free (worst_detail);
              worst_detail = g_steal_pointer (&detail);
            }
        }
      if (worst == CMP_ABSENT)
        continue;
      cmps[0] = worst;
      if (worst >= CMP_COMPATIBLE)
        {
          self->n_differences++;
          if (self->differences->len > 0)
            g_string_append (self->differences, C_("list separator", ", "));
          g_string_append (self->differences, name);
        }

      /* The caption: the field's name and, in words, how it compares. */
      caption = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_add_css_class (caption, "wn-compare-caption");
      label = gtk_label_new (name);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "wn-field-name");
      gtk_box_append (GTK_BOX (caption), label);

      caption_text = dup_cmp_text (worst, worst_detail, group);
      label = gtk_label_new (caption_text);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "wn-diff-badge");
      gtk_widget_add_css_class (label, cmp_css_class (worst));
      gtk_box_append (GTK_BOX (caption), label);
      gtk_grid_attach (self->grid, caption, 0, row++, n, 1);

      /* Translators: a value's accessible description: "Title: Differs: 95 % alike". */
      description = g_strdup_printf (C_("field comparison", "%s: %s"), name, caption_text);

      /* Words of the first record that some other record lacks. */
      if (fields[field].words && worst == CMP_DIFFERENT && g_ptr_array_index (values, 0) != NULL)
        {
          kept_tokens = tokenize (g_ptr_array_index (values, 0));
          kept_marks = g_new0 (gboolean, kept_tokens->len + 1);
        }

      for (guint i = 1; i < n; i++)
        {
          const char *value = g_ptr_array_index (values, i);
          g_autofree char *markup = NULL;

          if (kept_tokens != NULL && cmps[i] == CMP_DIFFERENT && value != NULL)
            {
              g_autoptr(GArray) tokens = tokenize (value);
              g_autofree gboolean *marks_a = g_new0 (gboolean, kept_tokens->len + 1);
              g_autofree gboolean *marks_b = g_new0 (gboolean, tokens->len + 1);

              mark_words (kept_tokens, tokens, marks_a, marks_b);
              for (guint k = 0; k < kept_tokens->len; k++)
                kept_marks[k] |= marks_a[k];
              markup = markup_marked (value, tokens, marks_b);
            }
          else if (!fields[field].words && cmps[i] == CMP_DIFFERENT && value != NULL)
            {
              g_autofree char *escaped = g_markup_escape_text (value, -1);

              markup = g_strdup_printf ("<span weight=\"bold\" background=\"#f5c211\" bgalpha=\"45%%\">%s</span>",
                                        escaped);
            }

          gtk_grid_attach (self->grid, create_value_label (value, markup, cmps[i], description), i, row, 1, 1);
        }

      {
        const char *value = g_ptr_array_index (values, 0);
        g_autofree char *markup = NULL;

        if (kept_tokens != NULL)
          markup = markup_marked (value, kept_tokens, kept_marks);
        else if (!fields[field].words && worst == CMP_DIFFERENT && value != NULL)
          {
            g_autofree char *escaped = g_markup_escape_text (value, -1);

            markup = g_strdup_printf ("<span weight=\"bold\" background=\"#f5c211\" bgalpha=\"45%%\">%s</span>",
                                      escaped);
          }

        /* In a group the kept record is marked only where others differ. */
        gtk_grid_attach (self->grid,
                         create_value_label (value, markup, group && worst < CMP_COMPATIBLE ? CMP_SAME : worst,
                                             description),
                         0, row, 1, 1);
      }
      row++;
    }

  /* Back to the top for the next pair. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0.0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0.0);
}

/* The reasons, then a line naming the fields that differ: they may be
 * below the fold. */
static void
set_reasons (WnDedupComparison *self,
             const char        *reasons)
{
  g_autofree char *text = NULL;

  if (self->differences->len > 0)
    /* Translators: %s lists fields: "Title, Pages, DOI". */
    text = g_strdup_printf (_("%s\nNot the same: %s."), reasons, self->differences->str);
  else
    text = g_strdup_printf (_("%s\nEvery field is the same."), reasons);

  gtk_label_set_text (self->reasons_label, text);
}

static char *
dup_record_role (const WnComparisonMember *member)
{
  g_autofree char *kept = NULL;

  if (member->duplicate_of == 0)
    return NULL;

  kept = g_strdup_printf ("%" G_GINT64_FORMAT, member->duplicate_of);
  /* Translators: a record already merged into another: "Merged into 301". */
  return g_strdup_printf (_("Merged into %s"), kept);
}

void
wn_dedup_comparison_show_pair (WnDedupComparison *self,
                               WnDedupPair       *pair,
                               GPtrArray         *members)
{
  const WnDedupMatch *matches[2];
  char *roles[2] = { NULL, NULL };
  g_autofree char *score = NULL;
  g_autofree char *reasons = NULL;
  const char *status;
  const char *held;

  g_return_if_fail (WN_IS_DEDUP_COMPARISON (self));
  g_return_if_fail (WN_IS_DEDUP_PAIR (pair));
  g_return_if_fail (members != NULL && members->len == 2);

  self->pair_id = wn_dedup_pair_get_id (pair);
  self->group_id = 0;

  gtk_label_set_text (self->heading_label,
                      wn_dedup_pair_get_outcome (pair) == WN_DEDUP_CERTAIN ? _("Certain Duplicates")
                                                                            : _("Possible Duplicates"));

  /* Translators: the engine's score of a pair, from 0 to 1. */
  score = g_strdup_printf (_("Score %.2f"), wn_dedup_pair_get_score (pair));
  gtk_label_set_text (self->score_label, score);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->score_label),
                               _("How alike the engine found the two records, from 0 to 1; the queue lists the highest first"));
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), TRUE);

  held = wn_dedup_pair_get_held (pair);
  switch (wn_dedup_pair_get_decision (pair))
    {
    case WN_DEDUP_DECISION_DUPLICATE:
      status = _("Decided: duplicates (merged)");
      break;
    case WN_DEDUP_DECISION_DISTINCT:
      status = _("Decided: not duplicates");
      break;
    case WN_DEDUP_DECISION_NONE:
    default:
      if (g_strcmp0 (held, "chain") == 0)
        status = _("Waiting: merging it would join two groups that disagree");
      else if (g_strcmp0 (held, "undone") == 0)
        status = _("Waiting: its merge was undone");
      else
        status = _("Waiting for a decision");
      break;
    }
  gtk_label_set_text (self->status_label, status);

  matches[0] = NULL;
  matches[1] = wn_dedup_pair_get_match (pair);
  for (guint i = 0; i < 2; i++)
    roles[i] = dup_record_role (g_ptr_array_index (members, i));
  fill_grid (self, members, matches, (const char *const *) roles, FALSE);
  g_free (roles[0]);
  g_free (roles[1]);

  reasons = dup_sentence (wn_dedup_pair_get_description (pair));
  set_reasons (self, reasons);

  gtk_stack_set_visible_child_name (self->stack, "compare");
}

/* "Record 301 is kept as the most complete (abstract, DOI, full page range)." */
static char *
dup_kept_sentence (WnDedupGroup *group)
{
  static const struct
  {
    const char *key;
    const char *text;
  } reasons[] = {
    { "abstract", N_("abstract") },
    { "doi", N_("DOI") },
    { "full page range", N_("full page range") },
    { "title not in capitals", N_("title not in capitals") },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) why = g_string_new (NULL);
  g_autofree char *kept = g_strdup_printf ("%" G_GINT64_FORMAT, wn_dedup_group_get_kept_id (group));
  const char *reason = wn_dedup_group_get_reason (group);
  JsonNode *root;

  if (reason != NULL && json_parser_load_from_data (parser, reason, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonArray *because = json_object_has_member (object, "kept_because")
                           ? json_object_get_array_member (object, "kept_because") : NULL;

      for (guint i = 0; because != NULL && i < json_array_get_length (because); i++)
        {
          const char *key = json_array_get_string_element (because, i);

          for (guint j = 0; key != NULL && j < G_N_ELEMENTS (reasons); j++)
            if (g_str_equal (key, reasons[j].key))
              {
                if (why->len > 0)
                  /* Translators: between the reasons a record is kept. */
                  g_string_append (why, C_("list separator", ", "));
                g_string_append (why, _(reasons[j].text));
              }
        }
    }

  if (why->len > 0)
    /* Translators: %s is a record number, then what makes it most complete. */
    return g_strdup_printf (_("Record %s is kept as the most complete (%s)."), kept, why->str);

  /* Translators: %s is a record number. */
  return g_strdup_printf (_("Record %s is kept as the most complete."), kept);
}

#define MAX_GROUP_REASONS 6

void
wn_dedup_comparison_show_group (WnDedupComparison *self,
                                WnDedupGroup      *group,
                                GPtrArray         *members,
                                GListModel        *pairs)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_free);
  g_autofree const WnDedupMatch **matches = NULL;
  g_autofree WnDedupMatch *own = NULL;
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autofree char *size = NULL;
  g_autofree char *kept_sentence = NULL;
  g_autofree char *status = NULL;
  g_autofree char *date = NULL;
  const char *created;
  guint n_pairs;

  g_return_if_fail (WN_IS_DEDUP_COMPARISON (self));
  g_return_if_fail (WN_IS_DEDUP_GROUP (group));
  g_return_if_fail (members != NULL && members->len >= 2);

  self->pair_id = 0;
  self->group_id = wn_dedup_group_get_id (group);

  gtk_label_set_text (self->heading_label, _("Merged Records"));
  size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", members->len), members->len);
  gtk_label_set_text (self->score_label, size);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->score_label), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), TRUE);

  created = wn_dedup_group_get_created_at (group);
  date = created != NULL ? g_strndup (created, 10) : NULL;
  if (g_strcmp0 (wn_dedup_group_get_status (group), "confirmed") == 0)
    status = g_strdup (_("Confirmed by a person"));
  else if (date != NULL)
    /* Translators: %s is a date, 2026-05-01. */
    status = g_strdup_printf (_("Merged automatically on %s, not yet checked"), date);
  else
    status = g_strdup (_("Merged automatically, not yet checked"));
  gtk_label_set_text (self->status_label, status);

  /* The links that made the group, in words, then why its record is kept. */
  n_pairs = pairs != NULL ? g_list_model_get_n_items (pairs) : 0;
  for (guint i = 0; i < n_pairs && i < MAX_GROUP_REASONS; i++)
    {
      g_autoptr(WnDedupPair) pair = g_list_model_get_item (pairs, i);
      g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, wn_dedup_pair_get_record_id (pair, 0));
      g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, wn_dedup_pair_get_record_id (pair, 1));
      const char *by = wn_dedup_pair_get_decision (pair) == WN_DEDUP_DECISION_DUPLICATE
                       ? _("a person") : _("the engine");

      /* Translators: one link of a group: "Records 1 and 301 (the engine):
       * same DOI; titles 100 % alike; …". */
      g_string_append_printf (reasons, _("Records %s and %s (%s): %s"), a, b, by,
                              wn_dedup_pair_get_description (pair));
      g_string_append_c (reasons, '\n');
    }
  if (n_pairs > MAX_GROUP_REASONS)
    {
      g_string_append_printf (reasons,
                              g_dngettext (GETTEXT_PACKAGE, "… and %u more link", "… and %u more links",
                                           n_pairs - MAX_GROUP_REASONS),
                              n_pairs - MAX_GROUP_REASONS);
      g_string_append_c (reasons, '\n');
    }
  kept_sentence = dup_kept_sentence (group);
  g_string_append (reasons, kept_sentence);

  /* Each member compared with the kept record, the first. */
  matches = g_new0 (const WnDedupMatch *, members->len);
  own = g_new0 (WnDedupMatch, members->len);
  for (guint i = 0; i < members->len; i++)
    {
      const WnComparisonMember *member = g_ptr_array_index (members, i);

      if (i > 0)
        {
          const WnComparisonMember *kept = g_ptr_array_index (members, 0);

          wn_dedup_compare_records (kept->record, member->record, &own[i]);
          matches[i] = &own[i];
        }
      g_ptr_array_add (roles, g_strdup (i == 0 ? C_("record role", "Kept") : C_("record role", "Duplicate")));
    }
  fill_grid (self, members, matches, (const char *const *) roles->pdata, TRUE);
  set_reasons (self, reasons->str);

  gtk_stack_set_visible_child_name (self->stack, "compare");
}

void
wn_dedup_comparison_show_message (WnDedupComparison *self,
                                  const char        *icon_name,
                                  const char        *title,
                                  const char        *text)
{
  g_return_if_fail (WN_IS_DEDUP_COMPARISON (self));

  self->pair_id = 0;
  self->group_id = 0;
  self->n_differences = 0;
  clear_grid (self);

  gtk_image_set_from_icon_name (self->message_icon, icon_name != NULL ? icon_name : "edit-copy-symbolic");
  gtk_label_set_text (self->message_title, title != NULL ? title : "");
  gtk_label_set_text (self->message_text, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_text), !is_blank (text));
  gtk_stack_set_visible_child_name (self->stack, "message");
}

gint64
wn_dedup_comparison_get_pair_id (WnDedupComparison *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_COMPARISON (self), 0);

  return self->pair_id;
}

gint64
wn_dedup_comparison_get_group_id (WnDedupComparison *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_COMPARISON (self), 0);

  return self->group_id;
}

guint
wn_dedup_comparison_get_n_differences (WnDedupComparison *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_COMPARISON (self), 0);

  return self->n_differences;
}

static void
wn_dedup_comparison_dispose (GObject *object)
{
  WnDedupComparison *self = WN_DEDUP_COMPARISON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_DEDUP_COMPARISON);

  G_OBJECT_CLASS (wn_dedup_comparison_parent_class)->dispose (object);
}

static void
wn_dedup_comparison_finalize (GObject *object)
{
  WnDedupComparison *self = WN_DEDUP_COMPARISON (object);

  g_string_free (self->differences, TRUE);

  G_OBJECT_CLASS (wn_dedup_comparison_parent_class)->finalize (object);
}

static void
wn_dedup_comparison_class_init (WnDedupComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_dedup_comparison_dispose;
  object_class->finalize = wn_dedup_comparison_finalize;

  gtk_widget_class_set_css_name (widget_class, "wndedupcomparison");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-dedup-comparison.ui");
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, stack);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, message_icon);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, message_title);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, message_text);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, heading_label);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, score_label);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, status_label);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, scroller);
  gtk_widget_class_bind_template_child (widget_class, WnDedupComparison, grid);
}

static void
wn_dedup_comparison_init (WnDedupComparison *self)
{
  self->differences = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  wn_dedup_comparison_show_message (self, NULL, _("No Pair Selected"),
                                    _("Select a pair or a group in the list to compare its records."));
}

GtkWidget *
wn_dedup_comparison_new (void)
{
  return g_object_new (WN_TYPE_DEDUP_COMPARISON, NULL);
}
