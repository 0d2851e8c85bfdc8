import re
p='/work/main/ui/wn-screening-view.c'
s=open(p).read()
def rep(old, new, count=1):
    global s
    assert old in s, old
    s=s.replace(old,new,count)

rep(''' * Blind: the page only ever has the reviewer's own votes''',''' * Full text. At the Full Text stage the record's PDF (WnFulltextPane, with
 * WnPdfView) takes the place of the title and abstract, beside the side
 * panel with the criteria and the exclusion reasons; a record without a
 * PDF offers "Attach PDF…" and "Not Retrieved…" instead. The viewer keeps
 * its own keys while it has the focus (Page Up/Down, Home/End, Ctrl+F,
 * Ctrl+C, zoom); the page's single keys still work there.
 *
 * Blind: the page only ever has the reviewer's own votes''')
rep('''#include "wn-highlight.h"
''','''#include "wn-fulltext-pane.h"
#include "wn-highlight.h"
''')
rep('''  WnScreeningRecord  *record;''','''  WnScreeningRecord  *record;
  GtkStack           *record_stack;
  WnFulltextPane     *fulltext_pane;''')
# highlighter
rep('''  wn_screening_record_set_highlighter (self->record, self->highlighter);''','''  wn_screening_record_set_highlighter (self->record, self->highlighter);
  wn_fulltext_pane_set_highlighter (self->fulltext_pane, self->highlighter);''')
rep('''  wn_screening_record_clear (self->record);
  wn_screening_record_set_highlighter (self->record, NULL);''','''  wn_screening_record_clear (self->record);
  wn_screening_record_set_highlighter (self->record, NULL);
  wn_fulltext_pane_set_highlighter (self->fulltext_pane, NULL);
  wn_fulltext_pane_show_record (self->fulltext_pane, 0);''')
# sync in show_position
rep('''static void
wn_screening_view_show_position (WnScreeningView *self)
{''','''/* At full text, the PDF of the record shown in place of its abstract. */
static void
sync_fulltext (WnScreeningView *self,
               gint64           record_id)
{
  gboolean ft = self->stage == WN_STAGE_FT;

  gtk_stack_set_visible_child_name (self->record_stack, ft ? "fulltext" : "abstract");
  if (!ft)
    record_id = 0;
  if (wn_fulltext_pane_get_record_id (self->fulltext_pane) != record_id)
    wn_fulltext_pane_show_record (self->fulltext_pane, record_id);
}

static void
wn_screening_view_show_position (WnScreeningView *self)
{''')
rep('''      gtk_stack_set_visible_child_name (self->content_stack, "done");
      wn_screening_record_clear (self->record);''','''      gtk_stack_set_visible_child_name (self->content_stack, "done");
      wn_screening_record_clear (self->record);
      sync_fulltext (self, 0);''')
rep('''        wn_screening_record_show_loading (self->record, state->record_id);
    }
''','''        wn_screening_record_show_loading (self->record, state->record_id);
    }
  sync_fulltext (self, state->record_id);
''')
# set_project
rep('''  g_set_object (&self->project, project);
  g_free (self->identity);
  self->identity = g_strdup (identity);
''','''  g_set_object (&self->project, project);
  wn_fulltext_pane_set_project (self->fulltext_pane, project);
  g_free (self->identity);
  self->identity = g_strdup (identity);
''')
# class init
rep('''  g_type_ensure (WN_TYPE_SCREENING_RECORD);''','''  g_type_ensure (WN_TYPE_SCREENING_RECORD);
  g_type_ensure (WN_TYPE_FULLTEXT_PANE);''')
rep('''  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, record);''','''  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, record);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, record_stack);
  gtk_widget_class_bind_template_child (widget_class, WnScreeningView, fulltext_pane);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_fulltext_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_screening_view_fulltext_changed_cb);''')
rep('''static void
wn_screening_view_class_init (WnScreeningViewClass *klass)''','''static void
wn_screening_view_fulltext_state_cb (WnScreeningView *self)
{
  state_changed (self);
}

/* A PDF attached, or the report marked not retrieved (it leaves the
 * queue): read the queue again. */
static void
wn_screening_view_fulltext_changed_cb (WnScreeningView *self)
{
  wn_screening_view_load (self);
}

static void
wn_screening_view_class_init (WnScreeningViewClass *klass)''')
# describe
rep('''  func ("scr_text", text->str, user_data);''','''  func ("scr_text", text->str, user_data);
  wn_fulltext_pane_describe (self->fulltext_pane, func, user_data);''')
rep('''  if (self->project != NULL)
    wn_screening_view_load (self);
}''','''  if (self->project != NULL)
    wn_screening_view_load (self);
  /* A PDF attached elsewhere (the Records page, a folder): read again. */
  if (wn_fulltext_pane_get_record_id (self->fulltext_pane) != 0)
    wn_fulltext_pane_show_record (self->fulltext_pane, wn_fulltext_pane_get_record_id (self->fulltext_pane));
}''')
open(p,'w').write(s)

p='/work/main/ui/wn-screening-view.ui'
s=open(p).read()
old='''                                <child>
                                  <object class="WnScreeningRecord" id="record">
                                    <property name="vexpand">True</property>
                                  </object>
                                </child>'''
assert old in s
new='''                                <!-- Title and abstract; at full text, the PDF. -->
                                <child>
                                  <object class="GtkStack" id="record_stack">
                                    <property name="vexpand">True</property>
                                    <child>
                                      <object class="GtkStackPage">
                                        <property name="name">abstract</property>
                                        <property name="child">
                                          <object class="WnScreeningRecord" id="record">
                                            <property name="vexpand">True</property>
                                          </object>
                                        </property>
                                      </object>
                                    </child>
                                    <child>
                                      <object class="GtkStackPage">
                                        <property name="name">fulltext</property>
                                        <property name="child">
                                          <object class="WnFulltextPane" id="fulltext_pane">
                                            <property name="vexpand">True</property>
                                            <signal name="state-changed" handler="wn_screening_view_fulltext_state_cb" swapped="yes"/>
                                            <signal name="changed" handler="wn_screening_view_fulltext_changed_cb" swapped="yes"/>
                                          </object>
                                        </property>
                                      </object>
                                    </child>
                                  </object>
                                </child>'''
s=s.replace(old,new)
open(p,'w').write(s)
print("patched")
