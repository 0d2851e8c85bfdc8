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
/* Templates fill {role}, {outcome}, {outcome2}, {setting}, {design},
 * {country} and {n} (a sample size). */
static const char *const title_patterns[] = {
  "{Outcome} and {outcome2} among {role}: {design}",
  "Predictors of {outcome} in {role} working in {setting}",
  "Supporting {role}: {outcome} and organisational factors in {setting}",
  "\"It is part of my recovery\": {outcome} among {role} in {setting}",
  "{Outcome}, supervision and {outcome2} among {role}",
  "Workforce outcomes of {role} in {setting}: {design}",
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
  "We recruited {n} participants from {setting} in {country}.",
  "Data were collected through semi-structured interviews and analysed thematically.",
  "Participants completed validated measures of {outcome} and {outcome2}.",
  "Higher caseloads were associated with greater {outcome}.",
  "Clear role definitions and supervision by experienced peers were protective.",
  "Low pay, job insecurity and stigma from clinical colleagues were reported as stressors.",
  "Organisational support moderated the relationship between exposure to trauma and {outcome}.",
  "Findings suggest that employers should invest in training, supervision and career pathways.",
  "Self-care practices and connection to a recovery community helped sustain the work.",
  "The results inform workforce development policy for {role}.",
};

#define PICK(rand, array) (array[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* One made-up record, before it is written in any format. */
typedef struct
{
  guint      index;
  char      *title;
  GPtrArray *last_names;
  GPtrArray *first_names;
  int        year;
  const char *journal;
  int        volume;
  int        issue;
  int        first_page;
  int        last_page;
  char      *abstract;
  const char *keywords[3];
  char      *doi;      /* NULL for one record in ten, as real exports lack some */
  guint      pmid;
  const char *country;
} SynthRecord;

static void
synth_record_clear (SynthRecord *record)
{
  g_free (record->title);
  g_ptr_array_unref (record->last_names);
  g_ptr_array_unref (record->first_names);
  g_free (record->abstract);
  g_free (record->doi);
}

typedef struct
{
  const char *role;
  const char *outcome;
  const char *outcome2;
  const char *setting;
  const char *design;
  const char *country;
  int         n;
} Words;

/* Expands a template's {placeholders}; "{Outcome}" capitalises. */
static void
expand (GString     *out,
        const char  *template,
        const Words *words)
{
  for (const char *p = template; *p; p++)
    {
      const char *close;
      g_autofree char *name = NULL;
      const char *value = NULL;
      gboolean capital;
      gsize at;

      if (*p != '{' || (close = strchr (p, '}')) == NULL)
        {
          g_string_append_c (out, *p);
          continue;
        }
      name = g_ascii_strdown (p + 1, close - p - 1);
      capital = g_ascii_isupper (p[1]);
      if (g_str_equal (name, "role"))
        value = words->role;
      else if (g_str_equal (name, "outcome"))
        value = words->outcome;
      else if (g_str_equal (name, "outcome2"))
        value = words->outcome2;
      else if (g_str_equal (name, "setting"))
        value = words->setting;
      else if (g_str_equal (name, "design"))
        value = words->design;
      else if (g_str_equal (name, "country"))
        value = words->country;
      at = out->len;
      if (value != NULL)
        g_string_append (out, value);
      else
        g_string_append_printf (out, "%d", words->n);
      if (capital && out->len > at)
        out->str[at] = g_ascii_toupper (out->str[at]);
      p = close;
    }
}

static void
synth_record_make (SynthRecord *record,
                   GRand       *rand,
                   guint        index)
{
  GString *title = g_string_new (NULL);
  GString *abstract = g_string_new (NULL);
  Words words;
  int n_authors;
  int n_sentences;

  words.role = PICK (rand, roles);
  words.outcome = PICK (rand, outcomes);
  words.outcome2 = PICK (rand, outcomes);
  words.setting = PICK (rand, settings);
  words.design = PICK (rand, designs);
  words.country = PICK (rand, countries);
  words.n = g_rand_int_range (rand, 8, 900);

  record->index = index;
  expand (title, PICK (rand, title_patterns), &words);
  if (title->len > 0)
    title->str[0] = g_ascii_toupper (title->str[0]);
  record->title = g_string_free (title, FALSE);

  record->last_names = g_ptr_array_new ();
  record->first_names = g_ptr_array_new_with_free_func (g_free);
  n_authors = g_rand_int_range (rand, 1, 7);
  for (int i = 0; i < n_authors; i++)
    {
      const char *first = PICK (rand, given);

      g_ptr_array_add (record->last_names, (gpointer) PICK (rand, surnames));
      g_ptr_array_add (record->first_names, g_strdup_printf ("%s%s", first, g_rand_boolean (rand) ? " J." : ""));
    }

  record->year = g_rand_int_range (rand, 1998, 2026);
  record->journal = PICK (rand, journals);
  record->volume = g_rand_int_range (rand, 1, 60);
  record->issue = g_rand_int_range (rand, 1, 12);
  record->first_page = g_rand_int_range (rand, 1, 900);
  record->last_page = record->first_page + g_rand_int_range (rand, 5, 25);

  n_sentences = g_rand_int_range (rand, 5, 9);
  for (int i = 0; i < n_sentences; i++)
    {
      if (i > 0)
        g_string_append_c (abstract, ' ');
      expand (abstract, PICK (rand, sentences), &words);
    }
  record->abstract = g_string_free (abstract, FALSE);

  record->keywords[0] = "peer support";
  record->keywords[1] = words.outcome;
  record->keywords[2] = words.role;
  record->doi = g_rand_int_range (rand, 0, 10) < 9
                ? g_strdup_printf ("10.%d/syn.%d.%06u", 1000 + g_rand_int_range (rand, 0, 9000), record->year, index + 1)
                : NULL;
  record->pmid = 30000000 + index + 1;
  record->country = words.country;
}

/* RIS as EBSCOhost writes it: CRLF, "TAG  - value", a blank line after ER. */
static void
ris_tag (GString    *out,
         const char *tag,
         const char *value)
{
  g_string_append (out, tag);
  g_string_append (out, "  - ");
  g_string_append (out, value);
  g_string_append (out, "\r\n");
}

static void
write_ris (GString           *out,
           const SynthRecord *r)
{
  g_string_append (out, "TY  - JOUR\r\n");
  g_string_append_printf (out, "ID  - SYN%06u\r\n", r->index + 1);
  ris_tag (out, "T1", r->title);
  for (guint i = 0; i < r->last_names->len; i++)
    g_string_append_printf (out, "AU  - %s, %s\r\n",
                            (const char *) r->last_names->pdata[i], (const char *) r->first_names->pdata[i]);
  g_string_append_printf (out, "PY  - %d\r\n", r->year);
  ris_tag (out, "JO", r->journal);
  g_string_append_printf (out, "VL  - %d\r\nIS  - %d\r\nSP  - %d\r\nEP  - %d\r\n",
                          r->volume, r->issue, r->first_page, r->last_page);
  ris_tag (out, "AB", r->abstract);
  for (guint i = 0; i < G_N_ELEMENTS (r->keywords); i++)
    ris_tag (out, "KW", r->keywords[i]);
  if (r->doi)
    ris_tag (out, "DO", r->doi);
  ris_tag (out, "LA", "English");
  ris_tag (out, "CY", r->country);
  g_string_append (out, "ER  - \r\n\r\n");
}

/* Wraps text at about width columns, each further line prefixed with
 * indent: how MEDLINE (six spaces) and WoS (three) continue a field. */
static void
append_wrapped (GString    *out,
                const char *text,
                const char *indent,
                guint       width)
{
  guint column = 0;
  const char *p = text;

  while (*p)
    {
      const char *word_end = p;

      while (*word_end && *word_end != ' ')
        word_end++;
      if (column > 0 && column + (word_end - p) > width)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, indent);
          column = 0;
        }
      else if (column > 0)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append_len (out, p, word_end - p);
      column += word_end - p;
      p = *word_end ? word_end + 1 : word_end;
    }
  g_string_append_c (out, '\n');
}

/* MEDLINE/.nbib as PubMed writes it. */
static void
write_medline (GString           *out,
               const SynthRecord *r)
{
  g_string_append_printf (out, "PMID- %u\nOWN - NLM\nSTAT- MEDLINE\nDP  - %d\nTI  - ", r->pmid, r->year);
  append_wrapped (out, r->title, "      ", 76);
  g_string_append_printf (out, "PG  - %d-%d\n", r->first_page, r->last_page);
  if (r->doi)
    g_string_append_printf (out, "LID - %s [doi]\n", r->doi);
  g_string_append (out, "AB  - ");
  append_wrapped (out, r->abstract, "      ", 76);
  for (guint i = 0; i < r->last_names->len; i++)
    {
      const char *first = r->first_names->pdata[i];

      g_string_append_printf (out, "FAU - %s, %s\nAU  - %s %c\n",
                              (const char *) r->last_names->pdata[i], first,
                              (const char *) r->last_names->pdata[i], first[0]);
    }
  g_string_append (out, "LA  - eng\nPT  - Journal Article\n");
  g_string_append_printf (out, "TA  - %s\nJT  - %s\nVI  - %d\nIP  - %d\n", r->journal, r->journal, r->volume, r->issue);
  for (guint i = 0; i < G_N_ELEMENTS (r->keywords); i++)
    g_string_append_printf (out, "OT  - %s\n", r->keywords[i]);
  if (r->doi)
    g_string_append_printf (out, "AID - %s [doi]\n", r->doi);
  g_string_append_printf (out, "SO  - %s. %d;%d(%d):%d-%d.\n\n", r->journal, r->year, r->volume, r->issue,
                          r->first_page, r->last_page);
}

/* Web of Science plain text: FN/VR header, PT…ER records, EF at the end. */
static void
write_wos (GString           *out,
           const SynthRecord *r)
{
  g_string_append (out, "PT J\n");
  for (guint i = 0; i < r->last_names->len; i++)
    {
      const char *first = r->first_names->pdata[i];

      g_string_append_printf (out, "%s %s, %c\n", i == 0 ? "AU" : "  ", (const char *) r->last_names->pdata[i], first[0]);
    }
  for (guint i = 0; i < r->last_names->len; i++)
    g_string_append_printf (out, "%s %s, %s\n", i == 0 ? "AF" : "  ",
                            (const char *) r->last_names->pdata[i], (const char *) r->first_names->pdata[i]);
  g_string_append (out, "TI ");
  append_wrapped (out, r->title, "   ", 70);
  g_string_append (out, "SO ");
  {
    g_autofree char *upper = g_ascii_strup (r->journal, -1);
    append_wrapped (out, upper, "   ", 70);
  }
  g_string_append (out, "LA English\nDT Article\n");
  g_string_append_printf (out, "DE %s; %s; %s\n", r->keywords[0], r->keywords[1], r->keywords[2]);
  g_string_append (out, "AB ");
  append_wrapped (out, r->abstract, "   ", 70);
  g_string_append_printf (out, "PY %d\nVL %d\nIS %d\nBP %d\nEP %d\n", r->year, r->volume, r->issue,
                          r->first_page, r->last_page);
  if (r->doi)
    g_string_append_printf (out, "DI %s\n", r->doi);
  g_string_append_printf (out, "PM %u\nUT WOS:%015u\nER\n\n", r->pmid, r->index + 1);
}

static void
xml_text (GString    *out,
          const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

/* PubMed XML as efetch returns it (the parts importers read). */
static void
write_pubmed_xml (GString           *out,
                  const SynthRecord *r)
{
  g_string_append_printf (out,
                          "<PubmedArticle>\n<MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n"
                          "<PMID Version=\"1\">%u</PMID>\n<Article PubModel=\"Print\">\n<Journal>\n"
                          "<JournalIssue CitedMedium=\"Print\"><Volume>%d</Volume><Issue>%d</Issue>"
                          "<PubDate><Year>%d</Year></PubDate></JournalIssue>\n<Title>",
                          r->pmid, r->volume, r->issue, r->year);
  xml_text (out, r->journal);
  g_string_append (out, "</Title>\n</Journal>\n<ArticleTitle>");
  xml_text (out, r->title);
  g_string_append_printf (out, "</ArticleTitle>\n<Pagination><MedlinePgn>%d-%d</MedlinePgn></Pagination>\n",
                          r->first_page, r->last_page);
  if (r->doi)
    g_string_append_printf (out, "<ELocationID EIdType=\"doi\" ValidYN=\"Y\">%s</ELocationID>\n", r->doi);
  g_string_append (out, "<Abstract><AbstractText>");
  xml_text (out, r->abstract);
  g_string_append (out, "</AbstractText></Abstract>\n<AuthorList CompleteYN=\"Y\">\n");
  for (guint i = 0; i < r->last_names->len; i++)
    {
      const char *first = r->first_names->pdata[i];

      g_string_append (out, "<Author ValidYN=\"Y\"><LastName>");
      xml_text (out, r->last_names->pdata[i]);
      g_string_append (out, "</LastName><ForeName>");
      xml_text (out, first);
      g_string_append_printf (out, "</ForeName><Initials>%c</Initials></Author>\n", first[0]);
    }
  g_string_append (out, "</AuthorList>\n<Language>eng</Language>\n</Article>\n<KeywordList Owner=\"NOTNLM\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (r->keywords); i++)
    {
      g_string_append (out, "<Keyword MajorTopicYN=\"N\">");
      xml_text (out, r->keywords[i]);
      g_string_append (out, "</Keyword>\n");
    }
  g_string_append (out, "</KeywordList>\n</MedlineCitation>\n<PubmedData><ArticleIdList>\n");
  g_string_append_printf (out, "<ArticleId IdType=\"pubmed\">%u</ArticleId>\n", r->pmid);
  if (r->doi)
    g_string_append_printf (out, "<ArticleId IdType=\"doi\">%s</ArticleId>\n", r->doi);
  g_string_append (out, "</ArticleIdList></PubmedData>\n</PubmedArticle>\n");
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

  if (format == WN_SYNTH_WOS)
    g_string_append (buffer, "\xef\xbb\xbf" "FN Clarivate Analytics Web of Science\nVR 1.0\n");
  else if (format == WN_SYNTH_PUBMED_XML)
    g_string_append (buffer, "<?xml version=\"1.0\" ?>\n"
                             "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2024//EN\""
                             " \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd\">\n"
                             "<PubmedArticleSet>\n");

  for (guint i = 0; i < n; i++)
    {
      SynthRecord record = { 0 };

      synth_record_make (&record, rand, i);
      switch (format)
        {
        case WN_SYNTH_RIS:
          write_ris (buffer, &record);
          break;
        case WN_SYNTH_MEDLINE:
          write_medline (buffer, &record);
          break;
        case WN_SYNTH_WOS:
          write_wos (buffer, &record);
          break;
        case WN_SYNTH_PUBMED_XML:
          write_pubmed_xml (buffer, &record);
          break;
        default:
          g_assert_not_reached ();
        }
      synth_record_clear (&record);

      if (buffer->len > (1 << 20))
        {
          if (!g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }

  if (format == WN_SYNTH_WOS)
    g_string_append (buffer, "EF\n");
  else if (format == WN_SYNTH_PUBMED_XML)
    g_string_append (buffer, "</PubmedArticleSet>\n");

  return g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error);
}
