/* wn-line-reader.h — a file as a stream of UTF-8 lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every text importer starts here. The reader pulls the input in chunks, so
 * memory stays constant whatever the file's size, and turns whatever the
 * exporting tool wrote into plain UTF-8 lines:
 *
 *  - encodings: UTF-8 with or without a byte order mark; UTF-16LE/BE with a
 *    BOM (or, without one, when the first bytes are plainly UTF-16 text);
 *    a line that is not valid UTF-8 is read as Windows-1252 (a superset of
 *    the printable part of Latin-1), and the report says so once;
 *  - line ends: LF, CRLF and a lone CR all end a line, in any mix. One Web
 *    of Science RIS export ends some of its lines with a bare CR in the
 *    middle of an LF file (its AN, AD and C3 lines start right after the
 *    CR), so a lone CR has to end a line wherever it appears, or those tags
 *    vanish into the line before them;
 *  - NUL bytes are dropped (with one warning);
 *  - a last line without a line end is still a line;
 *  - a U+FEFF at the start of any line is dropped: files that were joined
 *    with cat carry a BOM in the middle.
 *
 * One line may be at most max_line bytes (16 MiB by default); a longer one
 * fails with WN_IMPORT_ERROR_TOO_LARGE naming its line, before more than
 * about max_line bytes are held. The reader computes the SHA-256 of the raw
 * bytes as it goes (on a second thread for large inputs) and counts bytes
 * for progress.
 */
#pragma once

#include <gio/gio.h>

#include "wn-import.h"

G_BEGIN_DECLS

#define WN_LINE_READER_DEFAULT_MAX_LINE  (16 * 1024 * 1024)
#define WN_LINE_READER_DEFAULT_CHUNK     (256 * 1024)

typedef struct _WnLineReader WnLineReader;

typedef struct
{
  char       *text;        /* UTF-8, NUL-terminated, without its line end;
                            * valid until the next call on the reader, and
                            * the caller may change its bytes in place (to
                            * NUL-terminate a part of it, say) until then */
  gsize       len;         /* bytes in text */
  guint       number;      /* 1-based line number in the file */
  gboolean    has_control; /* holds a C0 control character other than tab */
} WnLine;

typedef void (*WnLineReaderProgress) (guint64  done,
                                      guint64  total,
                                      gpointer user_data);

/* name is used in error messages; total_size is the stream's size in bytes
 * when known (for progress and to decide whether hashing gets a thread of
 * its own), else 0. report (may be NULL) receives the reader's warnings. */
WnLineReader *wn_line_reader_new          (GInputStream          *stream,
                                           const char            *name,
                                           guint64                total_size,
                                           WnImportReport        *report) G_GNUC_WARN_UNUSED_RESULT;
WnLineReader *wn_line_reader_new_for_path (const char            *path,
                                           WnImportReport        *report,
                                           GCancellable          *cancellable,
                                           GError               **error) G_GNUC_WARN_UNUSED_RESULT;
void          wn_line_reader_free         (WnLineReader          *self);

void          wn_line_reader_set_max_line (WnLineReader          *self,
                                           gsize                  max_line);
/* For tests: small chunks exercise the seams between reads. */
void          wn_line_reader_set_chunk_size (WnLineReader        *self,
                                             gsize                chunk_size);
void          wn_line_reader_set_progress (WnLineReader          *self,
                                           WnLineReaderProgress   progress,
                                           gpointer               user_data);
void          wn_line_reader_set_cancellable (WnLineReader       *self,
                                              GCancellable       *cancellable);

/* Fills *line with the next line and returns TRUE; returns FALSE at the end
 * of the input (error unset) or on an error. */
gboolean      wn_line_reader_next         (WnLineReader          *self,
                                           WnLine                *line,
                                           GError               **error);

/* The decoded text not yet returned as lines, without consuming it: at the
 * start, the head of the file (up to one chunk) for format detection. The
 * text may hold bytes that are not UTF-8. */
const char   *wn_line_reader_peek         (WnLineReader          *self,
                                           gsize                 *len,
                                           GError               **error);

/* Copies the next decoded text into buffer (size at least 4 bytes) and
 * returns the number of bytes copied: 0 at the end of the input, -1 with
 * error set on an error. For parsers that must not see the text as lines
 * (XML, which EndNote writes on one line): no line limit applies and line
 * ends are kept as they are. The text is what wn_line_reader_next() would
 * give, decoded the same way (BOM removed, UTF-16 decoded, NULs dropped),
 * except that a byte that is not UTF-8 is read as Windows-1252 on its own
 * rather than with its whole line; a character is never split between two
 * calls. It starts after any text already returned as lines, and includes
 * whatever wn_line_reader_peek() showed. The SHA-256, byte count, progress
 * and line count go on as for lines. */
gssize        wn_line_reader_read_raw     (WnLineReader          *self,
                                           char                  *buffer,
                                           gsize                  size,
                                           GError               **error);

const char   *wn_line_reader_get_name     (WnLineReader          *self);
/* The number of the last line returned (0 before the first); after
 * wn_line_reader_read_raw(), the number of lines in the text it handed out
 * (a last line without a line end counts once the input is exhausted). */
guint         wn_line_reader_get_line_number (WnLineReader       *self);
guint64       wn_line_reader_get_bytes_read  (WnLineReader       *self);
guint64       wn_line_reader_get_total_size  (WnLineReader       *self);
/* NUL bytes dropped so far. */
guint         wn_line_reader_get_nul_count   (WnLineReader       *self);
/* "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "Windows-1252",
 * "UTF-8 and Windows-1252"; NULL before the first read. */
const char   *wn_line_reader_get_encoding    (WnLineReader       *self);
/* Lowercase hex SHA-256 of every byte of the input; NULL until the end of
 * the input has been reached. */
const char   *wn_line_reader_get_sha256      (WnLineReader       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnLineReader, wn_line_reader_free)

G_END_DECLS
