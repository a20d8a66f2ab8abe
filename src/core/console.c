/* SPDX-License-Identifier: MIT */
/*
 * One physical UART, several zones. Every line on the wire starts with the
 * name of the zone that printed it ("[linux] ..."), or "[zv] " for the
 * hypervisor. Zones without input focus are line-buffered so their lines
 * arrive whole; the focused zone prints at once (a shell prompt has no
 * newline), and a line of it cut by another zone resumes under the tag
 * "[name]+ ", so a reader can join the two parts again.
 *
 * A zone's bytes pass a filter first, so that it cannot move the cursor
 * back over a tag or redraw the screen and print what looks like another
 * writer's line: "\n" and "\r\n" (any CRs before an LF) end a line, which
 * goes out as "\r\n"; a tab passes; a backspace passes only while it stays
 * right of the line's tag (busybox's line editing uses it); a few escape
 * sequences line editing needs pass (console_csi()); every other control
 * character is shown in cat -v notation: a lone CR as ^M, ESC as ^[, DEL as
 * ^?, a C1 control in UTF-8 (c2 80..9f) as M-^@..M-^_. Other bytes, UTF-8
 * included, pass unchanged.
 *
 * Input goes to the focused zone; CONSOLE_FOCUS_KEY cycles the focus over
 * running zones. Bytes for a zone whose UART model is full wait in a ring
 * per zone; when the focused zone's ring is full too, the console stops
 * reading the physical UART (receive interrupt off) until the guest reads
 * (console_rx_ready()), so input for a zone that reads is never dropped.
 * A zone that never showed it reads input gets what its model holds; the
 * rest is dropped and the focus message said so.
 */
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/spinlock.h>
#include <zv/zone.h>

static spinlock_t console_lock;
static const struct zone *last_writer;
static bool line_open;
/* Characters after the open line's tag: how far a backspace may go. */
static u32 line_col;
static bool put_in_esc; /* a passed escape sequence is on the wire: no width */
static u32 focus;

/* Per writer (zones, then the hypervisor). */
#define CONSOLE_ESC 12
struct console_writer {
	bool cut; /* its last line was cut by another writer */
	bool cr;  /* CRs wait: a line end if LF follows, else ^M */
	bool c2;  /* UTF-8 lead byte 0xc2 waits: a C1 control may follow */
	u8 nesc;  /* an escape sequence being read: ESC [ digits ; ... */
	u8 esc[CONSOLE_ESC];
};
static struct console_writer writers[ZV_MAX_ZONES + 1];

#define CONSOLE_LINE 160
struct console_line {
	u32 len;
	char buf[CONSOLE_LINE];
};
static struct console_line zone_lines[ZV_MAX_ZONES];

/* Input waiting for a zone's UART model, and the model's hooks. */
#define CONSOLE_RX_RING 512
struct console_in {
	struct console_input in; /* in.put == NULL: the zone has no input */
	u32 head, tail;
	u8 ring[CONSOLE_RX_RING];
	bool told; /* the user was told its input is dropped */
};
static struct console_in inputs[ZV_MAX_ZONES];
static spinlock_t rx_lock;
static bool rx_paused; /* physical receive interrupt off: back-pressure */

static void put_raw(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static struct console_writer *console_writer(const struct zone *z)
{
	return &writers[z ? z->index : ZV_MAX_ZONES];
}

static void console_open_line(const struct zone *z)
{
	if (line_open && z != last_writer) {
		put_raw("\r\n");
		console_writer(last_writer)->cut = true;
		line_open = false;
	}
	if (!line_open) {
		uart_putc('[');
		put_raw(z ? zone_name(z) : "zv");
		put_raw(console_writer(z)->cut ? "]+ " : "] ");
		console_writer(z)->cut = false;
		line_open = true;
		line_col = 0;
	}
	last_writer = z;
}

static void console_put_locked(const struct zone *z, char c)
{
	console_open_line(z);
	if (put_in_esc || c == 0x1b) {
		put_in_esc = c == 0x1b || c == '[' || (c >= '0' && c <= ';');
	} else if (c == '\b') {
		if (!line_col) { /* would step into the tag */
			put_raw("^H");
			return;
		}
		line_col--;
	} else if (c == '\n') {
		line_open = false;
	} else if (c != '\r' && ((u8)c < 0x80 || (u8)c >= 0xc0)) {
		line_col++; /* UTF-8 continuation bytes add no column */
	}
	uart_putc(c);
}

static void console_flush_locked(struct zone *z)
{
	struct console_line *l = &zone_lines[z->index];

	for (u32 i = 0; i < l->len; i++)
		console_put_locked(z, l->buf[i]);
	l->len = 0;
}

/* One byte of zone z's output, after the filter. */
static void console_emit(struct zone *z, char c)
{
	struct console_line *l;

	if (z->index == focus) {
		console_flush_locked(z);
		console_put_locked(z, c);
		return;
	}
	l = &zone_lines[z->index];
	l->buf[l->len++] = c;
	if (c == '\n' || l->len == CONSOLE_LINE)
		console_flush_locked(z);
}

/* cat -v notation: ^@..^_ for 0x00..0x1f, ^? for 0x7f. */
static void console_emit_caret(struct zone *z, u8 c)
{
	console_emit(z, '^');
	console_emit(z, (char)(c ^ 0x40));
}

/* A whole sequence at once: an unfocused zone's line buffer is flushed
 * before it rather than through it, so no other writer's line lands inside
 * an escape sequence. */
static void console_emit_seq(struct zone *z, const u8 *seq, u32 n)
{
	if (z->index != focus && zone_lines[z->index].len + n > CONSOLE_LINE)
		console_flush_locked(z);
	for (u32 i = 0; i < n; i++)
		console_emit(z, (char)seq[i]);
}

/* A complete CSI sequence (ESC [ params final). Those that cannot move the
 * cursor out of the line or change how later text looks pass: erase to the
 * end of the line/screen (K, J), cursor forward (C), and the focused
 * zone's cursor-position query (6n, which busybox's line editor sends at
 * each prompt; dropped from another zone); cursor back (D) becomes
 * backspaces, bounded as those are. Others are shown escaped. */
static void console_csi(struct zone *z, const u8 *esc, u32 n)
{
	u8 final = esc[n - 1];
	u32 np = n - 3, num = 0;
	bool digits = true;

	for (u32 i = 2; i < n - 1; i++) {
		digits &= esc[i] >= '0' && esc[i] <= '9';
		num = num * 10 + (u32)(esc[i] - '0');
	}
	if (final == 'n' && np == 1 && esc[2] == '6') {
		/* The terminal answers on the input, which is the focused
		 * zone's: only that zone may ask. */
		if (z->index == focus)
			console_emit_seq(z, esc, n);
	} else if (((final == 'K' || final == 'J') && (!np || (np == 1 && esc[2] == '0'))) ||
		   (final == 'C' && digits)) {
		console_emit_seq(z, esc, n);
	} else if (final == 'D' && digits) {
		for (u32 i = 0; i < (num ? num : 1) && i < CONSOLE_LINE; i++)
			console_emit(z, '\b');
	} else {
		console_emit_caret(z, 0x1b);
		console_emit_seq(z, esc + 1, n - 1);
	}
}

/* An escape sequence is being read: true when c was taken into it. */
static bool console_filter_esc(struct zone *z, struct console_writer *w, u8 c)
{
	if ((w->nesc == 1 && c == '[') ||
	    (w->nesc > 1 && c >= '0' && c <= ';' && w->nesc < CONSOLE_ESC - 1)) {
		w->esc[w->nesc++] = c;
		return true;
	}
	if (w->nesc > 1 && c >= 0x40 && c <= 0x7e) {
		w->esc[w->nesc++] = c;
		console_csi(z, w->esc, w->nesc);
		w->nesc = 0;
		return true;
	}
	/* Not a sequence we know: what was held is shown, c goes on. */
	console_emit_caret(z, 0x1b);
	console_emit_seq(z, w->esc + 1, w->nesc - 1u);
	w->nesc = 0;
	return false;
}

static void console_filter(struct zone *z, u8 c)
{
	struct console_writer *w = console_writer(z);

	if (w->nesc && console_filter_esc(z, w, c))
		return;

	if (w->cr && c != '\r' && c != '\n')
		console_emit_caret(z, '\r');
	w->cr = c == '\r';
	if (w->c2) {
		w->c2 = false;
		if (c >= 0x80 && c <= 0x9f) { /* C1: CSI (0x9b) is an escape too */
			console_emit(z, 'M');
			console_emit(z, '-');
			console_emit_caret(z, c - 0x80);
			return;
		}
		console_emit(z, (char)0xc2);
	}
	if (c == 0xc2)
		w->c2 = true;
	else if (c == 0x1b)
		w->esc[0] = c, w->nesc = 1;
	else if (c == '\n')
		console_emit(z, '\r'), console_emit(z, '\n');
	else if (c == '\t' || c == '\b' || (c >= 0x20 && c != 0x7f))
		console_emit(z, (char)c);
	else if (c != '\r')
		console_emit_caret(z, c);
}

static void (*taps[ZV_MAX_ZONES])(struct zone *z, char c);

void console_putc(struct zone *z, char c)
{
	spin_lock(&console_lock);
	if (z)
		console_filter(z, (u8)c);
	else
		console_put_locked(NULL, c);
	spin_unlock(&console_lock);
	if (z && taps[z->index])
		taps[z->index](z, c);
}

void console_set_tap(struct zone *z, void (*tap)(struct zone *z, char c))
{
	taps[z->index] = tap;
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

void console_input_attach(struct zone *z, const struct console_input *in)
{
	inputs[z->index].in = *in;
}

static bool ring_empty(const struct console_in *in)
{
	return __atomic_load_n(&in->head, __ATOMIC_ACQUIRE) == in->tail;
}

static bool ring_full(const struct console_in *in)
{
	return in->head - in->tail == CONSOLE_RX_RING;
}

/* Move waiting bytes into the zone's model while it takes them. */
static void console_pump(struct console_in *in)
{
	while (!ring_empty(in) && in->in.put(in->in.dev, in->ring[in->tail % CONSOLE_RX_RING]))
		in->tail++;
}

static bool console_reads(const struct console_in *in)
{
	return in->in.put && in->in.reading(in->in.dev);
}

/* The focused zone cannot take input: say so once per focus/stop. */
static void console_tell_dropped(struct zone *z, struct console_in *in)
{
	if (in->told)
		return;
	in->told = true;
	if (z->state != ZONE_RUNNING)
		printk("zone %s is stopped: input dropped; Ctrl-] moves to a running zone\n",
		       zone_name(z));
	else
		printk("zone %s reads no input: keys dropped; Ctrl-] moves on\n", zone_name(z));
}

static void console_deliver(struct zone *z, struct console_in *in, u8 c)
{
	if (!in->in.put)
		return;
	if (z->state != ZONE_RUNNING) {
		console_tell_dropped(z, in);
	} else if (!ring_empty(in) || !in->in.put(in->in.dev, c)) {
		if (in->in.reading(in->in.dev)) {
			in->ring[in->head % CONSOLE_RX_RING] = c;
			__atomic_store_n(&in->head, in->head + 1, __ATOMIC_RELEASE);
			console_pump(in);
		} else {
			console_tell_dropped(z, in);
		}
	}
}

static void console_next_focus(void)
{
	struct zone *z = NULL;

	for (u32 i = 1; i < nr_zones && !z; i++) {
		z = &zones[(focus + i) % nr_zones];
		if (!inputs[z->index].in.put || z->state != ZONE_RUNNING)
			z = NULL;
	}
	if (!z) {
		printk("input focus: stays on %s (no other running zone takes input)\n",
		       zone_name(&zones[focus]));
		return;
	}
	focus = z->index;
	inputs[focus].told = !console_reads(&inputs[focus]); /* said here */
	if (console_reads(&inputs[focus]))
		printk("input focus: %s (its screen is not redrawn: press Enter for a prompt)\n",
		       zone_name(z));
	else
		printk("input focus: %s (reads no input: keys are dropped)\n", zone_name(z));
	spin_lock(&console_lock);
	console_flush_locked(z);
	spin_unlock(&console_lock);
}

/* The physical UART's receive interrupt: read it while the focused zone
 * can take input; when its ring is full too, leave the rest in the UART
 * and turn the interrupt off until console_rx_ready(). */
void console_rx(void)
{
	int c;

	spin_lock(&rx_lock);
	while (!rx_paused) {
		if (focus < nr_zones && ring_full(&inputs[focus])) {
			rx_paused = true;
			uart_irq_disable();
			break;
		}
		if ((c = uart_getc()) < 0)
			break;
		if (c == CONSOLE_FOCUS_KEY)
			console_next_focus();
		else if (focus < nr_zones)
			console_deliver(&zones[focus], &inputs[focus], (u8)c);
	}
	spin_unlock(&rx_lock);
}

static void console_resume_locked(void)
{
	if (rx_paused && !ring_full(&inputs[focus])) {
		rx_paused = false;
		uart_irq_enable(); /* the owner CPU takes what waits in the UART */
	}
}

bool console_try_input(struct zone *z, const u8 *buf, u32 len)
{
	if (!spin_trylock(&rx_lock))
		return false;
	for (u32 i = 0; i < len; i++)
		console_deliver(z, &inputs[z->index], buf[i]);
	spin_unlock(&rx_lock);
	return true;
}

void console_rx_ready(struct zone *z)
{
	struct console_in *in = &inputs[z->index];

	if (ring_empty(in) && !__atomic_load_n(&rx_paused, __ATOMIC_ACQUIRE))
		return;
	spin_lock(&rx_lock);
	console_pump(in);
	console_resume_locked();
	spin_unlock(&rx_lock);
}

void console_zone_reset(struct zone *z)
{
	struct console_in *in = &inputs[z->index];

	/* A line the last run left unfinished ends here: it must not prefix
	 * the next run's first line, nor an escape it began carry over. */
	spin_lock(&console_lock);
	if (zone_lines[z->index].len) {
		console_flush_locked(z);
		console_put_locked(z, '\r');
		console_put_locked(z, '\n');
	}
	memset(console_writer(z), 0, sizeof(struct console_writer));
	spin_unlock(&console_lock);
	spin_lock(&rx_lock);
	in->tail = in->head;
	in->told = false;
	console_resume_locked();
	if (z->index == focus && z->state == ZONE_STOPPED)
		printk("input focus: %s is stopped; Ctrl-] moves to a running zone\n",
		       zone_name(z));
	spin_unlock(&rx_lock);
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
