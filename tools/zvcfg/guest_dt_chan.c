/* SPDX-License-Identifier: MIT */
/*
 * The channels a zone is a member of, in its generated device tree
 * (docs/channels.md): one node per channel at the root,
 *
 *	channel@<gpa> {
 *		compatible = "zonevisor,channel";
 *		reg = <gpa size>;		// where the region is mapped here
 *		zonevisor,channel-name = "pp";
 *		zonevisor,channel-id = <1>;	// HC_CHAN_RING's channel argument
 *		zonevisor,doorbell = <20>;	// this zone's interrupt number
 *		zonevisor,peers = <1 2>;	// zone ids of all members
 *		read-only;			// when the mapping is ro
 *	};
 *
 * The doorbell is given as the number the zone's interrupt controller uses
 * (PLIC source, GIC INTID, PCH-PIC input), not as an interrupt specifier:
 * the node is for a channel driver or the program to read, and no stock
 * driver binds to it. The region lies outside every /memory node, so the
 * guest never takes it for RAM.
 */
#include <libfdt.h>

#include "guest_dt_util.h"

static int gen_channel(void *fdt, const struct zv_config *c, const struct zv_chan_cfg *ch,
		       const struct zv_chan_member *m)
{
	fdt32_t peers[ZV_MAX_CHAN_MEMBERS];
	uint32_t n = 0;

	for (; n < ch->nr_members && n < ZV_MAX_CHAN_MEMBERS; n++)
		peers[n] = cpu_to_fdt32(c->zones[ch->members[n].zone].id);
	TRY(begin_node_at(fdt, "channel", m->gpa));
	TRY(fdt_property_string(fdt, "compatible", "zonevisor,channel"));
	TRY(prop_reg64(fdt, m->gpa, ch->size));
	TRY(fdt_property_string(fdt, "zonevisor,channel-name", ch->name));
	TRY(fdt_property_u32(fdt, "zonevisor,channel-id", ch->id));
	TRY(fdt_property_u32(fdt, "zonevisor,doorbell", m->doorbell));
	TRY(fdt_property(fdt, "zonevisor,peers", peers, n * sizeof(peers[0])));
	if (m->rights == ZV_CHAN_RO)
		TRY(fdt_property(fdt, "read-only", NULL, 0));
	return fdt_end_node(fdt);
}

int gen_channels(void *fdt, const struct zv_config *c, unsigned zone)
{
	for (uint32_t i = 0; i < c->nr_channels && i < ZV_MAX_CHANNELS; i++) {
		const struct zv_chan_cfg *ch = &c->channels[i];

		for (uint32_t m = 0; m < ch->nr_members && m < ZV_MAX_CHAN_MEMBERS; m++)
			if (ch->members[m].zone == zone)
				TRY(gen_channel(fdt, c, ch, &ch->members[m]));
	}
	return 0;
}
