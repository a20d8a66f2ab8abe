/* SPDX-License-Identifier: MIT */
/* aarch64 system registers and the fields the port uses. */
#ifndef ARCH_AARCH64_SYSREG_H
#define ARCH_AARCH64_SYSREG_H

/* HCR_EL2 */
#define HCR_VM (1UL << 0)
#define HCR_SWIO (1UL << 1)
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_TWI (1UL << 13)
#define HCR_TSC (1UL << 19)
#define HCR_RW (1UL << 31)
#define HCR_APK (1UL << 40)
#define HCR_API (1UL << 41)

/* HCRX_EL2 (FEAT_HCX) */
#define HCRX_MSCEN (1UL << 11)
#define HCRX_TCR2EN (1UL << 14)
#define HCRX_SCTLR2EN (1UL << 15)

/* CPTR_EL2 with E2H=0: RES1 bits 13, 9:0; TZ(8) TFP(10) TSM(12) left 0. */
#define CPTR_EL2_NOTRAP 0x22ffUL

/* CNTHCTL_EL2 with E2H=0 */
#define CNTHCTL_EL1PCTEN (1UL << 0)

/* VTCR_EL2: inner-shareable write-back walks; T0SZ/SL0 from stage2.c. */
#define VTCR_IRGN_WB (1UL << 8)
#define VTCR_ORGN_WB (1UL << 10)
#define VTCR_SH_INNER (3UL << 12)
#define VTCR_PS_SHIFT 16
#define VTCR_RES1 (1UL << 31)

/* SPSR_EL2 for a guest entering at EL1h with DAIF masked. */
#define SPSR_EL1H_DAIF 0x3c5UL

/* SCTLR_EL1 RES1 bits (29,28,23,22,20,11): MMU and caches off. */
#define SCTLR_EL1_RESET 0x30d00800UL

/* ESR_EL2 */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL (1UL << 25)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_CP15_32 0x03 /* AArch32 MCR/MRC, coproc 15 */
#define EC_CP15_64 0x04 /* AArch32 MCRR/MRRC, coproc 15 */
#define EC_CP14_32 0x05
#define EC_CP14_LS 0x06
#define EC_CP14_64 0x0c
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

/* WFx ISS: TI [1:0] (00 WFI, 01 WFE, 10 WFIT, 11 WFET), RV [2], Rv [9:5] */
#define WFX_TI(esr) ((esr) & 3)
#define WFX_TI_WFI 0
#define WFX_TI_WFIT 2
#define WFX_RV (1UL << 2)
#define WFX_RV_REG(esr) (((esr) >> 5) & 0x1f)

/* SPSR: M[4] set, the exception came from AArch32 */
#define SPSR_NRW (1UL << 4)

/* PAR_EL1 after an AT: F [0], PA [47:12] */
#define PAR_PA_MASK 0x0000fffffffff000UL

/* WFIT Xt: 0xd5031020 | Rt */
#define A64_WFIT 0xd5031020u

/* CNTHP_CTL_EL2 */
#define CNTHP_CTL_ENABLE (1UL << 0)

/* Data abort ISS */
#define DABT_ISV (1UL << 24)
#define DABT_SAS(esr) (((esr) >> 22) & 3)
#define DABT_SSE (1UL << 21)
#define DABT_SRT(esr) (((esr) >> 16) & 0x1f)
#define DABT_SF (1UL << 15)
#define DABT_S1PTW (1UL << 7)
#define DABT_WNR (1UL << 6)

/* ICH_* (GICv3 virtualization) */
#define ICH_HCR_EN (1UL << 0)
#define ICH_HCR_UIE (1UL << 1)
#define ICH_LR_STATE_SHIFT 62
#define ICH_LR_STATE_PENDING 1UL /* State [63:62] = 01 */
#define ICH_LR_PENDING (1UL << 62)
#define ICH_LR_ACTIVE (1UL << 63)
#define ICH_LR_HW (1UL << 61)
#define ICH_LR_EOI (1UL << 41) /* HW = 0: maintenance when deactivated */
#define ICH_LR_GROUP1 (1UL << 60)
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_PINTID_SHIFT 32

#define ICC_SRE_SRE (1UL << 0)
#define ICC_SRE_ENABLE (1UL << 3)
#define ICC_CTLR_EOIMODE (1UL << 1)

#define __stringify(x) #x
#define sysreg_read(r)                                                 \
	({                                                             \
		unsigned long __v;                                     \
		__asm__ volatile("mrs %0, " __stringify(r) : "=r"(__v)); \
		__v;                                                   \
	})
#define sysreg_write(r, v) \
	__asm__ volatile("msr " __stringify(r) ", %0" ::"r"((unsigned long)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* Registers LLVM may not know by name. */
#define HCRX_EL2 s3_4_c1_c2_2
#define ZCR_EL2 s3_4_c1_c2_0
#define SMCR_EL2 s3_4_c1_c2_6
#define ID_AA64MMFR1 id_aa64mmfr1_el1
#define ID_AA64ISAR2 s3_0_c0_c6_2

#endif
