/* test-highlight.c — the include/exclude keyword highlighter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most cases go through describe(), which writes the matches of a text as
 * "+[include] -[exclude]", each bracket holding the text between the
 * span's offsets: a wrong offset shows up as wrong text. Every call also
 * checks the invariants of wn_highlighter_find(): sorted, not overlapping,
 * inside the text, on character boundaries.
 */
#include "config.h"

#include <string.h>

#include "wn-highlight.h"

static void
check_invariants (GArray     *spans,
                  const char *text,
                  gsize       len)
{
  guint previous_end = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const WnHighlightSpan *span = &g_array_index (spans, WnHighlightSpan, i);

      g_assert_cmpuint (span->start, <, span->end);
      g_assert_cmpuint (span->end, <=, len);
      g_assert_cmpuint (span->start, >=, previous_end);
      g_assert_true (span->kind == WN_HIGHLIGHT_INCLUDE || span->kind == WN_HIGHLIGHT_EXCLUDE);
      /* Whole characters: the matched bytes are valid UTF-8 on their own. */
      g_assert_true (g_utf8_validate (text + span->start, span->end - span->start, NULL));
      previous_end = span->end;
    }
}

static char *
describe_len (WnHighlighter *hl,
              const char    *text,
              gssize         len)
{
  g_autoptr(GArray) spans = wn_highlighter_find (hl, text, len);
  GString *out = g_string_new (NULL);
  guint n_include = 0;
  guint n_exclude = 0;
  guint counted_include = G_MAXUINT;
  guint counted_exclude = G_MAXUINT;

  g_assert_nonnull (spans);
  check_invariants (spans, text, len < 0 ? strlen (text) : (gsize) len);
  for (guint i = 0; i < spans->len; i++)
    {
      const WnHighlightSpan *span = &g_array_index (spans, WnHighlightSpan, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, span->kind == WN_HIGHLIGHT_INCLUDE ? '+' : '-');
      g_string_append_c (out, '[');
      g_string_append_len (out, text + span->start, span->end - span->start);
      g_string_append_c (out, ']');
      if (span->kind == WN_HIGHLIGHT_INCLUDE)
        n_include++;
      else
        n_exclude++;
    }

  /* The counts always agree with the spans. */
  wn_highlighter_count (hl, text, len, &counted_include, &counted_exclude);
  g_assert_cmpuint (counted_include, ==, n_include);
  g_assert_cmpuint (counted_exclude, ==, n_exclude);

  return g_string_free (out, FALSE);
}

static char *
describe (WnHighlighter *hl,
          const char    *text)
{
  return describe_len (hl, text, -1);
}

static WnHighlighter *
new_ok (const char *include,
        const char *exclude)
{
  g_autoptr(GError) error = NULL;
  WnHighlighter *hl = wn_highlighter_new (include, exclude, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hl);
  return hl;
}

typedef struct
{
  const char *include;
  const char *exclude;
  const char *text;
  const char *expected;
} Case;

/* For test messages: one TAP line, whatever bytes the text holds. */
static char *
escaped (const char *text)
{
  return text != NULL ? g_strescape (text, NULL) : g_strdup ("(null)");
}

static void
run_cases (const Case *cases,
           guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnHighlighter) hl = new_ok (cases[i].include, cases[i].exclude);
      g_autofree char *got = describe (hl, cases[i].text);
      g_autofree char *include = escaped (cases[i].include);
      g_autofree char *exclude = escaped (cases[i].exclude);
      g_autofree char *text = escaped (cases[i].text);

      g_test_message ("include %s, exclude %s: %s", include, exclude, text);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* ------------------------------------------------------------------------ */

static void
test_words (void)
{
  static const Case cases[] = {
    { "peer", NULL, "Peer workers, peering and peers; a PEER.", "+[Peer] +[PEER]" },
    { "peer", NULL, "peer_support peer2 2peer peer-led", "+[peer]" },
    { "peer, recovery; coach\nhousing", NULL, "Recovery coach housing for peer",
      "+[Recovery] +[coach] +[housing] +[peer]" },
    { NULL, "rat", "Rats and a rat, not pirates or ratio.", "-[rat]" },
    /* the same term twice, in any case, is one term */
    { "peer, PEER, Peer", NULL, "peer", "+[peer]" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_truncation (void)
{
  static const Case cases[] = {
    { "recover*", NULL, "Recover, recovery and recovering, unrecovered.", "+[Recover] +[recovery] +[recovering]" },
    { "*therapy", NULL, "Therapy, psychotherapy, therapyx.", "+[Therapy] +[psychotherapy]" },
    { "wom*n", NULL, "woman women womb womxn", "+[woman] +[women] +[womxn]" },
    { "peer*", NULL, "peers peering peer pee", "+[peers] +[peering] +[peer]" },
    { "*sync*", NULL, "asynchronous sync synch", "+[asynchronous] +[sync] +[synch]" },
    /* ** is * */
    { "recover**", NULL, "recovery", "+[recovery]" },
    /* a truncated word matches only word characters */
    { "recover*", NULL, "recover-ed", "+[recover]" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_phrases (void)
{
  static const Case cases[] = {
    { "\"peer support\"", NULL, "Peer\n   support, and peer\r\nsupport, and peer  supporters",
      "+[Peer\n   support] +[peer\r\nsupport]" },
    /* white space in an unquoted term is a phrase too */
    { "peer support", NULL, "peer\tsupport", "+[peer\tsupport]" },
    /* "*" in phrases; "*" alone is exactly one word */
    { "\"peer* work*\"", NULL, "peers working", "+[peers working]" },
    { "\"peer * worker\"", NULL, "peer support worker; peer worker; peer \n worker", "+[peer support worker]" },
    /* a comma inside quotes is part of the phrase */
    { "\"ill, severely\"", NULL, "ill, severely", "+[ill, severely]" },
    /* typographic quote marks */
    { "“peer support”, „Selbsthilfe gruppe“", NULL, "peer support Selbsthilfe gruppe",
      "+[peer support] +[Selbsthilfe gruppe]" },
    /* within one list the longest term wins where several start */
    { "peer, \"peer support\", \"peer support worker\"", NULL, "peer support worker and peer support and peer",
      "+[peer support worker] +[peer support] +[peer]" },
    { "recover*, \"recovery coach\"", NULL, "recovery coaches, recovery coach", "+[recovery] +[recovery coach]" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_case_and_unicode (void)
{
  static const Case cases[] = {
    { "ÉTUDE", NULL, "une étude, des études, une Étude", "+[étude] +[Étude]" },
    /* diacritics count as written */
    { "etude", NULL, "une étude", "" },
    /* Greek, with the final sigma */
    { "καρκινος", NULL, "ΚΑΡΚΙΝΟΣ και καρκινοσ", "+[ΚΑΡΚΙΝΟΣ] +[καρκινοσ]" },
    { "ΨΥΧΉ", NULL, "η ψυχή", "+[ψυχή]" },
    /* German ß: the capital ẞ folds to it; "ss" is two letters */
    { "straße", NULL, "STRAẞE, Straße, STRASSE", "+[STRAẞE] +[Straße]" },
    /* word boundaries know Unicode letters */
    { "peer", NULL, "peerä äpeer peer", "+[peer]" },
    { "rzte", NULL, "Ärzte", "" },
    { "日本", NULL, "日本", "+[日本]" },
    /* Cyrillic */
    { "исследование", NULL, "ИССЛЕДОВАНИЕ", "+[ИССЛЕДОВАНИЕ]" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_metacharacters (void)
{
  static const Case cases[] = {
    { "C++", NULL, "C++ and C and C+ and ABC++", "+[C++]" },
    { "(peer)", NULL, "peer (peer)", "+[(peer)]" },
    { "a.b", NULL, "axb a.b", "+[a.b]" },
    { "a|b", NULL, "a b a|b", "+[a|b]" },
    { "[x]", NULL, "x [x]", "+[[x]]" },
    { "\\d", NULL, "1 \\d", "+[\\d]" },
    { "$5?", NULL, "5 $5?", "+[$5?]" },
    { "^a+b{2}", NULL, "aab ^a+b{2}", "+[^a+b{2}]" },
    { "(?i)x", NULL, "x (?i)x", "+[(?i)x]" },
    { "\\Q.\\E", NULL, ". \\Q.\\E", "+[\\Q.\\E]" },
    { "#x", NULL, "x #x", "+[#x]" },
    /* a one-word term with punctuation goes before a truncated one */
    { "C*, C#", NULL, "C# and Cobol", "+[C#] +[Cobol]" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_overlap (void)
{
  static const Case cases[] = {
    /* the longer wins */
    { "peer", "\"peer review\"", "peer review of peer support", "-[peer review] +[peer]" },
    { "\"randomised trial\"", "trial", "a randomised trial; a trial", "+[randomised trial] -[trial]" },
    /* as long: exclude */
    { "trial", "trial", "trial", "-[trial]" },
    { "trial*", "trials", "trials and trial", "-[trials] +[trial]" },
    /* overlapping, neither containing the other */
    { "\"alpha beta\"", "\"beta gamma delta\"", "alpha beta gamma delta", "-[beta gamma delta]" },
    /* stronger first: the long include beats the exclude, which then no
     * longer hides the first include */
    { "\"alpha beta\", \"gamma delta epsilon\"", "\"beta gamma\"", "alpha beta gamma delta epsilon",
      "+[alpha beta] +[gamma delta epsilon]" },
    /* side by side, no overlap: both shown */
    { "peer", "support", "peer support", "+[peer] -[support]" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_empty (void)
{
  static const char *const lists[] = { NULL, "", " , ;\n\n ;", "\t" };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(WnHighlighter) hl = new_ok (lists[i], lists[i]);
      g_autofree char *got = describe (hl, "peer support and anything else");

      g_assert_cmpuint (wn_highlighter_get_n_terms (hl, WN_HIGHLIGHT_INCLUDE), ==, 0);
      g_assert_cmpuint (wn_highlighter_get_n_terms (hl, WN_HIGHLIGHT_EXCLUDE), ==, 0);
      g_assert_cmpstr (got, ==, "");
    }

  /* one list empty, the other not; empty texts */
  {
    g_autoptr(WnHighlighter) hl = new_ok ("", "peer, , support,");
    g_autofree char *got = describe (hl, "peer support");
    g_autofree char *none = describe (hl, "");
    g_autoptr(GArray) zero = wn_highlighter_find (hl, "peer", 0);

    g_assert_cmpuint (wn_highlighter_get_n_terms (hl, WN_HIGHLIGHT_EXCLUDE), ==, 2);
    g_assert_cmpstr (got, ==, "-[peer] -[support]");
    g_assert_cmpstr (none, ==, "");
    g_assert_cmpuint (zero->len, ==, 0);
  }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(WnHighlighter) hl = new_ok ("peer, \"peer support\"", "trial*");
  /* Invalid bytes are word breaks; the valid text around them is matched. */
  static const char text[] = "peer \xff\xfe peer support \xc3 trials\xffpeer \xe2\x82 peer\xed\xa0\x80";
  g_autofree char *got = describe (hl, text);
  g_autoptr(GArray) spans = wn_highlighter_find (hl, text, -1);

  g_assert_cmpstr (got, ==, "+[peer] +[peer support] -[trials] +[peer] +[peer]");
  g_assert_cmpuint (g_array_index (spans, WnHighlightSpan, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (spans, WnHighlightSpan, 1).start, ==, 8);
  g_assert_cmpuint (g_array_index (spans, WnHighlightSpan, 3).start, ==,
                    (guint) (strstr (text, "\xffpeer") - text + 1));

  /* A NUL inside the length given is a word break too. */
  {
    static const char with_nul[] = "peer\0peer";
    g_autofree char *nul = describe_len (hl, with_nul, sizeof with_nul - 1);

    g_assert_cmpstr (nul, ==, "+[peer] +[peer]");
  }

  /* A length that cuts a character: the cut character is not matched. */
  {
    g_autoptr(WnHighlighter) greek = new_ok ("ψυχή", NULL);
    g_autofree char *cut = describe_len (greek, "ψυχή", strlen ("ψυχή") - 1);
    g_autofree char *whole = describe_len (greek, "ψυχή", strlen ("ψυχή"));

    g_assert_cmpstr (cut, ==, "");
    g_assert_cmpstr (whole, ==, "+[ψυχή]");
  }
}

static void
test_errors (void)
{
  static const struct
  {
    const char *include;
    const char *exclude;
    int         code;
    const char *in_message;
  } cases[] = {
    { "peer, \"peer support", NULL, WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE, "“\"peer support”" },
    { "\"peer support\nrecovery\"", NULL, WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE, "“\"peer support”" },
    { NULL, "peer\"s", WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE, "Exclude terms: “peer\"s”" },
    { "\"peer support\" worker, x", NULL, WN_HIGHLIGHT_ERROR_TEXT_AFTER_QUOTE, "“\"peer support\" worker”" },
    { "peer, \"\"", NULL, WN_HIGHLIGHT_ERROR_EMPTY_PHRASE, "Include terms: “\"\"”" },
    { "\"  \"", NULL, WN_HIGHLIGHT_ERROR_EMPTY_PHRASE, "“\"  \"”" },
    { "peer; *", NULL, WN_HIGHLIGHT_ERROR_ONLY_WILDCARD, "“*”" },
    { "\"* **\"", NULL, WN_HIGHLIGHT_ERROR_ONLY_WILDCARD, "“\"* **\"”" },
    { "peer \xff", NULL, WN_HIGHLIGHT_ERROR_INVALID_TEXT, "Include terms:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WnHighlighter) hl = wn_highlighter_new (cases[i].include, cases[i].exclude, &error);
      g_autofree char *include = escaped (cases[i].include);
      g_autofree char *exclude = escaped (cases[i].exclude);

      g_test_message ("include %s, exclude %s", include, exclude);
      g_assert_null (hl);
      g_assert_error (error, WN_HIGHLIGHT_ERROR, cases[i].code);
      g_test_message ("message: %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }

  /* A long term is cut in the message. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WnHighlighter) hl =
      wn_highlighter_new ("\"systematic review of the effectiveness of peer support workers in mental health", NULL,
                          &error);

    g_assert_null (hl);
    g_assert_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE);
    g_assert_nonnull (strstr (error->message, "…”"));
    g_assert_null (strstr (error->message, "mental health"));
  }
}

static void
test_multibyte_offsets (void)
{
  g_autoptr(WnHighlighter) hl = new_ok ("ärztin, \"résumé clinique\"", "日本*");
  static const char text[] = "Über die Ärztin — 日本語の résumé\nclinique 🙂 ÄRZTIN";
  g_autoptr(GArray) spans = wn_highlighter_find (hl, text, -1);
  static const struct
  {
    const char      *needle;
    WnHighlightKind  kind;
  } expected[] = {
    { "Ärztin", WN_HIGHLIGHT_INCLUDE },
    { "日本語の", WN_HIGHLIGHT_EXCLUDE },
    { "résumé\nclinique", WN_HIGHLIGHT_INCLUDE },
    { "ÄRZTIN", WN_HIGHLIGHT_INCLUDE },
  };

  check_invariants (spans, text, strlen (text));
  g_assert_cmpuint (spans->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const WnHighlightSpan *span = &g_array_index (spans, WnHighlightSpan, i);
      const char *at = strstr (text, expected[i].needle);

      g_assert_nonnull (at);
      g_assert_cmpuint (span->start, ==, (guint) (at - text));
      g_assert_cmpuint (span->end, ==, (guint) (at - text + strlen (expected[i].needle)));
      g_assert_cmpint (span->kind, ==, expected[i].kind);
    }
}

static void
test_count (void)
{
  g_autoptr(WnHighlighter) hl = new_ok ("peer*, recovery", "rat*, \"animal model\"");
  guint n_include = G_MAXUINT;
  guint n_exclude = G_MAXUINT;

  wn_highlighter_count (hl, "Peer recovery in rats: an animal  model of peers", -1, &n_include, &n_exclude);
  g_assert_cmpuint (n_include, ==, 3);
  g_assert_cmpuint (n_exclude, ==, 2);

  /* NULL counts are allowed */
  wn_highlighter_count (hl, "peer", -1, NULL, &n_exclude);
  g_assert_cmpuint (n_exclude, ==, 0);
  wn_highlighter_count (hl, "rat", -1, &n_include, NULL);
  g_assert_cmpuint (n_include, ==, 0);
}

static void
test_normalise (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *again = NULL;
  g_auto(GStrv) split = NULL;

  normal = wn_highlight_terms_normalise ("  peer ;recover** , \"peer   support\", \"C++\",  Peer\n"
                                         "\"a, b\"\r\nunquoted  phrase;“x”",
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (normal, ==, "peer\nrecover*\n\"peer support\"\nC++\n\"a, b\"\n\"unquoted phrase\"\nx");

  /* the stored form parses back to itself */
  again = wn_highlight_terms_normalise (normal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, normal);

  split = wn_highlight_terms_split (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (split);
  g_assert_cmpuint (g_strv_length (split), ==, 0);

  g_assert_null (wn_highlight_terms_normalise ("\"open", &error));
  g_assert_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE);
  /* no list name outside wn_highlighter_new() */
  g_assert_null (strstr (error->message, "terms:"));
}

static void
test_refcount (void)
{
  g_autoptr(WnHighlighter) hl = new_ok ("peer", NULL);
  GValue value = G_VALUE_INIT;
  WnHighlighter *held;

  g_assert_true (wn_highlighter_ref (hl) == hl);
  wn_highlighter_unref (hl);

  g_assert_true (G_TYPE_IS_BOXED (WN_TYPE_HIGHLIGHTER));
  g_value_init (&value, WN_TYPE_HIGHLIGHTER);
  g_value_set_boxed (&value, hl);
  held = g_value_get_boxed (&value);
  g_assert_true (held == hl);
  g_value_unset (&value);

  /* still usable after the GValue let go */
  {
    g_autofree char *got = describe (hl, "peer");

    g_assert_cmpstr (got, ==, "+[peer]");
  }
}

/* The screening view highlights each abstract as it is shown: 50 terms on
 * a 3,000-character abstract must take well under a millisecond. */
static void
test_speed (void)
{
  static const char *const words[] = {
    "peer", "support", "recovery", "randomised", "trial", "mental", "health", "worker", "coach", "outcome",
    "participants", "intervention", "community", "services", "qualitative", "interviews", "études", "ψυχή",
  };
  g_autoptr(GString) include = g_string_new (NULL);
  g_autoptr(GString) exclude = g_string_new (NULL);
  g_autoptr(GString) abstract = g_string_new (NULL);
  g_autoptr(WnHighlighter) hl = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint total = 0;
  const guint rounds = 200;
  double per_call;

  /* Every word, bare, truncated or in a phrase, so that many terms match,
   * and terms that never match (the digits), which cost as much to try. */
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_string_append_printf (include, i % 3 == 0 ? "%s*, " : "%s, ", words[i]);
      g_string_append_printf (exclude, "\"%s %s\"; ", words[i], words[(i * 11 + 11) % G_N_ELEMENTS (words)]);
    }
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (include, "%s%s%u*, ", i % 3 ? "" : "*", words[i], i);
  g_string_append (include, "recover*, \"peer support\", *therapy, C++");
  for (guint i = 0; abstract->len < 3000; i++)
    g_string_append_printf (abstract, "%s%s", words[(i * 11) % G_N_ELEMENTS (words)], i % 9 == 8 ? ".\n" : " ");

  hl = new_ok (include->str, exclude->str);
  g_assert_cmpuint (wn_highlighter_get_n_terms (hl, WN_HIGHLIGHT_INCLUDE) +
                      wn_highlighter_get_n_terms (hl, WN_HIGHLIGHT_EXCLUDE), >=, 50);

  timer = g_timer_new ();
  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GArray) spans = wn_highlighter_find (hl, abstract->str, abstract->len);

      total += spans->len;
    }
  per_call = g_timer_elapsed (timer, NULL) / rounds;
  g_test_message ("%u matches per call, %.1f µs per call", total / rounds, per_call * 1e6);
  g_assert_cmpuint (total, >, 0);
  /* Valgrind (build-aux/sanitize) runs code some 50 times slower. */
  if (g_getenv ("LD_PRELOAD") == NULL || strstr (g_getenv ("LD_PRELOAD"), "vgpreload") == NULL)
    g_assert_cmpfloat (per_call, <, 1e-3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wn/core/highlight/words", test_words);
  g_test_add_func ("/wn/core/highlight/truncation", test_truncation);
  g_test_add_func ("/wn/core/highlight/phrases", test_phrases);
  g_test_add_func ("/wn/core/highlight/case-and-unicode", test_case_and_unicode);
  g_test_add_func ("/wn/core/highlight/metacharacters", test_metacharacters);
  g_test_add_func ("/wn/core/highlight/overlap", test_overlap);
  g_test_add_func ("/wn/core/highlight/empty", test_empty);
  g_test_add_func ("/wn/core/highlight/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/wn/core/highlight/errors", test_errors);
  g_test_add_func ("/wn/core/highlight/multibyte-offsets", test_multibyte_offsets);
  g_test_add_func ("/wn/core/highlight/count", test_count);
  g_test_add_func ("/wn/core/highlight/normalise", test_normalise);
  g_test_add_func ("/wn/core/highlight/refcount", test_refcount);
  g_test_add_func ("/wn/core/highlight/speed", test_speed);

  return g_test_run ();
}
