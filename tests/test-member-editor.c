/* test-member-editor.c: the member editor in a real window under Xvfb, against the
 * quartier's real address base (BAN, Quinze-Vingts), offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ui-helpers.h"
#include "voisins-demo.h"
#include "voisins-member-detail.h"
#include "voisins-member-editor.h"
#include "voisins-store-member-edits.h"
#include "voisins-members-page.h"
#include "voisins-post-editor.h"

static VoisinsApplication *app;

/* The BAN's GeoJSON points, as the address base keeps them. */
static GPtrArray *
load_ban (void)
{
  g_autofree char *dir = voisins_demo_find_data_dir ();
  g_autofree char *path = g_build_filename (dir, "ban_adresses_quinze_vingts.geojson", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) voisins_address_free);
  JsonArray *features;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *p = json_object_get_object_member (f, "properties");
      JsonArray *c = json_object_get_array_member (json_object_get_object_member (f, "geometry"),
                                                   "coordinates");
      VoisinsAddress *a = voisins_address_new ();
      const char *rep = voisins_address_rep_from_ban (json_object_get_string_member (p, "rep"));

      a->id = g_strdup (json_object_get_string_member (p, "id"));
      a->number = json_object_get_int_member (p, "numero");
      a->rep = g_strdup (rep ? rep : "");
      /* "Rue Traversière" reads "rue Traversière" inside an address. */
      a->street = g_strdup (json_object_get_string_member (p, "nom_voie"));
      a->street[0] = g_ascii_tolower (a->street[0]);
      a->postcode = g_strdup (json_object_get_string_member (p, "code_postal"));
      a->city = g_strdup ("Paris");
      a->lon = json_array_get_double_element (c, 0);
      a->lat = json_array_get_double_element (c, 1);
      g_ptr_array_add (out, a);
    }

  return out;
}

/* The whole screen: popovers are surfaces of their own, not in a widget's rendering. */
static void
save_screen (const char *name)
{
  g_autofree char *path = vt_artifact (name);
  g_autofree char *cmd = NULL;

  if (g_getenv ("VOISINS_ARTIFACTS_DIR") == NULL || g_find_program_in_path ("import") == NULL)
    return;
  vt_spin (300);
  cmd = g_strdup_printf ("import -window root '%s'", path);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  VtDemoWindow dw;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ban = load_ban ();
  g_autoptr(GError) error = NULL;
  const char *assoc;

  vt_demo_window_open (&f->dw, app, 30, 10, 900);
  assoc = voisins_association_get_id (f->dw.association);
  g_assert_true (voisins_store_replace_addresses (f->dw.store, assoc, ban, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (voisins_store_count_addresses (f->dw.store, assoc, NULL), >, 2000);
  /* At the desk: a coordinator, logged in as claire. */
  g_assert_true (voisins_store_set_meta (f->dw.store, "username", "claire", &error));
  g_assert_true (voisins_store_set_role (f->dw.store, assoc, "coordinator", &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vt_demo_window_close (&f->dw);
}

static gboolean
editor_open (gpointer data)
{
  return voisins_window_get_member_editor (data) != NULL;
}

static gboolean
editor_closed (gpointer data)
{
  return voisins_window_get_member_editor (data) == NULL;
}

static VoisinsMemberEditor *
open_editor (Fixture *f)
{
  VoisinsMemberEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dw.window), "win.add-member", NULL));
  g_assert_true (vt_wait_until (editor_open, f->dw.window, 5000));
  editor = VOISINS_MEMBER_EDITOR (voisins_window_get_member_editor (f->dw.window));
  vt_spin (200);
  return editor;
}

static GtkWidget *
child (VoisinsMemberEditor *editor,
       const char          *name)
{
  return vt_child (editor, VOISINS_TYPE_MEMBER_EDITOR, name);
}

static void
set_text (VoisinsMemberEditor *editor,
          const char          *name,
          const char          *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (editor, name)), text);
}

static gboolean
completion_shown (gpointer data)
{
  return voisins_member_editor_get_completion (data) != NULL;
}

/* What the keyboard does in the address entry: through its own key controller. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (c)) ==
            GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

static gboolean
focus_inside (VoisinsMemberEditor *editor,
              const char          *name)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (editor));
  GtkWidget *row = child (editor, name);

  return focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

static VoisinsMember *
find_member (VoisinsStore *store,
             const char   *first,
             const char   *last)
{
  g_autoptr(GPtrArray) all = voisins_store_list_members (store, NULL, first, NULL);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (voisins_member_get_first_name (all->pdata[i]), first) == 0 &&
        g_strcmp0 (voisins_member_get_last_name (all->pdata[i]), last) == 0)
      return g_object_ref (all->pdata[i]);
  return NULL;
}

static gboolean
label_shown (gpointer data)
{
  return gtk_widget_get_visible (gtk_widget_get_parent (data)) &&
         *gtk_label_get_label (data) != '\0';
}

static gboolean
dialog_shown (gpointer data)
{
  return voisins_member_editor_get_duplicate_dialog (data) != NULL;
}

static void
test_add_neighbour (Fixture       *f,
                    gconstpointer  data)
{
  VoisinsMemberEditor *editor = open_editor (f);
  g_autoptr(VoisinsMember) saved = NULL;
  g_autoptr(VoisinsMember) refused = NULL;
  GtkWidget *row;
  GtkWidget *label;
  guint n_before = voisins_store_count_members (f->dw.store, NULL, NULL);

  /* The one logged in takes the consent, shown, not editable. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (
                              ADW_ACTION_ROW (child (editor, "consent_by_row"))), "claire"));

  set_text (editor, "first_name_row", "Jeanne");
  set_text (editor, "last_name_row", "Dupont");
  gtk_widget_grab_focus (child (editor, "address_row"));
  set_text (editor, "address_row", "12 rue Tr");
  g_assert_true (vt_wait_until (completion_shown, editor, 5000));
  vt_spin (300);

  /* The base's addresses, from the real BAN file. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (
                      voisins_member_editor_get_completion_list (editor), 0));
  g_assert_nonnull (row);
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "12 rue Traversière"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "75012"));
  save_screen ("member-editor-completion.png");

  /* Down, Enter: picked; the entry has it and the list is gone. */
  g_assert_true (press_key (child (editor, "address_row"), GDK_KEY_Down));
  g_assert_true (press_key (child (editor, "address_row"), GDK_KEY_Return));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (editor, "address_row"))), ==,
                   "12 rue Traversière");
  g_assert_null (voisins_member_editor_get_completion (editor));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (editor, "address_status"))),
                            "address list"));

  /* No consent ticked: refused beside the consent, the focus there. */
  set_text (editor, "phone_row", "01 43 43 12 12");
  g_assert_false (voisins_member_editor_save (editor));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (child (editor, "consent_error"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (editor, "consent_error"))),
                            "consent"));
  g_assert_true (focus_inside (editor, "consent_posts"));
  g_assert_false (gtk_widget_get_visible (
                    gtk_widget_get_parent (child (editor, "first_name_error"))));
  vt_spin (200);
  vt_save_png (GTK_WIDGET (editor), "member-editor-error.png");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (editor, "consent_posts")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (editor, "consent_phone")), TRUE);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (child (editor, "consent_error"))));
  g_assert_true (voisins_member_editor_save (editor));
  g_assert_true (vt_wait_until (editor_closed, f->dw.window, 5000));

  /* Written offline, queued, with the exact position from the base. */
  saved = find_member (f->dw.store, "Jeanne", "Dupont");
  g_assert_nonnull (saved);
  g_assert_cmpstr (voisins_member_get_address (saved), ==, "12 rue Traversière");
  g_assert_cmpstr (voisins_member_get_postcode (saved), ==, "75012");
  g_assert_cmpfloat_with_epsilon (voisins_member_get_latitude (saved), 48.845739, 1e-6);
  g_assert_cmpfloat_with_epsilon (voisins_member_get_longitude (saved), 2.370799, 1e-6);
  g_assert_cmpstr (voisins_member_get_consent_scope (saved), ==, "posts,phone");
  g_assert_cmpstr (voisins_member_get_consent_by (saved), ==, "claire");
  g_assert_cmpint (voisins_member_get_consent_at (saved), >, 0);
  g_assert_cmpuint (voisins_store_count_pending (f->dw.store, NULL), ==, 1);
  g_assert_cmpuint (voisins_store_count_members (f->dw.store, NULL, NULL), ==, n_before + 1);

  /* The same neighbour again, typed by hand: the warning comes before anything is
   * written, and "Open the existing record" shows hers. */
  editor = open_editor (f);
  set_text (editor, "first_name_row", "jeanne");
  set_text (editor, "last_name_row", "DUPONT");
  set_text (editor, "address_row", "12, r. Traversiere");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (editor, "consent_posts")), TRUE);
  g_assert_true (voisins_member_editor_save (editor));
  g_assert_true (vt_wait_until (dialog_shown, editor, 5000));
  vt_spin (300);
  save_screen ("member-editor-duplicate.png");
  adw_message_dialog_response (
    ADW_MESSAGE_DIALOG (voisins_member_editor_get_duplicate_dialog (editor)), "open");
  g_assert_true (vt_wait_until (editor_closed, f->dw.window, 5000));
  g_assert_cmpuint (voisins_store_count_members (f->dw.store, NULL, NULL), ==, n_before + 1);

  /* An address outside the base: refused beside the field, the focus there; a
   * coordinator may accept it with a reason. */
  editor = open_editor (f);
  set_text (editor, "first_name_row", "Paul");
  set_text (editor, "last_name_row", "Martin");
  gtk_widget_grab_focus (child (editor, "first_name_row"));
  set_text (editor, "address_row", "3 avenue Foch");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (editor, "consent_holiday")), TRUE);
  g_assert_true (voisins_member_editor_save (editor));
  g_assert_true (vt_wait_until (label_shown, child (editor, "address_status"), 5000));
  vt_spin (200);
  g_assert_true (gtk_widget_has_css_class (child (editor, "address_status"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (editor, "address_status"))),
                            "not in the quartier’s address list"));
  g_assert_true (focus_inside (editor, "address_row"));
  g_assert_true (gtk_widget_get_visible (child (editor, "override_row")));
  vt_save_png (GTK_WIDGET (editor), "member-editor-refused.png");
  g_assert_null (find_member (f->dw.store, "Paul", "Martin"));

  set_text (editor, "override_row", "Moved in last month: not in the national base yet");
  g_assert_true (voisins_member_editor_save (editor));
  g_assert_true (vt_wait_until (editor_closed, f->dw.window, 5000));
  refused = find_member (f->dw.store, "Paul", "Martin");
  g_assert_nonnull (refused);
  g_assert_cmpstr (voisins_member_get_address_override (refused), ==,
                   "Moved in last month: not in the national base yet");
}

/* A volunteer's record of a neighbour: what they may not see says who sees it. */
static void
test_volunteer_view (Fixture       *f,
                     gconstpointer  data)
{
  const char *assoc = voisins_association_get_id (f->dw.association);
  g_autoptr(VoisinsMember) m = voisins_member_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GtkWidget *page;
  GtkWidget *detail;

  g_assert_true (voisins_store_set_role (f->dw.store, assoc, "volunteer", &error));
  id = g_strdup ("0190d3a0-0000-7000-8000-00000000abcd");
  voisins_member_set_id (m, id);
  voisins_member_set_association_id (m, assoc);
  voisins_member_set_first_name (m, "Lucie");
  voisins_member_set_last_name (m, "B.");
  voisins_member_set_languages (m, "fr");
  g_assert_true (voisins_store_put_member (f->dw.store, m, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dw.window), "win.view", "s",
                                             "members"));
  page = vt_child (f->dw.window, VOISINS_TYPE_WINDOW, "members_page");
  voisins_members_page_select_member (VOISINS_MEMBERS_PAGE (page), id);
  vt_spin (800);
  detail = vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "detail");
  vt_save_png (GTK_WIDGET (f->dw.window), "member-detail-volunteer.png");
  {
    GtkWidget *groups = vt_child (detail, VOISINS_TYPE_MEMBER_DETAIL, "groups_box");
    GtkWidget *contact = gtk_widget_get_first_child (groups);
    g_autoptr(GString) all = g_string_new (NULL);
    GtkWidget *w = contact;

    /* Every subtitle of the record, joined. */
    while (w != NULL)
      {
        GtkWidget *next = gtk_widget_get_first_child (w);

        if (ADW_IS_ACTION_ROW (w) && adw_action_row_get_subtitle (ADW_ACTION_ROW (w)))
          g_string_append_printf (all, "%s|", adw_action_row_get_subtitle (ADW_ACTION_ROW (w)));
        if (next == NULL)
          {
            while (w != NULL && w != groups && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            if (w == NULL || w == groups)
              break;
            next = gtk_widget_get_next_sibling (w);
          }
        w = next;
      }
    g_assert_nonnull (strstr (all->str, "Visible to coordinators"));
    g_assert_null (strstr (all->str, "Not given|Not given"));
  }

  /* Edit: only what the server lets a volunteer change is open to her. */
  {
    static const char * const writable[] = { "first_name", "languages", "contact_channel",
                                             "no_internet", NULL };
    VoisinsMemberEditor *editor;
    g_autoptr(VoisinsMember) after = NULL;

    g_assert_true (voisins_store_set_member_writable_fields (f->dw.store, assoc, writable, &error));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dw.window), "win.edit-member", "s",
                                               id));
    g_assert_true (vt_wait_until (editor_open, f->dw.window, 5000));
    editor = VOISINS_MEMBER_EDITOR (voisins_window_get_member_editor (f->dw.window));
    vt_spin (300);
    g_assert_false (gtk_widget_get_sensitive (child (editor, "phone_row")));
    g_assert_false (gtk_widget_get_sensitive (child (editor, "address_row")));
    g_assert_false (gtk_widget_get_sensitive (child (editor, "consent_group")));
    g_assert_nonnull (strstr (adw_preferences_row_get_title (
                                ADW_PREFERENCES_ROW (child (editor, "phone_row"))),
                              "visible to coordinators"));
    g_assert_true (gtk_widget_get_sensitive (child (editor, "languages_row")));
    vt_save_png (GTK_WIDGET (editor), "member-editor-volunteer.png");
    set_text (editor, "languages_row", "fr, PT");
    g_assert_true (voisins_member_editor_save (editor));
    g_assert_true (vt_wait_until (editor_closed, f->dw.window, 5000));
    after = voisins_store_get_member (f->dw.store, id, &error);
    g_assert_cmpstr (voisins_member_get_languages (after), ==, "fr,pt");
    g_assert_cmpstr (voisins_member_get_last_name (after), ==, "B.");
    g_assert_null (voisins_member_get_phone (after));
  }
}

static gboolean
count_is (gpointer data)
{
  VoisinsMembersPage *page = data;
  GtkWidget *label = vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "count_label");

  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), "31 neighbours") == 0;
}

/* A sync that brings a neighbour: the list says so at once (it said "0" until a restart). */
static void
test_list_after_sync (Fixture       *f,
                      gconstpointer  data)
{
  const char *assoc = voisins_association_get_id (f->dw.association);
  GtkWidget *page = vt_child (f->dw.window, VOISINS_TYPE_WINDOW, "members_page");
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *label;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dw.window), "win.view", "s",
                                             "members"));
  label = vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "count_label");
  vt_spin (800);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "30 neighbours");
  {
    g_autoptr(GPtrArray) members = voisins_store_list_members (f->dw.store, NULL, NULL, NULL);

    shown = g_strdup (voisins_member_get_first_name (members->pdata[5]));
    voisins_members_page_select_member (VOISINS_MEMBERS_PAGE (page),
                                        voisins_member_get_id (members->pdata[5]));
    vt_spin (500);
  }

  /* What a pull brings, applied as the sync client does. */
  json = g_strdup_printf ("{\"associations\":{\"%s\":{\"changes\":[{\"type\":\"member\","
                          "\"id\":\"0190d3a0-0000-7000-8000-0000000000ee\",\"version\":1,"
                          "\"server_seq\":900,\"data\":{\"association_id\":\"%s\","
                          "\"first_name\":\"Zoé\",\"last_name\":\"Zimmer\","
                          "\"verification\":\"unverified\"}}]}},"
                          "\"has_more\":false,\"last_mutation_seq\":0}", assoc, assoc);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (voisins_store_apply_pull (f->dw.store, json_node_get_object (node), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vt_wait_until (count_is, page, 5000));

  /* The record on screen stayed on screen. */
  {
    GtkWidget *detail = vt_child (page, VOISINS_TYPE_MEMBERS_PAGE, "detail");
    GtkWidget *name = vt_child (detail, VOISINS_TYPE_MEMBER_DETAIL, "name_label");

    vt_spin (300);
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (name)), shown));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (
                       GTK_STACK (vt_child (detail, VOISINS_TYPE_MEMBER_DETAIL, "stack"))),
                     ==, "member");
  }
}

static gboolean
post_editor_open (gpointer data)
{
  return voisins_window_get_editor (data) != NULL;
}

static const char *
chosen_id (GtkDropDown *dropdown)
{
  VoisinsMember *m = gtk_drop_down_get_selected_item (dropdown);

  return m ? voisins_member_get_id (m) : NULL;
}

static gboolean
chosen_is (gpointer data)
{
  GtkDropDown *dropdown = data;
  const char *want = g_object_get_data (G_OBJECT (dropdown), "test-want");
  VoisinsMember *m = gtk_drop_down_get_selected_item (dropdown);

  return m != NULL && g_strcmp0 (voisins_member_get_first_name (m), want) == 0;
}

/* "New post" from a record chooses her; "Add a neighbour…" beside "for whom" records one
 * and chooses her at once. */
static void
test_for_whom (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) members = voisins_store_list_members (f->dw.store, NULL, NULL, NULL);
  const char *id = voisins_member_get_id (members->pdata[3]);
  GtkWindow *post_editor;
  GtkWidget *dropdown;
  GtkWidget *button;
  VoisinsMemberEditor *editor;

  vt_spin (500);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dw.window), "win.new-post-for", "s",
                                             id));
  g_assert_true (vt_wait_until (post_editor_open, f->dw.window, 5000));
  post_editor = voisins_window_get_editor (f->dw.window);
  dropdown = vt_child (post_editor, VOISINS_TYPE_POST_EDITOR, "member_dropdown");
  vt_spin (300);
  g_assert_cmpstr (chosen_id (GTK_DROP_DOWN (dropdown)), ==, id);

  button = gtk_widget_get_next_sibling (dropdown);
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (vt_wait_until (editor_open, f->dw.window, 5000));
  editor = VOISINS_MEMBER_EDITOR (voisins_window_get_member_editor (f->dw.window));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == post_editor);
  set_text (editor, "first_name_row", "Odette");
  set_text (editor, "last_name_row", "Lenoir");
  set_text (editor, "address_row", "20 rue Traversière");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (editor, "consent_posts")), TRUE);
  g_assert_true (voisins_member_editor_save (editor));
  g_assert_true (vt_wait_until (editor_closed, f->dw.window, 5000));

  g_object_set_data (G_OBJECT (dropdown), "test-want", (gpointer) "Odette");
  g_assert_true (vt_wait_until (chosen_is, dropdown, 5000));
  gtk_window_destroy (post_editor);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add ("/member-editor/add-neighbour", Fixture, NULL, fixture_setup, test_add_neighbour,
              fixture_teardown);
  g_test_add ("/member-editor/volunteer-view", Fixture, NULL, fixture_setup, test_volunteer_view,
              fixture_teardown);
  g_test_add ("/member-editor/for-whom", Fixture, NULL, fixture_setup, test_for_whom,
              fixture_teardown);
  g_test_add ("/member-editor/list-after-sync", Fixture, NULL, fixture_setup,
              test_list_after_sync, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
