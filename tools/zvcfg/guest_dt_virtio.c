/* SPDX-License-Identifier: MIT */
/*
 * The "virtio,mmio" nodes of a zone's guest device tree: one per slot the
 * zone uses (virtio_cfg_slots()), at the board's virtio window. Each ISA's
 * generator supplies how a node names its interrupt. The devices are
 * served by the hypervisor through its cacheable view of the zone's RAM,
 * so the nodes say dma-coherent: a driver that took them for non-coherent
 * would map its rings uncached and the two views would disagree (arm64).
 */
#include <libfdt.h>

#include <zv/virtio_cfg.h>

#include "guest_dt_util.h"

static int virtio_node(void *fdt, const struct zv_zone_cfg *z, uint64_t gpa, uint32_t irq,
		       int (*irq_prop)(void *fdt, const struct zv_zone_cfg *z, uint32_t irq))
{
	TRY(begin_node_at(fdt, "virtio_mmio", gpa));
	TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
	TRY(prop_reg64(fdt, gpa, ZV_VIRTIO_SLOT_SIZE));
	TRY(irq_prop(fdt, z, irq));
	TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
	return fdt_end_node(fdt);
}

/* The hypervisor's slots, then the board's own transports the zone was
 * given (passthrough-virtio), which QEMU serves directly. */
int gen_virtio_nodes(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z,
		     int (*irq_prop)(void *fdt, const struct zv_zone_cfg *z, uint32_t irq))
{
	uint32_t slots = virtio_cfg_slots(z);

	for (uint32_t s = 0; s < ZV_VIRTIO_SLOTS; s++)
		if (slots & (1u << s))
			TRY(virtio_node(fdt, z, virtio_slot_gpa(b, s), virtio_slot_irq(b, s),
					irq_prop));
	for (uint32_t n = 0; n < z->nr_pt_virtio && n < ZV_MAX_PT_VIRTIO; n++)
		TRY(virtio_node(fdt, z, z->pt_virtio_gpa[n], z->pt_virtio_irq[n], irq_prop));
	return 0;
}
