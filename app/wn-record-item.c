/* wn-record-item.c — a record as a list shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wn-record-item.h"

struct _WnRecordItem
{
  GObject  parent_instance;
  gint64   id;
  char    *title;
  char    *authors;
  char    *year;
  char    *journal;
  char    *doi;
  char    *database;
};

G_DEFINE_FINAL_TYPE (WnRecordItem, wn_record_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_AUTHORS,
  PROP_YEAR,
  PROP_JOURNAL,
  PROP_DOI,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wn_record_item_finalize (GObject *object)
{
  WnRecordItem *self = (WnRecordItem *) object;

  g_free (self->title);
  g_free (self->authors);
  g_free (self->year);
  g_free (self->journal);
  g_free (self->doi);
  g_free (self->database);

  G_OBJECT_CLASS (wn_record_item_parent_class)->finalize (object);
}

static void
wn_record_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WnRecordItem *self = WN_RECORD_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_AUTHORS:
      g_value_set_string (value, self->authors);
      break;
    case PROP_YEAR:
      g_value_set_string (value, self->year);
      break;
    case PROP_JOURNAL:
      g_value_set_string (value, self->journal);
      break;
    case PROP_DOI:
      g_value_set_string (value, self->doi);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_record_item_class_init (WnRecordItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wn_record_item_finalize;
  object_class->get_property = wn_record_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHORS] =
    g_param_spec_string ("authors", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_YEAR] =
    g_param_spec_string ("year", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOURNAL] =
    g_param_spec_string ("journal", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOI] =
    g_param_spec_string ("doi", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wn_record_item_init (WnRecordItem *self)
{
}

WnRecordItem *
wn_record_item_new (gint64      id,
                    const char *title,
                    const char *authors,
                    const char *year,
                    const char *journal,
                    const char *doi,
                    const char *database)
{
  WnRecordItem *self = g_object_new (WN_TYPE_RECORD_ITEM, NULL);

  self->id = id;
  self->title = g_strdup (title);
  self->authors = g_strdup (authors);
  self->year = g_strdup (year);
  self->journal = g_strdup (journal);
  self->doi = g_strdup (doi);
  self->database = g_strdup (database);

  return self;
}

gint64
wn_record_item_get_id (WnRecordItem *self)
{
  g_return_val_if_fail (WN_IS_RECORD_ITEM (self), 0);
  return self->id;
}

const char *
wn_record_item_get_title (WnRecordItem *self)
{
  g_return_val_if_fail (WN_IS_RECORD_ITEM (self), NULL);
  return self->title;
}

const char *
wn_record_item_get_authors (WnRecordItem *self)
{
  g_return_val_if_fail (WN_IS_RECORD_ITEM (self), NULL);
  return self->authors;
}

const char *
wn_record_item_get_year (WnRecordItem *self)
{
  g_return_val_if_fail (WN_IS_RECORD_ITEM (self), NULL);
  return self->year;
}

const char *
wn_record_item_get_journal (WnRecordItem *self)
{
  g_return_val_if_fail (WN_IS_RECORD_ITEM (self), NULL);
  return self->journal;
}

const char *
wn_record_item_get_doi (WnRecordItem *self)
{
  g_return_val_if_fail (WN_IS_RECORD_ITEM (self), NULL);
  return self->doi;
}

const char *
wn_record_item_get_database (WnRecordItem *self)
{
  g_return_val_if_fail (WN_IS_RECORD_ITEM (self), NULL);
  return self->database;
}
