/* test-posts-full.c: the laptop's disk is full while a volunteer edits a post in the real
 * window. Saving says so in the editor ("The disk is full: nothing was saved…"), the editor
 * stays open with what was typed, the stored post is unchanged; once space is freed, the same
 * Save stores it. The process runs on a small tmpfs in a mount namespace of its own (a user
 * namespace, as unshare -rm does): a real full disk, as in test-store-full.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#define _GNU_SOURCE
#include <adwaita.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include "ui-helpers.h"
#include "voisins-post-detail.h"
#include "voisins-post-editor.h"
#include "voisins-posts-page.h"

#define DISK (48 * 1024 * 1024)

static VoisinsApplication *app;
static char               *disk; /* the tmpfs, or NULL when this machine allows no namespace */

static gboolean
write_file (const char *path, const char *text)
{
  int      fd = open (path, O_WRONLY);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (ssize_t) strlen (text);
  close (fd);
  return ok;
}

/* Before any thread exists: a user namespace of this process's own, with a mount namespace
 * where a tmpfs of DISK bytes is mounted on a new folder. */
static char *
small_disk (void)
{
  g_autofree char *uid_map = g_strdup_printf ("0 %d 1", (int) getuid ());
  g_autofree char *gid_map = g_strdup_printf ("0 %d 1", (int) getgid ());
  g_autofree char *size = g_strdup_printf ("size=%d", DISK);
  /* Not g_dir_make_tmp (): it would fix g_get_tmp_dir () before TMPDIR names the disk. */
  const char      *tmp = g_getenv ("TMPDIR") ? g_getenv ("TMPDIR") : "/tmp";
  g_autofree char *dir = g_build_filename (tmp, "voisins-full-ui-XXXXXX", NULL);

  if (g_mkdtemp (dir) == NULL || unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
    return NULL;
  write_file ("/proc/self/setgroups", "deny");
  if (!write_file ("/proc/self/uid_map", uid_map) || !write_file ("/proc/self/gid_map", gid_map))
    return NULL;
  if (mount ("voisins-test", dir, "tmpfs", 0, size) != 0)
    return NULL;
  return g_steal_pointer (&dir);
}

/* Writes zeros to @path until the disk refuses: every byte taken. */
static void
fill_disk (const char *path)
{
  g_autofree char *zeros = g_malloc0 (64 * 1024);
  int              fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  for (;;)
    {
      ssize_t n = write (fd, zeros, 64 * 1024);

      if (n < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
    }
  /* The last partial blocks too. */
  while (write (fd, zeros, 512) > 0)
    ;
  close (fd);
}

static gboolean
list_loaded (gpointer data)
{
  return !voisins_post_list_get_loading (data);
}

static gboolean
editor_closed (gpointer data)
{
  return voisins_window_get_editor (data) == NULL;
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = vt_child (data, VOISINS_TYPE_POST_EDITOR, "error_label");

  return gtk_widget_get_visible (label);
}

static char *
text_view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_disk_full (void)
{
  VtDemoWindow w;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(VoisinsPost) post = voisins_post_new ();
  g_autoptr(VoisinsPost) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char  *filler = NULL, *kept_body = NULL, *post_id = NULL;
  VoisinsPostsPage *page;
  VoisinsMember    *author;
  GtkWindow        *editor;
  GtkWidget        *title_row, *body_view, *error_label;
  guint             extra = 0;

  if (disk == NULL)
    {
      g_test_skip ("no user and mount namespaces here: no small disk to fill");
      return;
    }

  vt_demo_window_open (&w, app, 30, 40, 820);
  g_assert_true (g_str_has_prefix (w.dir, disk));
  page = VOISINS_POSTS_PAGE (vt_child (w.window, VOISINS_TYPE_WINDOW, "posts_page"));
  members = voisins_store_list_members (w.store, voisins_association_get_id (w.association), NULL,
                                        &error);
  g_assert_no_error (error);
  author = g_ptr_array_index (members, 0);
  voisins_post_set_association_id (post, voisins_association_get_id (w.association));
  voisins_post_set_author_id (post, voisins_member_get_id (author));
  voisins_post_set_title (post, "Prêt d'un appareil à raclette");
  voisins_post_set_latitude (post, voisins_member_get_approx_latitude (author));
  voisins_post_set_longitude (post, voisins_member_get_approx_longitude (author));
  g_assert_true (voisins_store_create_post (w.store, post, &error));
  g_assert_no_error (error);
  post_id = g_strdup (voisins_post_get_id (post));
  g_assert_true (vt_wait_until (list_loaded, voisins_posts_page_get_list (page), 10000));
  gtk_widget_activate_action (GTK_WIDGET (w.window), "win.view", "s", "posts");
  voisins_posts_page_select_post (page, post_id);
  vt_spin (200);

  /* The volunteer opens the post and writes a long description. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "posts.edit", NULL));
  editor = voisins_window_get_editor (w.window);
  g_assert_nonnull (editor);
  vt_spin (100);
  title_row = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "title_row");
  body_view = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "body_view");
  error_label = vt_child (editor, VOISINS_TYPE_POST_EDITOR, "error_label");
  for (guint k = 0; k < 30; k++)
    g_string_append_printf (body, "Appareil pour %u personnes, à rendre le lendemain. ", k + 4);
  gtk_editable_set_text (GTK_EDITABLE (title_row), "Prêt d'un appareil à raclette, 8 personnes");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (body_view)), body->str, -1);

  /* Meanwhile the disk fills up: a big download, say. Whatever slack SQLite's files still
   * had is used by posts written straight into the store until it refuses. */
  filler = g_build_filename (disk, "filler", NULL);
  fill_disk (filler);
  for (;; extra++)
    {
      g_autoptr(VoisinsPost) more = voisins_post_copy (post);

      voisins_post_set_id (more, NULL);
      voisins_post_set_body (more, body->str);
      if (!voisins_store_create_post (w.store, more, &error))
        break;
      g_assert_cmpuint (extra, <, 1000);
    }
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_FULL);
  g_clear_error (&error);

  /* Save: refused, said in the editor, which stays open with the text typed. */
  g_assert_true (voisins_post_editor_save (VOISINS_POST_EDITOR (editor)));
  g_assert_true (vt_wait_until (error_shown, editor, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   "The post could not be saved: The disk is full: nothing was saved. "
                   "Free some space and try again.");
  g_assert_true (voisins_window_get_editor (w.window) == editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row)), ==,
                   "Prêt d'un appareil à raclette, 8 personnes");
  kept_body = text_view_text (body_view);
  g_assert_cmpstr (kept_body, ==, body->str);
  g_assert_true (
      gtk_widget_get_sensitive (vt_child (editor, VOISINS_TYPE_POST_EDITOR, "save_button")));
  stored = voisins_store_get_post (w.store, post_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_post_get_title (stored), ==, "Prêt d'un appareil à raclette");
  g_clear_object (&stored);
  vt_spin (150);
  vt_save_png (GTK_WIDGET (editor), "posts-editor-disk-full.png");

  /* Space freed: the same Save stores it and closes the editor. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (voisins_post_editor_save (VOISINS_POST_EDITOR (editor)));
  g_assert_true (vt_wait_until (editor_closed, w.window, 5000));
  stored = voisins_store_get_post (w.store, post_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voisins_post_get_title (stored), ==,
                   "Prêt d'un appareil à raclette, 8 personnes");
  g_assert_cmpstr (voisins_post_get_body (stored), ==, g_strstrip (body->str));

  vt_demo_window_close (&w);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  int ret;

  /* Everything of the test (its isolated folders, the store) on the small disk. */
  disk = small_disk ();
  if (disk != NULL)
    g_setenv ("TMPDIR", disk, TRUE);
  app = vt_ui_init (&argc, &argv, &bus);

  g_test_add_func ("/posts-ui/disk-full", test_disk_full);

  ret = g_test_run ();
  g_clear_object (&app);
  vt_ui_bus_down (&bus);

  return ret;
}
