/* SPDX-License-Identifier: MIT */
/* Emulated console UART of a zone (16550-compatible register model). */
#ifndef ZV_VUART_H
#define ZV_VUART_H

#include <zv/spinlock.h>
#include <zv/types.h>

struct zone;

#define VUART_FIFO 64

struct vuart {
	struct zone *zone;
	u32 irq;
	spinlock_t lock;
	u8 ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thri;    /* THR-empty interrupt pending */
	bool reading; /* the guest set IER.ERBFI or read RBR since reset */
	bool rx_room; /* the guest took a byte: tell the console */
	u8 rx[VUART_FIFO];
	u32 rx_head, rx_tail;
};

int vuart_attach(struct zone *z, struct vuart *u, u64 gpa, u64 size, u32 irq);
void vuart_reset(struct vuart *u);
/* One input byte; false when the receive FIFO is full (not taken). */
bool vuart_rx(struct vuart *u, u8 c);
/* Register model, exposed for unit tests. */
u8 vuart_reg_read(struct vuart *u, u32 reg);
void vuart_reg_write(struct vuart *u, u32 reg, u8 val);
bool vuart_irq_level(const struct vuart *u);

#endif
