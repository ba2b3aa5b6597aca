/* voisins-member-report.h: a member's data report (an access request), as JSON and PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes the server's report (docs/api.md) as it came to @json_path, and readable, page
 * after page, to @pdf_path (either may be NULL). */
gboolean voisins_member_report_write (JsonObject *report,
                                      const char *json_path,
                                      const char *pdf_path,
                                      GError    **error);

G_END_DECLS
