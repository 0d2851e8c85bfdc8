/* fuzz-fulltext-match.c — libFuzzer harness for the PDF matcher's text handling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attaching a folder of PDFs matches each one to a record by what poppler
 * finds in it: DOIs in its metadata and first pages, its metadata title,
 * its first page's first lines, authors and years for ties. Poppler is not
 * what is under test here (and parsing a PDF per input would be slow), so
 * the harness builds the parsed PDF itself and runs the matcher on it,
 * exactly as attach_one_file() does after parse_pdf(): match_by_dois(),
 * collect_dois(), resolve_with_title(), match_by_title() and the full-text
 * search's query builder, fts_query_from_text().
 *
 * Those are static functions of app/wn-fulltext.c, so this file includes
 * it (as SQLite's fuzzers include sqlite3.c): the harness then defines
 * every symbol of that file itself, and the linker never takes
 * wn-fulltext.o from the app library, so nothing is defined twice.
 *
 * The input is split at NUL bytes into: the metadata title, the other
 * metadata (subject, keywords, XMP: searched for DOIs), page 1's text,
 * page 2's text, and one more record's title and first author. Poppler
 * hands out UTF-8, so each part is made valid UTF-8 first. The records
 * matched against are a fixed handful (two share a title, two a DOI, as
 * real duplicates do) plus that one.
 */
#include "../../app/wn-fulltext.c"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const struct
{
  const char *title;
  const char *author;
  const char *year;
  const char *doi;
} fixed_records[] = {
  { "Exercise and sleep quality in older adults: a randomised controlled trial", "Smith, Anna", "2019",
    "10.1000/sleep.2019.1" },
  { "Exercise and sleep quality in older adults: a randomised controlled trial", "Jones, Ben", "2020", NULL },
  { "Mindfulness-based stress reduction for anxiety in university students", "Lee, C.", "2021",
    "10.1000/mind.77" },
  { "Mindfulness-based stress reduction for anxiety in students: protocol", "Lee, C.", "2018", "10.1000/mind.77" },
  { "Editorial", NULL, "2020", NULL },
};

static void
add_record (MatchIndex *index,
            gint64      id,
            const char *title,
            const char *author,
            const char *year,
            const char *doi)
{
  g_autoptr(WnRecord) record = wn_record_new ();
  WnRecordMeta meta = { id, 1, 0, NULL };

  record->title = g_strdup (title);
  if (author != NULL)
    wn_record_add_author (record, author);
  record->year = g_strdup (year);
  record->doi = g_strdup (doi);
  index_record (&meta, record, index);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ParsedPdf) pdf = g_new0 (ParsedPdf, 1);
  g_autoptr(GArray) ambiguous = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) text_dois = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *query = NULL;
  MatchIndex index = { 0 };
  MatchResult result;
  gint64 record_id = 0;
  const char *p = (const char *) data;
  const char *end = p + size;

  while (parts->len < 6)
    {
      const char *stop = memchr (p, '\0', (gsize) (end - p));

      if (stop == NULL)
        stop = end;
      g_ptr_array_add (parts, g_utf8_make_valid (p, stop - p));
      p = stop < end ? stop + 1 : end;
    }

  index.candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  index.by_doi = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  index.by_title = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (fixed_records); i++)
    add_record (&index, i + 1, fixed_records[i].title, fixed_records[i].author, fixed_records[i].year,
                fixed_records[i].doi);
  add_record (&index, G_N_ELEMENTS (fixed_records) + 1, parts->pdata[4], parts->pdata[5], "2021", NULL);

  /* parse_pdf()'s part, without poppler. */
  pdf->title = g_strdup (g_strstrip ((char *) parts->pdata[0]));
  if (*pdf->title == '\0')
    g_clear_pointer (&pdf->title, g_free);
  pdf->meta_dois = g_ptr_array_new_with_free_func (g_free);
  collect_dois (parts->pdata[1], pdf->meta_dois);
  collect_dois (pdf->title, pdf->meta_dois);
  pdf->page_texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 2; i <= 3; i++)
    {
      g_strdelimit (parts->pdata[i], "\f", ' ');
      g_ptr_array_add (pdf->page_texts, g_strdup (parts->pdata[i]));
    }
  pdf->pages = (int) pdf->page_texts->len;

  /* attach_one_file()'s part. */
  result = match_by_dois (&index, pdf->meta_dois, ambiguous, &record_id);
  if (result == MATCH_AMBIGUOUS)
    result = resolve_with_title (&index, pdf, ambiguous, &record_id);
  for (guint page = 0; result == MATCH_NONE && page < MIN (2, pdf->page_texts->len); page++)
    {
      g_ptr_array_set_size (text_dois, 0);
      collect_dois (g_ptr_array_index (pdf->page_texts, page), text_dois);
      result = match_by_dois (&index, text_dois, ambiguous, &record_id);
      if (result == MATCH_AMBIGUOUS)
        result = resolve_with_title (&index, pdf, ambiguous, &record_id);
    }
  if (result == MATCH_NONE)
    result = match_by_title (&index, pdf, ambiguous, &record_id);
  if (result == MATCH_AMBIGUOUS)
    g_free (ambiguous_reason (ambiguous));
  g_assert (result != MATCH_ONE || (record_id >= 1 && record_id <= (gint64) G_N_ELEMENTS (fixed_records) + 1));

  /* What a person types into the full-text search. */
  query = fts_query_from_text (parts->pdata[2]);

  match_index_clear (&index);
  return 0;
}
