/* SPDX-License-Identifier: MIT */
/* BADI decoding (encodings: LoongArch reference manual vol. 1; LVZ ones
 * from binutils' loongarch-opc.c). Pure C. */
#include <arch/la_decode.h>
#include <arch/la_gcsr.h>

#define RD(i) ((u8)((i) & 0x1f))
#define RJ(i) ((u8)(((i) >> 5) & 0x1f))
#define RK(i) ((u8)(((i) >> 10) & 0x1f))

static s32 sext(u32 v, unsigned bits)
{
	u32 m = 1u << (bits - 1);

	v &= (1u << bits) - 1;
	return (s32)((v ^ m) - m);
}

static void set_mem(struct la_insn *d, enum la_insn_kind kind, u8 width, bool sign)
{
	d->kind = kind;
	d->width = width;
	d->sign_extend = kind == LA_INSN_LOAD && sign && width < 8;
}

/* ld/st with si12 (bits 31:22 = 0x0a0..0x0aa). */
static bool decode_si12(u32 insn, struct la_insn *d)
{
	static const struct {
		u8 kind, width, sign;
	} ops[11] = {
	    {LA_INSN_LOAD, 1, 1},  {LA_INSN_LOAD, 2, 1},  {LA_INSN_LOAD, 4, 1},
	    {LA_INSN_LOAD, 8, 1},  {LA_INSN_STORE, 1, 0}, {LA_INSN_STORE, 2, 0},
	    {LA_INSN_STORE, 4, 0}, {LA_INSN_STORE, 8, 0}, {LA_INSN_LOAD, 1, 0},
	    {LA_INSN_LOAD, 2, 0},  {LA_INSN_LOAD, 4, 0},
	};
	u32 op = insn >> 22;

	if (op < 0x0a0 || op > 0x0aa)
		return false;
	set_mem(d, ops[op - 0x0a0].kind, ops[op - 0x0a0].width, ops[op - 0x0a0].sign);
	d->rd = RD(insn);
	d->rj = RJ(insn);
	d->imm = sext(insn >> 10, 12);
	return true;
}

/* ldptr.w/stptr.w/ldptr.d/stptr.d: bits 31:24 = 0x24..0x27, si14 << 2. */
static bool decode_ptr(u32 insn, struct la_insn *d)
{
	u32 op = insn >> 24;

	if (op < 0x24 || op > 0x27)
		return false;
	set_mem(d, (op & 1) ? LA_INSN_STORE : LA_INSN_LOAD, (op & 2) ? 8 : 4, true);
	d->rd = RD(insn);
	d->rj = RJ(insn);
	d->imm = sext(insn >> 10, 14) * 4;
	return true;
}

/* ldx/stx: bits 31:15 = 0x7000 + n, n = 0..10 (0x38000000 + n << 18 >> 3). */
static bool decode_indexed(u32 insn, struct la_insn *d)
{
	u32 op = insn >> 15;
	u32 n;

	if (op < 0x7000 || op > 0x7050 || (op & 7))
		return false;
	n = (op - 0x7000) >> 3;
	if (n < 4)
		set_mem(d, LA_INSN_LOAD, (u8)(1u << n), true);
	else if (n < 8)
		set_mem(d, LA_INSN_STORE, (u8)(1u << (n - 4)), false);
	else
		set_mem(d, LA_INSN_LOAD, (u8)(1u << (n - 8)), false);
	d->rd = RD(insn);
	d->rj = RJ(insn);
	d->rk = RK(insn);
	d->indexed = 1;
	return true;
}

/* Privileged instructions a guest traps on (GSPR) and hvcl (HVC). Inlined:
 * la_decode_priv() is on every GSPR exit. */
static inline __attribute__((always_inline)) bool decode_priv(u32 insn, struct la_insn *d)
{
	d->rd = RD(insn);
	d->rj = RJ(insn);
	if ((insn & 0xffffe000u) == 0x06480000u) { /* iocsrrd/iocsrwr: bit 12 = write */
		d->kind = (insn & 0x1000) ? LA_INSN_IOCSR_WR : LA_INSN_IOCSR_RD;
		d->width = (u8)(1u << ((insn >> 10) & 3));
		d->sign_extend = d->kind == LA_INSN_IOCSR_RD && d->width < 8;
		return true;
	}
	if ((insn & 0xfffffc00u) == 0x00006c00u) {
		d->kind = LA_INSN_CPUCFG;
		return true;
	}
	if ((insn & 0xff000000u) == 0x04000000u) {
		d->kind = LA_INSN_CSR;
		d->code = (insn >> 10) & 0x3fff;
		d->csr_op = d->rj == 0 ? LA_CSR_RD : d->rj == 1 ? LA_CSR_WR : LA_CSR_XCHG;
		return true;
	}
	if ((insn & 0xffff8000u) == 0x06488000u) {
		d->kind = LA_INSN_IDLE;
		d->code = insn & 0x7fff;
		d->rd = d->rj = 0;
		return true;
	}
	if ((insn & 0xffc00000u) == 0x06000000u) {
		d->kind = LA_INSN_CACOP;
		d->code = insn & 0x1f;
		d->rd = 0;
		d->imm = sext(insn >> 10, 12);
		return true;
	}
	if ((insn & 0xffff8000u) == 0x002b8000u) {
		d->kind = LA_INSN_HVCL;
		d->code = insn & 0x7fff;
		d->rd = d->rj = 0;
		return true;
	}
	return false;
}

bool la_decode_priv(u32 insn, struct la_insn *out)
{
	*out = (struct la_insn){0};
	if (decode_priv(insn, out))
		return true;
	out->rd = out->rj = 0; /* the only fields decode_priv sets before it knows */
	return false;
}

bool la_decode(u32 insn, struct la_insn *out)
{
	*out = (struct la_insn){0};
	if (decode_si12(insn, out) || decode_ptr(insn, out) || decode_indexed(insn, out))
		return true;
	return la_decode_priv(insn, out);
}
