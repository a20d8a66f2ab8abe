/* SPDX-License-Identifier: MIT */
/*
 * la_decode() (loongarch64 BADI) on arbitrary instruction words, checked
 * against a match/mask table written from the LoongArch reference manual's
 * opcode list (vol. 1, appendix B) and the LVZ encodings: every field it
 * reports (kind, width, sign extension, rd/rj/rk, offset, code) agrees,
 * register numbers are < 32, widths are 1/2/4/8, and anything not in the
 * table (atomics, LL/SC, FP/vector and bound-checked accesses, preld,
 * branches, ALU) is refused with an all-zero result. mmio_extend() on the
 * decoded width keeps the low bytes and extends as the load says.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arch/la_decode.h>
#include <arch/la_gcsr.h>
#include <zv/mmio.h>

#define CHECK(x) ((x) ? (void)0 : abort())

enum imm_form { IMM_NONE, IMM_SI12, IMM_SI14X4 };

struct op {
	uint32_t mask, match;
	uint8_t kind, width, sign, indexed, imm;
};

#define MEM12(m, k, w, s) {0xffc00000u, m, k, w, s, 0, IMM_SI12}
#define MEMX(m, k, w, s) {0xffff8000u, m, k, w, s, 1, IMM_NONE}
#define PTR(m, k, w) {0xff000000u, m, k, w, (k) == LA_INSN_LOAD && (w) < 8, 0, IMM_SI14X4}
#define IOCSR(m, k, w) {0xfffffc00u, m, k, w, (k) == LA_INSN_IOCSR_RD && (w) < 8, 0, IMM_NONE}

static const struct op ops[] = {
    MEM12(0x28000000u, LA_INSN_LOAD, 1, 1),  /* ld.b */
    MEM12(0x28400000u, LA_INSN_LOAD, 2, 1),  /* ld.h */
    MEM12(0x28800000u, LA_INSN_LOAD, 4, 1),  /* ld.w */
    MEM12(0x28c00000u, LA_INSN_LOAD, 8, 0),  /* ld.d */
    MEM12(0x29000000u, LA_INSN_STORE, 1, 0), /* st.b */
    MEM12(0x29400000u, LA_INSN_STORE, 2, 0), /* st.h */
    MEM12(0x29800000u, LA_INSN_STORE, 4, 0), /* st.w */
    MEM12(0x29c00000u, LA_INSN_STORE, 8, 0), /* st.d */
    MEM12(0x2a000000u, LA_INSN_LOAD, 1, 0),  /* ld.bu */
    MEM12(0x2a400000u, LA_INSN_LOAD, 2, 0),  /* ld.hu */
    MEM12(0x2a800000u, LA_INSN_LOAD, 4, 0),  /* ld.wu */
    MEMX(0x38000000u, LA_INSN_LOAD, 1, 1),   /* ldx.b */
    MEMX(0x38040000u, LA_INSN_LOAD, 2, 1),   /* ldx.h */
    MEMX(0x38080000u, LA_INSN_LOAD, 4, 1),   /* ldx.w */
    MEMX(0x380c0000u, LA_INSN_LOAD, 8, 0),   /* ldx.d */
    MEMX(0x38100000u, LA_INSN_STORE, 1, 0),  /* stx.b */
    MEMX(0x38140000u, LA_INSN_STORE, 2, 0),  /* stx.h */
    MEMX(0x38180000u, LA_INSN_STORE, 4, 0),  /* stx.w */
    MEMX(0x381c0000u, LA_INSN_STORE, 8, 0),  /* stx.d */
    MEMX(0x38200000u, LA_INSN_LOAD, 1, 0),   /* ldx.bu */
    MEMX(0x38240000u, LA_INSN_LOAD, 2, 0),   /* ldx.hu */
    MEMX(0x38280000u, LA_INSN_LOAD, 4, 0),   /* ldx.wu */
    PTR(0x24000000u, LA_INSN_LOAD, 4),	     /* ldptr.w */
    PTR(0x25000000u, LA_INSN_STORE, 4),	     /* stptr.w */
    PTR(0x26000000u, LA_INSN_LOAD, 8),	     /* ldptr.d */
    PTR(0x27000000u, LA_INSN_STORE, 8),	     /* stptr.d */
    IOCSR(0x06480000u, LA_INSN_IOCSR_RD, 1), /* iocsrrd.b */
    IOCSR(0x06480400u, LA_INSN_IOCSR_RD, 2),
    IOCSR(0x06480800u, LA_INSN_IOCSR_RD, 4),
    IOCSR(0x06480c00u, LA_INSN_IOCSR_RD, 8),
    IOCSR(0x06481000u, LA_INSN_IOCSR_WR, 1), /* iocsrwr.b */
    IOCSR(0x06481400u, LA_INSN_IOCSR_WR, 2),
    IOCSR(0x06481800u, LA_INSN_IOCSR_WR, 4),
    IOCSR(0x06481c00u, LA_INSN_IOCSR_WR, 8),
    {0xfffffc00u, 0x00006c00u, LA_INSN_CPUCFG, 0, 0, 0, IMM_NONE},
    {0xff000000u, 0x04000000u, LA_INSN_CSR, 0, 0, 0, IMM_NONE}, /* csrrd/wr/xchg */
    {0xffff8000u, 0x06488000u, LA_INSN_IDLE, 0, 0, 0, IMM_NONE},
    {0xffc00000u, 0x06000000u, LA_INSN_CACOP, 0, 0, 0, IMM_SI12},
    {0xffff8000u, 0x002b8000u, LA_INSN_HVCL, 0, 0, 0, IMM_NONE},
};

static int32_t sext(uint32_t v, unsigned bits)
{
	return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

/* What the manual says the word is, or NULL. */
static const struct op *lookup(uint32_t insn)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((insn & ops[i].mask) == ops[i].match)
			return &ops[i];
	return NULL;
}

static void check_fields(uint32_t insn, const struct op *op, const struct la_insn *d)
{
	uint32_t rd = insn & 31, rj = (insn >> 5) & 31, rk = (insn >> 10) & 31;
	bool mem = op->kind == LA_INSN_LOAD || op->kind == LA_INSN_STORE;
	bool regs = mem || op->kind == LA_INSN_IOCSR_RD || op->kind == LA_INSN_IOCSR_WR ||
		    op->kind == LA_INSN_CPUCFG || op->kind == LA_INSN_CSR;

	CHECK(d->kind == op->kind && d->width == op->width && d->sign_extend == op->sign);
	CHECK(d->rd < 32 && d->rj < 32 && d->rk < 32);
	if (regs)
		CHECK(d->rd == rd && d->rj == rj);
	CHECK(d->indexed == op->indexed && d->rk == (op->indexed ? rk : 0));
	if (op->imm == IMM_SI12)
		CHECK(d->imm == sext((insn >> 10) & 0xfff, 12));
	else if (op->imm == IMM_SI14X4)
		CHECK(d->imm == sext((insn >> 10) & 0x3fff, 14) * 4);
	else if (mem)
		CHECK(d->imm == 0);
	if (op->kind == LA_INSN_CSR)
		CHECK(d->code == ((insn >> 10) & 0x3fff) && d->csr_op == (rj == 0   ? LA_CSR_RD
									  : rj == 1 ? LA_CSR_WR
										    : LA_CSR_XCHG));
	if (op->kind == LA_INSN_IDLE || op->kind == LA_INSN_HVCL)
		CHECK(d->code == (insn & 0x7fff));
	if (op->kind == LA_INSN_CACOP)
		CHECK(d->code == (insn & 0x1f));
}

static void check_extend(const struct la_insn *d, uint64_t val)
{
	uint64_t got = mmio_extend(val, d->width, d->sign_extend);
	unsigned bits = d->width * 8u;
	bool neg;

	if (bits == 64) {
		CHECK(got == val);
		return;
	}
	neg = d->sign_extend && ((val >> (bits - 1)) & 1);
	CHECK((got & ((1ULL << bits) - 1)) == (val & ((1ULL << bits) - 1)));
	CHECK((got >> bits) == (neg ? ~0ULL >> bits : 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct la_insn zero;
	uint32_t insn = 0;
	uint64_t val = 0;
	const struct op *op;
	struct la_insn d;
	bool ok;

	if (size > 12)
		return -1;
	memcpy(&insn, data, size < 4 ? size : 4);
	if (size > 4)
		memcpy(&val, data + 4, size - 4);
	memset(&d, 0xee, sizeof(d));
	ok = la_decode(insn, &d);
	op = lookup(insn);
	CHECK(ok == (op != NULL));
	if (!ok) {
		CHECK(!memcmp(&d, &zero, sizeof(d)));
		return 0;
	}
	check_fields(insn, op, &d);
	if (d.width) {
		CHECK(d.width == 1 || d.width == 2 || d.width == 4 || d.width == 8);
		check_extend(&d, val);
	}
	return 0;
}
