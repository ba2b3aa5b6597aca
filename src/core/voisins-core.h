/* voisins-core.h: everything the app, the server and the tests use from the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "voisins-association.h"
#include "voisins-codec.h"
#include "voisins-demo.h"
#include "voisins-enums.h"
#include "voisins-geo.h"
#include "voisins-holiday.h"
#include "voisins-member.h"
#include "voisins-post.h"
#include "voisins-post-list.h"
#include "voisins-store.h"
#include "voisins-sync-client.h"
#include "voisins-types.h"
#include "voisins-uuid.h"
