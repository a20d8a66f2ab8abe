/* SPDX-License-Identifier: MIT */
/*
 * Decoding a stage-2 data abort (ESR_EL2 EC 0x24 with FAR_EL2 and
 * HPFAR_EL2) into an MMIO access. Pure C: unit-tested and fuzzed on the
 * host.
 */
#ifndef ARCH_A64_DECODE_H
#define ARCH_A64_DECODE_H

#include <stdbool.h>
#include <zv/mmio.h>
#include <zv/types.h>

enum a64_dabt_kind {
	A64_DABT_MMIO,	      /* the syndrome describes one load/store to emulate */
	A64_DABT_NO_SYNDROME, /* ISV = 0 or cache maintenance: not decodable */
	A64_DABT_STAGE2,      /* not a stage-2 translation fault with a valid address */
};

struct a64_dabt {
	u64 gpa;	/* faulting IPA (valid for MMIO and NO_SYNDROME) */
	u8 width;	/* bytes: 1, 2, 4 or 8 */
	u8 write;	/* WnR */
	u8 reg;		/* SRT: x0-x30, 31 = xzr/wzr */
	u8 sign_extend; /* SSE (loads) */
	u8 sf;		/* 64-bit register (SF) */
	u8 len;		/* instruction length: 4, or 2 for a 16-bit T32 one */
};

/* The IPA of a stage-2 abort: HPFAR_EL2.FIPA [43:4] = IPA[51:12], the page
 * offset from FAR_EL2. */
u64 a64_fault_ipa(u64 far, u64 hpfar);

/* Fills *out (zeroed except gpa unless MMIO) and says what the abort is. */
enum a64_dabt_kind a64_decode_dabt(u64 esr, u64 far, u64 hpfar, struct a64_dabt *out);

/* A load's value as the register sees it: SSE sign-extends to the
 * register width, SF says whether that is 64 or 32 bits. */
static inline u64 a64_load_value(u64 val, u8 width, bool sign, bool sf)
{
	val = mmio_extend(val, width, sign);
	return sf ? val : (u32)val;
}

#endif
