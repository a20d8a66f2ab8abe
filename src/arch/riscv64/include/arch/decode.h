/* SPDX-License-Identifier: MIT */
/* Decoding a trapped load/store (RV64 base and C extension) into an MMIO
 * access. Pure function: unit-tested and fuzzed on the host. */
#ifndef ARCH_RISCV64_DECODE_H
#define ARCH_RISCV64_DECODE_H

#include <stdbool.h>
#include <zv/types.h>

struct rv_mmio_insn {
	u8 width; /* bytes */
	u8 write;
	u8 reg; /* rd for loads, rs2 for stores */
	u8 sign_extend;
	u8 len; /* instruction length: 2 or 4 */
};

/* insn: the instruction bits (low 16 for a compressed one). Returns false
 * for anything that is not an integer load or store. */
bool rv_decode_mmio(u32 insn, struct rv_mmio_insn *out);

#endif
