/* test-code-path.c — codebook paths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wn-code-path.h"

/* /wn/coding/code-path/normalise: how people type a code → its one form */
static void
test_normalise (void)
{
  static const struct { const char *in; const char *out; int error; } rows[] = {
    { "Workforce outcomes/Burnout", "Workforce outcomes/Burnout", -1 },
    { "  Workforce   outcomes /  Burnout ", "Workforce outcomes/Burnout", -1 },
    { "Contributors/Organisational/Supervision", "Contributors/Organisational/Supervision", -1 },
    /* "é" typed as e + combining acute, composed to one character (NFC) */
    { "Re\xcc\x81sume\xcc\x81", "R\xc3\xa9sum\xc3\xa9", -1 },
    { "", NULL, WN_CODE_PATH_ERROR_EMPTY },
    { "Theme//Sub-theme", NULL, WN_CODE_PATH_ERROR_EMPTY },
    { "Theme/", NULL, WN_CODE_PATH_ERROR_EMPTY },
    { "A/B/C/D/E/F/G/H/I", NULL, WN_CODE_PATH_ERROR_TOO_DEEP },
    { "Bell\x07/x", NULL, WN_CODE_PATH_ERROR_INVALID },
    { "\xff\xfe", NULL, WN_CODE_PATH_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = wn_code_path_normalise (rows[i].in, &error);

      g_assert_cmpstr (out, ==, rows[i].out);
      if (rows[i].error >= 0)
        g_assert_error (error, WN_CODE_PATH_ERROR, rows[i].error);
      else
        g_assert_no_error (error);
    }
}

/* /wn/coding/code-path/within */
static void
test_within (void)
{
  g_assert_true (wn_code_path_is_within ("Outcomes/Burnout", "Outcomes"));
  g_assert_true (wn_code_path_is_within ("Outcomes", "Outcomes"));
  g_assert_false (wn_code_path_is_within ("Outcomes2/Burnout", "Outcomes"));
  g_assert_false (wn_code_path_is_within ("Outcomes", "Outcomes/Burnout"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wn/coding/code-path/normalise", test_normalise);
  g_test_add_func ("/wn/coding/code-path/within", test_within);
  return g_test_run ();
}
