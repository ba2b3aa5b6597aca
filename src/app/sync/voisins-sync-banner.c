/* voisins-sync-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-sync-ui"

#include <glib/gi18n.h>

#include "voisins-sync-banner.h"

struct _VoisinsSyncBanner
{
  GtkWidget           parent_instance;

  VoisinsSyncManager *manager;
  GSignalGroup       *manager_signals;
  GtkRevealer        *revealer;
  gboolean            dismissed;
};

G_DEFINE_FINAL_TYPE (VoisinsSyncBanner, voisins_sync_banner, GTK_TYPE_WIDGET)

static void
update (VoisinsSyncBanner *self)
{
  gboolean reveal = self->manager != NULL &&
                    voisins_sync_manager_get_memory_only (self->manager) &&
                    !self->dismissed;

  /* Shown again at the next login that cannot be remembered. */
  if (self->manager != NULL && !voisins_sync_manager_get_memory_only (self->manager))
    self->dismissed = FALSE;

  gtk_revealer_set_reveal_child (self->revealer, reveal);
  gtk_widget_set_visible (GTK_WIDGET (self), reveal);
}

static void
on_response (VoisinsSyncBanner *self,
             int                response)
{
  self->dismissed = TRUE;
  update (self);
}

static void
voisins_sync_banner_dispose (GObject *object)
{
  VoisinsSyncBanner *self = (VoisinsSyncBanner *) object;
  GtkWidget *child;

  g_clear_object (&self->manager_signals);
  g_clear_object (&self->manager);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (voisins_sync_banner_parent_class)->dispose (object);
}

static void
voisins_sync_banner_class_init (VoisinsSyncBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_sync_banner_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
voisins_sync_banner_init (VoisinsSyncBanner *self)
{
  GtkWidget *info_bar = gtk_info_bar_new ();
  GtkWidget *label;

  label = gtk_label_new (_("Your login cannot be remembered on this computer: you will be "
                           "asked again next time"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);

  gtk_info_bar_set_message_type (GTK_INFO_BAR (info_bar), GTK_MESSAGE_WARNING);
  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (info_bar), TRUE);
  gtk_info_bar_add_child (GTK_INFO_BAR (info_bar), label);
  g_signal_connect_swapped (info_bar, "response", G_CALLBACK (on_response), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (info_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Login not remembered"),
                                  -1);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->revealer, info_bar);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  self->manager_signals = g_signal_group_new (VOISINS_TYPE_SYNC_MANAGER);
  g_signal_group_connect_swapped (self->manager_signals, "notify::memory-only",
                                  G_CALLBACK (update), self);
  update (self);
}

void
voisins_sync_banner_set_manager (VoisinsSyncBanner  *self,
                                 VoisinsSyncManager *manager)
{
  g_return_if_fail (VOISINS_IS_SYNC_BANNER (self));
  g_return_if_fail (manager == NULL || VOISINS_IS_SYNC_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;

  g_signal_group_set_target (self->manager_signals, manager);
  update (self);
}

gboolean
voisins_sync_banner_get_revealed (VoisinsSyncBanner *self)
{
  g_return_val_if_fail (VOISINS_IS_SYNC_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}
