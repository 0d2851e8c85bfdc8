/* wn-synth.c — plausible synthetic records for demos, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wn-synth.h"

static const char *const surnames[] = {
  "Smith", "García", "Nguyen", "O'Brien", "Müller", "Okafor", "Kowalski", "Jensen",
  "Hernández", "Tanaka", "Brown", "Dubois", "Rossi", "Johansson", "Patel", "Wilson",
  "Martínez", "Cohen", "Andersen", "Kim", "Fitzgerald", "Mensah", "Silva", "Novak",
  "Eriksson", "Laurent", "Ahmed", "Walker", "Kelly", "Moreau", "Schmidt", "Costa",
};
static const char *const given[] = {
  "Anna", "James", "Maria", "David", "Sarah", "Michael", "Laura", "Thomas",
  "Chloe", "Daniel", "Emily", "Kwame", "Sofia", "Ravi", "Ingrid", "Lucas",
  "Aisha", "Patrick", "Elena", "Hiroshi", "Grace", "Mateus", "Fatima", "Owen",
};
static const char *const roles[] = {
  "peer recovery support specialists", "peer recovery coaches", "peer support workers",
  "certified peer specialists", "recovery support staff", "lived-experience practitioners",
  "peer navigators", "recovery coaches in emergency departments",
};
static const char *const outcomes[] = {
  "burnout", "job satisfaction", "vicarious trauma", "compassion fatigue", "turnover intention",
  "role ambiguity", "occupational stress", "secondary traumatic stress", "workplace wellbeing",
  "professional identity", "retention", "relapse risk among staff",
};
static const char *const settings[] = {
  "recovery community organisations", "rehabilitation centres", "emergency departments",
  "opioid treatment programmes", "harm reduction services", "primary care clinics",
  "criminal justice diversion programmes", "residential treatment services",
  "community mental health teams", "telehealth recovery services",
};
static const char *const designs[] = {
  "a qualitative study", "a cross-sectional survey", "a mixed-methods evaluation",
  "a longitudinal cohort study", "a scoping review", "a randomised controlled trial",
  "an ethnographic study", "a focus group study", "a national survey", "a case study",
};
static const char *const title_patterns[] = {
  "%s and %s among %s: %s",
  "Predictors of %s in %s working in %s",
  "Supporting %s: %s and organisational factors in %s",
  "\"It is part of my recovery\": %s among %s in %s",
  "%s, supervision and %s among %s",
  "Workforce outcomes of %s in %s: %s",
};
static const char *const journals[] = {
  "Journal of Substance Abuse Treatment", "Addiction", "Drug and Alcohol Dependence",
  "Psychiatric Rehabilitation Journal", "Journal of Dual Diagnosis", "Substance Abuse",
  "Community Mental Health Journal", "Addiction Research & Theory",
  "International Journal of Drug Policy", "Journal of Behavioral Health Services & Research",
  "Alcoholism Treatment Quarterly", "Social Work in Public Health",
};
static const char *const countries[] = {
  "United States", "Canada", "United Kingdom", "Australia", "Ireland", "New Zealand",
  "Scotland", "Netherlands", "Sweden", "South Africa",
};
static const char *const sentences[] = {
  "Peer workers draw on lived experience of substance use and recovery to support others.",
  "Little is known about how the work affects their own wellbeing and careers.",
  "We recruited %d participants from %s in %s.",
  "Data were collected through semi-structured interviews and analysed thematically.",
  "Participants completed validated measures of %s and %s.",
  "Higher caseloads were associated with greater %s.",
  "Clear role definitions and supervision by experienced peers were protective.",
  "Low pay, job insecurity and stigma from clinical colleagues were reported as stressors.",
  "Organisational support moderated the relationship between exposure to trauma and %s.",
  "Findings suggest that employers should invest in training, supervision and career pathways.",
  "Self-care practices and connection to a recovery community helped sustain the work.",
  "The results inform workforce development policy for %s.",
};

#define PICK(rand, array) (array[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
append_tag (GString    *out,
            const char *tag,
            const char *value)
{
  g_string_append (out, tag);
  g_string_append (out, "  - ");
  g_string_append (out, value);
  g_string_append (out, "\r\n");
}

static void
capitalise_first (GString *text,
                  gsize    from)
{
  if (text->len > from)
    text->str[from] = g_ascii_toupper (text->str[from]);
}

static void
write_ris_record (GString *out,
                  GRand   *rand,
                  guint    index)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) abstract = g_string_new (NULL);
  g_autofree char *value = NULL;
  const char *role = PICK (rand, roles);
  const char *outcome = PICK (rand, outcomes);
  const char *outcome2 = PICK (rand, outcomes);
  const char *setting = PICK (rand, settings);
  const char *design = PICK (rand, designs);
  const char *journal = PICK (rand, journals);
  const char *country = PICK (rand, countries);
  int year = g_rand_int_range (rand, 1998, 2026);
  int n_authors = g_rand_int_range (rand, 1, 7);
  int start_page = g_rand_int_range (rand, 1, 900);
  int pattern = g_rand_int_range (rand, 0, G_N_ELEMENTS (title_patterns));
  int n_sentences = g_rand_int_range (rand, 5, 9);

  switch (pattern)
    {
    case 0:
      g_string_printf (title, title_patterns[0], outcome, outcome2, role, design);
      break;
    case 1:
      g_string_printf (title, title_patterns[1], outcome, role, setting);
      break;
    case 2:
      g_string_printf (title, title_patterns[2], role, outcome, setting);
      break;
    case 3:
      g_string_printf (title, title_patterns[3], outcome, role, setting);
      break;
    case 4:
      g_string_printf (title, title_patterns[4], outcome, outcome2, role);
      break;
    default:
      g_string_printf (title, title_patterns[5], role, setting, design);
    }
  capitalise_first (title, title->str[0] == '"' ? 1 : 0);

  g_string_append (out, "TY  - JOUR\r\n");
  value = g_strdup_printf ("SYN%06u", index + 1);
  append_tag (out, "ID", value);
  g_clear_pointer (&value, g_free);
  append_tag (out, "T1", title->str);
  for (int i = 0; i < n_authors; i++)
    {
      const char *first = PICK (rand, given);
      value = g_strdup_printf ("%s, %s%s", PICK (rand, surnames), first,
                               g_rand_boolean (rand) ? " J." : "");
      append_tag (out, "AU", value);
      g_clear_pointer (&value, g_free);
    }
  value = g_strdup_printf ("%d", year);
  append_tag (out, "PY", value);
  g_clear_pointer (&value, g_free);
  append_tag (out, "JO", journal);
  value = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 60));
  append_tag (out, "VL", value);
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 12));
  append_tag (out, "IS", value);
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%d", start_page);
  append_tag (out, "SP", value);
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%d", start_page + g_rand_int_range (rand, 5, 25));
  append_tag (out, "EP", value);
  g_clear_pointer (&value, g_free);

  for (int i = 0; i < n_sentences; i++)
    {
      const char *sentence = PICK (rand, sentences);
      g_autofree char *filled = NULL;

      if (i > 0)
        g_string_append_c (abstract, ' ');
      /* Sentences take the study's own words where they have gaps. */
      if (g_strstr_len (sentence, -1, "%d") != NULL)
        filled = g_strdup_printf (sentence, g_rand_int_range (rand, 8, 900), setting, country);
      else if (g_strstr_len (sentence, -1, "%s and %s") != NULL)
        filled = g_strdup_printf (sentence, outcome, outcome2);
      else if (g_strstr_len (sentence, -1, "%s") != NULL)
        filled = g_strdup_printf (sentence, outcome);
      else
        filled = g_strdup (sentence);
      g_string_append (abstract, filled);
    }
  append_tag (out, "AB", abstract->str);

  append_tag (out, "KW", "peer support");
  append_tag (out, "KW", outcome);
  append_tag (out, "KW", role);
  if (g_rand_int_range (rand, 0, 10) < 9)
    {
      value = g_strdup_printf ("10.%d/syn.%d.%06u", 1000 + g_rand_int_range (rand, 0, 9000), year, index + 1);
      append_tag (out, "DO", value);
      g_clear_pointer (&value, g_free);
    }
  append_tag (out, "LA", "English");
  append_tag (out, "CY", country);
  g_string_append (out, "ER  - \r\n\r\n");
}

gboolean
wn_synth_write (GOutputStream  *out,
                WnSynthFormat   format,
                guint           n,
                guint32         seed,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GString) buffer = g_string_sized_new (1 << 20);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (format == WN_SYNTH_RIS, FALSE);

  for (guint i = 0; i < n; i++)
    {
      write_ris_record (buffer, rand, i);
      if (buffer->len > (1 << 20) || i + 1 == n)
        {
          if (!g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }

  return TRUE;
}
