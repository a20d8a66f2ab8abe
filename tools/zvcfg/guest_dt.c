/* SPDX-License-Identifier: MIT */
/*
 * Guest device trees generated from a zone description (dtb = "generate"),
 * written with libfdt's sequential-write API. Nodes every ISA shares
 * (root, memory, chosen) are common; CPUs, the interrupt controller and the
 * emulated devices come from one generator per ISA, picked by board->isa.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "guest_dt_aarch64.h"
#include "guest_dt_loongarch64.h"
#include "guest_dt_riscv64.h"
#include "guest_dt_util.h"
#include "zvcfg.h"

/* /chosen/rng-seed: 32 bytes, as QEMU's virt boards give a native guest. */
static const uint8_t rng_seed_room[32];

/* A "reg" of one 64-bit address and one 64-bit size (#address/size-cells 2). */
int prop_reg64(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};

	return fdt_property(fdt, "reg", reg, sizeof(reg));
}

int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
	char node[64];

	snprintf(node, sizeof(node), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, node);
}

/* A flash region: the node QEMU's virt boards give their pflash, but no
 * CFI command set behind it (the region is plain memory: a driver's CFI
 * query reads the flash contents, not a "QRY" answer, and gives up). */
static int gen_flash(void *fdt, const struct zv_region *r)
{
	TRY(begin_node_at(fdt, "flash", r->gpa));
	TRY(fdt_property_string(fdt, "compatible", "cfi-flash"));
	TRY(prop_reg64(fdt, r->gpa, r->size));
	TRY(fdt_property_u32(fdt, "bank-width", 4));
	return fdt_end_node(fdt);
}

int gen_memory(void *fdt, const struct zv_zone_cfg *z)
{
	for (uint32_t n = 0; n < z->nr_ram; n++) {
		if (z->ram_kind[n] == ZV_MEM_FLASH)
			TRY(gen_flash(fdt, &z->ram[n]));
		if (z->ram_kind[n] != ZV_MEM_RAM)
			continue; /* a ROM is known to its guest, not described */
		TRY(begin_node_at(fdt, "memory", z->ram[n].gpa));
		TRY(fdt_property_string(fdt, "device_type", "memory"));
		TRY(prop_reg64(fdt, z->ram[n].gpa, z->ram[n].size));
		TRY(fdt_end_node(fdt));
	}
	return 0;
}

int gen_chosen(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z,
	       const char *uart_parent, bool initrd_props)
{
	const struct zv_image *initrd = &z->image[ZV_IMG_INITRD];
	char stdout_path[64];

	TRY(fdt_begin_node(fdt, "chosen"));
	if (z->bootargs[0])
		TRY(fdt_property_string(fdt, "bootargs", z->bootargs));
	if (z->devices & ZV_DEV_UARTS) {
		snprintf(stdout_path, sizeof(stdout_path), "%s/serial@%llx", uart_parent,
			 (unsigned long long)b->uart_gpa);
		TRY(fdt_property_string(fdt, "stdout-path", stdout_path));
	}
	/* Room for the seed the hypervisor writes at each load (src/core/rng.c):
	 * without one Linux starts with an empty CRNG and early boot pays for
	 * it. Zeroes here; the hypervisor removes it if it has no entropy. */
	TRY(fdt_property(fdt, "rng-seed", rng_seed_room, sizeof(rng_seed_room)));
	if (initrd_props && zv_image_present(initrd)) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", initrd->gpa));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", initrd->gpa + initrd->size));
	}
	return fdt_end_node(fdt);
}

/* One generator per ISA; each writes everything below the root node. */
static const struct {
	const char *isa;
	int (*gen)(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z);
} generators[] = {
	{"riscv64", gen_riscv64},
	{"aarch64", gen_aarch64},
	{"loongarch64", gen_loongarch64},
};

static int gen_tree(void *fdt, const struct zv_board *b, const struct zv_config *c, unsigned i,
		    int (*gen)(void *, const struct zv_board *, const struct zv_zone_cfg *))
{
	const struct zv_zone_cfg *z = &c->zones[i];
	char model[64];

	snprintf(model, sizeof(model), "zonevisor zone %s", z->name);
	TRY(fdt_create(fdt, GUEST_DT_MAX));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "zonevisor,zone"));
	TRY(fdt_property_string(fdt, "model", model));
	TRY(gen(fdt, b, z));
	TRY(gen_channels(fdt, c, i));
	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

void *guest_dt_generate(struct tool *t, unsigned i)
{
	const struct zv_zone_cfg *z = &t->cfg.zones[i];
	void *fdt;
	int err;

	for (size_t g = 0; g < sizeof(generators) / sizeof(generators[0]); g++) {
		if (strcmp(generators[g].isa, t->board->isa))
			continue;
		if (!(fdt = calloc(1, GUEST_DT_MAX))) {
			tool_error(t, z->name, "dtb", "out of memory");
			return NULL;
		}
		err = gen_tree(fdt, t->board, &t->cfg, i, generators[g].gen);
		if (err == 0)
			return fdt;
		free(fdt);
		if (err == -FDT_ERR_NOSPACE)
			tool_error(t, z->name, "dtb", "generated device tree larger than %u KiB",
				   GUEST_DT_MAX / 1024);
		else
			tool_error(t, z->name, "dtb", "generating device tree: %s",
				   fdt_strerror(err));
		return NULL;
	}
	tool_error(t, z->name, "dtb", "cannot generate device trees for ISA '%s'", t->board->isa);
	return NULL;
}
