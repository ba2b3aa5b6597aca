/* fault-proxy.h: a loopback HTTP proxy that loses, delays or spoils answers on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FAULT_NONE,          /* pass the request and the answer through */
  FAULT_DROP_REPLY,    /* pass the request; the server applies it; the answer is lost */
  FAULT_REFUSE,        /* close the connection at once, sending nothing */
  FAULT_STALL,         /* never answer */
  FAULT_500,           /* an HTTP 500 with an HTML page */
  FAULT_GARBAGE,       /* 200 with a body that is not JSON */
  FAULT_TRUNCATED,     /* the server's real answer, cut in the middle */
  FAULT_503,           /* 503 with Retry-After: 7 */
} FaultMode;

typedef struct _FaultProxy FaultProxy;

FaultProxy *fault_proxy_new        (int          upstream_port);
const char *fault_proxy_get_url    (FaultProxy  *proxy);
/* The next @count requests get @mode, then everything passes again. */
void        fault_proxy_set_fault  (FaultProxy  *proxy,
                                    FaultMode    mode,
                                    guint        count);
/* The next @pass requests go through, then @count get @mode. */
void        fault_proxy_set_fault_after (FaultProxy *proxy,
                                         guint       pass,
                                         FaultMode   mode,
                                         guint       count);
/* Each request gets a random fault with probability @percent (seeded). */
void        fault_proxy_set_random (FaultProxy  *proxy,
                                    guint        percent,
                                    guint32      seed);
/* Requests seen so far. */
guint       fault_proxy_get_count  (FaultProxy  *proxy);
void        fault_proxy_free       (FaultProxy  *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultProxy, fault_proxy_free)

G_END_DECLS
