/* SPDX-License-Identifier: MIT */
/*
 * The stage-2 table builder and walk of every port (zv/stage2.h): the port
 * says how its entries look, this file decides where they go. Pure C, no
 * hardware access: unit-tested on the host for all three formats.
 */
#include <zv/stage2.h>

static u32 s2_root_pages(const struct s2_format *f)
{
	u32 entries = 1u << f->bits[0];

	return entries > S2_PAGE_ENTRIES ? entries / S2_PAGE_ENTRIES : 1;
}

/* n pages, physically aligned to n pages (a wide root must be), every
 * entry set to fill; their physical address in *pa. */
static u64 *s2_alloc(struct s2_pool *p, u32 n, u64 fill, u64 *pa)
{
	u64 bytes = (u64)n * S2_PAGE_SIZE;
	u64 first_pa = ALIGN_UP(p->pa + (u64)p->used * S2_PAGE_SIZE, bytes);
	u64 first = (first_pa - p->pa) / S2_PAGE_SIZE;
	u64 *t;

	if (first + n > p->nr)
		return NULL;
	p->used = (u32)(first + n);
	t = p->page[first];
	for (u64 i = 0; i < (u64)n * S2_PAGE_ENTRIES; i++)
		t[i] = fill;
	*pa = first_pa;
	return t;
}

/* The pool page at physical address pa, NULL if pa is not one. */
static u64 *s2_virt(const struct s2_pool *p, u64 pa)
{
	if (pa < p->pa || pa - p->pa >= (u64)p->nr * S2_PAGE_SIZE || !IS_ALIGNED(pa, S2_PAGE_SIZE))
		return NULL;
	return p->page[(pa - p->pa) / S2_PAGE_SIZE];
}

int s2_pool_init(struct s2_pool *p, void *pages, u32 nr, u64 pa, const struct s2_format *f)
{
	*p = (struct s2_pool){.fmt = f, .page = pages, .nr = nr, .pa = pa};
	if (!f->empty_tables)
		return 0;
	/* Bottom up: the empty page table holds empty leaves (0), each empty
	 * directory points at the empty table one level down. */
	for (u32 l = f->levels - 1; l > 0; l--) {
		u64 table_pa;

		if (!s2_alloc(p, 1, p->empty[l], &table_pa))
			return -ZV_ENOMEM;
		p->empty[l - 1] = f->table(table_pa, f->shift[l - 1]);
	}
	return s2_alloc(p, s2_root_pages(f), p->empty[0], &p->empty_root_pa) ? 0 : -ZV_ENOMEM;
}

int s2_table_init(struct s2_table *t, struct s2_pool *p)
{
	t->pool = p;
	t->root = s2_alloc(p, s2_root_pages(p->fmt), p->empty[0], &t->root_pa);
	return t->root ? 0 : -ZV_ENOMEM;
}

static u32 s2_index(const struct s2_format *f, u32 level, u64 gpa)
{
	return (u32)((gpa >> f->shift[level]) & ((1ULL << f->bits[level]) - 1));
}

static enum s2_pte_kind s2_kind(const struct s2_pool *p, u32 level, u64 pte, u64 *pa)
{
	if (pte == p->empty[level])
		return S2_PTE_EMPTY;
	return p->fmt->decode(pte, p->fmt->shift[level], pa);
}

/* The table at 'level' that covers gpa, allocating the ones above it that
 * are missing. NULL with *err: a leaf is in the way, or no memory. */
static u64 *s2_table_at(struct s2_table *t, u64 gpa, u32 level, int *err)
{
	struct s2_pool *p = t->pool;
	const struct s2_format *f = p->fmt;
	u64 *table = t->root;

	for (u32 l = 0; l < level; l++) {
		u64 *e = &table[s2_index(f, l, gpa)];
		u64 pa = 0;

		switch (s2_kind(p, l, *e, &pa)) {
		case S2_PTE_LEAF:
			*err = -ZV_EBUSY;
			return NULL;
		case S2_PTE_EMPTY:
			table = s2_alloc(p, 1, p->empty[l + 1], &pa);
			if (!table) {
				*err = -ZV_ENOMEM;
				return NULL;
			}
			*e = f->table(pa, f->shift[l]);
			break;
		case S2_PTE_TABLE:
			table = s2_virt(p, pa);
			if (!table) {
				*err = -ZV_EINVAL;
				return NULL;
			}
			break;
		}
	}
	return table;
}

/* The highest level whose leaf fits at gpa/hpa: allowed there, within
 * the format's limit for this kind of memory, both addresses aligned to
 * it and no larger than what is left; else the page level. */
static u32 s2_leaf_level(const struct s2_format *f, u64 gpa, u64 hpa, u64 left, u32 flags)
{
	u64 max = (flags & S2_DEVICE) ? f->device_leaf_max : f->leaf_max;

	for (u32 l = 0; l + 1 < f->levels; l++) {
		u64 size = 1ULL << f->shift[l];

		if ((f->leaf_levels & (1u << l)) && size <= max && IS_ALIGNED(gpa | hpa, size) &&
		    left >= size)
			return l;
	}
	return f->levels - 1;
}

static bool s2_range_ok(const struct s2_format *f, u64 gpa, u64 hpa, u64 size)
{
	u64 gpa_end = 1ULL << (f->shift[0] + f->bits[0]);
	u64 pa_end = 1ULL << f->pa_bits;

	if (!IS_ALIGNED(gpa | hpa | size, S2_PAGE_SIZE))
		return false;
	return gpa + size >= gpa && gpa + size <= gpa_end && hpa + size >= hpa &&
	       hpa + size <= pa_end;
}

int s2_map(struct s2_table *t, u64 gpa, u64 hpa, u64 size, u32 flags)
{
	const struct s2_format *f = t->pool->fmt;

	if (!s2_range_ok(f, gpa, hpa, size))
		return -ZV_EINVAL;
	while (size) {
		u32 level = s2_leaf_level(f, gpa, hpa, size, flags);
		u64 step = 1ULL << f->shift[level];
		int err = 0;
		u64 *table = s2_table_at(t, gpa, level, &err);
		u64 *e, pa;

		if (!table)
			return err;
		e = &table[s2_index(f, level, gpa)];
		if (s2_kind(t->pool, level, *e, &pa) != S2_PTE_EMPTY)
			return -ZV_EBUSY;
		*e = f->leaf(hpa, flags, f->shift[level]);
		gpa += step;
		hpa += step;
		size -= step;
	}
	return 0;
}

u64 s2_lookup(const struct s2_table *t, u64 gpa, u32 *shift)
{
	const struct s2_pool *p = t->pool;
	const struct s2_format *f = p->fmt;
	const u64 *table = t->root;

	if (gpa >> (f->shift[0] + f->bits[0]))
		return 0;
	for (u32 l = 0; table && l < f->levels; l++) {
		u64 pte = table[s2_index(f, l, gpa)];
		u64 pa = 0;

		switch (s2_kind(p, l, pte, &pa)) {
		case S2_PTE_LEAF:
			*shift = f->shift[l];
			return pte;
		case S2_PTE_TABLE:
			table = l + 1 < f->levels ? s2_virt(p, pa) : NULL;
			break;
		case S2_PTE_EMPTY:
			return 0;
		}
	}
	return 0;
}
