/* SPDX-License-Identifier: MIT */
/* A small vsnprintf: %s %c %d %u %x %lx %llx %p %%, width and '0' pad. */
#include <zv/lib.h>
#include <zv/types.h>

struct out {
	char *buf;
	size_t size, len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct out *o, u64 v, unsigned base, int width, char pad, bool neg)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		out_c(o, pad);
	while (n)
		out_c(o, tmp[--n]);
}

/* width < 0: left-justified in -width columns. */
static void out_str(struct out *o, const char *s, int width)
{
	int n = (int)strlen(s);

	for (; width > n; width--)
		out_c(o, ' ');
	for (; *s; s++)
		out_c(o, *s);
	for (; -width > n; width++)
		out_c(o, ' ');
}

static void out_num_left(struct out *o, u64 v, unsigned base, int width)
{
	char tmp[24];
	struct out t = {tmp, sizeof(tmp), 0};

	out_num(&t, v, base, 0, ' ', false);
	tmp[t.len < sizeof(tmp) ? t.len : sizeof(tmp) - 1] = '\0';
	out_str(o, tmp, -width);
}

static u64 take_arg(va_list *ap, int longs, bool is_signed, bool *neg)
{
	s64 s;

	*neg = false;
	if (!is_signed)
		return longs ? va_arg(*ap, u64) : va_arg(*ap, unsigned int);
	s = longs ? va_arg(*ap, s64) : va_arg(*ap, int);
	if (s < 0) {
		*neg = true;
		return (u64)-s;
	}
	return (u64)s;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		int width = 0, longs = 0;
		bool left = false;
		char pad = ' ';
		bool neg;
		const char *s;
		u64 v;

		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		if (*++fmt == '-') {
			left = true;
			fmt++;
		}
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			longs = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			s = va_arg(aq, const char *);
			s = s ? s : "(null)";
			out_str(&o, s, left ? -width : width);
			break;
		case 'c':
			out_c(&o, (char)va_arg(aq, int));
			break;
		case 'd':
			v = take_arg(&aq, longs, true, &neg);
			out_num(&o, v, 10, width, pad, neg);
			break;
		case 'u':
		case 'x':
			v = take_arg(&aq, longs, false, &neg);
			if (left)
				out_num_left(&o, v, *fmt == 'x' ? 16 : 10, width);
			else
				out_num(&o, v, *fmt == 'x' ? 16 : 10, width, pad, false);
			break;
		case 'p':
			out_num(&o, (uintptr_t)va_arg(aq, void *), 16, 0, ' ', false);
			break;
		case '\0':
			fmt--;
			break;
		default:
			out_c(&o, *fmt);
		}
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
