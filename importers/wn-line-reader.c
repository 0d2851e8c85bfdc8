/* wn-line-reader.c — a file as a stream of UTF-8 lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the bytes flow: a chunk of raw bytes is read into one of a few raw
 * buffers, handed to the hashing thread (or hashed at once for small
 * inputs), and decoded into `buf`, a growing window of UTF-8 text. Lines are
 * cut out of `buf` in place: the reader writes a NUL over the line end and
 * hands out a pointer, so a line costs no allocation. Only a line that is
 * not valid UTF-8 is copied, into `scratch`, while it is re-read as
 * Windows-1252.
 *
 * This is the hot path of every import (a 130 MB file is a few million
 * lines), so the per-line work is a memchr for LF, a memchr for CR within
 * the line, and one word-at-a-time pass that tells whether the line is
 * plain ASCII and free of control characters.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <nettle/sha2.h>

#include "wn-import-private.h"
#include "wn-line-reader.h"

/* Inputs at least this large are hashed on a second thread: SHA-256 runs
 * at about 400 MB/s here, a third of the whole import budget if done
 * inline. Smaller inputs are not worth a thread. */
#define HASH_THREAD_MIN_SIZE (8 * 1024 * 1024)
#define N_RAW_CHUNKS         4
#define MIN_CHUNK            16

typedef enum
{
  ENCODING_UNKNOWN,
  ENCODING_UTF8,
  ENCODING_UTF16LE,
  ENCODING_UTF16BE,
} Encoding;

typedef struct
{
  gsize  len;
  guchar data[];
} RawChunk;

struct _WnLineReader
{
  GInputStream         *stream;
  char                 *name;
  WnImportReport       *report;       /* unowned, may be NULL */
  GCancellable         *cancellable;
  WnLineReaderProgress  progress;
  gpointer              progress_data;

  gsize                 chunk_size;
  gsize                 max_line;

  Encoding              encoding;
  gboolean              bom;
  gboolean              started;
  gboolean              eof;
  gboolean              failed;
  gboolean              skip_lf;      /* a line ended with CR at the end of the data */

  /* UTF-16 state carried from one chunk to the next */
  gboolean              have_odd_byte;
  guchar                odd_byte;
  gunichar              high_surrogate;

  /* Decoded text: [start, end) is not yet handed out; [start, scanned)
   * is known to hold no CR or LF. base is the offset of buf[0] in the
   * decoded stream. */
  char                 *buf;
  gsize                 cap;
  gsize                 start;
  gsize                 end;
  gsize                 scanned;
  guint64               base;

  guint                 line_number;
  guint64               bytes_read;
  guint64               total_size;
  guint                 nul_count;
  guint64               first_nul_offset;
  gboolean              nul_warned;
  guint                 fallback_lines;  /* read as Windows-1252 */
  guint                 utf8_lines;      /* non-ASCII lines that were valid UTF-8 */
  gboolean              surrogate_warned;
  GString              *scratch;

  /* wn_line_reader_read_raw() counts line ends in what it hands out */
  gboolean              raw_cr_pending;  /* handed out a CR; an LF may follow */
  gboolean              raw_partial;     /* text after the last line end */
  gboolean              raw_counted;     /* the last line was counted */

  struct sha256_ctx     checksum;
  char                 *sha256;
  RawChunk             *chunks[N_RAW_CHUNKS];
  guint                 n_chunks;
  GThread              *hash_thread;
  GAsyncQueue          *hash_todo;
  GAsyncQueue          *hash_free;
};

/* Pushed to the hashing thread to make it stop. */
static char hash_stop_marker;

/* Windows-1252 0x80..0x9F. The five bytes Windows leaves undefined map to
 * the C1 control of the same value, as the WHATWG encoding standard does,
 * so every byte decodes to something. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static gpointer
hash_thread_func (gpointer data)
{
  WnLineReader *self = data;

  for (;;)
    {
      RawChunk *chunk = g_async_queue_pop (self->hash_todo);

      if ((gpointer) chunk == (gpointer) &hash_stop_marker)
        break;
      sha256_update (&self->checksum, chunk->len, chunk->data);
      g_async_queue_push (self->hash_free, chunk);
    }

  return NULL;
}

WnLineReader *
wn_line_reader_new (GInputStream   *stream,
                    const char     *name,
                    guint64         total_size,
                    WnImportReport *report)
{
  WnLineReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_new0 (WnLineReader, 1);
  self->stream = g_object_ref (stream);
  self->name = g_strdup (name ? name : "");
  self->report = report;
  self->total_size = total_size;
  self->chunk_size = WN_LINE_READER_DEFAULT_CHUNK;
  self->max_line = WN_LINE_READER_DEFAULT_MAX_LINE;
  sha256_init (&self->checksum);
  self->scratch = g_string_new (NULL);

  return self;
}

WnLineReader *
wn_line_reader_new_for_path (const char      *path,
                             WnImportReport  *report,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  WnLineReader *self;
  guint64 size = 0;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        _wn_import_set_error (error, WN_IMPORT_ERROR_IO, display, 0,
                              _("cannot open the file: %s"), local_error->message);
      return NULL;
    }

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    size = (guint64) g_file_info_get_size (info);

  self = wn_line_reader_new (G_INPUT_STREAM (stream), display, size, report);
  wn_line_reader_set_cancellable (self, cancellable);
  return self;
}

static void
stop_hash_thread (WnLineReader *self)
{
  if (self->hash_thread == NULL)
    return;
  g_async_queue_push (self->hash_todo, &hash_stop_marker);
  g_thread_join (self->hash_thread);
  self->hash_thread = NULL;
}

void
wn_line_reader_free (WnLineReader *self)
{
  if (self == NULL)
    return;

  /* The thread may still be hashing a chunk; it must be done with the
   * chunks before they go. */
  stop_hash_thread (self);
  g_clear_pointer (&self->hash_todo, g_async_queue_unref);
  g_clear_pointer (&self->hash_free, g_async_queue_unref);
  for (guint i = 0; i < self->n_chunks; i++)
    g_free (self->chunks[i]);

  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_free (self->sha256);
  g_free (self->name);
  g_free (self->buf);
  g_string_free (self->scratch, TRUE);
  g_free (self);
}

void
wn_line_reader_set_max_line (WnLineReader *self,
                             gsize         max_line)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_line > 0);

  self->max_line = max_line;
}

void
wn_line_reader_set_chunk_size (WnLineReader *self,
                               gsize         chunk_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->started);

  self->chunk_size = MAX (chunk_size, MIN_CHUNK);
}

void
wn_line_reader_set_progress (WnLineReader         *self,
                             WnLineReaderProgress  progress,
                             gpointer              user_data)
{
  g_return_if_fail (self != NULL);

  self->progress = progress;
  self->progress_data = user_data;
}

void
wn_line_reader_set_cancellable (WnLineReader *self,
                                GCancellable *cancellable)
{
  g_return_if_fail (self != NULL);

  g_set_object (&self->cancellable, cancellable);
}

const char *
wn_line_reader_get_name (WnLineReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

guint
wn_line_reader_get_line_number (WnLineReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->line_number;
}

guint64
wn_line_reader_get_bytes_read (WnLineReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes_read;
}

guint64
wn_line_reader_get_total_size (WnLineReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->total_size;
}

guint
wn_line_reader_get_nul_count (WnLineReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->nul_count;
}

const char *
wn_line_reader_get_encoding (WnLineReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->fallback_lines > 0)
    return self->utf8_lines > 0 ? "UTF-8 and Windows-1252" : "Windows-1252";

  switch (self->encoding)
    {
    case ENCODING_UTF8:
      return self->bom ? "UTF-8 (BOM)" : "UTF-8";
    case ENCODING_UTF16LE:
      return "UTF-16LE";
    case ENCODING_UTF16BE:
      return "UTF-16BE";
    case ENCODING_UNKNOWN:
    default:
      return NULL;
    }
}

const char *
wn_line_reader_get_sha256 (WnLineReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sha256;
}

static void
warn (WnLineReader *self,
      guint         line,
      const char   *message)
{
  if (self->report != NULL)
    wn_import_report_warn (self->report, line, "%s", message);
}

/* Makes room for `need` more bytes after end, plus one for the NUL that
 * may be written at end. Moves the unread text to the front first; grows
 * only when one line is longer than what is left. */
static void
ensure_space (WnLineReader *self,
              gsize         need)
{
  gsize new_cap;

  if (self->cap - self->end >= need + 1)
    return;

  if (self->start > 0)
    {
      memmove (self->buf, self->buf + self->start, self->end - self->start);
      self->end -= self->start;
      self->scanned -= self->start;
      self->base += self->start;
      self->start = 0;
      if (self->cap - self->end >= need + 1)
        return;
    }

  /* Doubling, but never far past what the longest allowed line needs. */
  new_cap = MIN (MAX (self->cap * 2, 2 * self->chunk_size + 64),
                 self->max_line + need + 1);
  new_cap = MAX (new_cap, self->end + need + 1);
  self->buf = g_realloc (self->buf, new_cap);
  self->cap = new_cap;
}

static inline char *
put_unichar (char     *out,
             gunichar  c)
{
  if (c < 0x80)
    {
      *out++ = (char) c;
      return out;
    }
  return out + g_unichar_to_utf8 (c, out);
}

static void
bad_utf16 (WnLineReader *self)
{
  if (self->surrogate_warned)
    return;
  self->surrogate_warned = TRUE;
  /* Decoding runs ahead of line splitting, so the line is not known here;
   * the U+FFFD in the text shows where it was. */
  warn (self, 0, _("the UTF-16 text holds unpaired surrogates; they were replaced by U+FFFD"));
}

static inline char *
put_utf16_unit (WnLineReader *self,
                guint         unit,
                char         *out)
{
  if (self->high_surrogate != 0)
    {
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        {
          gunichar c = 0x10000 + ((self->high_surrogate - 0xD800) << 10) + (unit - 0xDC00);

          self->high_surrogate = 0;
          return put_unichar (out, c);
        }
      bad_utf16 (self);
      self->high_surrogate = 0;
      out = put_unichar (out, 0xFFFD);
    }

  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      self->high_surrogate = unit;
      return out;
    }
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    {
      bad_utf16 (self);
      return put_unichar (out, 0xFFFD);
    }
  if (unit == 0)
    {
      if (self->nul_count++ == 0)
        self->first_nul_offset = self->base + (out - self->buf);
      return out;
    }
  return put_unichar (out, unit);
}

/* Each 2 input bytes give at most 3 output bytes (a BMP character), or 6
 * when a dangling high surrogate is flushed as U+FFFD first; the caller
 * reserves 3/2 n + 16. */
static void
decode_utf16 (WnLineReader *self,
              const guchar *in,
              gsize         n)
{
  gboolean le = self->encoding == ENCODING_UTF16LE;
  char *out = self->buf + self->end;
  gsize i = 0;

  if (self->have_odd_byte && n > 0)
    {
      guint unit = le ? (self->odd_byte | (in[0] << 8)) : ((self->odd_byte << 8) | in[0]);

      out = put_utf16_unit (self, unit, out);
      self->have_odd_byte = FALSE;
      i = 1;
    }

  for (; i + 1 < n; i += 2)
    {
      guint unit = le ? (in[i] | (in[i + 1] << 8)) : ((in[i] << 8) | in[i + 1]);

      /* Plain ASCII is most of any reference file. */
      if (unit < 0x80 && unit != 0 && self->high_surrogate == 0)
        *out++ = (char) unit;
      else
        out = put_utf16_unit (self, unit, out);
    }

  if (i < n)
    {
      self->have_odd_byte = TRUE;
      self->odd_byte = in[i];
    }

  self->end = out - self->buf;
}

static void
append_utf8 (WnLineReader *self,
             const guchar *in,
             gsize         n)
{
  char *out = self->buf + self->end;
  char *nul;

  memcpy (out, in, n);

  /* NULs come from broken exports and from UTF-16 read with no BOM; a line
   * cannot hold one, so drop them. One memchr per chunk keeps this free
   * for the files that have none. */
  nul = memchr (out, '\0', n);
  if (nul != NULL)
    {
      char *w = nul;

      if (self->nul_count == 0)
        self->first_nul_offset = self->base + (nul - self->buf);
      for (char *r = nul; r < out + n; r++)
        {
          if (*r == '\0')
            self->nul_count++;
          else
            *w++ = *r;
        }
      n = w - out;
    }

  self->end += n;
}

/* Looks at the first bytes: a BOM decides; without one, text where every
 * other byte is zero is UTF-16; everything else starts as UTF-8 (lines that
 * are not UTF-8 fall back to Windows-1252 one by one). Returns the number of
 * bytes to skip (the BOM), or -1 with error set. */
static gssize
detect_encoding (WnLineReader  *self,
                 const guchar  *data,
                 gsize          n,
                 GError       **error)
{
  gsize pairs;
  gsize zero_even = 0;
  gsize zero_odd = 0;

  if (n >= 4 && ((data[0] == 0xFF && data[1] == 0xFE && data[2] == 0 && data[3] == 0) ||
                 (data[0] == 0 && data[1] == 0 && data[2] == 0xFE && data[3] == 0xFF)))
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_ENCODING, self->name, 1,
                            _("the file is in UTF-32, which Winnow cannot read; save it as UTF-8"));
      return -1;
    }
  if (n >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      self->encoding = ENCODING_UTF8;
      self->bom = TRUE;
      return 3;
    }
  if (n >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      self->encoding = ENCODING_UTF16LE;
      self->bom = TRUE;
      return 2;
    }
  if (n >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      self->encoding = ENCODING_UTF16BE;
      self->bom = TRUE;
      return 2;
    }

  /* ASCII text in UTF-16 has a zero in every other byte: the odd ones for
   * little-endian, the even ones for big-endian. */
  pairs = MIN (n, 1024) / 2;
  for (gsize i = 0; i < pairs; i++)
    {
      zero_even += data[2 * i] == 0;
      zero_odd += data[2 * i + 1] == 0;
    }
  if (pairs >= 2 && zero_odd * 10 >= pairs * 4 && zero_even * 20 <= pairs)
    self->encoding = ENCODING_UTF16LE;
  else if (pairs >= 2 && zero_even * 10 >= pairs * 4 && zero_odd * 20 <= pairs)
    self->encoding = ENCODING_UTF16BE;
  else
    self->encoding = ENCODING_UTF8;

  if (self->encoding != ENCODING_UTF8)
    warn (self, 1,
          self->encoding == ENCODING_UTF16LE
          ? _("the file has no byte order mark but reads as UTF-16LE")
          : _("the file has no byte order mark but reads as UTF-16BE"));

  return 0;
}

static void
start_reading (WnLineReader *self)
{
  gboolean threaded = self->total_size >= HASH_THREAD_MIN_SIZE;

  self->started = TRUE;
  self->n_chunks = threaded ? N_RAW_CHUNKS : 1;
  for (guint i = 0; i < self->n_chunks; i++)
    self->chunks[i] = g_malloc (sizeof (RawChunk) + self->chunk_size);

  if (threaded)
    {
      self->hash_todo = g_async_queue_new ();
      self->hash_free = g_async_queue_new ();
      for (guint i = 0; i < self->n_chunks; i++)
        g_async_queue_push (self->hash_free, self->chunks[i]);
      self->hash_thread = g_thread_new ("wn-hash", hash_thread_func, self);
    }
}

static void
finish_input (WnLineReader *self)
{
  guint8 digest[SHA256_DIGEST_SIZE];
  if (self->encoding == ENCODING_UTF16LE || self->encoding == ENCODING_UTF16BE)
    {
      ensure_space (self, 8);
      if (self->high_surrogate != 0)
        {
          char *out = self->buf + self->end;

          bad_utf16 (self);
          self->high_surrogate = 0;
          out = put_unichar (out, 0xFFFD);
          self->end = out - self->buf;
        }
      if (self->have_odd_byte)
        {
          self->have_odd_byte = FALSE;
          warn (self, 0, _("the UTF-16 file ends in the middle of a character; the last byte was dropped"));
        }
    }

  stop_hash_thread (self);
  sha256_digest (&self->checksum, SHA256_DIGEST_SIZE, digest);
  self->sha256 = g_malloc (2 * SHA256_DIGEST_SIZE + 1);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      self->sha256[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      self->sha256[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  self->sha256[2 * SHA256_DIGEST_SIZE] = '\0';
}

/* Reads one chunk, hashes it and appends its text to buf. */
static gboolean
read_chunk (WnLineReader  *self,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RawChunk *chunk;
  const guchar *data;
  gsize n = 0;

  if (self->eof)
    return TRUE;

  /* Not every stream looks at the cancellable (memory streams do not). */
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    {
      self->failed = TRUE;
      return FALSE;
    }

  if (!self->started)
    start_reading (self);

  chunk = self->hash_thread != NULL ? g_async_queue_pop (self->hash_free) : self->chunks[0];
  if (!g_input_stream_read_all (self->stream, chunk->data, self->chunk_size, &n,
                                self->cancellable, &local_error))
    {
      if (self->hash_thread != NULL)
        g_async_queue_push (self->hash_free, chunk);
      self->failed = TRUE;
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        _wn_import_set_error (error, WN_IMPORT_ERROR_IO, self->name, 0,
                              _("cannot read the file: %s"), local_error->message);
      return FALSE;
    }

  chunk->len = n;
  self->bytes_read += n;
  if (n < self->chunk_size)
    self->eof = TRUE;

  /* The hashing thread only reads the chunk, as does the decoder below;
   * the chunk comes back to hash_free when both are done with it, and it
   * is not reused before the next read. */
  if (self->hash_thread != NULL)
    g_async_queue_push (self->hash_todo, chunk);
  else
    sha256_update (&self->checksum, n, chunk->data);

  data = chunk->data;
  if (self->encoding == ENCODING_UNKNOWN)
    {
      gssize skip = detect_encoding (self, data, n, error);

      if (skip < 0)
        {
          self->failed = TRUE;
          return FALSE;
        }
      data += skip;
      n -= skip;
    }

  if (self->encoding == ENCODING_UTF8)
    {
      ensure_space (self, n);
      append_utf8 (self, data, n);
    }
  else
    {
      ensure_space (self, n + n / 2 + 16);
      decode_utf16 (self, data, n);
    }

  if (self->eof)
    finish_input (self);

  if (self->progress != NULL)
    self->progress (self->bytes_read, MAX (self->total_size, self->bytes_read),
                    self->progress_data);

  return TRUE;
}

const char *
wn_line_reader_peek (WnLineReader  *self,
                     gsize         *len,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  if (!self->started && !read_chunk (self, error))
    return NULL;
  if (self->failed)
    {
      g_set_error_literal (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_IO, _("the file could not be read"));
      return NULL;
    }

  *len = self->end - self->start;
  if (self->buf == NULL)
    return "";
  self->buf[self->end] = '\0';
  return self->buf + self->start;
}

/* One pass over the line, a word at a time: does it hold a byte >= 0x80
 * (so it needs UTF-8 validation), or a byte < 0x20 (a control character,
 * unless it is a tab)? (w - 0x20..20) & ~w has the top bit of a byte set
 * when that byte is below 0x20; a borrow can only carry out of such a
 * byte, so the test never misses and never fires on a clean word. */
static inline void
scan_line (const guchar *s,
           gsize         n,
           gboolean     *non_ascii,
           gboolean     *control)
{
  const guint64 high_bits = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 spaces = G_GUINT64_CONSTANT (0x2020202020202020);
  guint64 high = 0;
  guint64 low = 0;
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, 8);
      high |= w;
      low |= (w - spaces) & ~w;
    }
  for (; i < n; i++)
    {
      if (s[i] >= 0x80)
        high |= 0x80;
      else if (s[i] < 0x20)
        low |= 0x80;
    }

  *non_ascii = (high & high_bits) != 0;
  *control = FALSE;
  if ((low & high_bits) != 0)
    {
      /* Tabs are common and harmless; look closer. */
      for (i = 0; i < n; i++)
        if (s[i] < 0x20 && s[i] != '\t')
          {
            *control = TRUE;
            break;
          }
    }
}

static void
decode_cp1252 (GString    *out,
               const char *text,
               gsize       len)
{
  g_string_truncate (out, 0);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (c < 0xA0)
        g_string_append_unichar (out, cp1252_high[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }
}

static gboolean
line_too_long (WnLineReader  *self,
               GError       **error)
{
  g_autofree char *size = g_format_size_full (self->max_line, G_FORMAT_SIZE_IEC_UNITS);

  self->failed = TRUE;
  _wn_import_set_error (error, WN_IMPORT_ERROR_TOO_LARGE, self->name, self->line_number + 1,
                        _("the line is longer than %s; no reference file has lines that long"),
                        size);
  return FALSE;
}

gboolean
wn_line_reader_next (WnLineReader  *self,
                     WnLine        *line,
                     GError       **error)
{
  char *text;
  char *eol;
  gsize len;
  gsize term;
  gboolean non_ascii;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  if (self->failed)
    {
      g_set_error_literal (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_IO, _("the file could not be read"));
      return FALSE;
    }

  for (;;)
    {
      char *from;
      char *nl;
      char *cr;
      char *limit;

      if (self->start == self->end)
        {
          if (self->eof)
            return FALSE;
          if (!read_chunk (self, error))
            return FALSE;
          continue;
        }

      if (self->skip_lf)
        {
          /* The CR that ended the last line was the last byte of a chunk;
           * an LF that follows belongs to it. */
          self->skip_lf = FALSE;
          if (self->buf[self->start] == '\n')
            {
              self->start++;
              self->scanned = MAX (self->scanned, self->start);
              continue;
            }
        }

      from = self->buf + self->scanned;
      nl = memchr (from, '\n', self->end - self->scanned);
      limit = nl != NULL ? nl : self->buf + self->end;
      cr = memchr (from, '\r', limit - from);

      if (cr != NULL)
        {
          eol = cr;
          term = 1;
          if (cr + 1 < self->buf + self->end)
            {
              if (cr[1] == '\n')
                term = 2;
            }
          else if (!self->eof)
            self->skip_lf = TRUE;
          break;
        }
      if (nl != NULL)
        {
          eol = nl;
          term = 1;
          break;
        }
      if (self->eof)
        {
          eol = self->buf + self->end;
          term = 0;
          break;
        }

      /* No line end yet: keep what was scanned and read on, unless the
       * line is already over the limit. */
      self->scanned = self->end;
      if (self->end - self->start > self->max_line)
        return line_too_long (self, error);
      if (!read_chunk (self, error))
        return FALSE;
    }

  text = self->buf + self->start;
  len = eol - text;
  if (len > self->max_line)
    return line_too_long (self, error);

  *eol = '\0';
  self->start += len + term;
  self->scanned = self->start;
  self->line_number++;

  if (self->nul_count > 0 && !self->nul_warned &&
      self->first_nul_offset <= self->base + (guint64) (eol - self->buf))
    {
      self->nul_warned = TRUE;
      warn (self, self->line_number, _("the file holds NUL bytes (the first on this line); they were removed"));
    }

  /* A BOM in the middle of the text: files joined with cat. */
  if (len >= 3 && (guchar) text[0] == 0xEF && (guchar) text[1] == 0xBB && (guchar) text[2] == 0xBF)
    {
      text += 3;
      len -= 3;
    }

  line->number = self->line_number;
  scan_line ((const guchar *) text, len, &non_ascii, &line->has_control);
  if (non_ascii && self->encoding == ENCODING_UTF8)
    {
      if (g_utf8_validate_len (text, len, NULL))
        self->utf8_lines++;
      else
        {
          if (self->fallback_lines++ == 0)
            warn (self, self->line_number,
                  _("this line is not valid UTF-8 and was read as Windows-1252, as will be any other such line"));
          decode_cp1252 (self->scratch, text, len);
          text = self->scratch->str;
          len = self->scratch->len;
        }
    }

  line->text = text;
  line->len = len;
  return TRUE;
}

/* Raw reading
 *
 * The XML importers hand the decoded text to libxml2 as it comes, without
 * cutting it into lines: EndNote writes a whole library on one line, which
 * the line limit would refuse. The text is the same as the lines would
 * give (BOM removed, UTF-16 decoded, NULs dropped), except that line ends
 * are left as they are and a byte that is not part of a UTF-8 sequence is
 * read as Windows-1252 on its own, not with its whole line. */

/* The length of the UTF-8 sequence that c starts, or 0 if c cannot start
 * one. */
static inline gsize
utf8_sequence_length (guchar c)
{
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return 2;
  if (c >= 0xE0 && c <= 0xEF)
    return 3;
  if (c >= 0xF0 && c <= 0xF4)
    return 4;
  return 0;
}

/* g_utf8_validate_len(), with runs of ASCII skipped eight bytes at a time:
 * GLib's loop takes a branch per byte, and raw reading (XML) checks every
 * byte of the file this way. Non-ASCII runs go to GLib, so the answer and
 * *end are GLib's. */
static gboolean
utf8_validate_fast (const char  *text,
                    gsize        len,
                    const char **end)
{
  const guint64 high_bits = G_GUINT64_CONSTANT (0x8080808080808080);
  const guchar *s = (const guchar *) text;
  gsize i = 0;

  while (i < len)
    {
      gsize j;

      for (; i + 8 <= len; i += 8)
        {
          guint64 w;

          memcpy (&w, s + i, 8);
          if (w & high_bits)
            break;
        }
      while (i < len && s[i] < 0x80)
        i++;
      if (i >= len)
        break;

      /* A run of non-ASCII bytes: whole characters, or the error. */
      for (j = i; j < len && s[j] >= 0x80; j++)
        ;
      if (!g_utf8_validate_len (text + i, j - i, end))
        return FALSE;
      i = j;
    }
  if (end != NULL)
    *end = text + len;
  return TRUE;
}

/* Counts the line ends in text as wn_line_reader_next() would: LF, CRLF
 * and a lone CR each end one line. A CR at the end of text is decided by
 * the next byte handed out. */
static void
count_raw_lines (WnLineReader *self,
                 const char   *text,
                 gsize         len)
{
  const char *end = text + len;
  const char *p;

  if (len == 0)
    return;

  if (self->raw_cr_pending)
    {
      self->raw_cr_pending = FALSE;
      if (text[0] != '\n')
        self->line_number++;
    }

  for (p = text; (p = memchr (p, '\n', end - p)) != NULL; p++)
    self->line_number++;
  for (p = text; (p = memchr (p, '\r', end - p)) != NULL; p++)
    {
      if (p + 1 == end)
        self->raw_cr_pending = TRUE;
      else if (p[1] != '\n')
        self->line_number++;
    }

  self->raw_partial = end[-1] != '\n' && end[-1] != '\r';
}

static void
finish_raw_lines (WnLineReader *self)
{
  if (self->raw_counted)
    return;
  self->raw_counted = TRUE;
  if (self->raw_cr_pending || self->raw_partial)
    self->line_number++;
  self->raw_cr_pending = FALSE;
  self->raw_partial = FALSE;
}

/* Copies n bytes of buf from start to out and accounts for them. */
static char *
hand_out (WnLineReader *self,
          char         *out,
          gsize         n)
{
  const char *text = self->buf + self->start;

  memcpy (out, text, n);
  self->start += n;
  self->scanned = MAX (self->scanned, self->start);
  count_raw_lines (self, out, n);

  /* Only the encoding name needs this: whether any valid UTF-8 beyond
   * ASCII was seen. Once one byte was, the check stops. */
  if (self->utf8_lines == 0 && self->encoding == ENCODING_UTF8)
    {
      for (gsize i = 0; i < n; i++)
        if ((guchar) text[i] >= 0x80)
          {
            self->utf8_lines++;
            break;
          }
    }

  return out + n;
}

gssize
wn_line_reader_read_raw (WnLineReader  *self,
                         char          *buffer,
                         gsize          size,
                         GError       **error)
{
  char *out = buffer;
  char *out_end = buffer + size;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (buffer != NULL, -1);
  g_return_val_if_fail (size >= 4, -1);

  if (self->failed)
    {
      g_set_error_literal (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_IO, _("the file could not be read"));
      return -1;
    }

  while (out < out_end)
    {
      const char *text;
      const char *stop;
      const char *data_end;
      gsize take;
      gsize seq;
      gsize rest;
      char fallback[8];
      char *fallback_end;
      guchar c;

      if (self->start == self->end)
        {
          if (self->eof)
            break;
          if (!read_chunk (self, error))
            return -1;
          continue;
        }

      if (self->skip_lf)
        {
          /* The last line handed out by wn_line_reader_next() ended with
           * a CR at the end of a chunk; its LF is not text. */
          self->skip_lf = FALSE;
          if (self->buf[self->start] == '\n')
            {
              self->start++;
              continue;
            }
        }

      text = self->buf + self->start;
      take = MIN (self->end - self->start, (gsize) (out_end - out));

      /* UTF-16 was decoded into valid UTF-8 already; only a character cut
       * by the end of the output must wait for the next call. */
      if (self->encoding != ENCODING_UTF8)
        {
          if (take < self->end - self->start)
            while (take > 0 && ((guchar) text[take] & 0xC0) == 0x80)
              take--;
          if (take == 0)
            break;
          out = hand_out (self, out, take);
          continue;
        }
      if (utf8_validate_fast (text, take, &stop))
        {
          out = hand_out (self, out, take);
          continue;
        }

      out = hand_out (self, out, stop - text);

      /* stop is at a byte that is not UTF-8, or at a character cut short
       * by the end of the output or of the data read so far. */
      data_end = self->buf + self->end;
      rest = data_end - stop;
      c = (guchar) *stop;
      seq = utf8_sequence_length (c);
      if (seq > 1)
        {
          gboolean prefix = TRUE;

          for (gsize i = 1; i < MIN (rest, seq); i++)
            prefix = prefix && ((guchar) stop[i] & 0xC0) == 0x80;

          if (prefix && rest >= seq && g_utf8_validate_len (stop, seq, NULL))
            break;  /* a whole character that does not fit the output */
          if (prefix && rest < seq && !self->eof)
            {
              if (!read_chunk (self, error))
                return -1;
              continue;
            }
        }

      /* Not UTF-8: this one byte is read as Windows-1252. */
      if (c < 0x80)
        fallback_end = put_unichar (fallback, c);
      else if (c < 0xA0)
        fallback_end = put_unichar (fallback, cp1252_high[c - 0x80]);
      else
        fallback_end = put_unichar (fallback, c);
      if ((gsize) (fallback_end - fallback) > (gsize) (out_end - out))
        break;
      memcpy (out, fallback, fallback_end - fallback);
      out += fallback_end - fallback;
      self->start++;
      self->scanned = MAX (self->scanned, self->start);
      if (self->fallback_lines++ == 0)
        warn (self, self->line_number + 1,
              _("this line is not valid UTF-8 in places; such bytes were read as "
                "Windows-1252, here and anywhere else in the file"));
    }

  if (self->nul_count > 0 && !self->nul_warned)
    {
      self->nul_warned = TRUE;
      warn (self, 0, _("the file holds NUL bytes; they were removed"));
    }

  if (self->eof && self->start == self->end)
    finish_raw_lines (self);

  return out - buffer;
}
