/* test-store-full.c: the laptop's disk fills up while a volunteer records posts. The post
 * that does not fit is refused with "The disk is full: nothing was saved", nothing of it is
 * half-written (its row, its outbox entry, its search entry), the earlier ones are all there,
 * and once space is freed the same post saves. The store lives on a small tmpfs in a mount
 * namespace of this process (a user namespace, as unshare -rm does): a real full disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-test"

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "voisins-core.h"

#define ASSOC_ID  "01900000-0000-7000-8000-000000000001"
#define MEMBER_ID "01900000-0000-7000-8000-000000000002"
#define DISK      (4 * 1024 * 1024)

static char *disk; /* the tmpfs, or NULL when this machine allows no namespace */

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

/* Before any thread exists: this process becomes root of a user namespace of its own, with a
 * mount namespace where a tmpfs of DISK bytes is mounted on a new folder. */
static char *
small_disk (void)
{
  g_autofree char *uid_map = g_strdup_printf ("0 %d 1", (int) getuid ());
  g_autofree char *gid_map = g_strdup_printf ("0 %d 1", (int) getgid ());
  g_autofree char *size = g_strdup_printf ("size=%d", DISK);
  g_autofree char *dir = g_dir_make_tmp ("voisins-full-XXXXXX", NULL);

  if (dir == NULL || unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
    return NULL;
  write_file ("/proc/self/setgroups", "deny");
  if (!write_file ("/proc/self/uid_map", uid_map) || !write_file ("/proc/self/gid_map", gid_map))
    return NULL;
  if (mount ("voisins-test", dir, "tmpfs", 0, size) != 0)
    return NULL;
  return g_steal_pointer (&dir);
}

static VoisinsPost *
make_post (guint i)
{
  VoisinsPost     *post = voisins_post_new ();
  g_autofree char *title = g_strdup_printf ("Courses pour le voisin du %u", i);
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint k = 0; k < 20; k++)
    g_string_append_printf (body, "Mardi matin, %u sacs, 5e sans ascenseur ; ", i + k);
  voisins_post_set_association_id (post, ASSOC_ID);
  voisins_post_set_author_id (post, MEMBER_ID);
  voisins_post_set_title (post, title);
  voisins_post_set_body (post, body->str);
  voisins_post_set_latitude (post, 48.846);
  voisins_post_set_longitude (post, 2.372);
  return post;
}

static guint
count_posts (VoisinsStore *store, const char *search)
{
  VoisinsPostQuery q = VOISINS_POST_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  guint n;

  q.search = search;
  n = voisins_store_count_posts (store, &q, &error);
  g_assert_no_error (error);
  return n;
}

static guint
count_outbox (VoisinsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = voisins_store_peek_outbox (store, 100000, G_MAXSIZE, &error);

  g_assert_no_error (error);
  return entries->len;
}

static void
test_disk_full (void)
{
  g_autofree char *path = NULL, *filler = NULL;
  g_autoptr(VoisinsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VoisinsPost) refused = NULL;
  struct statvfs fs;
  guint          saved = 0;

  if (disk == NULL)
    {
      g_test_skip ("no user and mount namespaces here: no small disk to fill");
      return;
    }
  path = g_build_filename (disk, "voisins.db", NULL);
  store = voisins_store_open (path, &error);
  g_assert_no_error (error);

  /* All but 1 MiB of the disk taken by a file, freed later. */
  g_assert_cmpint (statvfs (disk, &fs), ==, 0);
  filler = g_build_filename (disk, "filler", NULL);
  {
    gsize            len = (gsize) fs.f_bavail * fs.f_bsize - 1024 * 1024;
    g_autofree char *zeros = g_malloc0 (len);

    g_file_set_contents (filler, zeros, len, &error);
    g_assert_no_error (error);
  }

  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(VoisinsPost) post = make_post (i);

      if (!voisins_store_create_post (store, post, &error))
        {
          refused = g_steal_pointer (&post);
          break;
        }
      saved++;
    }
  g_assert_nonnull (refused);
  g_test_message ("the disk was full after %u posts", saved);
  g_assert_cmpuint (saved, >, 10);
  g_assert_error (error, VOISINS_STORE_ERROR, VOISINS_STORE_ERROR_FULL);
  g_assert_cmpstr (error->message, ==,
                   "The disk is full: nothing was saved. Free some space and try again.");
  g_clear_error (&error);

  /* Nothing of the refused post, all of the others: rows, outbox, search. */
  g_assert_cmpuint (count_posts (store, NULL), ==, saved);
  g_assert_cmpuint (count_outbox (store), ==, saved);
  g_assert_cmpuint (count_posts (store, "ascenseur"), ==, saved);

  /* Space freed: the same post saves, once. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (voisins_store_create_post (store, refused, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_posts (store, NULL), ==, saved + 1);
  g_assert_cmpuint (count_outbox (store), ==, saved + 1);

  /* And the file opens again whole. */
  g_clear_object (&store);
  store = voisins_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_posts (store, NULL), ==, saved + 1);
  g_assert_cmpuint (count_outbox (store), ==, saved + 1);
}

int
main (int argc, char *argv[])
{
  disk = small_disk ();
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/disk-full", test_disk_full);

  {
    int status = g_test_run ();

    if (disk != NULL && umount (disk) == 0)
      g_rmdir (disk);
    return status;
  }
}
