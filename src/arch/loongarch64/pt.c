/* SPDX-License-Identifier: MIT */
/* Stage-2 table construction and a software model of the refill walk. */
#include <arch/la_pt.h>
#include <zv/types.h>

#define LEVEL_SHIFT(l) (LA_PT_PAGE_SHIFT + 9 * (l)) /* l = 0 (PT), 1, 2 */
#define INDEX(gpa, l) (((gpa) >> LEVEL_SHIFT(l)) & (LA_PT_ENTRIES - 1))
#define HUGE_SIZE (1ULL << LEVEL_SHIFT(1)) /* a Dir1 leaf: 2 MiB */

static u64 *pt_alloc_filled(struct la_pt *pt, u64 fill, u64 *pa)
{
	u64 *t = pt->ops->alloc(pt->ops->ctx);

	if (!t)
		return NULL;
	for (int i = 0; i < LA_PT_ENTRIES; i++)
		t[i] = fill;
	*pa = pt->ops->to_phys(pt->ops->ctx, t);
	return t;
}

int la_pt_init(struct la_pt *pt, const struct la_pt_ops *ops)
{
	pt->ops = ops;
	if (!pt_alloc_filled(pt, 0, &pt->empty_pt_pa) ||
	    !pt_alloc_filled(pt, pt->empty_pt_pa, &pt->empty_dir1_pa))
		return -ZV_ENOMEM;
	pt->root = pt_alloc_filled(pt, pt->empty_dir1_pa, &pt->root_pa);
	return pt->root ? 0 : -ZV_ENOMEM;
}

u64 la_pt_leaf(u64 hpa, u32 flags)
{
	u64 e = (hpa & LA_PTE_PFN_MASK) | LA_PTE_V | LA_PTE_P;

	e |= (flags & LA_PT_DEVICE) ? LA_PTE_MAT_SUC : LA_PTE_MAT_CC;
	if (flags & LA_PT_WRITE)
		e |= LA_PTE_D | LA_PTE_W; /* D preset: no PME (store to clean page) exits */
	if (!(flags & LA_PT_READ))
		e |= LA_PTE_NR;
	if (!(flags & LA_PT_EXEC))
		e |= LA_PTE_NX;
	return e;
}

/* The next-level table under *entry, allocating it when entry points at the
 * shared empty table. */
static u64 *pt_next(struct la_pt *pt, u64 *entry, u64 empty_pa, u64 fill)
{
	u64 pa;
	u64 *t;

	if (*entry != empty_pa)
		return pt->ops->to_virt(pt->ops->ctx, *entry);
	t = pt_alloc_filled(pt, fill, &pa);
	if (t)
		*entry = pa;
	return t;
}

/* The Dir1 table that covers gpa, allocated on first use. */
static u64 *pt_dir1(struct la_pt *pt, u64 gpa)
{
	return pt_next(pt, &pt->root[INDEX(gpa, 2)], pt->empty_dir1_pa, pt->empty_pt_pa);
}

static int pt_map_page(struct la_pt *pt, u64 gpa, u64 leaf)
{
	u64 *dir1 = pt_dir1(pt, gpa);
	u64 *ptab;

	if (!dir1)
		return -ZV_ENOMEM;
	if (dir1[INDEX(gpa, 1)] & LA_PTE_HUGE)
		return -ZV_EBUSY;
	ptab = pt_next(pt, &dir1[INDEX(gpa, 1)], pt->empty_pt_pa, 0);
	if (!ptab)
		return -ZV_ENOMEM;
	if (ptab[INDEX(gpa, 0)] & LA_PTE_V)
		return -ZV_EBUSY;
	ptab[INDEX(gpa, 0)] = leaf;
	return 0;
}

/* A 2 MiB leaf in a Dir1 slot that nothing maps yet. lddir returns an
 * entry with HUGE (bit 6) as it is, and ldpte splits it into an even/odd
 * pair of 1 MiB (TLBREHI.PS = PTbase + PTwidth - 1 = 20): tlbfill puts it in
 * the MTLB, where 64 entries reach 128 MiB instead of the STLB's 16 MiB. */
static int pt_map_huge(struct la_pt *pt, u64 gpa, u64 leaf)
{
	u64 *dir1 = pt_dir1(pt, gpa);
	u64 *slot;

	if (!dir1)
		return -ZV_ENOMEM;
	slot = &dir1[INDEX(gpa, 1)];
	if (*slot != pt->empty_pt_pa)
		return -ZV_EBUSY;
	*slot = leaf | LA_PTE_HUGE;
	return 0;
}

/* RAM gets 2 MiB leaves where both addresses are aligned; devices keep
 * 4 KiB pages (a passthrough window is rarely 2 MiB of one device). */
static bool pt_huge_ok(u64 gpa, u64 hpa, u64 left, u32 flags)
{
	return !(flags & LA_PT_DEVICE) && !((gpa | hpa) & (HUGE_SIZE - 1)) && left >= HUGE_SIZE;
}

static bool pt_range_ok(u64 gpa, u64 hpa, u64 size)
{
	const u64 page = 1ULL << LA_PT_PAGE_SHIFT;

	if ((gpa | hpa | size) & (page - 1))
		return false;
	if (gpa + size < gpa || gpa + size > (1ULL << LA_PT_GPA_BITS))
		return false;
	/* The PFN field ends at PA bit 47 (PALEN 48 on la464). */
	return hpa + size >= hpa && hpa + size <= (LA_PTE_PFN_MASK | (page - 1)) + 1;
}

int la_pt_map(struct la_pt *pt, u64 gpa, u64 hpa, u64 size, u32 flags)
{
	const u64 page = 1ULL << LA_PT_PAGE_SHIFT;

	if (!pt_range_ok(gpa, hpa, size))
		return -ZV_EINVAL;
	for (u64 off = 0; off < size;) {
		u64 leaf = la_pt_leaf(hpa + off, flags);
		bool huge = pt_huge_ok(gpa + off, hpa + off, size - off, flags);
		int err =
		    huge ? pt_map_huge(pt, gpa + off, leaf) : pt_map_page(pt, gpa + off, leaf);

		if (err)
			return err;
		off += huge ? HUGE_SIZE : page;
	}
	return 0;
}

static u32 field(u32 v, unsigned shift, unsigned bits)
{
	return (v >> shift) & ((1u << bits) - 1);
}

/* lddir: base | index << 3, index from the level's base/width in PWCL. */
static u64 walk_dir(const struct la_pt *pt, u64 base_pa, unsigned base, unsigned width, u64 gpa)
{
	const u64 *t = pt->ops->to_virt(pt->ops->ctx, base_pa);

	return t[(gpa >> base) & ((1ULL << width) - 1)];
}

u64 la_pt_walk(const struct la_pt *pt, u32 pwcl, u64 gpa, u64 pair[2])
{
	unsigned ptbase = field(pwcl, 0, 5), ptwidth = field(pwcl, 5, 5);
	u64 dir = pt->root_pa;
	const u64 *ptab;
	u64 idx;

	dir = walk_dir(pt, dir, field(pwcl, 20, 5), field(pwcl, 25, 5), gpa); /* lddir 2 */
	dir = walk_dir(pt, dir, field(pwcl, 10, 5), field(pwcl, 15, 5), gpa); /* lddir 1 */
	if (dir & LA_PTE_HUGE) {
		/* ldpte on a huge entry: HUGE cleared, the odd half 2^PS above. */
		unsigned ps = ptbase + ptwidth - 1;

		pair[0] = dir & ~LA_PTE_HUGE;
		pair[1] = pair[0] + (1ULL << ps);
		return pair[(gpa >> ps) & 1];
	}
	ptab = pt->ops->to_virt(pt->ops->ctx, dir);
	idx = ((gpa >> ptbase) & ((1ULL << ptwidth) - 1)) & ~1ULL; /* ldpte 0/1 */
	pair[0] = ptab[idx];
	pair[1] = ptab[idx + 1];
	return pair[(gpa >> ptbase) & 1];
}
