/* SPDX-License-Identifier: MIT */
/*
 * The SMCCC services a zone sees through HVC #0 or a trapped SMC #0:
 * PSCI 1.1 for its own vCPUs (MPIDR Aff1.Aff0 = vCPU number) and the
 * zonevisor hypercalls. Unknown function IDs return NOT_SUPPORTED (-1).
 */
#include <arch/psci.h>
#include <zv/hypercall.h>
#include <zv/vcpu.h>
#include <zv/zone.h>

#include "a64.h"

/* vCPU number from an MPIDR value, or -1 if the zone has no such vCPU. */
static long psci_target(struct zone *z, u64 mpidr)
{
	u64 id;

	if (mpidr & ~0xffffUL)
		return -1;
	id = ((mpidr >> 8) & 0xff) * 16 + (mpidr & 0xff);
	if ((mpidr & 0xff) >= 16 || id >= z->nr_vcpus)
		return -1;
	return (long)id;
}

static s64 psci_cpu_on(struct vcpu *v, u64 mpidr, u64 entry, u64 ctx)
{
	long id = psci_target(v->zone, mpidr);
	int err;

	if (id < 0)
		return PSCI_INVALID_PARAMETERS;
	err = zone_vcpu_start(v->zone, (u64)id, entry, ctx);
	if (err == -ZV_EFAULT)
		return PSCI_INVALID_ADDRESS;
	if (err)
		return v->zone->vcpus[id]->state == VCPU_STARTING ? PSCI_ON_PENDING
								  : PSCI_ALREADY_ON;
	return PSCI_SUCCESS;
}

/* AFFINITY_INFO: 0 ON, 1 OFF, 2 ON_PENDING (affinity level 0 only). */
static s64 psci_affinity_info(struct vcpu *v, u64 mpidr, u64 level)
{
	long id = psci_target(v->zone, mpidr);
	u32 state;

	if (id < 0 || level != 0)
		return PSCI_INVALID_PARAMETERS;
	state = v->zone->vcpus[id]->state;
	return state == VCPU_RUNNING ? 0 : state == VCPU_STARTING ? 2 : 1;
}

static bool psci_implemented(u32 fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_SYSTEM_RESET2_32:
	case PSCI_SYSTEM_RESET2_64:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return true;
	}
	return false;
}

/* The SMCCC and PSCI calls whose answer depends on nothing but the call
 * (PSCI_FEATURES: on its argument): true with *ret the x0 result. */
static inline __attribute__((always_inline)) bool psci_const(u32 fn, u64 x1, s64 *ret)
{
	switch (fn) {
	case SMCCC_VERSION:
		*ret = SMCCC_VERSION_1_1;
		return true;
	case PSCI_VERSION:
		*ret = PSCI_VERSION_1_1;
		return true;
	case PSCI_FEATURES: /* SMC32: the upper half is not the argument */
		*ret = psci_implemented((u32)x1) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
		return true;
	case PSCI_MIGRATE_INFO_TYPE:
		*ret = 2; /* no Trusted OS needing migration */
		return true;
	}
	return false;
}

/* PSCI and SMCCC calls; returns the x0 result. */
static s64 psci_call(struct vcpu *v, struct vcpu_exit *e, u32 fn, const u64 *x)
{
	s64 ret;

	if (psci_const(fn, x[1], &ret))
		return ret;
	switch (fn) {
	case PSCI_CPU_ON_32:
		return psci_cpu_on(v, (u32)x[1], (u32)x[2], (u32)x[3]);
	case PSCI_CPU_ON_64:
		return psci_cpu_on(v, x[1], x[2], x[3]);
	case PSCI_AFFINITY_INFO_32: /* SMC32: the upper halves are not arguments */
		return psci_affinity_info(v, (u32)x[1], (u32)x[2]);
	case PSCI_AFFINITY_INFO_64:
		return psci_affinity_info(v, x[1], x[2]);
	case PSCI_CPU_OFF:
		e->reason = EXIT_VCPU_STOP;
		return PSCI_DENIED; /* seen only if the stop fails */
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		/* A standby that returns at once is a valid wake-up. */
		return PSCI_SUCCESS;
	case PSCI_SYSTEM_OFF:
		e->reason = EXIT_SHUTDOWN;
		return PSCI_SUCCESS;
	case PSCI_SYSTEM_RESET:
	case PSCI_SYSTEM_RESET2_32:
	case PSCI_SYSTEM_RESET2_64:
		e->reason = EXIT_REBOOT;
		return PSCI_SUCCESS;
	}
	return PSCI_NOT_SUPPORTED;
}

/* The calls that need neither the vCPU nor its zone, answered in x[0]
 * (and x[1], a hypercall's value); false, x untouched, for any other. */
static inline bool a64_smccc_const(u64 *x)
{
	u32 fn = (u32)x[0];
	s64 ret;

	if ((fn & ZV_HVC_MASK) == ZV_HVC_BASE) {
		if (!hypercall_const(fn & ~ZV_HVC_MASK, &x[1]))
			return false;
		x[0] = 0; /* ret: success */
		return true;
	}
	if (!psci_const(fn, x[1], &ret))
		return false;
	x[0] = (u64)ret;
	return true;
}

uintptr_t a64_hvc_fast(struct arch_vcpu *a)
{
	if (likely(a64_smccc_const(a->x))) {
		vcpu_count_exit(vcpu_of_arch(a));
		return (uintptr_t)a;
	}
	return a64_hvc_exit(a);
}

void a64_smccc(struct vcpu *v, struct vcpu_exit *e)
{
	u64 *x = v->arch.x;
	u32 fn = (u32)x[0];

	if ((fn & ZV_HVC_MASK) == ZV_HVC_BASE) {
		e->reason = EXIT_HYPERCALL;
		e->hcall.nr = fn & ~ZV_HVC_MASK;
		for (int i = 0; i < HCALL_NR_ARGS; i++)
			e->hcall.arg[i] = x[1 + i];
		return; /* the core completes it */
	}
	x[0] = (u64)psci_call(v, e, fn, x);
}
