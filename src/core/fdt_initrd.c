/* SPDX-License-Identifier: MIT */
/*
 * /chosen's initrd range in a flattened device tree (zv/fdt_initrd.h). The
 * tree is the one zvcfg made, but every offset is checked anyway: a walk
 * of the structure block, big-endian tokens (devicetree spec, 5.4).
 */
#include <zv/fdt_initrd.h>
#include <zv/lib.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define FDT_PROP_HDR 12u /* token, value length, name offset */

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v;
}

/* The NUL-terminated string at p within [p, end): its length, or -1. */
static s64 fdt_strlen(const u8 *p, const u8 *end)
{
	for (const u8 *q = p; q < end; q++)
		if (!*q)
			return q - p;
	return -1;
}

static bool fdt_name_is(const u8 *name, s64 len, const char *want)
{
	u64 n = strlen(want);

	return (u64)len >= n && !strncmp((const char *)name, want, n) &&
	       ((u64)len == n || name[n] == '@');
}

/* A linux,initrd-* property of /chosen at s[off]: note it in *at. */
static void fdt_note_prop(const u8 *strs, u32 strs_size, u32 nameoff, u32 len, u32 off,
			  struct fdt_initrd *at)
{
	s64 n;

	if (nameoff >= strs_size || len != 8)
		return;
	n = fdt_strlen(strs + nameoff, strs + strs_size);
	if (n == 18 && !strncmp((const char *)strs + nameoff, "linux,initrd-start", 18))
		at->start_prop = off;
	else if (n == 16 && !strncmp((const char *)strs + nameoff, "linux,initrd-end", 16))
		at->end_prop = off;
}

bool fdt_initrd_find(const void *fdt, u64 size, struct fdt_initrd *at)
{
	const u8 *t = fdt, *s, *strs;
	u32 soff, ssize, stroff, strsize, off = 0, depth = 0, chosen = 0;

	at->start_prop = at->end_prop = 0;
	if (size < 40 || be32(t) != FDT_MAGIC || be32(t + 4) > size)
		return false;
	size = be32(t + 4);
	soff = be32(t + 8), stroff = be32(t + 12), strsize = be32(t + 32), ssize = be32(t + 36);
	if (soff > size || ssize > size - soff || stroff > size || strsize > size - stroff ||
	    (soff | ssize) & 3)
		return false;
	s = t + soff, strs = t + stroff;
	while (off + 4 <= ssize) {
		u32 tok = be32(s + off), tok_off = off;
		s64 n;

		off += 4;
		if (tok == FDT_BEGIN_NODE) {
			if ((n = fdt_strlen(s + off, s + ssize)) < 0)
				return false;
			depth++;
			if (depth == 2 && !chosen && fdt_name_is(s + off, n, "chosen"))
				chosen = depth;
			off += ALIGN_UP((u32)n + 1, 4);
		} else if (tok == FDT_END_NODE) {
			if (!depth)
				return false;
			if (chosen == depth)
				chosen = 0xffffffffu; /* past it: one /chosen */
			depth--;
		} else if (tok == FDT_PROP) {
			u32 len, nameoff;

			if (off + 8 > ssize)
				return false;
			len = be32(s + off), nameoff = be32(s + off + 4);
			if (len > ssize - off - 8)
				return false;
			if (chosen == depth && depth == 2)
				fdt_note_prop(strs, strsize, nameoff, len, soff + tok_off, at);
			off += 8 + ALIGN_UP(len, 4);
		} else if (tok == FDT_END) {
			return at->start_prop && at->end_prop;
		} else if (tok != FDT_NOP) {
			return false;
		}
	}
	return false;
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
	/* An 8-byte property is 5 words: each becomes a NOP token. */
	for (u32 w = 0; w < (FDT_PROP_HDR + 8) / 4; w++) {
		put_be32(t + at->start_prop + 4 * w, FDT_NOP);
		put_be32(t + at->end_prop + 4 * w, FDT_NOP);
	}
}
