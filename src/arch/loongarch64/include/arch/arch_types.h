/* SPDX-License-Identifier: MIT */
/* loongarch64 state the core embeds in struct vcpu and struct zone. */
#ifndef ARCH_LOONGARCH64_TYPES_H
#define ARCH_LOONGARCH64_TYPES_H

#include <zv/types.h>

#include <arch/la_decode.h>
#include <arch/la_gcsr.h>
#include <arch/la_vintc.h>
#include <zv/exit.h>
#include <zv/spinlock.h>

/* Stage-2 table pages (core's pool): 2 MiB leaves for RAM, 4 KiB pages
 * for devices. */
#define ARCH_S2_POOL_PAGES 1024

/* Offsets used by trap.S: keep in sync with LA_CTX_* in asm_offsets.h. */
struct arch_vcpu {
	u64 gpr[32];		  /* guest r0..r31; gpr[0] holds nothing */
	u64 pc;			  /* guest ERA */
	u64 hv[14];		  /* hypervisor ra tp sp u0 fp s0-s8 while the guest runs */
	u64 estat, badv, badi;	  /* last exit (root ESTAT/BADV/BADI) */
	struct la_insn gspr;	  /* a GSPR exit's instruction, decoded once */
	volatile u64 irq_lines;	  /* ESTAT.IS bits to show the guest (SWI/HWI/TI/IPI) */
	u64 gintc;		  /* what is in root GINTC.VIP for this vCPU */
	struct la_gcsr_sw sw_csr; /* software-emulated guest CSRs (GSPR) */
	struct la_ipi ipi;	  /* this vCPU's IPI/mailbox IOCSRs */
	u64 misc_func;		  /* IOCSR 0x420 as the guest last wrote it */
	struct vcpu_exit exit;	  /* the last exit, for the vCPU loop */
};

struct arch_zone {
	u32 gid; /* LVZ guest id: GSTAT.GID / GTLBC.TGID, never 0 */
	spinlock_t intc_lock;
	struct la_eiointc eiointc;
	struct la_pchpic pchpic;
	u32 pt_inputs; /* PCH-PIC inputs passed through to this zone */
	u32 pt_held;   /* passthrough inputs masked until the guest is done */
};

#endif
