/* SPDX-License-Identifier: MIT */
/*
 * Register models of what a LoongArch guest expects around its CPUs, as on
 * the QEMU virt board: the per-CPU IOCSR block (misc, IPI and mailboxes),
 * the extended I/O interrupt controller (EIOINTC, in IOCSR space) and the
 * LS7A PCH-PIC (MMIO). Pure C, no locking, no vCPU knowledge: the port
 * calls them under the zone's interrupt lock and applies the results.
 * Unit-tested on the host.
 */
#ifndef ARCH_LA_VINTC_H
#define ARCH_LA_VINTC_H

#include <stdbool.h>
#include <zv/types.h>

#define LA_MAX_VCPUS 8

/* ---- misc IOCSRs (0x0 .. 0x420) ---- */
#define LA_IOCSR_VERSION 0x0
#define LA_IOCSR_FEATURES 0x8
#define LA_IOCSR_VENDOR 0x10
#define LA_IOCSR_CPUNAME 0x20
#define LA_IOCSR_MISC_FUNC 0x420
#define LA_IOCSRF_EXTIOI (1u << 3)
#define LA_IOCSRF_CSRIPI (1u << 4)
#define LA_IOCSRF_VM (1u << 11)
/* Returns false if off is not a misc IOCSR. */
bool la_misc_read(u64 misc_func, u32 off, u8 width, u64 *val);
bool la_misc_write(u64 *misc_func, u32 off, u8 width, u64 val);

/* ---- IPI and mailboxes (0x1000 .. 0x115f) ---- */
#define LA_IPI_STATUS 0x1000
#define LA_IPI_EN 0x1004
#define LA_IPI_SET 0x1008
#define LA_IPI_CLEAR 0x100c
#define LA_IPI_MBUF 0x1020 /* 4 x 64-bit mailboxes, to 0x103f */
#define LA_IPI_SEND 0x1040
#define LA_IPI_MAIL_SEND 0x1048
#define LA_IPI_ANY_SEND 0x1158

struct la_ipi {
	u32 status;
	u32 enable;
	u8 mbuf[32];
};

/* A write that targets another CPU's block: the caller finds vCPU 'cpu'
 * and applies it there with la_ipi_apply. */
enum { LA_IPI_ACT_NONE, LA_IPI_ACT_RAISE, LA_IPI_ACT_WRITE32 };
struct la_ipi_action {
	u32 kind;
	u32 cpu;    /* target vCPU (IPI_SEND/MAIL_SEND/ANY_SEND bits 25:16) */
	u32 vector; /* RAISE: status bit */
	u32 off;    /* WRITE32: register offset in the target's block */
	u32 data;   /* WRITE32: value (bits 63:32 of the send) */
	u32 keep;   /* WRITE32: byte mask to keep (bits 30:27 of the send) */
};

bool la_ipi_read(const struct la_ipi *r, u32 off, u8 width, u64 *val);
/* Access to the caller's own block; *act says what to do elsewhere. */
bool la_ipi_write(struct la_ipi *r, u32 off, u8 width, u64 val, struct la_ipi_action *act);
void la_ipi_apply(struct la_ipi *target, const struct la_ipi_action *act);
/* The CPU's IPI line (ESTAT.IS bit 12). */
#define LA_IPI_IS_BIT 12
bool la_ipi_pending(const struct la_ipi *r);
/* ESTAT.IS bits 'lines' with the IPI bit following r, the others kept. */
u64 la_ipi_line(u64 lines, const struct la_ipi *r);

/* ---- EIOINTC (IOCSR 0x1400 .. 0x1cff), 256 vectors ---- */
#define LA_EIO_VECS 256
#define LA_EIO_NODETYPE 0x14a0
#define LA_EIO_IPMAP 0x14c0
#define LA_EIO_ENABLE 0x1600
#define LA_EIO_BOUNCE 0x1680
#define LA_EIO_ISR 0x1700
#define LA_EIO_COREISR 0x1800
#define LA_EIO_COREMAP 0x1c00
#define LA_EIO_END 0x1d00

struct la_eiointc {
	u32 nr_cpus;
	u16 nodetype[16];
	u8 ipmap[8];		 /* per 32 vectors: lowest set bit of 3:0 = HWI0..3 */
	u8 coremap[LA_EIO_VECS]; /* per vector: CPU bitmap, lowest set bit wins */
	u32 enable[8];
	u32 bounce[8];
	u32 isr[8]; /* input levels */
	u32 coreisr[LA_MAX_VCPUS][8];
};

void la_eio_reset(struct la_eiointc *e, u32 nr_cpus);
/* cpu: the accessing vCPU (the per-core ISR is banked). */
bool la_eio_read(const struct la_eiointc *e, u32 cpu, u32 off, u8 width, u64 *val);
bool la_eio_write(struct la_eiointc *e, u32 cpu, u32 off, u8 width, u64 val);
void la_eio_set_irq(struct la_eiointc *e, u32 vec, bool level);
/* HWI lines (bit n = HWIn, n = 0..7) asserted towards vCPU cpu. */
u32 la_eio_lines(const struct la_eiointc *e, u32 cpu);

/* ---- PCH-PIC (MMIO, 0x400 bytes) ---- */
#define LA_PCH_SIZE 0x400
#define LA_PCH_ID 0x000
#define LA_PCH_MASK 0x020
#define LA_PCH_HTMSI_EN 0x040
#define LA_PCH_EDGE 0x060
#define LA_PCH_CLEAR 0x080
#define LA_PCH_AUTO0 0x0c0
#define LA_PCH_AUTO1 0x0e0
#define LA_PCH_ROUTE 0x100
#define LA_PCH_HTMSI_VEC 0x200
#define LA_PCH_IRR 0x380
#define LA_PCH_ISR 0x3a0
#define LA_PCH_POLARITY 0x3e0

struct la_pchpic {
	u32 nr_inputs;
	u64 mask; /* 1 = masked; all masked at reset */
	u64 htmsi_en, edge, polarity, auto0, auto1;
	u64 level; /* input lines */
	u64 irr;   /* requests: level inputs, or latched edges */
	u64 out;   /* inputs currently asserted towards the EIOINTC */
	u8 route[64];
	u8 htmsi_vec[64]; /* EIOINTC vector of each input */
};

void la_pch_reset(struct la_pchpic *p, u32 nr_inputs);
bool la_pch_read(const struct la_pchpic *p, u32 off, u8 width, u64 *val);
/* Register writes and input changes; afterwards la_pch_sync() forwards the
 * changed outputs to the EIOINTC. */
void la_pch_write(struct la_pchpic *p, u32 off, u8 width, u64 val);
void la_pch_set_irq(struct la_pchpic *p, u32 input, bool level);
void la_pch_sync(struct la_pchpic *p, struct la_eiointc *e);

#endif
