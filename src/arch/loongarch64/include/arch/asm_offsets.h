/* SPDX-License-Identifier: MIT */
/* Layout of struct arch_vcpu for trap.S (checked by _Static_assert in vcpu.c)
 * and the constants entry.S needs. */
#ifndef ARCH_LOONGARCH64_ASM_OFFSETS_H
#define ARCH_LOONGARCH64_ASM_OFFSETS_H

#define LA_CTX_GPR(n) ((n) * 8)
#define LA_CTX_PC 256
#define LA_CTX_HV(n) (264 + (n) * 8) /* ra tp sp u0 fp s0..s8 */

#define HV_STACK_SIZE 0x4000
#define HV_MAX_CPUS 8

/* The hypervisor image runs in DMW1 (VSEG 9, cached); devices are reached
 * through DMW0 (VSEG 8, strongly-ordered uncached); DMW2 (VSEG 0, cached)
 * maps physical addresses 1:1, because the core dereferences host-physical
 * addresses (zone RAM, the zone table, staging copies) as pointers
 * (entry.S sets them up). */
#define LA_PA_MASK 0x0000ffffffffffff

#endif
