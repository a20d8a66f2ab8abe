/* SPDX-License-Identifier: MIT */
/* Node writers every guest device-tree generator shares (guest_dt.c). */
#ifndef GUEST_DT_UTIL_H
#define GUEST_DT_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include <zv/config_abi.h>

struct zv_board;

#define TRY(x)                       \
	do {                         \
		int err_ = (x);      \
		if (err_ < 0)        \
			return err_; \
	} while (0)

/* "reg" with one 64-bit address and one 64-bit size (#address/size-cells 2). */
int prop_reg64(void *fdt, uint64_t base, uint64_t size);
/* Begin node "name@addr" (hex). */
int begin_node_at(void *fdt, const char *name, uint64_t addr);
/* One /memory node per RAM region of the zone, one /flash node (cfi-flash)
 * per flash region; ROM regions get none. */
int gen_memory(void *fdt, const struct zv_zone_cfg *z);
/* /chosen: bootargs, stdout-path (the UART node under uart_parent, "" for
 * the root, if the zone has the UART), and linux,initrd-* when initrd_props
 * (LoongArch passes the initrd in its EFI table instead). */
int gen_chosen(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z,
	       const char *uart_parent, bool initrd_props);

/* A node per channel zone index 'zone' is a member of (guest_dt_chan.c). */
int gen_channels(void *fdt, const struct zv_config *c, unsigned zone);

/* One "virtio,mmio" node per virtio slot the zone uses (guest_dt_virtio.c);
 * irq_prop writes the node's interrupt properties for line irq. */
int gen_virtio_nodes(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z,
		     int (*irq_prop)(void *fdt, const struct zv_zone_cfg *z, uint32_t irq));

#endif
