/* SPDX-License-Identifier: MIT */
/*
 * Private to the zone-table checker: the state of one check and the range
 * arithmetic shared by config.c (the table, names, pairs of zones and
 * overlaps), config_zone.c (one zone's CPUs, memory, devices, images) and
 * config_chan.c (channels).
 */
#ifndef ZV_CONFIG_CHECK_H
#define ZV_CONFIG_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <zv/types.h>

#include <zv/config.h>

typedef unsigned long long ull; /* for printing */

struct chk {
	const struct zv_config *c;
	const struct zv_board *b;
	struct config_out out;
	char names[ZV_MAX_ZONES][ZV_NAME_LEN]; /* printable zone names */
};

/* Report one error against zone index 'zone' (-1: the whole table). */
#define config_fail(k, zone, field, ...)                                                           \
	config_report(&(k)->out, (int)(zone) < 0 ? NULL : (k)->names[zone], field, __VA_ARGS__)

static inline u32 clamp(u32 n, u32 max)
{
	return n < max ? n : max;
}

static inline bool wraps(u64 base, u64 size)
{
	return size && base + size - 1 < base;
}

static inline u64 last(u64 base, u64 size)
{
	return base + size - 1;
}

/* Ranges that are empty or wrap never overlap: they are reported apart. */
static inline bool overlaps(u64 a, u64 as, u64 b, u64 bs)
{
	if (!as || !bs || wraps(a, as) || wraps(b, bs))
		return false;
	return a <= last(b, bs) && b <= last(a, as);
}

static inline bool inside(u64 base, u64 size, u64 rbase, u64 rsize)
{
	if (!size || wraps(base, size) || !rsize)
		return false;
	return base >= rbase && last(base, size) <= last(rbase, rsize);
}

static inline bool aligned(u64 v, u64 page)
{
	return (v & (page - 1)) == 0;
}

static inline const char *mem_name(u32 kind)
{
	return kind < ZV_MEM_KINDS ? config_mem_names[kind] : "memory";
}

/* The property and index ram[n] was written as ("flash[0]"). */
void config_region_field(const struct zv_zone_cfg *z, u32 n, char *buf, size_t size);

/* The checks of zone i on its own: console UART, CPUs, memory,
 * passthrough, interrupts and images. */
void config_check_zone(struct chk *k, u32 i);

#endif
