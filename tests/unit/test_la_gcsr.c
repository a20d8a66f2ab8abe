/* SPDX-License-Identifier: MIT */
/*
 * loongarch64 guest CSRs and boot hand-off: the hardware GCSR save/restore
 * table (KVM's HW_GCSR set, no duplicates, restore order), the software CSR
 * bank emulated on GSPR (rd/wr/xchg, unknown CSRs), the reset state, the
 * guest cpucfg masking, and the EFI system table of the Linux hand-off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/la_efi.h>
#include <arch/la_gcsr.h>

static void test_hw_table(void **state)
{
	static const uint16_t must[] = {0x0,  0x5,  0x6,  0xc,  0x19, 0x1b, 0x20, 0x30,
					0x37, 0x41, 0x42, 0x44, 0x60, 0x88, 0x8f, 0x183};

	assert_int_equal(LA_GCSR_HW_COUNT, 52);
	for (int i = 0; i < LA_GCSR_HW_COUNT; i++) {
		assert_int_equal(la_gcsr_hw_index(la_gcsr_hw_table[i].csr), i);
		assert_int_equal(la_gcsr_kind(la_gcsr_hw_table[i].csr), LA_GCSR_HW);
		assert_non_null(la_gcsr_hw_table[i].name);
	}
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++)
		assert_true(la_gcsr_hw_index(must[i]) >= 0);
	/* Only PGD is read-only; TCFG comes before TVAL in restore order. */
	for (int i = 0; i < LA_GCSR_HW_COUNT; i++)
		assert_int_equal(!!(la_gcsr_hw_table[i].flags & LA_GCSR_RO),
				 la_gcsr_hw_table[i].csr == 0x1b);
	assert_true(la_gcsr_hw_index(0x41) < la_gcsr_hw_index(0x42));
	assert_string_equal(la_gcsr_hw_table[LA_GCSR_IDX_ESTAT].name, "ESTAT");
	/* Root-only virtualization CSRs are not guest CSRs. */
	for (uint32_t c = 0x50; c <= 0x53; c++)
		assert_int_equal(la_gcsr_kind(c), LA_GCSR_NONE);
	assert_int_equal(la_gcsr_kind(0x15), LA_GCSR_NONE); /* GTLBC */
}

static void test_sw_slots(void **state)
{
	static const uint16_t sw[] = {0x80,  0x81,  0x90,  0x95,  0x98,  0x200, 0x207, 0x300,
				      0x301, 0x310, 0x313, 0x318, 0x34b, 0x380, 0x381, 0x390, 0x3cb, 0x500,
				      0x502};
	static const uint16_t none[] = {0x82, 0x96, 0x99, 0x208, 0x302, 0x314, 0x317, 0x34c, 0x3c4, 0x382, 0x3cc, 0x503,
					0x9,  0x3fff};
	uint8_t seen[LA_GCSR_SW_SLOTS] = {0};
	int n = 0;

	for (size_t i = 0; i < sizeof(sw) / sizeof(sw[0]); i++)
		assert_int_equal(la_gcsr_kind(sw[i]), LA_GCSR_SW);
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		assert_int_equal(la_gcsr_kind(none[i]), LA_GCSR_NONE);
	for (uint32_t c = 0; c < 0x4000; c++) {
		int s = la_gcsr_sw_slot(c);

		if (s < 0)
			continue;
		assert_true(s < LA_GCSR_SW_SLOTS);
		assert_int_equal(seen[s]++, 0);
		assert_int_equal(la_gcsr_kind(c), LA_GCSR_SW);
		n++;
	}
	assert_int_equal(n, LA_GCSR_SW_SLOTS);
}

static void test_sw_emulate(void **state)
{
	struct la_gcsr_sw s;

	memset(&s, 0, sizeof(s));
	assert_int_equal(la_gcsr_emulate(&s, 0x502, LA_CSR_WR, 0x1234, 0), 0);
	assert_int_equal(la_gcsr_emulate(&s, 0x502, LA_CSR_RD, 0, 0), 0x1234);
	assert_int_equal(la_gcsr_emulate(&s, 0x502, LA_CSR_XCHG, 0xff00, 0xf0f0), 0x1234);
	assert_int_equal(la_gcsr_emulate(&s, 0x502, LA_CSR_RD, 0, 0), 0xf204);
	/* Unknown CSRs: read 0, writes vanish, nothing else changes. */
	assert_int_equal(la_gcsr_emulate(&s, 0x9999 & 0x3fff, LA_CSR_WR, 7, 0), 0);
	assert_int_equal(la_gcsr_emulate(&s, 0x1999, LA_CSR_RD, 0, 0), 0);
	assert_int_equal(la_gcsr_emulate(&s, 0x80, LA_CSR_RD, 0, 0), 0);
}

static void test_reset_state(void **state)
{
	const uint64_t prcfg[3] = {0x72f8, 0x3b3f, 0x8073f2};
	struct la_gcsr_hw_state s;

	memset(&s, 0xff, sizeof(s));
	la_gcsr_reset_state(&s, 3, prcfg);
	assert_int_equal(s.v[LA_GCSR_IDX_CRMD], 0x8); /* DA, PLV0, IE off */
	assert_int_equal(s.v[LA_GCSR_IDX_CPUID], 3);
	assert_int_equal(s.v[LA_GCSR_IDX_PRCFG1], 0x72f8);
	assert_int_equal(s.v[LA_GCSR_IDX_PRCFG3], 0x8073f2);
	assert_int_equal(s.v[LA_GCSR_IDX_TCFG], 0);
	assert_int_equal(s.v[LA_GCSR_IDX_ECFG], 0);
	assert_int_equal(s.v[LA_GCSR_IDX_DMW0], 0);
	assert_int_equal(s.v[LA_GCSR_IDX_EENTRY], 0);
}

static void test_guest_cpucfg(void **state)
{
	/* la464 on QEMU with the LVZ model: CPUCFG2 0x60cccf. */
	assert_int_equal(la_guest_cpucfg(2, 0x60cccf) & (0xfu << 10), 0);
	assert_int_equal(la_guest_cpucfg(2, 0x60cccf), 0x60c0cf);
	assert_int_equal(la_guest_cpucfg(0, 0x14c010), 0x14c010);
	assert_int_equal(la_guest_cpucfg(1, 0xffffffff), 0x03ffffff);
	assert_int_equal(la_guest_cpucfg(4, 100000000), 100000000);
	assert_int_equal(la_guest_cpucfg(6, 0xffffffff), 0);          /* no PMU */
	assert_int_equal(la_guest_cpucfg(21, 0xffffffff), 0);
	assert_int_equal(la_guest_cpucfg(0x40000000, 0x4d564b), 0);  /* not KVM */
}

static void test_efi_handoff(void **state)
{
	static uint8_t area[LA_EFI_AREA];
	struct la_boot_args a;
	uint64_t v64;
	uint32_t v32;

	assert_int_equal(la_efi_build(area, 0x0, "console=ttyS0,115200", 0x100000, 0x3000000,
				      0x123456, &a), 0);
	assert_int_equal(a.a0, 1);
	assert_int_equal(a.a1, 0);
	assert_int_equal(a.a2, 0x200);
	assert_string_equal((const char *)area, "console=ttyS0,115200");
	memcpy(&v64, area + 0x200, 8);
	assert_int_equal(v64, LA_EFI_SYSTAB_SIG);
	memcpy(&v32, area + 0x208, 4);
	assert_int_equal(v32 >> 16, 2); /* revision 2.x */
	memcpy(&v64, area + 0x200 + 104, 8);
	assert_int_equal(v64, 2); /* nr_tables */
	memcpy(&v64, area + 0x200 + 112, 8);
	assert_int_equal(v64, 0x300);
	/* First table: DEVICE_TREE_GUID b1b621d5-f19c-41a5-830b-d9152c69aae0. */
	memcpy(&v32, area + 0x300, 4);
	assert_int_equal(v32, 0xb1b621d5);
	assert_int_equal(area[0x308], 0x83);
	memcpy(&v64, area + 0x310, 8);
	assert_int_equal(v64, 0x100000);
	/* Second: LINUX_EFI_INITRD_MEDIA_GUID -> {base, size}. */
	memcpy(&v32, area + 0x318, 4);
	assert_int_equal(v32, 0x5568e427);
	memcpy(&v64, area + 0x328, 8);
	memcpy(&v64, area + v64, 8);
	assert_int_equal(v64, 0x3000000);
	/* Without an initrd and at another address. */
	assert_int_equal(la_efi_build(area, 0x10000, NULL, 0x100000, 0, 0, &a), 0);
	assert_int_equal(a.a1, 0x10000);
	assert_int_equal(a.a2, 0x10200);
	assert_int_equal(area[0], 0);
	memcpy(&v64, area + 0x200 + 104, 8);
	assert_int_equal(v64, 1);
}

static void test_efi_cmdline_too_long(void **state)
{
	static uint8_t area[LA_EFI_AREA];
	char line[0x300];
	struct la_boot_args a;

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	assert_int_equal(la_efi_build(area, 0, line, 0, 0, 0, &a), -1);
	line[0x1ff] = 0;
	assert_int_equal(la_efi_build(area, 0, line, 0, 0, 0, &a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hw_table),      cmocka_unit_test(test_sw_slots),
		cmocka_unit_test(test_sw_emulate),    cmocka_unit_test(test_reset_state),
		cmocka_unit_test(test_guest_cpucfg),  cmocka_unit_test(test_efi_handoff),
		cmocka_unit_test(test_efi_cmdline_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
