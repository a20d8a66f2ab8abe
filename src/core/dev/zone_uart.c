/* SPDX-License-Identifier: MIT */
/*
 * A zone's console UART: the model its zone-table entry asks for on this
 * board (config_uart_model(): the board's default for "uart", or a model by
 * name), at the board's UART address and interrupt. The console and the
 * zone lifecycle go through here and never need to know which model it is.
 */
#include <zv/board.h>
#include <zv/config.h>
#include <zv/vpl011.h>
#include <zv/vuart.h>
#include <zv/zone.h>

static union {
	struct vuart ns16550;
	struct vpl011 pl011;
} zone_uarts[ZV_MAX_ZONES];

int zone_uart_attach(struct zone *z)
{
	const struct zv_board *b = &zv_board;
	enum zv_uart_model m = config_uart_model(b, z->cfg->devices);

	if (!(b->uart_models & ZV_UART_BIT(m)))
		return -ZV_EINVAL; /* config_check() refused such a table already */
	z->uart_model = m;
	if (m == ZV_UART_PL011)
		return vpl011_attach(z, &zone_uarts[z->index].pl011, b->uart_gpa, b->uart_size,
				     b->uart_irq);
	return vuart_attach(z, &zone_uarts[z->index].ns16550, b->uart_gpa, b->uart_size,
			    b->uart_irq);
}

void zone_uart_reset(struct zone *z)
{
	if (!z->uart)
		return;
	if (z->uart_model == ZV_UART_PL011)
		vpl011_reset(z->uart);
	else
		vuart_reset(z->uart);
}
