/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 data abort syndromes (Arm ARM D24.2.47, ESR_EL2 ISS for EC 0x24).
 * Only what the syndrome states is emulated: an abort whose address is not
 * trustworthy (no translation fault, stage-1 walk, FnV, VNCR) is a stage-2
 * fault; one without a valid instruction syndrome is refused, not guessed.
 */
#include <arch/a64_decode.h>
#include <arch/sysreg.h>

#define DABT_DFSC(esr) ((esr) & 0x3f)
#define DFSC_TRANSLATION 0x04 /* 0b0001LL: translation fault, level LL */
#define DABT_CM (1UL << 8)
#define DABT_FNV (1UL << 10)
#define DABT_VNCR (1UL << 13)
#define HPFAR_FIPA_MASK 0xffffffffff0UL /* bits 43:4 */

u64 a64_fault_ipa(u64 far, u64 hpfar)
{
	return ((hpfar & HPFAR_FIPA_MASK) << 8) | (far & 0xfff);
}

/* HPFAR_EL2 and FAR_EL2 hold the guest's address. */
static bool dabt_address_valid(u64 esr)
{
	if (ESR_EC(esr) != EC_DABT_LOW || (DABT_DFSC(esr) & ~3UL) != DFSC_TRANSLATION)
		return false;
	return !(esr & (DABT_S1PTW | DABT_FNV | DABT_VNCR));
}

enum a64_dabt_kind a64_decode_dabt(u64 esr, u64 far, u64 hpfar, struct a64_dabt *out)
{
	*out = (struct a64_dabt){0};
	if (!dabt_address_valid(esr))
		return A64_DABT_STAGE2;
	out->gpa = a64_fault_ipa(far, hpfar);
	if (!(esr & DABT_ISV) || (esr & DABT_CM))
		return A64_DABT_NO_SYNDROME;
	out->width = (u8)(1u << DABT_SAS(esr));
	out->write = !!(esr & DABT_WNR);
	out->reg = (u8)DABT_SRT(esr);
	out->sign_extend = !out->write && (esr & DABT_SSE);
	out->sf = !!(esr & DABT_SF);
	out->len = (esr & ESR_IL) ? 4 : 2;
	return A64_DABT_MMIO;
}
