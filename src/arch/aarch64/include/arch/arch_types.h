/* SPDX-License-Identifier: MIT */
/* aarch64 state the core embeds in struct vcpu and struct zone. */
#ifndef ARCH_AARCH64_TYPES_H
#define ARCH_AARCH64_TYPES_H

#include <stdint.h>
#include <zv/config_abi.h>
#include <zv/exit.h>

#define A64_NR_PRIV 32	      /* SGIs 0-15 and PPIs 16-31, per vCPU */
#define A64_VGIC_SPIS 256     /* INTIDs 32..287 */
#define A64_MAX_LRS 16	      /* ICH_VTR_EL2.ListRegs is at most 15 */
#define A64_MAX_OWNED_SPIS (ZV_MAX_IRQS + 2) /* passthrough + UART + testdev */

/* One virtual interrupt as the vGIC models it. */
struct vgic_irq {
	uint8_t prio;
	uint8_t enabled;
	uint8_t pending; /* waiting for a list register */
	uint8_t level;	 /* line level of an emulated level-sensitive source */
	uint8_t edge;	 /* ICFGR: edge-triggered */
	uint8_t hw;	 /* backed by a physical interrupt (LR.HW) */
	uint8_t target;	 /* SPIs: vCPU it is routed to */
	uint8_t in_lr;	 /* list register index + 1, 0 when in none */
};

/* Offsets used by trap.S and entry code: keep in sync with asm_offsets.h. */
struct arch_vcpu {
	uint64_t x[31];		  /* guest x0-x30 */
	uint64_t exit_type;	  /* A64_EXIT_*: how the last exit reached the loop */
	uint64_t hv[14];	  /* hypervisor x19-x30, sp while the guest runs */
	uint64_t pc, pstate;	  /* ELR_EL2, SPSR_EL2 */
	uint64_t esr, far, hpfar; /* last synchronous exit */
	struct vgic_irq priv[A64_NR_PRIV];
	uint32_t nr_lrs;
	uint16_t lr_intid[A64_MAX_LRS]; /* INTID a list register holds */
	uint32_t lr_used;		/* bit i: list register i holds one */
	uint32_t vgic_seen;		/* arch_zone.vgic_gen of the last scan */
	uint32_t vgic_rescan;		/* something may wait that no scan saw */
	uint32_t vgic_overflow;		/* the last scan found more than fit */
	uint32_t priv_new;		/* priv[] made pending since: bit per INTID */
	/* An exit handled on the hypervisor stack (A64_EXIT_HV_STACK). */
	struct vcpu_exit exit;
};

struct arch_zone {
	uint64_t *s2_root; /* the walk's first table(s) (stage2.c) */
	uint64_t vttbr;
	uint32_t vmid;
	uint32_t gicd_ctlr;
	uint32_t nr_spis; /* SPIs the zone owns, listed in owned_spi[] */
	uint16_t owned_spi[A64_MAX_OWNED_SPIS];
	volatile int vgic_lock;
	uint32_t vgic_boot; /* zone boot count the distributor state belongs to */
	uint32_t vgic_gen;  /* bumped by every change that may make one deliverable */
	struct vgic_irq spi[A64_VGIC_SPIS];
	uint64_t irouter[A64_VGIC_SPIS];
};

#endif
