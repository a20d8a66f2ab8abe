/* SPDX-License-Identifier: MIT */
/*
 * a64_decode_dabt() on arbitrary ESR_EL2/FAR_EL2/HPFAR_EL2 triples, checked
 * against a reference written from the Arm ARM's ISS field table for data
 * aborts; bits the decode must ignore (AR, SET, EA, ISS2, RES0) are flipped
 * and must not change the result. a64_load_value() on the decoded access
 * and an arbitrary bus value keeps the loaded bytes and extends them as
 * SSE/SF say.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arch/a64_decode.h>

#define CHECK(x) ((x) ? (void)0 : abort())

static uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & (~0ULL >> (63 - hi + lo));
}

/* ISS of EC 0x24 (data abort from a lower EL): ISV 24, SAS 23:22, SSE 21,
 * SRT 20:16, SF 15, AR 14, VNCR 13, SET 12:11, FnV 10, EA 9, CM 8,
 * S1PTW 7, WnR 6, DFSC 5:0; HPFAR_EL2.FIPA 43:4 = IPA 51:12. */
static enum a64_dabt_kind reference(uint64_t esr, uint64_t far, uint64_t hpfar, struct a64_dabt *r)
{
	memset(r, 0, sizeof(*r));
	if (bits(esr, 31, 26) != 0x24 || bits(esr, 5, 2) != 1 /* translation fault */)
		return A64_DABT_STAGE2;
	if (bits(esr, 7, 7) || bits(esr, 10, 10) || bits(esr, 13, 13))
		return A64_DABT_STAGE2;
	r->gpa = bits(hpfar, 43, 4) << 12 | bits(far, 11, 0);
	if (!bits(esr, 24, 24) || bits(esr, 8, 8))
		return A64_DABT_NO_SYNDROME;
	r->width = (uint8_t)(1 << bits(esr, 23, 22));
	r->write = (uint8_t)bits(esr, 6, 6);
	r->reg = (uint8_t)bits(esr, 20, 16);
	r->sign_extend = !r->write && bits(esr, 21, 21);
	r->sf = (uint8_t)bits(esr, 15, 15);
	r->len = bits(esr, 25, 25) ? 4 : 2;
	return A64_DABT_MMIO;
}

static bool same(const struct a64_dabt *a, const struct a64_dabt *b)
{
	return a->gpa == b->gpa && a->width == b->width && a->write == b->write &&
	       a->reg == b->reg && a->sign_extend == b->sign_extend && a->sf == b->sf &&
	       a->len == b->len;
}

static void check_load(const struct a64_dabt *d, uint64_t bus)
{
	uint64_t v = a64_load_value(bus, d->width, d->sign_extend, d->sf);
	unsigned bits_in = d->width * 8u, reg_bits = d->sf ? 64 : 32;
	uint64_t low = bits_in == 64 ? ~0ULL : (1ULL << bits_in) - 1;
	bool neg = d->sign_extend && bits_in < 64 && ((bus >> (bits_in - 1)) & 1);

	if (bits_in >= reg_bits) {
		CHECK(v == (bus & (reg_bits == 64 ? ~0ULL : 0xffffffffULL)));
		return;
	}
	CHECK((v & low) == (bus & low));
	for (unsigned b = bits_in; b < 64; b++)
		CHECK(((v >> b) & 1) == (b < reg_bits && neg));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* ESR bits the decode does not depend on: AR, SET, EA, ISS2, RES0. */
	const uint64_t ignored = 1ULL << 14 | 3ULL << 11 | 1ULL << 9 | ~0ULL << 32;
	uint64_t in[5] = {0};
	struct a64_dabt got, want, again;
	enum a64_dabt_kind kind;

	if (size > sizeof(in))
		return -1;
	memcpy(in, data, size);
	if (!(in[4] & 1)) /* mostly a data abort from a lower EL */
		in[0] = (in[0] & ~(0x3fULL << 26)) | 0x24ULL << 26;
	memset(&got, 0xee, sizeof(got));
	kind = a64_decode_dabt(in[0], in[1], in[2], &got);
	CHECK(kind == reference(in[0], in[1], in[2], &want) && same(&got, &want));
	CHECK(a64_decode_dabt(in[0] ^ (in[3] & ignored), in[1], in[2], &again) == kind);
	CHECK(same(&again, &got));
	if (kind == A64_DABT_STAGE2)
		return 0;
	CHECK((got.gpa & 0xfff) == (in[1] & 0xfff) && got.gpa < 1ULL << 52);
	if (kind != A64_DABT_MMIO)
		return 0;
	CHECK(got.width == 1 || got.width == 2 || got.width == 4 || got.width == 8);
	CHECK(got.reg < 32 && (got.len == 2 || got.len == 4));
	CHECK(!(got.write && got.sign_extend));
	check_load(&got, in[4]);
	return 0;
}
