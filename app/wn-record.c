/* wn-record.c — one bibliographic record as parsed from a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wn-record.h"

/* Fields live in blocks owned by their record (WnRecord.field_memory): a
 * chain of FieldBlocks, the newest first, each twice the size of the one
 * before it up to MAX_BLOCK; a field too large for a block gets an
 * allocation of its own. A field's bytes: the WnField, a flag byte, the
 * tag and its NUL, the value and its NUL. The flag says whether the value
 * is still the one that follows (until wn_field_set_value() replaces it)
 * and whether the field is in a block (else freed on its own). */
typedef struct _FieldBlock FieldBlock;
struct _FieldBlock
{
  FieldBlock *next;
  gsize       size;
  gsize       used;
  char        data[];
};

#define FIRST_BLOCK 1024
#define MAX_BLOCK   (64 * 1024)

enum
{
  FIELD_VALUE_INLINE = 1 << 0,
  FIELD_IN_BLOCK = 1 << 1,
};

static inline char *
field_flags (const WnField *field)
{
  return (char *) (field + 1);
}

static gpointer
field_alloc (WnRecord *record,
             gsize     size,
             gboolean *in_block)
{
  FieldBlock *block = record->field_memory;
  gsize aligned = (size + 7) & ~(gsize) 7;

  if (block != NULL && block->size - block->used >= aligned)
    {
      gpointer p = block->data + block->used;

      block->used += aligned;
      *in_block = TRUE;
      return p;
    }
  if (aligned > MAX_BLOCK / 4)
    {
      *in_block = FALSE;
      return g_malloc (size);
    }

  {
    gsize block_size = block == NULL ? FIRST_BLOCK : MIN (block->size * 2, MAX_BLOCK);
    FieldBlock *fresh;

    while (block_size < aligned)
      block_size *= 2;
    fresh = g_malloc (sizeof (FieldBlock) + block_size);
    fresh->next = block;
    fresh->size = block_size;
    fresh->used = aligned;
    record->field_memory = fresh;
    *in_block = TRUE;
    return fresh->data;
  }
}

WnField *
wn_record_add_field_len (WnRecord   *record,
                         const char *tag,
                         gssize      tag_len,
                         const char *value,
                         gsize       value_len)
{
  gsize len = tag_len < 0 ? strlen (tag) : (gsize) tag_len;
  gboolean in_block;
  WnField *field = field_alloc (record, sizeof (WnField) + 1 + len + 1 + value_len + 1, &in_block);
  char *flags = field_flags (field);

  *flags = FIELD_VALUE_INLINE | (in_block ? FIELD_IN_BLOCK : 0);
  field->tag = flags + 1;
  memcpy (field->tag, tag, len);
  field->tag[len] = '\0';
  field->value = field->tag + len + 1;
  memcpy (field->value, value, value_len);
  field->value[value_len] = '\0';
  g_ptr_array_add (record->fields, field);
  return field;
}

void
wn_field_set_value (WnField *field,
                    char    *value)
{
  char *flags = field_flags (field);

  if (!(*flags & FIELD_VALUE_INLINE))
    g_free (field->value);
  *flags &= ~FIELD_VALUE_INLINE;
  field->value = value;
}

static void
wn_field_free (gpointer data)
{
  WnField *field = data;
  char flags = *field_flags (field);

  if (!(flags & FIELD_VALUE_INLINE))
    g_free (field->value);
  if (!(flags & FIELD_IN_BLOCK))
    g_free (field);
}

WnRecord *
wn_record_new (void)
{
  WnRecord *record = g_new0 (WnRecord, 1);

  record->authors = g_ptr_array_new_with_free_func (g_free);
  record->keywords = g_ptr_array_new_with_free_func (g_free);
  record->fields = g_ptr_array_new_with_free_func (wn_field_free);

  return record;
}

void
wn_record_free (WnRecord *record)
{
  FieldBlock *block;

  if (record == NULL)
    return;

  g_free (record->source_id);
  g_free (record->title);
  g_ptr_array_unref (record->authors);
  g_free (record->year);
  g_free (record->journal);
  g_free (record->volume);
  g_free (record->issue);
  g_free (record->pages);
  g_free (record->doi);
  g_free (record->pmid);
  g_free (record->abstract);
  g_ptr_array_unref (record->keywords);
  g_free (record->language);
  g_free (record->type);
  g_free (record->database);
  g_ptr_array_unref (record->fields);
  for (block = record->field_memory; block != NULL;)
    {
      FieldBlock *next = block->next;

      g_free (block);
      block = next;
    }
  g_free (record->source_text);
  g_free (record);
}

void
wn_record_add_field (WnRecord   *record,
                     const char *tag,
                     const char *value)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (tag != NULL);

  if (value == NULL)
    value = "";
  wn_record_add_field_len (record, tag, -1, value, strlen (value));
}

/* Names and keywords are single-line values: a newline inside one would be
 * read back as two (the store joins lists with newlines), so any run of
 * white space becomes one space. */
static char *
collapse_space (const char *text)
{
  GString *out;
  gboolean pending_space = FALSE;

  while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
    text++;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          pending_space = TRUE;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

void
wn_record_add_author (WnRecord   *record,
                      const char *author)
{
  char *name;

  g_return_if_fail (record != NULL);

  if (author == NULL)
    return;
  name = collapse_space (author);
  if (*name == '\0')
    {
      g_free (name);
      return;
    }
  g_ptr_array_add (record->authors, name);
}

void
wn_record_add_keyword (WnRecord   *record,
                       const char *keyword)
{
  char *word;

  g_return_if_fail (record != NULL);

  if (keyword == NULL)
    return;
  word = collapse_space (keyword);
  if (*word == '\0')
    {
      g_free (word);
      return;
    }
  g_ptr_array_add (record->keywords, word);
}

void
wn_record_set_once (char      **slot,
                    const char *value)
{
  g_autofree char *copy = NULL;

  g_return_if_fail (slot != NULL);

  if (*slot != NULL || value == NULL)
    return;
  copy = g_strstrip (g_strdup (value));
  if (*copy == '\0')
    return;
  *slot = g_steal_pointer (&copy);
}

char *
wn_record_authors_display (const WnRecord *record)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (record != NULL, NULL);

  for (guint i = 0; i < record->authors->len; i++)
    {
      if (i > 0)
        g_string_append (out, "; ");
      g_string_append (out, g_ptr_array_index (record->authors, i));
    }

  return g_string_free (out, FALSE);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* A DOI is "10." + registrant code + "/" + suffix (ISO 26324). Databases
 * write it bare, behind "doi:", as a doi.org or dx.doi.org URL, URL-encoded,
 * with trailing full stops, and sometimes inside a sentence ("Available at
 * doi:10.1/x."). Find "10.", check that a registrant and a slash follow, take
 * the suffix up to white space, decode %XX, lower-case (DOIs are
 * case-insensitive) and drop trailing punctuation that no DOI ends with in
 * practice. */
char *
wn_doi_normalise (const char *text)
{
  const char *start;
  const char *p;
  const char *end;
  GString *out;
  g_autofree char *lower = NULL;

  if (text == NULL)
    return NULL;

  for (start = strstr (text, "10."); start != NULL; start = strstr (start + 1, "10."))
    {
      /* "10." must start a token, not sit inside "2010.5" */
      if (start > text && g_ascii_isalnum (start[-1]))
        continue;
      p = start + 3;
      if (!g_ascii_isdigit (*p))
        continue;
      while (g_ascii_isdigit (*p) || *p == '.')
        p++;
      if (*p == '/' && p[1] != '\0' && !g_ascii_isspace (p[1]))
        break;
      if (*p == '%' && p[1] == '2' && (p[2] == 'F' || p[2] == 'f'))
        break;
    }
  if (start == NULL)
    return NULL;

  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end) && *end != '"')
    end++;

  out = g_string_sized_new (end - start);
  for (p = start; p < end; p++)
    {
      if (*p == '%' && p + 2 < end && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (p[1]) * 16 + hex_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }

  while (out->len > 0 && strchr (".,;:)]}'", out->str[out->len - 1]) != NULL)
    {
      /* A closing bracket is part of DOIs like 10.1002/(sici)...;2-x only
       * when it is balanced inside the DOI. */
      char last = out->str[out->len - 1];
      if (last == ')' && strchr (out->str, '(') != NULL)
        break;
      g_string_truncate (out, out->len - 1);
    }

  if (out->len == 0 || strchr (out->str, '/') == NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  lower = g_string_free (out, FALSE);
  if (!g_utf8_validate (lower, -1, NULL))
    return NULL;
  return g_utf8_strdown (lower, -1);
}
