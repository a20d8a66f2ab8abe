/* SPDX-License-Identifier: MIT */
/* The zone the interrupt-controller fuzzers (fuzz_vplic.c,
 * fuzz_a64_vgic.c) drive: nr vCPUs on physical CPUs 1..nr, the UART and
 * the testdev, and the passthrough interrupts irqs[0..nr_irqs). */
#ifndef TESTS_FUZZ_FUZZ_ZONE_H
#define TESTS_FUZZ_FUZZ_ZONE_H

#include <string.h>

#include <zv/zone.h>

static inline void fuzz_zone_init(struct zv_zone_cfg *cfg, struct zone *z, struct vcpu *vcpus,
				  u32 nr, const u32 *irqs, u32 nr_irqs)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(z, 0, sizeof(*z));
	memset(vcpus, 0, nr * sizeof(*vcpus));
	cfg->devices = ZV_DEV_UART | ZV_DEV_TESTDEV;
	cfg->nr_cpus = nr;
	cfg->nr_irqs = nr_irqs;
	memcpy(cfg->irqs, irqs, nr_irqs * sizeof(*irqs));
	z->cfg = cfg;
	z->nr_vcpus = nr;
	for (u32 i = 0; i < nr; i++) {
		vcpus[i].id = i, vcpus[i].pcpu = i + 1, vcpus[i].zone = z;
		z->vcpus[i] = &vcpus[i];
	}
}

#endif
