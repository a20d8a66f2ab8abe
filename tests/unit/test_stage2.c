/* SPDX-License-Identifier: MIT */
/*
 * The core's stage-2 builder (src/core/stage2.c) in each port's format:
 * riscv64 Sv39x4, aarch64 (walks from level 2 and from level 1, blocks up
 * to 1 GiB or none), loongarch64 lddir/ldpte. Every mapping is read back
 * by a reference walk written here from the ISA's manual (not from the
 * port's encoder), through "physical" addresses that differ from the
 * host's, so a walk through an empty entry (PA 0) or outside the pool
 * fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arch/a64_s2.h>
#include <arch/la_pt.h>
#include <arch/rv_s2.h>
#include <zv/stage2.h>

#define POOL_PAGES 1200
#define FAKE_PA 0x40000000ULL /* "physical" address of the pool */
#define KIB4 0x1000ULL
#define MIB2 0x200000ULL
#define GIB1 0x40000000ULL

/* What a reference walk finds for one guest-physical address. */
struct ref {
	bool ok;
	u64 pa;
	u64 size; /* bytes the leaf maps */
	bool r, w, x, dev;
};

struct tcase;
typedef struct ref (*ref_walk_fn)(const struct tcase *c, u64 gpa);

struct tcase {
	const char *name;
	struct s2_format fmt;
	ref_walk_fn walk;
	u32 gpa_bits;
	bool memattr; /* the format encodes device vs normal memory */
	bool dev_nx;  /* it never lets a device mapping execute */
	/* Leaf sizes expected for RAM at 1 GiB / 2 MiB aligned addresses, and
	 * for a device at a 2 MiB aligned one. */
	u64 ram_1g, ram_2m, dev_2m;
	/* filled by setup */
	u64 (*mem)[512];
	struct s2_pool pool;
	struct s2_table t;
};

static const u64 *pa_to_table(const struct tcase *c, u64 pa)
{
	assert_true(pa >= FAKE_PA && pa < FAKE_PA + POOL_PAGES * KIB4);
	assert_int_equal(pa & (KIB4 - 1), 0);
	return c->mem[(pa - FAKE_PA) / KIB4];
}

static struct ref leaf_ref(u64 base, u64 size, u64 gpa)
{
	return (struct ref){.ok = true, .pa = base + (gpa & (size - 1)), .size = size};
}

/* RISC-V privileged spec, Sv39x4 G-stage: root of 2048 entries
 * (GPA[40:30]), then GPA[29:21], GPA[20:12]; R/W/X != 0 is a leaf, a
 * superpage's PPN must be aligned, G-stage leaves need U, A (and D when
 * writable) or the access faults. */
static struct ref rv_walk(const struct tcase *c, u64 gpa)
{
	const u64 *t = pa_to_table(c, c->t.root_pa);
	struct ref r = {0};

	if (gpa >> 41)
		return r;
	for (int level = 2; level >= 0; level--) {
		u64 idx = (gpa >> (12 + 9 * level)) & (level == 2 ? 0x7ff : 0x1ff);
		u64 pte = t[idx], pa = (pte >> 10) << 12, size = 1ULL << (12 + 9 * level);

		if (!(pte & 1))
			return r;
		if (pte & 0xe) {
			if ((pa & (size - 1)) || !(pte & (1 << 4)) || !(pte & (1 << 6)) ||
			    ((pte & 4) && !(pte & (1 << 7))))
				return r;
			r = leaf_ref(pa, size, gpa);
			r.r = pte & 2, r.w = pte & 4, r.x = pte & 8;
			return r;
		}
		if (level == 0)
			return r;
		t = pa_to_table(c, pa);
	}
	return r;
}

/* Arm ARM, VMSAv8-64 stage 2, 4 KiB granule: T0SZ = 64 - bits; SL0 = 0
 * starts at level 2 (up to 16 concatenated tables), 1 at level 1. Bits
 * [1:0]: 11 table (levels 1-2) or page (level 3), 01 block (levels 1-2).
 * Leaf: MemAttr [5:2], S2AP [7:6], SH [9:8], AF [10], XN [54]. */
static struct ref a64_walk(const struct tcase *c, u64 gpa)
{
	int start = c->gpa_bits > 34 ? 1 : 2;
	const u64 *t = pa_to_table(c, c->t.root_pa);
	struct ref r = {0};

	if (gpa >> c->gpa_bits)
		return r;
	for (int level = start; level <= 3; level++) {
		int shift = 12 + 9 * (3 - level);
		u64 mask = level == start ? (1ULL << (c->gpa_bits - shift)) - 1 : 0x1ff;
		u64 d = t[(gpa >> shift) & mask], pa = d & 0x0000fffffffff000ULL;
		u64 attr = (d >> 2) & 0xf;

		if ((d & 3) == 3 && level < 3) {
			t = pa_to_table(c, pa);
			continue;
		}
		if ((d & 3) != (level == 3 ? 3u : 1u) || !(d & (1 << 10)))
			return r;
		assert_true(attr == 0xf || attr == 0x1);
		if (attr == 0xf)
			assert_int_equal((d >> 8) & 3, 3); /* inner shareable */
		r = leaf_ref(pa, 1ULL << shift, gpa);
		r.r = d & (1 << 6), r.w = d & (1 << 7), r.x = !(d & (1ULL << 54));
		r.dev = attr == 0x1;
		return r;
	}
	return r;
}

static u32 pwcl_field(u32 shift, u32 bits)
{
	return (LA_PT_PWCL >> shift) & ((1u << bits) - 1);
}

/*
 * LoongArch refill as the hardware does it with root PWCL: csrrd PGD,
 * lddir 2, lddir 1, ldpte 0/1 (the even/odd pair around gpa). A huge
 * Dir1 entry (bit 6) is split by ldpte into two halves of 2^PS,
 * PS = PTbase + PTwidth - 1. pair[] gets what ldpte loads.
 */
static u64 la_refill(const struct tcase *c, u64 gpa, u64 pair[2])
{
	u32 ptbase = pwcl_field(0, 5), ptwidth = pwcl_field(5, 5);
	u32 base[2] = {pwcl_field(20, 5), pwcl_field(10, 5)};
	u32 width[2] = {pwcl_field(25, 5), pwcl_field(15, 5)};
	u64 dir = c->t.root_pa, idx;
	const u64 *pt;

	for (int i = 0; i < 2; i++)
		dir = pa_to_table(c, dir)[(gpa >> base[i]) & ((1ULL << width[i]) - 1)];
	if (dir & (1 << 6)) {
		u32 ps = ptbase + ptwidth - 1;

		pair[0] = dir & ~(1ULL << 6);
		pair[1] = pair[0] + (1ULL << ps);
		return pair[(gpa >> ps) & 1];
	}
	pt = pa_to_table(c, dir);
	idx = ((gpa >> ptbase) & ((1ULL << ptwidth) - 1)) & ~1ULL;
	pair[0] = pt[idx];
	pair[1] = pt[idx + 1];
	return pair[(gpa >> ptbase) & 1];
}

/* TLBELO: V 0, D 1, PLV 3:2, MAT 5:4 (0 SUC, 1 CC), PPN 47:12, NR 61, NX 62. */
static struct ref la_walk(const struct tcase *c, u64 gpa)
{
	u64 pair[2], e, pa;
	struct ref r = {0};
	bool huge;

	if (gpa >> 39)
		return r;
	e = la_refill(c, gpa, pair);
	if (!(e & 1))
		return r;
	huge = (pair[1] - pair[0]) == (1ULL << 20); /* ldpte split a Dir1 leaf */
	assert_int_equal(e & 0xc, 0);		    /* PLV 0 */
	assert_true(((e >> 4) & 3) <= 1);
	pa = e & 0x0000fffffffff000ULL;
	r = leaf_ref(pa, huge ? 1ULL << 20 : KIB4, gpa);
	r.size = huge ? MIB2 : KIB4;
	r.r = !(e & (1ULL << 61)), r.w = e & 2, r.x = !(e & (1ULL << 62));
	r.dev = ((e >> 4) & 3) == 0;
	return r;
}

static struct tcase cases[] = {
    {.name = "riscv64 Sv39x4",
     .walk = rv_walk,
     .gpa_bits = 41,
     .ram_1g = GIB1,
     .ram_2m = MIB2,
     .dev_2m = MIB2},
    {.name = "aarch64 32-bit IPA, 4 KiB leaves",
     .walk = a64_walk,
     .gpa_bits = 32,
     .memattr = true,
     .dev_nx = true,
     .ram_1g = KIB4,
     .ram_2m = KIB4,
     .dev_2m = KIB4},
    {.name = "aarch64 32-bit IPA, blocks",
     .walk = a64_walk,
     .gpa_bits = 32,
     .memattr = true,
     .dev_nx = true,
     .ram_1g = MIB2,
     .ram_2m = MIB2,
     .dev_2m = MIB2},
    {.name = "aarch64 39-bit IPA, blocks",
     .walk = a64_walk,
     .gpa_bits = 39,
     .memattr = true,
     .dev_nx = true,
     .ram_1g = GIB1,
     .ram_2m = MIB2,
     .dev_2m = MIB2},
    {.name = "loongarch64",
     .walk = la_walk,
     .gpa_bits = 39,
     .memattr = true,
     .ram_1g = MIB2,
     .ram_2m = MIB2,
     .dev_2m = KIB4},
};

static void formats_init(void)
{
	cases[0].fmt = rv_s2_format;
	cases[1].fmt = a64_s2_format(32, KIB4);
	cases[2].fmt = a64_s2_format(32, GIB1);
	cases[3].fmt = a64_s2_format(39, GIB1);
	cases[4].fmt = la_s2_format;
}

static int setup(void **state)
{
	struct tcase *c = *state;

	c->mem = aligned_alloc(KIB4, POOL_PAGES * KIB4);
	memset(c->mem, 0xa5, POOL_PAGES * KIB4); /* the builder fills what it takes */
	if (s2_pool_init(&c->pool, c->mem, POOL_PAGES, FAKE_PA, &c->fmt))
		return -1;
	return s2_table_init(&c->t, &c->pool);
}

static int teardown(void **state)
{
	struct tcase *c = *state;

	free(c->mem);
	c->mem = NULL;
	return 0;
}

/* [gpa, gpa + size) maps to hpa with flags, in leaves of leaf bytes;
 * s2_lookup() agrees with the reference walk. step: how densely to probe. */
static void expect_mapped(const struct tcase *c, u64 gpa, u64 hpa, u64 size, u32 flags, u64 leaf,
			  u64 step)
{
	for (u64 off = 0; off < size; off += step) {
		struct ref r = c->walk(c, gpa + off);
		u32 shift = 0;

		assert_true(r.ok);
		assert_int_equal(r.pa, hpa + off);
		assert_int_equal(r.size, leaf);
		assert_int_equal(r.r, !!(flags & S2_READ));
		assert_int_equal(r.w, !!(flags & S2_WRITE));
		assert_int_equal(r.x, (flags & S2_EXEC) && !(c->dev_nx && (flags & S2_DEVICE)));
		if (c->memattr)
			assert_int_equal(r.dev, !!(flags & S2_DEVICE));
		assert_int_not_equal(s2_lookup(&c->t, gpa + off, &shift), 0);
		assert_int_equal(1ULL << shift, leaf);
	}
}

static void expect_unmapped(const struct tcase *c, u64 gpa)
{
	u32 shift;

	assert_false(c->walk(c, gpa).ok);
	assert_int_equal(s2_lookup(&c->t, gpa, &shift), 0);
}

static void test_empty(void **state)
{
	const struct tcase *c = *state;
	const u64 gpas[] = {0, KIB4, 0x1fe001e0 & ~0xfffULL, 0x80000000,
			    (1ULL << c->gpa_bits) - KIB4};

	for (size_t i = 0; i < sizeof(gpas) / sizeof(gpas[0]); i++)
		expect_unmapped(c, gpas[i]);
}

/* RAM 1 GiB aligned: the largest leaf the format allows, then the next
 * sizes down for the tail; unaligned HPA: pages only. */
static void test_leaf_sizes(void **state)
{
	struct tcase *c = *state;
	const u64 g = GIB1, h = 2 * GIB1, size = GIB1 + MIB2 + KIB4;

	assert_int_equal(s2_map(&c->t, g, h, size, S2_RWX), 0);
	expect_mapped(c, g, h, GIB1, S2_RWX, c->ram_1g, c->ram_1g < MIB2 ? 0x3f000 : c->ram_1g / 4);
	expect_mapped(c, g + GIB1, h + GIB1, MIB2, S2_RWX, c->ram_2m,
		      c->ram_2m < MIB2 ? KIB4 : MIB2);
	expect_mapped(c, g + GIB1 + MIB2, h + GIB1 + MIB2, KIB4, S2_RWX, KIB4, KIB4);
	expect_unmapped(c, g - KIB4);
	expect_unmapped(c, g + size);
	/* Same size, HPA only 4 KiB aligned. */
	assert_int_equal(s2_map(&c->t, 0xc0000000, 0x90001000, 4 * MIB2, S2_READ | S2_WRITE), 0);
	expect_mapped(c, 0xc0000000, 0x90001000, 4 * MIB2, S2_READ | S2_WRITE, KIB4, KIB4);
	/* A device window, 2 MiB aligned. */
	assert_int_equal(s2_map(&c->t, 0x10000000, 0x10000000, 2 * MIB2 + 3 * KIB4,
				S2_READ | S2_WRITE | S2_DEVICE),
			 0);
	expect_mapped(c, 0x10000000, 0x10000000, 2 * MIB2, S2_READ | S2_WRITE | S2_DEVICE,
		      c->dev_2m, KIB4);
	expect_mapped(c, 0x10000000 + 2 * MIB2, 0x10000000 + 2 * MIB2, 3 * KIB4,
		      S2_READ | S2_WRITE | S2_DEVICE, KIB4, KIB4);
}

/* Mixed sizes and alignments side by side, each page checked. */
static void test_mixed(void **state)
{
	struct tcase *c = *state;
	static const struct {
		u64 gpa, hpa, size;
		u32 flags;
	} m[] = {
	    {0x00001000, 0x50001000, 0x3000, S2_READ | S2_EXEC},
	    {0x00004000, 0x60000000, 0x1fc000, S2_RWX},
	    {0x00200000, 0x60200000, 0x600000, S2_RWX},
	    {0x00800000, 0x70000000 + 0x1000, 0x201000, S2_READ},
	    {0x0a000000, 0x0a000000, 0x1000, S2_READ | S2_WRITE | S2_DEVICE},
	    {0x0a001000, 0x0b000000, 0x2000, S2_READ | S2_DEVICE},
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		assert_int_equal(s2_map(&c->t, m[i].gpa, m[i].hpa, m[i].size, m[i].flags), 0);
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		for (u64 off = 0; off < m[i].size; off += KIB4) {
			struct ref r = c->walk(c, m[i].gpa + off);

			assert_true(r.ok);
			assert_int_equal(r.pa, m[i].hpa + off);
			assert_int_equal(r.w, !!(m[i].flags & S2_WRITE));
			assert_int_equal(r.x,
					 m[i].flags == (S2_READ | S2_EXEC) || m[i].flags == S2_RWX);
		}
	expect_unmapped(c, 0);
	expect_unmapped(c, 0xa01000 + KIB4);
	expect_unmapped(c, 0x0a003000);
}

static void test_permissions(void **state)
{
	struct tcase *c = *state;
	static const u32 flags[] = {
	    S2_READ,
	    S2_READ | S2_WRITE,
	    S2_READ | S2_EXEC,
	    S2_RWX,
	    S2_READ | S2_WRITE | S2_DEVICE,
	    S2_RWX | S2_DEVICE,
	    S2_WRITE | S2_EXEC,
	};

	for (u32 i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		u64 gpa = 0x20000000 + i * MIB2;

		assert_int_equal(s2_map(&c->t, gpa, 0x90000000 + i * MIB2, MIB2, flags[i]), 0);
		expect_mapped(c, gpa, 0x90000000 + i * MIB2, MIB2, flags[i],
			      (flags[i] & S2_DEVICE) ? c->dev_2m : c->ram_2m, KIB4);
	}
}

/* Nothing replaces what is mapped: a page on a page, a page inside a
 * larger leaf, a larger leaf over a table of pages. */
static void test_overlap(void **state)
{
	struct tcase *c = *state;

	assert_int_equal(s2_map(&c->t, 0x1000, 0x2000, 0x1000, S2_READ), 0);
	assert_int_equal(s2_map(&c->t, 0x1000, 0x3000, 0x1000, S2_RWX), -ZV_EBUSY);
	assert_int_equal(s2_map(&c->t, 0, 0, MIB2, S2_RWX), -ZV_EBUSY);
	expect_mapped(c, 0x1000, 0x2000, 0x1000, S2_READ, KIB4, KIB4);
	expect_unmapped(c, 0x2000);
	if (c->ram_2m == MIB2) {
		assert_int_equal(s2_map(&c->t, 0x40000000, 0x40000000, MIB2, S2_RWX), 0);
		assert_int_equal(s2_map(&c->t, 0x40100000, 0x1000, 0x1000, S2_READ), -ZV_EBUSY);
		expect_mapped(c, 0x40000000, 0x40000000, MIB2, S2_RWX, MIB2, KIB4);
	}
	if (c->ram_1g == GIB1) {
		assert_int_equal(s2_map(&c->t, 0x80000000, 0x80000000, GIB1, S2_RWX), 0);
		assert_int_equal(s2_map(&c->t, 0x80200000, 0x0, MIB2, S2_RWX), -ZV_EBUSY);
		assert_int_equal(s2_map(&c->t, 0xc0000000 - KIB4, 0x0, 2 * KIB4, S2_RWX),
				 -ZV_EBUSY);
		expect_unmapped(c, 0xc0000000);
	}
}

static void test_bad_ranges(void **state)
{
	struct tcase *c = *state;
	u64 end = 1ULL << c->gpa_bits;

	assert_int_equal(s2_map(&c->t, 0x1800, 0x2000, 0x1000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x2000, 0x2800, 0x1000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x2000, 0x2000, 0x800, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, end, 0, 0x1000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, end - 0x1000, 0, 0x2000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, ~0xfffULL, 0, 0x2000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x3000, 1ULL << c->fmt.pa_bits, 0x1000, S2_READ),
			 -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x3000, ~0xfffULL, 0x2000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x4000, 0x4000, 0, S2_READ), 0);
	expect_unmapped(c, 0x2000);
	expect_unmapped(c, end - 0x1000);
	/* The last page of the space is fine. */
	assert_int_equal(s2_map(&c->t, end - 0x1000, 0x5000, 0x1000, S2_READ), 0);
	expect_mapped(c, end - 0x1000, 0x5000, 0x1000, S2_READ, KIB4, KIB4);
}

static void test_pool_exhausted(void **state)
{
	struct tcase *c = *state;
	struct s2_pool small;
	struct s2_table t;

	u64 gpa = 1ULL << (c->gpa_bits - 1);
	u32 empties = c->fmt.empty_tables ? c->fmt.levels : 0;
	u32 root_pages = (1u << c->fmt.bits[0]) / 512 ? (1u << c->fmt.bits[0]) / 512 : 1;

	/* Room for one table: a page under a new root entry needs levels - 1. */
	c->pool.nr = c->pool.used + (c->fmt.levels > 2 ? 1 : 0);
	assert_int_equal(s2_map(&c->t, gpa, 0, 0x1000, S2_READ), -ZV_ENOMEM);
	expect_unmapped(c, gpa);
	assert_int_equal(s2_table_init(&t, &c->pool), -ZV_ENOMEM);
	/* Pages mapped before the pool ran out stay mapped. */
	c->pool.nr = POOL_PAGES;
	assert_int_equal(s2_map(&c->t, 0x1000, 0x1000, 0x1000, S2_READ), 0);
	c->pool.nr = c->pool.used;
	assert_int_equal(s2_map(&c->t, 0x200000 - 0x1000, 0x1000, 0x2000, S2_READ), -ZV_ENOMEM);
	expect_mapped(c, 0x200000 - 0x1000, 0x1000, 0x1000, S2_READ, KIB4, KIB4);
	/* Room for the shared empty tables but not the root; none for them. */
	memset(&small, 0, sizeof(small));
	assert_int_equal(s2_pool_init(&small, c->mem, empties + root_pages - 1, FAKE_PA, &c->fmt),
			 0);
	assert_int_equal(s2_table_init(&t, &small), -ZV_ENOMEM);
	if (empties)
		assert_int_equal(s2_pool_init(&small, c->mem, empties - 1, FAKE_PA, &c->fmt),
				 -ZV_ENOMEM);
}

/* Roots wider than a page (riscv64's 16 KiB, aarch64's concatenated
 * level 2) are aligned to their size. */
static void test_root_alignment(void **state)
{
	struct tcase *c = *state;
	u64 root_bytes = (1ULL << c->fmt.bits[0]) * 8;
	struct s2_table t;

	assert_int_equal(s2_map(&c->t, 0, 0, KIB4, S2_READ), 0); /* one page used more */
	assert_int_equal(s2_table_init(&t, &c->pool), 0);
	if (root_bytes > KIB4)
		assert_int_equal(t.root_pa & (root_bytes - 1), 0);
	assert_int_not_equal(t.root_pa, c->t.root_pa);
}

/* loongarch64: what root PWCL tells the refill, the ldpte pairs, shared
 * empty tables (3 pages before any zone) and how tables are shared. */
static void test_la_layout(void **state)
{
	struct tcase *c = *state;
	u64 pair[2], e;
	u32 before;

	assert_int_equal(pwcl_field(0, 5), 12);
	assert_int_equal(pwcl_field(5, 5), 9);
	assert_int_equal(pwcl_field(10, 5), 21);
	assert_int_equal(pwcl_field(15, 5), 9);
	assert_int_equal(pwcl_field(20, 5), 30);
	assert_int_equal(pwcl_field(25, 5), 9);
	assert_int_equal(LA_PT_PWCL >> 30, 0);
	assert_int_equal(c->pool.used, 4); /* empty PT, Dir1, root; the zone's root */
	assert_int_not_equal(c->pool.empty_root_pa, 0);
	assert_int_equal(s2_map(&c->t, 0x200000, 0x90200000, 0x4000, S2_RWX), 0);
	e = la_refill(c, 0x201234, pair);
	assert_int_equal(e & LA_PTE_PFN_MASK, 0x90201000);
	assert_int_equal(pair[0] & LA_PTE_PFN_MASK, 0x90200000);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x90201000);
	assert_true((e & LA_PTE_P) && (e & LA_PTE_W) && !(e & LA_PTE_HUGE));
	assert_int_equal(la_refill(c, 0x204000, pair), 0);
	/* 2 MiB of device pages in one Dir1 slot: one Dir1 + one PT; the
	 * next 2 MiB a PT only. */
	before = c->pool.used;
	assert_int_equal(s2_map(&c->t, 0x40000000, 0xa0000000, MIB2, S2_READ | S2_DEVICE), 0);
	assert_int_equal(c->pool.used, before + 2);
	assert_int_equal(s2_map(&c->t, 0x40200000, 0xa0200000, MIB2, S2_READ | S2_DEVICE), 0);
	assert_int_equal(c->pool.used, before + 3);
	/* Two 2 MiB leaves in one new Dir1, a PT for the tail page. */
	before = c->pool.used;
	assert_int_equal(s2_map(&c->t, 0x90000000, 0x90000000, 2 * MIB2 + 0x2000, S2_RWX), 0);
	assert_int_equal(c->pool.used, before + 2);
	e = la_refill(c, 0x90312345, pair);
	assert_int_equal(pair[0] & LA_PTE_PFN_MASK, 0x90200000);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x90300000);
	assert_int_equal(e, pair[1]);
	assert_false(e & LA_PTE_HUGE);
	/* The empty root walks to invalid entries, never through PA 0. */
	c->t.root_pa = c->pool.empty_root_pa;
	assert_int_equal(la_refill(c, 0x90000000, pair), 0);
	assert_int_equal(pair[0] | pair[1], 0);
}

/* One run of fn per format, named by its index in cases[]. */
#define CASE(fn, i) {#fn "/" #i, fn, setup, teardown, &cases[i]}
#define FOR_CASES(fn) CASE(fn, 0), CASE(fn, 1), CASE(fn, 2), CASE(fn, 3), CASE(fn, 4)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FOR_CASES(test_empty),	    FOR_CASES(test_leaf_sizes),
	    FOR_CASES(test_mixed),	    FOR_CASES(test_permissions),
	    FOR_CASES(test_overlap),	    FOR_CASES(test_bad_ranges),
	    FOR_CASES(test_pool_exhausted), FOR_CASES(test_root_alignment),
	    CASE(test_la_layout, 4),
	};

	formats_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
