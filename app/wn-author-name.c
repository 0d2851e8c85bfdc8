/* wn-author-name.c — every importer's personal names in one form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wn-author-name.h"

/* Initials of up to this many letters without full stops ("SD", "CWC");
 * a longer run of capitals is a name ("JOHN"). */
#define MAX_BARE_INITIALS 3

static gboolean
has_lower (const char *text,
           gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

gboolean
wn_author_name_is_suffix (const char *token,
                          gssize      len)
{
  static const char *const suffixes[] = { "Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd" };

  if (len < 0)
    len = strlen (token);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (strlen (suffixes[i]) == (gsize) len && memcmp (token, suffixes[i], len) == 0)
      return TRUE;
  return FALSE;
}

/* When token (len bytes) is initials — "S", "SD", "S.D.", "S. ", "J.-P.",
 * "J-P", "Ch.", "Yu.A." — appends them in the one form ("S. D.", "J.-P.",
 * "Ch.", "Yu. A.") to out and returns TRUE; else leaves out alone and
 * returns FALSE. A capital may be followed by up to two small letters only
 * where a full stop ends them, and only in the token's first initial
 * ("Ch.", "Yu.A."; not "AJr."). Bare capitals count as initials up
 * to MAX_BARE_INITIALS of them, and only one when the name is in capitals. */
static gboolean
append_initials (GString    *out,
                 const char *token,
                 gsize       len,
                 gboolean    in_capitals)
{
  const char *end = token + len;
  const char *p = token;
  gsize start = out->len;
  guint letters = 0;
  gboolean dotted = memchr (token, '.', len) != NULL;
  gboolean joined = FALSE;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *unit = p;
      guint small = 0;

      if (!g_unichar_isupper (c))
        goto not_initials;
      p = g_utf8_next_char (p);
      while (p < end && small < 2 && g_unichar_islower (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          small++;
        }
      /* Small letters only in the first initial of a token: in "AJr." the
       * "Jr." would read as a suffix once the initials stood apart. */
      if (small > 0 && (p >= end || *p != '.' || letters > 0))
        goto not_initials;

      if (letters > 0)
        g_string_append_c (out, joined ? '-' : ' ');
      g_string_append_len (out, unit, p - unit);
      g_string_append_c (out, '.');
      letters++;

      if (p < end && *p == '.')
        p++;
      joined = p < end && *p == '-';
      if (joined)
        {
          p++;
          if (p >= end)
            goto not_initials;
        }
    }

  if (letters == 0)
    goto not_initials;
  if (!dotted && (letters > MAX_BARE_INITIALS || (in_capitals && letters > 1)))
    goto not_initials;
  return TRUE;

not_initials:
  g_string_truncate (out, start);
  return FALSE;
}

/* The next blank-separated token of [*p, end), or FALSE at the end. */
static gboolean
next_token (const char **p,
            const char  *end,
            const char **token,
            gsize       *len)
{
  const char *q = *p;

  while (q < end && *q == ' ')
    q++;
  if (q >= end)
    {
      *p = q;
      return FALSE;
    }
  *token = q;
  while (q < end && *q != ' ')
    q++;
  *len = q - *token;
  *p = q;
  return TRUE;
}

static void
strip (const char **text,
       gsize       *len)
{
  while (*len > 0 && (**text == ' '))
    {
      (*text)++;
      (*len)--;
    }
  while (*len > 0 && (*text)[*len - 1] == ' ')
    (*len)--;
}

/* Given names (len bytes) to out: initials in the one form, names as
 * written. A last word that is a suffix, when no suffix came after a
 * second comma, is returned in *suffix. */
static void
append_given (GString     *out,
              const char  *given,
              gsize        len,
              gboolean     in_capitals,
              const char **suffix,
              gsize       *suffix_len)
{
  const char *end = given + len;
  const char *p = given;
  const char *token;
  gsize token_len;
  const char *last = NULL;
  gsize last_len = 0;
  guint n = 0;

  if (*suffix == NULL)
    {
      /* Find the last word; a suffix there, after another word, is one. */
      const char *q = given;

      while (next_token (&q, end, &token, &token_len))
        {
          last = token;
          last_len = token_len;
          n++;
        }
      if (n >= 2 && wn_author_name_is_suffix (last, last_len))
        {
          *suffix = last;
          *suffix_len = last_len;
          end = last;
        }
    }

  n = 0;
  while (next_token (&p, end, &token, &token_len))
    {
      if (n++ > 0)
        g_string_append_c (out, ' ');
      if (!append_initials (out, token, token_len, in_capitals))
        g_string_append_len (out, token, token_len);
    }
}

/* "van", "de", "la", "dos": a word in small letters, three at most. */
static gboolean
is_particle (const char *token,
             gsize       len)
{
  const char *end = token + len;
  guint letters = 0;

  for (const char *p = token; p < end; p = g_utf8_next_char (p))
    if (!g_unichar_islower (g_utf8_get_char (p)) || ++letters > 3)
      return FALSE;
  return letters > 0;
}

/* A person's surname: one or two words that begin with a capital ("Dos
 * Santos", "O'Connor", "St."), with any particles ("van der", "de la"), and
 * nothing else — no digits or brackets, no third capitalised word, as in
 * the names of groups ("World Health Organization", "Centers for Disease
 * Control and Prevention"), whose acronyms are not initials. */
static gboolean
is_plain_surname (const char *text,
                  gsize       len)
{
  const char *end = text + len;
  const char *p = text;
  const char *token;
  gsize token_len;
  guint capitalised = 0;

  while (next_token (&p, end, &token, &token_len))
    {
      const char *token_end = token + token_len;

      if (is_particle (token, token_len))
        continue;
      if (!g_unichar_isupper (g_utf8_get_char (token)) || ++capitalised > 2)
        return FALSE;
      for (const char *q = token; q < token_end; q = g_utf8_next_char (q))
        {
          gunichar c = g_utf8_get_char (q);

          if (!g_unichar_isalpha (c) && c != '-' && c != '\'' && c != 0x2019 &&
              !(c == '.' && q + 1 == token_end && token_len <= 4))
            return FALSE;
        }
    }
  return capitalised >= 1;
}

static gboolean
normalise_without_comma (const char *name,
                         gsize       len,
                         GString    *out)
{
  const char *end = name + len;
  const char *p = name;
  const char *token;
  gsize token_len;
  const char *tokens[3] = { NULL, NULL, NULL }; /* the last three, last first */
  gsize lens[3] = { 0, 0, 0 };
  guint n = 0;
  const char *initials;
  gsize initials_len;
  const char *suffix = NULL;
  gsize suffix_len = 0;
  const char *surname_end;
  gsize surname_len;

  while (next_token (&p, end, &token, &token_len))
    {
      tokens[2] = tokens[1];
      lens[2] = lens[1];
      tokens[1] = tokens[0];
      lens[1] = lens[0];
      tokens[0] = token;
      lens[0] = token_len;
      n++;
    }
  if (n < 2)
    return FALSE;

  initials = tokens[0];
  initials_len = lens[0];
  if (n >= 3 && wn_author_name_is_suffix (tokens[0], lens[0]))
    {
      suffix = tokens[0];
      suffix_len = lens[0];
      initials = tokens[1];
      initials_len = lens[1];
    }
  surname_end = initials;
  while (surname_end > name && surname_end[-1] == ' ')
    surname_end--;
  surname_len = surname_end - name;
  if (!is_plain_surname (name, surname_len))
    return FALSE;

  g_string_truncate (out, 0);
  g_string_append_len (out, name, surname_len);
  g_string_append (out, ", ");
  /* Bare capitals after a surname in capitals are a name ("CAIZHI SHEN"). */
  if (!append_initials (out, initials, initials_len, !has_lower (name, surname_len)))
    return FALSE;
  if (suffix != NULL)
    {
      g_string_append (out, ", ");
      g_string_append_len (out, suffix, suffix_len);
    }
  return TRUE;
}

gboolean
wn_author_name_normalise (const char *name,
                          GString    *out)
{
  gsize len;
  const char *comma;
  const char *surname = name;
  gsize surname_len;
  const char *given;
  gsize given_len;
  const char *second;
  const char *suffix = NULL;
  gsize suffix_len = 0;
  gboolean in_capitals;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  len = strlen (name);
  g_string_truncate (out, 0);

  comma = memchr (name, ',', len);
  if (comma == NULL)
    {
      if (normalise_without_comma (name, len, out))
        return out->len != len || memcmp (out->str, name, len) != 0;
      g_string_truncate (out, 0);
      g_string_append_len (out, name, len);
      return FALSE;
    }

  surname_len = comma - name;
  strip (&surname, &surname_len);
  given = comma + 1;
  second = memchr (given, ',', name + len - given);
  given_len = (second != NULL ? second : name + len) - given;
  strip (&given, &given_len);
  if (second != NULL)
    {
      suffix = second + 1;
      suffix_len = name + len - suffix;
      strip (&suffix, &suffix_len);
    }
  if (surname_len == 0 || given_len == 0 || !is_plain_surname (surname, surname_len))
    {
      g_string_append_len (out, name, len);
      return FALSE;
    }

  in_capitals = !has_lower (name, len);
  g_string_append_len (out, surname, surname_len);
  g_string_append (out, ", ");
  append_given (out, given, given_len, in_capitals, &suffix, &suffix_len);
  if (suffix != NULL && suffix_len > 0 && !wn_author_name_is_suffix (suffix, suffix_len) && memchr (suffix, ' ', suffix_len) == NULL)
    {
      /* Web of Science's AF "Kuchin, A., V": the initials go on. */
      g_string_append_c (out, ' ');
      if (append_initials (out, suffix, suffix_len, in_capitals))
        suffix = NULL;
      else
        g_string_truncate (out, out->len - 1);
    }
  if (suffix != NULL && suffix_len > 0)
    {
      g_string_append (out, ", ");
      g_string_append_len (out, suffix, suffix_len);
    }
  return out->len != len || memcmp (out->str, name, len) != 0;
}

void
wn_record_normalise_authors (WnRecord *record,
                             GString  *scratch)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (scratch != NULL);

  for (guint i = 0; i < record->authors->len; i++)
    {
      char **slot = (char **) &g_ptr_array_index (record->authors, i);

      if (wn_author_name_normalise (*slot, scratch))
        {
          g_free (*slot);
          *slot = g_strndup (scratch->str, scratch->len);
        }
    }
}
