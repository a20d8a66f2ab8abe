/* SPDX-License-Identifier: MIT */
/*
 * The vGIC's decisions that need no hardware: which vCPUs a trapped SGI
 * write names, and where private interrupts that became pending go
 * without a scan. Pure C: unit-tested on the host.
 */
#ifndef ARCH_A64_VGIC_H
#define ARCH_A64_VGIC_H

#include <stdbool.h>
#include <zv/types.h>

#define A64_LR_NO_FIT 0xffffffffu

/* The vCPUs (bit i: vCPU i, i < nr_vcpus <= 32) an ICC_SGI1R_EL1 /
 * ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 value written by vCPU 'self' names:
 * IRM [40] all but self, else Aff3 [55:48] and Aff2 [39:32] zero, Aff1
 * [23:16] and RS [47:44] selecting the 16 vCPUs whose Aff0 TargetList
 * [15:0] covers (vCPU n has Aff1.Aff0 = n / 16, n % 16). Only vCPUs of the
 * zone: anything else the value names is dropped. */
u32 a64_sgi_targets(u64 sgir, u32 nr_vcpus, u32 self);

/* Places the interrupts in 'pending' (a bit per INTID 0-31) into the list
 * registers free in 'free' (a bit per list register), each into its own,
 * lower INTIDs into lower list registers: lr[k] for the k-th lowest
 * pending INTID. Returns how many, or A64_LR_NO_FIT (lr then means
 * nothing) if they do not all fit: the caller ranks them by priority
 * instead. */
u32 a64_lr_place(u32 pending, u32 free, u8 lr[32]);

#endif
