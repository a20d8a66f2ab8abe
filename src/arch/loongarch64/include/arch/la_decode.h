/* SPDX-License-Identifier: MIT */
/*
 * Decoding the instruction LVZ reports in root BADI after a GSPR, HVC or
 * stage-2 fault exit into an arch-neutral description. Pure C: unit-tested
 * on the host.
 */
#ifndef ARCH_LA_DECODE_H
#define ARCH_LA_DECODE_H

#include <stdbool.h>
#include <zv/types.h>

enum la_insn_kind {
	LA_INSN_UNKNOWN,
	LA_INSN_LOAD,	  /* ld.*, ldx.*, ldptr.* */
	LA_INSN_STORE,	  /* st.*, stx.*, stptr.* */
	LA_INSN_IOCSR_RD, /* iocsrrd.{b,h,w,d} rd, rj */
	LA_INSN_IOCSR_WR, /* iocsrwr.{b,h,w,d} rd, rj */
	LA_INSN_CPUCFG,	  /* cpucfg rd, rj */
	LA_INSN_CSR,	  /* csrrd/csrwr/csrxchg: see csr_op */
	LA_INSN_IDLE,
	LA_INSN_CACOP,
	LA_INSN_HVCL,
};

struct la_insn {
	enum la_insn_kind kind;
	u8 width;	/* bytes: loads, stores, iocsr */
	u8 sign_extend; /* loads: ld.{b,h,w} and iocsrrd are sign-extended */
	u8 rd;		/* data register (load dest, store source, csr/cpucfg/iocsr rd) */
	u8 rj;		/* base / iocsr address / cpucfg index / xchg mask register */
	u8 rk;		/* index register of ldx/stx, else 0 */
	u8 indexed;	/* address = rj + rk instead of rj + imm */
	u8 csr_op;	/* enum la_csr_op for LA_INSN_CSR */
	s32 imm;	/* address offset of ld/st/ldptr/stptr; cacop si12 */
	u32 code;	/* csr number, hvcl code, idle level or cacop op */
};

/* Returns false (kind UNKNOWN) for anything the hypervisor does not emulate:
 * atomics, LL/SC, FP and vector loads/stores, bound-checked accesses. */
bool la_decode(u32 insn, struct la_insn *out);

/* Only the instructions a GSPR or HVC exit reports (iocsr, cpucfg, csr,
 * idle, cacop, hvcl): what la_decode() accepts besides loads and stores. */
bool la_decode_priv(u32 insn, struct la_insn *out);

/* The exit path for GSPR and interrupt exits (trap.S) saves only the guest
 * registers C may clobber, r1-r20: an instruction naming no register above
 * can be emulated from that context alone. */
#define LA_LEAN_LAST_REG 20
static inline bool la_insn_lean(const struct la_insn *d)
{
	return d->rd <= LA_LEAN_LAST_REG && d->rj <= LA_LEAN_LAST_REG && d->rk <= LA_LEAN_LAST_REG;
}

#endif
