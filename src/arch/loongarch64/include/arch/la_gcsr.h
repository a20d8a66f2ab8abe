/* SPDX-License-Identifier: MIT */
/*
 * Guest CSRs. Hardware-backed ones (the list below, the set Linux KVM marks
 * HW_GCSR) live in the LVZ guest CSR bank and are reached from root mode with
 * gcsrrd/gcsrwr; the software-emulated ones trap as GSPR and are kept in a
 * RAM copy per vCPU. Pure C: unit-tested on the host.
 */
#ifndef ARCH_LA_GCSR_H
#define ARCH_LA_GCSR_H

#include <stdbool.h>
#include <zv/types.h>

/* X(csr number, name, flags). Order is restore order: TCFG before TVAL so a
 * restored timer does not fire early; PGD is read-only (computed). */
#define LA_GCSR_RO 1u /* never written back */
#define LA_GCSR_HW_LIST(X)                                                                         \
	X(0x000, CRMD, 0)                                                                          \
	X(0x001, PRMD, 0)                                                                          \
	X(0x002, EUEN, 0)                                                                          \
	X(0x003, MISC, 0)                                                                          \
	X(0x004, ECFG, 0)                                                                          \
	X(0x005, ESTAT, 0)                                                                         \
	X(0x006, ERA, 0)                                                                           \
	X(0x007, BADV, 0)                                                                          \
	X(0x008, BADI, 0)                                                                          \
	X(0x00c, EENTRY, 0)                                                                        \
	X(0x010, TLBIDX, 0)                                                                        \
	X(0x011, TLBEHI, 0)                                                                        \
	X(0x012, TLBELO0, 0)                                                                       \
	X(0x013, TLBELO1, 0)                                                                       \
	X(0x018, ASID, 0)                                                                          \
	X(0x019, PGDL, 0)                                                                          \
	X(0x01a, PGDH, 0)                                                                          \
	X(0x01b, PGD, LA_GCSR_RO)                                                                  \
	X(0x01c, PWCL, 0)                                                                          \
	X(0x01d, PWCH, 0)                                                                          \
	X(0x01e, STLBPS, 0)                                                                        \
	X(0x01f, RVACFG, 0)                                                                        \
	X(0x020, CPUID, 0)                                                                         \
	X(0x021, PRCFG1, 0)                                                                        \
	X(0x022, PRCFG2, 0)                                                                        \
	X(0x023, PRCFG3, 0)                                                                        \
	X(0x030, KS0, 0)                                                                           \
	X(0x031, KS1, 0)                                                                           \
	X(0x032, KS2, 0)                                                                           \
	X(0x033, KS3, 0)                                                                           \
	X(0x034, KS4, 0)                                                                           \
	X(0x035, KS5, 0)                                                                           \
	X(0x036, KS6, 0)                                                                           \
	X(0x037, KS7, 0)                                                                           \
	X(0x040, TMID, 0)                                                                          \
	X(0x041, TCFG, 0)                                                                          \
	X(0x042, TVAL, 0)                                                                          \
	X(0x043, CNTC, 0)                                                                          \
	X(0x044, TICLR, 0)                                                                         \
	X(0x060, LLBCTL, 0)                                                                        \
	X(0x088, TLBRENTRY, 0)                                                                     \
	X(0x089, TLBRBADV, 0)                                                                      \
	X(0x08a, TLBRERA, 0)                                                                       \
	X(0x08b, TLBRSAVE, 0)                                                                      \
	X(0x08c, TLBRELO0, 0)                                                                      \
	X(0x08d, TLBRELO1, 0)                                                                      \
	X(0x08e, TLBREHI, 0)                                                                       \
	X(0x08f, TLBRPRMD, 0)                                                                      \
	X(0x180, DMW0, 0)                                                                          \
	X(0x181, DMW1, 0)                                                                          \
	X(0x182, DMW2, 0)                                                                          \
	X(0x183, DMW3, 0)

#define LA_GCSR_ENUM(num, name, flags) LA_GCSR_IDX_##name,
enum { LA_GCSR_HW_LIST(LA_GCSR_ENUM) LA_GCSR_HW_COUNT };
#undef LA_GCSR_ENUM

struct la_gcsr_desc {
	u16 csr;
	u16 flags;
	const char *name;
};
extern const struct la_gcsr_desc la_gcsr_hw_table[LA_GCSR_HW_COUNT];

/* The hardware guest CSRs as saved/restored (index = LA_GCSR_IDX_*). */
struct la_gcsr_hw_state {
	u64 v[LA_GCSR_HW_COUNT];
};

/* Software-emulated guest CSRs: IMPCTL1/2, MERR*, CTAG, DEBUG/DERA/DESAVE,
 * PERFCTRL/PERFCNTR0-3, MWPC/MWPS, DB0-7, FWPC/FWPS, IB0-7. */
#define LA_GCSR_SW_SLOTS 88
struct la_gcsr_sw {
	u64 v[LA_GCSR_SW_SLOTS];
};

enum la_gcsr_kind { LA_GCSR_NONE, LA_GCSR_HW, LA_GCSR_SW };
enum la_csr_op { LA_CSR_RD, LA_CSR_WR, LA_CSR_XCHG };

enum la_gcsr_kind la_gcsr_kind(u32 csr);
/* Slot of a software CSR in struct la_gcsr_sw, or -1. */
int la_gcsr_sw_slot(u32 csr);
/* Index of a hardware CSR in struct la_gcsr_hw_state, or -1. */
int la_gcsr_hw_index(u32 csr);
/*
 * A trapped csrrd/csrwr/csrxchg on a software CSR (GSPR): returns the value
 * the guest's rd receives (the old value). xchg replaces the bits of 'mask'
 * with those of 'val'. CSRs that are neither kind read 0 and ignore writes,
 * as KVM does.
 */
u64 la_gcsr_emulate(struct la_gcsr_sw *s, u32 csr, enum la_csr_op op, u64 val, u64 mask);

/* Reset values of a vCPU's hardware guest CSRs: DA mode, PLV0, interrupts
 * off, CPUID = vcpu_id, PRCFG1-3 copied from the host (the LVZ model in
 * QEMU starts them at 0), timer stopped, LLBCTL.KLO clear. */
void la_gcsr_reset_state(struct la_gcsr_hw_state *s, u32 vcpu_id, const u64 prcfg[3]);

/*
 * What a guest's cpucfg returns for 'index', given the host's value: words
 * 0-20 pass through masked as Linux KVM masks them (CPUCFG2 never shows LVZ
 * or the binary-translation bits; no PMU in word 6); everything else,
 * including the KVM paravirt signature leaf 0x40000000, reads 0.
 */
u32 la_guest_cpucfg(u32 index, u32 host);

#endif
