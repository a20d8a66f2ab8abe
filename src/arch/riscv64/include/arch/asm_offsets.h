/* SPDX-License-Identifier: MIT */
/* Layout of struct arch_vcpu for trap.S (checked by _Static_assert in vcpu.c). */
#ifndef ARCH_RISCV64_ASM_OFFSETS_H
#define ARCH_RISCV64_ASM_OFFSETS_H

#define RV_CTX_X(n) ((n) * 8)
#define RV_CTX_SEPC 256
#define RV_CTX_HV(n) (264 + (n) * 8)

#define RV_EXC_ECALL_VS 10

#define HV_STACK_SIZE 0x4000
#define HV_MAX_CPUS 8

#endif
