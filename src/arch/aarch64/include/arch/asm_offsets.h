/* SPDX-License-Identifier: MIT */
/* Layout of struct arch_vcpu for trap.S (checked by _Static_assert in vcpu.c). */
#ifndef ARCH_AARCH64_ASM_OFFSETS_H
#define ARCH_AARCH64_ASM_OFFSETS_H

#define A64_CTX_X(n) ((n) * 8)
#define A64_CTX_EXIT 248
#define A64_CTX_HV(n) (256 + (n) * 8)
#define A64_CTX_ESR 384

#define A64_EXIT_HV_STACK 0 /* handled on the hypervisor stack: the exit is in ->exit */
#define A64_EXIT_FIQ 2
#define A64_EXIT_SERROR 3

#define HV_STACK_SIZE 0x4000
#define HV_MAX_CPUS 8

#endif
