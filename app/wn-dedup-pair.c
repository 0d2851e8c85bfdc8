/* wn-dedup-pair.c — one pair of records the engine found alike, for lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wn-dedup-pair.h"
#include "wn-dedup-private.h"

struct _WnDedupPair
{
  GObject          parent_instance;

  gint64           id;
  gint64           record_ids[2];
  WnRecord        *records[2];
  WnDedupOutcome   outcome;
  double           score;
  char            *rule;
  char            *reasons;
  char            *held;
  char            *description;
  WnDedupDecision  decision;
  WnDedupMatch     match;
};

G_DEFINE_FINAL_TYPE (WnDedupPair, wn_dedup_pair, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_RECORD_A_ID,
  PROP_RECORD_B_ID,
  PROP_TITLE_A,
  PROP_TITLE_B,
  PROP_OUTCOME,
  PROP_SCORE,
  PROP_RULE,
  PROP_REASONS,
  PROP_DESCRIPTION,
  PROP_DECISION,
  PROP_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wn_dedup_pair_finalize (GObject *object)
{
  WnDedupPair *self = (WnDedupPair *) object;

  g_clear_pointer (&self->records[0], wn_record_free);
  g_clear_pointer (&self->records[1], wn_record_free);
  g_free (self->rule);
  g_free (self->reasons);
  g_free (self->held);
  g_free (self->description);

  G_OBJECT_CLASS (wn_dedup_pair_parent_class)->finalize (object);
}

static void
wn_dedup_pair_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WnDedupPair *self = WN_DEDUP_PAIR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_RECORD_A_ID:
      g_value_set_int64 (value, self->record_ids[0]);
      break;
    case PROP_RECORD_B_ID:
      g_value_set_int64 (value, self->record_ids[1]);
      break;
    case PROP_TITLE_A:
      g_value_set_string (value, self->records[0]->title);
      break;
    case PROP_TITLE_B:
      g_value_set_string (value, self->records[1]->title);
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, wn_dedup_outcome_to_string (self->outcome));
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    case PROP_RULE:
      g_value_set_string (value, self->rule);
      break;
    case PROP_REASONS:
      g_value_set_string (value, self->reasons);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, wn_dedup_pair_get_description (self));
      break;
    case PROP_DECISION:
      g_value_set_string (value, wn_dedup_decision_to_string (self->decision));
      break;
    case PROP_HELD:
      g_value_set_string (value, self->held);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_dedup_pair_class_init (WnDedupPairClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = wn_dedup_pair_finalize;
  object_class->get_property = wn_dedup_pair_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RECORD_A_ID] = g_param_spec_int64 ("record-a-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RECORD_B_ID] = g_param_spec_int64 ("record-b-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TITLE_A] = g_param_spec_string ("title-a", NULL, NULL, NULL, flags);
  properties[PROP_TITLE_B] = g_param_spec_string ("title-b", NULL, NULL, NULL, flags);
  /* "certain" or "possible" */
  properties[PROP_OUTCOME] = g_param_spec_string ("outcome", NULL, NULL, NULL, flags);
  properties[PROP_SCORE] = g_param_spec_double ("score", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_RULE] = g_param_spec_string ("rule", NULL, NULL, NULL, flags);
  properties[PROP_REASONS] = g_param_spec_string ("reasons", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  /* NULL, "duplicate" or "distinct" */
  properties[PROP_DECISION] = g_param_spec_string ("decision", NULL, NULL, NULL, flags);
  properties[PROP_HELD] = g_param_spec_string ("held", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wn_dedup_pair_init (WnDedupPair *self)
{
}

WnDedupPair *
_wn_dedup_pair_new (gint64           id,
                    gint64           record_a,
                    gint64           record_b,
                    WnDedupOutcome   outcome,
                    double           score,
                    const char      *rule,
                    const char      *reasons,
                    WnDedupDecision  decision,
                    const char      *held,
                    WnRecord        *a,
                    WnRecord        *b)
{
  WnDedupPair *self = g_object_new (WN_TYPE_DEDUP_PAIR, NULL);

  self->id = id;
  self->record_ids[0] = record_a;
  self->record_ids[1] = record_b;
  self->records[0] = a;
  self->records[1] = b;
  self->outcome = outcome;
  self->score = CLAMP (score, 0.0, 1.0);
  self->rule = g_strdup (rule);
  self->reasons = g_strdup (reasons);
  self->decision = decision;
  self->held = g_strdup (held);
  wn_dedup_compare_records (a, b, &self->match);
  return self;
}

gint64
wn_dedup_pair_get_id (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), 0);
  return self->id;
}

gint64
wn_dedup_pair_get_record_id (WnDedupPair *self,
                             guint        which)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), 0);
  g_return_val_if_fail (which < 2, 0);
  return self->record_ids[which];
}

const WnRecord *
wn_dedup_pair_get_record (WnDedupPair *self,
                          guint        which)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), NULL);
  g_return_val_if_fail (which < 2, NULL);
  return self->records[which];
}

WnDedupOutcome
wn_dedup_pair_get_outcome (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), WN_DEDUP_DISTINCT);
  return self->outcome;
}

double
wn_dedup_pair_get_score (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), 0.0);
  return self->score;
}

const char *
wn_dedup_pair_get_rule (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), NULL);
  return self->rule;
}

const char *
wn_dedup_pair_get_reasons (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), NULL);
  return self->reasons;
}

const WnDedupMatch *
wn_dedup_pair_get_match (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), NULL);
  return &self->match;
}

const char *
wn_dedup_pair_get_description (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), NULL);

  if (self->description == NULL)
    self->description = wn_dedup_match_describe (&self->match);
  return self->description;
}

WnDedupDecision
wn_dedup_pair_get_decision (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), WN_DEDUP_DECISION_NONE);
  return self->decision;
}

const char *
wn_dedup_pair_get_held (WnDedupPair *self)
{
  g_return_val_if_fail (WN_IS_DEDUP_PAIR (self), NULL);
  return self->held;
}
