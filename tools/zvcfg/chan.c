/* SPDX-License-Identifier: MIT */
/*
 * zvcfg: the /channels node of a zone description (docs/channels.md).
 *
 *	channels {
 *		ping {				// the channel's name
 *			id = <1>;		// what HC_CHAN_RING names it by
 *			region = <0x0 0x8b000000  0x0 0x10000>; // host base, size
 *			bare-a {		// a member: a zone's name
 *				address = <0x0 0x8c000000>; // guest base here
 *				rights = "rw";	// or "ro"
 *				doorbell = <40>; // interrupt in this zone
 *			};
 *			bare-b { ... };
 *		};
 *	};
 *
 * The parser fills zv_config.channels[]; placement, rights and doorbells
 * are checked by config_check_channels() like every table field.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include <zv/config.h>

#include "zvcfg.h"

struct cctx {
	struct tool *t;
	const void *fdt;
	const char *name; /* channel, for messages */
	char field[64];
};

static const char *cfield(struct cctx *c, const char *prop)
{
	snprintf(c->field, sizeof(c->field), "channel %s: %s", c->name, prop);
	return c->field;
}

/* A property of 'len' bytes that must be one value of 'bytes' bytes. */
static bool need_len(struct cctx *c, const char *zone, const char *prop, int len, int bytes)
{
	if (len == bytes)
		return true;
	tool_error(c->t, zone, cfield(c, prop), "expected %s, got %d bytes",
		   bytes == 4	? "one 32-bit cell"
		   : bytes == 8 ? "one 64-bit value (2 cells)"
				: "(base, size) of 64-bit values",
		   len);
	return false;
}

static int zone_by_name(const struct tool *t, const char *name)
{
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		if (!strncmp(t->cfg.zones[i].name, name, ZV_NAME_LEN))
			return (int)i;
	return -1;
}

static void parse_rights(struct cctx *c, const char *zone, const char *d, int len,
			 struct zv_chan_member *m)
{
	if (len == 3 && !strcmp(d, "rw"))
		m->rights = ZV_CHAN_RW;
	else if (len == 3 && !strcmp(d, "ro"))
		m->rights = ZV_CHAN_RO;
	else
		tool_error(c->t, zone, cfield(c, "rights"), "expected \"rw\" or \"ro\"");
}

static void parse_member(struct cctx *c, int node, struct zv_chan_cfg *ch)
{
	const char *zone = fdt_get_name(c->fdt, node, NULL), *prop;
	struct zv_chan_member *m;
	static const char *const names[3] = {"address", "rights", "doorbell"};
	bool seen[3] = {false};
	const uint8_t *d;
	int zi = zone_by_name(c->t, zone), po, len;

	if (zi < 0) {
		tool_error(c->t, NULL, cfield(c, zone), "member names no zone");
		return;
	}
	if (ch->nr_members == ZV_MAX_CHAN_MEMBERS) {
		tool_error(c->t, zone, cfield(c, "members"), "more than %u members",
			   ZV_MAX_CHAN_MEMBERS);
		return;
	}
	m = &ch->members[ch->nr_members++];
	m->zone = (uint32_t)zi;
	fdt_for_each_property_offset(po, c->fdt, node)
	{
		d = fdt_getprop_by_offset(c->fdt, po, &prop, &len);
		if (!strcmp(prop, "address")) {
			if ((seen[0] = need_len(c, zone, prop, len, 8)))
				m->gpa = fdt64_ld((const fdt64_t *)d);
		} else if (!strcmp(prop, "rights")) {
			seen[1] = true;
			parse_rights(c, zone, (const char *)d, len, m);
		} else if (!strcmp(prop, "doorbell")) {
			if ((seen[2] = need_len(c, zone, prop, len, 4)))
				m->doorbell = fdt32_ld((const fdt32_t *)d);
		} else {
			tool_error(c->t, zone, cfield(c, prop), "unknown property");
		}
	}
	for (int p = 0; p < 3; p++)
		if (!seen[p])
			tool_error(c->t, zone, cfield(c, names[p]), "missing mandatory property");
}

static void parse_channel(struct tool *t, const void *fdt, int node, struct zv_chan_cfg *ch)
{
	struct cctx c = {.t = t, .fdt = fdt, .name = fdt_get_name(fdt, node, NULL)};
	bool id = false, region = false;
	const uint8_t *d;
	const char *prop;
	int po, len, sub;

	if (strlen(c.name) >= ZV_NAME_LEN)
		tool_error(t, NULL, cfield(&c, "name"), "longer than %u characters",
			   ZV_NAME_LEN - 1);
	snprintf(ch->name, ZV_NAME_LEN, "%s", c.name);
	fdt_for_each_property_offset(po, fdt, node)
	{
		d = fdt_getprop_by_offset(fdt, po, &prop, &len);
		if (!strcmp(prop, "id")) {
			if ((id = need_len(&c, NULL, prop, len, 4)))
				ch->id = fdt32_ld((const fdt32_t *)d);
		} else if (!strcmp(prop, "region")) {
			if ((region = need_len(&c, NULL, prop, len, 16))) {
				ch->hpa = fdt64_ld((const fdt64_t *)d);
				ch->size = fdt64_ld((const fdt64_t *)(d + 8));
			}
		} else {
			tool_error(t, NULL, cfield(&c, prop), "unknown property");
		}
	}
	if (!id)
		tool_error(t, NULL, cfield(&c, "id"), "missing mandatory property");
	if (!region)
		tool_error(t, NULL, cfield(&c, "region"), "missing mandatory property");
	fdt_for_each_subnode(sub, fdt, node) parse_member(&c, sub, ch);
}

void parse_channels(struct tool *t, const void *fdt)
{
	int node = fdt_subnode_offset(fdt, 0, "channels"), sub, po;
	const char *prop;

	if (node < 0)
		return;
	fdt_for_each_property_offset(po, fdt, node)
	{
		fdt_getprop_by_offset(fdt, po, &prop, NULL);
		tool_error(t, NULL, prop, "unknown property in /channels");
	}
	fdt_for_each_subnode(sub, fdt, node)
	{
		if (t->cfg.nr_channels == ZV_MAX_CHANNELS) {
			tool_error(t, NULL, "channels", "more than %u channels", ZV_MAX_CHANNELS);
			return;
		}
		parse_channel(t, fdt, sub, &t->cfg.channels[t->cfg.nr_channels++]);
	}
}
