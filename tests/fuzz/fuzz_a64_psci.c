/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 SMCCC/PSCI handler (a64_smccc) on a zone of 1-8 vCPUs in
 * random states, called with random function IDs and arguments, checked
 * against an oracle written from the PSCI 1.1 and SMCCC 1.1 texts: 32-bit
 * calls see only the low halves of their arguments; CPU_ON and
 * AFFINITY_INFO name a vCPU of the calling zone (MPIDR Aff1.Aff0 = vCPU
 * number / 16, % 16) or are refused; CPU_ON enters only zone RAM; only x0
 * changes; only the named vCPU changes state; zonevisor hypercalls become
 * exits with their arguments. The same call through the HVC fast path
 * (a64_hvc_fast): the calls it answers itself (version and feature
 * queries, HC_NULL, HC_VERSION) get the oracle's results, count one exit
 * and change nothing else; every other call reaches a64_hvc_exit()
 * untouched.
 * zone.c is the real one (its zone_vcpu_start() checks the entry);
 * stubs.c stands in for what it calls.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arch/psci.h>
#include <zv/hypercall.h>
#include <zv/zone.h>

#include "a64.h"
#include "fuzz_input.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define RAM_BASE 0x40000000UL
#define RAM_SIZE 0x200000UL

/* The zone's RAM; its host address is never dereferenced. */
static struct zv_zone_cfg cfg = {.nr_ram = 1, .ram = {{RAM_BASE, RAM_BASE, RAM_SIZE}}};
static struct zone zone;
static struct vcpu vcpus[ZV_MAX_VCPUS];

static bool hvc_exit_called;

uintptr_t a64_hvc_exit(struct arch_vcpu *a)
{
	hvc_exit_called = true;
	return (uintptr_t)a | 1;
}

/* ---- Oracle ---- */

static bool is_32(uint32_t fn)
{
	return !(fn & (1u << 30)); /* SMCCC: bit 30 = SMC64/HVC64 */
}

/* The vCPU an MPIDR names, or -1. */
static long target(uint64_t mpidr)
{
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;

	if ((mpidr >> 16) || aff0 >= 16 || aff1 * 16 + aff0 >= zone.nr_vcpus)
		return -1;
	return (long)(aff1 * 16 + aff0);
}

static bool implemented(uint32_t fn)
{
	static const uint32_t fns[] = {
	    PSCI_VERSION,	   PSCI_CPU_SUSPEND_32,	  PSCI_CPU_SUSPEND_64,
	    PSCI_CPU_OFF,	   PSCI_CPU_ON_32,	  PSCI_CPU_ON_64,
	    PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64, PSCI_MIGRATE_INFO_TYPE,
	    PSCI_SYSTEM_OFF,	   PSCI_SYSTEM_RESET,	  PSCI_FEATURES,
	    SMCCC_VERSION,	   PSCI_SYSTEM_RESET2_32, PSCI_SYSTEM_RESET2_64,
	};

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (fns[i] == fn)
			return true;
	return false;
}

static int64_t cpu_on(const uint64_t *a, uint32_t *state)
{
	long id = target(a[1]);

	if (id < 0)
		return PSCI_INVALID_PARAMETERS;
	if (a[2] < RAM_BASE || a[2] - RAM_BASE > RAM_SIZE - 4)
		return PSCI_INVALID_ADDRESS;
	if (state[id] == VCPU_OFF) {
		state[id] = VCPU_STARTING;
		return PSCI_SUCCESS;
	}
	return state[id] == VCPU_STARTING ? PSCI_ON_PENDING : PSCI_ALREADY_ON;
}

static int64_t affinity_info(const uint64_t *a, const uint32_t *state)
{
	long id = target(a[1]);

	if (id < 0 || a[2] != 0)
		return PSCI_INVALID_PARAMETERS;
	return state[id] == VCPU_RUNNING ? 0 : state[id] == VCPU_STARTING ? 2 : 1;
}

/* x0 after the call; *reason the exit; state[] the vCPU states after. */
static int64_t oracle(uint32_t fn, const uint64_t *x, enum exit_reason *reason, uint32_t *state)
{
	uint64_t a[4];

	for (int i = 0; i < 4; i++)
		a[i] = is_32(fn) ? (uint32_t)x[i] : x[i];
	*reason = EXIT_NONE;
	switch (fn) {
	case SMCCC_VERSION:
		return SMCCC_VERSION_1_1;
	case PSCI_VERSION:
		return PSCI_VERSION_1_1;
	case PSCI_FEATURES:
		return implemented((uint32_t)a[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		return cpu_on(a, state);
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		return affinity_info(a, state);
	case PSCI_CPU_OFF:
		*reason = EXIT_VCPU_STOP;
		return PSCI_DENIED;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		return PSCI_SUCCESS;
	case PSCI_MIGRATE_INFO_TYPE:
		return 2;
	case PSCI_SYSTEM_OFF:
		*reason = EXIT_SHUTDOWN;
		return PSCI_SUCCESS;
	case PSCI_SYSTEM_RESET:
	case PSCI_SYSTEM_RESET2_32:
	case PSCI_SYSTEM_RESET2_64:
		*reason = EXIT_REBOOT;
		return PSCI_SUCCESS;
	}
	return PSCI_NOT_SUPPORTED;
}

/* Whether the HVC fast path may answer fn itself: nothing but constants
 * (and PSCI_FEATURES's argument) decides the result. */
static bool fast_answer(uint32_t fn)
{
	if ((fn & ZV_HVC_MASK) == ZV_HVC_BASE)
		return (fn & ~ZV_HVC_MASK) == HC_NULL || (fn & ~ZV_HVC_MASK) == HC_VERSION;
	return fn == SMCCC_VERSION || fn == PSCI_VERSION || fn == PSCI_FEATURES ||
	       fn == PSCI_MIGRATE_INFO_TYPE;
}

/* ---- Driver ---- */

static uint64_t pick_fn(struct fuzz_input *in)
{
	static const uint32_t fns[] = {
	    SMCCC_VERSION,
	    SMCCC_ARCH_FEATURES,
	    PSCI_VERSION,
	    PSCI_CPU_SUSPEND_32,
	    PSCI_CPU_SUSPEND_64,
	    PSCI_CPU_OFF,
	    PSCI_CPU_ON_32,
	    PSCI_CPU_ON_64,
	    PSCI_AFFINITY_INFO_32,
	    PSCI_AFFINITY_INFO_64,
	    PSCI_MIGRATE_INFO_TYPE,
	    PSCI_SYSTEM_OFF,
	    PSCI_SYSTEM_RESET,
	    PSCI_FEATURES,
	    PSCI_SYSTEM_RESET2_32,
	    PSCI_SYSTEM_RESET2_64,
	    ZV_HVC_BASE,
	    ZV_HVC_BASE + 5,
	    ZV_HVC_BASE + HC_VERSION,
	};
	uint64_t sel = fuzz_take(in, 1), hi = fuzz_take(in, 4) << 32;

	if (sel < 0xe0) /* a known ID, maybe with garbage above W0 */
		return fns[sel % (sizeof(fns) / sizeof(fns[0]))] | (sel & 1 ? hi : 0);
	return hi | fuzz_take(in, 4);
}

/* Arguments: mostly an MPIDR of the zone, an address near its RAM. */
static uint64_t pick_arg(struct fuzz_input *in, int i)
{
	uint64_t sel = fuzz_take(in, 1), hi = sel & 0x80 ? fuzz_take(in, 4) << 32 : 0;

	if (i == 1 && (sel & 3) == 0) /* Aff1 0 or 1, Aff0 0-17 */
		return hi | ((sel >> 2) & 1) << 8 | fuzz_take(in, 1) % 18;
	if (i == 2 && (sel & 3) == 0)
		return hi | (RAM_BASE - 8 + fuzz_take(in, 3) % (RAM_SIZE + 16));
	if ((sel & 3) == 1)
		return hi | (sel >> 2 & 3);
	return fuzz_take(in, 8);
}

static void setup(struct fuzz_input *in)
{
	memset(&zone, 0, sizeof(zone));
	memset(vcpus, 0, sizeof(vcpus));
	zone.cfg = &cfg;
	zone.state = ZONE_RUNNING; /* zone_vcpu_start() starts vCPUs of a running zone only */
	zone.nr_vcpus = 1 + fuzz_take(in, 1) % ZV_MAX_VCPUS;
	for (u32 i = 0; i < zone.nr_vcpus; i++) {
		vcpus[i].id = i, vcpus[i].zone = &zone;
		vcpus[i].state = fuzz_take(in, 1) % 4;
		zone.vcpus[i] = &vcpus[i];
	}
}

/* The call in before[] through a64_hvc_fast() on v. */
static void step_fast(struct vcpu *v, const uint64_t *before)
{
	uint32_t fn = (uint32_t)before[0], state[ZV_MAX_VCPUS];
	uint64_t exits = vcpu_exits(v);
	enum exit_reason reason;
	uintptr_t r;

	memcpy(v->arch.x, before, sizeof(v->arch.x));
	hvc_exit_called = false;
	r = a64_hvc_fast(&v->arch);
	if (!fast_answer(fn)) {
		CHECK(hvc_exit_called && r == ((uintptr_t)&v->arch | 1) && vcpu_exits(v) == exits);
		CHECK(!memcmp(before, v->arch.x, sizeof(v->arch.x)));
		return;
	}
	CHECK(!hvc_exit_called && r == (uintptr_t)&v->arch && vcpu_exits(v) == exits + 1);
	if ((fn & ZV_HVC_MASK) == ZV_HVC_BASE) {
		CHECK(v->arch.x[0] == 0);
		CHECK(v->arch.x[1] == ((fn & ~ZV_HVC_MASK) == HC_VERSION ? ZV_VERSION : 0));
		CHECK(!memcmp(&before[2], &v->arch.x[2], sizeof(v->arch.x) - 16));
		return;
	}
	CHECK((int64_t)v->arch.x[0] == oracle(fn, before, &reason, state) && reason == EXIT_NONE);
	CHECK(!memcmp(&before[1], &v->arch.x[1], sizeof(v->arch.x) - 8));
}

static void step(struct fuzz_input *in)
{
	struct vcpu *v = &vcpus[fuzz_take(in, 1) % zone.nr_vcpus];
	struct vcpu_exit e = {.reason = EXIT_NONE};
	uint64_t before[31];
	uint32_t state[ZV_MAX_VCPUS];
	enum exit_reason reason;
	uint32_t fn;
	int64_t want;

	for (int i = 0; i < 31; i++)
		v->arch.x[i] = i == 0 ? pick_fn(in) : i < 5 ? pick_arg(in, i) : fuzz_take(in, 1);
	memcpy(before, v->arch.x, sizeof(before));
	fn = (uint32_t)before[0];
	step_fast(v, before);
	memcpy(v->arch.x, before, sizeof(before));
	for (u32 i = 0; i < zone.nr_vcpus; i++)
		state[i] = vcpus[i].state;
	a64_smccc(v, &e);
	CHECK(!memcmp(&before[1], &v->arch.x[1], sizeof(before) - 8));
	if ((fn & ZV_HVC_MASK) == ZV_HVC_BASE) {
		CHECK(e.reason == EXIT_HYPERCALL && e.hcall.nr == (fn & ~ZV_HVC_MASK));
		CHECK(!memcmp(e.hcall.arg, &before[1], sizeof(e.hcall.arg)));
		CHECK(v->arch.x[0] == before[0]);
		return;
	}
	want = oracle(fn, before, &reason, state);
	CHECK((int64_t)v->arch.x[0] == want && e.reason == reason);
	for (u32 i = 0; i < zone.nr_vcpus; i++)
		CHECK(vcpus[i].state == state[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	setup(&in);
	while (in.left)
		step(&in);
	return 0;
}
