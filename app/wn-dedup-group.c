/* wn-dedup-group.c — one group of duplicate records, for lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wn-dedup-group.h"
#include "wn-dedup-private.h"

struct _WnDedupGroup
{
  GObject  parent_instance;

  gint64   id;
  gint64   kept_id;
  char    *status;
  char    *reason;
  char    *created_at;
  GArray  *members;
};

G_DEFINE_FINAL_TYPE (WnDedupGroup, wn_dedup_group, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_KEPT_ID,
  PROP_STATUS,
  PROP_N_MEMBERS,
  PROP_REASON,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wn_dedup_group_finalize (GObject *object)
{
  WnDedupGroup *self = (WnDedupGroup *) object;

  g_free (self->status);
  g_free (self->reason);
  g_free (self->created_at);
  g_array_unref (self->members);

  G_OBJECT_CLASS (wn_dedup_group_parent_class)->finalize (object);
}

static void
wn_dedup_group_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WnDedupGroup *self = WN_DEDUP_GROUP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KEPT_ID:
      g_value_set_int64 (value, self->kept_id);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_N_MEMBERS:
      g_value_set_uint (value, self->members->len);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_dedup_group_class_init (WnDedupGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wn_dedup_group_finalize;
  object_class->get_property = wn_dedup_group_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEPT_ID] =
    g_param_spec_int64 ("kept-id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MEMBERS] =
    g_param_spec_uint ("n-members", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wn_dedup_group_init (WnDedupGroup *self)
{
  self->members = g_array_new (FALSE, FALSE, sizeof (gint64));
}

WnDedupGroup *
_wn_dedup_group_new (gint64        id,
                     gint64        kept_id,
                     const char   *status,
                     const char   *reason,
                     const char   *created_at,
                     const gint64 *members,
                     guint         n_members)
{
  WnDedupGroup *self = g_object_new (WN_TYPE_DEDUP_GROUP, NULL);

  self->id = id;
  self->kept_id = kept_id;
  self->status = g_strdup (status);
  self->reason = g_strdup (reason);
  self->created_at = g_strdup (created_at);
  g_array_append_vals (self->members, members, n_members);
  return self;
}

gint64
wn_dedup_group_get_id (WnDedupGroup *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_GROUP (self), 0);
  return self->id;
}

gint64
wn_dedup_group_get_kept_id (WnDedupGroup *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_GROUP (self), 0);
  return self->kept_id;
}

const char *
wn_dedup_group_get_status (WnDedupGroup *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_GROUP (self), NULL);
  return self->status;
}

const char *
wn_dedup_group_get_reason (WnDedupGroup *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_GROUP (self), NULL);
  return self->reason;
}

const char *
wn_dedup_group_get_created_at (WnDedupGroup *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_GROUP (self), NULL);
  return self->created_at;
}

const gint64 *
wn_dedup_group_get_members (WnDedupGroup *self,
                            guint        *n_members)
{
  g_return_val_if_fail (WN_IS_DEDUP_GROUP (self), NULL);

  if (n_members != NULL)
    *n_members = self->members->len;
  return (const gint64 *) self->members->data;
}
