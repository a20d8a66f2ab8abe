/* SPDX-License-Identifier: MIT */
/*
 * rv_decode_mmio() on arbitrary instruction words, checked against a
 * table-driven reference written from the RISC-V ISA manual's opcode maps.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arch/decode.h>

/* Reference: { width, write, sign } per funct3 of LOAD / STORE, and of the
 * compressed quadrant 0 and 2 memory instructions; width 0 = not one. */
struct ref {
	uint8_t width, write, sign;
};

static const struct ref load32[8] = {{1, 0, 1}, {2, 0, 1}, {4, 0, 1}, {8, 0, 1},
				     {1, 0, 0}, {2, 0, 0}, {4, 0, 0}, {0, 0, 0}};
static const struct ref store32[8] = {{1, 1, 0}, {2, 1, 0}, {4, 1, 0}, {8, 1, 0}};
/* C.LW, C.LD, C.SW, C.SD (quadrant 0); C.LWSP, C.LDSP, C.SWSP, C.SDSP (2). */
static const struct ref comp[8] = {[2] = {4, 0, 1}, [3] = {8, 0, 0}, [6] = {4, 1, 0},
				   [7] = {8, 1, 0}};

static bool reference(uint32_t insn, struct rv_mmio_insn *m)
{
	uint32_t f3;
	const struct ref *r;

	if ((insn & 3) == 3) {
		f3 = (insn >> 12) & 7;
		if ((insn & 0x7f) == 0x03)
			r = &load32[f3];
		else if ((insn & 0x7f) == 0x23)
			r = &store32[f3];
		else
			return false;
		m->reg = r->write ? (insn >> 20) & 31 : (insn >> 7) & 31;
		m->len = 4;
	} else {
		f3 = (insn >> 13) & 7;
		r = &comp[f3];
		if ((insn & 3) == 0)
			m->reg = 8 + ((insn >> 2) & 7);
		else if ((insn & 3) == 2)
			m->reg = r->write ? (insn >> 2) & 31 : (insn >> 7) & 31;
		else
			return false;
		if ((insn & 3) == 2 && !r->write && m->reg == 0)
			return false; /* C.LWSP/C.LDSP with rd = x0 are reserved */
		m->len = 2;
	}
	m->width = r->width, m->write = r->write, m->sign_extend = r->sign;
	return r->width != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_mmio_insn got, want;
	uint32_t insn = 0;
	bool ok;

	if (size > 4)
		return -1;
	memcpy(&insn, data, size);
	memset(&got, 0xee, sizeof(got));
	ok = rv_decode_mmio(insn, &got);
	if (ok != reference(insn, &want))
		abort();
	if (!ok)
		return 0;
	if (got.width != want.width || got.write != want.write || got.reg != want.reg ||
	    got.len != want.len || (got.width < 8 && got.sign_extend != want.sign_extend))
		abort();
	if (got.write && got.sign_extend)
		abort();
	return 0;
}
