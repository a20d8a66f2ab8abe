/* SPDX-License-Identifier: MIT */
/*
 * /chosen's initrd range in a flattened device tree (zv/fdt_initrd.h),
 * found and changed through the one bounds-checked /chosen reader
 * (fdt_chosen.c).
 */
#include <zv/fdt_initrd.h>
#include <zv/lib.h>

#define FDT_PROP_HDR 12u /* token, value length, name offset */

/* /chosen/<name> as an 8-byte property: the offset of its token, 0 if
 * absent, of another length or the tree is malformed. */
static u32 fdt_initrd_prop(const void *fdt, u64 size, const char *name)
{
	struct fdt_prop_loc loc;

	if (fdt_chosen_prop(fdt, size, name, &loc) || loc.len != 8)
		return 0;
	return loc.token;
}

bool fdt_initrd_find(const void *fdt, u64 size, struct fdt_initrd *at)
{
	at->start_prop = fdt_initrd_prop(fdt, size, "linux,initrd-start");
	at->end_prop = fdt_initrd_prop(fdt, size, "linux,initrd-end");
	if (at->start_prop && at->end_prop)
		return true;
	at->start_prop = at->end_prop = 0;
	return false;
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v;
}

static void fdt_put_u64(u8 *prop, u64 v)
{
	put_be32(prop + FDT_PROP_HDR, (u32)(v >> 32));
	put_be32(prop + FDT_PROP_HDR + 4, (u32)v);
}

void fdt_initrd_set(void *fdt, const struct fdt_initrd *at, bool present, u64 start, u64 end)
{
	u8 *t = fdt;

	if (present) {
		fdt_put_u64(t + at->start_prop, start);
		fdt_put_u64(t + at->end_prop, end);
		return;
	}
	fdt_nop_prop(fdt, &(struct fdt_prop_loc){at->start_prop, at->start_prop + FDT_PROP_HDR, 8});
	fdt_nop_prop(fdt, &(struct fdt_prop_loc){at->end_prop, at->end_prop + FDT_PROP_HDR, 8});
}
