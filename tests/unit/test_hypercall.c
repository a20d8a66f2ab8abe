/* SPDX-License-Identifier: MIT */
/*
 * hypercall_handle() against a fake zone whose RAM regions are exactly
 * sized heap buffers (AddressSanitizer catches any byte read outside them):
 * the simple calls, and HC_CONSOLE_WRITE's refusal of pointers outside the
 * zone's RAM, huge lengths and wrap-around. zone.c is the real one: its
 * zone_vcpu_start() refuses entries outside the zone's RAM for every caller.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <zv/arch.h>
#include <zv/console.h>
#include <zv/exit.h>
#include <zv/hypercall.h>
#include <zv/zone.h>

/* ---- The console, recorded; stubs.c has the rest of what zone.c calls. ---- */

static char out[2 * HC_CONSOLE_MAX];
static size_t nr_out;

void console_putc(struct zone *z, char c)
{
	assert_non_null(z);
	if (nr_out < sizeof(out))
		out[nr_out] = c;
	nr_out++;
}

/* The port's hook: the identity, or loongarch64's low PALEN bits where a
 * test sets entry_mask. */
static u64 entry_mask;

u64 arch_entry_gpa(u64 entry)
{
	return entry & entry_mask;
}

/* ---- The fake zone ---- */

/* Guest RAM: two regions adjacent in guest-physical space but apart on the
 * host, a third one alone, and a fourth at the very top of the address
 * space. */
#define R0_GPA 0x80000000ULL
#define R0_SIZE 0x1000ULL
#define R1_GPA (R0_GPA + R0_SIZE)
#define R1_SIZE 0x2000ULL
#define R2_GPA 0x90000000ULL
#define R2_SIZE 0x10ULL
#define R3_GPA (0ULL - 0x100)
#define R3_SIZE 0x100ULL

static struct zv_zone_cfg cfg;
static struct zone zone;
static struct vcpu vcpu, second; /* the caller (running) and vCPU 1 (off) */
static char *ram[4];

static int setup(void **state)
{
	static const u64 gpa[4] = {R0_GPA, R1_GPA, R2_GPA, R3_GPA};
	static const u64 size[4] = {R0_SIZE, R1_SIZE, R2_SIZE, R3_SIZE};

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(&zone, 0, sizeof(zone));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&second, 0, sizeof(second));
	strcpy(cfg.name, "fake");
	cfg.id = 7;
	cfg.nr_ram = 4;
	for (int i = 0; i < 4; i++) {
		ram[i] = malloc(size[i]);
		assert_non_null(ram[i]);
		for (u64 b = 0; b < size[i]; b++)
			ram[i][b] = (char)('A' + i);
		cfg.ram[i] = (struct zv_region){gpa[i], (uintptr_t)ram[i], size[i]};
	}
	zone.cfg = &cfg;
	zone.boots = 3;
	zone.state = ZONE_RUNNING; /* vCPUs start only in a running zone */
	zone.nr_vcpus = 2;
	zone.vcpus[0] = &vcpu;
	zone.vcpus[1] = &second;
	vcpu.zone = second.zone = &zone;
	vcpu.state = VCPU_RUNNING;
	nr_out = 0;
	entry_mask = ~0ULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		free(ram[i]);
	return 0;
}

static struct vcpu_exit call(u64 nr, u64 a0, u64 a1)
{
	struct vcpu_exit e = {.reason = EXIT_HYPERCALL};

	e.hcall.nr = nr;
	e.hcall.arg[0] = a0;
	e.hcall.arg[1] = a1;
	e.hcall.ret = 0x5555;
	e.hcall.value = 0x6666; /* stale values from an earlier call */
	hypercall_handle(&vcpu, &e);
	return e;
}

static s64 console_write(u64 gpa, u64 len)
{
	return call(HC_CONSOLE_WRITE, gpa, len).hcall.ret;
}

/* ---- Simple calls ---- */

static void test_null_version_id_boots(void **state)
{
	struct vcpu_exit e;

	(void)state;
	e = call(HC_NULL, 1, 2);
	assert_int_equal(e.hcall.ret, 0);
	assert_int_equal(e.hcall.value, 0);
	e = call(HC_VERSION, 0, 0);
	assert_int_equal(e.hcall.ret, 0);
	assert_int_equal(e.hcall.value, ZV_VERSION);
	e = call(HC_ZONE_ID, 0, 0);
	assert_int_equal(e.hcall.ret, 0);
	assert_int_equal(e.hcall.value, 7);
	e = call(HC_ZONE_BOOTS, 0, 0);
	assert_int_equal(e.hcall.ret, 0);
	assert_int_equal(e.hcall.value, 3);
}

static void test_unknown_numbers(void **state)
{
	static const u64 nrs[] = {HC_COUNT, 100, 0x1000, 0x80000000ULL, 0x100000000ULL | HC_VERSION,
				  0x8000000000000000ULL, ~0ULL};

	(void)state;
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		struct vcpu_exit e = call(nrs[i], R0_GPA, 4);

		assert_int_equal(e.hcall.ret, -ZV_ENOSYS);
		assert_int_equal(e.hcall.value, 0);
	}
	assert_int_equal(nr_out, 0);
}

/* ---- vCPU control: HC_VCPU_START / STATE / STOP ---- */

static void test_vcpu_control(void **state)
{
	struct vcpu_exit e;

	(void)state;
	e = call(HC_VCPU_STATE, 1, 0);
	assert_int_equal(e.hcall.ret, 0);
	assert_int_equal(e.hcall.value, 0);
	e = call(HC_VCPU_STATE, 0, 0);
	assert_int_equal(e.hcall.value, 1);
	/* Only the zone's own vCPUs, with no truncation of the number. */
	assert_int_equal(call(HC_VCPU_STATE, 2, 0).hcall.ret, -ZV_EINVAL);
	assert_int_equal(call(HC_VCPU_START, 0x100000001ULL, 0x1000).hcall.ret, -ZV_EINVAL);
	assert_int_equal(second.state, VCPU_OFF);

	/* The entry must lie in the zone's RAM. */
	assert_int_equal(call(HC_VCPU_START, 1, 0x70000000).hcall.ret, -ZV_EFAULT);
	assert_int_equal(call(HC_VCPU_START, 1, R1_GPA + R1_SIZE - 2).hcall.ret, -ZV_EFAULT);
	assert_int_equal(second.state, VCPU_OFF);
	e = call(HC_VCPU_START, 1, 0x80000040);
	assert_int_equal(e.hcall.ret, 0);
	assert_int_equal(second.state, VCPU_STARTING);
	assert_int_equal(second.start_entry, 0x80000040);
	assert_int_equal(call(HC_VCPU_STATE, 1, 0).hcall.value, 1);
	assert_int_equal(call(HC_VCPU_START, 1, 0x80000040).hcall.ret, -ZV_EBUSY);
	assert_int_equal(call(HC_VCPU_START, 0, 0x80000040).hcall.ret, -ZV_EBUSY);

	e = call(HC_VCPU_STOP, 0, 0);
	assert_int_equal(e.reason, EXIT_VCPU_STOP);
}

/* zone_vcpu_start() itself, as SBI HSM, PSCI CPU_ON and the LoongArch
 * mailbox call it: the first instruction (4 bytes at the address the port's
 * hook names) must lie in the zone's RAM; a missing vCPU is reported first,
 * a vCPU that is not off last. */
static void test_vcpu_start_checks_entry(void **state)
{
	static const u64 bad[] = {
	    0x70000000,			    /* no RAM there */
	    R0_GPA - 4,			    /* just before */
	    R2_GPA + R2_SIZE,		    /* just after */
	    R2_GPA + R2_SIZE - 3,	    /* 4 bytes straddle the end */
	    R1_GPA + R1_SIZE - 2,	    /* straddles the end of region 1 */
	    ~0ULL - 2,			    /* wraps around past 2^64 */
	    0x9000000000000000ULL | R2_GPA, /* RAM only without the high bits */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(zone_vcpu_start(&zone, 1, bad[i], 0), -ZV_EFAULT);
	assert_int_equal(second.state, VCPU_OFF);
	assert_int_equal(zone_vcpu_start(&zone, 2, 0x70000000, 0), -ZV_EINVAL);
	assert_int_equal(zone_vcpu_start(&zone, 0x100000001ULL, R0_GPA, 0), -ZV_EINVAL);
	assert_int_equal(zone_vcpu_start(&zone, 0, 0x70000000, 0), -ZV_EFAULT);
	assert_int_equal(zone_vcpu_start(&zone, 0, R0_GPA, 0), -ZV_EBUSY);

	/* The hook picks the address checked; the vCPU starts at entry as given. */
	entry_mask = 0x0000ffffffffffffULL;
	assert_int_equal(zone_vcpu_start(&zone, 1, 0x9000000000000000ULL | 0x70000000, 0),
			 -ZV_EFAULT);
	assert_int_equal(zone_vcpu_start(&zone, 1, 0x9000000000000000ULL | R2_GPA, 5), 0);
	assert_int_equal(second.state, VCPU_STARTING);
	assert_int_equal(second.start_entry, 0x9000000000000000ULL | R2_GPA);
	assert_int_equal(second.start_arg, 5);
}

/* ---- HC_CONSOLE_WRITE ---- */

static void test_console_write_inside(void **state)
{
	(void)state;
	ram[0][0] = 'h', ram[0][1] = 'i';
	assert_int_equal(console_write(R0_GPA, 2), 0);
	assert_int_equal(nr_out, 2);
	assert_memory_equal(out, "hi", 2);
	/* A whole region, ending exactly at its last byte. */
	nr_out = 0;
	assert_int_equal(console_write(R2_GPA, R2_SIZE), 0);
	assert_int_equal(nr_out, R2_SIZE);
	assert_memory_equal(out, ram[2], R2_SIZE);
	nr_out = 0;
	assert_int_equal(console_write(R1_GPA + R1_SIZE - 1, 1), 0);
	assert_int_equal(nr_out, 1);
	assert_int_equal(out[0], 'B');
	assert_int_equal(call(HC_CONSOLE_WRITE, R0_GPA, 1).hcall.value, 0);
}

static void test_console_write_max_length(void **state)
{
	(void)state;
	assert_int_equal(console_write(R1_GPA, HC_CONSOLE_MAX), 0);
	assert_int_equal(nr_out, HC_CONSOLE_MAX);
	nr_out = 0;
	assert_int_equal(console_write(R1_GPA, HC_CONSOLE_MAX + 1), -ZV_EINVAL);
	assert_int_equal(nr_out, 0);
}

static void test_console_write_huge_lengths(void **state)
{
	static const u64 lens[] = {R1_SIZE, 0x10000, 0x80000000ULL, 0x7fffffffffffffffULL,
				   0x8000000000000000ULL, ~0ULL, ~0ULL - R0_GPA + 1};

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		assert_int_equal(console_write(R1_GPA, lens[i]), -ZV_EINVAL);
	assert_int_equal(nr_out, 0);
}

static void test_console_write_zero_length(void **state)
{
	(void)state;
	assert_int_equal(console_write(R0_GPA, 0), 0);
	assert_int_equal(console_write(R2_GPA + R2_SIZE, 0), 0); /* one past the end */
	assert_int_equal(nr_out, 0);
	/* Nowhere near the zone's RAM, even an empty write is refused. */
	assert_int_equal(console_write(0x1000, 0), -ZV_EFAULT);
}

static void test_console_write_outside(void **state)
{
	static const struct {
		u64 gpa, len;
	} bad[] = {
		{0, 1},
		{R0_GPA - 1, 1},               /* the byte before */
		{R0_GPA - 1, 2},               /* starts before, ends inside */
		{R2_GPA + R2_SIZE, 1},         /* the byte after */
		{R2_GPA + R2_SIZE - 1, 2},     /* straddles the end */
		{R2_GPA + 8, R2_SIZE},         /* longer than what is left */
		{R1_GPA + R1_SIZE, 1},         /* the gap after region 1 */
		{0x88000000, 16},              /* the gap between regions */
		{R0_GPA + R0_SIZE - 2, 4},     /* spans regions 0 and 1: not contiguous on the host */
		{R0_GPA + 0x800, 0x801},
		{0x7fffffffffffffffULL, 16},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s64 ret = console_write(bad[i].gpa, bad[i].len);

		if (ret != -ZV_EFAULT)
			fail_msg("gpa 0x%llx len 0x%llx: %lld", (unsigned long long)bad[i].gpa,
				 (unsigned long long)bad[i].len, (long long)ret);
	}
	assert_int_equal(nr_out, 0);
}

static void test_console_write_wraparound(void **state)
{
	(void)state;
	/* The top region ends at 2^64 - 1: nothing may wrap past it to 0. */
	assert_int_equal(console_write(R3_GPA, R3_SIZE), 0);
	assert_int_equal(nr_out, R3_SIZE);
	nr_out = 0;
	assert_int_equal(console_write(~0ULL, 1), 0);
	assert_int_equal(console_write(~0ULL, 2), -ZV_EFAULT);
	assert_int_equal(console_write(R3_GPA, R3_SIZE + 1), -ZV_EFAULT);
	assert_int_equal(console_write(R3_GPA + 0x80, 0x100), -ZV_EFAULT);
	/* gpa + len wrapping around to inside region 0 */
	assert_int_equal(console_write(~0ULL - 0xf, R0_GPA + 0x20), -ZV_EINVAL);
	assert_int_equal(console_write(~0ULL - 0xf, 0x20), -ZV_EFAULT);
	assert_int_equal(nr_out, 1);
}

static void test_console_write_no_ram(void **state)
{
	(void)state;
	cfg.nr_ram = 0;
	assert_int_equal(console_write(R0_GPA, 1), -ZV_EFAULT);
	assert_int_equal(console_write(R0_GPA, 0), -ZV_EFAULT);
	assert_int_equal(nr_out, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_null_version_id_boots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_start_checks_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_write_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_write_max_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_write_huge_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_write_zero_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_write_outside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_write_wraparound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_write_no_ram, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
