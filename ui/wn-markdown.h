/* wn-markdown.h — the small Markdown dialect of the user guide, parsed
 * without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guide's pages (the .md files in data/help/) use this subset:
 *
 *   # Title, ## Section, ### Subsection   headings (level 1 to 3)
 *   lines of text                         a paragraph, reflowed; a blank
 *                                         line ends it
 *   - item  or  * item                    a bullet list item
 *   1. item                               a numbered list item
 *     (indented by two or more spaces)    a nested item (one level), or
 *                                         the continuation of an item
 *   ``` … ```                             a block of code, verbatim
 *   **bold**, *italic*, `code`            inline styles
 *   <kbd>Ctrl</kbd>                       a keyboard key
 *   [text](page.md)                       a link to another page
 *   \*                                    a character taken literally
 *
 * Anything else is text: an unclosed "**", a stray backtick or a "[" with
 * no "](…)" stands for itself. Parsing never fails and takes time linear
 * in the input (every search for a closing mark is remembered).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WN_MD_HEADING,
  WN_MD_PARAGRAPH,
  WN_MD_BULLET,
  WN_MD_NUMBERED,
  WN_MD_CODE_BLOCK,
} WnMdBlockType;

typedef enum
{
  WN_MD_STYLE_NONE   = 0,
  WN_MD_STYLE_BOLD   = 1 << 0,
  WN_MD_STYLE_ITALIC = 1 << 1,
  WN_MD_STYLE_CODE   = 1 << 2,
  WN_MD_STYLE_KEY    = 1 << 3,
} WnMdStyle;

/* A run of text in one style; link is the target of a link, else NULL. */
typedef struct
{
  char      *text;
  WnMdStyle  style;
  char      *link;
} WnMdSpan;

/* level: 1 to 3 for a heading, 0 or 1 (nested) for a list item, else 0.
 * number: the number written before a numbered item. */
typedef struct
{
  WnMdBlockType  type;
  guint          level;
  guint          number;
  GPtrArray     *spans;  /* of WnMdSpan */
} WnMdBlock;

/* The blocks of text (of WnMdBlock, freeing them); length -1 for a
 * nul-terminated text. Invalid UTF-8 is replaced. */
GPtrArray *wn_markdown_parse            (const char      *text,
                                         gssize           length) G_GNUC_WARN_UNUSED_RESULT;
void       wn_md_block_free             (WnMdBlock       *block);
/* The block's text without its marks. */
char      *wn_md_block_dup_text         (const WnMdBlock *block) G_GNUC_WARN_UNUSED_RESULT;
/* The text of the first heading, NULL when there is none. */
char      *wn_markdown_dup_title        (GPtrArray       *blocks) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnMdBlock, wn_md_block_free)

G_END_DECLS
