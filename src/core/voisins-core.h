/* voisins-core.h: everything the app, the server and the tests use from the core
 *
 * The demo generator is not part of it: its users include "voisins-demo.h" and link
 * voisins_demo_dep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-association.h"
#include "voisins-codec.h"
#include "voisins-consent.h"
#include "voisins-cursor.h"
#include "voisins-enums.h"
#include "voisins-geo.h"
#include "voisins-geojson.h"
#include "voisins-holiday.h"
#include "voisins-holiday-codec.h"
#include "voisins-ical.h"
#include "voisins-json.h"
#include "voisins-member.h"
#include "voisins-post.h"
#include "voisins-post-list.h"
#include "voisins-store.h"
#include "voisins-sync-addresses.h"
#include "voisins-sync-client.h"
#include "voisins-sync-feed.h"
#include "voisins-types.h"
#include "voisins-uuid.h"
