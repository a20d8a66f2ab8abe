/* SPDX-License-Identifier: MIT */
/*
 * loongarch64: which trapped instructions need PLV0 (la_insn_needs_plv0:
 * the check a guest user program's iocsr access must fail) and the guest
 * CSRs an exception the hypervisor delivers changes (la_exc_enter).
 * Encodings from llvm-mc-19.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arch/la_decode.h>
#include <arch/la_exc.h>

static bool needs_plv0(uint32_t insn)
{
	struct la_insn d;

	assert_true(la_decode(insn, &d));
	return la_insn_needs_plv0(&d);
}

static void test_privileged(void **state)
{
	static const uint32_t priv[] = {
	    0x064800a4, 0x064804a4, 0x064808a4, 0x06480ca4, /* iocsrrd.{b,h,w,d} a0, a1 */
	    0x064810a4, 0x064814a4, 0x064818a4, 0x06481ca4, /* iocsrwr.{b,h,w,d} a0, a1 */
	    0x04020004,					    /* csrrd a0, 0x80 */
	    0x04020024,					    /* csrwr a0, 0x80 */
	    0x040200a4,					    /* csrxchg a0, a1, 0x80 */
	    0x06488000,					    /* idle 0 */
	    0x002b8000, 0x002b8100,			    /* hvcl 0, hvcl 0x100 */
	    0x060000a0,					    /* cacop 0x0 (index class) */
	    0x060000a8,					    /* cacop 0x8 (index class) */
	    0x060000b8,					    /* cacop 0x18 (code[4:3] = 3) */
	};
	struct la_insn unknown = {.kind = LA_INSN_UNKNOWN};

	for (size_t i = 0; i < sizeof(priv) / sizeof(priv[0]); i++)
		assert_true(needs_plv0(priv[i]));
	/* An instruction the hypervisor does not know is never allowed. */
	assert_true(la_insn_needs_plv0(&unknown));
}

static void test_unprivileged(void **state)
{
	assert_false(needs_plv0(0x00006ca4)); /* cpucfg a0, a1: user code may */
	assert_false(needs_plv0(0x060000b0)); /* cacop 0x10: Hit class */
	assert_false(needs_plv0(0x060000b7)); /* cacop 0x17: Hit class */
	assert_false(needs_plv0(0x28c040a4)); /* ld.d */
	assert_false(needs_plv0(0x29ffe0a4)); /* st.d */
}

/* From PLV3 with interrupts and watchpoints on: everything the entry
 * saves is in PRMD, the handler runs at PLV0 with them off. */
static void test_enter_from_user(void **state)
{
	struct la_exc_state s = {
	    .crmd = 0x10 | 0x200 | 0x4 | 0x3,  /* PG, WE, IE, PLV3 */
	    .prmd = 0xf0,		       /* bits the entry keeps */
	    .estat = (0x16ULL << 16) | 0x1804, /* stale Ecode; IS: IPI, TI, HWI0 */
	    .pc = 0x120000abcULL,
	};

	la_exc_enter(&s, 0x1fff /* LIE, VS = 0 */, 0x9000000000210000ULL, 0xe, 0);
	assert_int_equal(s.prmd, 0xf0 | 0x8 | 0x4 | 0x3);
	assert_int_equal(s.crmd, 0x10);
	assert_int_equal(s.estat, (0xeULL << 16) | 0x1804);
	assert_int_equal(s.era, 0x120000abcULL);
	assert_int_equal(s.pc, 0x9000000000210000ULL);
}

/* From PLV0 with interrupts off: PRMD says so; ADE's EsubCode lands in
 * 30:22; with ECFG.VS = 3 the entry is EENTRY + ecode * 32 bytes. */
static void test_enter_vectored(void **state)
{
	struct la_exc_state s = {.crmd = 0x8, .prmd = 0x7, .estat = 0, .pc = 0x1000};

	la_exc_enter(&s, 3ULL << 16, 0x200000, 0x8, 1);
	assert_int_equal(s.prmd, 0);
	assert_int_equal(s.crmd, 0x8); /* DA kept */
	assert_int_equal(s.estat, (1ULL << 22) | (0x8ULL << 16));
	assert_int_equal(s.era, 0x1000);
	assert_int_equal(s.pc, 0x200000 + 0x8 * 32);
	/* Out-of-range codes cannot spill into neighbouring fields. */
	la_exc_enter(&s, 0, 0x200000, 0x7f, 0x3ff);
	assert_int_equal(s.estat, (0x1ffULL << 22) | (0x3fULL << 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_privileged),
	    cmocka_unit_test(test_unprivileged),
	    cmocka_unit_test(test_enter_from_user),
	    cmocka_unit_test(test_enter_vectored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
