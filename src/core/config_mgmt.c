/* SPDX-License-Identifier: MIT */
/*
 * Zone table checks of the management fields: the root zone, the zones it
 * manages and the zones that stay stopped at boot (docs/management.md).
 * Shared by the host tool and the hypervisor, like config.c.
 */
#include <stdbool.h>
#include <stddef.h>
#include <zv/types.h>

#include <zv/config.h>
#include <zv/lib.h>

struct mchk {
	const struct zv_config *c;
	struct config_out out;
	char name[ZV_NAME_LEN + 4]; /* mgmt_name()'s, for the error at hand */
};

/* A zone's name for messages: "#i" when the table's is unusable. */
static const char *mgmt_name(const struct zv_config *c, u32 i, char *buf, size_t size)
{
	const char *name = c->zones[i].name;
	size_t n = 0;

	while (n < ZV_NAME_LEN && name[n])
		n++;
	if (n == 0 || n == ZV_NAME_LEN)
		snprintf(buf, size, "#%u", i);
	else
		snprintf(buf, size, "%s", name);
	return buf;
}

#define mfail(k, zone, field, ...)                                                                 \
	config_report(&(k)->out, mgmt_name((k)->c, zone, (k)->name, sizeof((k)->name)), field,     \
		      __VA_ARGS__)

static void check_manages(struct mchk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	u32 known = (1u << k->c->nr_zones) - 1;

	if (!(z->flags & ZV_ZONE_ROOT)) {
		if (z->manages)
			mfail(k, i, "manages", "only the root zone manages zones (add 'root;')");
		return;
	}
	if (z->manages & ~known)
		mfail(k, i, "manages", "names zone index 0x%x, beyond the %u zones",
		      z->manages & ~known, k->c->nr_zones);
	if (z->manages & (1u << i))
		mfail(k, i, "manages", "the root zone cannot manage itself");
	if (z->flags & ZV_ZONE_BOOT_STOPPED)
		mfail(k, i, "boot-stopped", "the root zone must start at boot");
}

/* The index of the root zone, or -1; a second root is an error. */
static int find_root(struct mchk *k)
{
	char name[ZV_NAME_LEN + 4];
	int root = -1;

	for (u32 i = 0; i < k->c->nr_zones; i++) {
		if (!(k->c->zones[i].flags & ZV_ZONE_ROOT))
			continue;
		if (root >= 0)
			mfail(k, i, "root", "zone '%s' is the root already: one root at most",
			      mgmt_name(k->c, (u32)root, name, sizeof(name)));
		else
			root = (int)i;
	}
	return root;
}

int config_check_mgmt(const struct zv_config *c, config_report_fn report, void *ctx)
{
	struct mchk k = {.c = c, .out = {.report = report, .ctx = ctx}};
	u32 managed = 0;
	int root;

	if (c->nr_zones < 1 || c->nr_zones > ZV_MAX_ZONES)
		return 0; /* reported by config_check() */
	root = find_root(&k);
	if (root >= 0)
		managed = c->zones[root].manages;
	for (u32 i = 0; i < c->nr_zones; i++) {
		check_manages(&k, i);
		if ((c->zones[i].flags & ZV_ZONE_BOOT_STOPPED) && (int)i != root &&
		    !(managed & (1u << i)))
			mfail(&k, i, "boot-stopped",
			      "no root zone manages it: it would never start");
	}
	return k.out.errors;
}
