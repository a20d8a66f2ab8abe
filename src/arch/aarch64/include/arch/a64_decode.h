/* SPDX-License-Identifier: MIT */
/*
 * Decoding a stage-2 data abort (ESR_EL2 EC 0x24 with FAR_EL2 and
 * HPFAR_EL2) into an MMIO access. Pure C: unit-tested and fuzzed on the
 * host.
 */
#ifndef ARCH_A64_DECODE_H
#define ARCH_A64_DECODE_H

#include <stdbool.h>
#include <stdint.h>

enum a64_dabt_kind {
	A64_DABT_MMIO,	      /* the syndrome describes one load/store to emulate */
	A64_DABT_NO_SYNDROME, /* ISV = 0 or cache maintenance: not decodable */
	A64_DABT_STAGE2,      /* not a stage-2 translation fault with a valid address */
};

struct a64_dabt {
	uint64_t gpa;	     /* faulting IPA (valid for MMIO and NO_SYNDROME) */
	uint8_t width;	     /* bytes: 1, 2, 4 or 8 */
	uint8_t write;	     /* WnR */
	uint8_t reg;	     /* SRT: x0-x30, 31 = xzr/wzr */
	uint8_t sign_extend; /* SSE (loads) */
	uint8_t sf;	     /* 64-bit register (SF) */
	uint8_t len;	     /* instruction length: 4, or 2 for a 16-bit T32 one */
};

/* The IPA of a stage-2 abort: HPFAR_EL2.FIPA [43:4] = IPA[51:12], the page
 * offset from FAR_EL2. */
uint64_t a64_fault_ipa(uint64_t far, uint64_t hpfar);

/* Fills *out (zeroed except gpa unless MMIO) and says what the abort is. */
enum a64_dabt_kind a64_decode_dabt(uint64_t esr, uint64_t far, uint64_t hpfar,
				   struct a64_dabt *out);

/* A load's value as the register sees it: SSE sign-extends to the
 * register width, SF says whether that is 64 or 32 bits. */
uint64_t a64_load_value(uint64_t val, uint8_t width, bool sign, bool sf);

#endif
