/* SPDX-License-Identifier: MIT */
#include <arch/decode.h>

#define OP_LOAD 0x03
#define OP_STORE 0x23

static bool decode_32(u32 insn, struct rv_mmio_insn *m)
{
	u32 funct3 = (insn >> 12) & 7;

	m->len = 4;
	switch (insn & 0x7f) {
	case OP_LOAD:
		if (funct3 == 7)
			return false;
		m->width = 1u << (funct3 & 3);
		m->sign_extend = !(funct3 & 4);
		m->reg = (insn >> 7) & 0x1f;
		m->write = 0;
		return true;
	case OP_STORE:
		if (funct3 > 3)
			return false;
		m->width = 1u << funct3;
		m->reg = (insn >> 20) & 0x1f;
		m->write = 1;
		m->sign_extend = 0;
		return true;
	}
	return false;
}

/* C.LW/C.LD/C.SW/C.SD (quadrant 0) and their sp-relative forms (quadrant 2). */
static bool decode_16(u32 insn, struct rv_mmio_insn *m)
{
	u32 funct3 = (insn >> 13) & 7;
	u32 quadrant = insn & 3;

	m->len = 2;
	m->sign_extend = 0;
	if (quadrant == 0) {
		u32 reg = 8 + ((insn >> 2) & 7); /* rd' or rs2' */

		if (funct3 != 2 && funct3 != 3 && funct3 != 6 && funct3 != 7)
			return false;
		m->width = (funct3 & 1) ? 8 : 4;
		m->write = funct3 >= 6;
		m->sign_extend = !m->write && m->width == 4;
		m->reg = (u8)reg;
		return true;
	}
	if (quadrant == 2) {
		if (funct3 == 2 || funct3 == 3) { /* C.LWSP, C.LDSP */
			m->reg = (insn >> 7) & 0x1f;
			if (m->reg == 0)
				return false;
			m->width = funct3 == 3 ? 8 : 4;
			m->sign_extend = funct3 == 2;
			m->write = 0;
			return true;
		}
		if (funct3 == 6 || funct3 == 7) { /* C.SWSP, C.SDSP */
			m->reg = (insn >> 2) & 0x1f;
			m->width = funct3 == 7 ? 8 : 4;
			m->write = 1;
			return true;
		}
	}
	return false;
}

bool rv_decode_mmio(u32 insn, struct rv_mmio_insn *out)
{
	if ((insn & 3) == 3)
		return decode_32(insn, out);
	return decode_16(insn & 0xffff, out);
}
