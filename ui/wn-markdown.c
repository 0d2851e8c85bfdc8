/* wn-markdown.c — the user guide's Markdown subset, parsed into blocks and
 * spans (see wn-markdown.h); GLib only, so it is tested without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wn-markdown.h"

static void
wn_md_span_free (WnMdSpan *span)
{
  g_free (span->text);
  g_free (span->link);
  g_free (span);
}

void
wn_md_block_free (WnMdBlock *block)
{
  if (block == NULL)
    return;
  g_clear_pointer (&block->spans, g_ptr_array_unref);
  g_free (block);
}

/* Where the next closing mark is: searched once, and again only when the
 * scan has passed it, so a line of a million "[" costs one pass. */
typedef struct
{
  const char *needle;
  gboolean    searched;
  const char *at;  /* NULL: none at or after the last search's start */
} Memo;

static const char *
memo_find (Memo       *memo,
           const char *pos,
           const char *end)
{
  gsize n = strlen (memo->needle);

  if (memo->searched && (memo->at == NULL || memo->at >= pos))
    return memo->at;

  memo->searched = TRUE;
  memo->at = NULL;
  for (const char *p = pos; p + n <= end; p++)
    if (memcmp (p, memo->needle, n) == 0)
      {
        memo->at = p;
        break;
      }
  return memo->at;
}

static void
add_span (GPtrArray  *spans,
          const char *text,
          gsize       len,
          WnMdStyle   style,
          const char *link)
{
  WnMdSpan *span;

  if (len == 0)
    return;
  span = g_new0 (WnMdSpan, 1);
  span->text = g_strndup (text, len);
  span->style = style;
  span->link = g_strdup (link);
  g_ptr_array_add (spans, span);
}

static void
flush (GPtrArray *spans,
       GString   *buf,
       WnMdStyle  style)
{
  add_span (spans, buf->str, buf->len, style, NULL);
  g_string_truncate (buf, 0);
}

/* The characters a backslash makes literal. */
static gboolean
is_escapable (char c)
{
  return c != '\0' && strchr ("\\*`[]()<>#-_!.+", c) != NULL;
}

/* Text without its backslash escapes (link texts). */
static char *
unescape (const char *text,
          gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\\' && i + 1 < len && is_escapable (text[i + 1]))
        i++;
      g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
parse_inline (const char *text,
              gsize       len)
{
  GPtrArray *spans = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_md_span_free);
  g_autoptr(GString) buf = g_string_new (NULL);
  const char *p = text;
  const char *end = text + len;
  WnMdStyle style = WN_MD_STYLE_NONE;
  Memo backtick = { "`" };
  Memo kbd_close = { "</kbd>" };
  Memo bold = { "**" };
  Memo star = { "*" };
  Memo bracket_close = { "]" };
  Memo link_mid = { "](" };
  Memo paren_close = { ")" };

  while (p < end)
    {
      if (*p == '\\' && p + 1 < end && is_escapable (p[1]))
        {
          g_string_append_c (buf, p[1]);
          p += 2;
        }
      else if (*p == '`')
        {
          const char *close = memo_find (&backtick, p + 1, end);

          if (close == NULL)
            {
              g_string_append_c (buf, *p++);
              continue;
            }
          flush (spans, buf, style);
          add_span (spans, p + 1, close - (p + 1), style | WN_MD_STYLE_CODE, NULL);
          p = close + 1;
        }
      else if (end - p >= 5 && memcmp (p, "<kbd>", 5) == 0)
        {
          const char *close = memo_find (&kbd_close, p + 5, end);

          if (close == NULL)
            {
              g_string_append_c (buf, *p++);
              continue;
            }
          flush (spans, buf, style);
          add_span (spans, p + 5, close - (p + 5), style | WN_MD_STYLE_KEY, NULL);
          p = close + strlen ("</kbd>");
        }
      else if (end - p >= 2 && p[0] == '*' && p[1] == '*')
        {
          if ((style & WN_MD_STYLE_BOLD) != 0 || memo_find (&bold, p + 2, end) != NULL)
            {
              flush (spans, buf, style);
              style ^= WN_MD_STYLE_BOLD;
            }
          else
            g_string_append (buf, "**");
          p += 2;
        }
      else if (*p == '*')
        {
          if ((style & WN_MD_STYLE_ITALIC) != 0 || memo_find (&star, p + 1, end) != NULL)
            {
              flush (spans, buf, style);
              style ^= WN_MD_STYLE_ITALIC;
            }
          else
            g_string_append_c (buf, '*');
          p++;
        }
      else if (*p == '[')
        {
          const char *mid = memo_find (&link_mid, p + 1, end);
          const char *close = mid != NULL ? memo_find (&paren_close, mid + 2, end) : NULL;

          /* A link is "[text](target)" with no "]" inside the text. */
          if (mid == NULL || close == NULL || memo_find (&bracket_close, p + 1, end) != mid || close == mid + 2)
            {
              g_string_append_c (buf, *p++);
              continue;
            }
          {
            g_autofree char *label = unescape (p + 1, mid - (p + 1));
            g_autofree char *target = g_strstrip (g_strndup (mid + 2, close - (mid + 2)));

            flush (spans, buf, style);
            add_span (spans, label, strlen (label), style, target);
            if (label[0] == '\0')
              add_span (spans, target, strlen (target), style, target);
          }
          p = close + 1;
        }
      else
        g_string_append_c (buf, *p++);
    }
  flush (spans, buf, style);

  return spans;
}

static WnMdBlock *
block_new (WnMdBlockType type,
           guint         level,
           guint         number,
           const char   *text,
           gsize         len)
{
  WnMdBlock *block = g_new0 (WnMdBlock, 1);

  block->type = type;
  block->level = level;
  block->number = number;
  if (type == WN_MD_CODE_BLOCK)
    {
      block->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_md_span_free);
      add_span (block->spans, text, len, WN_MD_STYLE_CODE, NULL);
    }
  else
    block->spans = parse_inline (text, len);
  return block;
}

/* The paragraph or list item being gathered. */
typedef struct
{
  gboolean       open;
  WnMdBlockType  type;
  guint          level;
  guint          number;
  GString       *text;
} Pending;

static void
pending_finish (Pending   *pending,
                GPtrArray *blocks)
{
  if (!pending->open)
    return;
  g_ptr_array_add (blocks, block_new (pending->type, pending->level, pending->number,
                                      pending->text->str, pending->text->len));
  pending->open = FALSE;
  g_string_truncate (pending->text, 0);
}

static void
pending_start (Pending       *pending,
               GPtrArray     *blocks,
               WnMdBlockType  type,
               guint          level,
               guint          number,
               const char    *text)
{
  pending_finish (pending, blocks);
  pending->open = TRUE;
  pending->type = type;
  pending->level = level;
  pending->number = number;
  g_string_assign (pending->text, text);
}

/* "1. ", "12) ": the number, and where the item's text starts; else 0. */
static gsize
numbered_marker (const char *rest,
                 guint      *number)
{
  gsize i = 0;

  while (g_ascii_isdigit (rest[i]) && i < 9)
    i++;
  if (i == 0 || (rest[i] != '.' && rest[i] != ')') || (rest[i + 1] != ' ' && rest[i + 1] != '\0'))
    return 0;
  *number = (guint) g_ascii_strtoull (rest, NULL, 10);
  return rest[i + 1] == ' ' ? i + 2 : i + 1;
}

GPtrArray *
wn_markdown_parse (const char *text,
                   gssize      length)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_md_block_free);
  g_autofree char *valid = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) code = NULL;
  Pending pending = { FALSE, WN_MD_PARAGRAPH, 0, 0, NULL };

  if (text == NULL)
    return blocks;

  valid = g_utf8_make_valid (text, length);
  lines = g_strsplit (valid, "\n", -1);
  pending.text = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      guint indent = 0;
      char *rest;
      guint number = 0;
      gsize marker;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      rest = line;
      while (*rest == ' ' || *rest == '\t')
        indent += *rest++ == '\t' ? 4 : 1;

      if (code != NULL)
        {
          if (g_str_has_prefix (rest, "```"))
            {
              if (code->len > 0)
                g_string_truncate (code, code->len - 1);
              g_ptr_array_add (blocks, block_new (WN_MD_CODE_BLOCK, 0, 0, code->str, code->len));
              g_string_free (g_steal_pointer (&code), TRUE);
            }
          else
            {
              g_string_append (code, line);
              g_string_append_c (code, '\n');
            }
          continue;
        }

      g_strchomp (rest);
      if (*rest == '\0')
        {
          pending_finish (&pending, blocks);
          continue;
        }

      if (g_str_has_prefix (rest, "```"))
        {
          pending_finish (&pending, blocks);
          code = g_string_new (NULL);
          continue;
        }

      if (*rest == '#')
        {
          guint level = 0;

          while (rest[level] == '#')
            level++;
          if (rest[level] == ' ' || rest[level] == '\0')
            {
              const char *title = rest + level;

              while (*title == ' ')
                title++;
              pending_finish (&pending, blocks);
              g_ptr_array_add (blocks, block_new (WN_MD_HEADING, MIN (level, 3), 0, title, strlen (title)));
              continue;
            }
        }

      if ((rest[0] == '-' || rest[0] == '*') && (rest[1] == ' ' || rest[1] == '\0'))
        {
          pending_start (&pending, blocks, WN_MD_BULLET, indent >= 2 ? 1 : 0, 0, g_strchug (rest + 1));
          continue;
        }

      marker = numbered_marker (rest, &number);
      if (marker > 0)
        {
          pending_start (&pending, blocks, WN_MD_NUMBERED, indent >= 2 ? 1 : 0, number, g_strchug (rest + marker));
          continue;
        }

      /* A line that continues the paragraph or the item: reflowed. */
      if (pending.open)
        {
          if (pending.text->len > 0)
            g_string_append_c (pending.text, ' ');
          g_string_append (pending.text, rest);
        }
      else
        pending_start (&pending, blocks, WN_MD_PARAGRAPH, 0, 0, rest);
    }

  pending_finish (&pending, blocks);
  /* A code block never closed runs to the end. */
  if (code != NULL)
    {
      while (code->len > 0 && code->str[code->len - 1] == '\n')
        g_string_truncate (code, code->len - 1);
      g_ptr_array_add (blocks, block_new (WN_MD_CODE_BLOCK, 0, 0, code->str, code->len));
    }
  g_string_free (pending.text, TRUE);

  return blocks;
}

char *
wn_md_block_dup_text (const WnMdBlock *block)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (block != NULL, NULL);

  for (guint i = 0; i < block->spans->len; i++)
    g_string_append (out, ((WnMdSpan *) g_ptr_array_index (block->spans, i))->text);
  return g_string_free (out, FALSE);
}

char *
wn_markdown_dup_title (GPtrArray *blocks)
{
  g_return_val_if_fail (blocks != NULL, NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      WnMdBlock *block = g_ptr_array_index (blocks, i);

      if (block->type == WN_MD_HEADING)
        return wn_md_block_dup_text (block);
    }
  return NULL;
}
