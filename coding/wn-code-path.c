/* wn-code-path.c — codebook paths: "Theme/Sub-theme/…"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wn-code-path.h"

G_DEFINE_QUARK (wn-code-path-error-quark, wn_code_path_error)

static char *
fold_segment (const char *start,
              gsize       len)
{
  g_autofree char *raw = g_strndup (start, len);
  g_autofree char *nfc = g_utf8_normalize (raw, -1, G_NORMALIZE_NFC);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

GStrv
wn_code_path_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *start;
  guint depth = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, WN_CODE_PATH_ERROR, WN_CODE_PATH_ERROR_INVALID,
                   _("the code path is not valid UTF-8 text"));
      return NULL;
    }
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !g_unichar_isspace (c))
        {
          g_set_error (error, WN_CODE_PATH_ERROR, WN_CODE_PATH_ERROR_INVALID,
                       _("the code path “%s” contains a control character"), text);
          return NULL;
        }
    }

  start = text;
  for (;;)
    {
      const char *slash = strchr (start, '/');
      gsize len = slash ? (gsize) (slash - start) : strlen (start);
      g_autofree char *segment = fold_segment (start, len);

      if (*segment == '\0')
        {
          g_set_error (error, WN_CODE_PATH_ERROR, WN_CODE_PATH_ERROR_EMPTY,
                       _("the code path “%s” has an empty level; write it as Theme/Sub-theme"), text);
          return NULL;
        }
      if (++depth > WN_CODE_PATH_MAX_DEPTH)
        {
          g_set_error (error, WN_CODE_PATH_ERROR, WN_CODE_PATH_ERROR_TOO_DEEP,
                       _("the code path “%s” has more than %d levels"), text, WN_CODE_PATH_MAX_DEPTH);
          return NULL;
        }
      g_strv_builder_add (builder, segment);
      if (slash == NULL)
        break;
      start = slash + 1;
    }

  return g_strv_builder_end (builder);
}

char *
wn_code_path_normalise (const char  *text,
                        GError     **error)
{
  g_auto(GStrv) segments = wn_code_path_parse (text, error);

  if (segments == NULL)
    return NULL;
  return g_strjoinv ("/", segments);
}

gboolean
wn_code_path_is_within (const char *path,
                        const char *ancestor)
{
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (ancestor != NULL, FALSE);

  len = strlen (ancestor);
  return strncmp (path, ancestor, len) == 0 && (path[len] == '\0' || path[len] == '/');
}
