/* SPDX-License-Identifier: MIT */
/*
 * zonevisor hypercalls, the same numbers on every ISA. How a guest makes
 * one is the port's business (riscv64: SBI extension ZV_SBI_EXT, function =
 * nr; aarch64: HVC #0 with x0 = ZV_HVC_BASE + nr; loongarch64: hvcl 0 with
 * a7 = nr). Results: ret (0 or -ZV_E*) and value.
 */
#ifndef ZV_HYPERCALL_H
#define ZV_HYPERCALL_H

#define HC_NULL 0          /* does nothing: the exit-cost benchmark */
#define HC_VERSION 1       /* value = ZV_VERSION */
#define HC_ZONE_ID 2       /* value = this zone's id */
#define HC_CONSOLE_WRITE 3 /* (gpa, len): print len bytes from guest RAM */
#define HC_ZONE_BOOTS 4    /* value = how often this zone was started */
#define HC_VCPU_EXITS 5    /* value = exits this vCPU took so far (benchmarks) */
/* vCPU control for ISAs whose firmware has none (LoongArch); the same on
 * every ISA, and vCPU numbers are the zone's own (0 .. nr_vcpus - 1). */
#define HC_VCPU_START 6    /* (vcpu, entry, arg): -ZV_EBUSY if it is not off,
			    * -ZV_EFAULT if entry is not in the zone's RAM */
#define HC_VCPU_STOP 7     /* stop the calling vCPU (no return) */
#define HC_VCPU_STATE 8    /* (vcpu): value = 1 on or starting, 0 off */
/* Inter-zone channels (docs/channels.md); channel ids and zone ids as
 * the zone table gives them. */
#define HC_CHAN_RING 9     /* (channel, zone): raise that member's doorbell;
			    * -ZV_EPERM: caller not a member (or no such
			    * channel), -ZV_EINVAL: zone not a member;
			    * value = 1: was pending already (coalesced) */
#define HC_CHAN_ACK 10     /* (channel): lower the caller's doorbell;
			    * -ZV_EPERM as above; value = 1: it was pending */
/* The root zone's management pipe (docs/management.md), for roots without
 * the virtio control port (bare-metal roots, tests): -ZV_EPERM in any
 * other zone. */
#define HC_MGMT_WRITE 11   /* (gpa, len): request bytes to the service */
#define HC_MGMT_READ 12    /* (gpa, size): value = answer bytes copied there */
#define HC_COUNT 13

#define HC_CONSOLE_MAX 4096
#define ZV_VERSION 0x00000100 /* 0.1.0 */

#ifndef __ASSEMBLY__
#include <zv/types.h>

struct vcpu;
struct vcpu_exit;
void hypercall_handle(struct vcpu *v, struct vcpu_exit *e);

/* The hypercalls answered from constants (ret 0): a port may complete
 * them in its trap path without building an exit. */
static inline bool hypercall_const(u64 nr, u64 *value)
{
	switch (nr) {
	case HC_NULL:
		*value = 0;
		return true;
	case HC_VERSION:
		*value = ZV_VERSION;
		return true;
	}
	return false;
}
#endif

#endif
