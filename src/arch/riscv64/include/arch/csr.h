/* SPDX-License-Identifier: MIT */
#ifndef ARCH_RISCV64_CSR_H
#define ARCH_RISCV64_CSR_H

#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HIE 0x604
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE 0x607
#define CSR_HENVCFG 0x60a
#define CSR_HTVAL 0x643
#define CSR_HIP 0x644
#define CSR_HVIP 0x645
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680
#define CSR_VSSTATUS 0x200
#define CSR_VSIE 0x204
#define CSR_VSTVEC 0x205
#define CSR_VSSCRATCH 0x240
#define CSR_VSEPC 0x241
#define CSR_VSCAUSE 0x242
#define CSR_VSTVAL 0x243
#define CSR_VSIP 0x244
#define CSR_VSATP 0x280
#define CSR_VSTIMECMP 0x24d
#define CSR_HTIMEDELTA 0x605

#define SSTATUS_SIE (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS (3UL << 13)
#define HSTATUS_SPV (1UL << 7)
#define HSTATUS_SPVP (1UL << 8)
#define HSTATUS_VTW (1UL << 21)
#define HENVCFG_STCE (1UL << 63) /* Sstc: the guest programs vstimecmp */
#define HENVCFG_CBZE (1UL << 7) /* Zicboz: cbo.zero in VS/VU-mode, no exit */

#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define CAUSE_IRQ (1UL << 63)

#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_VS 10
#define EXC_INST_PAGE 12
#define EXC_LOAD_PAGE 13
#define EXC_STORE_PAGE 15
#define EXC_INST_GUEST_PAGE 20
#define EXC_LOAD_GUEST_PAGE 21
#define EXC_VIRTUAL_INST 22
#define EXC_STORE_GUEST_PAGE 23

/* The exceptions a guest OS handles itself (hedeleg): everything it would
 * take on bare hardware. */
#define RV_HEDELEG_GUEST                                                                           \
	((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_INST_ACCESS) | (1UL << EXC_ILLEGAL) |          \
	 (1UL << EXC_BREAKPOINT) | (1UL << EXC_LOAD_MISALIGNED) | (1UL << EXC_LOAD_ACCESS) |       \
	 (1UL << EXC_STORE_MISALIGNED) | (1UL << EXC_STORE_ACCESS) | (1UL << EXC_ECALL_U) |        \
	 (1UL << EXC_INST_PAGE) | (1UL << EXC_LOAD_PAGE) | (1UL << EXC_STORE_PAGE))

#ifndef __ASSEMBLY__
#define __str(x) #x
#define csr_read(csr)                                                          \
	({                                                                     \
		unsigned long __v;                                             \
		__asm__ volatile("csrr %0, " __str(csr) : "=r"(__v)::"memory"); \
		__v;                                                           \
	})
#define csr_write(csr, val)                                                      \
	__asm__ volatile("csrw " __str(csr) ", %0" ::"rK"((unsigned long)(val)) \
			 : "memory")
#define csr_set(csr, val)                                                        \
	__asm__ volatile("csrs " __str(csr) ", %0" ::"rK"((unsigned long)(val)) \
			 : "memory")
#define csr_clear(csr, val)                                                      \
	__asm__ volatile("csrc " __str(csr) ", %0" ::"rK"((unsigned long)(val)) \
			 : "memory")
#endif

#endif
