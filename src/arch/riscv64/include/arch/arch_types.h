/* SPDX-License-Identifier: MIT */
/* riscv64 state the core embeds in struct vcpu and struct zone. */
#ifndef ARCH_RISCV64_TYPES_H
#define ARCH_RISCV64_TYPES_H

#include <zv/exit.h>
#include <zv/spinlock.h>
#include <zv/types.h>

#define RV_PLIC_MAX_SRC 96
#define RV_PLIC_WORDS (RV_PLIC_MAX_SRC / 32)
#define RV_MAX_VCPUS 8
/* Stage-2 table pages (core's pool): a 16 KiB root per zone, and 2 MiB /
 * 1 GiB leaves keep the rest few. */
#define ARCH_S2_POOL_PAGES 512

/* Offsets used by trap.S: keep in sync with RV_CTX_* in asm_offsets.h. */
struct arch_vcpu {
	u64 x[32];  /* guest GPRs; x[0] holds nothing */
	u64 sepc;   /* guest pc */
	u64 hv[16]; /* hypervisor ra, sp, gp, tp, s0-s11 while the guest runs */
	u64 scause, stval, htval, htinst; /* last trap */
	volatile u64 hvip;		  /* virtual interrupts to show the guest */
	u64 fixup;			  /* pc to resume at if a guest-memory access faults */
	struct vcpu_exit exit;		  /* the last exit, for the vCPU loop */
};

struct vplic {
	u32 nr_ctx;
	u8 prio[RV_PLIC_MAX_SRC];
	u32 pending[RV_PLIC_WORDS];
	u32 level[RV_PLIC_WORDS];  /* emulated-device line levels */
	u32 active[RV_PLIC_WORDS]; /* claimed, not completed */
	u32 enable[2 * RV_MAX_VCPUS][RV_PLIC_WORDS];
	u32 threshold[2 * RV_MAX_VCPUS];
};

struct arch_zone {
	u64 hgatp;
	u32 vmid;
	struct vplic vplic;
	u32 vplic_boot; /* zone run the vPLIC state belongs to */
	spinlock_t plic_lock;
};

#endif
