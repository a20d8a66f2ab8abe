/* SPDX-License-Identifier: MIT */
/* zv_counter() of counter.h, for each ISA zvctl is built for. Linux lets
 * user space read these: riscv64 sets scounteren.TM, aarch64
 * CNTKCTL_EL1.EL0VCTEN, and rdtime.d is never privileged on loongarch64. */
#include "counter.h"

uint64_t zv_counter(void)
{
	uint64_t v;

#if defined(__riscv)
	__asm__ volatile("rdtime %0" : "=r"(v));
#elif defined(__aarch64__)
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)); /* isb: not read early */
#elif defined(__loongarch__)
	uint64_t id;

	__asm__ volatile("rdtime.d %0, %1" : "=r"(v), "=r"(id));
	(void)id;
#else
#error "zvctl: no counter for this ISA"
#endif
	return v;
}
