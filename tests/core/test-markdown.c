/* test-markdown.c — the user guide's Markdown subset (ui/wn-markdown.c):
 * every construct, and malformed input that must parse without harm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wn-markdown.h"

static WnMdBlock *
block_at (GPtrArray *blocks,
          guint      i)
{
  g_assert_cmpuint (i, <, blocks->len);
  return g_ptr_array_index (blocks, i);
}

static WnMdSpan *
span_at (WnMdBlock *block,
         guint      i)
{
  g_assert_cmpuint (i, <, block->spans->len);
  return g_ptr_array_index (block->spans, i);
}

static void
assert_span (WnMdBlock  *block,
             guint       i,
             const char *text,
             WnMdStyle   style,
             const char *link)
{
  WnMdSpan *span = span_at (block, i);

  g_assert_cmpstr (span->text, ==, text);
  g_assert_cmpint (span->style, ==, style);
  g_assert_cmpstr (span->link, ==, link);
}

static void
assert_text (WnMdBlock  *block,
             const char *text)
{
  g_autofree char *got = wn_md_block_dup_text (block);

  g_assert_cmpstr (got, ==, text);
}

static void
test_headings (void)
{
  g_autoptr(GPtrArray) blocks = wn_markdown_parse ("# Winnow Guide\n## Screening\n### Keys\n#### Deeper\n#hashtag\n", -1);
  g_autofree char *title = wn_markdown_dup_title (blocks);

  g_assert_cmpuint (blocks->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (block_at (blocks, i)->type, ==, WN_MD_HEADING);
  g_assert_cmpuint (block_at (blocks, 0)->level, ==, 1);
  g_assert_cmpuint (block_at (blocks, 1)->level, ==, 2);
  g_assert_cmpuint (block_at (blocks, 2)->level, ==, 3);
  g_assert_cmpuint (block_at (blocks, 3)->level, ==, 3);
  assert_text (block_at (blocks, 1), "Screening");
  /* No space after "#": text. */
  g_assert_cmpint (block_at (blocks, 4)->type, ==, WN_MD_PARAGRAPH);
  assert_text (block_at (blocks, 4), "#hashtag");
  g_assert_cmpstr (title, ==, "Winnow Guide");
}

static void
test_paragraphs (void)
{
  g_autoptr(GPtrArray) blocks = wn_markdown_parse ("One line\n  and the next,\r\nreflowed.\n\n\n\nA second.", -1);

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (block_at (blocks, 0)->type, ==, WN_MD_PARAGRAPH);
  assert_text (block_at (blocks, 0), "One line and the next, reflowed.");
  assert_text (block_at (blocks, 1), "A second.");
}

static void
test_lists (void)
{
  g_autoptr(GPtrArray) blocks = wn_markdown_parse ("- first\n"
                                                   "  continued\n"
                                                   "  - nested\n"
                                                   "* second\n"
                                                   "\n"
                                                   "1. one\n"
                                                   "2) two\n"
                                                   "   1. two a\n"
                                                   "10. ten\n"
                                                   "lazy continuation\n",
                                                   -1);
  WnMdBlock *b;

  g_assert_cmpuint (blocks->len, ==, 7);
  b = block_at (blocks, 0);
  g_assert_cmpint (b->type, ==, WN_MD_BULLET);
  g_assert_cmpuint (b->level, ==, 0);
  assert_text (b, "first continued");
  b = block_at (blocks, 1);
  g_assert_cmpint (b->type, ==, WN_MD_BULLET);
  g_assert_cmpuint (b->level, ==, 1);
  assert_text (b, "nested");
  b = block_at (blocks, 2);
  g_assert_cmpuint (b->level, ==, 0);
  assert_text (b, "second");
  b = block_at (blocks, 3);
  g_assert_cmpint (b->type, ==, WN_MD_NUMBERED);
  g_assert_cmpuint (b->number, ==, 1);
  b = block_at (blocks, 4);
  g_assert_cmpuint (b->number, ==, 2);
  assert_text (b, "two");
  b = block_at (blocks, 5);
  g_assert_cmpuint (b->level, ==, 1);
  g_assert_cmpuint (b->number, ==, 1);
  b = block_at (blocks, 6);
  g_assert_cmpuint (b->number, ==, 10);
  assert_text (b, "ten lazy continuation");
}

static void
test_inline (void)
{
  g_autoptr(GPtrArray) blocks = wn_markdown_parse ("Press **Include** or *Exclude*, type `winnow-cli info`, "
                                                   "press <kbd>Ctrl</kbd>+<kbd>F</kbd>; ***both*** and \\*not\\*.",
                                                   -1);
  WnMdBlock *b = block_at (blocks, 0);

  g_assert_cmpuint (blocks->len, ==, 1);
  assert_span (b, 0, "Press ", 0, NULL);
  assert_span (b, 1, "Include", WN_MD_STYLE_BOLD, NULL);
  assert_span (b, 2, " or ", 0, NULL);
  assert_span (b, 3, "Exclude", WN_MD_STYLE_ITALIC, NULL);
  assert_span (b, 4, ", type ", 0, NULL);
  assert_span (b, 5, "winnow-cli info", WN_MD_STYLE_CODE, NULL);
  assert_span (b, 6, ", press ", 0, NULL);
  assert_span (b, 7, "Ctrl", WN_MD_STYLE_KEY, NULL);
  assert_span (b, 8, "+", 0, NULL);
  assert_span (b, 9, "F", WN_MD_STYLE_KEY, NULL);
  assert_span (b, 10, "; ", 0, NULL);
  assert_span (b, 11, "both", WN_MD_STYLE_BOLD | WN_MD_STYLE_ITALIC, NULL);
  assert_span (b, 12, " and *not*.", 0, NULL);
  g_assert_cmpuint (b->spans->len, ==, 13);
}

static void
test_links (void)
{
  g_autoptr(GPtrArray) blocks = wn_markdown_parse ("See [screening](screening.md) and **[the *PRISMA* page](prisma.md)**, "
                                                   "[not a link] (x), [a\\]b](c.md) [](d.md)",
                                                   -1);
  WnMdBlock *b = block_at (blocks, 0);

  assert_span (b, 0, "See ", 0, NULL);
  assert_span (b, 1, "screening", 0, "screening.md");
  assert_span (b, 2, " and ", 0, NULL);
  /* The link's text is taken whole, in the style around it. */
  assert_span (b, 3, "the *PRISMA* page", WN_MD_STYLE_BOLD, "prisma.md");
  /* "[a\]b](c.md)": a "]" inside the text, so it is no link. */
  assert_span (b, 4, ", [not a link] (x), [a]b](c.md) ", 0, NULL);
  /* An empty label shows the target. */
  assert_span (b, 5, "d.md", 0, "d.md");
  g_assert_cmpuint (b->spans->len, ==, 6);
}

static void
test_code_block (void)
{
  g_autoptr(GPtrArray) blocks = wn_markdown_parse ("Before\n```\nwinnow-cli info demo.winnow --json\n  **not bold**\n```\nAfter\n```\nunclosed\n",
                                                   -1);

  g_assert_cmpuint (blocks->len, ==, 4);
  g_assert_cmpint (block_at (blocks, 1)->type, ==, WN_MD_CODE_BLOCK);
  assert_span (block_at (blocks, 1), 0, "winnow-cli info demo.winnow --json\n  **not bold**", WN_MD_STYLE_CODE, NULL);
  assert_text (block_at (blocks, 2), "After");
  assert_span (block_at (blocks, 3), 0, "unclosed", WN_MD_STYLE_CODE, NULL);
}

static void
test_malformed (void)
{
  g_autoptr(GPtrArray) blocks = wn_markdown_parse ("**unclosed bold and `stray backtick, <kbd>no end, [x](no paren\n"
                                                   "\n"
                                                   "*\n"
                                                   "-\n"
                                                   "1.\n"
                                                   "#\n"
                                                   "a **b** **\n",
                                                   -1);
  WnMdBlock *b = block_at (blocks, 0);

  assert_text (b, "**unclosed bold and `stray backtick, <kbd>no end, [x](no paren");
  g_assert_cmpuint (b->spans->len, ==, 1);
  g_assert_cmpint (span_at (b, 0)->style, ==, 0);
  /* Bare markers: empty items and an empty heading. */
  g_assert_cmpint (block_at (blocks, 1)->type, ==, WN_MD_BULLET);
  g_assert_cmpint (block_at (blocks, 2)->type, ==, WN_MD_BULLET);
  g_assert_cmpint (block_at (blocks, 3)->type, ==, WN_MD_NUMBERED);
  g_assert_cmpint (block_at (blocks, 4)->type, ==, WN_MD_HEADING);
  b = block_at (blocks, 5);
  assert_span (b, 0, "a ", 0, NULL);
  assert_span (b, 1, "b", WN_MD_STYLE_BOLD, NULL);
  assert_span (b, 2, " **", 0, NULL);
  g_assert_cmpuint (blocks->len, ==, 6);
}

static void
test_empty_and_invalid (void)
{
  g_autoptr(GPtrArray) none = wn_markdown_parse (NULL, -1);
  g_autoptr(GPtrArray) empty = wn_markdown_parse ("", -1);
  g_autoptr(GPtrArray) blank = wn_markdown_parse ("\n\n  \n\t\n", -1);
  g_autoptr(GPtrArray) invalid = wn_markdown_parse ("caf\xc3 \xff **x**", -1);
  g_autoptr(GPtrArray) nul = wn_markdown_parse ("ab\0cd", 5);
  g_autofree char *title = wn_markdown_dup_title (empty);
  g_autofree char *text = NULL;

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
  g_assert_null (title);
  g_assert_cmpuint (invalid->len, ==, 1);
  text = wn_md_block_dup_text (block_at (invalid, 0));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  assert_span (block_at (invalid, 0), 1, "x", WN_MD_STYLE_BOLD, NULL);
  g_assert_cmpuint (nul->len, ==, 1);
}

/* Long lines of nothing but opening marks: parsed in linear time (a
 * quadratic search would take minutes at this size). */
static void
test_huge_lines (void)
{
  const char *fills[] = { "[", "*", "`", "**", "<kbd>", "](", "\\", "[a](", "x" };

  for (guint f = 0; f < G_N_ELEMENTS (fills); f++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GPtrArray) blocks = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autofree char *got = NULL;

      while (text->len < 2 * 1024 * 1024)
        g_string_append (text, fills[f]);
      blocks = wn_markdown_parse (text->str, text->len);
      g_assert_cmpuint (blocks->len, ==, 1);
      got = wn_md_block_dup_text (block_at (blocks, 0));
      g_assert_nonnull (got);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    }
}

/* The guide shipped in data/help/ parses, each page has a title, and every
 * link names a page that exists. */
static void
test_shipped_pages (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "help", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint pages = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) blocks = NULL;
      g_autofree char *title = NULL;

      if (!g_str_has_suffix (name, ".md"))
        continue;
      path = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      blocks = wn_markdown_parse (contents, -1);
      title = wn_markdown_dup_title (blocks);
      g_assert_nonnull (title);
      for (guint i = 0; i < blocks->len; i++)
        {
          WnMdBlock *b = g_ptr_array_index (blocks, i);

          for (guint j = 0; j < b->spans->len; j++)
            {
              WnMdSpan *span = g_ptr_array_index (b->spans, j);
              g_autofree char *target = NULL;

              if (span->link == NULL)
                continue;
              target = g_build_filename (dir, span->link, NULL);
              if (!g_file_test (target, G_FILE_TEST_EXISTS))
                g_error ("%s links to %s, which is not a page", name, span->link);
            }
        }
      pages++;
    }
  g_assert_cmpuint (pages, >=, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wn/ui/markdown/headings", test_headings);
  g_test_add_func ("/wn/ui/markdown/paragraphs", test_paragraphs);
  g_test_add_func ("/wn/ui/markdown/lists", test_lists);
  g_test_add_func ("/wn/ui/markdown/inline", test_inline);
  g_test_add_func ("/wn/ui/markdown/links", test_links);
  g_test_add_func ("/wn/ui/markdown/code-block", test_code_block);
  g_test_add_func ("/wn/ui/markdown/malformed", test_malformed);
  g_test_add_func ("/wn/ui/markdown/empty-and-invalid", test_empty_and_invalid);
  g_test_add_func ("/wn/ui/markdown/huge-lines", test_huge_lines);
  g_test_add_func ("/wn/ui/markdown/shipped-pages", test_shipped_pages);

  return g_test_run ();
}
