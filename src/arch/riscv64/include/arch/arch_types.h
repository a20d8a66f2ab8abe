/* SPDX-License-Identifier: MIT */
/* riscv64 state the core embeds in struct vcpu and struct zone. */
#ifndef ARCH_RISCV64_TYPES_H
#define ARCH_RISCV64_TYPES_H

#include <stdint.h>
#include <zv/exit.h>

#define RV_PLIC_MAX_SRC 96
#define RV_PLIC_WORDS (RV_PLIC_MAX_SRC / 32)
#define RV_MAX_VCPUS 8

/* Offsets used by trap.S: keep in sync with RV_CTX_* in asm_offsets.h. */
struct arch_vcpu {
	uint64_t x[32];   /* guest GPRs; x[0] holds nothing */
	uint64_t sepc;    /* guest pc */
	uint64_t hv[16];  /* hypervisor ra, sp, gp, tp, s0-s11 while the guest runs */
	uint64_t scause, stval, htval, htinst; /* last trap */
	volatile uint64_t hvip; /* virtual interrupts to show the guest */
	uint64_t fixup;   /* pc to resume at if a guest-memory access faults */
	struct vcpu_exit exit; /* the last exit, for the vCPU loop */
};

struct vplic {
	uint32_t nr_ctx;
	uint8_t prio[RV_PLIC_MAX_SRC];
	uint32_t pending[RV_PLIC_WORDS];
	uint32_t level[RV_PLIC_WORDS];   /* emulated-device line levels */
	uint32_t active[RV_PLIC_WORDS];  /* claimed, not completed */
	uint32_t enable[2 * RV_MAX_VCPUS][RV_PLIC_WORDS];
	uint32_t threshold[2 * RV_MAX_VCPUS];
};

struct arch_zone {
	uint64_t *s2_root; /* Sv39x4 root table (16 KiB) */
	uint64_t hgatp;
	uint32_t vmid;
	struct vplic vplic;
	uint32_t vplic_boot; /* zone run the vPLIC state belongs to */
	volatile int plic_lock;
};

#endif
