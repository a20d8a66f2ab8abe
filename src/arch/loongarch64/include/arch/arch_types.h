/* SPDX-License-Identifier: MIT */
/* loongarch64 state the core embeds in struct vcpu and struct zone. */
#ifndef ARCH_LOONGARCH64_TYPES_H
#define ARCH_LOONGARCH64_TYPES_H

#include <stdint.h>

#include <arch/la_decode.h>
#include <arch/la_gcsr.h>
#include <arch/la_vintc.h>
#include <zv/exit.h>

/* Offsets used by trap.S: keep in sync with LA_CTX_* in asm_offsets.h. */
struct arch_vcpu {
	uint64_t gpr[32];	     /* guest r0..r31; gpr[0] holds nothing */
	uint64_t pc;		     /* guest ERA */
	uint64_t hv[14];	     /* hypervisor ra tp sp u0 fp s0-s8 while the guest runs */
	uint64_t estat, badv, badi;  /* last exit (root ESTAT/BADV/BADI) */
	struct la_insn gspr;	     /* a GSPR exit's instruction, decoded once */
	volatile uint64_t irq_lines; /* ESTAT.IS bits to show the guest (SWI/HWI/TI/IPI) */
	uint64_t gintc;		     /* what is in root GINTC.VIP for this vCPU */
	struct la_gcsr_sw sw_csr;    /* software-emulated guest CSRs (GSPR) */
	struct la_ipi ipi;	     /* this vCPU's IPI/mailbox IOCSRs */
	uint64_t misc_func;	     /* IOCSR 0x420 as the guest last wrote it */
	struct vcpu_exit exit;	     /* the last exit, for the vCPU loop */
};

struct arch_zone {
	uint64_t *s2_root; /* stage-2 (GPA->HPA) root directory, hypervisor address */
	uint64_t s2_root_pa;
	uint32_t gid; /* LVZ guest id: GSTAT.GID / GTLBC.TGID, never 0 */
	volatile int intc_lock;
	struct la_eiointc eiointc;
	struct la_pchpic pchpic;
	uint32_t pt_inputs; /* PCH-PIC inputs passed through to this zone */
	uint32_t pt_held;   /* passthrough inputs masked until the guest is done */
};

#endif
