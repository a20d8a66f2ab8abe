/* SPDX-License-Identifier: MIT */
/*
 * Loading images into a stopped managed zone (docs/management.md): the
 * root announces the images and the entry (MGMT_OP_LOAD_BEGIN), checked
 * as zvcfg and config_check() check a zone description's; streams their
 * bytes in order (MGMT_OP_LOAD_DATA, no answer: a chunk's error waits for
 * the end, so the stream needs no round trip per chunk); and ends it
 * (MGMT_OP_LOAD_END), answered with the first error or success. Bytes go
 * only into the zone's own memory, through the hypervisor, never out.
 */
#include <stdarg.h>

#include <zv/arch.h>
#include <zv/config.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "mgmt_int.h"

typedef unsigned long long ull; /* for printing */

static u64 mgmt_last(u64 base, u64 size)
{
	return base + size - 1;
}

/* Does image b overlap image a? Both fit the zone's memory: no wrap. */
static bool mgmt_overlap(const struct mgmt_image *a, const struct mgmt_image *b)
{
	return a->gpa <= mgmt_last(b->gpa, b->size) && b->gpa <= mgmt_last(a->gpa, a->size);
}

/* The port's Linux hand-off (arch_linux_handoff) is written where the
 * zone's vCPU 0 starts: an image under it would be overwritten. */
static bool mgmt_handoff_ok(const struct mgmt_req *r, struct zone *z, const struct mgmt_image *im)
{
	struct arch_linux_handoff h;
	struct mgmt_image area;

	arch_linux_handoff(z, &h);
	if (!h.size)
		return true;
	area = (struct mgmt_image){h.gpa, h.size};
	for (u32 n = 0; n < ZV_IMG_COUNT; n++)
		if (im[n].size && mgmt_overlap(&area, &im[n])) {
			mgmt_fail(r, MGMT_ERANGE,
				  "%s: overlaps the boot hand-off the hypervisor writes into zone "
				  "'%s' (0x%llx-0x%llx)",
				  config_image_names[n], zone_name(z), (ull)h.gpa,
				  (ull)mgmt_last(h.gpa, h.size));
			return false;
		}
	return true;
}

/* The checks config.c's check_images() and its image overlap check make
 * on a zone description, on the images the root announces; true when
 * they pass, else the error is answered. */
static bool mgmt_images_ok(const struct mgmt_req *r, struct zone *z, const struct mgmt_image *im,
			   u64 entry)
{
	u64 hpa;

	if (!im[ZV_IMG_KERNEL].size) {
		mgmt_fail(r, MGMT_ERANGE, "kernel: no kernel image");
		return false;
	}
	for (u32 n = 0; n < ZV_IMG_COUNT; n++) {
		const char *f = config_image_names[n];

		if (!im[n].size) {
			if (im[n].gpa) {
				mgmt_fail(r, MGMT_ERANGE, "%s: empty image", f);
				return false;
			}
			continue;
		}
		if (!zone_gpa_to_hpa(z, im[n].gpa, im[n].size, &hpa)) {
			mgmt_fail(r, MGMT_ERANGE,
				  "%s: image at 0x%llx (0x%llx bytes) does not fit in the RAM of "
				  "zone '%s'",
				  f, (ull)im[n].gpa, (ull)im[n].size, zone_name(z));
			return false;
		}
		for (u32 m = 0; m < n; m++)
			if (im[m].size && mgmt_overlap(&im[m], &im[n])) {
				mgmt_fail(r, MGMT_ERANGE, "%s: overlaps %s (0x%llx-0x%llx)", f,
					  config_image_names[m], (ull)im[m].gpa,
					  (ull)mgmt_last(im[m].gpa, im[m].size));
				return false;
			}
	}
	if (!mgmt_handoff_ok(r, z, im))
		return false;
	/* The first instruction (4 bytes) must lie in RAM, as config_check()
	 * and zone_vcpu_start() require. */
	if (!zone_gpa_to_hpa(z, entry, 4, &hpa)) {
		mgmt_fail(r, MGMT_ERANGE, "entry: 0x%llx is outside the RAM of zone '%s'",
			  (ull)entry, zone_name(z));
		return false;
	}
	return true;
}

/* MGMT_ADDR_CONFIGURED: the address the zone description gives. */
static bool mgmt_configured_addrs(const struct mgmt_req *r, struct zone *z, struct mgmt_image *im,
				  u64 *entry)
{
	const struct zv_zone_cfg *c = z->cfg;

	if (*entry == MGMT_ADDR_CONFIGURED)
		*entry = c->entry;
	for (u32 n = 0; n < ZV_IMG_COUNT; n++) {
		if (!im[n].size || im[n].gpa != MGMT_ADDR_CONFIGURED)
			continue;
		if (!zv_image_present(&c->image[n])) {
			mgmt_fail(r, MGMT_ERANGE,
				  "%s: zone '%s' has no configured %s-addr: give an address",
				  config_image_names[n], zone_name(z), config_image_names[n]);
			return false;
		}
		im[n].gpa = c->image[n].gpa;
	}
	return true;
}

void mgmt_load_begin(const struct mgmt_req *r)
{
	struct mgmt_load *l = &mgmt.load;
	struct mgmt_image im[ZV_IMG_COUNT];
	const u8 *p = r->payload;
	struct fdt_initrd dtb_at;
	struct zone *z;
	bool gen_dtb;
	u64 entry;

	if (r->len != sizeof(struct mgmt_load_begin)) {
		mgmt_fail(r, MGMT_EINVAL, "%u payload bytes, expected %u", r->len,
			  (u32)sizeof(struct mgmt_load_begin));
		return;
	}
	if (!(z = mgmt_zone_ref(r, p, false)))
		return;
	if (__atomic_load_n(&z->state, __ATOMIC_ACQUIRE) != ZONE_STOPPED) {
		mgmt_fail(r, MGMT_ESTATE, "zone '%s' is not stopped: stop it before a load",
			  zone_name(z));
		return;
	}
	entry = mgmt_get64(p + MGMT_NAME_LEN);
	for (u32 n = 0; n < ZV_IMG_COUNT; n++) {
		im[n].gpa = mgmt_get64(p + MGMT_NAME_LEN + 8 + 16 * n);
		im[n].size = mgmt_get64(p + MGMT_NAME_LEN + 16 + 16 * n);
	}
	l->z = NULL; /* a new load abandons one under way */
	if (!mgmt_gen_dtb_begin(r, z, im, &gen_dtb, &dtb_at) ||
	    !mgmt_configured_addrs(r, z, im, &entry) || !mgmt_images_ok(r, z, im, entry))
		return;
	mgmt_load_forget(z);
	zone_wipe(z); /* nothing of the last run or load survives */
	memset(l, 0, sizeof(*l));
	l->z = z;
	l->entry = entry;
	memcpy(l->image, im, sizeof(im));
	l->gen_dtb = gen_dtb;
	l->dtb_at = dtb_at;
	printk("mgmt: %s loads zone %s: kernel %llu bytes at 0x%llx, entry 0x%llx\n",
	       zone_name(mgmt.root), zone_name(z), (ull)im[0].size, (ull)im[0].gpa, (ull)entry);
	mgmt_ok(r, NULL, 0);
}

/* Keep a chunk's error for the end; later chunks are dropped. */
__attribute__((format(printf, 2, 3))) static void mgmt_chunk_fail(u32 status, const char *fmt, ...)
{
	struct mgmt_load *l = &mgmt.load;
	va_list ap;

	if (l->error)
		return;
	l->error = status;
	va_start(ap, fmt);
	vsnprintf(l->msg, sizeof(l->msg), fmt, ap);
	va_end(ap);
}

void mgmt_load_data(const struct mgmt_req *r)
{
	struct mgmt_load *l = &mgmt.load;
	u32 hdr = sizeof(struct mgmt_load_data), n, img;
	u64 off, hpa;

	if (!l->z || l->error)
		return; /* answered at the end */
	if (r->len <= hdr || r->len - hdr > MGMT_CHUNK) {
		mgmt_chunk_fail(MGMT_EINVAL, "load data of %u bytes", r->len);
		return;
	}
	img = mgmt_get32(r->payload);
	off = mgmt_get64(r->payload + 8);
	n = r->len - hdr;
	if (img >= ZV_IMG_COUNT || !l->image[img].size || mgmt_get32(r->payload + 4) ||
	    (img == ZV_IMG_DTB && l->gen_dtb)) {
		mgmt_chunk_fail(MGMT_EINVAL, "load data for image %u, not announced", img);
		return;
	}
	if (off != l->done[img]) {
		mgmt_chunk_fail(MGMT_ESEQ, "%s: data at offset %llu, expected %llu",
				config_image_names[img], (ull)off, (ull)l->done[img]);
		return;
	}
	if (n > l->image[img].size - off) {
		mgmt_chunk_fail(MGMT_ERANGE, "%s: data beyond its %llu bytes",
				config_image_names[img], (ull)l->image[img].size);
		return;
	}
	/* Inside the image, which was checked to lie in the zone's memory. */
	if (!zone_gpa_to_hpa(l->z, l->image[img].gpa + off, n, &hpa)) {
		mgmt_chunk_fail(MGMT_ERANGE, "%s: outside the zone", config_image_names[img]);
		return;
	}
	memcpy((void *)(uintptr_t)hpa, r->payload + hdr, n);
	l->done[img] += n;
}

void mgmt_load_end(const struct mgmt_req *r)
{
	struct mgmt_load *l = &mgmt.load;
	struct zone *z;
	struct mgmt_zone *m;

	if (r->len != sizeof(struct mgmt_zone_ref)) {
		mgmt_fail(r, MGMT_EINVAL, "%u payload bytes, expected %u (a zone name)", r->len,
			  (u32)sizeof(struct mgmt_zone_ref));
		return;
	}
	if (!(z = mgmt_zone_ref(r, r->payload, false)))
		return;
	if (l->z != z) {
		mgmt_fail(r, MGMT_ESEQ, "no load into zone '%s' under way", zone_name(z));
		return;
	}
	l->z = NULL;
	if (l->error) {
		mgmt_fail(r, l->error, "%s", l->msg);
		return;
	}
	if (l->gen_dtb)
		mgmt_gen_dtb_end(l, z);
	for (u32 n = 0; n < ZV_IMG_COUNT; n++)
		if (l->done[n] != l->image[n].size) {
			mgmt_fail(r, MGMT_ESEQ, "%s: %llu of %llu bytes came",
				  config_image_names[n], (ull)l->done[n], (ull)l->image[n].size);
			return;
		}
	m = &mgmt.zone[z->index];
	m->loaded = true;
	m->boot.entry = l->entry;
	m->boot.arg = l->image[ZV_IMG_DTB].size ? l->image[ZV_IMG_DTB].gpa : 0;
	/* A port that tells Linux its initrd outside the tree names this one. */
	m->boot.initrd =
	    (struct zone_initrd){l->image[ZV_IMG_INITRD].gpa, l->image[ZV_IMG_INITRD].size};
	printk("mgmt: zone %s loaded (%llu bytes): the next start boots it\n", zone_name(z),
	       (ull)(l->done[0] + l->done[1] + l->done[2]));
	mgmt_ok(r, NULL, 0);
}

void mgmt_load_forget(struct zone *z)
{
	if (mgmt.load.z == z)
		mgmt.load.z = NULL;
	mgmt.zone[z->index].loaded = false;
}
