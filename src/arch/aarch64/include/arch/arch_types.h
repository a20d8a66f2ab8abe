/* SPDX-License-Identifier: MIT */
/* aarch64 state the core embeds in struct vcpu and struct zone. */
#ifndef ARCH_AARCH64_TYPES_H
#define ARCH_AARCH64_TYPES_H

#include <zv/config_abi.h>
#include <zv/exit.h>
#include <zv/spinlock.h>
#include <zv/types.h>

#define A64_NR_PRIV 32			     /* SGIs 0-15 and PPIs 16-31, per vCPU */
#define A64_VGIC_SPIS 256		     /* INTIDs 32..287 */
#define A64_MAX_LRS 16			     /* ICH_VTR_EL2.ListRegs is at most 15 */
#define A64_MAX_OWNED_SPIS (ZV_MAX_IRQS + 2) /* passthrough + UART + testdev */
/* Stage-2 table pages (core's pool): the board's 2 GiB of RAM in 4 KiB
 * pages and a 16 KiB root per zone, checked against board.h in stage2.c. */
#define ARCH_S2_POOL_PAGES (1024 + 64 + ZV_MAX_ZONES * 4)

/* One virtual interrupt as the vGIC models it. */
struct vgic_irq {
	u8 prio;
	u8 enabled;
	u8 pending; /* waiting for a list register */
	u8 level;   /* line level of an emulated level-sensitive source */
	u8 edge;    /* ICFGR: edge-triggered */
	u8 hw;	    /* backed by a physical interrupt (LR.HW) */
	u8 target;  /* SPIs: vCPU it is routed to */
	u8 in_lr;   /* list register index + 1, 0 when in none */
};

/* Offsets used by trap.S and entry code: keep in sync with asm_offsets.h. */
struct arch_vcpu {
	u64 x[31];	     /* guest x0-x30 */
	u64 exit_type;	     /* A64_EXIT_*: how the last exit reached the loop */
	u64 hv[14];	     /* hypervisor x19-x30, sp while the guest runs */
	u64 pc, pstate;	     /* ELR_EL2, SPSR_EL2 */
	u64 esr, far, hpfar; /* last synchronous exit */
	struct vgic_irq priv[A64_NR_PRIV];
	u32 nr_lrs;
	u16 lr_intid[A64_MAX_LRS]; /* INTID a list register holds */
	u32 lr_used;		   /* bit i: list register i holds one */
	u32 vgic_seen;		   /* arch_zone.vgic_gen of the last scan */
	u32 vgic_rescan;	   /* something may wait that no scan saw */
	u32 vgic_overflow;	   /* the last scan found more than fit */
	u32 priv_new;		   /* priv[] made pending since: bit per INTID */
	/* An exit handled on the hypervisor stack (A64_EXIT_HV_STACK). */
	struct vcpu_exit exit;
};

struct arch_zone {
	u64 vttbr;
	u32 vmid;
	u32 gicd_ctlr;
	u32 nr_spis; /* SPIs the zone owns, listed in owned_spi[] */
	u16 owned_spi[A64_MAX_OWNED_SPIS];
	spinlock_t vgic_lock;
	u32 vgic_boot; /* zone boot count the distributor state belongs to */
	u32 vgic_gen;  /* bumped by every change that may make one deliverable */
	struct vgic_irq spi[A64_VGIC_SPIS];
	u64 irouter[A64_VGIC_SPIS];
};

#endif
