/* SPDX-License-Identifier: MIT */
/*
 * The little of the flattened device tree the hypervisor reads and
 * changes in place: one property of /chosen or of the first CPU node
 * (src/core/fdt_chosen.c).
 */
#ifndef ZV_FDT_H
#define ZV_FDT_H

#include <stddef.h>
#include <zv/types.h>

/* Where a property of /chosen lies in a flattened device tree: offsets
 * from the blob's start of its FDT_PROP token and of its value. */
struct fdt_prop_loc {
	u32 token;
	u32 value;
	u32 len;
};

/* Find /chosen/<name> in the device tree 'fdt' of at most 'max' bytes,
 * checking every offset against the blob. 0 if found, -1 if not or if
 * the blob is malformed. */
int fdt_chosen_prop(const void *fdt, size_t max, const char *name, struct fdt_prop_loc *loc);
/* The same for a property of a /cpus/cpu@ node: the first CPU node that
 * has it (firmware's tree: what every CPU of the board has, e.g.
 * riscv,isa-extensions). */
int fdt_cpu_prop(const void *fdt, size_t max, const char *name, struct fdt_prop_loc *loc);
/* Overwrite a property found by fdt_chosen_prop with FDT_NOP tokens. */
void fdt_nop_prop(void *fdt, const struct fdt_prop_loc *loc);

#endif
