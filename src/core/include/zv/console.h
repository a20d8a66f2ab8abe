/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor owns the physical UART. Each zone writes through its
 * emulated UART (or a hypercall/SBI/firmware console); every line is tagged
 * "[zone] ", and a zone's control characters are shown escaped, so no zone
 * can print a line that looks like another's or the hypervisor's. Input
 * goes to the zone that has focus; Ctrl-] moves focus to the next running
 * zone. Input is never dropped for a zone that reads it: when the zone's
 * UART model is full, the console stops reading the physical UART (its
 * bytes wait in the board UART's FIFO and behind it) until the model has
 * room again.
 */
#ifndef ZV_CONSOLE_H
#define ZV_CONSOLE_H

#include <zv/spinlock.h>
#include <zv/types.h>

struct zone;

#define CONSOLE_FOCUS_KEY 0x1d /* Ctrl-] */

/*
 * A zone's console input, registered by its UART model (16550, PL011...).
 * put() takes one byte into the model's receive buffer, or returns false
 * when it is full; reading() says whether the guest has shown it reads
 * input (enabled the receive interrupt or read a byte since the model's
 * reset). Both are called with the console's input lock held, and may
 * take the model's own lock (never the other way round).
 */
struct console_input {
	bool (*put)(void *dev, u8 c);
	bool (*reading)(const void *dev);
	void *dev;
};

void console_init(void);
void console_set_focus(u32 zone_index);	   /* which zone gets input first */
void console_putc(struct zone *z, char c); /* z == NULL: the hypervisor */
/* Physical UART input arrived: drain it into the focused zone. */
void console_rx(void);
struct zone *console_focus(void);
/* A UART model attaches as z's console input (one per zone). */
void console_input_attach(struct zone *z, const struct console_input *in);
/* z's UART model has room in its receive buffer again (the guest read a
 * byte). Call it without the model's lock: input waiting for z is moved
 * in, and a paused physical UART resumes. */
void console_rx_ready(struct zone *z);
/* The end of a guest's access to z's UART model, under the model's lock:
 * unlock, and if the access took input (*rx_room) clear the flag and tell
 * the console (console_rx_ready) once the lock is released. */
static inline void console_uart_unlock(struct zone *z, spinlock_t *lock, bool *rx_room)
{
	bool room = *rx_room;

	*rx_room = false;
	spin_unlock(lock);
	if (room)
		console_rx_ready(z);
}
/* A copy of z's console output, byte by byte, to tap (NULL: none), called
 * after the console's lock is dropped, possibly under z's UART model lock:
 * it must not wait on a lock (the root's control port, mgmt_port.c). */
void console_set_tap(struct zone *z, void (*tap)(struct zone *z, char c));
/* Input for z from elsewhere than the physical UART (its root's console
 * port): taken as if typed while z had focus. Returns false, taking
 * nothing, when the input lock is busy: try again later. */
bool console_try_input(struct zone *z, const u8 *buf, u32 len);
/* z stopped or is being reloaded: input waiting for it is discarded. */
void console_zone_reset(struct zone *z);

/* Board console driver, in the platform (ns16550, pl011, ...). */
void uart_init(void);
void uart_putc(char c);
int uart_getc(void);	     /* -1 when empty */
void uart_irq_enable(void);  /* receive interrupt on */
void uart_irq_disable(void); /* off: input waits in the UART (back-pressure) */

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
