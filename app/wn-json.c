/* wn-json.c — writing JSON quickly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wn-json.h"

void
wn_json_append_string (GString    *out,
                       const char *text)
{
  static const char hex[] = "0123456789abcdef";

  g_return_if_fail (out != NULL);

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            {
              g_string_append (out, "\\u00");
              g_string_append_c (out, hex[*p >> 4]);
              g_string_append_c (out, hex[*p & 0xf]);
            }
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
wn_json_append_key (GString    *out,
                    const char *key)
{
  char last;

  g_return_if_fail (out != NULL);

  last = out->len > 0 ? out->str[out->len - 1] : '\0';
  if (last != '{' && last != '[' && last != '\0')
    g_string_append_c (out, ',');
  wn_json_append_string (out, key);
  g_string_append_c (out, ':');
}

void
wn_json_append_int (GString *out,
                    gint64   value)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
wn_json_append_strv (GString   *out,
                     GPtrArray *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      wn_json_append_string (out, g_ptr_array_index (strings, i));
    }
  g_string_append_c (out, ']');
}
