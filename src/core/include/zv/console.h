/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor owns the physical UART. Each zone writes through its
 * emulated UART (or a hypercall/SBI/firmware console); lines are tagged
 * "[zone] " whenever more than one zone is running. Input goes to the zone
 * that has focus; Ctrl-] moves focus to the next running zone.
 */
#ifndef ZV_CONSOLE_H
#define ZV_CONSOLE_H

#include <zv/types.h>

struct zone;

#define CONSOLE_FOCUS_KEY 0x1d /* Ctrl-] */

void console_init(void);
void console_set_focus(u32 zone_index); /* which zone gets input first */
void console_putc(struct zone *z, char c); /* z == NULL: the hypervisor */
/* Physical UART input arrived: drain it into the focused zone. */
void console_rx(void);
struct zone *console_focus(void);

/* Board console driver, in the platform (ns16550, pl011, ...). */
void uart_init(void);
void uart_putc(char c);
int uart_getc(void); /* -1 when empty */
void uart_irq_enable(void);

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
