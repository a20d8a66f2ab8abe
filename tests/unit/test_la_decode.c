/* SPDX-License-Identifier: MIT */
/*
 * loongarch64 BADI decoding: every load/store form (si12, ldptr/stptr si14,
 * ldx/stx) with widths, sign extension, registers and offsets; iocsr
 * read/write widths; cpucfg; csrrd/csrwr/csrxchg; idle, cacop, hvcl; and
 * instructions the hypervisor must refuse. Encodings from llvm-mc-19.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arch/la_decode.h>
#include <arch/la_gcsr.h>

struct mem_case {
	uint32_t insn;
	enum la_insn_kind kind;
	uint8_t width, sign, indexed;
	int32_t imm;
};

/* rd = a0 (4), rj = a1 (5), rk = a2 (6) throughout. */
static const struct mem_case mem_cases[] = {
    {0x280000a4, LA_INSN_LOAD, 1, 1, 0, 0},   /* ld.b a0, a1, 0 */
    {0x287ff0a4, LA_INSN_LOAD, 2, 1, 0, -4},  /* ld.h a0, a1, -4 */
    {0x288020a4, LA_INSN_LOAD, 4, 1, 0, 8},   /* ld.w a0, a1, 8 */
    {0x28c040a4, LA_INSN_LOAD, 8, 0, 0, 16},  /* ld.d a0, a1, 16 */
    {0x290000a4, LA_INSN_STORE, 1, 0, 0, 0},  /* st.b */
    {0x294000a4, LA_INSN_STORE, 2, 0, 0, 0},  /* st.h */
    {0x298000a4, LA_INSN_STORE, 4, 0, 0, 0},  /* st.w */
    {0x29ffe0a4, LA_INSN_STORE, 8, 0, 0, -8}, /* st.d a0, a1, -8 */
    {0x2a0000a4, LA_INSN_LOAD, 1, 0, 0, 0},   /* ld.bu */
    {0x2a4000a4, LA_INSN_LOAD, 2, 0, 0, 0},   /* ld.hu */
    {0x2a8000a4, LA_INSN_LOAD, 4, 0, 0, 0},   /* ld.wu */
    {0x240004a4, LA_INSN_LOAD, 4, 1, 0, 4},   /* ldptr.w a0, a1, 4 */
    {0x250004a4, LA_INSN_STORE, 4, 0, 0, 4},  /* stptr.w a0, a1, 4 */
    {0x260008a4, LA_INSN_LOAD, 8, 0, 0, 8},   /* ldptr.d a0, a1, 8 */
    {0x27fff8a4, LA_INSN_STORE, 8, 0, 0, -8}, /* stptr.d a0, a1, -8 */
    {0x380018a4, LA_INSN_LOAD, 1, 1, 1, 0},   /* ldx.b a0, a1, a2 */
    {0x380418a4, LA_INSN_LOAD, 2, 1, 1, 0},   /* ldx.h */
    {0x380818a4, LA_INSN_LOAD, 4, 1, 1, 0},   /* ldx.w */
    {0x380c18a4, LA_INSN_LOAD, 8, 0, 1, 0},   /* ldx.d */
    {0x381018a4, LA_INSN_STORE, 1, 0, 1, 0},  /* stx.b */
    {0x381418a4, LA_INSN_STORE, 2, 0, 1, 0},  /* stx.h */
    {0x381818a4, LA_INSN_STORE, 4, 0, 1, 0},  /* stx.w */
    {0x381c18a4, LA_INSN_STORE, 8, 0, 1, 0},  /* stx.d */
    {0x382018a4, LA_INSN_LOAD, 1, 0, 1, 0},   /* ldx.bu */
    {0x382418a4, LA_INSN_LOAD, 2, 0, 1, 0},   /* ldx.hu */
    {0x382818a4, LA_INSN_LOAD, 4, 0, 1, 0},   /* ldx.wu */
};

static void test_loads_stores(void **state)
{
	for (size_t i = 0; i < sizeof(mem_cases) / sizeof(mem_cases[0]); i++) {
		const struct mem_case *c = &mem_cases[i];
		struct la_insn d;

		assert_true(la_decode(c->insn, &d));
		assert_int_equal(d.kind, c->kind);
		assert_int_equal(d.width, c->width);
		assert_int_equal(d.sign_extend, c->sign);
		assert_int_equal(d.indexed, c->indexed);
		assert_int_equal(d.rd, 4);
		assert_int_equal(d.rj, 5);
		assert_int_equal(d.rk, c->indexed ? 6 : 0);
		assert_int_equal(d.imm, c->imm);
	}
}

static void test_offset_extremes(void **state)
{
	struct la_insn d;

	/* ld.w t0, sp, 2047 and -2048; ldptr.d with the largest si14. */
	assert_true(la_decode(0x288000a4 | (0x7ffu << 10), &d));
	assert_int_equal(d.imm, 2047);
	assert_true(la_decode(0x288000a4 | (0x800u << 10), &d));
	assert_int_equal(d.imm, -2048);
	assert_true(la_decode(0x260000a4 | (0x1fffu << 10), &d));
	assert_int_equal(d.imm, 0x1fff * 4);
	assert_true(la_decode(0x260000a4 | (0x2000u << 10), &d));
	assert_int_equal(d.imm, -0x2000 * 4);
	/* Register numbers at the top of the range: st.d s8 (r31), r31, 0. */
	assert_true(la_decode(0x29c00000 | (31u << 5) | 31u, &d));
	assert_int_equal(d.rd, 31);
	assert_int_equal(d.rj, 31);
}

static void test_iocsr(void **state)
{
	static const uint32_t rd[4] = {0x064800a4, 0x064804a4, 0x064808a4, 0x06480ca4};
	static const uint32_t wr[4] = {0x064810a4, 0x064814a4, 0x064818a4, 0x06481ca4};
	struct la_insn d;

	for (int i = 0; i < 4; i++) {
		assert_true(la_decode(rd[i], &d));
		assert_int_equal(d.kind, LA_INSN_IOCSR_RD);
		assert_int_equal(d.width, 1 << i);
		assert_int_equal(d.sign_extend, i < 3);
		assert_int_equal(d.rd, 4);
		assert_int_equal(d.rj, 5);
		assert_true(la_decode(wr[i], &d));
		assert_int_equal(d.kind, LA_INSN_IOCSR_WR);
		assert_int_equal(d.width, 1 << i);
		assert_int_equal(d.sign_extend, 0);
	}
	/* tlbclr (0x06482000) is right after the iocsr block: not iocsr. */
	assert_false(la_decode(0x06482000, &d));
	assert_false(la_decode(0x06483800, &d)); /* ertn */
}

static void test_cpucfg_csr(void **state)
{
	struct la_insn d;

	assert_true(la_decode(0x00006ca4, &d)); /* cpucfg a0, a1 */
	assert_int_equal(d.kind, LA_INSN_CPUCFG);
	assert_int_equal(d.rd, 4);
	assert_int_equal(d.rj, 5);
	assert_true(la_decode(0x04020004, &d)); /* csrrd a0, 0x80 */
	assert_int_equal(d.kind, LA_INSN_CSR);
	assert_int_equal(d.csr_op, LA_CSR_RD);
	assert_int_equal(d.code, 0x80);
	assert_int_equal(d.rd, 4);
	assert_true(la_decode(0x04020024, &d)); /* csrwr a0, 0x80 */
	assert_int_equal(d.csr_op, LA_CSR_WR);
	assert_true(la_decode(0x040200a4, &d)); /* csrxchg a0, a1, 0x80 */
	assert_int_equal(d.csr_op, LA_CSR_XCHG);
	assert_int_equal(d.rj, 5);
	assert_int_equal(d.code, 0x80);
	assert_true(la_decode(0x04000004 | (0x3fffu << 10), &d)); /* csrrd a0, 0x3fff */
	assert_int_equal(d.code, 0x3fff);
}

static void test_idle_cacop_hvcl(void **state)
{
	struct la_insn d;

	assert_true(la_decode(0x06488000, &d));
	assert_int_equal(d.kind, LA_INSN_IDLE);
	assert_int_equal(d.code, 0);
	assert_true(la_decode(0x060000b0, &d)); /* cacop 0x10, a1, 0 */
	assert_int_equal(d.kind, LA_INSN_CACOP);
	assert_int_equal(d.code, 0x10);
	assert_int_equal(d.rj, 5);
	assert_true(la_decode(0x002b8000, &d)); /* hvcl 0 */
	assert_int_equal(d.kind, LA_INSN_HVCL);
	assert_int_equal(d.code, 0);
	assert_true(la_decode(0x002b8100, &d)); /* hvcl 0x100 */
	assert_int_equal(d.code, 0x100);
	assert_true(la_decode(0x002bffff, &d));
	assert_int_equal(d.code, 0x7fff);
}

static void test_refused(void **state)
{
	static const uint32_t no[] = {
	    0x386014c4,				/* amswap.w */
	    0x2b8000a0,				/* fld.d */
	    0x200000a4,				/* ll.w */
	    0x00000000, 0xffffffff, 0x002a0000, /* break 0 */
	    0x002b0000,				/* syscall 0 */
	    0x06483400,				/* tlbfill */
	    0x05000004,				/* gcsrrd: guests cannot */
	};
	struct la_insn d;

	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		assert_false(la_decode(no[i], &d));
		assert_int_equal(d.kind, LA_INSN_UNKNOWN);
	}
}

/* GSPR exits decode privileged instructions only; the lean exit path
 * (trap.S saves r1-r20) takes those naming no register above r20. */
static void test_priv_lean(void **state)
{
	struct la_insn d;

	assert_true(la_decode_priv(0x064818a4, &d)); /* iocsrwr.w a0, a1 */
	assert_int_equal(d.kind, LA_INSN_IOCSR_WR);
	assert_true(la_insn_lean(&d));
	assert_true(la_decode_priv(0x06480a84, &d)); /* iocsrrd.w a0, t8 (r20) */
	assert_true(la_insn_lean(&d));
	assert_true(la_decode_priv(0x064818b7, &d)); /* iocsrwr.w s0 (r23), a1 */
	assert_int_equal(d.rd, 23);
	assert_false(la_insn_lean(&d));
	assert_true(la_decode_priv(0x06480ae4, &d)); /* iocsrrd.w a0, s0: address in s0 */
	assert_false(la_insn_lean(&d));
	assert_true(la_decode_priv(0x00006ea4, &d)); /* cpucfg a0, r21 */
	assert_false(la_insn_lean(&d));
	assert_true(la_decode_priv(0x04020284, &d)); /* csrxchg a0, t8, 0x80 */
	assert_true(la_insn_lean(&d));
	assert_true(la_decode_priv(0x06488000, &d)); /* idle 0 */
	assert_true(la_insn_lean(&d));
	/* Loads and stores are not what a GSPR exit reports. */
	assert_false(la_decode_priv(0x28c00084, &d)); /* ld.d a0, a0, 0 */
	assert_int_equal(d.kind, LA_INSN_UNKNOWN);
	assert_false(la_decode_priv(0x386014c4, &d)); /* amswap.w */
	assert_int_equal(d.kind, LA_INSN_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_loads_stores),    cmocka_unit_test(test_offset_extremes),
	    cmocka_unit_test(test_iocsr),	    cmocka_unit_test(test_cpucfg_csr),
	    cmocka_unit_test(test_idle_cacop_hvcl), cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_priv_lean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
