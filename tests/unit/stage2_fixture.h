/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture of test_stage2.c and test_stage2_bad.c: the reference
 * walks of each port's stage-2 format (from the ISA manuals), the five
 * format cases, their setup with a pool at a "physical" address other
 * than the host's, and the checks that read a mapping back.
 */
#ifndef ZV_TEST_STAGE2_FIXTURE_H
#define ZV_TEST_STAGE2_FIXTURE_H

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

static inline const u64 *pa_to_table(const struct tcase *c, u64 pa)
{
	assert_true(pa >= FAKE_PA && pa < FAKE_PA + POOL_PAGES * KIB4);
	assert_int_equal(pa & (KIB4 - 1), 0);
	return c->mem[(pa - FAKE_PA) / KIB4];
}

static inline struct ref leaf_ref(u64 base, u64 size, u64 gpa)
{
	return (struct ref){.ok = true, .pa = base + (gpa & (size - 1)), .size = size};
}

/* RISC-V privileged spec, Sv39x4 G-stage: root of 2048 entries
 * (GPA[40:30]), then GPA[29:21], GPA[20:12]; R/W/X != 0 is a leaf, a
 * superpage's PPN must be aligned, G-stage leaves need U, A (and D when
 * writable) or the access faults. */
static inline struct ref rv_walk(const struct tcase *c, u64 gpa)
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
static inline struct ref a64_walk(const struct tcase *c, u64 gpa)
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

static inline u32 pwcl_field(u32 shift, u32 bits)
{
	return (LA_PT_PWCL >> shift) & ((1u << bits) - 1);
}

/*
 * LoongArch refill as the hardware does it with root PWCL: csrrd PGD,
 * lddir 2, lddir 1, ldpte 0/1 (the even/odd pair around gpa). A huge
 * Dir1 entry (bit 6) is split by ldpte into two halves of 2^PS,
 * PS = PTbase + PTwidth - 1. pair[] gets what ldpte loads.
 */
static inline u64 la_refill(const struct tcase *c, u64 gpa, u64 pair[2])
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
static inline struct ref la_walk(const struct tcase *c, u64 gpa)
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

static inline void formats_init(void)
{
	cases[0].fmt = rv_s2_format;
	cases[1].fmt = a64_s2_format(32, KIB4);
	cases[2].fmt = a64_s2_format(32, GIB1);
	cases[3].fmt = a64_s2_format(39, GIB1);
	cases[4].fmt = la_s2_format;
}

static inline int setup(void **state)
{
	struct tcase *c = *state;

	c->mem = aligned_alloc(KIB4, POOL_PAGES * KIB4);
	memset(c->mem, 0xa5, POOL_PAGES * KIB4); /* the builder fills what it takes */
	if (s2_pool_init(&c->pool, c->mem, POOL_PAGES, FAKE_PA, &c->fmt))
		return -1;
	return s2_table_init(&c->t, &c->pool);
}

static inline int teardown(void **state)
{
	struct tcase *c = *state;

	free(c->mem);
	c->mem = NULL;
	return 0;
}

/* [gpa, gpa + size) maps to hpa with flags, in leaves of leaf bytes;
 * s2_lookup() agrees with the reference walk. step: how densely to probe. */
static inline void expect_mapped(const struct tcase *c, u64 gpa, u64 hpa, u64 size, u32 flags,
				 u64 leaf, u64 step)
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

static inline void expect_unmapped(const struct tcase *c, u64 gpa)
{
	u32 shift;

	assert_false(c->walk(c, gpa).ok);
	assert_int_equal(s2_lookup(&c->t, gpa, &shift), 0);
}

/* One run of fn per format, named by its index in cases[]. */
#define CASE(fn, i) {#fn "/" #i, fn, setup, teardown, &cases[i]}
#define FOR_CASES(fn) CASE(fn, 0), CASE(fn, 1), CASE(fn, 2), CASE(fn, 3), CASE(fn, 4)

#endif
