/* wn-synth.c — plausible synthetic records for demos, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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
  char      *owned_journal;   /* the dedup mode's generated journal */
  GPtrArray *owned_names;     /* the dedup mode's generated surnames */
} SynthRecord;

static void
synth_record_clear (SynthRecord *record)
{
  g_free (record->title);
  g_ptr_array_unref (record->last_names);
  g_ptr_array_unref (record->first_names);
  g_free (record->abstract);
  g_free (record->doi);
  g_free (record->owned_journal);
  g_clear_pointer (&record->owned_names, g_ptr_array_unref);
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

/* A record as RIS fields, each an owned string or NULL (left out). The
 * dedup mode makes copies and near misses by editing one. */
typedef struct
{
  char       *type;
  char       *id;
  char       *title;
  GPtrArray  *authors;   /* "Last, First" */
  char       *year;
  char       *journal;
  char       *volume;
  char       *issue;
  char       *sp;
  char       *ep;
  char       *abstract;
  const char *keywords[3];
  char       *doi;
  char       *country;
} RisView;

static void
ris_view_clear (RisView *v)
{
  g_free (v->type);
  g_free (v->id);
  g_free (v->title);
  g_ptr_array_unref (v->authors);
  g_free (v->year);
  g_free (v->journal);
  g_free (v->volume);
  g_free (v->issue);
  g_free (v->sp);
  g_free (v->ep);
  g_free (v->abstract);
  g_free (v->doi);
  g_free (v->country);
}

static void
ris_view_init (RisView           *v,
               const SynthRecord *r)
{
  v->type = g_strdup ("JOUR");
  v->id = g_strdup_printf ("SYN%06u", r->index + 1);
  v->title = g_strdup (r->title);
  v->authors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < r->last_names->len; i++)
    g_ptr_array_add (v->authors, g_strdup_printf ("%s, %s", (const char *) r->last_names->pdata[i],
                                                  (const char *) r->first_names->pdata[i]));
  v->year = g_strdup_printf ("%d", r->year);
  v->journal = g_strdup (r->journal);
  v->volume = g_strdup_printf ("%d", r->volume);
  v->issue = g_strdup_printf ("%d", r->issue);
  v->sp = g_strdup_printf ("%d", r->first_page);
  v->ep = g_strdup_printf ("%d", r->last_page);
  v->abstract = g_strdup (r->abstract);
  for (guint i = 0; i < G_N_ELEMENTS (r->keywords); i++)
    v->keywords[i] = r->keywords[i];
  v->doi = g_strdup (r->doi);
  v->country = g_strdup (r->country);
}

static void
write_ris_view (GString       *out,
                const RisView *v)
{
  ris_tag (out, "TY", v->type);
  ris_tag (out, "ID", v->id);
  ris_tag (out, "T1", v->title);
  for (guint i = 0; i < v->authors->len; i++)
    ris_tag (out, "AU", g_ptr_array_index (v->authors, i));
  ris_tag (out, "PY", v->year);
  if (v->journal)
    ris_tag (out, "JO", v->journal);
  if (v->volume)
    ris_tag (out, "VL", v->volume);
  if (v->issue)
    ris_tag (out, "IS", v->issue);
  if (v->sp)
    ris_tag (out, "SP", v->sp);
  if (v->ep)
    ris_tag (out, "EP", v->ep);
  if (v->abstract)
    ris_tag (out, "AB", v->abstract);
  for (guint i = 0; i < G_N_ELEMENTS (v->keywords); i++)
    ris_tag (out, "KW", v->keywords[i]);
  if (v->doi)
    ris_tag (out, "DO", v->doi);
  ris_tag (out, "LA", "English");
  ris_tag (out, "CY", v->country);
  g_string_append (out, "ER  - \r\n\r\n");
}

static void
write_ris (GString           *out,
           const SynthRecord *r)
{
  RisView v;

  ris_view_init (&v, r);
  write_ris_view (out, &v);
  ris_view_clear (&v);
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

/* ------------------------------------------------------------------------ */
/* Duplicates and near misses (the dedup benchmarks)                         */

static const char *const syllables[] = {
  "ka", "lo", "mi", "ra", "ven", "dor", "sel", "tan", "bri", "ko", "ma", "nel", "sto", "vi", "gar",
  "hol", "ju", "pe", "ros", "tha", "wen", "zu", "al", "ber", "cas", "fen", "lin", "mor", "quin", "ster",
};
static const char *const fields[] = {
  "Addiction", "Recovery", "Mental Health", "Social Work", "Public Health", "Nursing", "Psychiatric",
  "Behavioral", "Community", "Occupational", "Health Services", "Rehabilitation", "Harm Reduction",
  "Peer Support", "Substance Use", "Workforce", "Trauma", "Counseling", "Prevention", "Primary Care",
};
static const char *const journal_forms[] = {
  "Journal of %s Research", "%s Quarterly", "International Journal of %s", "%s Review", "Journal of %s",
  "Advances in %s", "%s and Society", "Annals of %s", "%s Practice", "Clinical %s",
};
static const char *const title_tails[] = {
  ": findings from the %s study", " in %s county", ": the %s programme", ": lessons from %s",
  ": evidence from the %s cohort", " at %s",
};

/* A template with one "%s" filled (not printf: the templates are data). */
static char *
fill_template (const char *template,
               const char *value)
{
  g_auto(GStrv) parts = g_strsplit (template, "%s", 2);

  return g_strjoinv (value, parts);
}

/* A made-up proper noun: two or three syllables. */
static char *
made_up_name (GRand *rand)
{
  GString *name = g_string_new (NULL);
  int n = g_rand_int_range (rand, 2, 4);

  for (int i = 0; i < n; i++)
    g_string_append (name, PICK (rand, syllables));
  name->str[0] = g_ascii_toupper (name->str[0]);
  return g_string_free (name, FALSE);
}

/* The dedup mode's vocabulary: a million real records have far more
 * distinct titles, surnames and journals than the demo's word lists. */
static void
diversify (SynthRecord *r,
           GRand       *rand)
{
  g_autofree char *place = made_up_name (rand);
  g_autofree char *tail = fill_template (PICK (rand, title_tails), place);
  char *title = g_strconcat (r->title, tail, NULL);

  g_free (r->title);
  r->title = title;

  r->owned_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < r->last_names->len; i++)
    if (g_rand_int_range (rand, 0, 10) < 7)
      {
        char *name = made_up_name (rand);

        g_ptr_array_add (r->owned_names, name);
        r->last_names->pdata[i] = name;
      }

  if (g_rand_int_range (rand, 0, 10) < 8)
    {
      r->owned_journal = fill_template (PICK (rand, journal_forms), PICK (rand, fields));
      r->journal = r->owned_journal;
    }
}

static gboolean
chance (GRand *rand,
        int    percent)
{
  return g_rand_int_range (rand, 0, 100) < percent;
}

static void
replace_all (char       **text,
             const char  *from,
             const char  *to)
{
  g_auto(GStrv) parts = NULL;

  if (*text == NULL || strstr (*text, from) == NULL)
    return;
  parts = g_strsplit (*text, from, -1);
  g_free (*text);
  *text = g_strjoinv (to, parts);
}

/* "Journal of Substance Abuse Treatment" → "J Subst Abuse Treat": ISO 4
 * style, as MEDLINE writes it. */
static char *
abbreviate_journal (const char *journal)
{
  static const struct { const char *word; const char *abbrev; } known[] = {
    { "Journal", "J" }, { "International", "Int" }, { "Research", "Res" }, { "Review", "Rev" },
    { "Quarterly", "Q" }, { "Health", "Health" }, { "Annals", "Ann" }, { "Advances", "Adv" },
    { "Clinical", "Clin" }, { "Practice", "Pract" }, { "Society", "Soc" }, { "Services", "Serv" },
    { "Treatment", "Treat" }, { "Behavioral", "Behav" }, { "Psychiatric", "Psychiatr" },
    { "Rehabilitation", "Rehabil" }, { "Community", "Community" }, { "Occupational", "Occup" },
    { "Prevention", "Prev" }, { "Dependence", "Depend" }, { "Diagnosis", "Diagn" },
  };
  static const char *const stop[] = { "of", "and", "in", "the", "&", "for" };
  g_auto(GStrv) words = g_strsplit (journal, " ", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];
      gboolean skip = FALSE;
      gboolean done = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (stop); k++)
        if (g_ascii_strcasecmp (w, stop[k]) == 0)
          skip = TRUE;
      if (skip || *w == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        if (g_str_equal (w, known[k].word))
          {
            g_string_append (out, known[k].abbrev);
            done = TRUE;
          }
      if (!done)
        g_string_append_len (out, w, MIN (strlen (w), 5));
    }
  return g_string_free (out, FALSE);
}

/* "Smith, Anna J." → "Smith, A. J." or "Smith AJ"; diacritics dropped. */
static char *
author_variant (const char *author,
                int         style,
                gboolean    ascii)
{
  g_autofree char *text = ascii ? g_str_to_ascii (author, "C") : g_strdup (author);
  const char *comma = strchr (text, ',');
  GString *out;
  g_auto(GStrv) names = NULL;

  if (comma == NULL || style == 0)
    return g_steal_pointer (&text);
  out = g_string_new_len (text, comma - text);
  names = g_strsplit (comma + 1, " ", -1);
  g_string_append (out, style == 1 ? ", " : " ");
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_isalpha (names[i][0]))
      {
        if (style == 1)
          g_string_append_printf (out, "%s%c.", out->str[out->len - 1] == ' ' ? "" : " ", names[i][0]);
        else
          g_string_append_c (out, names[i][0]);
      }
  return g_string_free (out, FALSE);
}

/* The copy another database would have exported. */
static void
make_duplicate (RisView *v,
                GRand   *rand)
{
  char *id = g_strconcat (v->id, "-D", NULL);
  int author_style = g_rand_int_range (rand, 0, 3);
  gboolean ascii = chance (rand, 30);

  g_free (v->id);
  v->id = id;

  /* title */
  replace_all (&v->title, "organisations", "organizations");
  replace_all (&v->title, "programmes", "programs");
  if (chance (rand, 15))
    replace_all (&v->title, ": ", " - ");
  if (chance (rand, 10))
    replace_all (&v->title, " and ", " &amp; ");
  if (chance (rand, 5))
    replace_all (&v->title, "burnout", "<i>burnout</i>");
  if (chance (rand, 12))
    {
      char *upper = g_utf8_strup (v->title, -1);

      g_free (v->title);
      v->title = upper;
    }
  if (chance (rand, 5))
    {
      char *bracketed = g_strdup_printf ("[%s]", v->title);

      g_free (v->title);
      v->title = bracketed;
    }
  if (chance (rand, 6))
    {
      char *tailed = g_strconcat (v->title, g_rand_boolean (rand) ? ". [Review]" : ".", NULL);

      g_free (v->title);
      v->title = tailed;
    }

  /* authors */
  for (guint i = 0; i < v->authors->len; i++)
    {
      char *variant = author_variant (g_ptr_array_index (v->authors, i), author_style, ascii);

      g_free (v->authors->pdata[i]);
      v->authors->pdata[i] = variant;
    }
  if (v->authors->len > 3 && chance (rand, 10))
    g_ptr_array_set_size (v->authors, 3);

  /* journal */
  if (chance (rand, 40))
    {
      char *abbrev = abbreviate_journal (v->journal);

      g_free (v->journal);
      v->journal = abbrev;
    }
  else if (chance (rand, 10))
    {
      char *upper = g_ascii_strup (v->journal, -1);

      g_free (v->journal);
      v->journal = upper;
    }

  /* pages: "482-91" in one field */
  if (chance (rand, 30) && v->ep != NULL)
    {
      const char *sp = v->sp;
      const char *ep = v->ep;
      gsize common = 0;
      char *joined;

      while (strlen (sp) == strlen (ep) && sp[common] == ep[common] && ep[common + 1] != '\0')
        common++;
      joined = g_strdup_printf ("%s-%s", sp, ep + common);
      g_free (v->sp);
      g_clear_pointer (&v->ep, g_free);
      v->sp = joined;
    }

  /* DOI */
  if (v->doi != NULL)
    {
      int kind = g_rand_int_range (rand, 0, 100);
      char *doi = NULL;

      if (kind < 20)
        doi = g_strconcat ("https://doi.org/", v->doi, NULL);
      else if (kind < 30)
        doi = g_ascii_strup (v->doi, -1);
      else if (kind < 45)
        doi = NULL;
      else
        doi = g_strdup (v->doi);
      g_free (v->doi);
      v->doi = doi;
    }

  /* ahead of print: no volume, issue or pages */
  if (chance (rand, 10))
    {
      g_clear_pointer (&v->volume, g_free);
      g_clear_pointer (&v->issue, g_free);
      g_clear_pointer (&v->sp, g_free);
      g_clear_pointer (&v->ep, g_free);
    }
  if (chance (rand, 20))
    g_clear_pointer (&v->abstract, g_free);
}

static void
set_string (char      **slot,
            char       *value)
{
  g_free (*slot);
  *slot = value;
}

/* A related record that is not a duplicate; may write two (Cochrane
 * versions). */
static void
write_near_miss (GString           *out,
                 const SynthRecord *r,
                 GRand             *rand)
{
  RisView v;
  int kind = g_rand_int_range (rand, 0, 7);
  const char *letter = "ERCYAPV";

  ris_view_init (&v, r);
  set_string (&v.id, g_strdup_printf ("SYN%06u-N%c", r->index + 1, letter[kind]));

  switch (kind)
    {
    case 0: /* erratum */
      set_string (&v.title, g_strdup_printf (g_rand_boolean (rand) ? "Erratum: %s" : "Correction to: %s", r->title));
      set_string (&v.sp, g_strdup_printf ("%d", r->last_page + 120));
      g_clear_pointer (&v.ep, g_free);
      g_clear_pointer (&v.abstract, g_free);
      set_string (&v.doi, g_strdup_printf ("10.%d/syn.erratum.%06u", 5000, r->index + 1));
      break;
    case 1: /* retraction */
      set_string (&v.title, g_strdup_printf (g_rand_boolean (rand) ? "Retraction note: %s" : "RETRACTED: %s",
                                             r->title));
      set_string (&v.sp, g_strdup_printf ("%d", r->last_page + 300));
      g_clear_pointer (&v.ep, g_free);
      g_clear_pointer (&v.abstract, g_free);
      set_string (&v.doi, g_strdup_printf ("10.%d/syn.retraction.%06u", 5001, r->index + 1));
      break;
    case 2: /* a comment, by someone else */
      set_string (&v.title, g_strdup_printf ("Comment on: %s", r->title));
      g_ptr_array_set_size (v.authors, 0);
      g_ptr_array_add (v.authors, g_strdup_printf ("%s, %s", PICK (rand, surnames), PICK (rand, given)));
      set_string (&v.sp, g_strdup_printf ("%d", r->last_page + 40));
      set_string (&v.ep, g_strdup_printf ("%d", r->last_page + 41));
      g_clear_pointer (&v.abstract, g_free);
      set_string (&v.doi, g_strdup_printf ("10.%d/syn.comment.%06u", 5002, r->index + 1));
      break;
    case 3: /* the authors' reply */
      set_string (&v.title, g_strdup_printf ("%s - Reply", r->title));
      set_string (&v.sp, g_strdup_printf ("%d", r->last_page + 42));
      g_clear_pointer (&v.ep, g_free);
      g_clear_pointer (&v.abstract, g_free);
      g_clear_pointer (&v.doi, g_free);
      break;
    case 4: /* its conference abstract, a year before */
      set_string (&v.type, g_strdup ("CONF"));
      set_string (&v.year, g_strdup_printf ("%d", r->year - 1));
      set_string (&v.issue, g_strdup ("Suppl 1"));
      set_string (&v.sp, g_strdup_printf ("S%d", g_rand_int_range (rand, 1, 400)));
      g_clear_pointer (&v.ep, g_free);
      g_clear_pointer (&v.doi, g_free);
      break;
    case 5: /* the next part of a series */
      set_string (&v.title, g_strdup_printf ("%s: part 2", r->title));
      set_string (&v.sp, g_strdup_printf ("%d", r->last_page + 1));
      set_string (&v.ep, g_strdup_printf ("%d", r->last_page + 15));
      set_string (&v.doi, g_strdup_printf ("10.%d/syn.part2.%06u", 5003, r->index + 1));
      break;
    case 6: /* two versions of a Cochrane review (neither is the original) */
    default:
      set_string (&v.journal, g_strdup ("Cochrane Database of Systematic Reviews"));
      g_clear_pointer (&v.volume, g_free);
      set_string (&v.sp, g_strdup_printf ("CD%06u", r->index + 1));
      g_clear_pointer (&v.ep, g_free);
      set_string (&v.title, g_strdup_printf ("Interventions for %s: a systematic review", r->title));
      set_string (&v.id, g_strdup_printf ("SYN%06u-NV2", r->index + 1));
      set_string (&v.year, g_strdup_printf ("%d", r->year - 2));
      set_string (&v.issue, g_strdup ("3"));
      set_string (&v.doi, g_strdup_printf ("10.1002/14651858.CD%06u.pub2", r->index + 1));
      write_ris_view (out, &v);
      set_string (&v.id, g_strdup_printf ("SYN%06u-NV3", r->index + 1));
      set_string (&v.year, g_strdup_printf ("%d", r->year - 1));
      set_string (&v.issue, g_strdup ("5"));
      set_string (&v.doi, g_strdup_printf ("10.1002/14651858.CD%06u.pub3", r->index + 1));
      break;
    }
  write_ris_view (out, &v);
  ris_view_clear (&v);
}

gboolean
wn_synth_write (GOutputStream  *out,
                WnSynthFormat   format,
                guint           n,
                guint32         seed,
                GCancellable   *cancellable,
                GError        **error)
{
  return wn_synth_write_with_options (out, format, n, seed, NULL, cancellable, error);
}

gboolean
wn_synth_write_with_options (GOutputStream         *out,
                             WnSynthFormat          format,
                             guint                  n,
                             guint32                seed,
                             const WnSynthOptions  *options,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GRand) noise = g_rand_new_with_seed (seed ^ 0x5eed5eedu);
  g_autoptr(GString) buffer = g_string_sized_new (1 << 20);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (options == NULL || format == WN_SYNTH_RIS, FALSE);

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
      if (options != NULL)
        diversify (&record, noise);
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
      if (options != NULL)
        {
          if (g_rand_double (noise) < options->duplicate_share)
            {
              RisView copy;

              ris_view_init (&copy, &record);
              make_duplicate (&copy, noise);
              write_ris_view (buffer, &copy);
              ris_view_clear (&copy);
            }
          if (g_rand_double (noise) < options->near_miss_share)
            write_near_miss (buffer, &record, noise);
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
