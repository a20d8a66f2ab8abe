/* SPDX-License-Identifier: MIT */
/*
 * What a trapped instruction may do at the guest's privilege level, and
 * the guest CSRs an exception the hypervisor delivers to a LoongArch guest
 * changes. Pure C: unit-tested on the host (test_la_exc.c).
 */
#ifndef ARCH_LA_EXC_H
#define ARCH_LA_EXC_H

#include <stdbool.h>
#include <zv/types.h>

#include <arch/la_decode.h>

/*
 * Whether instruction d may run only at PLV0 (LoongArch reference manual
 * vol. 1: every privileged instruction is PLV0-only, with two exceptions
 * among those a guest traps on: cpucfg is an ordinary instruction (user
 * code uses it), and cacop's Hit class, code[4:3] = 2, may run at any
 * level). csrrd of a performance counter allowed by MISC.RPCNTLn is not
 * modelled: the QEMU-LVZ fork raises IPE for every csr op at PLV3 itself.
 */
static inline bool la_insn_needs_plv0(const struct la_insn *d)
{
	switch (d->kind) {
	case LA_INSN_CPUCFG:
	case LA_INSN_LOAD:
	case LA_INSN_STORE:
		return false;
	case LA_INSN_CACOP:
		return ((d->code >> 3) & 3) != 2;
	default:
		return true; /* iocsr, csr, idle, hvcl, anything unknown */
	}
}

/* CRMD: PLV 1:0, IE 2, WE 9. PRMD: PPLV 1:0, PIE 2, PWE 3. ESTAT: Ecode
 * 21:16, EsubCode 30:22. ECFG.VS 18:16. */
#define LA_EXC_CRMD_PLV_IE 0x7ULL
#define LA_EXC_CRMD_WE (1ULL << 9)
#define LA_EXC_PRMD_SAVED 0xfULL
#define LA_EXC_PRMD_PWE (1ULL << 3)
#define LA_EXC_ESTAT_CODES (0x7fffULL << 16)

/* The guest state an exception entry reads and writes. */
struct la_exc_state {
	u64 crmd, prmd, estat; /* the guest's CSRs, before -> after */
	u64 pc;		       /* the faulting instruction -> the handler */
	u64 era;	       /* after: the faulting instruction */
};

/*
 * An ordinary exception's entry (not a TLB refill or machine error) as the
 * hardware performs it (vol. 1, "exception handling"): PRMD.PPLV/PIE/PWE
 * take CRMD.PLV/IE/WE, which become 0 (PLV0, interrupts off, watchpoints
 * off); ERA = the instruction; ESTAT.Ecode/EsubCode = the cause, its
 * interrupt status bits kept; the pc = EENTRY, plus ecode vectors of
 * 2^(VS+2) bytes when the guest's ECFG.VS is not 0.
 */
static inline void la_exc_enter(struct la_exc_state *s, u64 ecfg, u64 eentry, unsigned ecode,
				unsigned subcode)
{
	unsigned vs = (unsigned)(ecfg >> 16) & 7;

	s->prmd = (s->prmd & ~LA_EXC_PRMD_SAVED) | (s->crmd & LA_EXC_CRMD_PLV_IE) |
		  ((s->crmd & LA_EXC_CRMD_WE) ? LA_EXC_PRMD_PWE : 0);
	s->crmd &= ~(LA_EXC_CRMD_PLV_IE | LA_EXC_CRMD_WE);
	s->estat = (s->estat & ~LA_EXC_ESTAT_CODES) | ((u64)(ecode & 0x3f) << 16) |
		   ((u64)(subcode & 0x1ff) << 22);
	s->era = s->pc;
	s->pc = eentry + (vs ? (u64)ecode << (vs + 2) : 0);
}

#endif
