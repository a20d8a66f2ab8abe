/* SPDX-License-Identifier: MIT */
/*
 * hypercall_handle() with random numbers and arguments against a fake zone
 * whose RAM regions are exactly sized heap buffers: AddressSanitizer stops
 * any byte read outside them, and every result is checked against a
 * 128-bit-arithmetic oracle of what the zone may name.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/console.h>
#include <zv/exit.h>
#include <zv/hypercall.h>
#include <zv/zone.h>

#include "fuzz_input.h"

#define CHECK(x) ((x) ? (void)0 : abort())

/* ---- The console, counted; stubs.c has the rest of what zone.c calls ---- */

static struct zone zone;
static u64 putc_calls;

void console_putc(struct zone *z, char c)
{
	CHECK(z == &zone);
	putc_calls++;
}

/* ---- The fake zone: regions adjacent in guest-physical space, a lone one
 * and one ending at 2^64 - 1. ---- */

static const struct {
	u64 gpa, size;
} layout[ZV_MAX_RAM] = {
	{0x80000000ULL, 0x1000},
	{0x80001000ULL, 0x2000},
	{0x90000000ULL, 0x10},
	{0ULL - 0x100, 0x100},
};

static struct zv_zone_cfg cfg;
static struct vcpu vcpu, sibling; /* the caller (running) and vCPU 1 */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	strcpy(cfg.name, "fuzz");
	cfg.id = 9;
	cfg.nr_ram = ZV_MAX_RAM;
	for (int i = 0; i < ZV_MAX_RAM; i++) {
		char *ram = malloc(layout[i].size);

		CHECK(ram);
		memset(ram, 'a' + i, layout[i].size);
		cfg.ram[i] = (struct zv_region){layout[i].gpa, (uintptr_t)ram, layout[i].size};
	}
	zone.cfg = &cfg;
	zone.nr_vcpus = 2;
	zone.vcpus[0] = &vcpu;
	zone.vcpus[1] = &sibling;
	vcpu.zone = sibling.zone = &zone;
	vcpu.state = VCPU_RUNNING;
	return 0;
}

/* ---- Input ---- */

/* A guest address: near a region edge, or any 64-bit value. */
static u64 pick_gpa(struct fuzz_input *in)
{
	u64 sel = fuzz_take(in, 1), delta = fuzz_take(in, 2);
	u64 base = layout[sel % ZV_MAX_RAM].gpa, end = base + layout[sel % ZV_MAX_RAM].size;

	switch ((sel >> 2) & 3) {
	case 0:
		return base + delta % 0x40;
	case 1:
		return end - delta % 0x40;
	case 2:
		return base - delta % 0x40;
	default:
		return fuzz_take(in, 8);
	}
}

static u64 pick_len(struct fuzz_input *in)
{
	u64 sel = fuzz_take(in, 1);

	switch (sel & 3) {
	case 0:
		return sel >> 2;
	case 1:
		return fuzz_take(in, 2);
	case 2:
		return HC_CONSOLE_MAX + (sel >> 2) - 32;
	default:
		return fuzz_take(in, 8);
	}
}

/* What HC_CONSOLE_WRITE must answer: all of [gpa, gpa + len) inside one
 * region, computed without any wrap-around. */
static s64 oracle_console_write(u64 gpa, u64 len)
{
	if (len > HC_CONSOLE_MAX)
		return -ZV_EINVAL;
	for (int i = 0; i < ZV_MAX_RAM; i++) {
		unsigned __int128 b = layout[i].gpa, e = b + layout[i].size;

		if (gpa >= b && (unsigned __int128)gpa + len <= e)
			return 0;
	}
	return -ZV_EFAULT;
}

static void one_call(struct fuzz_input *in)
{
	u64 sel = fuzz_take(in, 1);
	struct vcpu_exit e = {.reason = EXIT_HYPERCALL};

	e.hcall.nr = sel < 0xc0 ? sel % (HC_COUNT + 2) : fuzz_take(in, 8);
	e.hcall.arg[0] = pick_gpa(in);
	if ((e.hcall.nr == HC_VCPU_START || e.hcall.nr == HC_VCPU_STATE) && (sel & 1))
		e.hcall.arg[0] %= 3; /* vCPU 0, 1, or one the zone lacks */
	e.hcall.arg[1] = pick_len(in);
	if (e.hcall.nr == HC_VCPU_START && (sel & 2))
		e.hcall.arg[1] = pick_gpa(in); /* an entry near a RAM edge */
	e.hcall.arg[2] = fuzz_take(in, 8);
	e.hcall.arg[3] = fuzz_take(in, 8);
	e.hcall.ret = 0x1234;
	e.hcall.value = 0x5678;
	putc_calls = 0;
	zone.state = ZONE_RUNNING; /* zone_vcpu_start() starts vCPUs of a running zone only */
	sibling.state = fuzz_take(in, 1) & 1 ? VCPU_RUNNING : VCPU_OFF;
	u32 before = e.hcall.arg[0] < 2 ? zone.vcpus[e.hcall.arg[0]]->state : VCPU_OFF;
	hypercall_handle(&vcpu, &e);

	if (e.hcall.nr == HC_VCPU_STOP) {
		CHECK(e.reason == EXIT_VCPU_STOP);
		return;
	}
	CHECK(e.reason == EXIT_HYPERCALL);
	if (e.hcall.nr == HC_VCPU_START || e.hcall.nr == HC_VCPU_STATE) {
		if (e.hcall.arg[0] >= 2)
			CHECK(e.hcall.ret == -ZV_EINVAL);
		else if (e.hcall.nr == HC_VCPU_START && oracle_console_write(e.hcall.arg[1], 4))
			CHECK(e.hcall.ret == -ZV_EFAULT);
		else if (e.hcall.nr == HC_VCPU_START)
			CHECK(e.hcall.ret == (before == VCPU_OFF ? 0 : -ZV_EBUSY));
		else
			CHECK(e.hcall.ret == 0 && e.hcall.value == (before != VCPU_OFF));
		CHECK(putc_calls == 0);
	} else if (e.hcall.nr >= HC_COUNT) {
		CHECK(e.hcall.ret == -ZV_ENOSYS && e.hcall.value == 0);
	} else if (e.hcall.nr == HC_MGMT_WRITE || e.hcall.nr == HC_MGMT_READ) {
		/* the fuzzed zone is no root: refused (fuzz_mgmt fuzzes the rest) */
		CHECK(e.hcall.ret == -ZV_EPERM && e.hcall.value == 0 && putc_calls == 0);
	} else if (e.hcall.nr == HC_CHAN_RING || e.hcall.nr == HC_CHAN_ACK) {
		/* the table has no channels: no id names one of the caller's
		 * (fuzz_chan fuzzes channel tables) */
		CHECK(e.hcall.ret == -ZV_EPERM && e.hcall.value == 0 && putc_calls == 0);
	} else if (e.hcall.nr == HC_CONSOLE_WRITE) {
		CHECK(e.hcall.ret == oracle_console_write(e.hcall.arg[0], e.hcall.arg[1]));
		CHECK(putc_calls == (e.hcall.ret == 0 ? e.hcall.arg[1] : 0));
		CHECK(e.hcall.value == 0);
	} else {
		CHECK(e.hcall.ret == 0 && putc_calls == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	while (in.left)
		one_call(&in);
	return 0;
}
