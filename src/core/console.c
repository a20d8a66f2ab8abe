/* SPDX-License-Identifier: MIT */
/*
 * One physical UART, several zones. Every line on the wire starts with the
 * name of the zone that printed it ("[linux] ..."), or "[zv] " for the
 * hypervisor. Zones without input focus are line-buffered so their lines
 * arrive whole; the focused zone prints at once (a shell prompt has no
 * newline), and a line of it cut by another zone resumes under the tag
 * "[name]+ ", so a reader can join the two parts again.
 * Input goes to the focused zone; CONSOLE_FOCUS_KEY cycles the focus.
 */
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/spinlock.h>
#include <zv/zone.h>

static spinlock_t console_lock;
static const struct zone *last_writer;
static bool line_open;
static u32 focus;
/* The writers (zones, then the hypervisor) whose last line was cut. */
static bool line_cut[ZV_MAX_ZONES + 1];

#define CONSOLE_LINE 160
struct console_line {
	u32 len;
	char buf[CONSOLE_LINE];
};
static struct console_line zone_lines[ZV_MAX_ZONES];

static void put_raw(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static bool *console_cut(const struct zone *z)
{
	return &line_cut[z ? z->index : ZV_MAX_ZONES];
}

static void console_put_locked(const struct zone *z, char c)
{
	if (line_open && z != last_writer) {
		put_raw("\r\n");
		*console_cut(last_writer) = true;
		line_open = false;
	}
	if (!line_open) {
		uart_putc('[');
		put_raw(z ? zone_name(z) : "zv");
		put_raw(*console_cut(z) ? "]+ " : "] ");
		*console_cut(z) = false;
		line_open = true;
	}
	last_writer = z;
	uart_putc(c);
	if (c == '\n')
		line_open = false;
}

static void console_flush_locked(struct zone *z)
{
	struct console_line *l = &zone_lines[z->index];

	for (u32 i = 0; i < l->len; i++)
		console_put_locked(z, l->buf[i]);
	l->len = 0;
}

void console_putc(struct zone *z, char c)
{
	struct console_line *l;

	spin_lock(&console_lock);
	if (!z || z->index == focus) {
		if (z)
			console_flush_locked(z);
		console_put_locked(z, c);
	} else {
		l = &zone_lines[z->index];
		l->buf[l->len++] = c;
		if (c == '\n' || l->len == CONSOLE_LINE)
			console_flush_locked(z);
	}
	spin_unlock(&console_lock);
}

void console_init(void)
{
	uart_init();
}

void console_set_focus(u32 zone_index)
{
	focus = zone_index;
}

struct zone *console_focus(void)
{
	return focus < nr_zones ? &zones[focus] : NULL;
}

static void console_next_focus(void)
{
	for (u32 i = 1; i <= nr_zones; i++) {
		struct zone *z = &zones[(focus + i) % nr_zones];

		if (z->uart && z->state == ZONE_RUNNING) {
			focus = z->index;
			break;
		}
	}
	printk("input focus: %s\n", zone_name(&zones[focus]));
	spin_lock(&console_lock);
	console_flush_locked(&zones[focus]);
	spin_unlock(&console_lock);
}

void console_rx(void)
{
	int c;

	while ((c = uart_getc()) >= 0) {
		struct zone *z = console_focus();

		if (c == CONSOLE_FOCUS_KEY)
			console_next_focus();
		else if (z && z->uart)
			zone_uart_rx(z, (u8)c);
	}
}

static void vprintk(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	spin_lock(&console_lock);
	for (int i = 0; i < n && buf[i]; i++) {
		if (buf[i] == '\n')
			console_put_locked(NULL, '\r');
		console_put_locked(NULL, buf[i]);
	}
	spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printk("PANIC: ");
	vprintk(fmt, ap);
	va_end(ap);
	arch_poweroff();
}
