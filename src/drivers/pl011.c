/* SPDX-License-Identifier: MIT */
/* Physical PL011 console at the board's BOARD_UART_BASE. */
#include <zv/console.h>

#include "board.h"

#define PL011_REG(off) ((volatile unsigned int *)(unsigned long)(BOARD_UART_BASE + (off)))
#define DR 0x00
#define FR 0x18
#define LCR_H 0x2c
#define CR 0x30
#define IMSC 0x38
#define ICR 0x44
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define LCR_H_FEN (1u << 4)
#define LCR_H_WLEN8 (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)

void uart_init(void)
{
	/* Baud rate is left as firmware/QEMU set it; only framing and enables. */
	*PL011_REG(LCR_H) = LCR_H_FEN | LCR_H_WLEN8;
	*PL011_REG(CR) = CR_UARTEN | CR_TXE | CR_RXE;
}

void uart_putc(char c)
{
	while (*PL011_REG(FR) & FR_TXFF)
		;
	*PL011_REG(DR) = (unsigned char)c;
}

/* Drained, the interrupt is cleared before the FIFO is looked at a last
 * time, never after: a byte that lands between an "empty" UARTFR read and
 * a UARTICR write would have its UARTRIS.RXRIS cleared while it waits in
 * the FIFO, and RXRIS rises only as the fill level reaches the trigger
 * (QEMU's model: 0 -> 1), so no later byte raises it again; all input would
 * then stall in the UART for good. */
int uart_getc(void)
{
	if (*PL011_REG(FR) & FR_RXFE) {
		*PL011_REG(ICR) = INT_RX | INT_RT;
		if (*PL011_REG(FR) & FR_RXFE)
			return -1; /* what comes now raises RXRIS afresh */
	}
	return (int)(*PL011_REG(DR) & 0xff);
}

void uart_irq_enable(void)
{
	*PL011_REG(IMSC) = INT_RX | INT_RT; /* receive and receive timeout */
}

/* Masked in UARTIMSC, a full receive FIFO raises nothing; QEMU's model then
 * holds further input back in its character backend. */
void uart_irq_disable(void)
{
	*PL011_REG(IMSC) = 0;
}
