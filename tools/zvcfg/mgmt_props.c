/* SPDX-License-Identifier: MIT */
/*
 * zvcfg: the management properties of a zone (docs/management.md):
 *   root;                        this zone manages others at run time
 *   manages = "bare", "rtos";    the zones it manages (root only)
 *   boot-stopped;                stay stopped at boot until the root starts it
 * Zone names in 'manages' are resolved once every zone is parsed; the rules
 * between zones are src/core/config_mgmt.c's, run again at boot.
 */
#include <string.h>

#include "zvcfg.h"

static void flag_prop(struct tool *t, unsigned idx, const char *zone, const char *prop, int len,
		      uint32_t flag)
{
	if (len != 0) {
		tool_error(t, zone, prop, "takes no value (write '%s;')", prop);
		return;
	}
	t->cfg.zones[idx].flags |= flag;
}

void mgmt_parse_prop(struct tool *t, unsigned idx, const char *zone, const char *prop,
		     const uint8_t *d, int len)
{
	if (!strcmp(prop, "root")) {
		flag_prop(t, idx, zone, prop, len, ZV_ZONE_ROOT);
	} else if (!strcmp(prop, "boot-stopped")) {
		flag_prop(t, idx, zone, prop, len, ZV_ZONE_BOOT_STOPPED);
	} else if (len <= 0 || d[len - 1]) {
		tool_error(t, zone, prop, "expected a list of zone names");
	} else {
		t->manages[idx] = (const char *)d;
		t->manages_len[idx] = len;
	}
}

static int zone_index(const struct tool *t, const char *name)
{
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		if (!strncmp(t->cfg.zones[i].name, name, ZV_NAME_LEN))
			return (int)i;
	return -1;
}

/* Turn each zone's 'manages' names into its bit mask of zone indices. */
void mgmt_resolve(struct tool *t)
{
	for (unsigned i = 0; i < t->cfg.nr_zones; i++) {
		const char *s = t->manages[i], *end;
		struct zv_zone_cfg *z = &t->cfg.zones[i];
		int m;

		if (!s)
			continue;
		for (end = s + t->manages_len[i]; s < end; s += strlen(s) + 1) {
			if ((m = zone_index(t, s)) < 0)
				tool_error(t, z->name, "manages", "no zone named '%s'", s);
			else if (z->manages & (1u << m))
				tool_error(t, z->name, "manages", "zone '%s' listed twice", s);
			else
				z->manages |= 1u << m;
		}
	}
}
