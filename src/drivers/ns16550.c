/* SPDX-License-Identifier: MIT */
/* Physical ns16550 console (reg-shift 0) at the board's BOARD_UART_BASE. */
#include <zv/console.h>

#include "board.h"

#define UART_REG(off) ((volatile unsigned char *)(BOARD_UART_BASE + (off)))
#define RBR 0
#define THR 0
#define IER 1
#define FCR 2
#define LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20

void uart_init(void)
{
	*UART_REG(FCR) = 0x07; /* enable and clear FIFOs */
}

void uart_putc(char c)
{
	while (!(*UART_REG(LSR) & LSR_THRE))
		;
	*UART_REG(THR) = (unsigned char)c;
}

int uart_getc(void)
{
	if (!(*UART_REG(LSR) & LSR_DR))
		return -1;
	return *UART_REG(RBR);
}

void uart_irq_enable(void)
{
	*UART_REG(IER) = 0x01; /* received data available */
}

/* Input left in the FIFO keeps the line low with IER.ERBFI clear; QEMU's
 * model then holds further input back in its character backend. */
void uart_irq_disable(void)
{
	*UART_REG(IER) = 0;
}
