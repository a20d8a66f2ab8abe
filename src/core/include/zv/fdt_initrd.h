/* SPDX-License-Identifier: MIT */
/*
 * Setting the initrd range in a zone's device tree in place (zvctl load
 * --generate-dtb, docs/management.md): the hypervisor copies the tree zvcfg
 * made for the zone and points /chosen's linux,initrd-start/-end at the
 * initrd the root loaded, or drops both when it loaded none. The tree only
 * changes in place: no property is added, so it needs both already (zvcfg
 * writes them when the zone's description has an initrd).
 */
#ifndef ZV_FDT_INITRD_H
#define ZV_FDT_INITRD_H

#include <zv/fdt.h>
#include <zv/types.h>

/* Where the two properties' tokens are, as offsets into the tree. */
struct fdt_initrd {
	u32 start_prop, end_prop; /* 0: absent */
};

/* Find both in the tree of 'size' bytes at fdt, checking every offset
 * against size; false when the tree is malformed or either is missing
 * (or not 8 bytes long). */
bool fdt_initrd_find(const void *fdt, u64 size, struct fdt_initrd *at);
/* Set both to [start, end), or with present false turn both into NOPs;
 * 'at' comes from fdt_initrd_find() on the same tree's bytes. */
void fdt_initrd_set(void *fdt, const struct fdt_initrd *at, bool present, u64 start, u64 end);

#endif
