/* wn-extraction.h — the extraction template, extracted values, verification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Template. A list of fields, each with a stable name (a key such as
 * "sample_size"), a label, a type, help text, a required flag and, for
 * coded fields, a code list (the categories). The template is versioned:
 * each revision (wn_project_save_template) stores a whole new version;
 * versions are never changed or deleted. A project without any version
 * gets the protocol's default template as version 1 the first time it is
 * read (wn_extraction_default_fields).
 *
 * Values. Extracting a field for a study records an event: record, field,
 * value (text; NULL clears), extractor, the template version in force, and
 * optionally its source, a span [start, end) of the characters of the
 * study's PDF text (wn_project_fulltext_text, pages joined by form feeds)
 * with the quoted text. The latest event per (record, field, extractor) is
 * in force. Values are checked against the field's type (an integer field
 * takes "42", not "forty-two"; a single choice one of its codes; a multiple
 * choice codes joined by "; "; a date YYYY, YYYY-MM or YYYY-MM-DD; yes/no
 * "yes" or "no"; country/region a name from the field's list when it has
 * one, else any text).
 *
 * Second pass. When a new version adds a field, every study that has
 * values recorded under an earlier version and none for the new field is
 * flagged for a second pass on it (wn_project_extraction_flags).
 *
 * Verification. wn_project_draw_verification() draws a seeded random share
 * (default 10 %, at least one study) of the included studies and assigns
 * them to a second person, who extracts blind (the form never shows another
 * extractor's values: wn_project_list_extraction_values with an extractor
 * returns only theirs). wn_project_extraction_agreement() compares, per
 * field, the first extractor's and the verifier's values on the verified
 * studies: Cohen's kappa (wn-agreement) for coded fields (single choice,
 * yes/no; multiple choice per code as present/absent) and exact agreement
 * (after trimming, case folding and, for numbers, numeric comparison) for
 * the rest; every discrepancy is listed and resolved by a 'resolve' value,
 * which is then the study's value in exports.
 *
 * All of this runs on any thread (the project's lock); GLib only.
 */
#pragma once

#include "wn-project.h"
#include "wn-table.h"

G_BEGIN_DECLS

#define WN_EXTRACTION_ERROR (wn_extraction_error_quark ())

typedef enum
{
  WN_EXTRACTION_ERROR_INVALID,     /* a value that does not fit its field's type */
  WN_EXTRACTION_ERROR_NO_FIELD,    /* no field of that name in the template */
  WN_EXTRACTION_ERROR_NOT_STUDY,   /* the record is not an included study */
  WN_EXTRACTION_ERROR_TEMPLATE,    /* a template that cannot be saved (no fields, duplicate names, …) */
} WnExtractionError;

GQuark wn_extraction_error_quark (void);

typedef enum
{
  WN_FIELD_SHORT_TEXT,
  WN_FIELD_LONG_TEXT,
  WN_FIELD_INTEGER,
  WN_FIELD_NUMBER,
  WN_FIELD_DATE,
  WN_FIELD_YES_NO,
  WN_FIELD_SINGLE_CHOICE,
  WN_FIELD_MULTIPLE_CHOICE,
  WN_FIELD_COUNTRY,
} WnFieldType;

/* "short_text", "long_text", "integer", "number", "date", "yes_no",
 * "single_choice", "multiple_choice", "country" (the JSON names). */
const char *wn_field_type_to_string   (WnFieldType  type);
gboolean    wn_field_type_from_string (const char  *text,
                                       WnFieldType *type);
/* Coded: its values are categories (yes/no, single and multiple choice,
 * country with a list). */
gboolean    wn_field_type_is_coded    (WnFieldType  type);

typedef struct
{
  char        *name;      /* stable key: [a-z0-9_]+ */
  char        *label;     /* shown; translated for the default template */
  WnFieldType  type;
  char        *help;
  gboolean     required;
  GStrv        choices;   /* the code list (NULL for none) */
  guint        added_in;  /* the first template version with this field (filled when read) */
} WnTemplateField;

WnTemplateField *wn_template_field_new  (const char  *name,
                                         const char  *label,
                                         WnFieldType  type);
WnTemplateField *wn_template_field_copy (const WnTemplateField *field);
void        wn_template_field_free    (WnTemplateField *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnTemplateField, wn_template_field_free)

typedef struct
{
  guint      version;
  GPtrArray *fields;      /* (element-type WnTemplateField) */
  char      *note;
  char      *created_at;
  char      *created_by;
} WnTemplate;

void        wn_template_free          (WnTemplate  *tmpl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnTemplate, wn_template_free)
const WnTemplateField *wn_template_find       (const WnTemplate *tmpl,
                                       const char       *name);
/* {"version": N, "fields": [{"name", "label", "type", "choices", "help", "required"}]}
 * — the CLI's `template --json`. */
char       *wn_template_to_json       (const WnTemplate *tmpl);

/* The protocol's template (see the issue): publication type, year, study
 * location, authors' thesis and objectives, sample size, sample
 * information (peer definition, role type), methodology, context and
 * workplace setting, workforce outcomes, individual and organisational
 * contributors, author conclusions on supporting peers.
 * (element-type WnTemplateField) */
GPtrArray  *wn_extraction_default_fields (void);

/* The version in force (the highest); creates version 1 from the default
 * when there is none. */
WnTemplate *wn_project_get_template   (WnProject   *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* version 0: the one in force. */
WnTemplate *wn_project_get_template_version (WnProject *self,
                                       guint        version,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Stores fields as a new version; returns it, 0 on error (bad names,
 * duplicates, a coded field without choices, no fields). Fields are only
 * ever added, changed or retired by saving a new version. */
guint       wn_project_save_template  (WnProject   *self,
                                       GPtrArray   *fields,
                                       const char  *note,
                                       GError     **error);

/* ---- Values ---------------------------------------------------------------- */

typedef struct
{
  gint64     record_id;
  char      *field;
  char      *value;          /* NULL: cleared */
  char      *extractor;
  gboolean   resolved;       /* role 'resolve' */
  guint      template_version;
  char      *source_sha256;  /* NULL when no source */
  gint64     source_start;   /* -1 when no source */
  gint64     source_end;
  char      *source_text;
  char      *at;
} WnExtractedValue;

void        wn_extracted_value_free   (WnExtractedValue *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnExtractedValue, wn_extracted_value_free)

/* Sets a value (value NULL clears) for an included study. The value is
 * checked and normalised (trimmed; a number in C locale; choices in the
 * code list's spelling). source may be NULL. */
gboolean    wn_project_extract        (WnProject   *self,
                                       gint64       record_id,
                                       const char  *field,
                                       const char  *value,
                                       const char  *extractor,
                                       const WnExtractedValue *source,
                                       GError     **error);
/* The agreed value after verification (role 'resolve'). */
gboolean    wn_project_resolve_value  (WnProject   *self,
                                       gint64       record_id,
                                       const char  *field,
                                       const char  *value,
                                       GError     **error);
/* Values in force for a record (0: every study), one extractor's (NULL:
 * everyone's, resolutions included). (element-type WnExtractedValue) */
GPtrArray  *wn_project_list_extraction_values (WnProject  *self,
                                       gint64       record_id,
                                       const char  *extractor,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  gint64  record_id;
  char   *study_id;
  char   *field;      /* added after the study was extracted */
  guint   added_in;
} WnExtractionFlag;

void        wn_extraction_flag_free   (WnExtractionFlag *flag);
/* Second-pass flags, by study then field. (element-type WnExtractionFlag) */
GPtrArray  *wn_project_extraction_flags (WnProject *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Verification ----------------------------------------------------------- */

/* Assigns every included study to extractor (role 'extractor'), and a
 * share drawn with seed (same seed, same studies, on any machine) to
 * verifier. Studies already assigned keep their assignment, and studies
 * already verified count towards the share (drawing again tops the
 * sample up to ceil (share × studies), at least one; share 0 means 10 %).
 * Returns the number of studies assigned to verifier, -1 on error.
 * The generator is documented in wn-extraction.c. */
int         wn_project_draw_verification (WnProject *self,
                                       const char  *extractor,
                                       const char  *verifier,
                                       double       share,
                                       guint64      seed,
                                       GError     **error);
/* Records assigned to person (role "extractor" or "verifier"), in study
 * order. (element-type gint64) as a GArray */
GArray     *wn_project_extraction_assignments (WnProject *self,
                                       const char  *person,
                                       const char  *role,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  char    *field;
  gboolean coded;
  guint    n;            /* verified studies where both gave a value */
  guint    agreed;
  double   percent_agreement;
  double   kappa;        /* NAN when not coded or undefined */
} WnFieldAgreement;

typedef struct
{
  gint64  record_id;
  char   *study_id;
  char   *field;
  char   *first;         /* the extractor's value */
  char   *second;        /* the verifier's */
  char   *resolved;      /* NULL while open */
} WnDiscrepancy;

void        wn_field_agreement_free   (WnFieldAgreement *agreement);
void        wn_discrepancy_free       (WnDiscrepancy *discrepancy);

/* Per field, then the discrepancies. (element-type WnFieldAgreement),
 * (element-type WnDiscrepancy) */
gboolean    wn_project_extraction_agreement (WnProject *self,
                                       GPtrArray  **fields,
                                       GPtrArray  **discrepancies,
                                       GError     **error);

/* ---- Tables ------------------------------------------------------------------ */

/* The extraction table: one row per included study (study id first, then
 * first author, year, title, then every field of the template in force),
 * the resolved value else the first extractor's. */
WnTable    *wn_project_extraction_table (WnProject *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Characteristics of included studies: study id, author (year), title,
 * country/location, design/methodology, sample size, setting. */
WnTable    *wn_project_characteristics_table (WnProject *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* For each coded field: field, category, studies, percent. */
WnTable    *wn_project_frequency_table (WnProject *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The template in force: name, label, type, required, choices, help, added in. */
WnTable    *wn_project_template_table (WnProject *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
