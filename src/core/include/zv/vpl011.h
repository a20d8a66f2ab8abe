/* SPDX-License-Identifier: MIT */
/* Emulated console UART of a zone: an Arm PrimeCell PL011 register model. */
#ifndef ZV_VPL011_H
#define ZV_VPL011_H

#include <zv/spinlock.h>
#include <zv/types.h>

struct zone;

/* Receive buffer: deeper than the 16-entry FIFO the ID registers promise
 * (revision 0), so input a real PL011 would overrun with waits instead. */
#define VPL011_RX_BUF 64
#define VPL011_FIFO 16 /* what the trigger levels (IFLS) count in */

/* Register offsets (PL011 TRM, "Summary of registers"). */
#define VPL011_DR 0x000
#define VPL011_RSR_ECR 0x004
#define VPL011_FR 0x018
#define VPL011_ILPR 0x020
#define VPL011_IBRD 0x024
#define VPL011_FBRD 0x028
#define VPL011_LCR_H 0x02c
#define VPL011_CR 0x030
#define VPL011_IFLS 0x034
#define VPL011_IMSC 0x038
#define VPL011_RIS 0x03c
#define VPL011_MIS 0x040
#define VPL011_ICR 0x044
#define VPL011_DMACR 0x048
#define VPL011_ID 0xfe0 /* PeriphID0-3, then PCellID0-3, one byte a word */

/* FR flags. */
#define VPL011_FR_CTS (1u << 0)
#define VPL011_FR_DSR (1u << 1)
#define VPL011_FR_DCD (1u << 2)
#define VPL011_FR_BUSY (1u << 3)
#define VPL011_FR_RXFE (1u << 4)
#define VPL011_FR_TXFF (1u << 5)
#define VPL011_FR_RXFF (1u << 6)
#define VPL011_FR_TXFE (1u << 7)

/* Interrupt bits of IMSC, RIS, MIS and ICR. */
#define VPL011_INT_RX (1u << 4)
#define VPL011_INT_TX (1u << 5)
#define VPL011_INT_RT (1u << 6)
#define VPL011_INT_ALL 0x7ffu

#define VPL011_LCR_H_FEN (1u << 4)
#define VPL011_CR_LBE (1u << 7)

/* AMBA identification Linux's bus code reads: part 0x011, designer 0x41
 * (Arm), revision 0; and the PrimeCell component ID. */
#define VPL011_PERIPH_ID 0x00041011u
#define VPL011_PCELL_ID 0xb105f00du

struct vpl011 {
	struct zone *zone;
	u32 irq;
	spinlock_t lock;
	u32 ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc;
	u32 ris_tx; /* the latched transmit interrupt; RX and RT follow the buffer */
	u8 rx[VPL011_RX_BUF];
	u32 rx_head, rx_tail;
	bool reading; /* the guest unmasked RX/RT or read DR since reset */
	bool rx_room; /* a byte left the buffer: the console may send more */
};

int vpl011_attach(struct zone *z, struct vpl011 *u, u64 gpa, u64 size, u32 irq);
void vpl011_reset(struct vpl011 *u);
/* A byte of console input; false (not taken) while the buffer is full. */
bool vpl011_rx(struct vpl011 *u, u8 c);
/* Register model, exposed for unit tests: off is a byte offset. */
u32 vpl011_reg_read(struct vpl011 *u, u32 off);
void vpl011_reg_write(struct vpl011 *u, u32 off, u32 val);
u32 vpl011_ris(const struct vpl011 *u);
bool vpl011_irq_level(const struct vpl011 *u);

#endif
