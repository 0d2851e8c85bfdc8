/* test-hostile.c — hostile input: XML, decision files, project files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs the real winnow-cli (WINNOW_CLI) on a file made to do
 * harm, and checks that it is refused with a clear message or safely
 * ignored: nothing read from the file system or the network, memory and
 * time bounded (the child's peak RSS from wait4()), and the project
 * unchanged byte for byte when an input is refused. The fixtures are in
 * tests/data/hostile/ (see its README); the large ones are made here.
 *
 * Cases covered elsewhere and not repeated here:
 * - spreadsheet formula injection: /wn/core/export/csv-injection and the
 *   CSV/XLSX tables in tests/coding/test-table.c;
 * - one byte changed in a decision file, with a good file beside it:
 *   /wn/core/screening/merge-refuses;
 * - sheet names from table names: /wn/coding/table/sheet-names;
 * - a project locked by another writer: /wn/core/project/locked;
 * - a 1 GB quadratic entity blow-up: /wn/importers/pubmed-xml/...
 *   (test_quadratic_blowup).
 * Every line "hostile: CASE: OUTCOME" this test prints is counted by
 * build-aux/reliability.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

typedef struct
{
  int     status;
  char   *out;
  char   *err;
  gint64  max_rss_kb;
  double  seconds;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *tmpdir;

static char *
read_fd (int fd)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buffer[65536];
  gssize n;

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (out, buffer, n);
    }
  close (fd);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Runs the CLI and measures it: wait4() gives the child's peak RSS. The
 * outputs are small, so reading stdout to its end before stderr cannot
 * dead-lock in these cases; stderr goes to a file to be sure. */
static void
run_argv (Run         *run,
          const char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err_path = g_build_filename (tmpdir, "stderr.txt", NULL);
  struct rusage usage;
  GPid pid;
  int out_fd;
  int err_fd;
  int wait_status = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (g_spawn_async_with_pipes (tmpdir, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  run->out = read_fd (out_fd);
  run->err = read_fd (err_fd);
  g_assert_cmpint (wait4 (pid, &wait_status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  run->seconds = (g_get_monotonic_time () - start) / 1e6;
  run->max_rss_kb = usage.ru_maxrss;
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_unlink (err_path);
}

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *cli = g_getenv ("WINNOW_CLI");
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run_argv (run, (const char **) args->pdata);
}

static void
outcome (const char *name,
         const char *what)
{
  g_test_message ("hostile: %s: %s", name, what);
}

static char *
in_tmp (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "hostile", name, NULL);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* A new project in the temporary folder, with a search of n records and
 * the reviewers alice and bob. */
static char *
new_project (const char *name,
             guint       n)
{
  g_autofree char *path = in_tmp (name);
  g_autofree char *ris = g_strconcat (path, ".ris", NULL);
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_auto(Run) created = { 0 };
  g_auto(Run) synth = { 0 };
  g_auto(Run) imported = { 0 };
  g_auto(Run) alice = { 0 };
  g_auto(Run) bob = { 0 };

  g_unlink (path);
  run_cli (&created, "new", path, NULL);
  g_assert_cmpint (created.status, ==, 0);
  if (n > 0)
    {
      run_cli (&synth, "synth", "-n", count, "--seed", "7", "-o", ris, NULL);
      g_assert_cmpint (synth.status, ==, 0);
      run_cli (&imported, "import", path, ris, "--database", "Synthetic", NULL);
      g_assert_cmpint (imported.status, ==, 0);
    }
  run_cli (&alice, "reviewer", "add", path, "alice", NULL);
  g_assert_cmpint (alice.status, ==, 0);
  run_cli (&bob, "reviewer", "add", path, "bob", NULL);
  g_assert_cmpint (bob.status, ==, 0);
  return g_steal_pointer (&path);
}

/* ------------------------------------------------------------------------ */
/* XML                                                                        */

/* Imports one hostile XML file into a fresh project. The outcome must be a
 * refusal (status 1, a message naming the file, no search made) or an
 * import in which no marker from secret.txt, evil.dtd or /etc/passwd
 * appears, within 10 s and 256 MiB. */
static void
import_hostile (const char *case_name,
                const char *xml_path,
                gboolean    expect_refusal,
                const char *expect_in_message)
{
  g_autofree char *project = new_project ("xml.winnow", 0);
  g_autofree char *searches = NULL;
  g_auto(Run) imported = { 0 };
  g_auto(Run) records = { 0 };

  run_cli (&imported, "import", project, xml_path, NULL);
  g_test_message ("%s: status %d, %.2f s, %" G_GINT64_FORMAT " KiB: %s", case_name, imported.status,
                  imported.seconds, imported.max_rss_kb, imported.err);
  g_assert_cmpfloat (imported.seconds, <, 10.0);
  g_assert_cmpint (imported.max_rss_kb, <, 256 * 1024);

  run_cli (&records, "records", project, "--json", NULL);
  g_assert_cmpint (records.status, ==, 0);
  g_assert_null (strstr (records.out, "SECRET-MARKER"));
  g_assert_null (strstr (records.out, "root:"));

  searches = query_text (project, "SELECT count (*) FROM searches");
  if (expect_refusal)
    {
      g_assert_cmpint (imported.status, ==, 1);
      g_assert_nonnull (strstr (imported.err, expect_in_message));
      g_assert_cmpstr (searches, ==, "0");
      outcome (case_name, "refused");
    }
  else
    {
      g_assert_cmpint (imported.status, ==, 0);
      g_assert_cmpstr (searches, ==, "1");
      if (expect_in_message != NULL)
        g_assert_nonnull (strstr (records.out, expect_in_message));
      outcome (case_name, "entities left unexpanded, nothing read");
    }
}

/* /wn/core/hostile/xml/external-entities: a SYSTEM entity naming a file
 * beside the XML and one naming /etc/passwd, an external DTD and a
 * parameter entity, in PubMed XML and in EndNote XML. */
static void
test_xml_external_entities (void)
{
  g_autofree char *pubmed = fixture ("pubmed-external-entity.xml");
  g_autofree char *endnote = fixture ("endnote-external-entity.xml");

  import_hostile ("pubmed-xml external entity, DTD, parameter entity", pubmed, FALSE, "[&xxe;] [&xxeabs;]");
  import_hostile ("endnote-xml external entity, DTD, parameter entity", endnote, FALSE, "[&xxe;] [&xxeabs;]");
}

/* /wn/core/hostile/xml/network: an external DTD and an entity on a local
 * HTTP port this test listens on: no connection may arrive. */
static void
test_xml_network (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                              &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) accepted = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = in_tmp ("network.xml");
  guint16 port;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_listen (listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE PubmedArticleSet SYSTEM \"http://127.0.0.1:%u/evil.dtd\" [\n"
                         "  <!ENTITY net SYSTEM \"http://127.0.0.1:%u/secret.txt\">\n"
                         "  <!ENTITY %% netparam SYSTEM \"http://127.0.0.1:%u/param.dtd\">\n"
                         "  %%netparam;\n"
                         "]>\n"
                         "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>9000004</PMID><Article>"
                         "<ArticleTitle>Network [&net;]</ArticleTitle></Article></MedlineCitation>"
                         "</PubmedArticle></PubmedArticleSet>\n",
                         port, port, port);
  g_assert_true (g_file_set_contents (path, xml, -1, &error));
  g_assert_no_error (error);

  import_hostile ("pubmed-xml DTD and entities over HTTP", path, FALSE, "[&net;]");

  g_socket_set_blocking (listener, FALSE);
  accepted = g_socket_accept (listener, NULL, &error);
  g_assert_null (accepted);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  g_unlink (path);
}

/* /wn/core/hostile/xml/billion-laughs: ten levels of ten references,
 * 3 GB expanded, in PubMed XML and EndNote XML. */
static void
test_xml_billion_laughs (void)
{
  g_autofree char *pubmed = fixture ("pubmed-billion-laughs.xml");
  g_autofree char *endnote = fixture ("endnote-billion-laughs.xml");

  import_hostile ("pubmed-xml billion laughs", pubmed, TRUE, "billion laughs");
  import_hostile ("endnote-xml billion laughs", endnote, TRUE, "billion laughs");
}

static char *
write_generated (const char *name,
                 const char *head,
                 const char *open,
                 const char *close,
                 guint       repeat,
                 const char *middle,
                 const char *tail)
{
  g_autoptr(GString) xml = g_string_new (head);
  g_autoptr(GError) error = NULL;
  char *path = in_tmp (name);

  for (guint i = 0; i < repeat; i++)
    g_string_append (xml, open);
  g_string_append (xml, middle);
  for (guint i = 0; i < repeat; i++)
    g_string_append (xml, close);
  g_string_append (xml, tail);
  g_assert_true (g_file_set_contents (path, xml->str, (gssize) xml->len, &error));
  g_assert_no_error (error);
  return path;
}

#define PUBMED_HEAD "<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>9000005</PMID><Article>"
#define PUBMED_TAIL "</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n"
#define ENDNOTE_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><records><record><rec-number>1</rec-number>"
#define ENDNOTE_TAIL "</record></records></xml>\n"

/* /wn/core/hostile/xml/deep-nesting: 100,000 nested elements. */
static void
test_xml_deep_nesting (void)
{
  g_autofree char *pubmed = write_generated ("deep-pubmed.xml", PUBMED_HEAD "<ArticleTitle>Deep ", "<i>", "</i>",
                                             100000, "x", "</ArticleTitle>" PUBMED_TAIL);
  g_autofree char *endnote = write_generated ("deep-endnote.xml", ENDNOTE_HEAD "<titles><title>", "<style>",
                                              "</style>", 100000, "x", "</title></titles>" ENDNOTE_TAIL);

  import_hostile ("pubmed-xml 100,000 nested elements", pubmed, TRUE, "depth");
  import_hostile ("endnote-xml 100,000 nested elements", endnote, TRUE, "depth");
  g_unlink (pubmed);
  g_unlink (endnote);
}

/* /wn/core/hostile/xml/giant-text: a 64 MiB text node. */
static void
test_xml_giant_text (void)
{
  g_autofree char *pubmed = write_generated ("giant-pubmed.xml", PUBMED_HEAD "<ArticleTitle>Giant</ArticleTitle>"
                                             "<Abstract><AbstractText>", "", "word ", 64 * 1024 * 1024 / 5, "",
                                             "</AbstractText></Abstract>" PUBMED_TAIL);
  g_autofree char *endnote = write_generated ("giant-endnote.xml", ENDNOTE_HEAD "<titles><title>Giant</title>"
                                              "</titles><abstract>", "", "word ", 64 * 1024 * 1024 / 5, "",
                                              "</abstract>" ENDNOTE_TAIL);

  import_hostile ("pubmed-xml 64 MiB text node", pubmed, TRUE, "larger than");
  import_hostile ("endnote-xml 64 MiB text node", endnote, TRUE, "larger than");
  g_unlink (pubmed);
  g_unlink (endnote);
}

/* /wn/core/hostile/xml/codebook: a REFI-QDA codebook (read with libxml2's
 * tree parser, not the importers' reader) with billion laughs, and one
 * with an external entity, DTD and parameter entity. */
static void
test_xml_codebook (void)
{
  g_autofree char *laughs = fixture ("codebook-billion-laughs.qdc");
  g_autofree char *external = fixture ("codebook-external-entity.qdc");
  g_autofree char *project = new_project ("codebook.winnow", 0);
  g_autofree char *before = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_auto(Run) codes = { 0 };

  run_cli (&codes, "codes", project, "--json", NULL);
  g_assert_cmpint (codes.status, ==, 0);
  before = g_steal_pointer (&codes.out);
  run_clear (&codes);

  run_cli (&first, "codes", project, "--import", laughs, NULL);
  g_assert_cmpint (first.status, ==, 1);
  g_assert_cmpfloat (first.seconds, <, 10.0);
  g_assert_cmpint (first.max_rss_kb, <, 256 * 1024);
  g_assert_nonnull (strstr (first.err, "codebook-billion-laughs.qdc"));
  outcome ("REFI-QDA codebook billion laughs", "refused");

  run_cli (&second, "codes", project, "--import", external, NULL);
  g_assert_cmpint (second.status, ==, 1);
  g_assert_nonnull (strstr (second.err, "codebook-external-entity.qdc"));
  outcome ("REFI-QDA codebook external entity and DTD", "refused, nothing read");

  run_cli (&codes, "codes", project, "--json", NULL);
  g_assert_cmpstr (codes.out, ==, before);
  g_assert_null (strstr (codes.out, "SECRET-MARKER"));
}

/* ------------------------------------------------------------------------ */
/* Decision files                                                             */

/* Writes a decision file made from text: the checksum line recomputed over
 * the body, as an attacker (or a careless script) would. */
static void
write_with_checksum (const char *path,
                     const char *version_line,
                     const char *body)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  g_autofree char *text = g_strdup_printf ("%s\n# sha256 %s\n%s", version_line, digest, body);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
assert_merge_refused (const char *case_name,
                      const char *project,
                      const char *file,
                      const char *words)
{
  g_autofree char *before = file_sha256 (project);
  g_autofree char *after = NULL;
  g_auto(Run) merged = { 0 };

  run_cli (&merged, "merge", project, file, NULL);
  g_test_message ("%s: status %d: %s", case_name, merged.status, merged.err);
  g_assert_cmpint (merged.status, ==, 1);
  g_assert_nonnull (strstr (merged.err, words));
  after = file_sha256 (project);
  g_assert_cmpstr (after, ==, before);
  outcome (case_name, "refused, project unchanged");
}

/* /wn/core/hostile/decisions: truncated, empty, damaged, another
 * project's, a spoofed reviewer, a newer format, not a decision file at
 * all. The project is byte for byte the same after each. */
static void
test_decisions (void)
{
  g_autofree char *project = new_project ("decisions.winnow", 20);
  g_autofree char *other = new_project ("other.winnow", 20);
  g_autofree char *good = in_tmp ("alice.decisions");
  g_autofree char *foreign = in_tmp ("foreign.decisions");
  g_autofree char *bad = in_tmp ("hostile.decisions");
  g_autofree char *contents = NULL;
  g_autofree char *body = NULL;
  gsize length = 0;

  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *record = g_strdup_printf ("%u", i);
      g_auto(Run) decided = { 0 };
      g_auto(Run) other_decided = { 0 };

      run_cli (&decided, "decide", project, "--reviewer", "alice", "--stage", "ta", record,
               i % 2 ? "include" : "exclude", NULL);
      g_assert_cmpint (decided.status, ==, 0);
      run_cli (&other_decided, "decide", other, "--reviewer", "alice", "--stage", "ta", record, "include", NULL);
      g_assert_cmpint (other_decided.status, ==, 0);
    }
  {
    g_auto(Run) exported = { 0 };
    g_auto(Run) exported_other = { 0 };

    run_cli (&exported, "export-decisions", project, "--reviewer", "alice", "-o", good, NULL);
    g_assert_cmpint (exported.status, ==, 0);
    run_cli (&exported_other, "export-decisions", other, "--reviewer", "alice", "-o", foreign, NULL);
    g_assert_cmpint (exported_other.status, ==, 0);
  }
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  body = g_strdup (strchr (strchr (contents, '\n') + 1, '\n') + 1);

  /* cut in the middle of an event, at a line end, after the header */
  g_assert_true (g_file_set_contents (bad, contents, (gssize) (length - 40), NULL));
  assert_merge_refused ("decision file truncated mid-line", project, bad, "checksum");
  {
    /* the last event dropped whole, at a line end */
    const char *last = g_strrstr_len (contents, (gssize) length - 1, "\n");

    g_assert_true (g_file_set_contents (bad, contents, (gssize) (last - contents) + 1, NULL));
    assert_merge_refused ("decision file cut at a line end", project, bad, "checksum");
  }
  {
    /* the last event dropped, checksum recomputed: the count says so */
    g_autofree char *shorter = g_strdup (body);
    char *end = shorter + strlen (shorter) - 1;

    *end = '\0';
    end = strrchr (shorter, '\n');
    end[1] = '\0';
    write_with_checksum (bad, "# winnow-decisions 1", shorter);
    assert_merge_refused ("decision file with its last event cut, checksum redone", project, bad, "holds");
  }
  g_assert_true (g_file_set_contents (bad, contents, (gssize) (strchr (contents, '\n') - contents) + 1, NULL));
  assert_merge_refused ("decision file cut after line 1", project, bad, "line 2");
  g_assert_true (g_file_set_contents (bad, "", 0, NULL));
  assert_merge_refused ("empty decision file", project, bad, "not a Winnow decision file");
  {
    /* 1 GiB and a byte, sparse: refused by its size, never read whole */
    FILE *huge = fopen (bad, "wb");

    g_assert_nonnull (huge);
    g_assert_cmpint (fwrite (contents, 1, length, huge), ==, length);
    g_assert_cmpint (fseeko (huge, ((off_t) 1 << 30), SEEK_SET), ==, 0);
    g_assert_cmpint (fputc ('\n', huge), ==, '\n');
    g_assert_cmpint (fclose (huge), ==, 0);
    assert_merge_refused ("decision file of over a gigabyte", project, bad, "larger than any decision file");
  }
  g_assert_true (g_file_set_contents (bad, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));
  assert_merge_refused ("binary file given as a decision file", project, bad, "not a Winnow decision file");

  /* a verdict changed, the checksum left */
  {
    g_autofree char *changed = g_strdup (contents);
    char *verdict = strstr (changed, "\"exclude\"");

    verdict[1] = 'i';
    verdict[2] = 'n';
    g_assert_true (g_file_set_contents (bad, changed, (gssize) length, NULL));
    assert_merge_refused ("decision file with a changed verdict", project, bad, "checksum");
  }

  assert_merge_refused ("decision file of another project", project, foreign, "another project");

  /* reviewer spoofing: alice's file carrying events in bob's name, with a
   * checksum that matches; and bob's header over alice's events */
  {
    g_autoptr(GString) spoofed = g_string_new (body);
    g_autofree char *first_event = NULL;

    first_event = g_strdup (strchr (spoofed->str, '\n') + 1);
    g_string_replace (spoofed, first_event, "", 1);
    {
      g_autoptr(GString) as_bob = g_string_new (first_event);

      g_string_replace (as_bob, "\"reviewer\":\"alice\"", "\"reviewer\":\"bob\"", 0);
      g_string_append (spoofed, as_bob->str);
    }
    write_with_checksum (bad, "# winnow-decisions 1", spoofed->str);
    assert_merge_refused ("decision file with an event of another reviewer", project, bad, "a decision by “bob”");
  }
  {
    g_autoptr(GString) spoofed = g_string_new (body);
    char *header_end = strchr (spoofed->str, '\n');
    g_autofree char *header = g_strndup (spoofed->str, (gsize) (header_end - spoofed->str));
    g_autoptr(GString) new_header = g_string_new (header);

    g_string_replace (new_header, "\"reviewer\":\"alice\"", "\"reviewer\":\"bob\"", 1);
    g_string_replace (spoofed, header, new_header->str, 1);
    write_with_checksum (bad, "# winnow-decisions 1", spoofed->str);
    assert_merge_refused ("decision file declaring another owner than its events", project, bad,
                          "a decision by “alice”");
  }

  /* a reviewer named with a terminal escape sequence (it would be printed
   * by conflicts, agreement, info), owner and events alike */
  {
    g_autoptr(GString) escaped = g_string_new (body);

    g_string_replace (escaped, "\"alice\"", "\"\\u001b]0;owned\\u0007alice\"", 0);
    write_with_checksum (bad, "# winnow-decisions 1", escaped->str);
    assert_merge_refused ("decision file with a control character in a reviewer's name", project, bad,
                          "control characters");
  }

  /* a newer format */
  write_with_checksum (bad, "# winnow-decisions 2", body);
  assert_merge_refused ("decision file in a newer format", project, bad, "update Winnow");

  /* and the good file still merges (nothing new: they are its own) */
  {
    g_auto(Run) merged = { 0 };

    run_cli (&merged, "merge", project, good, NULL);
    g_assert_cmpint (merged.status, ==, 0);
  }
}

/* ------------------------------------------------------------------------ */
/* Project files                                                              */

static void
assert_open_refused (const char *case_name,
                     const char *path,
                     const char *words)
{
  g_autofree char *before = file_sha256 (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_auto(Run) info = { 0 };
  g_auto(Run) decided = { 0 };

  run_cli (&info, "info", path, NULL);
  g_test_message ("%s: status %d: %s", case_name, info.status, info.err);
  g_assert_cmpint (info.status, ==, 3);
  g_assert_nonnull (strstr (info.err, words));
  run_cli (&decided, "decide", path, "--reviewer", "alice", "--stage", "ta", "1", "include", NULL);
  g_assert_cmpint (decided.status, ==, 3);
  after = file_sha256 (path);
  g_assert_cmpstr (after, ==, before);
  /* SQLite's read-only look at a WAL-mode file may leave an empty -wal
   * (and its -shm) beside it; nothing is written into either. Removing
   * them could pull the index from under another process opening the
   * file at that moment, so they stay. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      GStatBuf st;

      g_assert_cmpint (g_stat (wal, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 0);
    }
  outcome (case_name, "refused, file unchanged");
}

/* /wn/core/hostile/project/foreign-and-truncated: an SQLite file of
 * another application, a project cut to its first page, cut in half,
 * cut inside the header, and a text file named .winnow. */
static void
test_project_files (void)
{
  g_autofree char *project = new_project ("whole.winnow", 200);
  g_autofree char *foreign = in_tmp ("places.winnow");
  g_autofree char *cut = in_tmp ("cut.winnow");
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db = NULL;

  /* What a browser's history looks like to us. */
  g_unlink (foreign);
  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA application_id = 1; PRAGMA user_version = 70;"
                                 "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                                 "CREATE TABLE meta (key TEXT, value TEXT);"
                                 "INSERT INTO moz_places (url) VALUES ('https://example.org/');",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  assert_open_refused ("SQLite file of another application", foreign, "another program");

  g_assert_true (g_file_get_contents (project, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4 * 16384);
  g_assert_true (g_file_set_contents (cut, contents, (gssize) length / 2, NULL));
  assert_open_refused ("project file cut in half", cut, "damaged");
  g_assert_true (g_file_set_contents (cut, contents, 16384, NULL));
  assert_open_refused ("project file cut to its first page", cut, "damaged");
  g_assert_true (g_file_set_contents (cut, contents, 60, NULL));
  assert_open_refused ("project file cut inside the SQLite header", cut, "not a Winnow project");
  g_assert_true (g_file_set_contents (cut, "TY  - JOUR\nER  - \n", -1, NULL));
  assert_open_refused ("text file named .winnow", cut, "not a Winnow project");
}

/* /wn/core/hostile/project/read-only-medium: the project's folder bind-
 * mounted read-only in a user and mount namespace of its own (unshare
 * -rm), as a CD or a write-protected share would be. It opens, says it is
 * read-only, reads, and refuses a change; the file stays as it was. */
static void
test_project_read_only (void)
{
  g_autofree char *dir = in_tmp ("medium");
  g_autofree char *path = g_build_filename (dir, "ro.winnow", NULL);
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *source = new_project ("ro-source.winnow", 50);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *script = NULL;
  g_auto(Run) probe = { 0 };
  g_auto(Run) run = { 0 };
  gsize length = 0;
  const char *argv[] = { NULL, "-rm", "sh", "-c", NULL, NULL };

  if (unshare == NULL)
    {
      g_test_skip ("unshare(1) is not installed");
      return;
    }
  argv[0] = unshare;
  argv[4] = "true";
  run_argv (&probe, argv);
  if (probe.status != 0)
    {
      g_test_skip ("no user namespaces here: cannot make a read-only medium");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  before = file_sha256 (path);
  script = g_strdup_printf ("mount --bind '%s' '%s' && mount -o remount,ro,bind '%s' '%s' || exit 99;"
                            " '%s' info '%s' --json; echo \"info=$?\";"
                            " '%s' decide '%s' --reviewer alice --stage ta 1 include; echo \"decide=$?\"",
                            dir, dir, dir, dir, g_getenv ("WINNOW_CLI"), path, g_getenv ("WINNOW_CLI"), path);
  argv[4] = script;
  run_argv (&run, argv);
  g_test_message ("read-only medium: %s %s", run.out, run.err);
  if (run.status == 99)
    {
      g_test_skip ("cannot bind-mount read-only here");
      return;
    }
  g_assert_nonnull (strstr (run.out, "\"records\":50"));
  g_assert_nonnull (strstr (run.out, "info=0"));
  g_assert_nonnull (strstr (run.err, "opened read-only"));
  g_assert_null (strstr (run.out, "decide=0"));
  g_assert_nonnull (strstr (run.err, "readonly"));
  after = file_sha256 (path);
  g_assert_cmpstr (after, ==, before);
  outcome ("project on a read-only medium", "opened read-only and said so; a change refused");
}

/* /wn/core/hostile/project/two-writers: two processes deciding on the
 * same project at once, with a third importing. SQLite serialises them
 * (the app and the CLI are meant to share a project, see
 * /wn/core/project/other-process); each decide either succeeds or is
 * refused as locked, and every one that succeeded is there, intact. */
static void
test_project_two_writers (void)
{
  g_autofree char *project = new_project ("shared.winnow", 300);
  g_autofree char *ris = in_tmp ("more.ris");
  g_autofree char *script = NULL;
  g_autofree char *check = NULL;
  g_auto(Run) synth = { 0 };
  g_auto(Run) run = { 0 };
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
  guint ok = 0;
  guint locked = 0;
  g_auto(GStrv) lines = NULL;

  run_cli (&synth, "synth", "-n", "3000", "--seed", "9", "-o", ris, NULL);
  g_assert_cmpint (synth.status, ==, 0);
  script = g_strdup_printf ("cli='%s'; p='%s';"
                            " w () { for i in $(seq $2 2 $3); do"
                            "   \"$cli\" decide \"$p\" --reviewer $1 --stage ta $i include >/dev/null 2>&1;"
                            "   echo \"$1 $i $?\"; done; };"
                            " w alice 1 80 & w bob 2 80 & \"$cli\" import \"$p\" '%s' >/dev/null 2>&1; echo \"import $?\";"
                            " wait",
                            g_getenv ("WINNOW_CLI"), project, ris);
  argv[2] = script;
  run_argv (&run, argv);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", 3);
      g_autofree char *sql = NULL;
      g_autofree char *count = NULL;

      if (g_strv_length (words) != 3 || g_strcmp0 (words[0], "import") == 0)
        continue;
      if (g_strcmp0 (words[2], "0") == 0)
        {
          ok++;
          sql = g_strdup_printf ("SELECT count (*) FROM decisions WHERE reviewer = '%s' AND record_id = %s",
                                 words[0], words[1]);
          count = query_text (project, sql);
          g_assert_cmpstr (count, ==, "1");
        }
      else
        {
          g_assert_cmpstr (words[2], ==, "3");
          locked++;
        }
    }
  g_test_message ("two writers: %u decisions saved, %u refused as locked", ok, locked);
  g_assert_cmpuint (ok + locked, ==, 80);
  g_assert_cmpuint (ok, >, 0);
  check = query_text (project, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  outcome ("the same project written by three processes at once", "serialised, nothing lost, integrity ok");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("winnow-hostile-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/wn/core/hostile/xml/external-entities", test_xml_external_entities);
  g_test_add_func ("/wn/core/hostile/xml/network", test_xml_network);
  g_test_add_func ("/wn/core/hostile/xml/billion-laughs", test_xml_billion_laughs);
  g_test_add_func ("/wn/core/hostile/xml/deep-nesting", test_xml_deep_nesting);
  g_test_add_func ("/wn/core/hostile/xml/giant-text", test_xml_giant_text);
  g_test_add_func ("/wn/core/hostile/xml/codebook", test_xml_codebook);
  g_test_add_func ("/wn/core/hostile/decisions", test_decisions);
  g_test_add_func ("/wn/core/hostile/project/foreign-and-truncated", test_project_files);
  g_test_add_func ("/wn/core/hostile/project/read-only-medium", test_project_read_only);
  g_test_add_func ("/wn/core/hostile/project/two-writers", test_project_two_writers);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmpdir);

    if (status == 0 && system (command) != 0)
      g_printerr ("could not remove %s\n", tmpdir);
  }
  g_free (tmpdir);
  return status;
}
