/* wn-table.c — tables for export: CSV and XLSX, safe and atomic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Atomic writes: CSV goes through g_file_set_contents_full() (a temporary
 * file in the same folder, fsynced, renamed over the target). XLSX is
 * written by libxlsxwriter to a temporary file made with g_mkstemp() in the
 * target's folder, then renamed over the target; any failure removes the
 * temporary file, so the target is either the old file or the new one.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "wn-table.h"

/* Excel's limits. */
#define SHEET_NAME_MAX 31
#define CELL_TEXT_MAX  32767
#define COLUMN_WIDTH_MIN 6
#define COLUMN_WIDTH_MAX 60

G_DEFINE_QUARK (wn-table-error-quark, wn_table_error)

struct _WnTable
{
  char      *name;
  guint      n_columns;
  char     **header;    /* n_columns strings */
  gboolean  *numeric;   /* n_columns flags */
  GPtrArray *rows;      /* (element-type char**) each n_columns cells, NULL for empty */
};

/* Cells may be NULL in the middle: freed by index, not as a GStrv. */
static void
table_row_free (WnTable *self,
                char   **cells)
{
  for (guint c = 0; c < self->n_columns; c++)
    g_free (cells[c]);
  g_free (cells);
}

WnTable *
wn_table_new (const char         *name,
              const char * const *header)
{
  WnTable *self = g_new0 (WnTable, 1);

  g_return_val_if_fail (header != NULL, NULL);

  self->name = g_strdup (name != NULL ? name : "");
  self->n_columns = g_strv_length ((GStrv) header);
  self->header = g_new0 (char *, self->n_columns + 1);
  for (guint c = 0; c < self->n_columns; c++)
    self->header[c] = g_strdup (header[c]);
  self->numeric = g_new0 (gboolean, MAX (self->n_columns, 1));
  self->rows = g_ptr_array_new ();
  return self;
}

void
wn_table_free (WnTable *self)
{
  if (self == NULL)
    return;
  for (guint r = 0; r < self->rows->len; r++)
    table_row_free (self, g_ptr_array_index (self->rows, r));
  g_ptr_array_unref (self->rows);
  g_strfreev (self->header);
  g_free (self->numeric);
  g_free (self->name);
  g_free (self);
}

const char *
wn_table_get_name (WnTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

guint
wn_table_get_n_columns (WnTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_columns;
}

guint
wn_table_get_n_rows (WnTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

const char *
wn_table_get_header (WnTable *self,
                     guint    column)
{
  g_return_val_if_fail (self != NULL && column < self->n_columns, NULL);
  return self->header[column];
}

const char *
wn_table_get_cell (WnTable *self,
                   guint    row,
                   guint    column)
{
  char **cells;

  g_return_val_if_fail (self != NULL && row < self->rows->len && column < self->n_columns, NULL);
  cells = g_ptr_array_index (self->rows, row);
  return cells[column];
}

void
wn_table_set_numeric (WnTable *self,
                      guint    column,
                      gboolean numeric)
{
  g_return_if_fail (self != NULL && column < self->n_columns);
  self->numeric[column] = numeric;
}

void
wn_table_add_row (WnTable            *self,
                  const char * const *cells)
{
  guint row;

  g_return_if_fail (self != NULL && cells != NULL);
  row = wn_table_append_row (self);
  for (guint c = 0; c < self->n_columns; c++)
    wn_table_set_cell (self, row, c, cells[c]);
}

guint
wn_table_append_row (WnTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  g_ptr_array_add (self->rows, g_new0 (char *, MAX (self->n_columns, 1)));
  return self->rows->len - 1;
}

void
wn_table_set_cell (WnTable    *self,
                   guint       row,
                   guint       column,
                   const char *text)
{
  char **cells;

  g_return_if_fail (self != NULL && row < self->rows->len && column < self->n_columns);
  cells = g_ptr_array_index (self->rows, row);
  g_free (cells[column]);
  cells[column] = g_strdup (text);
}

const char *
wn_table_safe_text (const char  *text,
                    char       **copy)
{
  g_return_val_if_fail (copy != NULL, text);

  *copy = NULL;
  if (text == NULL)
    return NULL;
  switch (text[0])
    {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      *copy = g_strconcat ("'", text, NULL);
      return *copy;
    default:
      return text;
    }
}

/* A plain decimal number: [+-]digits[.digits][e[+-]digits] (or .digits);
 * no hex, no inf or nan, no white space. */
static gboolean
is_number (const char *text,
           double     *value)
{
  const char *p = text;
  gboolean digits = FALSE;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (*p == '+' || *p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    {
      p++;
      digits = TRUE;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          p++;
          digits = TRUE;
        }
    }
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;
  if (value != NULL)
    {
      *value = g_ascii_strtod (text, &end);
      if (!isfinite (*value))
        return FALSE;
    }
  return TRUE;
}

/* Whether the cell is written as a number: a numeric column and a number. */
static gboolean
cell_is_number (WnTable    *self,
                guint       column,
                const char *text,
                double     *value)
{
  return self->numeric[column] && is_number (text, value);
}

static void
csv_append_cell (GString    *out,
                 const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_append_row (WnTable           *self,
                GString           *out,
                const char * const *cells,
                gboolean           header)
{
  for (guint c = 0; c < self->n_columns; c++)
    {
      g_autofree char *copy = NULL;
      const char *text = cells[c];

      if (c > 0)
        g_string_append_c (out, ',');
      if (text != NULL && !g_utf8_validate (text, -1, NULL))
        text = copy = g_utf8_make_valid (text, -1);
      if (header || !cell_is_number (self, c, text, NULL))
        {
          g_autofree char *safe_copy = NULL;

          text = wn_table_safe_text (text, &safe_copy);
          csv_append_cell (out, text);
        }
      else
        csv_append_cell (out, text);
    }
  g_string_append (out, "\r\n");
}

static void
set_write_error (GError    **error,
                 const char *path,
                 const char *cause)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, WN_TABLE_ERROR, WN_TABLE_ERROR_WRITE,
               _("Could not write “%s”: %s"), display, cause);
}

gboolean
wn_table_write_csv (WnTable     *self,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  csv_append_row (self, out, (const char * const *) self->header, TRUE);
  for (guint r = 0; r < self->rows->len; r++)
    csv_append_row (self, out, g_ptr_array_index (self->rows, r), FALSE);

  if (!g_file_set_contents_full (path, out->str, (gssize) out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING, 0666,
                                 &local))
    {
      set_write_error (error, path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- XLSX ----------------------------------------------------------------- */

static char *
sheet_name (const char *name,
            GPtrArray  *taken,
            guint       index)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);
  g_autofree char *base = NULL;
  char *candidate;
  guint suffix = 1;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (strchr ("[]:*?/\\", (int) ch) != NULL && ch < 0x80)
        g_string_append_c (clean, '_');
      else if (g_unichar_iscntrl (ch))
        g_string_append_c (clean, ' ');
      else
        g_string_append_unichar (clean, ch);
    }
  /* Excel refuses a name that starts or ends with an apostrophe. */
  while (clean->len > 0 && clean->str[0] == '\'')
    g_string_erase (clean, 0, 1);
  while (clean->len > 0 && clean->str[clean->len - 1] == '\'')
    g_string_truncate (clean, clean->len - 1);
  g_strstrip (clean->str);
  if (clean->str[0] == '\0')
    base = g_strdup_printf ("Sheet%u", index + 1);
  else
    base = g_strdup (clean->str);

  for (;;)
    {
      g_autofree char *tail = suffix == 1 ? g_strdup ("") : g_strdup_printf (" (%u)", suffix);
      glong room = SHEET_NAME_MAX - (glong) strlen (tail);
      const char *cut = base;
      gboolean clash = FALSE;

      for (glong i = 0; i < room && *cut; i++)
        cut = g_utf8_next_char (cut);
      candidate = g_strdup_printf ("%.*s%s", (int) (cut - base), base, tail);
      for (guint i = 0; i < taken->len && !clash; i++)
        {
          g_autofree char *a = g_utf8_casefold (candidate, -1);
          g_autofree char *b = g_utf8_casefold (g_ptr_array_index (taken, i), -1);

          clash = strcmp (a, b) == 0;
        }
      if (!clash)
        break;
      g_free (candidate);
      suffix++;
    }
  g_ptr_array_add (taken, candidate);
  return g_strdup (candidate);
}

static double
text_width (const char *text)
{
  glong widest = 0;
  glong line = 0;

  if (text == NULL)
    return 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        line = 0;
      else
        line++;
      widest = MAX (widest, line);
    }
  return (double) widest;
}

static lxw_error
write_sheet (lxw_workbook *workbook,
             lxw_format   *bold,
             WnTable      *table,
             const char   *name)
{
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, name);
  g_autofree double *widths = NULL;
  lxw_error rc = LXW_NO_ERROR;

  if (sheet == NULL)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;
  widths = g_new0 (double, MAX (table->n_columns, 1));
  for (guint c = 0; c < table->n_columns && rc == LXW_NO_ERROR; c++)
    {
      g_autofree char *copy = NULL;
      g_autofree char *valid = g_utf8_make_valid (table->header[c] != NULL ? table->header[c] : "", -1);
      const char *text = wn_table_safe_text (valid, &copy);

      rc = worksheet_write_string (sheet, 0, (lxw_col_t) c, text, bold);
      widths[c] = MAX (widths[c], text_width (text));
    }
  for (guint r = 0; r < table->rows->len && rc == LXW_NO_ERROR; r++)
    {
      char **cells = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns && rc == LXW_NO_ERROR; c++)
        {
          g_autofree char *copy = NULL;
          g_autofree char *valid = NULL;
          const char *text = cells[c];
          double number;

          if (text == NULL)
            continue;
          if (cell_is_number (table, c, text, &number))
            {
              rc = worksheet_write_number (sheet, r + 1, (lxw_col_t) c, number, NULL);
              widths[c] = MAX (widths[c], (double) strlen (text));
              continue;
            }
          valid = g_utf8_make_valid (text, -1);
          text = wn_table_safe_text (valid, &copy);
          if (strlen (text) > CELL_TEXT_MAX)
            {
              /* Cut at a character boundary within Excel's limit. */
              const char *end = g_utf8_find_prev_char (text, text + CELL_TEXT_MAX);

              if (end != NULL)
                {
                  char *cut = g_strndup (text, (gsize) (end - text));

                  g_free (copy);
                  copy = cut;
                  text = cut;
                }
            }
          rc = worksheet_write_string (sheet, r + 1, (lxw_col_t) c, text, NULL);
          widths[c] = MAX (widths[c], text_width (text));
        }
    }
  if (rc != LXW_NO_ERROR)
    return rc;
  worksheet_freeze_panes (sheet, 1, 0);
  for (guint c = 0; c < table->n_columns; c++)
    worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c,
                          CLAMP (widths[c] + 2, COLUMN_WIDTH_MIN, COLUMN_WIDTH_MAX), NULL);
  return LXW_NO_ERROR;
}

gboolean
wn_tables_write_xlsx (WnTable    **tables,
                      guint        n,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_free);
  lxw_workbook *workbook;
  lxw_format *bold;
  lxw_error rc = LXW_NO_ERROR;
  int fd;

  g_return_val_if_fail (tables != NULL || n == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp, O_RDWR, 0666);
  if (fd < 0)
    {
      int saved = errno;

      set_write_error (error, path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  workbook = workbook_new (tmp);
  if (workbook == NULL)
    {
      g_unlink (tmp);
      set_write_error (error, path, _("the spreadsheet could not be created"));
      return FALSE;
    }
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  for (guint i = 0; i < n && rc == LXW_NO_ERROR; i++)
    {
      g_autofree char *name = sheet_name (wn_table_get_name (tables[i]), taken, i);

      rc = write_sheet (workbook, bold, tables[i], name);
    }
  if (n == 0)
    {
      /* A workbook needs one sheet. */
      if (workbook_add_worksheet (workbook, NULL) == NULL)
        rc = LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
  if (rc != LXW_NO_ERROR)
    {
      /* workbook_close frees the workbook whatever happens; the partial
       * file is removed below. */
      workbook_close (workbook);
      g_unlink (tmp);
      set_write_error (error, path, lxw_strerror (rc));
      return FALSE;
    }
  rc = workbook_close (workbook);
  if (rc != LXW_NO_ERROR)
    {
      g_unlink (tmp);
      set_write_error (error, path, lxw_strerror (rc));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      set_write_error (error, path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
