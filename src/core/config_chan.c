/* SPDX-License-Identifier: MIT */
/*
 * Channel checks of the zone table (docs/channels.md), shared by the host
 * tool and the hypervisor like config.c. A channel's region is host RAM of
 * no zone's own: it is placed like a zone's RAM (inside the board's RAM,
 * clear of the hypervisor, of every zone's memory and of other channels).
 * Each member maps it at a guest range free in that zone, with rights rw
 * or ro, and gets a doorbell interrupt nothing else in the zone uses.
 * Errors against one member name its zone; the field is
 * "channel <name>: <property>".
 */
#include <zv/lib.h>

#include "config_check.h"

struct cchk {
	const struct zv_config *c;
	const struct zv_board *b;
	const char (*names)[ZV_NAME_LEN];
	struct config_out out;
	char cname[ZV_NAME_LEN]; /* printable name of the channel checked */
	char field[48];		 /* "channel <name>: <property>" */
};

static const char *chan_field(struct cchk *k, const char *prop)
{
	snprintf(k->field, sizeof(k->field), "channel %s: %s", k->cname, prop);
	return k->field;
}

/* One error against the channel's property 'prop', in zone index 'zone'
 * (-1: the channel as a whole). */
#define cfail(k, zone, prop, ...)                                                                  \
	config_report(&(k)->out, (zone) < 0 ? NULL : (k)->names[zone], chan_field(k, prop),        \
		      __VA_ARGS__)

static size_t c_strlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* A member's zone index when it names a zone of the table, else -1. */
static int member_zone(const struct cchk *k, const struct zv_chan_member *m)
{
	return m->zone < k->c->nr_zones ? (int)m->zone : -1;
}

static void set_cname(struct cchk *k, u32 ch)
{
	const char *name = k->c->channels[ch].name;
	size_t len = c_strlen(name, ZV_NAME_LEN);

	if (len == 0 || len == ZV_NAME_LEN)
		snprintf(k->cname, sizeof(k->cname), "#%u", ch);
	else
		memcpy(k->cname, name, len + 1);
}

static void check_names(struct cchk *k, u32 ch)
{
	const struct zv_chan_cfg *c = &k->c->channels[ch];
	size_t len = c_strlen(c->name, ZV_NAME_LEN);

	if (len == 0)
		cfail(k, -1, "name", "empty channel name");
	else if (len == ZV_NAME_LEN)
		cfail(k, -1, "name", "longer than %u characters", ZV_NAME_LEN - 1);
	for (u32 o = 0; o < ch; o++) {
		const struct zv_chan_cfg *a = &k->c->channels[o];

		if (len && strncmp(a->name, c->name, ZV_NAME_LEN) == 0)
			cfail(k, -1, "name", "channel name used twice");
		if (a->id == c->id)
			cfail(k, -1, "id", "id %u already used by channel '%.*s'", c->id,
			      ZV_NAME_LEN - 1, a->name);
	}
}

/* The host region: like a zone's RAM, and of no zone or other channel. */
static void check_host(struct cchk *k, u32 ch)
{
	const struct zv_chan_cfg *c = &k->c->channels[ch];
	const struct zv_board *b = k->b;

	if (!c->size) {
		cfail(k, -1, "region", "zero size");
		return;
	}
	if (!aligned(c->hpa, b->page_size) || !aligned(c->size, b->page_size)) {
		cfail(k, -1, "region", "base or size not aligned to the page size 0x%llx",
		      (ull)b->page_size);
		return;
	}
	if (!inside(c->hpa, c->size, b->ram.base, b->ram.size)) {
		cfail(k, -1, "region",
		      "host range 0x%llx-0x%llx outside platform RAM (0x%llx-0x%llx)", (ull)c->hpa,
		      (ull)last(c->hpa, c->size), (ull)b->ram.base,
		      (ull)last(b->ram.base, b->ram.size));
		return;
	}
	if (overlaps(c->hpa, c->size, b->hv.base, b->hv.size))
		cfail(k, -1, "region",
		      "host range 0x%llx-0x%llx overlaps the hypervisor (0x%llx-0x%llx)",
		      (ull)c->hpa, (ull)last(c->hpa, c->size), (ull)b->hv.base,
		      (ull)last(b->hv.base, b->hv.size));
	for (u32 i = 0; i < k->c->nr_zones; i++) {
		const struct zv_zone_cfg *z = &k->c->zones[i];

		for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++)
			if (overlaps(c->hpa, c->size, z->ram[n].hpa, z->ram[n].size))
				cfail(k, -1, "region",
				      "host range 0x%llx-0x%llx overlaps the memory of zone '%s' "
				      "(0x%llx-0x%llx)",
				      (ull)c->hpa, (ull)last(c->hpa, c->size), k->names[i],
				      (ull)z->ram[n].hpa, (ull)last(z->ram[n].hpa, z->ram[n].size));
	}
	for (u32 o = 0; o < ch; o++) {
		const struct zv_chan_cfg *a = &k->c->channels[o];

		if (overlaps(c->hpa, c->size, a->hpa, a->size))
			cfail(k, -1, "region", "host range overlaps channel '%.*s' (0x%llx-0x%llx)",
			      ZV_NAME_LEN - 1, a->name, (ull)a->hpa, (ull)last(a->hpa, a->size));
	}
}

/* What of zone z's own the guest range [gpa, gpa+size) overlaps, or NULL. */
static const char *guest_clash(const struct cchk *k, const struct zv_zone_cfg *z, u64 gpa, u64 size)
{
	const struct zv_board *b = k->b;

	for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++)
		if (overlaps(gpa, size, z->ram[n].gpa, z->ram[n].size))
			return "the zone's memory";
	for (u32 n = 0; n < clamp(z->nr_passthru, ZV_MAX_PASSTHRU); n++)
		if (overlaps(gpa, size, z->passthru[n].gpa, z->passthru[n].size))
			return "a passthrough device";
	if ((z->devices & ZV_DEV_UARTS) && overlaps(gpa, size, b->uart_gpa, b->uart_size))
		return "the emulated uart";
	if ((z->devices & ZV_DEV_TESTDEV) && overlaps(gpa, size, b->testdev_gpa, b->testdev_size))
		return "the emulated testdev";
	for (size_t w = 0; w < sizeof(b->emulated) / sizeof(b->emulated[0]); w++)
		if (b->emulated[w].name &&
		    overlaps(gpa, size, b->emulated[w].base, b->emulated[w].size))
			return b->emulated[w].name;
	return NULL;
}

/* Member m of channel ch as zone 'zi' sees it: its guest range. */
static void check_member_gpa(struct cchk *k, u32 ch, u32 m, int zi)
{
	const struct zv_chan_cfg *c = &k->c->channels[ch];
	const struct zv_chan_member *mb = &c->members[m];
	const struct zv_board *b = k->b;
	const char *what;

	if (!aligned(mb->gpa, b->page_size)) {
		cfail(k, zi, "address", "0x%llx not aligned to the page size 0x%llx", (ull)mb->gpa,
		      (ull)b->page_size);
		return;
	}
	if (!c->size || wraps(mb->gpa, c->size) || mb->gpa + c->size > 1ULL << b->gpa_bits) {
		cfail(k, zi, "address",
		      "guest range at 0x%llx (0x%llx bytes) beyond the platform's %u-bit "
		      "guest-physical space",
		      (ull)mb->gpa, (ull)c->size, b->gpa_bits);
		return;
	}
	if ((what = guest_clash(k, &k->c->zones[zi], mb->gpa, c->size)))
		cfail(k, zi, "address", "guest range 0x%llx-0x%llx overlaps %s", (ull)mb->gpa,
		      (ull)last(mb->gpa, c->size), what);
	for (u32 o = 0; o < ch; o++) {
		const struct zv_chan_cfg *a = &k->c->channels[o];

		for (u32 n = 0; n < clamp(a->nr_members, ZV_MAX_CHAN_MEMBERS); n++)
			if (a->members[n].zone == mb->zone &&
			    overlaps(mb->gpa, c->size, a->members[n].gpa, a->size))
				cfail(k, zi, "address", "guest range overlaps channel '%.*s' here",
				      ZV_NAME_LEN - 1, a->name);
	}
}

/* Why zone z may not take 'irq' as a doorbell, or NULL. */
static const char *doorbell_clash(const struct cchk *k, const struct zv_zone_cfg *z, u32 irq)
{
	const struct zv_board *b = k->b;
	u32 min = b->min_virq ? b->min_virq : 1;
	const char *why;

	if (irq < min || irq > b->max_irq)
		return "is out of range";
	if ((why = config_irq_taken(b, z, irq)))
		return why;
	for (u32 n = 0; n < clamp(z->nr_irqs, ZV_MAX_IRQS); n++)
		if (z->irqs[n] == irq)
			return "is a passthrough interrupt of the zone";
	return NULL;
}

static void check_member_doorbell(struct cchk *k, u32 ch, u32 m, int zi)
{
	const struct zv_chan_member *mb = &k->c->channels[ch].members[m];
	const char *why;

	if ((why = doorbell_clash(k, &k->c->zones[zi], mb->doorbell)))
		cfail(k, zi, "doorbell", "interrupt %u %s (platform range %u..%u)", mb->doorbell,
		      why, k->b->min_virq ? k->b->min_virq : 1, k->b->max_irq);
	for (u32 o = 0; o <= ch; o++) {
		const struct zv_chan_cfg *a = &k->c->channels[o];
		u32 nr = o == ch ? m : clamp(a->nr_members, ZV_MAX_CHAN_MEMBERS);

		for (u32 n = 0; n < nr; n++)
			if (a->members[n].zone == mb->zone &&
			    a->members[n].doorbell == mb->doorbell)
				cfail(k, zi, "doorbell",
				      "interrupt %u is already the doorbell of "
				      "channel '%.*s' here",
				      mb->doorbell, ZV_NAME_LEN - 1, a->name);
	}
}

static void check_members(struct cchk *k, u32 ch)
{
	const struct zv_chan_cfg *c = &k->c->channels[ch];

	if (c->nr_members < 2 || c->nr_members > ZV_MAX_CHAN_MEMBERS)
		cfail(k, -1, "members", "%u members, must be 2..%u", c->nr_members,
		      ZV_MAX_CHAN_MEMBERS);
	for (u32 m = 0; m < clamp(c->nr_members, ZV_MAX_CHAN_MEMBERS); m++) {
		const struct zv_chan_member *mb = &c->members[m];
		int zi = member_zone(k, mb);
		bool twice = false;

		if (zi < 0) {
			cfail(k, -1, "members", "member %u is zone index %u: no such zone", m,
			      mb->zone);
			continue;
		}
		for (u32 n = 0; n < m; n++)
			twice |= c->members[n].zone == mb->zone;
		if (twice) {
			cfail(k, zi, "members", "zone listed twice");
			continue;
		}
		if (mb->rights != ZV_CHAN_RW && mb->rights != ZV_CHAN_RO)
			cfail(k, zi, "rights", "unknown rights %u (rw or ro)", mb->rights);
		check_member_gpa(k, ch, m, zi);
		check_member_doorbell(k, ch, m, zi);
	}
}

int config_check_channels(const struct zv_config *c, const struct zv_board *b,
			  const char (*names)[ZV_NAME_LEN], config_report_fn report, void *ctx)
{
	struct cchk k = {.c = c, .b = b, .names = names, .out = {.report = report, .ctx = ctx}};

	if (c->nr_channels > ZV_MAX_CHANNELS) {
		if (report)
			report(ctx, NULL, "channels", "too many channels");
		return 1;
	}
	for (u32 ch = 0; ch < c->nr_channels; ch++) {
		set_cname(&k, ch);
		check_names(&k, ch);
		check_host(&k, ch);
		check_members(&k, ch);
	}
	return k.out.errors;
}
