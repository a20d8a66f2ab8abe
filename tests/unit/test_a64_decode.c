/* SPDX-License-Identifier: MIT */
/*
 * a64_decode_dabt(): stage-2 data abort syndromes (ESR_EL2 EC 0x24) into
 * MMIO accesses. The syndromes below are spelled out field by field from
 * the Arm ARM's ISS layout (ISV 24, SAS 23:22, SSE 21, SRT 20:16, SF 15,
 * AR 14, VNCR 13, FnV 10, EA 9, CM 8, S1PTW 7, WnR 6, DFSC 5:0), so they
 * check the decoder against the architecture rather than against itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/a64_decode.h>

/* IPA 0x09000010 (the PL011 page) reached through VA 0xffff800009000010. */
#define FAR 0xffff800009000010UL
#define HPFAR (0x09000UL << 4)
#define IPA 0x09000010UL

struct golden {
	uint64_t esr;
	const char *text;
	uint8_t width, write, reg, sign_extend, sf, len;
};

static const struct golden accepted[] = {
    /* EC 0x24, IL, ISV, SAS 2, SRT 1, DFSC 0x07 (level 3 translation) */
    {0x93810007, "ldr w1, [x0]", 4, 0, 1, 0, 0, 4},
    /* SAS 0, SRT 2, WnR, DFSC 0x06 (level 2) */
    {0x93020046, "strb w2, [x0]", 1, 1, 2, 0, 0, 4},
    /* SAS 1, SSE, SRT 3, SF, DFSC 0x05 (level 1) */
    {0x93638005, "ldrsh x3, [x0]", 2, 0, 3, 1, 1, 4},
    /* SAS 3, SRT 31, SF, WnR */
    {0x93df8047, "str xzr, [x0]", 8, 1, 31, 0, 1, 4},
    /* SAS 0, SSE, SRT 4, DFSC 0x04 (level 0) */
    {0x93240004, "ldrsb w4, [x0]", 1, 0, 4, 1, 0, 4},
    /* SAS 3, SRT 30, SF, AR */
    {0x93dec006, "ldar x30, [x0]", 8, 0, 30, 0, 1, 4},
    /* IL = 0: a 16-bit T32 ldr r1, [r0] at AArch32 EL0 */
    {0x91810007, "ldr r1, [r0] (T16)", 4, 0, 1, 0, 0, 2},
};

static const struct {
	uint64_t esr;
	const char *text;
	enum a64_dabt_kind kind;
} refused[] = {
    {0x92000007, "ldp x0, x1, [x2] (ISV = 0)", A64_DABT_NO_SYNDROME},
    {0x92000147, "dc civac, x0 (CM)", A64_DABT_NO_SYNDROME},
    {0x93810087, "stage-1 walk (S1PTW)", A64_DABT_STAGE2},
    {0x9381000f, "permission fault", A64_DABT_STAGE2},
    {0x9381000b, "access flag fault", A64_DABT_STAGE2},
    {0x93810003, "address size fault", A64_DABT_STAGE2},
    {0x93810210, "synchronous external abort (HPFAR not valid)", A64_DABT_STAGE2},
    {0x93810407, "FnV: FAR not valid", A64_DABT_STAGE2},
    {0x93812007, "VNCR_EL2 access", A64_DABT_STAGE2},
    {0x97810007, "EC 0x25: abort from the same EL", A64_DABT_STAGE2},
    {0x5a000000, "HVC64", A64_DABT_STAGE2},
};

static void test_golden_accepted(void **state)
{
	struct a64_dabt d;

	(void)state;
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		const struct golden *g = &accepted[i];

		memset(&d, 0xee, sizeof(d));
		if (a64_decode_dabt(g->esr, FAR, HPFAR, &d) != A64_DABT_MMIO)
			fail_msg("%s (0x%08lx) refused", g->text, (unsigned long)g->esr);
		if (d.gpa != IPA || d.width != g->width || d.write != g->write || d.reg != g->reg ||
		    d.sign_extend != g->sign_extend || d.sf != g->sf || d.len != g->len)
			fail_msg("%s: gpa 0x%lx width %u write %u reg %u sse %u sf %u len %u",
				 g->text, (unsigned long)d.gpa, d.width, d.write, d.reg,
				 d.sign_extend, d.sf, d.len);
	}
}

static void test_golden_refused(void **state)
{
	struct a64_dabt d;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		enum a64_dabt_kind k = a64_decode_dabt(refused[i].esr, FAR, HPFAR, &d);

		if (k != refused[i].kind)
			fail_msg("%s (0x%08lx): kind %d", refused[i].text,
				 (unsigned long)refused[i].esr, k);
		assert_int_equal(d.width, 0);
		/* An undecodable access still names its address for the log. */
		assert_int_equal(d.gpa, k == A64_DABT_NO_SYNDROME ? IPA : 0);
	}
}

/* Every SRT, SAS and direction: the fields land where the ISS puts them. */
static void test_all_registers_and_sizes(void **state)
{
	struct a64_dabt d;

	(void)state;
	for (uint64_t srt = 0; srt < 32; srt++)
		for (uint64_t sas = 0; sas < 4; sas++)
			for (uint64_t wnr = 0; wnr < 2; wnr++) {
				uint64_t esr =
				    0x93000007UL | sas << 22 | srt << 16 | wnr << 6 | 1UL << 21;

				assert_int_equal(a64_decode_dabt(esr, FAR, HPFAR, &d),
						 A64_DABT_MMIO);
				assert_int_equal(d.reg, srt);
				assert_int_equal(d.width, 1u << sas);
				assert_int_equal(d.write, wnr);
				assert_int_equal(d.sign_extend,
						 !wnr); /* SSE means nothing for stores */
			}
}

/* HPFAR_EL2.NS (bit 63) and the RES0 bits above FIPA are not address. */
static void test_fault_ipa(void **state)
{
	(void)state;
	assert_int_equal(a64_fault_ipa(FAR, HPFAR), IPA);
	assert_int_equal(a64_fault_ipa(FAR, HPFAR | 1UL << 63 | 0xfUL << 44 | 0xf), IPA);
	/* FIPA [43:4] is IPA[51:12]. */
	assert_int_equal(a64_fault_ipa(0xabc, 0xffffffffff0UL), 0xffffffffff000UL | 0xabc);
}

static void test_load_value(void **state)
{
	(void)state;
	assert_int_equal(a64_load_value(0x80, 1, true, true), 0xffffffffffffff80UL);
	assert_int_equal(a64_load_value(0x80, 1, true, false), 0xffffff80UL);
	assert_int_equal(a64_load_value(0x1280, 1, false, true), 0x80);
	assert_int_equal(a64_load_value(0xffff8000, 2, false, true), 0x8000);
	assert_int_equal(a64_load_value(0x8000, 2, true, true), 0xffffffffffff8000UL);
	assert_int_equal(a64_load_value(0x80000000, 4, true, true), 0xffffffff80000000UL);
	assert_int_equal(a64_load_value(0x1234567890UL, 8, false, false), 0x34567890);
	assert_int_equal(a64_load_value(0x1234567890UL, 8, true, true), 0x1234567890UL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden_accepted),
	    cmocka_unit_test(test_golden_refused),
	    cmocka_unit_test(test_all_registers_and_sizes),
	    cmocka_unit_test(test_fault_ipa),
	    cmocka_unit_test(test_load_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
