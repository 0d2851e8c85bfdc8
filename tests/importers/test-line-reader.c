/* test-line-reader.c — bytes to UTF-8 lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-memory inputs, read with every chunk size from the smallest up, so
 * that each CRLF, UTF-16 code unit and surrogate pair also falls across the
 * seam between two reads.
 */
#include "config.h"

#include <string.h>

#include "wn-line-reader.h"

typedef struct
{
  GPtrArray      *lines;     /* (element-type utf8) */
  GArray         *numbers;   /* guint */
  GArray         *controls;  /* gboolean */
  WnImportReport *report;
  char           *encoding;
  char           *sha256;
  GError         *error;
} ReadResult;

static void
read_result_clear (ReadResult *result)
{
  g_clear_pointer (&result->lines, g_ptr_array_unref);
  g_clear_pointer (&result->numbers, g_array_unref);
  g_clear_pointer (&result->controls, g_array_unref);
  g_clear_pointer (&result->report, wn_import_report_free);
  g_clear_pointer (&result->encoding, g_free);
  g_clear_pointer (&result->sha256, g_free);
  g_clear_error (&result->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReadResult, read_result_clear)

static void
read_all (const void *data,
          gsize       len,
          gsize       chunk_size,
          gsize       max_line,
          guint64     total_size,
          ReadResult *result)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, len, NULL);
  g_autoptr(WnLineReader) reader = NULL;
  WnLine line;

  result->lines = g_ptr_array_new_with_free_func (g_free);
  result->numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  result->controls = g_array_new (FALSE, FALSE, sizeof (gboolean));
  result->report = wn_import_report_new ("memory");

  reader = wn_line_reader_new (stream, "memory", total_size, result->report);
  if (chunk_size > 0)
    wn_line_reader_set_chunk_size (reader, chunk_size);
  if (max_line > 0)
    wn_line_reader_set_max_line (reader, max_line);

  while (wn_line_reader_next (reader, &line, &result->error))
    {
      g_assert_cmpuint (strlen (line.text), ==, line.len);
      g_assert_true (g_utf8_validate (line.text, line.len, NULL));
      g_ptr_array_add (result->lines, g_strndup (line.text, line.len));
      g_array_append_val (result->numbers, line.number);
      g_array_append_val (result->controls, line.has_control);
    }

  result->encoding = g_strdup (wn_line_reader_get_encoding (reader));
  result->sha256 = g_strdup (wn_line_reader_get_sha256 (reader));
  if (result->error == NULL)
    g_assert_cmpuint (wn_line_reader_get_bytes_read (reader), ==, len);
}

static void
assert_lines (ReadResult        *result,
              const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->lines->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (result->lines, i), ==, expected[i]);
      g_assert_cmpuint (g_array_index (result->numbers, guint, i), ==, i + 1);
    }
}

/* Reads data with every chunk size from 16 to len + 1 and checks the
 * lines each time. */
static void
check_all_chunk_sizes (const void        *data,
                       gsize              len,
                       const char *const *expected,
                       const char        *encoding)
{
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

  for (gsize chunk = 16; chunk <= MAX (len + 1, 16); chunk++)
    {
      g_auto(ReadResult) result = { 0 };

      read_all (data, len, chunk, 0, 0, &result);
      assert_lines (&result, expected);
      g_assert_cmpstr (result.encoding, ==, encoding);
      g_assert_cmpstr (result.sha256, ==, sha);
    }
}

static void
test_line_endings (void)
{
  /* LF, CRLF and lone CR in one input; an empty line of each kind. */
  static const char input[] = "one\ntwo\r\nthree\rfour\n\nsix\r\n\r\nnine\r\rtwelve";
  static const char *const expected[] = {
    "one", "two", "three", "four", "", "six", "", "nine", "", "twelve", NULL
  };

  check_all_chunk_sizes (input, strlen (input), expected, "UTF-8");
}

static void
test_crlf_at_seam (void)
{
  /* 15 bytes then CRLF: with 16-byte chunks the CR ends one read and the
   * LF starts the next; it must not make an empty line. */
  static const char input[] = "abcdefghijklmno\r\nsecond\r\n";
  static const char *const expected[] = { "abcdefghijklmno", "second", NULL };
  g_auto(ReadResult) result = { 0 };

  read_all (input, strlen (input), 16, 0, 0, &result);
  assert_lines (&result, expected);
}

static void
test_no_final_newline (void)
{
  static const char input[] = "TY  - JOUR\nER  -";
  static const char *const expected[] = { "TY  - JOUR", "ER  -", NULL };

  check_all_chunk_sizes (input, strlen (input), expected, "UTF-8");
}

static void
test_empty (void)
{
  static const char *const expected[] = { NULL };
  g_auto(ReadResult) result = { 0 };

  read_all ("", 0, 0, 0, 0, &result);
  assert_lines (&result, expected);
  /* SHA-256 of nothing */
  g_assert_cmpstr (result.sha256, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_bom (void)
{
  static const char input[] = "\xef\xbb\xbfTY  - JOUR\r\nER  - \r\n";
  static const char *const expected[] = { "TY  - JOUR", "ER  - ", NULL };

  check_all_chunk_sizes (input, strlen (input), expected, "UTF-8 (BOM)");
}

static void
test_bom_mid_file (void)
{
  /* Two BOM files joined with cat. */
  static const char input[] = "\xef\xbb\xbf" "a\n" "\xef\xbb\xbf" "b\n";
  static const char *const expected[] = { "a", "b", NULL };

  check_all_chunk_sizes (input, strlen (input), expected, "UTF-8 (BOM)");
}

static GBytes *
encode_utf16 (const char *utf8,
              gboolean    big_endian,
              gboolean    bom)
{
  g_autofree gunichar2 *units = NULL;
  glong n_units = 0;
  GByteArray *out = g_byte_array_new ();

  units = g_utf8_to_utf16 (utf8, -1, NULL, &n_units, NULL);
  g_assert_nonnull (units);
  if (bom)
    g_byte_array_append (out, big_endian ? (const guint8 *) "\xfe\xff" : (const guint8 *) "\xff\xfe", 2);
  for (glong i = 0; i < n_units; i++)
    {
      guint8 pair[2];

      pair[big_endian ? 0 : 1] = units[i] >> 8;
      pair[big_endian ? 1 : 0] = units[i] & 0xFF;
      g_byte_array_append (out, pair, 2);
    }

  return g_byte_array_free_to_bytes (out);
}

static const char utf16_text[] =
  "TY  - JOUR\r\nAU  - Müller, Jürgen\r\nTI  - Ωmega 😀 and 𝄞 music\r\nER  - \r\n";
static const char *const utf16_lines[] = {
  "TY  - JOUR", "AU  - Müller, Jürgen", "TI  - Ωmega 😀 and 𝄞 music", "ER  - ", NULL
};

static void
test_utf16le (void)
{
  g_autoptr(GBytes) bytes = encode_utf16 (utf16_text, FALSE, TRUE);
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  /* Odd chunk sizes split code units and surrogate pairs. */
  check_all_chunk_sizes (data, len, utf16_lines, "UTF-16LE");
}

static void
test_utf16be (void)
{
  g_autoptr(GBytes) bytes = encode_utf16 (utf16_text, TRUE, TRUE);
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  check_all_chunk_sizes (data, len, utf16_lines, "UTF-16BE");
}

static void
test_utf16_without_bom (void)
{
  g_autoptr(GBytes) bytes = encode_utf16 (utf16_text, FALSE, FALSE);
  g_auto(ReadResult) result = { 0 };
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  read_all (data, len, 0, 0, 0, &result);
  assert_lines (&result, utf16_lines);
  g_assert_cmpstr (result.encoding, ==, "UTF-16LE");
  g_assert_cmpuint (result.report->warnings->len, ==, 1);
}

static void
test_utf16_unpaired_surrogate (void)
{
  /* "a", a lone high surrogate, "b", LF, a lone low surrogate at the end */
  static const guint8 input[] = { 0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0, '\n', 0, 0x00, 0xDC };
  static const char *const expected[] = { "a\xef\xbf\xbd" "b", "\xef\xbf\xbd", NULL };
  g_auto(ReadResult) result = { 0 };

  read_all (input, sizeof input, 0, 0, 0, &result);
  assert_lines (&result, expected);
  /* One warning, however many bad surrogates. */
  g_assert_cmpuint (result.report->warnings->len, ==, 1);
}

static void
test_utf32_refused (void)
{
  static const guint8 input[] = { 0xFF, 0xFE, 0, 0, 'a', 0, 0, 0 };
  g_auto(ReadResult) result = { 0 };

  read_all (input, sizeof input, 0, 0, 0, &result);
  g_assert_error (result.error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_ENCODING);
  g_assert_nonnull (strstr (result.error->message, "memory: line 1: "));
}

static void
test_windows_1252 (void)
{
  /* “Müller” – 5 € in Windows-1252, after a plain ASCII line */
  static const char input[] = "plain\r\n\x93M\xfcller\x94 \x96 5 \x80\r\n\x81\r\n";
  static const char *const expected[] = { "plain", "“Müller” – 5 €", "\xc2\x81", NULL };

  check_all_chunk_sizes (input, strlen (input), expected, "Windows-1252");
}

static void
test_windows_1252_warning (void)
{
  static const char input[] = "ok\n\xe9t\xe9\nagain \xe9\n";
  g_auto(ReadResult) result = { 0 };
  const WnImportIssue *issue;

  read_all (input, strlen (input), 0, 0, 0, &result);
  g_assert_no_error (result.error);
  /* Once, naming the first such line. */
  g_assert_cmpuint (result.report->warnings->len, ==, 1);
  issue = g_ptr_array_index (result.report->warnings, 0);
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_nonnull (strstr (issue->message, "Windows-1252"));
}

static void
test_mixed_encodings (void)
{
  static const char input[] = "M\xc3\xbcller\nM\xfcller\n";
  static const char *const expected[] = { "Müller", "Müller", NULL };

  check_all_chunk_sizes (input, strlen (input), expected, "UTF-8 and Windows-1252");
}

static void
test_nul_bytes (void)
{
  static const char input[] = "one\ntw\0o\n\0\nthree\0";
  static const char *const expected[] = { "one", "two", "", "three", NULL };
  g_auto(ReadResult) result = { 0 };
  const WnImportIssue *issue;

  check_all_chunk_sizes (input, sizeof input - 1, expected, "UTF-8");

  read_all (input, sizeof input - 1, 0, 0, 0, &result);
  g_assert_cmpuint (result.report->warnings->len, ==, 1);
  issue = g_ptr_array_index (result.report->warnings, 0);
  g_assert_cmpuint (issue->line, ==, 2);
}

static void
test_control_flag (void)
{
  static const char input[] = "plain\ntab\there\nbell\a\nescape\x1b[0m\n";
  g_auto(ReadResult) result = { 0 };

  read_all (input, strlen (input), 0, 0, 0, &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (result.lines->len, ==, 4);
  g_assert_false (g_array_index (result.controls, gboolean, 0));
  g_assert_false (g_array_index (result.controls, gboolean, 1));  /* tab is fine */
  g_assert_true (g_array_index (result.controls, gboolean, 2));
  g_assert_true (g_array_index (result.controls, gboolean, 3));
}

static void
test_line_too_long (void)
{
  g_autoptr(GString) input = g_string_new ("short line\n");
  g_auto(ReadResult) result = { 0 };

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (input, 'x');
  g_string_append (input, "\nafter\n");

  /* A limit of 100 bytes, read 16 bytes at a time. */
  read_all (input->str, input->len, 16, 100, 0, &result);
  g_assert_error (result.error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (result.error->message, "memory: line 2: "));
  g_assert_cmpuint (result.lines->len, ==, 1);
}

static void
test_line_at_limit (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_auto(ReadResult) result = { 0 };

  for (guint i = 0; i < 100; i++)
    g_string_append_c (input, 'x');

  /* Exactly at the limit, with no line end: still fine. */
  read_all (input->str, input->len, 16, 100, 0, &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (result.lines->len, ==, 1);
}

static void
test_sha256_threaded (void)
{
  /* Past the size from which hashing runs on its own thread; the digest
   * must be the same as hashing all at once. */
  gsize len = 9 * 1024 * 1024 + 123;
  g_autofree guchar *data = g_malloc (len);
  g_autofree char *expected = NULL;
  g_auto(ReadResult) result = { 0 };
  guint32 state = 1;

  for (gsize i = 0; i < len; i++)
    {
      state = state * 1103515245 + 12345;
      /* Printable bytes and line ends, so that lines stay short. */
      data[i] = (state >> 16) % 61 == 0 ? '\n' : 'A' + (state >> 16) % 26;
    }
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

  read_all (data, len, 0, 0, len, &result);
  g_assert_no_error (result.error);
  g_assert_cmpstr (result.sha256, ==, expected);

  /* The same without a size hint: hashed inline. */
  {
    g_auto(ReadResult) inline_result = { 0 };

    read_all (data, len, 0, 0, 0, &inline_result);
    g_assert_cmpstr (inline_result.sha256, ==, expected);
  }
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  GArray *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  g_array_append_val (calls, done);
}

static void
test_progress (void)
{
  static const char input[] = "one\ntwo\nthree\nfour\nfive\nsix\nseven\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (input, strlen (input), NULL);
  g_autoptr(WnLineReader) reader = wn_line_reader_new (stream, "memory", strlen (input), NULL);
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GError) error = NULL;
  WnLine line;

  wn_line_reader_set_chunk_size (reader, 16);
  wn_line_reader_set_progress (reader, progress_cb, calls);
  while (wn_line_reader_next (reader, &line, &error))
    ;
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, >=, 2);
  for (guint i = 1; i < calls->len; i++)
    g_assert_cmpuint (g_array_index (calls, guint64, i), >=, g_array_index (calls, guint64, i - 1));
  g_assert_cmpuint (g_array_index (calls, guint64, calls->len - 1), ==, strlen (input));
}

static void
test_cancelled (void)
{
  static const char input[] = "one\ntwo\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (input, strlen (input), NULL);
  g_autoptr(WnLineReader) reader = wn_line_reader_new (stream, "memory", 0, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  WnLine line;

  g_cancellable_cancel (cancellable);
  wn_line_reader_set_cancellable (reader, cancellable);
  g_assert_false (wn_line_reader_next (reader, &line, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_peek (void)
{
  static const char input[] = "\xef\xbb\xbfhead\nsecond\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (input, strlen (input), NULL);
  g_autoptr(WnLineReader) reader = wn_line_reader_new (stream, "memory", 0, NULL);
  g_autoptr(GError) error = NULL;
  const char *head;
  gsize len = 0;
  WnLine line;

  /* Peeking shows the decoded text without the BOM and consumes nothing. */
  head = wn_line_reader_peek (reader, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (head, len, "head\nsecond\n", 12);
  g_assert_true (wn_line_reader_next (reader, &line, &error));
  g_assert_cmpstr (line.text, ==, "head");
}

/* Raw reading, for XML: the decoded text without cutting it into lines. */

typedef struct
{
  GString        *text;
  guint           lines;
  WnImportReport *report;
  char           *encoding;
  char           *sha256;
} RawResult;

static void
raw_result_clear (RawResult *result)
{
  g_string_free (result->text, TRUE);
  g_clear_pointer (&result->report, wn_import_report_free);
  g_clear_pointer (&result->encoding, g_free);
  g_clear_pointer (&result->sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawResult, raw_result_clear)

/* Reads data whole with wn_line_reader_read_raw() in pieces of at most
 * piece bytes; every piece must be valid UTF-8 on its own: a character is
 * never split between two reads. */
static void
read_raw_all (const void *data,
              gsize       len,
              gsize       chunk_size,
              gsize       piece,
              gsize       max_line,
              RawResult  *result)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, len, NULL);
  g_autoptr(WnLineReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = g_malloc (piece);
  gssize n;

  result->text = g_string_new (NULL);
  result->report = wn_import_report_new ("memory");
  reader = wn_line_reader_new (stream, "memory", 0, result->report);
  if (chunk_size > 0)
    wn_line_reader_set_chunk_size (reader, chunk_size);
  if (max_line > 0)
    wn_line_reader_set_max_line (reader, max_line);

  while ((n = wn_line_reader_read_raw (reader, buffer, piece, &error)) > 0)
    {
      g_assert_true (g_utf8_validate_len (buffer, n, NULL));
      g_string_append_len (result->text, buffer, n);
    }
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  /* The end stays the end. */
  g_assert_cmpint (wn_line_reader_read_raw (reader, buffer, piece, &error), ==, 0);

  result->lines = wn_line_reader_get_line_number (reader);
  result->encoding = g_strdup (wn_line_reader_get_encoding (reader));
  result->sha256 = g_strdup (wn_line_reader_get_sha256 (reader));
  g_assert_cmpuint (wn_line_reader_get_bytes_read (reader), ==, len);
}

/* Every chunk size, and reads of 4, 5, 7 and 4096 bytes: the seams fall
 * inside CRLFs, UTF-16 code units, surrogate pairs and UTF-8 sequences. */
static void
check_raw (const void *data,
           gsize       len,
           const char *expected,
           guint       lines,
           const char *encoding)
{
  static const gsize pieces[] = { 4, 5, 7, 4096 };
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

  for (gsize chunk = 16; chunk <= MAX (len + 1, 16); chunk++)
    for (gsize p = 0; p < G_N_ELEMENTS (pieces); p++)
      {
        g_auto(RawResult) result = { 0 };

        read_raw_all (data, len, chunk, pieces[p], 0, &result);
        g_assert_cmpstr (result.text->str, ==, expected);
        g_assert_cmpuint (result.lines, ==, lines);
        g_assert_cmpstr (result.encoding, ==, encoding);
        g_assert_cmpstr (result.sha256, ==, sha);
      }
}

static void
test_raw_utf8 (void)
{
  /* A BOM is dropped; line ends, tabs and the rest are kept as they are;
   * characters of two, three and four bytes fall across every seam. */
  static const char input[] = "\xef\xbb\xbf<a>\tÉtude\r\nnaïve 😀\rlast “line”</a>";

  check_raw (input, strlen (input), "<a>\tÉtude\r\nnaïve 😀\rlast “line”</a>", 3, "UTF-8 (BOM)");
}

static void
test_raw_line_count (void)
{
  static const struct
  {
    const char *input;
    guint       lines;
  } rows[] = {
    { "", 0 },
    { "a", 1 },
    { "a\n", 1 },
    { "a\nb", 2 },
    { "a\r\nb\r", 2 },
    { "a\rb", 2 },
    { "\n\n", 2 },
    { "a\r\r\nb\n", 3 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("row %" G_GSIZE_FORMAT, i);
      check_raw (rows[i].input, strlen (rows[i].input), rows[i].input, rows[i].lines, "UTF-8");
    }
}

static void
test_raw_utf16 (void)
{
  /* "<a>Ω\r\n😀</a>" in UTF-16LE and UTF-16BE with a BOM. */
  static const guchar le[] = {
    0xFF, 0xFE, '<', 0, 'a', 0, '>', 0, 0xA9, 0x03, '\r', 0, '\n', 0,
    0x3D, 0xD8, 0x00, 0xDE, '<', 0, '/', 0, 'a', 0, '>', 0,
  };
  static const guchar be[] = {
    0xFE, 0xFF, 0, '<', 0, 'a', 0, '>', 0x03, 0xA9, 0, '\r', 0, '\n',
    0xD8, 0x3D, 0xDE, 0x00, 0, '<', 0, '/', 0, 'a', 0, '>',
  };

  check_raw (le, sizeof le, "<a>Ω\r\n😀</a>", 2, "UTF-16LE");
  check_raw (be, sizeof be, "<a>Ω\r\n😀</a>", 2, "UTF-16BE");
}

static void
test_raw_windows_1252 (void)
{
  /* Bytes that are not UTF-8 are read as Windows-1252 one by one, next to
   * valid UTF-8: é, then Windows-1252 é, “, a lone continuation byte, and
   * a three-byte sequence cut short by the end. */
  static const char input[] = "\xc3\xa9 \xe9\x93x\x80y\xe2\x80";
  g_auto(RawResult) result = { 0 };
  const WnImportIssue *issue;

  check_raw (input, strlen (input), "é é“x€yâ€", 1, "UTF-8 and Windows-1252");

  read_raw_all (input, strlen (input), 0, 4096, 0, &result);
  g_assert_cmpuint (result.report->warnings->len, ==, 1);
  issue = g_ptr_array_index (result.report->warnings, 0);
  g_assert_cmpuint (issue->line, ==, 1);
  g_assert_nonnull (strstr (issue->message, "Windows-1252"));
}

/* Runs of ASCII of every length up to twenty (read eight bytes at a time
 * where they are long enough) between characters of two, three and four
 * bytes and bytes that are not UTF-8, across every seam. */
static void
test_raw_ascii_runs (void)
{
  static const struct
  {
    const char *bytes;
    const char *read_as;
  } pieces[] = {
    { "\xc3\xa9", "é" },
    { "\xe9", "é" },          /* Windows-1252 */
    { "\xe2\x80\x9c", "“" },
    { "\x93", "“" },          /* Windows-1252 */
    { "\xf0\x9f\x98\x80", "😀" },
  };
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; i < 21; i++)
    {
      guint run = (i * 8) % 21 + 1;

      for (guint k = 0; k < run; k++)
        {
          g_string_append_c (input, 'a' + (i + k) % 26);
          g_string_append_c (expected, 'a' + (i + k) % 26);
        }
      g_string_append (input, pieces[i % G_N_ELEMENTS (pieces)].bytes);
      g_string_append (expected, pieces[i % G_N_ELEMENTS (pieces)].read_as);
    }
  g_string_append (input, "end");
  g_string_append (expected, "end");

  check_raw (input->str, input->len, expected->str, 1, "UTF-8 and Windows-1252");
}

static void
test_raw_nul_bytes (void)
{
  static const char input[] = "<a>x\0y</a>\0";
  g_auto(RawResult) result = { 0 };

  read_raw_all (input, sizeof input - 1, 0, 4096, 0, &result);
  g_assert_cmpstr (result.text->str, ==, "<a>xy</a>");
  g_assert_cmpuint (result.report->warnings->len, ==, 1);
}

/* No line limit: EndNote writes a whole library on one line. */
static void
test_raw_no_line_limit (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_auto(RawResult) result = { 0 };

  for (guint i = 0; i < 4000; i++)
    g_string_append (input, "<record>x</record>");
  read_raw_all (input->str, input->len, 256, 4096, 1024, &result);
  g_assert_cmpstr (result.text->str, ==, input->str);
  g_assert_cmpuint (result.lines, ==, 1);
}

/* What detection peeked at is not lost, and raw reading goes on after the
 * lines already returned. */
static void
test_raw_after_peek_and_lines (void)
{
  static const char input[] = "\xef\xbb\xbfhead\r\n<a>rest</a>";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (input, strlen (input), NULL);
  g_autoptr(WnLineReader) reader = wn_line_reader_new (stream, "memory", 0, NULL);
  g_autoptr(GError) error = NULL;
  char buffer[64];
  const char *head;
  gsize len = 0;
  gssize n;
  WnLine line;

  wn_line_reader_set_chunk_size (reader, 16);
  head = wn_line_reader_peek (reader, &len, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (head, "head\r"));

  /* A line ended by the CR at the end of the first chunk: its LF is not
   * text for the raw reader either. */
  g_assert_true (wn_line_reader_next (reader, &line, &error));
  g_assert_cmpstr (line.text, ==, "head");
  n = wn_line_reader_read_raw (reader, buffer, sizeof buffer, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, "<a>rest</a>", 11);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wn/importers/line-reader/line-endings", test_line_endings);
  g_test_add_func ("/wn/importers/line-reader/crlf-at-seam", test_crlf_at_seam);
  g_test_add_func ("/wn/importers/line-reader/no-final-newline", test_no_final_newline);
  g_test_add_func ("/wn/importers/line-reader/empty", test_empty);
  g_test_add_func ("/wn/importers/line-reader/bom", test_bom);
  g_test_add_func ("/wn/importers/line-reader/bom-mid-file", test_bom_mid_file);
  g_test_add_func ("/wn/importers/line-reader/utf16le", test_utf16le);
  g_test_add_func ("/wn/importers/line-reader/utf16be", test_utf16be);
  g_test_add_func ("/wn/importers/line-reader/utf16-without-bom", test_utf16_without_bom);
  g_test_add_func ("/wn/importers/line-reader/utf16-unpaired-surrogate", test_utf16_unpaired_surrogate);
  g_test_add_func ("/wn/importers/line-reader/utf32-refused", test_utf32_refused);
  g_test_add_func ("/wn/importers/line-reader/windows-1252", test_windows_1252);
  g_test_add_func ("/wn/importers/line-reader/windows-1252-warning", test_windows_1252_warning);
  g_test_add_func ("/wn/importers/line-reader/mixed-encodings", test_mixed_encodings);
  g_test_add_func ("/wn/importers/line-reader/nul-bytes", test_nul_bytes);
  g_test_add_func ("/wn/importers/line-reader/control-flag", test_control_flag);
  g_test_add_func ("/wn/importers/line-reader/line-too-long", test_line_too_long);
  g_test_add_func ("/wn/importers/line-reader/line-at-limit", test_line_at_limit);
  g_test_add_func ("/wn/importers/line-reader/sha256-threaded", test_sha256_threaded);
  g_test_add_func ("/wn/importers/line-reader/progress", test_progress);
  g_test_add_func ("/wn/importers/line-reader/cancelled", test_cancelled);
  g_test_add_func ("/wn/importers/line-reader/peek", test_peek);
  g_test_add_func ("/wn/importers/line-reader/raw/utf8", test_raw_utf8);
  g_test_add_func ("/wn/importers/line-reader/raw/line-count", test_raw_line_count);
  g_test_add_func ("/wn/importers/line-reader/raw/utf16", test_raw_utf16);
  g_test_add_func ("/wn/importers/line-reader/raw/windows-1252", test_raw_windows_1252);
  g_test_add_func ("/wn/importers/line-reader/raw/ascii-runs", test_raw_ascii_runs);
  g_test_add_func ("/wn/importers/line-reader/raw/nul-bytes", test_raw_nul_bytes);
  g_test_add_func ("/wn/importers/line-reader/raw/no-line-limit", test_raw_no_line_limit);
  g_test_add_func ("/wn/importers/line-reader/raw/after-peek-and-lines", test_raw_after_peek_and_lines);

  return g_test_run ();
}
