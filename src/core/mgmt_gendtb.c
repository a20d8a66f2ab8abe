/* SPDX-License-Identifier: MIT */
/*
 * zvctl load --generate-dtb (docs/management.md): the loaded kernel gets
 * the device tree zvcfg generated for the zone at build time, which the
 * hypervisor keeps in its staging area like the zone's other configured
 * images. The root sends no tree and reads none: the hypervisor copies the
 * pristine tree into the stopped zone at the load's end and points its
 * /chosen initrd range at the initrd just loaded (or drops the range when
 * none was). So one generator, zvcfg's, describes the zone either way.
 */
#include <zv/arch.h>
#include <zv/config.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/rng.h>
#include <zv/zone.h>

#include "mgmt_int.h"

typedef unsigned long long ull; /* for printing */

bool mgmt_gen_dtb_begin(const struct mgmt_req *r, struct zone *z, struct mgmt_image *im, bool *gen,
			struct fdt_initrd *at)
{
	const struct zv_image *tree = &z->cfg->image[ZV_IMG_DTB];
	struct mgmt_image *dtb = &im[ZV_IMG_DTB];
	struct arch_linux_handoff h;

	*gen = dtb->size == MGMT_SIZE_GENERATED;
	at->start_prop = at->end_prop = 0;
	if (!*gen)
		return true;
	if (!zv_image_present(tree)) {
		mgmt_fail(r, MGMT_ERANGE, "dtb: zone '%s' has no configured device tree to use",
			  zone_name(z));
		return false;
	}
	dtb->size = tree->size; /* its address: the load's, else the configured */
	/* The staging copy is the hypervisor's own, never a zone's. A tree
	 * without an initrd range is fine when the port's hand-off, not
	 * /chosen, tells Linux its initrd (LoongArch's EFI table). */
	arch_linux_handoff(z, &h);
	if (!fdt_initrd_find((const void *)(uintptr_t)tree->src, tree->size, at) &&
	    im[ZV_IMG_INITRD].size && !h.initrd) {
		mgmt_fail(r, MGMT_ERANGE,
			  "dtb: the tree of zone '%s' has no initrd range to set (its "
			  "description has no initrd)",
			  zone_name(z));
		return false;
	}
	return true;
}

void mgmt_gen_dtb_end(struct mgmt_load *l, struct zone *z)
{
	const struct zv_image *tree = &z->cfg->image[ZV_IMG_DTB];
	const struct mgmt_image *dtb = &l->image[ZV_IMG_DTB], *rd = &l->image[ZV_IMG_INITRD];
	u64 hpa;

	/* Checked at the begin to lie in the zone's memory, as every image. */
	if (!zone_gpa_to_hpa(z, dtb->gpa, dtb->size, &hpa))
		return; /* done stays short: the end reports it */
	memcpy((void *)(uintptr_t)hpa, (const void *)(uintptr_t)tree->src, tree->size);
	if (l->dtb_at.start_prop)
		fdt_initrd_set((void *)(uintptr_t)hpa, &l->dtb_at, rd->size != 0, rd->gpa,
			       rd->gpa + rd->size);
	rng_seed_dt((void *)(uintptr_t)hpa, tree->size); /* zvcfg's zeroes: fill or drop */
	l->done[ZV_IMG_DTB] = dtb->size;
	printk("mgmt: zone %s: its configured device tree at 0x%llx, initrd %s\n", zone_name(z),
	       (ull)dtb->gpa,
	       l->dtb_at.start_prop ? (rd->size ? "range set" : "range removed")
				    : (rd->size ? "in the boot hand-off" : "none"));
}
