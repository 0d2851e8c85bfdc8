/* wn-extraction.c — the extraction template, extracted values, verification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Storage (schema 6): extraction_templates holds each version's fields as
 * a JSON array of {"name", "label", "type", "choices", "help", "required"};
 * extraction_values holds events (never changed); extraction_assignments
 * who extracts and who verifies which study.
 *
 * Values in force: the latest event per (record, field, extractor, role).
 * A cleared value (NULL) is in force as "no value" and is not listed by
 * wn_project_list_extraction_values(). A study's value in the tables is
 * its latest 'resolve' event for the field when there is one, else the
 * first extractor's: the person assigned the study as extractor, else the
 * first person (by event order) who extracted for it and is not its
 * verifier.
 *
 * The verification draw is reproducible on any machine: the included
 * studies are sorted by study number, k = ceil (share × N) (at least one)
 * are the first of a Fisher–Yates shuffle driven by splitmix64
 * (Steele, Lea & Flood 2014; the constants of Vigna's reference code)
 * seeded with the seed, each index drawn without bias by rejection
 * sampling. No library generator is used, so an update of GLib or the C
 * library cannot change a sample.
 *
 * Agreement per field, over the verified studies where both people gave a
 * value: n, agreed (the values are the same: multiple choice as sets,
 * integers and numbers numerically, text after trimming, collapsing white
 * space and case folding), percent_agreement = 100 × agreed / n (a
 * percentage; NAN when n is 0), and for coded fields Cohen's kappa from
 * wn-agreement: over the studies for single choice, yes/no and country
 * with a list; for multiple choice over every (study, code) pair, each
 * code present or absent. A discrepancy is a verified study and field
 * where both gave a value and the values differ.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "wn-agreement.h"
#include "wn-extraction.h"
#include "wn-project-private.h"
#include "wn-studies.h"

G_DEFINE_QUARK (wn-extraction-error-quark, wn_extraction_error)

#define DEFAULT_SHARE 0.10

/* ---- Field types -------------------------------------------------------------- */

static const char *const type_names[] = {
  [WN_FIELD_SHORT_TEXT] = "short_text",
  [WN_FIELD_LONG_TEXT] = "long_text",
  [WN_FIELD_INTEGER] = "integer",
  [WN_FIELD_NUMBER] = "number",
  [WN_FIELD_DATE] = "date",
  [WN_FIELD_YES_NO] = "yes_no",
  [WN_FIELD_SINGLE_CHOICE] = "single_choice",
  [WN_FIELD_MULTIPLE_CHOICE] = "multiple_choice",
  [WN_FIELD_COUNTRY] = "country",
};

const char *
wn_field_type_to_string (WnFieldType type)
{
  if ((guint) type >= G_N_ELEMENTS (type_names))
    return NULL;
  return type_names[type];
}

gboolean
wn_field_type_from_string (const char  *text,
                           WnFieldType *type)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_strcmp0 (text, type_names[i]) == 0)
      {
        if (type != NULL)
          *type = (WnFieldType) i;
        return TRUE;
      }
  return FALSE;
}

/* Country/region is coded only when its field has a list, which the type
 * alone cannot tell: see field_is_coded(). */
gboolean
wn_field_type_is_coded (WnFieldType type)
{
  return type == WN_FIELD_YES_NO || type == WN_FIELD_SINGLE_CHOICE || type == WN_FIELD_MULTIPLE_CHOICE;
}

static gboolean
field_is_coded (const WnTemplateField *field)
{
  return wn_field_type_is_coded (field->type) ||
         (field->type == WN_FIELD_COUNTRY && field->choices != NULL && field->choices[0] != NULL);
}

static const char *const yes_no_codes[] = { "yes", "no", NULL };

/* The field's categories: its code list, yes and no for yes/no. */
static const char *const *
field_codes (const WnTemplateField *field)
{
  if (field->type == WN_FIELD_YES_NO)
    return yes_no_codes;
  return (const char *const *) field->choices;
}

/* ---- Fields and templates ------------------------------------------------------ */

WnTemplateField *
wn_template_field_new (const char  *name,
                       const char  *label,
                       WnFieldType  type)
{
  WnTemplateField *field = g_new0 (WnTemplateField, 1);

  field->name = g_strdup (name);
  field->label = g_strdup (label != NULL ? label : name);
  field->type = type;
  return field;
}

WnTemplateField *
wn_template_field_copy (const WnTemplateField *field)
{
  WnTemplateField *copy;

  g_return_val_if_fail (field != NULL, NULL);
  copy = wn_template_field_new (field->name, field->label, field->type);
  copy->help = g_strdup (field->help);
  copy->required = field->required;
  copy->choices = g_strdupv (field->choices);
  copy->added_in = field->added_in;
  return copy;
}

void
wn_template_field_free (WnTemplateField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->label);
  g_free (field->help);
  g_strfreev (field->choices);
  g_free (field);
}

void
wn_template_free (WnTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_clear_pointer (&tmpl->fields, g_ptr_array_unref);
  g_free (tmpl->note);
  g_free (tmpl->created_at);
  g_free (tmpl->created_by);
  g_free (tmpl);
}

const WnTemplateField *
wn_template_find (const WnTemplate *tmpl,
                  const char       *name)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  for (guint i = 0; name != NULL && i < tmpl->fields->len; i++)
    {
      const WnTemplateField *field = g_ptr_array_index (tmpl->fields, i);

      if (g_strcmp0 (field->name, name) == 0)
        return field;
    }
  return NULL;
}

static void
append_fields_json (GString   *out,
                    GPtrArray *fields,
                    gboolean   with_added_in)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < fields->len; i++)
    {
      const WnTemplateField *field = g_ptr_array_index (fields, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      wn_json_append_key (out, "name");
      wn_json_append_string (out, field->name);
      wn_json_append_key (out, "label");
      wn_json_append_string (out, field->label);
      wn_json_append_key (out, "type");
      wn_json_append_string (out, wn_field_type_to_string (field->type));
      wn_json_append_key (out, "choices");
      if (field->choices == NULL)
        g_string_append (out, "null");
      else
        {
          g_string_append_c (out, '[');
          for (guint c = 0; field->choices[c] != NULL; c++)
            {
              if (c > 0)
                g_string_append_c (out, ',');
              wn_json_append_string (out, field->choices[c]);
            }
          g_string_append_c (out, ']');
        }
      wn_json_append_key (out, "help");
      wn_json_append_string (out, field->help);
      wn_json_append_key (out, "required");
      g_string_append (out, field->required ? "true" : "false");
      if (with_added_in)
        {
          wn_json_append_key (out, "added_in");
          wn_json_append_int (out, field->added_in);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

char *
wn_template_to_json (const WnTemplate *tmpl)
{
  GString *out = g_string_new ("{");

  g_return_val_if_fail (tmpl != NULL, NULL);
  wn_json_append_key (out, "version");
  wn_json_append_int (out, tmpl->version);
  wn_json_append_key (out, "note");
  wn_json_append_string (out, tmpl->note);
  wn_json_append_key (out, "fields");
  append_fields_json (out, tmpl->fields, TRUE);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static WnTemplateField *
coded_field (const char  *name,
             const char  *label,
             WnFieldType  type,
             const char  *help,
             const char  *first_choice,
             ...)
{
  WnTemplateField *field = wn_template_field_new (name, label, type);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  field->help = g_strdup (help);
  va_start (args, first_choice);
  for (const char *choice = first_choice; choice != NULL; choice = va_arg (args, const char *))
    g_strv_builder_add (builder, choice);
  va_end (args);
  field->choices = g_strv_builder_end (builder);
  return field;
}

static WnTemplateField *
plain_field (const char  *name,
             const char  *label,
             WnFieldType  type,
             const char  *help)
{
  WnTemplateField *field = wn_template_field_new (name, label, type);

  field->help = g_strdup (help);
  return field;
}

GPtrArray *
wn_extraction_default_fields (void)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_template_field_free);
  WnTemplateField *field;

  /* The codes are data, stored in the template and compared across
   * reviewers: they are not translated. */
  field = coded_field ("publication_type", _("Publication type"), WN_FIELD_SINGLE_CHOICE,
                       _("The kind of document the study is reported in."),
                       "journal article", "thesis", "report", "book chapter", "conference paper", "other", NULL);
  field->required = TRUE;
  g_ptr_array_add (fields, field);
  field = plain_field ("year", _("Year"), WN_FIELD_DATE, _("Year of publication (YYYY)."));
  field->required = TRUE;
  g_ptr_array_add (fields, field);
  g_ptr_array_add (fields, plain_field ("study_location", _("Study location"), WN_FIELD_COUNTRY,
                                        _("Country or region where the study took place.")));
  g_ptr_array_add (fields, plain_field ("thesis_objectives", _("Authors’ thesis and objectives"), WN_FIELD_LONG_TEXT,
                                        _("The authors’ argument and the study’s aims, in their words where possible.")));
  g_ptr_array_add (fields, plain_field ("sample_size", _("Sample size"), WN_FIELD_INTEGER,
                                        _("Number of participants analysed (a whole number).")));
  g_ptr_array_add (fields, plain_field ("peer_definition", _("Sample: peer definition"), WN_FIELD_LONG_TEXT,
                                        _("How the study defines a peer worker.")));
  g_ptr_array_add (fields, plain_field ("role_type", _("Sample: role type"), WN_FIELD_SHORT_TEXT,
                                        _("The peers’ job title or role (e.g. peer support worker, recovery coach).")));
  field = coded_field ("methodology", _("Methodology"), WN_FIELD_SINGLE_CHOICE,
                       _("The study’s overall design."),
                       "qualitative", "quantitative", "mixed methods", "review", "other", NULL);
  field->required = TRUE;
  g_ptr_array_add (fields, field);
  g_ptr_array_add (fields, coded_field ("setting", _("Context and workplace setting"), WN_FIELD_MULTIPLE_CHOICE,
                                        _("Where the peers work; choose every setting that applies."),
                                        "rehabilitation centre", "recovery community organisation", "hospital",
                                        "community mental health", "criminal justice", "other", NULL));
  g_ptr_array_add (fields, coded_field ("workforce_outcomes", _("Workforce outcomes"), WN_FIELD_MULTIPLE_CHOICE,
                                        _("Outcomes for the peer workforce the study reports; choose every one that applies."),
                                        "burnout", "compassion fatigue", "vicarious trauma", "secondary traumatic stress",
                                        "job satisfaction", "role ambiguity", "turnover", "other", NULL));
  g_ptr_array_add (fields, plain_field ("individual_contributors", _("Individual contributors"), WN_FIELD_LONG_TEXT,
                                        _("Individual factors that contribute to the outcomes.")));
  g_ptr_array_add (fields, plain_field ("organisational_contributors", _("Organisational contributors"),
                                        WN_FIELD_LONG_TEXT,
                                        _("Organisational factors that contribute to the outcomes.")));
  g_ptr_array_add (fields, plain_field ("conclusions_supporting_peers", _("Author conclusions on supporting peers"),
                                        WN_FIELD_LONG_TEXT,
                                        _("What the authors conclude about supporting peer workers.")));
  return fields;
}

/* ---- Reading and writing templates --------------------------------------------- */

static gboolean
name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

static gboolean
check_fields (GPtrArray  *fields,
              GError    **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  if (fields == NULL || fields->len == 0)
    {
      g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE, _("A template needs at least one field"));
      return FALSE;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      const WnTemplateField *field = g_ptr_array_index (fields, i);

      if (!name_is_valid (field->name))
        {
          g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE,
                       _("“%s” is not a field name: use lower-case letters, digits and underscores"),
                       field->name != NULL ? field->name : "");
          return FALSE;
        }
      if (!g_hash_table_add (names, field->name))
        {
          g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE,
                       _("%s: the template has two fields of that name"), field->name);
          return FALSE;
        }
      if (wn_field_type_to_string (field->type) == NULL)
        {
          g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE, _("%s: unknown field type"),
                       field->name);
          return FALSE;
        }
      if ((field->type == WN_FIELD_SINGLE_CHOICE || field->type == WN_FIELD_MULTIPLE_CHOICE) &&
          (field->choices == NULL || field->choices[0] == NULL))
        {
          g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE, _("%s: a choice field needs a code list"),
                       field->name);
          return FALSE;
        }
      for (guint c = 0; field->choices != NULL && field->choices[c] != NULL; c++)
        {
          g_autofree char *a = g_utf8_casefold (field->choices[c], -1);

          if (*g_strstrip (a) == '\0' || strchr (field->choices[c], ';') != NULL)
            {
              g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE,
                           _("%s: “%s” is not a valid code (empty, or with a semicolon)"), field->name,
                           field->choices[c]);
              return FALSE;
            }
          for (guint d = 0; d < c; d++)
            {
              g_autofree char *b = g_utf8_casefold (field->choices[d], -1);

              if (strcmp (a, g_strstrip (b)) == 0)
                {
                  g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE,
                               _("%s: the code “%s” is listed twice"), field->name, field->choices[c]);
                  return FALSE;
                }
            }
        }
    }
  return TRUE;
}

static GPtrArray *
parse_fields (const char  *json,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_template_field_free);
  JsonNode *root;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE, _("The stored template is not a list of fields"));
      return NULL;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      WnTemplateField *field;
      WnFieldType type = WN_FIELD_SHORT_TEXT;
      JsonNode *choices;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (!wn_field_type_from_string (json_object_get_string_member_with_default (object, "type", NULL), &type))
        type = WN_FIELD_SHORT_TEXT;
      field = wn_template_field_new (json_object_get_string_member_with_default (object, "name", ""),
                                     json_object_get_string_member_with_default (object, "label", NULL), type);
      field->help = g_strdup (json_object_get_string_member_with_default (object, "help", NULL));
      field->required = json_object_get_boolean_member_with_default (object, "required", FALSE);
      choices = json_object_get_member (object, "choices");
      if (choices != NULL && JSON_NODE_HOLDS_ARRAY (choices))
        {
          JsonArray *list = json_node_get_array (choices);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint c = 0; c < json_array_get_length (list); c++)
            {
              const char *code = json_node_get_string (json_array_get_element (list, c));

              if (code != NULL)
                g_strv_builder_add (builder, code);
            }
          field->choices = g_strv_builder_end (builder);
        }
      g_ptr_array_add (fields, field);
    }
  return g_steal_pointer (&fields);
}

/* The highest version, 0 when there is none, -1 on error. Lock held. */
static gint64
latest_version (WnProject  *self,
                GError    **error)
{
  return _wn_project_query_int (self, "SELECT coalesce (max (version), 0) FROM extraction_templates", error);
}

static gboolean
insert_template (WnProject   *self,
                 guint        version,
                 GPtrArray   *fields,
                 const char  *note,
                 GError     **error)
{
  const char *what = _("could not save the extraction template");
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) detail = g_string_new ("{");
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  int rc;

  append_fields_json (json, fields, FALSE);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO extraction_templates (version, fields, note, created_at, created_by)"
                           " VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, version);
      sqlite3_bind_text (stmt, 2, json->str, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, note, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, wn_project_get_actor (self), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return FALSE;
    }
  wn_json_append_key (detail, "version");
  wn_json_append_int (detail, version);
  wn_json_append_key (detail, "note");
  wn_json_append_string (detail, note);
  wn_json_append_key (detail, "fields");
  g_string_append_len (detail, json->str, (gssize) json->len);
  g_string_append_c (detail, '}');
  return _wn_project_audit (self, "extraction.template", detail->str, error);
}

/* The version in force, creating version 1 from the default when there is
 * none. 0 on error. Takes its own write transaction: not to be called
 * inside one. */
static guint
ensure_template (WnProject  *self,
                 GError    **error)
{
  const char *what = _("could not save the extraction template");
  g_autoptr(GPtrArray) fields = NULL;
  gint64 version;
  gboolean ok;

  _wn_project_lock (self);
  version = latest_version (self, error);
  _wn_project_unlock (self);
  if (version != 0)
    return version < 0 ? 0 : (guint) version;

  if (!_wn_project_begin_write (self, what, error))
    return 0;
  version = latest_version (self, error);
  ok = version >= 0;
  if (ok && version == 0)
    {
      fields = wn_extraction_default_fields ();
      ok = insert_template (self, 1, fields, _("The protocol’s template"), error);
      version = 1;
    }
  if (!_wn_project_end_write (self, ok, what, ok ? error : NULL))
    return 0;
  return (guint) version;
}

/* Reads version (0: the highest) and fills each field's added_in from
 * the versions before it. Lock taken. */
static WnTemplate *
load_template (WnProject  *self,
               guint       version,
               GError    **error)
{
  const char *what = _("could not read the extraction template");
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) first_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(WnTemplate) tmpl = NULL;
  int rc;

  _wn_project_lock (self);
  if (version == 0)
    {
      gint64 latest = latest_version (self, error);

      if (latest <= 0)
        {
          _wn_project_unlock (self);
          if (latest == 0)
            g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE, _("The project has no extraction template"));
          return NULL;
        }
      version = (guint) latest;
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT version, fields, note, created_at, created_by FROM extraction_templates"
                           " WHERE version <= ? ORDER BY version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, version);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint v = (guint) sqlite3_column_int64 (stmt, 0);
      g_autoptr(GPtrArray) fields = parse_fields ((const char *) sqlite3_column_text (stmt, 1), error);

      if (fields == NULL)
        {
          _wn_project_unlock (self);
          return NULL;
        }
      for (guint i = 0; i < fields->len; i++)
        {
          WnTemplateField *field = g_ptr_array_index (fields, i);

          if (!g_hash_table_contains (first_seen, field->name))
            g_hash_table_insert (first_seen, g_strdup (field->name), GUINT_TO_POINTER (v));
          field->added_in = GPOINTER_TO_UINT (g_hash_table_lookup (first_seen, field->name));
        }
      if (v == version)
        {
          tmpl = g_new0 (WnTemplate, 1);
          tmpl->version = v;
          tmpl->fields = g_steal_pointer (&fields);
          tmpl->note = _wn_column_dup (stmt, 2);
          tmpl->created_at = _wn_column_dup (stmt, 3);
          tmpl->created_by = _wn_column_dup (stmt, 4);
        }
      rc = SQLITE_OK;
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return NULL;
    }
  if (tmpl == NULL)
    {
      g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_TEMPLATE,
                   _("The extraction template has no version %u"), version);
      return NULL;
    }
  return g_steal_pointer (&tmpl);
}

WnTemplate *
wn_project_get_template (WnProject  *self,
                         GError    **error)
{
  return wn_project_get_template_version (self, 0, error);
}

WnTemplate *
wn_project_get_template_version (WnProject  *self,
                                 guint       version,
                                 GError    **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if (ensure_template (self, error) == 0)
    return NULL;
  return load_template (self, version, error);
}

guint
wn_project_save_template (WnProject   *self,
                          GPtrArray   *fields,
                          const char  *note,
                          GError     **error)
{
  const char *what = _("could not save the extraction template");
  gint64 version;
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0);

  if (!check_fields (fields, error))
    return 0;
  /* Version 1 is always the protocol's, so that a revision is visible as
   * one. */
  if (ensure_template (self, error) == 0)
    return 0;
  if (!_wn_project_begin_write (self, what, error))
    return 0;
  version = latest_version (self, error);
  ok = version > 0 && insert_template (self, (guint) version + 1, fields, note, error);
  if (!_wn_project_end_write (self, ok, what, ok ? error : NULL))
    return 0;
  return (guint) version + 1;
}

/* ---- Values -------------------------------------------------------------------- */

void
wn_extracted_value_free (WnExtractedValue *value)
{
  if (value == NULL)
    return;
  g_free (value->field);
  g_free (value->value);
  g_free (value->extractor);
  g_free (value->source_sha256);
  g_free (value->source_text);
  g_free (value->at);
  g_free (value);
}

static void
invalid (GError              **error,
         const WnTemplateField *field,
         const char            *value,
         const char            *cause)
{
  /* TRANSLATORS: field name: “value” cause, e.g. sample_size: “forty” is not a whole number */
  g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID, _("%s: “%s” %s"), field->name, value, cause);
}

static gboolean
parse_integer (const char *text,
               gint64     *out)
{
  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;
  *out = g_ascii_strtod (text, NULL);
  return isfinite (*out);
}

/* The shortest text that reads back as the same double. */
static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  int digits;

  for (digits = 1; digits <= 17; digits++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  /* 100 rather than 1e+02, within a sensible range. */
  if (strchr (buffer, 'e') != NULL && fabs (value) >= 1e-6 && fabs (value) < 1e15)
    {
      int decimals = MAX (0, MIN (digits, 17) - 1 - (int) floor (log10 (fabs (value))));

      g_snprintf (format, sizeof format, "%%.%df", decimals);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
    }
  if (strcmp (buffer, "-0") == 0)
    return g_strdup ("0");
  return g_strdup (buffer);
}

static gboolean
parse_date (const char *text)
{
  guint64 year, month = 1, day = 1;
  gsize len = strlen (text);

  if (len != 4 && len != 7 && len != 10)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  year = g_ascii_strtoull (text, NULL, 10);
  if (len >= 7)
    month = g_ascii_strtoull (text + 5, NULL, 10);
  if (len == 10)
    day = g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || month < 1 || month > 12)
    return FALSE;
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* The code of codes matching text (case-insensitive, trimmed), or -1. */
static int
find_code (const char *const *codes,
           const char        *text)
{
  g_autofree char *key = g_utf8_casefold (text, -1);

  for (int i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *code = g_utf8_casefold (codes[i], -1);

      if (strcmp (g_strstrip (code), key) == 0)
        return i;
    }
  return -1;
}

/* Checks value against field's type; returns the normalised value, NULL
 * with *empty set when there is nothing left (a clear), NULL with error
 * set when it does not fit. */
static char *
normalise_value (const WnTemplateField *field,
                 const char            *value,
                 GError               **error)
{
  g_autofree char *text = NULL;
  const char *const *codes = field_codes (field);

  if (value == NULL)
    return NULL;
  text = g_strstrip (g_utf8_make_valid (value, -1));
  if (*text == '\0')
    return NULL;

  switch (field->type)
    {
    case WN_FIELD_SHORT_TEXT:
    case WN_FIELD_LONG_TEXT:
      return g_steal_pointer (&text);

    case WN_FIELD_INTEGER:
      {
        gint64 n;

        if (!parse_integer (text[0] == '+' ? text + 1 : text, &n))
          {
            invalid (error, field, text, _("is not a whole number"));
            return NULL;
          }
        return g_strdup_printf ("%" PRId64, n);
      }

    case WN_FIELD_NUMBER:
      {
        double x;

        if (!parse_number (text, &x))
          {
            invalid (error, field, text, _("is not a number (write it as 12.5)"));
            return NULL;
          }
        return format_number (x);
      }

    case WN_FIELD_DATE:
      if (!parse_date (text))
        {
          invalid (error, field, text, _("is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"));
          return NULL;
        }
      return g_steal_pointer (&text);

    case WN_FIELD_YES_NO:
    case WN_FIELD_SINGLE_CHOICE:
      {
        int code = find_code (codes, text);

        if (code < 0)
          {
            g_autofree char *list = g_strjoinv ("; ", (GStrv) codes);

            if (field->type == WN_FIELD_YES_NO)
              invalid (error, field, text, _("is not yes or no"));
            else
              g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID,
                           _("%s: “%s” is not one of the codes (%s)"), field->name, text, list);
            return NULL;
          }
        return g_strdup (codes[code]);
      }

    case WN_FIELD_MULTIPLE_CHOICE:
      {
        g_auto(GStrv) parts = g_strsplit (text, ";", -1);
        guint n_codes = g_strv_length ((GStrv) codes);
        g_autofree gboolean *chosen = g_new0 (gboolean, MAX (n_codes, 1));
        g_autoptr(GPtrArray) out = g_ptr_array_new ();

        for (guint i = 0; parts[i] != NULL; i++)
          {
            const char *part = g_strstrip (parts[i]);
            int code;

            if (*part == '\0')
              continue;
            code = find_code (codes, part);
            if (code < 0)
              {
                g_autofree char *list = g_strjoinv ("; ", (GStrv) codes);

                g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID,
                             _("%s: “%s” is not one of the codes (%s)"), field->name, part, list);
                return NULL;
              }
            chosen[code] = TRUE;
          }
        for (guint c = 0; c < n_codes; c++)
          if (chosen[c])
            g_ptr_array_add (out, (gpointer) codes[c]);
        if (out->len == 0)
          return NULL;
        g_ptr_array_add (out, NULL);
        return g_strjoinv ("; ", (GStrv) out->pdata);
      }

    case WN_FIELD_COUNTRY:
      if (codes != NULL && codes[0] != NULL)
        {
          int code = find_code (codes, text);

          if (code < 0)
            {
              g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID,
                           _("%s: “%s” is not a country or region in the field’s list"), field->name, text);
              return NULL;
            }
          return g_strdup (codes[code]);
        }
      return g_steal_pointer (&text);

    default:
      g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID, _("%s: unknown field type"), field->name);
      return NULL;
    }
}

/* Whether record_id is an included study; sets the error when not. */
static gboolean
check_study (WnProject  *self,
             gint64      record_id,
             GError    **error)
{
  g_autoptr(GPtrArray) studies = wn_project_list_studies (self, FALSE, error);

  if (studies == NULL)
    return FALSE;
  for (guint i = 0; i < studies->len; i++)
    if (((WnStudy *) g_ptr_array_index (studies, i))->record_id == record_id)
      return TRUE;
  g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_NOT_STUDY,
               _("Record %" PRId64 " is not an included study"), record_id);
  return FALSE;
}

static gboolean
record_value (WnProject              *self,
              gint64                  record_id,
              const char             *field_name,
              const char             *value,
              const char             *person,
              const char             *role,
              const WnExtractedValue *source,
              GError                **error)
{
  const char *what = _("could not save the extracted value");
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *normal = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) local = NULL;
  const WnTemplateField *field;
  gboolean ok;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (field_name != NULL, FALSE);

  if (person == NULL || *person == '\0')
    person = wn_project_get_actor (self);
  if (!check_study (self, record_id, error))
    return FALSE;
  /* The template and the write under one lock, so the version recorded
   * is the one the value was checked against. */
  _wn_project_lock (self);
  tmpl = wn_project_get_template (self, error);
  if (tmpl == NULL)
    {
      _wn_project_unlock (self);
      return FALSE;
    }
  field = wn_template_find (tmpl, field_name);
  if (field == NULL)
    {
      _wn_project_unlock (self);
      g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_NO_FIELD,
                   _("%s: the extraction template (version %u) has no such field"), field_name, tmpl->version);
      return FALSE;
    }
  normal = normalise_value (field, value, &local);
  if (local != NULL)
    {
      _wn_project_unlock (self);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!_wn_project_begin_write (self, what, error))
    {
      _wn_project_unlock (self);
      return FALSE;
    }
  now = _wn_now_iso8601 ();
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO extraction_values (record_id, field, value, extractor, role, template_version,"
                           " source_sha256, source_start, source_end, source_text, at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      gboolean has_source = source != NULL && source->source_sha256 != NULL;

      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_text (stmt, 2, field->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, normal, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, person, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, role, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, tmpl->version);
      if (has_source)
        {
          sqlite3_bind_text (stmt, 7, source->source_sha256, -1, SQLITE_STATIC);
          if (source->source_start >= 0)
            {
              sqlite3_bind_int64 (stmt, 8, source->source_start);
              sqlite3_bind_int64 (stmt, 9, source->source_end);
            }
          sqlite3_bind_text (stmt, 10, source->source_text, -1, SQLITE_STATIC);
        }
      sqlite3_bind_text (stmt, 11, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  ok = rc == SQLITE_DONE;
  if (!ok)
    _wn_project_sql_error (self, error, rc, what);
  if (ok)
    {
      wn_json_append_key (detail, "record_id");
      wn_json_append_int (detail, record_id);
      wn_json_append_key (detail, "field");
      wn_json_append_string (detail, field->name);
      wn_json_append_key (detail, "value");
      wn_json_append_string (detail, normal);
      wn_json_append_key (detail, "extractor");
      wn_json_append_string (detail, person);
      wn_json_append_key (detail, "template_version");
      wn_json_append_int (detail, tmpl->version);
      g_string_append_c (detail, '}');
      ok = _wn_project_audit (self, strcmp (role, "resolve") == 0 ? "extraction.resolve" : "extraction.value",
                              detail->str, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  ok = _wn_project_end_write (self, ok, what, ok ? error : NULL);
  _wn_project_unlock (self);
  return ok;
}

gboolean
wn_project_extract (WnProject              *self,
                    gint64                  record_id,
                    const char             *field,
                    const char             *value,
                    const char             *extractor,
                    const WnExtractedValue *source,
                    GError                **error)
{
  return record_value (self, record_id, field, value, extractor, "extract", source, error);
}

gboolean
wn_project_resolve_value (WnProject   *self,
                          gint64       record_id,
                          const char  *field,
                          const char  *value,
                          GError     **error)
{
  return record_value (self, record_id, field, value, NULL, "resolve", NULL, error);
}

GPtrArray *
wn_project_list_extraction_values (WnProject   *self,
                                   gint64       record_id,
                                   const char  *extractor,
                                   GError     **error)
{
  const char *what = _("could not read the extracted values");
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_extracted_value_free);
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT v.record_id, v.field, v.value, v.extractor, v.role, v.template_version,"
                           "  v.source_sha256, v.source_start, v.source_end, v.source_text, v.at"
                           " FROM extraction_values v"
                           " WHERE v.id IN (SELECT max (id) FROM extraction_values"
                           "                GROUP BY record_id, field, extractor, role)"
                           "  AND v.value IS NOT NULL"
                           "  AND (?1 = 0 OR v.record_id = ?1)"
                           "  AND (?2 IS NULL OR (v.extractor = ?2 AND v.role = 'extract'))"
                           " ORDER BY v.record_id, v.id", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_text (stmt, 2, extractor, -1, SQLITE_STATIC);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnExtractedValue *value = g_new0 (WnExtractedValue, 1);

      value->record_id = sqlite3_column_int64 (stmt, 0);
      value->field = _wn_column_dup (stmt, 1);
      value->value = _wn_column_dup (stmt, 2);
      value->extractor = _wn_column_dup (stmt, 3);
      value->resolved = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "resolve") == 0;
      value->template_version = (guint) sqlite3_column_int64 (stmt, 5);
      value->source_sha256 = _wn_column_dup (stmt, 6);
      value->source_start = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 7);
      value->source_end = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 8);
      value->source_text = _wn_column_dup (stmt, 9);
      value->at = _wn_column_dup (stmt, 10);
      g_ptr_array_add (values, value);
      rc = SQLITE_OK;
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return NULL;
    }
  return g_steal_pointer (&values);
}

/* ---- Everything extracted, in memory ------------------------------------------ */

typedef struct
{
  GHashTable *by_person;    /* extractor → (field → value or NULL), latest 'extract' event */
  GPtrArray  *persons;      /* extractors in order of their first event */
  GHashTable *resolved;     /* field → value or NULL, the latest 'resolve' event */
  GHashTable *touched;      /* fields with any event */
  guint       min_version;  /* the lowest template version of an 'extract' event; 0: none */
  char       *extractor;    /* assigned */
  char       *verifier;     /* assigned (the first) */
} RecordValues;

static void
record_values_free (RecordValues *rv)
{
  g_hash_table_unref (rv->by_person);
  g_ptr_array_unref (rv->persons);
  g_hash_table_unref (rv->resolved);
  g_hash_table_unref (rv->touched);
  g_free (rv->extractor);
  g_free (rv->verifier);
  g_free (rv);
}

static RecordValues *
record_values_get (GHashTable *records,
                   gint64      record_id)
{
  RecordValues *rv = g_hash_table_lookup (records, &record_id);

  if (rv == NULL)
    {
      rv = g_new0 (RecordValues, 1);
      rv->by_person = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
      rv->persons = g_ptr_array_new_with_free_func (g_free);
      rv->resolved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      rv->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (records, g_memdup2 (&record_id, sizeof record_id), rv);
    }
  return rv;
}

/* record id → RecordValues. Lock taken. */
static GHashTable *
load_values (WnProject  *self,
             GError    **error)
{
  const char *what = _("could not read the extracted values");
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) record_values_free);
  g_autoptr(WnStmt) events = NULL;
  g_autoptr(WnStmt) assigned = NULL;
  sqlite3 *db;
  int rc;

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db, "SELECT record_id, field, value, extractor, role, template_version"
                           " FROM extraction_values ORDER BY id", -1, &events, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (events)) == SQLITE_ROW)
    {
      RecordValues *rv = record_values_get (records, sqlite3_column_int64 (events, 0));
      const char *field = (const char *) sqlite3_column_text (events, 1);
      const char *person = (const char *) sqlite3_column_text (events, 3);
      gboolean resolve = g_strcmp0 ((const char *) sqlite3_column_text (events, 4), "resolve") == 0;
      guint version = (guint) sqlite3_column_int64 (events, 5);

      g_hash_table_add (rv->touched, g_strdup (field));
      if (resolve)
        g_hash_table_insert (rv->resolved, g_strdup (field), _wn_column_dup (events, 2));
      else
        {
          GHashTable *values = g_hash_table_lookup (rv->by_person, person);

          if (values == NULL)
            {
              values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              g_hash_table_insert (rv->by_person, g_strdup (person), values);
              g_ptr_array_add (rv->persons, g_strdup (person));
            }
          g_hash_table_insert (values, g_strdup (field), _wn_column_dup (events, 2));
          if (rv->min_version == 0 || version < rv->min_version)
            rv->min_version = version;
        }
      rc = SQLITE_OK;
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_prepare_v2 (db, "SELECT record_id, person, role FROM extraction_assignments ORDER BY id", -1,
                             &assigned, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (assigned)) == SQLITE_ROW)
    {
      RecordValues *rv = record_values_get (records, sqlite3_column_int64 (assigned, 0));
      char **slot = g_strcmp0 ((const char *) sqlite3_column_text (assigned, 2), "verifier") == 0 ? &rv->verifier
                                                                                                 : &rv->extractor;

      if (*slot == NULL)
        *slot = _wn_column_dup (assigned, 1);
      rc = SQLITE_OK;
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return NULL;
    }
  return g_steal_pointer (&records);
}

static const char *
first_person (RecordValues *rv)
{
  if (rv->extractor != NULL)
    return rv->extractor;
  for (guint i = 0; i < rv->persons->len; i++)
    if (g_strcmp0 (g_ptr_array_index (rv->persons, i), rv->verifier) != 0)
      return g_ptr_array_index (rv->persons, i);
  return NULL;
}

static const char *
person_value (RecordValues *rv,
              const char   *person,
              const char   *field)
{
  GHashTable *values;

  if (rv == NULL || person == NULL)
    return NULL;
  values = g_hash_table_lookup (rv->by_person, person);
  return values != NULL ? g_hash_table_lookup (values, field) : NULL;
}

/* The study's value: resolved, else the first extractor's. */
static const char *
final_value (GHashTable *records,
             gint64      record_id,
             const char *field)
{
  RecordValues *rv = g_hash_table_lookup (records, &record_id);
  gpointer resolved;

  if (rv == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (rv->resolved, field, NULL, &resolved))
    return resolved;
  return person_value (rv, first_person (rv), field);
}

/* ---- Second pass ---------------------------------------------------------------- */

void
wn_extraction_flag_free (WnExtractionFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->study_id);
  g_free (flag->field);
  g_free (flag);
}

GPtrArray *
wn_project_extraction_flags (WnProject  *self,
                             GError    **error)
{
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GHashTable) records = NULL;
  GPtrArray *flags;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if ((tmpl = wn_project_get_template (self, error)) == NULL ||
      (studies = wn_project_list_studies (self, FALSE, error)) == NULL ||
      (records = load_values (self, error)) == NULL)
    return NULL;
  flags = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_extraction_flag_free);
  for (guint s = 0; s < studies->len; s++)
    {
      const WnStudy *study = g_ptr_array_index (studies, s);
      RecordValues *rv = g_hash_table_lookup (records, &study->record_id);

      if (rv == NULL || rv->min_version == 0)
        continue;
      for (guint f = 0; f < tmpl->fields->len; f++)
        {
          const WnTemplateField *field = g_ptr_array_index (tmpl->fields, f);
          WnExtractionFlag *flag;

          if (field->added_in <= rv->min_version || g_hash_table_contains (rv->touched, field->name))
            continue;
          flag = g_new0 (WnExtractionFlag, 1);
          flag->record_id = study->record_id;
          flag->study_id = g_strdup (study->study_id);
          flag->field = g_strdup (field->name);
          flag->added_in = field->added_in;
          g_ptr_array_add (flags, flag);
        }
    }
  return flags;
}

/* ---- Verification ---------------------------------------------------------------- */

/* splitmix64 (Vigna's reference constants). */
static guint64
splitmix64_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in [0, bound), without modulo bias. */
static guint64
splitmix64_below (guint64 *state,
                  guint64  bound)
{
  guint64 limit = (G_MAXUINT64 / bound) * bound;
  guint64 x;

  do
    x = splitmix64_next (state);
  while (x >= limit);
  return x % bound;
}

static gboolean
exec_assign (sqlite3    *db,
             WnStmt     *insert,
             gint64      record_id,
             const char *person,
             const char *role,
             guint64     seed,
             double      share,
             const char *now,
             const char *actor,
             int        *changes)
{
  sqlite3_reset (insert);
  sqlite3_bind_int64 (insert, 1, record_id);
  sqlite3_bind_text (insert, 2, person, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, role, -1, SQLITE_STATIC);
  if (strcmp (role, "verifier") == 0)
    {
      sqlite3_bind_int64 (insert, 4, (gint64) seed);
      sqlite3_bind_double (insert, 5, share);
    }
  else
    {
      sqlite3_bind_null (insert, 4);
      sqlite3_bind_null (insert, 5);
    }
  sqlite3_bind_text (insert, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, actor, -1, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    return FALSE;
  *changes += sqlite3_changes (db);
  return TRUE;
}

int
wn_project_draw_verification (WnProject   *self,
                              const char  *extractor,
                              const char  *verifier,
                              double       share,
                              guint64      seed,
                              GError     **error)
{
  const char *what = _("could not assign the verification sample");
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(WnStmt) insert = NULL;
  g_autoptr(WnStmt) count = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *now = _wn_now_iso8601 ();
  g_autofree guint *order = NULL;
  guint n, k, verified = 0;
  guint64 state = seed;
  int assigned = 0;
  int result = -1;
  gboolean ok = TRUE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), -1);
  g_return_val_if_fail (extractor != NULL && verifier != NULL, -1);

  if (g_strcmp0 (extractor, verifier) == 0)
    {
      g_set_error (error, WN_EXTRACTION_ERROR, WN_EXTRACTION_ERROR_INVALID,
                   _("The verifier (%s) must be someone other than the extractor"), verifier);
      return -1;
    }
  if (!(share > 0))
    share = DEFAULT_SHARE;
  share = MIN (share, 1.0);
  if ((studies = wn_project_list_studies (self, FALSE, error)) == NULL ||
      (records = load_values (self, error)) == NULL)
    return -1;

  /* list_studies gives study order already: S001, S002, … */
  n = studies->len;
  k = n == 0 ? 0 : (guint) MAX (1.0, ceil (share * n - 1e-9));
  k = MIN (k, n);
  order = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  /* A whole shuffle; its first k places are those of a partial one. */
  for (guint i = 0; i + 1 < n; i++)
    {
      guint j = i + (guint) splitmix64_below (&state, n - i);
      guint t = order[i];

      order[i] = order[j];
      order[j] = t;
    }

  if (!_wn_project_begin_write (self, what, error))
    return -1;
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db,
                           "INSERT OR IGNORE INTO extraction_assignments (record_id, person, role, seed, share, at, actor)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &insert, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT count (*) FROM extraction_assignments a JOIN studies s USING (record_id)"
                             " WHERE a.role = 'verifier' AND a.person = ?", -1, &count, NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, what);
      ok = FALSE;
    }
  /* Every study to the extractor, unless it already has one. */
  for (guint i = 0; ok && i < n; i++)
    {
      const WnStudy *study = g_ptr_array_index (studies, i);
      RecordValues *rv = g_hash_table_lookup (records, &study->record_id);

      if (rv != NULL && rv->extractor != NULL)
        continue;
      if (!exec_assign (db, insert, study->record_id, extractor, "extractor", seed, share, now,
                        wn_project_get_actor (self), &assigned))
        {
          _wn_project_sql_error (self, error, sqlite3_errcode (db), what);
          ok = FALSE;
        }
    }
  /* Studies verified already count towards the share; the rest of it
   * goes to the verifier in the drawn order, skipping studies the
   * verifier extracts. With the same seed and the same studies this is
   * the first k of the shuffle; studies included later top it up. */
  for (guint i = 0; i < n; i++)
    {
      const WnStudy *study = g_ptr_array_index (studies, i);
      RecordValues *rv = g_hash_table_lookup (records, &study->record_id);

      if (rv != NULL && rv->verifier != NULL)
        verified++;
    }
  for (guint i = 0; ok && i < n && verified < k; i++)
    {
      const WnStudy *study = g_ptr_array_index (studies, order[i]);
      RecordValues *rv = g_hash_table_lookup (records, &study->record_id);

      if (rv != NULL && (rv->verifier != NULL || g_strcmp0 (rv->extractor, verifier) == 0))
        continue;
      verified++;
      if (!exec_assign (db, insert, study->record_id, verifier, "verifier", seed, share, now,
                        wn_project_get_actor (self), &assigned))
        {
          _wn_project_sql_error (self, error, sqlite3_errcode (db), what);
          ok = FALSE;
        }
    }
  if (ok)
    {
      sqlite3_bind_text (count, 1, verifier, -1, SQLITE_STATIC);
      rc = sqlite3_step (count);
      if (rc == SQLITE_ROW)
        result = sqlite3_column_int (count, 0);
      else
        {
          _wn_project_sql_error (self, error, rc, what);
          ok = FALSE;
        }
    }
  if (ok && assigned > 0)
    {
      wn_json_append_key (detail, "extractor");
      wn_json_append_string (detail, extractor);
      wn_json_append_key (detail, "verifier");
      wn_json_append_string (detail, verifier);
      wn_json_append_key (detail, "seed");
      g_string_append_printf (detail, "%" G_GUINT64_FORMAT, seed);
      wn_json_append_key (detail, "share");
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (detail, g_ascii_dtostr (buffer, sizeof buffer, share));
      }
      wn_json_append_key (detail, "drawn");
      wn_json_append_int (detail, k);
      wn_json_append_key (detail, "assignments");
      wn_json_append_int (detail, assigned);
      g_string_append_c (detail, '}');
      ok = _wn_project_audit (self, "extraction.assign", detail->str, error);
    }
  g_clear_pointer (&insert, sqlite3_finalize);
  g_clear_pointer (&count, sqlite3_finalize);
  if (!_wn_project_end_write (self, ok, what, ok ? error : NULL))
    return -1;
  return result;
}

GArray *
wn_project_extraction_assignments (WnProject   *self,
                                   const char  *person,
                                   const char  *role,
                                   GError     **error)
{
  const char *what = _("could not read the extraction assignments");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  /* Numbers the studies first. */
  if ((studies = wn_project_list_studies (self, FALSE, error)) == NULL)
    return NULL;
  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT DISTINCT a.record_id, s.n FROM extraction_assignments a JOIN studies s USING (record_id)"
                           " WHERE (?1 IS NULL OR a.person = ?1) AND (?2 IS NULL OR a.role = ?2) ORDER BY s.n",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, person, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean included = FALSE;

      for (guint i = 0; i < studies->len && !included; i++)
        included = ((WnStudy *) g_ptr_array_index (studies, i))->record_id == id;
      if (included)
        g_array_append_val (ids, id);
      rc = SQLITE_OK;
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

void
wn_field_agreement_free (WnFieldAgreement *agreement)
{
  if (agreement == NULL)
    return;
  g_free (agreement->field);
  g_free (agreement);
}

void
wn_discrepancy_free (WnDiscrepancy *discrepancy)
{
  if (discrepancy == NULL)
    return;
  g_free (discrepancy->study_id);
  g_free (discrepancy->field);
  g_free (discrepancy->first);
  g_free (discrepancy->second);
  g_free (discrepancy->resolved);
  g_free (discrepancy);
}

static char *
comparable_text (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (kept, words[i]);
  g_ptr_array_add (kept, NULL);
  joined = g_strjoinv (" ", (GStrv) kept->pdata);
  return g_utf8_casefold (joined, -1);
}

static gboolean
values_agree (const WnTemplateField *field,
              const char            *a,
              const char            *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (field->type == WN_FIELD_INTEGER || field->type == WN_FIELD_NUMBER)
    {
      double p, q;

      if (parse_number (a, &p) && parse_number (b, &q))
        return p == q;
    }
  x = comparable_text (a);
  y = comparable_text (b);
  return strcmp (x, y) == 0;
}

/* The categories for a field's kappa: its codes, then any other observed
 * value (a code dropped from a later version). */
static GPtrArray *
kappa_categories (const WnTemplateField *field,
                  GPtrArray             *labels)
{
  GPtrArray *categories = g_ptr_array_new ();
  const char *const *codes = field_codes (field);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    g_ptr_array_add (categories, (gpointer) codes[i]);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *label = g_ptr_array_index (labels, i);
      gboolean known = FALSE;

      for (guint c = 0; c < categories->len && !known; c++)
        known = strcmp (label, g_ptr_array_index (categories, c)) == 0;
      if (!known)
        g_ptr_array_add (categories, (gpointer) label);
    }
  g_ptr_array_add (categories, NULL);
  return categories;
}

static double
kappa_of (GPtrArray          *labels,
          const char * const *categories)
{
  g_autoptr(WnRatings) ratings = NULL;
  WnAgreementStats stats;

  if (labels->len < 2)
    return NAN;
  ratings = wn_ratings_new_from_labels (labels->len / 2, 2, (const char * const *) labels->pdata, categories, NULL);
  if (ratings == NULL)
    return NAN;
  wn_agreement_compute (ratings, &stats);
  return stats.cohen_kappa;
}

gboolean
wn_project_extraction_agreement (WnProject  *self,
                                 GPtrArray **fields,
                                 GPtrArray **discrepancies,
                                 GError    **error)
{
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(GPtrArray) out_fields = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_field_agreement_free);
  g_autoptr(GPtrArray) out_discrepancies = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_discrepancy_free);

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if ((tmpl = wn_project_get_template (self, error)) == NULL ||
      (studies = wn_project_list_studies (self, FALSE, error)) == NULL ||
      (records = load_values (self, error)) == NULL)
    return FALSE;

  for (guint f = 0; f < tmpl->fields->len; f++)
    {
      const WnTemplateField *field = g_ptr_array_index (tmpl->fields, f);
      WnFieldAgreement *agreement = g_new0 (WnFieldAgreement, 1);
      /* Pairs of labels, first then second, for the kappa. */
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) categories = NULL;

      agreement->field = g_strdup (field->name);
      agreement->coded = field_is_coded (field);
      for (guint s = 0; s < studies->len; s++)
        {
          const WnStudy *study = g_ptr_array_index (studies, s);
          RecordValues *rv = g_hash_table_lookup (records, &study->record_id);
          const char *first, *second;
          gpointer resolved = NULL;
          WnDiscrepancy *discrepancy;

          if (rv == NULL || rv->verifier == NULL)
            continue;
          first = person_value (rv, first_person (rv), field->name);
          second = person_value (rv, rv->verifier, field->name);
          if (first == NULL || second == NULL)
            continue;
          agreement->n++;
          if (field->type == WN_FIELD_MULTIPLE_CHOICE)
            {
              g_auto(GStrv) a = g_strsplit (first, "; ", -1);
              g_auto(GStrv) b = g_strsplit (second, "; ", -1);

              for (guint c = 0; field->choices != NULL && field->choices[c] != NULL; c++)
                {
                  g_ptr_array_add (labels, g_strdup (g_strv_contains ((const char *const *) a, field->choices[c])
                                                     ? "present" : "absent"));
                  g_ptr_array_add (labels, g_strdup (g_strv_contains ((const char *const *) b, field->choices[c])
                                                     ? "present" : "absent"));
                }
            }
          else
            {
              g_ptr_array_add (labels, g_strdup (first));
              g_ptr_array_add (labels, g_strdup (second));
            }
          if (values_agree (field, first, second))
            {
              agreement->agreed++;
              continue;
            }
          discrepancy = g_new0 (WnDiscrepancy, 1);
          discrepancy->record_id = study->record_id;
          discrepancy->study_id = g_strdup (study->study_id);
          discrepancy->field = g_strdup (field->name);
          discrepancy->first = g_strdup (first);
          discrepancy->second = g_strdup (second);
          if (g_hash_table_lookup_extended (rv->resolved, field->name, NULL, &resolved))
            discrepancy->resolved = g_strdup (resolved);
          g_ptr_array_add (out_discrepancies, discrepancy);
        }
      agreement->percent_agreement = agreement->n > 0 ? 100.0 * agreement->agreed / agreement->n : NAN;
      agreement->kappa = NAN;
      if (agreement->coded && agreement->n > 0)
        {
          if (field->type == WN_FIELD_MULTIPLE_CHOICE)
            {
              static const char *const presence[] = { "absent", "present", NULL };

              agreement->kappa = kappa_of (labels, presence);
            }
          else
            {
              categories = kappa_categories (field, labels);
              agreement->kappa = kappa_of (labels, (const char * const *) categories->pdata);
            }
        }
      g_ptr_array_add (out_fields, agreement);
    }

  /* Discrepancies by study, then in template order. */
  {
    GPtrArray *sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_discrepancy_free);

    for (guint s = 0; s < studies->len; s++)
      for (guint d = 0; d < out_discrepancies->len; d++)
        {
          WnDiscrepancy *discrepancy = g_ptr_array_index (out_discrepancies, d);

          if (discrepancy != NULL &&
              discrepancy->record_id == ((WnStudy *) g_ptr_array_index (studies, s))->record_id)
            {
              g_ptr_array_add (sorted, discrepancy);
              out_discrepancies->pdata[d] = NULL;
            }
        }
    g_ptr_array_unref (out_discrepancies);
    out_discrepancies = sorted;
  }

  if (fields != NULL)
    *fields = g_steal_pointer (&out_fields);
  if (discrepancies != NULL)
    *discrepancies = g_steal_pointer (&out_discrepancies);
  return TRUE;
}

/* ---- Tables ------------------------------------------------------------------------ */

/* "Okafor" from "Okafor, Chidi". */
static char *
surname (const char *author)
{
  const char *comma = strchr (author, ',');

  return comma != NULL ? g_strstrip (g_strndup (author, (gsize) (comma - author))) : g_strdup (author);
}

typedef struct
{
  char *first_author;
  char *author_year;
  char *year;
  char *title;
} StudyInfo;

static void
study_info_clear (StudyInfo *info)
{
  g_free (info->first_author);
  g_free (info->author_year);
  g_free (info->year);
  g_free (info->title);
}

static gboolean
study_info (WnProject  *self,
            gint64      record_id,
            StudyInfo  *info,
            GError    **error)
{
  g_autoptr(WnRecord) record = wn_project_get_record (self, record_id, NULL, error);
  g_autofree char *who = NULL;
  guint n_authors;

  memset (info, 0, sizeof *info);
  if (record == NULL)
    return FALSE;
  n_authors = record->authors != NULL ? record->authors->len : 0;
  info->year = g_strdup (record->year);
  info->title = g_strdup (record->title);
  if (n_authors > 0)
    {
      g_autofree char *first = surname (g_ptr_array_index (record->authors, 0));

      info->first_author = g_strdup (g_ptr_array_index (record->authors, 0));
      if (n_authors == 1)
        who = g_strdup (first);
      else if (n_authors == 2)
        {
          g_autofree char *second = surname (g_ptr_array_index (record->authors, 1));

          /* TRANSLATORS: two authors' surnames */
          who = g_strdup_printf (_("%s and %s"), first, second);
        }
      else
        /* TRANSLATORS: the first author's surname, for three or more */
        who = g_strdup_printf (_("%s et al."), first);
    }
  else
    who = g_strdup (_("Anonymous"));
  info->author_year = g_strdup_printf ("%s (%s)", who, record->year != NULL ? record->year : _("n.d."));
  return TRUE;
}

static gboolean
field_is_numeric (const WnTemplateField *field)
{
  return field->type == WN_FIELD_INTEGER || field->type == WN_FIELD_NUMBER;
}

WnTable *
wn_project_extraction_table (WnProject  *self,
                             GError    **error)
{
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autoptr(WnTable) table = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if ((tmpl = wn_project_get_template (self, error)) == NULL ||
      (studies = wn_project_list_studies (self, FALSE, error)) == NULL ||
      (records = load_values (self, error)) == NULL)
    return NULL;
  g_ptr_array_add (header, _("Study ID"));
  g_ptr_array_add (header, _("First author"));
  g_ptr_array_add (header, _("Year"));
  g_ptr_array_add (header, _("Title"));
  for (guint f = 0; f < tmpl->fields->len; f++)
    g_ptr_array_add (header, ((WnTemplateField *) g_ptr_array_index (tmpl->fields, f))->label);
  g_ptr_array_add (header, NULL);
  table = wn_table_new (_("Extraction"), (const char * const *) header->pdata);
  wn_table_set_numeric (table, 2, TRUE);
  for (guint f = 0; f < tmpl->fields->len; f++)
    wn_table_set_numeric (table, 4 + f, field_is_numeric (g_ptr_array_index (tmpl->fields, f)));

  for (guint s = 0; s < studies->len; s++)
    {
      const WnStudy *study = g_ptr_array_index (studies, s);
      StudyInfo info;
      guint row;

      if (!study_info (self, study->record_id, &info, error))
        return NULL;
      row = wn_table_append_row (table);
      wn_table_set_cell (table, row, 0, study->study_id);
      wn_table_set_cell (table, row, 1, info.first_author);
      wn_table_set_cell (table, row, 2, info.year);
      wn_table_set_cell (table, row, 3, info.title);
      for (guint f = 0; f < tmpl->fields->len; f++)
        {
          const WnTemplateField *field = g_ptr_array_index (tmpl->fields, f);

          wn_table_set_cell (table, row, 4 + f, final_value (records, study->record_id, field->name));
        }
      study_info_clear (&info);
    }
  return g_steal_pointer (&table);
}

WnTable *
wn_project_characteristics_table (WnProject  *self,
                                  GError    **error)
{
  static const char *const sources[] = { "study_location", "methodology", "sample_size", "setting" };
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(WnTable) table = NULL;
  const char *header[] = {
    _("Study ID"), _("Author (year)"), _("Title"), _("Location"), _("Methodology"), _("Sample size"), _("Setting"),
    NULL,
  };

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if ((tmpl = wn_project_get_template (self, error)) == NULL ||
      (studies = wn_project_list_studies (self, FALSE, error)) == NULL ||
      (records = load_values (self, error)) == NULL)
    return NULL;
  table = wn_table_new (_("Characteristics"), header);
  wn_table_set_numeric (table, 5, TRUE);
  for (guint s = 0; s < studies->len; s++)
    {
      const WnStudy *study = g_ptr_array_index (studies, s);
      StudyInfo info;
      guint row;

      if (!study_info (self, study->record_id, &info, error))
        return NULL;
      row = wn_table_append_row (table);
      wn_table_set_cell (table, row, 0, study->study_id);
      wn_table_set_cell (table, row, 1, info.author_year);
      wn_table_set_cell (table, row, 2, info.title);
      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        wn_table_set_cell (table, row, 3 + i, final_value (records, study->record_id, sources[i]));
      study_info_clear (&info);
    }
  return g_steal_pointer (&table);
}

WnTable *
wn_project_frequency_table (WnProject  *self,
                            GError    **error)
{
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(WnTable) table = NULL;
  const char *header[] = { _("Field"), _("Category"), _("Studies"), _("Percent"), NULL };

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if ((tmpl = wn_project_get_template (self, error)) == NULL ||
      (studies = wn_project_list_studies (self, FALSE, error)) == NULL ||
      (records = load_values (self, error)) == NULL)
    return NULL;
  table = wn_table_new (_("Frequencies"), header);
  wn_table_set_numeric (table, 2, TRUE);
  wn_table_set_numeric (table, 3, TRUE);
  for (guint f = 0; f < tmpl->fields->len; f++)
    {
      const WnTemplateField *field = g_ptr_array_index (tmpl->fields, f);
      const char *const *codes = field_codes (field);
      g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));
      guint none = 0;

      if (!field_is_coded (field))
        continue;
      for (guint c = 0; codes[c] != NULL; c++)
        g_ptr_array_add (categories, g_strdup (codes[c]));
      g_array_set_size (counts, categories->len);
      for (guint s = 0; s < studies->len; s++)
        {
          const WnStudy *study = g_ptr_array_index (studies, s);
          const char *value = final_value (records, study->record_id, field->name);
          g_auto(GStrv) parts = NULL;

          if (value == NULL)
            {
              none++;
              continue;
            }
          if (field->type == WN_FIELD_MULTIPLE_CHOICE)
            parts = g_strsplit (value, "; ", -1);
          else
            {
              parts = g_new0 (char *, 2);
              parts[0] = g_strdup (value);
            }
          for (guint p = 0; parts[p] != NULL; p++)
            {
              guint c;

              for (c = 0; c < categories->len; c++)
                if (strcmp (parts[p], g_ptr_array_index (categories, c)) == 0)
                  break;
              if (c == categories->len)
                {
                  /* A code no longer in the list. */
                  g_ptr_array_add (categories, g_strdup (parts[p]));
                  g_array_set_size (counts, categories->len);
                }
              g_array_index (counts, guint, c)++;
            }
        }
      for (guint c = 0; c <= categories->len; c++)
        {
          guint number = c < categories->len ? g_array_index (counts, guint, c) : none;
          g_autofree char *count_text = NULL;
          g_autofree char *percent = NULL;
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];
          guint row;

          if (c == categories->len && none == 0)
            break;
          count_text = g_strdup_printf ("%u", number);
          percent = g_strdup (studies->len > 0
                              ? g_ascii_formatd (buffer, sizeof buffer, "%.1f", 100.0 * number / studies->len)
                              : "0.0");
          row = wn_table_append_row (table);
          wn_table_set_cell (table, row, 0, field->label);
          wn_table_set_cell (table, row, 1, c < categories->len ? g_ptr_array_index (categories, c) : _("(no value)"));
          wn_table_set_cell (table, row, 2, count_text);
          wn_table_set_cell (table, row, 3, percent);
        }
    }
  return g_steal_pointer (&table);
}

WnTable *
wn_project_template_table (WnProject  *self,
                           GError    **error)
{
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(WnTable) table = NULL;
  const char *header[] = {
    _("Name"), _("Label"), _("Type"), _("Required"), _("Choices"), _("Help"), _("Added in version"), NULL,
  };

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if ((tmpl = wn_project_get_template (self, error)) == NULL)
    return NULL;
  table = wn_table_new (_("Template"), header);
  wn_table_set_numeric (table, 6, TRUE);
  for (guint f = 0; f < tmpl->fields->len; f++)
    {
      const WnTemplateField *field = g_ptr_array_index (tmpl->fields, f);
      g_autofree char *choices = field->choices != NULL ? g_strjoinv ("; ", field->choices) : NULL;
      g_autofree char *added = g_strdup_printf ("%u", field->added_in);
      guint row = wn_table_append_row (table);

      wn_table_set_cell (table, row, 0, field->name);
      wn_table_set_cell (table, row, 1, field->label);
      wn_table_set_cell (table, row, 2, wn_field_type_to_string (field->type));
      wn_table_set_cell (table, row, 3, field->required ? "yes" : "no");
      wn_table_set_cell (table, row, 4, choices);
      wn_table_set_cell (table, row, 5, field->help);
      wn_table_set_cell (table, row, 6, added);
    }
  return g_steal_pointer (&table);
}
