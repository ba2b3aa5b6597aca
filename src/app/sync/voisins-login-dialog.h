/* voisins-login-dialog.h: asks for the server, the user name and the password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "voisins-core.h"

G_BEGIN_DECLS

#define VOISINS_TYPE_LOGIN_DIALOG (voisins_login_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VoisinsLoginDialog, voisins_login_dialog, VOISINS, LOGIN_DIALOG, AdwWindow)

/* Logs in through @client; emits "logged-in" (the token) and closes on success. */
VoisinsLoginDialog *voisins_login_dialog_new    (GtkWindow          *parent,
                                                 VoisinsSyncClient  *client,
                                                 const char         *server_url,
                                                 const char         *username);
/* Fills in the form and presses "Log In" (the demo password, tests). */
void                voisins_login_dialog_submit (VoisinsLoginDialog *self,
                                                 const char         *password);

G_END_DECLS
