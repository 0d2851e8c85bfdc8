/* fuzz-import.c — libFuzzer harness for the reference importers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built once per format (tests/fuzz/meson.build sets WN_FUZZ_FORMAT): the
 * bytes go through a WnLineReader on a memory stream, straight into that
 * format's parser, whatever format detection would have said, so every
 * parser sees every input. WN_FUZZ_DETECT (set with WN_FORMAT_AUTO) is the other way
 * in: the bytes are written to a file and read by wn_import_parse_file(),
 * as the import dialog reads a file, detection included.
 *
 * The input's length picks the reader's chunk size and its bound on a
 * line, so the seams between reads and the "line too long" path are
 * exercised as well as the common case; a given input always takes the
 * same path, so every crash replays.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wn-author-name.h"
#include "wn-csv.h"
#include "wn-endnote-xml.h"
#include "wn-import.h"
#include "wn-import-private.h"
#include "wn-line-reader.h"
#include "wn-medline.h"
#include "wn-ovid.h"
#include "wn-pubmed-xml.h"
#include "wn-ris.h"
#include "wn-wos.h"
#include "wn-fuzz.h"

#ifndef WN_FUZZ_FORMAT
#error "WN_FUZZ_FORMAT must name the format this harness reads"
#endif

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
drop_record_cb (WnRecord  *record,
                gpointer   user_data,
                GError   **error)
{
  static GString *scratch;
  guint *count = user_data;

  /* Touch what a sink reads, so a field left dangling shows up here. */
  if (record->title != NULL)
    *count += strlen (record->title) > 0;

  /* Names in one form, as wn_import_parse_file() writes them (again, when
   * it did): the form must be a fixed point. */
  if (scratch == NULL)
    scratch = g_string_new (NULL);
  wn_record_normalise_authors (record, scratch);
  for (guint i = 0; i < record->authors->len; i++)
    if (wn_author_name_normalise (g_ptr_array_index (record->authors, i), scratch))
      g_error ("“%s” is not a fixed point of the name form: “%s”",
               (const char *) g_ptr_array_index (record->authors, i), scratch->str);
  wn_record_free (record);
  return TRUE;
}

#ifdef WN_FUZZ_DETECT

static char *scratch_path;

static void
remove_scratch (void)
{
  g_autofree char *dir = g_path_get_dirname (scratch_path);

  g_unlink (scratch_path);
  g_rmdir (dir);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (scratch_path == NULL)
    {
      g_autofree char *dir = wn_fuzz_make_scratch ();

      scratch_path = g_build_filename (dir, "input", NULL);
      atexit (remove_scratch);
    }
  wn_fuzz_write (scratch_path, data, size);

  report = wn_import_report_new (scratch_path);
  wn_import_parse_file (scratch_path, WN_FORMAT_AUTO, drop_record_cb, &count, report, NULL, &error);
  return 0;
}

#else

static WnImportParseFunc
parser (void)
{
  switch (WN_FUZZ_FORMAT)
    {
    case WN_FORMAT_RIS: return wn_ris_parse;
    case WN_FORMAT_MEDLINE: return wn_medline_parse;
    case WN_FORMAT_WOS: return wn_wos_parse;
    case WN_FORMAT_OVID: return wn_ovid_parse;
    case WN_FORMAT_CSV: return wn_csv_parse;
    case WN_FORMAT_PUBMED_XML: return wn_pubmed_xml_parse;
    case WN_FORMAT_ENDNOTE_XML: return wn_endnote_xml_parse;
    default: g_assert_not_reached ();
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const gsize chunks[] = { WN_LINE_READER_DEFAULT_CHUNK, 5, 64, 4096 };
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(WnLineReader) reader = NULL;
  g_autoptr(WnImportReport) report = wn_import_report_new ("fuzz");
  g_autoptr(GError) error = NULL;
  guint count = 0;

  /* The stream does not copy: data outlives it. */
  stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  reader = wn_line_reader_new (stream, "fuzz", size, report);
  wn_line_reader_set_chunk_size (reader, chunks[size % G_N_ELEMENTS (chunks)]);
  if ((size / G_N_ELEMENTS (chunks)) % 2 == 1)
    wn_line_reader_set_max_line (reader, 256);
  report->format = WN_FUZZ_FORMAT;
  parser () (reader, drop_record_cb, &count, report, NULL, &error);
  return 0;
}

#endif
