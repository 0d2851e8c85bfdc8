/* wn-dedup-store.c — dedup runs, groups, decisions and undo in the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables (migration 2 in wn-project.c): dedup_runs, dedup_pairs (each
 * pair found, its verdict and reasons, a standing human decision),
 * dedup_decisions (every decision ever made), dedup_groups and
 * dedup_members (every group ever formed; a group's membership never
 * changes — it ends and a new group replaces it), dedup_filled (the values
 * a kept record lacks, filled from its group) and the view records_filled.
 * records.duplicate_of is the live state: the kept record's id for every
 * other member of an active group.
 *
 * Groups are derived, never edited: the accepted links are the pairs a
 * person called duplicate plus the certain pairs nobody decided on and
 * nothing holds back; groups are their connected components, joined one
 * link at a time, strongest first, under a guard against chaining. After
 * any change (a run, a decision, an undo) the components of the records
 * it touched are recomputed and compared with the active groups: a group
 * whose members are exactly a component stays; any other is ended and a
 * new group made. So a decision and its undo give back exactly the groups
 * there were, and filled values never overwrite a record.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wn-dedup-group.h"
#include "wn-dedup-pair.h"
#include "wn-dedup-private.h"
#include "wn-project-private.h"

/* ------------------------------------------------------------------------ */
/* Statements                                                                */

typedef struct
{
  WnProject  *project;
  sqlite3    *db;
  const char *path;
  const char *actor;
  char       *now;
  gint64      run_id;      /* 0 outside a run */
} Store;

static void
store_init (Store     *s,
            WnProject *project)
{
  s->project = project;
  s->db = _wn_project_get_db (project);
  s->path = wn_project_get_path (project);
  s->actor = wn_project_get_actor (project);
  s->now = _wn_now_iso8601 ();
  s->run_id = 0;
}

static void
store_clear (Store *s)
{
  g_clear_pointer (&s->now, g_free);
}

static gboolean
store_fail (Store       *s,
            int          rc,
            GError     **error)
{
  _wn_project_set_sqlite_error (error, s->db, rc, s->path, _("could not update the duplicates"));
  return FALSE;
}

static int
prepare (Store         *s,
         const char    *sql,
         sqlite3_stmt **stmt)
{
  return sqlite3_prepare_v2 (s->db, sql, -1, stmt, NULL);
}

static gboolean
exec (Store       *s,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (s->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK ? TRUE : store_fail (s, rc, error);
}

static gboolean
begin (Store   *s,
       GError **error)
{
  return exec (s, "BEGIN IMMEDIATE", error);
}

static void
rollback (Store *s)
{
  sqlite3_exec (s->db, "ROLLBACK", NULL, NULL, NULL);
}

static gint64
query_int (Store      *s,
           const char *sql,
           gint64      arg)
{
  g_autoptr(WnStmt) stmt = NULL;
  gint64 value = 0;

  if (prepare (s, sql, &stmt) != SQLITE_OK)
    return 0;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  return value;
}

/* "[1,2,3]" for json_each. */
static char *
id_list_json (const gint64 *ids,
              guint         n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* The link graph                                                            */

#define ACCEPTED_LINK "(p.decision = 'duplicate' OR (p.decision IS NULL AND p.outcome = 'certain' AND p.held IS NULL))"

typedef struct
{
  gint64  pair_id;
  gint64  a;
  gint64  b;
  double  score;
  gboolean human;
  char   *rule;
} RawLink;

typedef struct
{
  gint64   group_id;
  gint64   kept_id;
  gboolean confirmed;
  gint64   record_id;
} RawMember;

typedef struct
{
  GArray     *links;      /* RawLink */
  GArray     *cannot;     /* gint64 pairs: a, b (record ids) */
  GArray     *members;    /* RawMember, by group */
  GHashTable *seen_pairs; /* local loading: pair ids already taken */
  GHashTable *seen_groups;
} RawGraph;

static void
raw_link_clear (gpointer data)
{
  RawLink *link = data;

  g_free (link->rule);
}

static void
raw_graph_init (RawGraph *g)
{
  g->links = g_array_new (FALSE, FALSE, sizeof (RawLink));
  g_array_set_clear_func (g->links, raw_link_clear);
  g->cannot = g_array_new (FALSE, FALSE, sizeof (gint64));
  g->members = g_array_new (FALSE, FALSE, sizeof (RawMember));
  g->seen_pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g->seen_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
raw_graph_clear (RawGraph *g)
{
  g_array_unref (g->links);
  g_array_unref (g->cannot);
  g_array_unref (g->members);
  g_hash_table_unref (g->seen_pairs);
  g_hash_table_unref (g->seen_groups);
}

static gboolean
take_id (GHashTable *seen,
         gint64      id)
{
  gint64 *key;

  if (g_hash_table_contains (seen, &id))
    return FALSE;
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_add (seen, key);
  return TRUE;
}

static void
read_link (sqlite3_stmt *stmt,
           RawGraph     *g)
{
  RawLink link;

  link.pair_id = sqlite3_column_int64 (stmt, 0);
  link.a = sqlite3_column_int64 (stmt, 1);
  link.b = sqlite3_column_int64 (stmt, 2);
  link.score = sqlite3_column_double (stmt, 3);
  link.rule = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  link.human = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "duplicate") == 0;
  g_array_append_val (g->links, link);
}

static void
read_member (sqlite3_stmt *stmt,
             RawGraph     *g)
{
  RawMember m;

  m.group_id = sqlite3_column_int64 (stmt, 0);
  m.kept_id = sqlite3_column_int64 (stmt, 1);
  m.confirmed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "confirmed") == 0;
  m.record_id = sqlite3_column_int64 (stmt, 3);
  g_array_append_val (g->members, m);
}

/* Every accepted link, every "distinct" decision, every active group. */
static gboolean
load_graph_all (Store     *s,
                RawGraph  *g,
                GError   **error)
{
  g_autoptr(WnStmt) links = NULL;
  g_autoptr(WnStmt) cannot = NULL;
  g_autoptr(WnStmt) members = NULL;
  int rc;

  rc = prepare (s, "SELECT p.id, p.record_a, p.record_b, p.score, p.rule, p.decision FROM dedup_pairs p"
                   " WHERE " ACCEPTED_LINK, &links);
  for (rc = rc == SQLITE_OK ? sqlite3_step (links) : rc; rc == SQLITE_ROW; rc = sqlite3_step (links))
    read_link (links, g);
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  rc = prepare (s, "SELECT record_a, record_b FROM dedup_pairs WHERE decision = 'distinct'", &cannot);
  for (rc = rc == SQLITE_OK ? sqlite3_step (cannot) : rc; rc == SQLITE_ROW; rc = sqlite3_step (cannot))
    {
      gint64 pair[2] = { sqlite3_column_int64 (cannot, 0), sqlite3_column_int64 (cannot, 1) };

      g_array_append_vals (g->cannot, pair, 2);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  rc = prepare (s, "SELECT g.id, g.kept_id, g.status, m.record_id FROM dedup_groups g"
                   " JOIN dedup_members m ON m.group_id = g.id WHERE g.ended_at IS NULL ORDER BY g.id",
                &members);
  for (rc = rc == SQLITE_OK ? sqlite3_step (members) : rc; rc == SQLITE_ROW; rc = sqlite3_step (members))
    read_member (members, g);
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);
  return TRUE;
}

/* The connected closure of seeds through accepted links and active
 * groups, with their links, "distinct" decisions and groups. A decision
 * touches a handful of records; this keeps it from loading a million. */
static gboolean
load_graph_local (Store         *s,
                  const gint64  *seeds,
                  guint          n_seeds,
                  RawGraph      *g,
                  GArray        *scope,
                  GError       **error)
{
  g_autoptr(WnStmt) links = NULL;
  g_autoptr(WnStmt) cannot = NULL;
  g_autoptr(WnStmt) members = NULL;
  g_autoptr(GHashTable) in_scope = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint next = 0;
  int rc;

  if ((rc = prepare (s, "SELECT p.id, p.record_a, p.record_b, p.score, p.rule, p.decision FROM dedup_pairs p"
                        " WHERE (p.record_a = ?1 OR p.record_b = ?1) AND " ACCEPTED_LINK, &links)) != SQLITE_OK ||
      (rc = prepare (s, "SELECT id, record_a, record_b FROM dedup_pairs"
                        " WHERE (record_a = ?1 OR record_b = ?1) AND decision = 'distinct'", &cannot)) != SQLITE_OK ||
      (rc = prepare (s, "SELECT g.id, g.kept_id, g.status, m2.record_id FROM dedup_members m1"
                        " JOIN dedup_groups g ON g.id = m1.group_id AND g.ended_at IS NULL"
                        " JOIN dedup_members m2 ON m2.group_id = g.id WHERE m1.record_id = ?1", &members)) != SQLITE_OK)
    return store_fail (s, rc, error);

  for (guint i = 0; i < n_seeds; i++)
    if (take_id (in_scope, seeds[i]))
      g_array_append_val (scope, seeds[i]);

  while (next < scope->len)
    {
      gint64 id = g_array_index (scope, gint64, next++);

      sqlite3_reset (links);
      sqlite3_bind_int64 (links, 1, id);
      while ((rc = sqlite3_step (links)) == SQLITE_ROW)
        {
          gint64 other = sqlite3_column_int64 (links, 1) == id ? sqlite3_column_int64 (links, 2)
                                                                 : sqlite3_column_int64 (links, 1);

          if (take_id (g->seen_pairs, sqlite3_column_int64 (links, 0)))
            read_link (links, g);
          if (take_id (in_scope, other))
            g_array_append_val (scope, other);
        }
      if (rc != SQLITE_DONE)
        return store_fail (s, rc, error);

      sqlite3_reset (members);
      sqlite3_bind_int64 (members, 1, id);
      while ((rc = sqlite3_step (members)) == SQLITE_ROW)
        {
          gint64 member = sqlite3_column_int64 (members, 3);
          char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                       (gint64) sqlite3_column_int64 (members, 0), member);

          if (g_hash_table_add (g->seen_groups, key))
            read_member (members, g);
          if (take_id (in_scope, member))
            g_array_append_val (scope, member);
        }
      if (rc != SQLITE_DONE)
        return store_fail (s, rc, error);
    }

  /* "distinct" decisions among the records in scope */
  for (guint i = 0; i < scope->len; i++)
    {
      gint64 id = g_array_index (scope, gint64, i);

      sqlite3_reset (cannot);
      sqlite3_bind_int64 (cannot, 1, id);
      while ((rc = sqlite3_step (cannot)) == SQLITE_ROW)
        {
          gint64 pair[2] = { sqlite3_column_int64 (cannot, 1), sqlite3_column_int64 (cannot, 2) };

          if (take_id (g->seen_pairs, sqlite3_column_int64 (cannot, 0)))
            g_array_append_vals (g->cannot, pair, 2);
        }
      if (rc != SQLITE_DONE)
        return store_fail (s, rc, error);
    }

  /* Members were collected once per (group, member): sort them by group. */
  {
    GArray *sorted = g->members;

    for (guint i = 1; i < sorted->len; i++)
      for (guint j = i; j > 0 && g_array_index (sorted, RawMember, j - 1).group_id >
                                   g_array_index (sorted, RawMember, j).group_id; j--)
        {
          RawMember t = g_array_index (sorted, RawMember, j);

          g_array_index (sorted, RawMember, j) = g_array_index (sorted, RawMember, j - 1);
          g_array_index (sorted, RawMember, j - 1) = t;
        }
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Components, guarded                                                       */

typedef struct
{
  gint64   pair_id;
  guint32  a;          /* entry indexes */
  guint32  b;
  double   score;
  gboolean human;
  gboolean internal;   /* inside one active group already */
  const char *rule;
} Link;

typedef struct
{
  gint64   id;
  gint64   kept_id;
  gboolean confirmed;
  GArray  *members;    /* guint32 entry indexes */
  int      outcome;    /* 0 undecided, 1 kept as it is, 2 ended */
  gint64   replaced_by;
  guint    replaced_by_component;
} OldGroup;

typedef struct
{
  const WnDedupIndex *index;
  guint32  *parent;
  guint32  *size;
  guint32  *rep;       /* best entry of the component (root only) */
  guint32  *next;      /* circular list of a component's members */
  GHashTable *cannot;  /* entry index → GArray of entry indexes */
} Components;

static guint32
find_root (Components *c,
           guint32     x)
{
  while (c->parent[x] != x)
    {
      c->parent[x] = c->parent[c->parent[x]];
      x = c->parent[x];
    }
  return x;
}

/* The better record to keep: more complete, then the older (lower id). */
static gboolean
better_entry (const WnDedupEntry *a,
              const WnDedupEntry *b)
{
  if (a->completeness != b->completeness)
    return a->completeness > b->completeness;
  return a->id < b->id;
}

static void
join (Components *c,
      guint32     ra,
      guint32     rb)
{
  guint32 t;

  if (c->size[ra] < c->size[rb])
    {
      t = ra;
      ra = rb;
      rb = t;
    }
  c->parent[rb] = ra;
  c->size[ra] += c->size[rb];
  if (better_entry (&c->index->entries[c->rep[rb]], &c->index->entries[c->rep[ra]]))
    c->rep[ra] = c->rep[rb];
  /* splice the two member rings */
  t = c->next[ra];
  c->next[ra] = c->next[rb];
  c->next[rb] = t;
}

#define GUARD_MEMBERS 8

/* The anti-chaining guard. Transitive closure chains false links: A~B and
 * B~C make A~C even when A and C are different papers (a journal article
 * and its conference abstract both linked to a sparse third record). Two
 * components may be joined by an automatic link only when
 *   - no person said any record of one is distinct from any of the other;
 *   - their representatives (each one's most complete record, the one it
 *     would keep) are not distinct by the rules — the group grows only
 *     through links that agree with what it stands for;
 *   - no pair across them (the first GUARD_MEMBERS of each) ends on a veto
 *     (different DOIs, pages, an erratum, a conference abstract…).
 * A link refused here is held back and queued for a person ("chain"). */
static gboolean
may_join (Components *c,
          guint32     ra,
          guint32     rb)
{
  const WnDedupEntry *entries = c->index->entries;
  WnDedupMatch match;
  guint32 small = c->size[ra] <= c->size[rb] ? ra : rb;
  guint32 other = small == ra ? rb : ra;
  guint32 x;
  guint32 y;
  guint i;

  if (c->cannot != NULL && g_hash_table_size (c->cannot) > 0)
    {
      x = small;
      do
        {
          GArray *partners = g_hash_table_lookup (c->cannot, GUINT_TO_POINTER (x));

          for (guint k = 0; partners != NULL && k < partners->len; k++)
            if (find_root (c, g_array_index (partners, guint32, k)) == other)
              return FALSE;
          x = c->next[x];
        }
      while (x != small);
    }

  if (c->size[ra] == 1 && c->size[rb] == 1)
    return TRUE;

  if (_wn_dedup_compare (&entries[c->rep[ra]], &entries[c->rep[rb]], &match) == WN_DEDUP_DISTINCT)
    return FALSE;

  x = ra;
  i = 0;
  do
    {
      guint j = 0;

      y = rb;
      do
        {
          if (_wn_dedup_compare (&entries[x], &entries[y], &match) == WN_DEDUP_DISTINCT &&
              _wn_dedup_match_is_veto (&match))
            return FALSE;
          y = c->next[y];
        }
      while (y != rb && ++j < GUARD_MEMBERS);
      x = c->next[x];
    }
  while (x != ra && ++i < GUARD_MEMBERS);
  return TRUE;
}

static int
compare_links (gconstpointer a,
               gconstpointer b)
{
  const Link *x = a;
  const Link *y = b;

  /* people's links first, then links inside groups that exist (so a run
   * re-forms them as they were), then the strongest */
  if (x->human != y->human)
    return x->human ? -1 : 1;
  if (x->internal != y->internal)
    return x->internal ? -1 : 1;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->pair_id < y->pair_id ? -1 : x->pair_id > y->pair_id;
}

typedef struct
{
  GArray  *members;   /* guint32 entry indexes */
  GArray  *links;     /* Link used to join it */
} Component;

static void
component_clear (gpointer data)
{
  Component *comp = data;

  g_array_unref (comp->members);
  g_array_unref (comp->links);
}

typedef struct
{
  GArray    *components;   /* Component, size ≥ 2 */
  GArray    *held;         /* gint64 pair ids refused by the guard */
  GPtrArray *old;          /* OldGroup */
} Clustering;

static void
old_group_free (gpointer data)
{
  OldGroup *g = data;

  g_array_unref (g->members);
  g_free (g);
}

static void
clustering_clear (Clustering *cl)
{
  g_clear_pointer (&cl->components, g_array_unref);
  g_clear_pointer (&cl->held, g_array_unref);
  g_clear_pointer (&cl->old, g_ptr_array_unref);
}

static gboolean
entry_index (const WnDedupIndex *index,
             gint64              id,
             guint32            *out)
{
  const WnDedupEntry *e = _wn_dedup_index_find (index, id);

  if (e == NULL)
    return FALSE;
  *out = (guint32) (e - index->entries);
  return TRUE;
}

static void
garray_free (gpointer data)
{
  g_array_unref (data);
}

static void
cluster (const WnDedupIndex *index,
         RawGraph           *raw,
         Clustering         *cl)
{
  Components c = { 0 };
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_autofree gint32 *group_of = g_new (gint32, MAX (index->n, 1));
  g_autoptr(GHashTable) roots = g_hash_table_new (g_direct_hash, g_direct_equal);

  cl->components = g_array_new (FALSE, FALSE, sizeof (Component));
  g_array_set_clear_func (cl->components, component_clear);
  cl->held = g_array_new (FALSE, FALSE, sizeof (gint64));
  cl->old = g_ptr_array_new_with_free_func (old_group_free);

  /* The active groups, as entry indexes. */
  for (guint i = 0; i < index->n; i++)
    group_of[i] = -1;
  for (guint i = 0; i < raw->members->len; i++)
    {
      const RawMember *m = &g_array_index (raw->members, RawMember, i);
      OldGroup *g = cl->old->len > 0 ? g_ptr_array_index (cl->old, cl->old->len - 1) : NULL;
      guint32 e;

      if (g == NULL || g->id != m->group_id)
        {
          g = g_new0 (OldGroup, 1);
          g->id = m->group_id;
          g->kept_id = m->kept_id;
          g->confirmed = m->confirmed;
          g->members = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_ptr_array_add (cl->old, g);
        }
      if (entry_index (index, m->record_id, &e))
        {
          g_array_append_val (g->members, e);
          group_of[e] = (gint32) (cl->old->len - 1);
        }
    }

  for (guint i = 0; i < raw->links->len; i++)
    {
      const RawLink *r = &g_array_index (raw->links, RawLink, i);
      Link link = { 0 };

      if (!entry_index (index, r->a, &link.a) || !entry_index (index, r->b, &link.b))
        continue;
      link.pair_id = r->pair_id;
      link.score = r->score;
      link.human = r->human;
      link.rule = r->rule;
      link.internal = group_of[link.a] >= 0 && group_of[link.a] == group_of[link.b];
      g_array_append_val (links, link);
    }
  g_array_sort (links, compare_links);

  c.index = index;
  c.parent = g_new (guint32, MAX (index->n, 1));
  c.size = g_new (guint32, MAX (index->n, 1));
  c.rep = g_new (guint32, MAX (index->n, 1));
  c.next = g_new (guint32, MAX (index->n, 1));
  for (guint32 i = 0; i < index->n; i++)
    {
      c.parent[i] = c.rep[i] = c.next[i] = i;
      c.size[i] = 1;
    }
  if (raw->cannot->len > 0)
    {
      c.cannot = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, garray_free);
      for (guint i = 0; i + 1 < raw->cannot->len; i += 2)
        {
          guint32 a;
          guint32 b;

          if (!entry_index (index, g_array_index (raw->cannot, gint64, i), &a) ||
              !entry_index (index, g_array_index (raw->cannot, gint64, i + 1), &b))
            continue;
          for (guint k = 0; k < 2; k++)
            {
              guint32 from = k == 0 ? a : b;
              guint32 to = k == 0 ? b : a;
              GArray *partners = g_hash_table_lookup (c.cannot, GUINT_TO_POINTER (from));

              if (partners == NULL)
                {
                  partners = g_array_new (FALSE, FALSE, sizeof (guint32));
                  g_hash_table_insert (c.cannot, GUINT_TO_POINTER (from), partners);
                }
              g_array_append_val (partners, to);
            }
        }
    }

  /* Join, keeping for each root the links that joined it. */
  {
    g_autoptr(GHashTable) used = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, garray_free);

    for (guint i = 0; i < links->len; i++)
      {
        const Link *link = &g_array_index (links, Link, i);
        guint32 ra = find_root (&c, link->a);
        guint32 rb = find_root (&c, link->b);
        GArray *la;
        GArray *lb;
        guint32 root;

        if (ra == rb)
          continue;
        if (!link->human && !may_join (&c, ra, rb))
          {
            g_array_append_val (cl->held, link->pair_id);
            continue;
          }
        la = g_hash_table_lookup (used, GUINT_TO_POINTER (ra));
        lb = g_hash_table_lookup (used, GUINT_TO_POINTER (rb));
        if (la != NULL)
          g_hash_table_steal (used, GUINT_TO_POINTER (ra));
        if (lb != NULL)
          g_hash_table_steal (used, GUINT_TO_POINTER (rb));
        join (&c, ra, rb);
        root = find_root (&c, ra);
        if (la == NULL)
          la = g_array_new (FALSE, FALSE, sizeof (Link));
        if (lb != NULL)
          {
            g_array_append_vals (la, lb->data, lb->len);
            g_array_unref (lb);
          }
        g_array_append_val (la, *link);
        g_hash_table_insert (used, GUINT_TO_POINTER (root), la);
      }

    /* The components of two or more, in the order of their smallest id. */
    for (guint32 i = 0; i < index->n; i++)
      {
        guint32 root = find_root (&c, i);
        Component comp;
        guint32 x;

        if (c.size[root] < 2 || g_hash_table_contains (roots, GUINT_TO_POINTER (root)))
          continue;
        g_hash_table_add (roots, GUINT_TO_POINTER (root));
        comp.members = g_array_new (FALSE, FALSE, sizeof (guint32));
        x = root;
        do
          {
            g_array_append_val (comp.members, x);
            x = c.next[x];
          }
        while (x != root);
        comp.links = g_hash_table_lookup (used, GUINT_TO_POINTER (root));
        if (comp.links != NULL)
          g_hash_table_steal (used, GUINT_TO_POINTER (root));
        else
          comp.links = g_array_new (FALSE, FALSE, sizeof (Link));
        g_array_append_val (cl->components, comp);
      }
  }

  g_free (c.parent);
  g_free (c.size);
  g_free (c.rep);
  g_free (c.next);
  if (c.cannot != NULL)
    g_hash_table_unref (c.cannot);
}

/* ------------------------------------------------------------------------ */
/* Writing groups                                                            */

typedef struct
{
  guint groups_created;
  guint groups_ended;
  guint held;
} ReconcileCounts;

static int
compare_by_completeness (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  const WnDedupIndex *index = user_data;
  const WnDedupEntry *x = &index->entries[*(const guint32 *) a];
  const WnDedupEntry *y = &index->entries[*(const guint32 *) b];

  if (x->id == y->id)
    return 0;
  return better_entry (x, y) ? -1 : 1;
}

static char *
group_reason (const WnDedupIndex *index,
              const Component    *comp,
              const WnDedupEntry *kept)
{
  GString *out = g_string_new ("{\"links\":[");

  for (guint i = 0; i < comp->links->len && i < 100; i++)
    {
      const Link *link = &g_array_index (comp->links, Link, i);

      g_string_append_printf (out, "%s{\"pair\":%" G_GINT64_FORMAT ",\"a\":%" G_GINT64_FORMAT
                              ",\"b\":%" G_GINT64_FORMAT ",\"by\":\"%s\",\"rule\":",
                              i > 0 ? "," : "", link->pair_id, index->entries[link->a].id,
                              index->entries[link->b].id, link->human ? "person" : "engine");
      wn_json_append_string (out, link->rule);
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, "],\"kept\":%" G_GINT64_FORMAT ",\"kept_because\":[", kept->id);
  {
    gboolean first = TRUE;
    struct { gboolean has; const char *what; } why[] = {
      { (kept->entry & WN_ENTRY_HAS_ABSTRACT) != 0, "abstract" },
      { kept->doi != NULL, "doi" },
      { (kept->entry & WN_ENTRY_FULL_RANGE) != 0, "full page range" },
      { (kept->entry & WN_ENTRY_TITLE_CAPS) == 0, "title not in capitals" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (why); i++)
      if (why[i].has)
        {
          g_string_append_printf (out, "%s\"%s\"", first ? "" : ",", why[i].what);
          first = FALSE;
        }
  }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* The fields a kept record may lack and get from its group. */
static const char *const fillable[] = {
  "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract", "keywords",
  "language",
};

/* Fills, for each group made since first_group, the fields its kept record
 * lacks from the best-ranked member that has them. One pass finds which
 * kept records lack anything (most, being the most complete, lack
 * nothing); only their groups are filled, field by field. */
static gboolean
fill_groups_after (Store   *s,
                   gint64   first_group,
                   GError **error)
{
  g_autoptr(WnStmt) missing = NULL;
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autoptr(GString) sql = g_string_new ("SELECT g.id, 0");
  WnStmt *fill[G_N_ELEMENTS (fillable)] = { NULL };
  gboolean ok = TRUE;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (fillable); i++)
    g_string_append_printf (sql, " | ((k.%s IS NULL OR k.%s = '') << %u)", fillable[i], fillable[i], i);
  g_string_append (sql, " FROM dedup_groups g JOIN records k ON k.id = g.kept_id"
                        " WHERE g.id >= ?1 AND g.ended_at IS NULL");
  rc = prepare (s, sql->str, &missing);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (missing, 1, first_group);
  for (rc = rc == SQLITE_OK ? sqlite3_step (missing) : rc; rc == SQLITE_ROW; rc = sqlite3_step (missing))
    {
      gint64 row[2] = { sqlite3_column_int64 (missing, 0), sqlite3_column_int64 (missing, 1) };

      if (row[1] != 0)
        g_array_append_vals (todo, row, 1);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  for (guint i = 0; i < G_N_ELEMENTS (fillable) && ok; i++)
    {
      const char *f = fillable[i];
      g_autofree char *fill_sql = g_strdup_printf (
        "INSERT INTO dedup_filled (group_id, field, value, from_record)"
        " SELECT ?1, '%s', r.%s, r.id FROM dedup_members m JOIN records r ON r.id = m.record_id"
        " WHERE m.group_id = ?1 AND r.%s IS NOT NULL AND r.%s != '' ORDER BY m.rank LIMIT 1",
        f, f, f, f);

      if ((rc = prepare (s, fill_sql, &fill[i])) != SQLITE_OK)
        ok = store_fail (s, rc, error);
    }
  for (guint t = 0; t < todo->len && ok; t++)
    {
      const gint64 *row = &g_array_index (todo, gint64, 2 * t);

      for (guint i = 0; i < G_N_ELEMENTS (fillable) && ok; i++)
        {
          if ((row[1] & (1 << i)) == 0)
            continue;
          sqlite3_reset (fill[i]);
          sqlite3_bind_int64 (fill[i], 1, row[0]);
          if ((rc = sqlite3_step (fill[i])) != SQLITE_DONE)
            ok = store_fail (s, rc, error);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (fillable); i++)
    g_clear_pointer (&fill[i], sqlite3_finalize);
  return ok;
}

static int
compare_int64_pairs (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Compares the components with the active groups and writes the
 * difference: groups that are exactly a component stay; the others end
 * ('replaced' by the new group that took their members, or 'dissolved')
 * and the components get new groups. */
static gboolean
write_groups (Store              *s,
              const WnDedupIndex *index,
              Clustering         *cl,
              ReconcileCounts    *counts,
              GError            **error)
{
  g_autoptr(WnStmt) end_group = NULL;
  g_autoptr(WnStmt) clear_dup = NULL;
  g_autoptr(WnStmt) new_group = NULL;
  g_autoptr(WnStmt) add_member = NULL;
  g_autoptr(WnStmt) set_dup = NULL;
  g_autoptr(WnStmt) confirm = NULL;
  g_autoptr(WnStmt) hold = NULL;
  g_autoptr(WnStmt) find_ended = NULL;
  g_autoptr(WnStmt) revive = NULL;
  g_autoptr(GHashTable) group_of = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) new_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) duplicate_of = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  gint64 first_group;
  int rc;

  if ((rc = prepare (s, "UPDATE dedup_groups SET ended_at = ?2, ended_by = ?3, end_reason = ?4, replaced_by = ?5"
                        " WHERE id = ?1 AND ended_at IS NULL", &end_group)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE records SET duplicate_of = NULL WHERE id IN"
                        " (SELECT record_id FROM dedup_members WHERE group_id = ?1) AND duplicate_of IS NOT NULL",
                     &clear_dup)) != SQLITE_OK ||
      (rc = prepare (s, "INSERT INTO dedup_groups (kept_id, status, reason, run_id, created_at, created_by)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &new_group)) != SQLITE_OK ||
      (rc = prepare (s, "INSERT INTO dedup_members (group_id, record_id, rank) VALUES (?1, ?2, ?3)",
                     &add_member)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE records SET duplicate_of = ?2 WHERE id = ?1", &set_dup)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE dedup_groups SET status = 'confirmed' WHERE id = ?1", &confirm)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE dedup_pairs SET held = 'chain' WHERE id = ?1 AND held IS NULL", &hold)) != SQLITE_OK ||
      (rc = prepare (s, "SELECT g.id, g.kept_id, g.status = 'confirmed' FROM dedup_groups g"
                        " WHERE g.id IN (SELECT group_id FROM dedup_members WHERE record_id = ?2)"
                        "   AND g.ended_at IS NOT NULL AND g.end_reason != 'undone'"
                        "   AND (SELECT count (*) FROM dedup_members m WHERE m.group_id = g.id) = ?3"
                        "   AND NOT EXISTS (SELECT 1 FROM dedup_members m WHERE m.group_id = g.id"
                        "     AND m.record_id NOT IN (SELECT value FROM json_each (?1)))"
                        " ORDER BY g.id DESC LIMIT 1", &find_ended)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE dedup_groups SET ended_at = NULL, ended_by = NULL, end_reason = NULL,"
                        " replaced_by = NULL WHERE id = ?1", &revive)) != SQLITE_OK)
    return store_fail (s, rc, error);

  for (guint g = 0; g < cl->old->len; g++)
    {
      OldGroup *old = g_ptr_array_index (cl->old, g);

      for (guint m = 0; m < old->members->len; m++)
        g_hash_table_insert (group_of, GUINT_TO_POINTER (g_array_index (old->members, guint32, m)),
                             GUINT_TO_POINTER (g + 1));
    }

  /* Which components keep their group as it is. */
  for (guint i = 0; i < cl->components->len; i++)
    {
      Component *comp = &g_array_index (cl->components, Component, i);
      guint touched = 0;
      gboolean several = FALSE;
      gboolean human = FALSE;

      for (guint m = 0; m < comp->members->len; m++)
        {
          guint g = GPOINTER_TO_UINT (g_hash_table_lookup (group_of,
                                                           GUINT_TO_POINTER (g_array_index (comp->members,
                                                                                            guint32, m))));

          if (g == 0)
            {
              several = TRUE;  /* a member without a group: the group grew */
              continue;
            }
          if (touched != 0 && touched != g)
            several = TRUE;
          touched = g;
        }
      for (guint l = 0; l < comp->links->len; l++)
        if (g_array_index (comp->links, Link, l).human)
          human = TRUE;

      if (touched != 0 && !several)
        {
          OldGroup *old = g_ptr_array_index (cl->old, touched - 1);

          if (old->members->len == comp->members->len && old->outcome == 0)
            {
              old->outcome = 1;
              if (human && !old->confirmed)
                {
                  sqlite3_reset (confirm);
                  sqlite3_bind_int64 (confirm, 1, old->id);
                  if ((rc = sqlite3_step (confirm)) != SQLITE_DONE)
                    return store_fail (s, rc, error);
                }
              continue;
            }
        }
      g_array_append_val (todo, i);
    }

  /* End the groups that do not stay; their members are free again. */
  for (guint g = 0; g < cl->old->len; g++)
    {
      OldGroup *old = g_ptr_array_index (cl->old, g);

      if (old->outcome == 1)
        continue;
      old->outcome = 2;
      sqlite3_reset (clear_dup);
      sqlite3_bind_int64 (clear_dup, 1, old->id);
      if ((rc = sqlite3_step (clear_dup)) != SQLITE_DONE)
        return store_fail (s, rc, error);
    }

  first_group = query_int (s, "SELECT COALESCE (max (id), 0) + 1 FROM dedup_groups", 0);

  for (guint t = 0; t < todo->len; t++)
    {
      Component *comp = &g_array_index (cl->components, Component, g_array_index (todo, guint, t));
      OldGroup *largest = NULL;
      gboolean confirmed = FALSE;
      const WnDedupEntry *kept = NULL;
      g_autofree char *reason = NULL;
      gint64 group_id;

      for (guint m = 0; m < comp->members->len; m++)
        {
          guint g = GPOINTER_TO_UINT (g_hash_table_lookup (group_of,
                                                           GUINT_TO_POINTER (g_array_index (comp->members,
                                                                                            guint32, m))));
          OldGroup *old = g > 0 ? g_ptr_array_index (cl->old, g - 1) : NULL;

          if (old != NULL && (largest == NULL || old->members->len > largest->members->len))
            largest = old;
          if (old != NULL && old->confirmed)
            confirmed = TRUE;
        }
      for (guint l = 0; l < comp->links->len; l++)
        if (g_array_index (comp->links, Link, l).human)
          confirmed = TRUE;

      /* The kept record stays kept when a group grows (screening
       * decisions may hang on it); otherwise the most complete. */
      g_array_sort_with_data (comp->members, compare_by_completeness, (gpointer) index);
      if (largest != NULL)
        for (guint m = 0; m < comp->members->len; m++)
          {
            guint32 e = g_array_index (comp->members, guint32, m);

            if (index->entries[e].id == largest->kept_id)
              {
                kept = &index->entries[e];
                g_array_remove_index (comp->members, m);
                g_array_prepend_val (comp->members, e);
                break;
              }
          }
      if (kept == NULL)
        kept = &index->entries[g_array_index (comp->members, guint32, 0)];

      /* A person's decision or its undo that gives back exactly the
       * members of a group it ended gives that group back: its id, its
       * kept record, its status and the fields it filled (a run makes
       * new groups; a group a person undid stays undone). */
      if (s->run_id == 0)
        {
          g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), comp->members->len);
          g_autofree char *json = NULL;
          gint64 revived = 0;
          gint64 revived_kept = 0;
          gboolean revived_confirmed = FALSE;

          for (guint m = 0; m < comp->members->len; m++)
            g_array_append_val (ids, index->entries[g_array_index (comp->members, guint32, m)].id);
          json = id_list_json ((const gint64 *) ids->data, ids->len);
          sqlite3_reset (find_ended);
          sqlite3_bind_text (find_ended, 1, json, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (find_ended, 2, g_array_index (ids, gint64, 0));
          sqlite3_bind_int64 (find_ended, 3, ids->len);
          if ((rc = sqlite3_step (find_ended)) == SQLITE_ROW)
            {
              revived = sqlite3_column_int64 (find_ended, 0);
              revived_kept = sqlite3_column_int64 (find_ended, 1);
              revived_confirmed = sqlite3_column_int (find_ended, 2) != 0;
            }
          else if (rc != SQLITE_DONE)
            return store_fail (s, rc, error);
          sqlite3_reset (find_ended);
          if (revived > 0)
            {
              gboolean human = FALSE;

              for (guint l = 0; l < comp->links->len; l++)
                if (g_array_index (comp->links, Link, l).human)
                  human = TRUE;
              sqlite3_reset (revive);
              sqlite3_bind_int64 (revive, 1, revived);
              if ((rc = sqlite3_step (revive)) != SQLITE_DONE)
                return store_fail (s, rc, error);
              if (human && !revived_confirmed)
                {
                  sqlite3_reset (confirm);
                  sqlite3_bind_int64 (confirm, 1, revived);
                  if ((rc = sqlite3_step (confirm)) != SQLITE_DONE)
                    return store_fail (s, rc, error);
                }
              counts->groups_created++;
              for (guint m = 0; m < comp->members->len; m++)
                {
                  guint32 e = g_array_index (comp->members, guint32, m);
                  guint g = GPOINTER_TO_UINT (g_hash_table_lookup (group_of, GUINT_TO_POINTER (e)));

                  if (g > 0)
                    {
                      OldGroup *old = g_ptr_array_index (cl->old, g - 1);

                      if (old->replaced_by == 0)
                        old->replaced_by = revived;
                    }
                  if (index->entries[e].id != revived_kept)
                    {
                      gint64 update[2] = { index->entries[e].id, revived_kept };

                      g_array_append_vals (duplicate_of, update, 1);
                    }
                }
              continue;
            }
        }

      reason = group_reason (index, comp, kept);
      sqlite3_reset (new_group);
      sqlite3_bind_int64 (new_group, 1, kept->id);
      sqlite3_bind_text (new_group, 2, confirmed ? "confirmed" : "auto", -1, SQLITE_STATIC);
      sqlite3_bind_text (new_group, 3, reason, -1, SQLITE_STATIC);
      if (s->run_id > 0)
        sqlite3_bind_int64 (new_group, 4, s->run_id);
      else
        sqlite3_bind_null (new_group, 4);
      sqlite3_bind_text (new_group, 5, s->now, -1, SQLITE_STATIC);
      sqlite3_bind_text (new_group, 6, s->actor, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (new_group)) != SQLITE_DONE)
        return store_fail (s, rc, error);
      group_id = sqlite3_last_insert_rowid (s->db);
      g_array_append_val (new_ids, group_id);
      counts->groups_created++;

      for (guint m = 0; m < comp->members->len; m++)
        {
          const WnDedupEntry *e = &index->entries[g_array_index (comp->members, guint32, m)];
          guint g = GPOINTER_TO_UINT (g_hash_table_lookup (group_of,
                                                           GUINT_TO_POINTER (g_array_index (comp->members,
                                                                                            guint32, m))));

          if (g > 0)
            {
              OldGroup *old = g_ptr_array_index (cl->old, g - 1);

              if (old->replaced_by == 0)
                old->replaced_by = group_id;
            }
          sqlite3_reset (add_member);
          sqlite3_bind_int64 (add_member, 1, group_id);
          sqlite3_bind_int64 (add_member, 2, e->id);
          sqlite3_bind_int (add_member, 3, (int) m);
          if ((rc = sqlite3_step (add_member)) != SQLITE_DONE)
            return store_fail (s, rc, error);
          if (e != kept)
            {
              gint64 update[2] = { e->id, kept->id };

              g_array_append_vals (duplicate_of, update, 1);
            }
        }
    }

  /* In record order: each page of the records table is then rewritten
   * once, not once per group that touches it. */
  g_array_sort (duplicate_of, compare_int64_pairs);
  for (guint i = 0; i < duplicate_of->len; i++)
    {
      const gint64 *update = &g_array_index (duplicate_of, gint64, 2 * i);

      sqlite3_reset (set_dup);
      sqlite3_bind_int64 (set_dup, 1, update[0]);
      sqlite3_bind_int64 (set_dup, 2, update[1]);
      if ((rc = sqlite3_step (set_dup)) != SQLITE_DONE)
        return store_fail (s, rc, error);
    }

  for (guint g = 0; g < cl->old->len; g++)
    {
      OldGroup *old = g_ptr_array_index (cl->old, g);

      if (old->outcome != 2)
        continue;
      sqlite3_reset (end_group);
      sqlite3_bind_int64 (end_group, 1, old->id);
      sqlite3_bind_text (end_group, 2, s->now, -1, SQLITE_STATIC);
      sqlite3_bind_text (end_group, 3, s->actor, -1, SQLITE_STATIC);
      sqlite3_bind_text (end_group, 4, old->replaced_by > 0 ? "replaced" : "dissolved", -1, SQLITE_STATIC);
      if (old->replaced_by > 0)
        sqlite3_bind_int64 (end_group, 5, old->replaced_by);
      else
        sqlite3_bind_null (end_group, 5);
      if ((rc = sqlite3_step (end_group)) != SQLITE_DONE)
        return store_fail (s, rc, error);
      counts->groups_ended++;
    }

  for (guint i = 0; i < cl->held->len; i++)
    {
      sqlite3_reset (hold);
      sqlite3_bind_int64 (hold, 1, g_array_index (cl->held, gint64, i));
      if ((rc = sqlite3_step (hold)) != SQLITE_DONE)
        return store_fail (s, rc, error);
      counts->held += sqlite3_changes (s->db);
    }

  g_debug ("dedup: groups and members stored; filling");
  return new_ids->len == 0 || fill_groups_after (s, first_group, error);
}

/* Recomputes the groups of the records connected to seeds (all records
 * when index is the whole project's and seeds NULL). */
static gboolean
reconcile (Store              *s,
           const WnDedupIndex *full_index,
           const gint64       *seeds,
           guint               n_seeds,
           ReconcileCounts    *counts,
           GError            **error)
{
  RawGraph raw;
  Clustering cl = { 0 };
  g_autoptr(WnDedupIndex) local_index = NULL;
  const WnDedupIndex *index = full_index;
  gboolean ok;

  raw_graph_init (&raw);
  if (full_index != NULL)
    ok = load_graph_all (s, &raw, error);
  else
    {
      g_autoptr(GArray) scope = g_array_new (FALSE, FALSE, sizeof (gint64));

      ok = load_graph_local (s, seeds, n_seeds, &raw, scope, error);
      if (ok)
        {
          local_index = _wn_dedup_index_load (s->project, (const gint64 *) scope->data, scope->len, NULL, error);
          ok = local_index != NULL;
          index = local_index;
        }
    }
  if (ok)
    {
      g_autoptr(GTimer) timer = g_timer_new ();

      cluster (index, &raw, &cl);
      g_debug ("dedup: %u links clustered into %u groups in %.2f s", raw.links->len, cl.components->len,
               g_timer_elapsed (timer, NULL));
      ok = write_groups (s, index, &cl, counts, error);
      g_debug ("dedup: groups written in %.2f s", g_timer_elapsed (timer, NULL));
    }
  clustering_clear (&cl);
  raw_graph_clear (&raw);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Runs                                                                      */

static gboolean
insert_pairs (Store              *s,
              const WnDedupIndex *index,
              GArray             *found,
              guint              *certain,
              guint              *possible,
              GError            **error)
{
  g_autoptr(WnStmt) insert = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (s->db,
                           "INSERT OR IGNORE INTO dedup_pairs (record_a, record_b, run_id, outcome, score, rule, reasons)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           -1, SQLITE_PREPARE_PERSISTENT, &insert, NULL);
  if (rc != SQLITE_OK)
    return store_fail (s, rc, error);

  for (guint i = 0; i < found->len; i++)
    {
      const WnDedupFound *f = &g_array_index (found, WnDedupFound, i);
      g_autofree char *reasons = wn_dedup_match_to_json (&f->match);

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, index->entries[f->a].id);
      sqlite3_bind_int64 (insert, 2, index->entries[f->b].id);
      sqlite3_bind_int64 (insert, 3, s->run_id);
      sqlite3_bind_text (insert, 4, wn_dedup_outcome_to_string (f->match.outcome), -1, SQLITE_STATIC);
      sqlite3_bind_double (insert, 5, f->match.score);
      sqlite3_bind_text (insert, 6, f->match.rule, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, reasons, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (insert)) != SQLITE_DONE)
        return store_fail (s, rc, error);
      if (sqlite3_changes (s->db) > 0)
        {
          if (f->match.outcome == WN_DEDUP_CERTAIN)
            (*certain)++;
          else
            (*possible)++;
        }
    }
  return TRUE;
}

/* SQL: records x and y are in the same active group. */
#define SAME_GROUP(x, y) \
  " EXISTS (SELECT 1 FROM dedup_members mx JOIN dedup_members my ON my.group_id = mx.group_id" \
  "   JOIN dedup_groups gx ON gx.id = mx.group_id" \
  "   WHERE mx.record_id = " x " AND my.record_id = " y " AND gx.ended_at IS NULL)"

/* A pair waits for a person when the engine found it possible (or held
 * it back) and nobody decided it, unless its records are already one
 * group's — or it asks a question already asked: a group's members are
 * one report, so "is N a duplicate of A?" and "of B?" are the same
 * question when A and B are merged. Such pairs wait once (the best score
 * shows), and a "distinct" on one of them answers all. */
#define PENDING_PAIRS \
  " p.decision IS NULL AND (p.outcome = 'possible' OR p.held IS NOT NULL)" \
  " AND NOT" SAME_GROUP ("p.record_a", "p.record_b") \
  " AND NOT EXISTS (SELECT 1 FROM dedup_pairs q WHERE q.id != p.id" \
  "   AND ((q.record_a = p.record_a AND" SAME_GROUP ("q.record_b", "p.record_b") ")" \
  "     OR (q.record_b = p.record_b AND" SAME_GROUP ("q.record_a", "p.record_a") ")" \
  "     OR (q.record_a = p.record_b AND" SAME_GROUP ("q.record_b", "p.record_a") ")" \
  "     OR (q.record_b = p.record_a AND" SAME_GROUP ("q.record_a", "p.record_b") "))" \
  "   AND (q.decision = 'distinct'" \
  "     OR (q.decision IS NULL AND (q.outcome = 'possible' OR q.held IS NOT NULL)" \
  "         AND (q.score > p.score OR (q.score = p.score AND q.id < p.id)))))"

static void
fill_totals (Store         *s,
             WnDedupReport *report)
{
  report->duplicate_groups = query_int (s, "SELECT count(*) FROM dedup_groups WHERE ended_at IS NULL", 0);
  report->duplicate_records = query_int (s, "SELECT count(*) FROM records WHERE duplicate_of IS NOT NULL", 0);
  report->unique_records = query_int (s, "SELECT count(*) FROM records WHERE duplicate_of IS NULL", 0);
  report->pending_pairs = query_int (s, "SELECT count(*) FROM dedup_pairs p WHERE" PENDING_PAIRS, 0);
}

gboolean
wn_dedup_run (WnProject        *project,
              WnDedupRunFlags   flags,
              GCancellable     *cancellable,
              WnDedupReport    *report,
              GError          **error)
{
  g_autoptr(WnDedupIndex) index = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(WnStmt) run = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  WnDedupReport local = { 0 };
  ReconcileCounts counts = { 0 };
  gboolean all = (flags & WN_DEDUP_RUN_ALL_PAIRS) != 0;
  guint64 candidates = 0;
  gint64 previous_max;
  guint first_new = 0;
  Store s;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (project), FALSE);

  if (report == NULL)
    report = &local;
  memset (report, 0, sizeof *report);

  store_init (&s, project);
  _wn_project_lock (project);
  previous_max = all ? 0 : query_int (&s, "SELECT COALESCE (max (max_record_id), 0) FROM dedup_runs", 0);
  _wn_project_unlock (project);

  index = _wn_dedup_index_load (project, NULL, 0, cancellable, error);
  if (index == NULL)
    {
      store_clear (&s);
      return FALSE;
    }
  g_debug ("dedup: loaded and normalised %u records in %.2f s", index->n, g_timer_elapsed (timer, NULL));
  while (first_new < index->n && index->entries[first_new].id <= previous_max)
    first_new++;

  found = _wn_dedup_find_pairs (index, first_new, cancellable, &candidates, error);
  if (found == NULL)
    {
      store_clear (&s);
      return FALSE;
    }

  g_debug ("dedup: %" G_GUINT64_FORMAT " candidate pairs, %u found, at %.2f s", candidates, found->len,
           g_timer_elapsed (timer, NULL));
  report->records = index->n;
  report->new_records = index->n - first_new;
  report->candidate_pairs = (guint) candidates;

  _wn_project_lock (project);
  if (!begin (&s, error))
    goto fail_unlocked;

  rc = prepare (&s, "INSERT INTO dedup_runs (started_at, actor, engine, scope, max_record_id, records)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &run);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (run, 1, s.now, -1, SQLITE_STATIC);
      sqlite3_bind_text (run, 2, s.actor, -1, SQLITE_STATIC);
      sqlite3_bind_int (run, 3, WN_DEDUP_ENGINE_VERSION);
      sqlite3_bind_text (run, 4, all ? "all" : "new", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (run, 5, MAX (index->max_id, previous_max));
      sqlite3_bind_int64 (run, 6, index->n);
      rc = sqlite3_step (run);
    }
  if (rc != SQLITE_DONE)
    {
      store_fail (&s, rc, error);
      goto fail;
    }
  s.run_id = report->run_id = sqlite3_last_insert_rowid (s.db);

  if (!insert_pairs (&s, index, found, &report->certain_pairs, &report->possible_pairs, error))
    goto fail;
  g_debug ("dedup: pairs stored at %.2f s", g_timer_elapsed (timer, NULL));
  if (!reconcile (&s, index, NULL, 0, &counts, error))
    goto fail;
  g_debug ("dedup: groups written at %.2f s", g_timer_elapsed (timer, NULL));

  report->groups_created = counts.groups_created;
  report->groups_ended = counts.groups_ended;
  report->held_pairs = counts.held;
  report->seconds = g_timer_elapsed (timer, NULL);
  fill_totals (&s, report);

  g_clear_pointer (&run, sqlite3_finalize);
  rc = prepare (&s, "UPDATE dedup_runs SET candidate_pairs = ?2, certain_pairs = ?3, possible_pairs = ?4,"
                    " groups_created = ?5, groups_ended = ?6, seconds = ?7 WHERE id = ?1", &run);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (run, 1, s.run_id);
      sqlite3_bind_int64 (run, 2, report->candidate_pairs);
      sqlite3_bind_int64 (run, 3, report->certain_pairs);
      sqlite3_bind_int64 (run, 4, report->possible_pairs);
      sqlite3_bind_int64 (run, 5, report->groups_created);
      sqlite3_bind_int64 (run, 6, report->groups_ended);
      sqlite3_bind_double (run, 7, report->seconds);
      rc = sqlite3_step (run);
    }
  if (rc != SQLITE_DONE)
    {
      store_fail (&s, rc, error);
      goto fail;
    }

  wn_json_append_key (detail, "run_id");
  wn_json_append_int (detail, s.run_id);
  wn_json_append_key (detail, "engine");
  wn_json_append_int (detail, WN_DEDUP_ENGINE_VERSION);
  wn_json_append_key (detail, "scope");
  wn_json_append_string (detail, all ? "all" : "new");
  wn_json_append_key (detail, "records");
  wn_json_append_int (detail, report->records);
  wn_json_append_key (detail, "new_records");
  wn_json_append_int (detail, report->new_records);
  wn_json_append_key (detail, "certain_pairs");
  wn_json_append_int (detail, report->certain_pairs);
  wn_json_append_key (detail, "possible_pairs");
  wn_json_append_int (detail, report->possible_pairs);
  wn_json_append_key (detail, "held_pairs");
  wn_json_append_int (detail, report->held_pairs);
  wn_json_append_key (detail, "groups_created");
  wn_json_append_int (detail, report->groups_created);
  wn_json_append_key (detail, "groups_ended");
  wn_json_append_int (detail, report->groups_ended);
  wn_json_append_key (detail, "duplicate_records");
  wn_json_append_int (detail, report->duplicate_records);
  g_string_append_c (detail, '}');
  if (!_wn_project_audit (project, "dedup.run", detail->str, error) || !exec (&s, "COMMIT", error))
    goto fail;

  _wn_project_unlock (project);
  report->seconds = g_timer_elapsed (timer, NULL);
  g_debug ("dedup: committed at %.2f s", report->seconds);
  store_clear (&s);
  return TRUE;

fail:
  rollback (&s);
fail_unlocked:
  _wn_project_unlock (project);
  store_clear (&s);
  return FALSE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  WnDedupReport *report = g_new0 (WnDedupReport, 1);
  GError *error = NULL;

  if (wn_dedup_run (source_object, GPOINTER_TO_UINT (task_data), cancellable, report, &error))
    g_task_return_pointer (task, report, g_free);
  else
    {
      g_free (report);
      g_task_return_error (task, error);
    }
}

void
wn_dedup_run_async (WnProject           *project,
                    WnDedupRunFlags      flags,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WN_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, wn_dedup_run_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  g_task_run_in_thread (task, run_thread);
}

gboolean
wn_dedup_run_finish (WnProject     *project,
                     GAsyncResult  *result,
                     WnDedupReport *report,
                     GError       **error)
{
  g_autofree WnDedupReport *done = NULL;

  g_return_val_if_fail (g_task_is_valid (result, project), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wn_dedup_run_async, FALSE);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;
  if (report != NULL)
    *report = *done;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Decisions                                                                 */

static gboolean
pair_records (Store       *s,
              gint64       pair_id,
              gint64      *a,
              gint64      *b,
              GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc = prepare (s, "SELECT record_a, record_b FROM dedup_pairs WHERE id = ?1", &stmt);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, pair_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      *a = sqlite3_column_int64 (stmt, 0);
      *b = sqlite3_column_int64 (stmt, 1);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                   _("%s: there is no pair %lld"), s->path, (long long) pair_id);
      return FALSE;
    }
  return store_fail (s, rc, error);
}

/* The standing decision on a pair: its id (0 when none) and verdict. */
static gint64
standing_decision (Store           *s,
                   gint64           pair_id,
                   WnDedupDecision *decision)
{
  g_autoptr(WnStmt) stmt = NULL;

  *decision = WN_DEDUP_DECISION_NONE;
  if (prepare (s, "SELECT id, decision FROM dedup_decisions WHERE pair_id = ?1 AND status = 'standing'",
               &stmt) != SQLITE_OK)
    return 0;
  sqlite3_bind_int64 (stmt, 1, pair_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  wn_dedup_decision_from_string ((const char *) sqlite3_column_text (stmt, 1), decision);
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
decide_one (Store            *s,
            gint64            pair_id,
            WnDedupDecision   decision,
            GArray           *seeds,
            GString          *detail,
            GError          **error)
{
  g_autoptr(WnStmt) insert = NULL;
  g_autoptr(WnStmt) supersede = NULL;
  g_autoptr(WnStmt) update = NULL;
  WnDedupDecision current;
  gint64 current_id;
  gint64 a;
  gint64 b;
  gint64 new_id;
  int rc;

  if (!pair_records (s, pair_id, &a, &b, error))
    return FALSE;
  current_id = standing_decision (s, pair_id, &current);
  if (current == decision)
    return TRUE;

  rc = prepare (s, "INSERT INTO dedup_decisions (pair_id, decision, status, decided_at, decided_by)"
                   " VALUES (?1, ?2, 'standing', ?3, ?4)", &insert);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (insert, 1, pair_id);
      sqlite3_bind_text (insert, 2, wn_dedup_decision_to_string (decision), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, s->now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, s->actor, -1, SQLITE_STATIC);
      rc = sqlite3_step (insert);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);
  new_id = sqlite3_last_insert_rowid (s->db);

  if (current_id > 0)
    {
      rc = prepare (s, "UPDATE dedup_decisions SET status = 'superseded', superseded_by = ?2 WHERE id = ?1",
                    &supersede);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (supersede, 1, current_id);
          sqlite3_bind_int64 (supersede, 2, new_id);
          rc = sqlite3_step (supersede);
        }
      if (rc != SQLITE_DONE)
        return store_fail (s, rc, error);
    }

  rc = prepare (s, "UPDATE dedup_pairs SET decision = ?2 WHERE id = ?1", &update);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (update, 1, pair_id);
      sqlite3_bind_text (update, 2, wn_dedup_decision_to_string (decision), -1, SQLITE_STATIC);
      rc = sqlite3_step (update);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  g_array_append_val (seeds, a);
  g_array_append_val (seeds, b);
  if (detail->len > 1)
    g_string_append_c (detail, ',');
  g_string_append_printf (detail, "{\"pair\":%" G_GINT64_FORMAT ",\"a\":%" G_GINT64_FORMAT ",\"b\":%" G_GINT64_FORMAT
                          ",\"decision\":\"%s\",\"previous\":%s%s%s}",
                          pair_id, a, b, wn_dedup_decision_to_string (decision),
                          current != WN_DEDUP_DECISION_NONE ? "\"" : "",
                          current != WN_DEDUP_DECISION_NONE ? wn_dedup_decision_to_string (current) : "null",
                          current != WN_DEDUP_DECISION_NONE ? "\"" : "");
  return TRUE;
}

/* Runs body under the lock in one transaction, then recomputes the groups
 * of the records it touched, audits and commits. */
typedef gboolean (*ChangeFunc) (Store    *s,
                                gpointer  data,
                                GArray   *seeds,
                                GString  *detail,
                                GError  **error);

static gboolean
change (WnProject   *project,
        const char  *action,
        ChangeFunc   body,
        gpointer     data,
        GError     **error)
{
  g_autoptr(GArray) seeds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) detail = g_string_new ("[");
  g_autoptr(GString) audit = g_string_new ("{");
  ReconcileCounts counts = { 0 };
  Store s;

  store_init (&s, project);
  _wn_project_lock (project);
  if (!begin (&s, error))
    {
      _wn_project_unlock (project);
      store_clear (&s);
      return FALSE;
    }
  if (!body (&s, data, seeds, detail, error) ||
      (seeds->len > 0 && !reconcile (&s, NULL, (const gint64 *) seeds->data, seeds->len, &counts, error)))
    goto fail;

  g_string_append_c (detail, ']');
  wn_json_append_key (audit, "changes");
  g_string_append (audit, detail->str);
  wn_json_append_key (audit, "groups_created");
  wn_json_append_int (audit, counts.groups_created);
  wn_json_append_key (audit, "groups_ended");
  wn_json_append_int (audit, counts.groups_ended);
  g_string_append_c (audit, '}');
  if (!_wn_project_audit (project, action, audit->str, error) || !exec (&s, "COMMIT", error))
    goto fail;

  _wn_project_unlock (project);
  store_clear (&s);
  return TRUE;

fail:
  rollback (&s);
  _wn_project_unlock (project);
  store_clear (&s);
  return FALSE;
}

typedef struct
{
  const gint64    *pair_ids;
  guint            n;
  WnDedupDecision  decision;
} DecideData;

static gboolean
decide_body (Store    *s,
             gpointer  data,
             GArray   *seeds,
             GString  *detail,
             GError  **error)
{
  DecideData *d = data;

  for (guint i = 0; i < d->n; i++)
    if (!decide_one (s, d->pair_ids[i], d->decision, seeds, detail, error))
      return FALSE;
  return TRUE;
}

gboolean
wn_dedup_decide_pairs (WnProject        *project,
                       const gint64     *pair_ids,
                       guint             n_pairs,
                       WnDedupDecision   decision,
                       GError          **error)
{
  DecideData data = { pair_ids, n_pairs, decision };

  g_return_val_if_fail (WN_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (pair_ids != NULL || n_pairs == 0, FALSE);
  g_return_val_if_fail (decision == WN_DEDUP_DECISION_DUPLICATE || decision == WN_DEDUP_DECISION_DISTINCT, FALSE);

  return change (project, "dedup.decide", decide_body, &data, error);
}

gboolean
wn_dedup_decide (WnProject        *project,
                 gint64            pair_id,
                 WnDedupDecision   decision,
                 GError          **error)
{
  return wn_dedup_decide_pairs (project, &pair_id, 1, decision, error);
}

static gboolean
undo_decision_body (Store    *s,
                    gpointer  data,
                    GArray   *seeds,
                    GString  *detail,
                    GError  **error)
{
  gint64 pair_id = *(gint64 *) data;
  g_autoptr(WnStmt) undo = NULL;
  g_autoptr(WnStmt) previous = NULL;
  g_autoptr(WnStmt) update = NULL;
  WnDedupDecision current;
  WnDedupDecision restored = WN_DEDUP_DECISION_NONE;
  gint64 current_id;
  gint64 a;
  gint64 b;
  int rc;

  if (!pair_records (s, pair_id, &a, &b, error))
    return FALSE;
  current_id = standing_decision (s, pair_id, &current);
  if (current_id == 0)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                   _("%s: pair %lld has no decision to undo"), s->path, (long long) pair_id);
      return FALSE;
    }

  rc = prepare (s, "UPDATE dedup_decisions SET status = 'undone', undone_at = ?2, undone_by = ?3 WHERE id = ?1",
                &undo);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (undo, 1, current_id);
      sqlite3_bind_text (undo, 2, s->now, -1, SQLITE_STATIC);
      sqlite3_bind_text (undo, 3, s->actor, -1, SQLITE_STATIC);
      rc = sqlite3_step (undo);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  /* The decision this one replaced stands again. */
  rc = prepare (s, "UPDATE dedup_decisions SET status = 'standing' WHERE superseded_by = ?1 AND status = 'superseded'"
                   " RETURNING decision", &previous);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (previous, 1, current_id);
      while ((rc = sqlite3_step (previous)) == SQLITE_ROW)
        wn_dedup_decision_from_string ((const char *) sqlite3_column_text (previous, 0), &restored);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  rc = prepare (s, "UPDATE dedup_pairs SET decision = ?2 WHERE id = ?1", &update);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (update, 1, pair_id);
      if (restored == WN_DEDUP_DECISION_NONE)
        sqlite3_bind_null (update, 2);
      else
        sqlite3_bind_text (update, 2, wn_dedup_decision_to_string (restored), -1, SQLITE_STATIC);
      rc = sqlite3_step (update);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  g_array_append_val (seeds, a);
  g_array_append_val (seeds, b);
  g_string_append_printf (detail, "{\"pair\":%" G_GINT64_FORMAT ",\"a\":%" G_GINT64_FORMAT ",\"b\":%" G_GINT64_FORMAT
                          ",\"undone\":\"%s\",\"standing\":%s%s%s}",
                          pair_id, a, b, wn_dedup_decision_to_string (current),
                          restored != WN_DEDUP_DECISION_NONE ? "\"" : "",
                          restored != WN_DEDUP_DECISION_NONE ? wn_dedup_decision_to_string (restored) : "null",
                          restored != WN_DEDUP_DECISION_NONE ? "\"" : "");
  return TRUE;
}

gboolean
wn_dedup_undo_decision (WnProject  *project,
                        gint64      pair_id,
                        GError    **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (project), FALSE);

  return change (project, "dedup.undo-decision", undo_decision_body, &pair_id, error);
}

static gboolean
active_group (Store    *s,
              gint64    group_id,
              gint64   *kept,
              GArray   *members,
              GError  **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  gboolean found = FALSE;
  gboolean ended = FALSE;
  int rc;

  rc = prepare (s, "SELECT g.kept_id, g.ended_at IS NOT NULL, m.record_id FROM dedup_groups g"
                   " JOIN dedup_members m ON m.group_id = g.id WHERE g.id = ?1 ORDER BY m.rank", &stmt);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, group_id);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      gint64 member = sqlite3_column_int64 (stmt, 2);

      found = TRUE;
      *kept = sqlite3_column_int64 (stmt, 0);
      ended = sqlite3_column_int (stmt, 1);
      g_array_append_val (members, member);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);
  if (!found)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                   _("%s: there is no duplicate group %lld"), s->path, (long long) group_id);
      return FALSE;
    }
  if (ended)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                   _("%s: duplicate group %lld was already undone or replaced"), s->path, (long long) group_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
undo_group_body (Store    *s,
                 gpointer  data,
                 GArray   *seeds,
                 GString  *detail,
                 GError  **error)
{
  gint64 group_id = *(gint64 *) data;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(WnStmt) pairs = NULL;
  g_autoptr(WnStmt) hold = NULL;
  g_autoptr(WnStmt) withdraw = NULL;
  g_autoptr(WnStmt) clear_pair = NULL;
  g_autoptr(WnStmt) end_group = NULL;
  g_autoptr(WnStmt) clear_dup = NULL;
  g_autofree char *ids = NULL;
  gint64 kept = 0;
  guint held = 0;
  guint withdrawn = 0;
  int rc;

  if (!active_group (s, group_id, &kept, members, error))
    return FALSE;
  ids = id_list_json ((const gint64 *) members->data, members->len);

  if ((rc = prepare (s, "SELECT id, decision FROM dedup_pairs"
                        " WHERE record_a IN (SELECT value FROM json_each (?1))"
                        "   AND record_b IN (SELECT value FROM json_each (?1))", &pairs)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE dedup_pairs SET held = 'undone' WHERE id = ?1 AND outcome = 'certain'"
                        " AND held IS NULL", &hold)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE dedup_decisions SET status = 'undone', undone_at = ?2, undone_by = ?3"
                        " WHERE pair_id = ?1 AND status = 'standing'", &withdraw)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE dedup_pairs SET decision = NULL WHERE id = ?1", &clear_pair)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE dedup_groups SET ended_at = ?2, ended_by = ?3, end_reason = 'undone' WHERE id = ?1",
                     &end_group)) != SQLITE_OK ||
      (rc = prepare (s, "UPDATE records SET duplicate_of = NULL WHERE id IN (SELECT value FROM json_each (?1))",
                     &clear_dup)) != SQLITE_OK)
    return store_fail (s, rc, error);

  /* The group's links are held back (and a person's "duplicate" on them
   * withdrawn) so that no run merges them again unasked. */
  sqlite3_bind_text (pairs, 1, ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (pairs)) == SQLITE_ROW)
    {
      gint64 pair_id = sqlite3_column_int64 (pairs, 0);
      const char *decision = (const char *) sqlite3_column_text (pairs, 1);

      sqlite3_reset (hold);
      sqlite3_bind_int64 (hold, 1, pair_id);
      if (sqlite3_step (hold) != SQLITE_DONE)
        return store_fail (s, sqlite3_errcode (s->db), error);
      held += sqlite3_changes (s->db);
      if (g_strcmp0 (decision, "duplicate") == 0)
        {
          sqlite3_reset (withdraw);
          sqlite3_bind_int64 (withdraw, 1, pair_id);
          sqlite3_bind_text (withdraw, 2, s->now, -1, SQLITE_STATIC);
          sqlite3_bind_text (withdraw, 3, s->actor, -1, SQLITE_STATIC);
          sqlite3_reset (clear_pair);
          sqlite3_bind_int64 (clear_pair, 1, pair_id);
          if (sqlite3_step (withdraw) != SQLITE_DONE || sqlite3_step (clear_pair) != SQLITE_DONE)
            return store_fail (s, sqlite3_errcode (s->db), error);
          withdrawn++;
        }
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);

  sqlite3_bind_int64 (end_group, 1, group_id);
  sqlite3_bind_text (end_group, 2, s->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (end_group, 3, s->actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (clear_dup, 1, ids, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (end_group)) != SQLITE_DONE || (rc = sqlite3_step (clear_dup)) != SQLITE_DONE)
    return store_fail (s, rc, error);

  g_array_append_vals (seeds, members->data, members->len);
  g_string_append_printf (detail, "{\"group\":%" G_GINT64_FORMAT ",\"kept\":%" G_GINT64_FORMAT ",\"members\":%s"
                          ",\"pairs_held\":%u,\"decisions_withdrawn\":%u}",
                          group_id, kept, ids, held, withdrawn);
  return TRUE;
}

gboolean
wn_dedup_undo_group (WnProject  *project,
                     gint64      group_id,
                     GError    **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (project), FALSE);

  return change (project, "dedup.undo-group", undo_group_body, &group_id, error);
}

static gboolean
confirm_group_body (Store    *s,
                    gpointer  data,
                    GArray   *seeds,
                    GString  *detail,
                    GError  **error)
{
  gint64 group_id = *(gint64 *) data;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(WnStmt) stmt = NULL;
  gint64 kept = 0;
  int rc;

  if (!active_group (s, group_id, &kept, members, error))
    return FALSE;
  rc = prepare (s, "UPDATE dedup_groups SET status = 'confirmed' WHERE id = ?1", &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, group_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    return store_fail (s, rc, error);
  g_string_append_printf (detail, "{\"group\":%" G_GINT64_FORMAT ",\"kept\":%" G_GINT64_FORMAT "}", group_id, kept);
  return TRUE;
}

gboolean
wn_dedup_confirm_group (WnProject  *project,
                        gint64      group_id,
                        GError    **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (project), FALSE);

  return change (project, "dedup.confirm-group", confirm_group_body, &group_id, error);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

gboolean
wn_dedup_get_counts (WnProject      *project,
                     WnDedupCounts  *counts,
                     GError        **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  Store s;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  store_init (&s, project);
  _wn_project_lock (project);
  rc = prepare (&s, "SELECT (SELECT count(*) FROM dedup_groups WHERE ended_at IS NULL),"
                    " (SELECT count(*) FROM dedup_groups WHERE ended_at IS NULL AND status = 'confirmed'),"
                    " (SELECT count(*) FROM records WHERE duplicate_of IS NOT NULL),"
                    " (SELECT count(*) FROM dedup_pairs p WHERE" PENDING_PAIRS "),"
                    " (SELECT count(*) FROM dedup_pairs WHERE decision IS NOT NULL),"
                    " (SELECT count(*) FROM dedup_runs)", &stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _wn_project_set_sqlite_error (error, s.db, rc, s.path, _("could not count the duplicates"));
      _wn_project_unlock (project);
      store_clear (&s);
      return FALSE;
    }
  counts->duplicate_groups = sqlite3_column_int64 (stmt, 0);
  counts->confirmed_groups = sqlite3_column_int64 (stmt, 1);
  counts->duplicate_records = sqlite3_column_int64 (stmt, 2);
  counts->pending_pairs = sqlite3_column_int64 (stmt, 3);
  counts->decided_pairs = sqlite3_column_int64 (stmt, 4);
  counts->runs = sqlite3_column_int64 (stmt, 5);
  _wn_project_unlock (project);
  store_clear (&s);
  return TRUE;
}

GListModel *
wn_dedup_list_groups (WnProject     *project,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  GListStore *store;
  sqlite3 *db;
  gint64 current = 0;
  gint64 kept = 0;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *created = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  _wn_project_lock (project);
  db = _wn_project_get_db (project);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT g.id, g.kept_id, g.status, g.reason, g.created_at, m.record_id"
                           " FROM dedup_groups g JOIN dedup_members m ON m.group_id = g.id"
                           " WHERE g.ended_at IS NULL ORDER BY g.kept_id, g.id, m.rank",
                           -1, &stmt, NULL);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; ; rc = sqlite3_step (stmt))
    {
      gint64 id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;

      if (id != current && current != 0)
        {
          g_ptr_array_add (items, _wn_dedup_group_new (current, kept, status, reason, created,
                                                       (const gint64 *) members->data, members->len));
          g_array_set_size (members, 0);
        }
      if (rc != SQLITE_ROW)
        break;
      if (id != current)
        {
          current = id;
          kept = sqlite3_column_int64 (stmt, 1);
          g_free (status);
          status = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          g_free (reason);
          reason = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          g_free (created);
          created = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
        }
      {
        gint64 member = sqlite3_column_int64 (stmt, 5);

        g_array_append_val (members, member);
      }
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  _wn_project_unlock (project);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (project), _("could not read the duplicates"));
      return NULL;
    }

  store = g_list_store_new (WN_TYPE_DEDUP_GROUP);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

GListModel *
wn_dedup_list_pairs (WnProject          *project,
                     WnDedupPairFilter   filter,
                     gint64              group_id,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const char *sql;
  GListStore *store;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  switch (filter)
    {
    case WN_DEDUP_PAIRS_PENDING:
      sql = "SELECT p.id, p.record_a, p.record_b, p.outcome, p.score, p.rule, p.reasons, p.decision, p.held"
            " FROM dedup_pairs p WHERE" PENDING_PAIRS " ORDER BY p.score DESC, p.id";
      break;
    case WN_DEDUP_PAIRS_DECIDED:
      sql = "SELECT p.id, p.record_a, p.record_b, p.outcome, p.score, p.rule, p.reasons, p.decision, p.held"
            " FROM dedup_pairs p WHERE p.decision IS NOT NULL"
            " ORDER BY (SELECT max (d.id) FROM dedup_decisions d WHERE d.pair_id = p.id) DESC";
      break;
    case WN_DEDUP_PAIRS_GROUP:
      sql = "SELECT p.id, p.record_a, p.record_b, p.outcome, p.score, p.rule, p.reasons, p.decision, p.held"
            " FROM dedup_pairs p"
            " WHERE p.record_a IN (SELECT record_id FROM dedup_members WHERE group_id = ?1)"
            "   AND p.record_b IN (SELECT record_id FROM dedup_members WHERE group_id = ?1) ORDER BY p.id";
      break;
    case WN_DEDUP_PAIRS_ALL:
    default:
      sql = "SELECT p.id, p.record_a, p.record_b, p.outcome, p.score, p.rule, p.reasons, p.decision, p.held"
            " FROM dedup_pairs p ORDER BY p.id";
      break;
    }

  _wn_project_lock (project);
  db = _wn_project_get_db (project);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK && filter == WN_DEDUP_PAIRS_GROUP)
    sqlite3_bind_int64 (stmt, 1, group_id);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      gint64 a = sqlite3_column_int64 (stmt, 1);
      gint64 b = sqlite3_column_int64 (stmt, 2);
      g_autoptr(WnRecord) ra = wn_project_get_record (project, a, NULL, NULL);
      g_autoptr(WnRecord) rb = wn_project_get_record (project, b, NULL, NULL);
      WnDedupDecision decision = WN_DEDUP_DECISION_NONE;

      if (ra == NULL || rb == NULL)
        continue;
      wn_dedup_decision_from_string ((const char *) sqlite3_column_text (stmt, 7), &decision);
      g_ptr_array_add (items,
                       _wn_dedup_pair_new (sqlite3_column_int64 (stmt, 0), a, b,
                                           g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "certain") == 0
                                           ? WN_DEDUP_CERTAIN : WN_DEDUP_POSSIBLE,
                                           sqlite3_column_double (stmt, 4),
                                           (const char *) sqlite3_column_text (stmt, 5),
                                           (const char *) sqlite3_column_text (stmt, 6),
                                           decision,
                                           (const char *) sqlite3_column_text (stmt, 8),
                                           g_steal_pointer (&ra), g_steal_pointer (&rb)));
      if ((items->len & 255) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  _wn_project_unlock (project);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (project), _("could not read the duplicates"));
      return NULL;
    }

  store = g_list_store_new (WN_TYPE_DEDUP_PAIR);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

static void
list_groups_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *model = wn_dedup_list_groups (source_object, cancellable, &error);

  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
wn_dedup_list_groups_async (WnProject           *project,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WN_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, wn_dedup_list_groups_async);
  g_task_run_in_thread (task, list_groups_thread);
}

GListModel *
wn_dedup_list_groups_finish (WnProject     *project,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wn_dedup_list_groups_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  WnDedupPairFilter filter;
  gint64            group_id;
} ListPairsData;

static void
list_pairs_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ListPairsData *data = task_data;
  GError *error = NULL;
  GListModel *model = wn_dedup_list_pairs (source_object, data->filter, data->group_id, cancellable, &error);

  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
wn_dedup_list_pairs_async (WnProject           *project,
                           WnDedupPairFilter    filter,
                           gint64               group_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListPairsData *data;

  g_return_if_fail (WN_IS_PROJECT (project));

  data = g_new (ListPairsData, 1);
  data->filter = filter;
  data->group_id = group_id;
  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, wn_dedup_list_pairs_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, list_pairs_thread);
}

GListModel *
wn_dedup_list_pairs_finish (WnProject     *project,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wn_dedup_list_pairs_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fill_slot (char       **slot,
           const char  *value)
{
  if (*slot == NULL || **slot == '\0')
    {
      g_free (*slot);
      *slot = g_strdup (value);
    }
}

static void
fill_list (GPtrArray  *list,
           const char *value)
{
  g_auto(GStrv) parts = NULL;

  if (list->len > 0 || value == NULL)
    return;
  parts = g_strsplit (value, "\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (list, g_steal_pointer (&parts[i]));
}

WnRecord *
wn_dedup_get_merged_record (WnProject  *project,
                            gint64      record_id,
                            GError    **error)
{
  g_autoptr(WnRecord) record = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  _wn_project_lock (project);
  record = wn_project_get_record (project, record_id, NULL, error);
  if (record == NULL)
    {
      _wn_project_unlock (project);
      return NULL;
    }
  db = _wn_project_get_db (project);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT f.field, f.value FROM dedup_filled f JOIN dedup_groups g ON g.id = f.group_id"
                           " WHERE g.kept_id = ?1 AND g.ended_at IS NULL",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, record_id);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      const char *field = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (g_str_equal (field, "title"))
        fill_slot (&record->title, value);
      else if (g_str_equal (field, "authors"))
        fill_list (record->authors, value);
      else if (g_str_equal (field, "year"))
        fill_slot (&record->year, value);
      else if (g_str_equal (field, "journal"))
        fill_slot (&record->journal, value);
      else if (g_str_equal (field, "volume"))
        fill_slot (&record->volume, value);
      else if (g_str_equal (field, "issue"))
        fill_slot (&record->issue, value);
      else if (g_str_equal (field, "pages"))
        fill_slot (&record->pages, value);
      else if (g_str_equal (field, "doi"))
        fill_slot (&record->doi, value);
      else if (g_str_equal (field, "pmid"))
        fill_slot (&record->pmid, value);
      else if (g_str_equal (field, "abstract"))
        fill_slot (&record->abstract, value);
      else if (g_str_equal (field, "keywords"))
        fill_list (record->keywords, value);
      else if (g_str_equal (field, "language"))
        fill_slot (&record->language, value);
    }
  _wn_project_unlock (project);
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (project), _("could not read the record"));
      return NULL;
    }
  return g_steal_pointer (&record);
}
