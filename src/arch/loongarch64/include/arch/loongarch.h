/* SPDX-License-Identifier: MIT */
/*
 * LoongArch CSR numbers and fields the port uses (numbers from Linux
 * arch/loongarch/include/asm/loongarch.h, LVZ fields as Linux KVM uses them,
 * see docs/loongarch64.md). Constants only above the ZV_HOST fence, so the
 * pure-C models and their host unit tests can include it.
 */
#ifndef ARCH_LOONGARCH_H
#define ARCH_LOONGARCH_H

/* Root CSRs */
#define CSR_CRMD 0x0
#define CSR_PRMD 0x1
#define CSR_EUEN 0x2
#define CSR_MISC 0x3
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_BADI 0x8
#define CSR_EENTRY 0xc
#define CSR_TLBIDX 0x10
#define CSR_TLBEHI 0x11
#define CSR_TLBELO0 0x12
#define CSR_TLBELO1 0x13
#define CSR_GTLBC 0x15
#define CSR_TRGP 0x16
#define CSR_ASID 0x18
#define CSR_PGDL 0x19
#define CSR_PGDH 0x1a
#define CSR_PGD 0x1b
#define CSR_PWCL 0x1c
#define CSR_PWCH 0x1d
#define CSR_STLBPS 0x1e
#define CSR_RVACFG 0x1f
#define CSR_CPUID 0x20
#define CSR_PRCFG1 0x21
#define CSR_PRCFG2 0x22
#define CSR_PRCFG3 0x23
#define CSR_KS0 0x30
#define CSR_KS1 0x31
#define CSR_KS2 0x32
#define CSR_TMID 0x40
#define CSR_TCFG 0x41
#define CSR_TVAL 0x42
#define CSR_CNTC 0x43
#define CSR_TICLR 0x44
#define CSR_GSTAT 0x50
#define CSR_GCFG 0x51
#define CSR_GINTC 0x52
#define CSR_GCNTC 0x53
#define CSR_LLBCTL 0x60
#define CSR_TLBRENTRY 0x88
#define CSR_TLBRBADV 0x89
#define CSR_TLBRERA 0x8a
#define CSR_TLBRSAVE 0x8b
#define CSR_TLBRELO0 0x8c
#define CSR_TLBRELO1 0x8d
#define CSR_TLBREHI 0x8e
#define CSR_TLBRPRMD 0x8f
#define CSR_DMW0 0x180
#define CSR_DMW1 0x181
#define CSR_DMW2 0x182
#define CSR_DMW3 0x183

/* CRMD / PRMD */
#define CRMD_PLV_MASK 0x3UL
#define CRMD_IE (1UL << 2)
#define CRMD_DA (1UL << 3)
#define CRMD_PG (1UL << 4)
#define CRMD_DATF_CC (1UL << 5) /* DATF/DATM = 1: coherent cached in DA mode */
#define CRMD_DATM_CC (1UL << 7)
#define PRMD_PIE (1UL << 2)

/* ECFG: LIE 12:0, VS 18:16.  ESTAT: IS 12:0, Ecode 21:16, EsubCode 30:22. */
#define ECFG_VS_SHIFT 16
#define ECFG_VS_MASK (7UL << ECFG_VS_SHIFT)
#define INT_SWI0 0
#define INT_SWI1 1
#define INT_HWI0 2 /* HWI0..7 are IS bits 2..9 */
#define INT_TI 11
#define INT_IPI 12
#define ESTAT_IS_MASK 0x1fffUL
#define ESTAT_ECODE(e) (((e) >> 16) & 0x3f)
#define ESTAT_ESUBCODE(e) (((e) >> 22) & 0x1ff)

/* Exception codes (ESTAT.Ecode) */
#define EXC_INT 0x0
#define EXC_PIL 0x1
#define EXC_PIS 0x2
#define EXC_PIF 0x3
#define EXC_PME 0x4
#define EXC_PNR 0x5
#define EXC_PNX 0x6
#define EXC_PPI 0x7
#define EXC_ADE 0x8
#define EXC_ALE 0x9
#define EXC_SYS 0xb
#define EXC_BRK 0xc
#define EXC_INE 0xd
#define EXC_IPE 0xe
#define EXC_FPD 0xf
#define EXC_GSPR 0x16
#define EXC_HVC 0x17
#define EXC_GCM 0x18

/* DMW: PLV0 bit 0, MAT 5:4, VSEG 63:60. */
#define DMW_PLV0 1UL
#define DMW_MAT_SUC (0UL << 4)
#define DMW_MAT_CC (1UL << 4)
#define DMW_VSEG(v) ((unsigned long)(v) << 60)

/* CPUCFG word 2: LVZ present (bit 10), LVZ version (13:11). */
#define CPUCFG2_LVZP (1U << 10)
#define CPUCFG2_LVZVER_SHIFT 11
#define CPUCFG2_LVZVER_MASK (7U << 11)

/* GSTAT 0x50: PVM (bit 1: next ertn enters the guest), GIDBIT 9:4, GID 23:16. */
#define GSTAT_PVM (1 << 1) /* no UL: trap.S uses it */
#define GSTAT_GIDBIT_SHIFT 4
#define GSTAT_GIDBIT_MASK (0x3fUL << 4)
#define GSTAT_GID_SHIFT 16
#define GSTAT_GID_MASK (0xffUL << 16)

/* GCFG 0x51: capability bits are read-only, read before writing. */
#define GCFG_MATP_ROOT (1UL << 1)
#define GCFG_GCIP_SECURE (1UL << 18)
#define GCFG_MATC_SHIFT 4
#define GCFG_MATC_ROOT (1UL << GCFG_MATC_SHIFT)
#define GCFG_GCI_SHIFT 20
#define GCFG_GCI_SECURE (2UL << GCFG_GCI_SHIFT)

/* GINTC 0x52: VIP 7:0 virtual HWI0-7, PIP 15:8 passthrough, HC 23:16. */
#define GINTC_VIP_MASK 0xffUL
#define GINTC_PIP_SHIFT 8

/* GTLBC 0x15: USETGID bit 12, TOTI bit 13, TGID 23:16. */
#define GTLBC_USETGID (1UL << 12)
#define GTLBC_TOTI (1UL << 13)
#define GTLBC_TGID_SHIFT 16
#define GTLBC_TGID_MASK (0xffUL << 16)

/* invtlb operations */
#define INVTLB_ALL 0x0
#define INVTLB_ALLGID 0x12 /* every guest entry, both stages */
#define INVTLB_GID 0x15    /* one GID, both stages */
#define INVTLB_GID_GPA 0x16

/* IOCSR (physical) */
#define IOCSR_FEATURES 0x8
#define IOCSR_MISC_FUNC 0x420
#define IOCSR_IPI_STATUS 0x1000
#define IOCSR_IPI_EN 0x1004
#define IOCSR_IPI_SET 0x1008
#define IOCSR_IPI_CLEAR 0x100c
#define IOCSR_MBUF0 0x1020
#define IOCSR_IPI_SEND 0x1040
#define IOCSR_MAIL_SEND 0x1048
#define IOCSR_ANY_SEND 0x1158
#define IPI_SEND_CPU_SHIFT 16

#ifndef ZV_HOST
#ifndef __ASSEMBLY__

#define csr_read(csr)                                                                  \
	({                                                                             \
		unsigned long __v;                                                     \
		__asm__ volatile("csrrd %0, %1" : "=r"(__v) : "i"(csr));               \
		__v;                                                                   \
	})
#define csr_write(csr, val)                                                            \
	do {                                                                           \
		unsigned long __v = (unsigned long)(val);                              \
		__asm__ volatile("csrwr %0, %1" : "+r"(__v) : "i"(csr) : "memory");    \
	} while (0)
/* Replace the bits of 'mask' with those of 'val'; returns the old value. */
#define csr_xchg(csr, val, mask)                                                       \
	({                                                                             \
		unsigned long __v = (unsigned long)(val);                              \
		__asm__ volatile("csrxchg %0, %1, %2"                                  \
				 : "+r"(__v)                                           \
				 : "r"((unsigned long)(mask)), "i"(csr)                \
				 : "memory");                                          \
		__v;                                                                   \
	})
#define gcsr_read(csr)                                                                 \
	({                                                                             \
		unsigned long __v;                                                     \
		__asm__ volatile("gcsrrd %0, %1" : "=r"(__v) : "i"(csr));              \
		__v;                                                                   \
	})
#define gcsr_write(csr, val)                                                           \
	do {                                                                           \
		unsigned long __v = (unsigned long)(val);                              \
		__asm__ volatile("gcsrwr %0, %1" : "+r"(__v) : "i"(csr) : "memory");   \
	} while (0)
#define gcsr_xchg(csr, val, mask)                                                      \
	({                                                                             \
		unsigned long __v = (unsigned long)(val);                              \
		__asm__ volatile("gcsrxchg %0, %1, %2"                                 \
				 : "+r"(__v)                                           \
				 : "r"((unsigned long)(mask)), "i"(csr)                \
				 : "memory");                                          \
		__v;                                                                   \
	})

static inline unsigned int la_cpucfg(unsigned int word)
{
	unsigned int v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	return v;
}

/* The stable counter (constant timer ticks). */
static inline unsigned long la_rdtime(void)
{
	unsigned long t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

static inline unsigned int iocsr_read32(unsigned long reg)
{
	unsigned int v;

	__asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(reg));
	return v;
}

static inline unsigned long iocsr_read64(unsigned long reg)
{
	unsigned long v;

	__asm__ volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(reg));
	return v;
}

static inline void iocsr_write32(unsigned int v, unsigned long reg)
{
	__asm__ volatile("iocsrwr.w %0, %1" ::"r"(v), "r"(reg) : "memory");
}

static inline void iocsr_write64(unsigned long v, unsigned long reg)
{
	__asm__ volatile("iocsrwr.d %0, %1" ::"r"(v), "r"(reg) : "memory");
}

/* invtlb op, rj (GID in 23:16 / ASID in 9:0), rk (address) */
#define la_invtlb(op, rj, rk)                                                          \
	__asm__ volatile("invtlb %0, %1, %2" ::"i"(op), "r"((unsigned long)(rj)),      \
			 "r"((unsigned long)(rk))                                      \
			 : "memory")

#endif /* __ASSEMBLY__ */
#endif /* ZV_HOST */
#endif
