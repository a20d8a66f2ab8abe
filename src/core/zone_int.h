/* SPDX-License-Identifier: MIT */
/* Zone internals shared by zone.c and zone_load.c. */
#ifndef ZV_ZONE_INT_H
#define ZV_ZONE_INT_H

#include <zv/zone.h>

/* Scrub the zone's RAM and, with 'images', copy its configured images in;
 * then push it all out of the caches (zone_sync_memory). */
void zone_load_memory(const struct zone *z, bool images);
/* Push the zone's RAM out of the hypervisor's caches and out of every
 * instruction cache: the zone starts with its caches and MMU off. */
void zone_sync_memory(const struct zone *z);

#endif
