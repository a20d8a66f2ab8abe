/* SPDX-License-Identifier: MIT */
/*
 * The little of the flattened device tree format (devicetree spec v0.4,
 * chapter 5) the hypervisor reads: one property of /chosen or of the
 * first /cpus/cpu@ node. The blob may
 * come from firmware or from a zone's image, so every offset and length
 * is checked against the blob before it is used.
 */
#include <zv/fdt.h>
#include <zv/lib.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define FDT_HDR_SIZE 40u

static u32 fdt_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 fdt_align4(u64 x)
{
	return (x + 3) & ~3ull;
}

struct fdt_walk {
	const u8 *b;
	u64 pos, end;		  /* in the structure block */
	u64 strings, strings_end; /* the strings block */
};

static int fdt_header(const u8 *b, size_t max, struct fdt_walk *w)
{
	u64 total, off_st, off_str, size_str, size_st;

	if (max < FDT_HDR_SIZE || fdt_be32(b) != FDT_MAGIC)
		return -1;
	total = fdt_be32(b + 4);
	off_st = fdt_be32(b + 8);
	off_str = fdt_be32(b + 12);
	size_str = fdt_be32(b + 32);
	/* size_dt_struct exists from version 17 (offset 20 holds it). */
	size_st = fdt_be32(b + 20) >= 17 ? fdt_be32(b + 36) : total - off_st;
	if (total > max || total < FDT_HDR_SIZE || off_st > total || size_st > total - off_st ||
	    off_str > total || size_str > total - off_str || (off_st & 3))
		return -1;
	*w = (struct fdt_walk){b, off_st, off_st + size_st, off_str, off_str + size_str};
	return 0;
}

/* The NUL-terminated string at 'pos' ends before 'end': its length. */
static int fdt_strlen(const u8 *b, u64 pos, u64 end, u64 *len)
{
	for (u64 i = pos; i < end; i++)
		if (!b[i]) {
			*len = i - pos;
			return 0;
		}
	return -1;
}

/* A node named 'name' (len bytes, no NUL) matches a path component 'comp'
 * that is the same name, or the name before the unit address ("cpu"
 * matches "cpu@0"). */
static bool fdt_node_matches(const u8 *name, u64 len, const char *comp)
{
	u64 n = strlen(comp);

	return len >= n && !strncmp((const char *)name, comp, n) && (len == n || name[n] == '@');
}

static bool fdt_prop_named(const struct fdt_walk *w, u32 nameoff, const char *name)
{
	u64 len, want = strlen(name);

	if (w->strings + nameoff >= w->strings_end ||
	    fdt_strlen(w->b, w->strings + nameoff, w->strings_end, &len))
		return false;
	return len == want && !strncmp((const char *)w->b + w->strings + nameoff, name, want);
}

/* The property 'name' of the first node at 'path' (npath components
 * below the root, each matched by fdt_node_matches). */
static int fdt_path_prop(const void *fdt, size_t max, const char *const *path, u32 npath,
			 const char *name, struct fdt_prop_loc *loc)
{
	struct fdt_walk w;
	u32 depth = 0, matched = 0; /* matched: path components the ancestors match */
	u64 len;

	if (!fdt || fdt_header(fdt, max, &w))
		return -1;
	while (w.pos + 4 <= w.end) {
		u64 tok_at = w.pos;
		u32 tok = fdt_be32(w.b + w.pos);

		w.pos += 4;
		if (tok == FDT_BEGIN_NODE) {
			if (fdt_strlen(w.b, w.pos, w.end, &len))
				return -1;
			depth++;
			if (depth >= 2 && matched == depth - 2 && matched < npath &&
			    fdt_node_matches(w.b + w.pos, len, path[matched]))
				matched++;
			w.pos = fdt_align4(w.pos + len + 1);
		} else if (tok == FDT_END_NODE) {
			if (!depth)
				return -1;
			if (depth >= 2 && matched == depth - 1)
				matched--;
			depth--;
		} else if (tok == FDT_PROP) {
			if (w.pos + 8 > w.end)
				return -1;
			len = fdt_be32(w.b + w.pos);
			if (len > w.end - (w.pos + 8))
				return -1;
			if (matched == npath && depth == npath + 1 &&
			    fdt_prop_named(&w, fdt_be32(w.b + w.pos + 4), name)) {
				if (fdt_align4(w.pos + 8 + len) > w.end)
					return -1; /* fdt_nop_prop writes the padding */
				*loc =
				    (struct fdt_prop_loc){(u32)tok_at, (u32)(w.pos + 8), (u32)len};
				return 0;
			}
			w.pos = fdt_align4(w.pos + 8 + len);
		} else if (tok == FDT_END) {
			return -1;
		} else if (tok != FDT_NOP) {
			return -1;
		}
	}
	return -1;
}

int fdt_chosen_prop(const void *fdt, size_t max, const char *name, struct fdt_prop_loc *loc)
{
	static const char *const path[] = {"chosen"};

	return fdt_path_prop(fdt, max, path, 1, name, loc);
}

int fdt_cpu_prop(const void *fdt, size_t max, const char *name, struct fdt_prop_loc *loc)
{
	static const char *const path[] = {"cpus", "cpu"};

	return fdt_path_prop(fdt, max, path, 2, name, loc);
}

void fdt_nop_prop(void *fdt, const struct fdt_prop_loc *loc)
{
	u8 *b = fdt;
	u64 end = fdt_align4((u64)loc->value + loc->len);

	for (u64 p = loc->token; p + 4 <= end; p += 4) {
		b[p] = 0;
		b[p + 1] = 0;
		b[p + 2] = 0;
		b[p + 3] = FDT_NOP;
	}
}
