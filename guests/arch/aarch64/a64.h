/* SPDX-License-Identifier: MIT */
/* What the aarch64 guest hooks share: system register access, SMCCC
 * calls through HVC #0, PSCI function numbers and GICv3 registers.
 * arch.c: CPU, timer, console, PSCI, hypercalls and vectors; gic.c: the
 * GICv3 interface; checks.c: the self test's and hostile guest's hooks. */
#ifndef GUEST_A64_H
#define GUEST_A64_H

#include "guest.h"

#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_CPU_ON 0xc4000003UL
#define PSCI_AFFINITY_INFO 0xc4000004UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define ZV_HVC_BASE 0xc6000000UL

#define TIMER_PPI 27
#define IPI_SGI GUEST_IPI_SGI

#define GICD_CTLR 0x0000
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000

#define SYSREG_R(r)                                                                                \
	({                                                                                         \
		u64 __v;                                                                           \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                                       \
		__v;                                                                               \
	})
#define SYSREG_W(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((u64)(v)) : "memory")

#define FRAME_ELR 20 /* the trap frame's ELR_EL1 slot (start.S) */

struct smccc_ret {
	u64 x0, x1;
};

static inline struct smccc_ret hvc(u64 fn, u64 a1, u64 a2, u64 a3, u64 a4)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;
	register u64 x4 __asm__("x4") = a4;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)::"memory");
	return (struct smccc_ret){x0, x1};
}

/* gic.c */
void a64_gic_init(void);
void a64_gic_irq(void);
bool a64_spi_retarget(void);
/* checks.c: vector 12, a synchronous exception from AArch32 EL0 */
void a64_el0_sync(u64 *frame);

#endif
