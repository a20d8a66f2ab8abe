/* SPDX-License-Identifier: MIT */
/* Misc IOCSR, IPI/mailbox, EIOINTC and PCH-PIC register models (pure C).
 * Semantics follow QEMU's loongson_ipi, loongarch_extioi and
 * loongarch_pch_pic models, which Linux guests are written against. */
#include <stddef.h>

#include <arch/la_vintc.h>

/* Little-endian byte-image access to a register array. */
static u64 bytes_get(const void *base, u32 off, u8 width)
{
	const u8 *p = (const u8 *)base + off;
	u64 v = 0;

	for (int i = width - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void bytes_put(void *base, u32 off, u8 width, u64 v)
{
	u8 *p = (u8 *)base + off;

	for (int i = 0; i < width; i++, v >>= 8)
		p[i] = (u8)v;
}

/* Also keeps off + width from wrapping: the range checks below compare
 * it, and a guest chooses off (a full 32-bit IOCSR address). */
static bool valid_width(u32 off, u8 width)
{
	return (width == 1 || width == 2 || width == 4 || width == 8) && !(off & (width - 1u)) &&
	       off <= UINT32_MAX - width;
}

static unsigned lowest_bit(u32 v, unsigned none)
{
	return v ? (unsigned)__builtin_ctz(v) : none;
}

/* ---- misc ---- */

bool la_misc_read(u64 misc_func, u32 off, u8 width, u64 *val)
{
	static const char vendor[8] = "Loongson", name[8] = "3A5000";
	u64 regs[6] = {0x11, LA_IOCSRF_EXTIOI | LA_IOCSRF_CSRIPI | LA_IOCSRF_VM};

	if (!valid_width(off, width))
		return false;
	if (off + width <= 0x30) {
		for (int i = 0; i < 8; i++) {
			bytes_put(regs, LA_IOCSR_VENDOR + i, 1, (u8)vendor[i]);
			bytes_put(regs, LA_IOCSR_CPUNAME + i, 1, (u8)name[i]);
		}
		*val = bytes_get(regs, off, width);
		return true;
	}
	if (off >= LA_IOCSR_MISC_FUNC && off + width <= LA_IOCSR_MISC_FUNC + 8) {
		*val = bytes_get(&misc_func, off - LA_IOCSR_MISC_FUNC, width);
		return true;
	}
	return false;
}

bool la_misc_write(u64 *misc_func, u32 off, u8 width, u64 val)
{
	if (!valid_width(off, width))
		return false;
	if (off >= LA_IOCSR_MISC_FUNC && off + width <= LA_IOCSR_MISC_FUNC + 8) {
		bytes_put(misc_func, off - LA_IOCSR_MISC_FUNC, width, val);
		return true;
	}
	return off + width <= 0x30; /* identification: read-only, writes ignored */
}

/* ---- IPI ---- */

static bool ipi_in_mbuf(u32 off, u8 width)
{
	return off >= LA_IPI_MBUF && off + width <= LA_IPI_MBUF + 32;
}

bool la_ipi_read(const struct la_ipi *r, u32 off, u8 width, u64 *val)
{
	if (!valid_width(off, width))
		return false;
	switch (off) {
	case LA_IPI_STATUS:
		*val = r->status;
		return true;
	case LA_IPI_EN:
		*val = r->enable;
		return true;
	case LA_IPI_SET:
	case LA_IPI_CLEAR:
	case LA_IPI_SEND:
	case LA_IPI_MAIL_SEND:
	case LA_IPI_ANY_SEND:
		*val = 0;
		return true;
	}
	if (!ipi_in_mbuf(off, width))
		return false;
	*val = bytes_get(r->mbuf, off - LA_IPI_MBUF, width);
	return true;
}

/* The byte-lane keep mask of MAIL_SEND/ANY_SEND (bits 30:27). */
static u32 send_keep(u64 val)
{
	u32 keep = 0;

	for (int i = 0; i < 4; i++)
		if (val & (1ULL << (27 + i)))
			keep |= 0xffu << (8 * i);
	return keep;
}

static void ipi_send(u32 off, u64 val, struct la_ipi_action *act)
{
	act->cpu = (u32)(val >> 16) & 0x3ff;
	if (off == LA_IPI_SEND) {
		act->kind = LA_IPI_ACT_RAISE;
		act->vector = val & 0x1f;
		return;
	}
	act->kind = LA_IPI_ACT_WRITE32;
	act->off = off == LA_IPI_MAIL_SEND ? LA_IPI_MBUF + (u32)(val & 0x1c) : (u32)(val & 0xffff);
	act->data = (u32)(val >> 32);
	act->keep = send_keep(val);
}

bool la_ipi_write(struct la_ipi *r, u32 off, u8 width, u64 val, struct la_ipi_action *act)
{
	act->kind = LA_IPI_ACT_NONE;
	if (!valid_width(off, width))
		return false;
	switch (off) {
	case LA_IPI_STATUS:
		return true; /* read-only */
	case LA_IPI_EN:
		r->enable = (u32)val;
		return true;
	case LA_IPI_SET:
		r->status |= (u32)val;
		return true;
	case LA_IPI_CLEAR:
		r->status &= ~(u32)val;
		return true;
	case LA_IPI_SEND:
	case LA_IPI_MAIL_SEND:
	case LA_IPI_ANY_SEND:
		ipi_send(off, val, act);
		return true;
	}
	if (!ipi_in_mbuf(off, width))
		return false;
	bytes_put(r->mbuf, off - LA_IPI_MBUF, width, val);
	return true;
}

void la_ipi_apply(struct la_ipi *t, const struct la_ipi_action *act)
{
	struct la_ipi_action none;
	u64 old = 0;

	if (act->kind == LA_IPI_ACT_RAISE) {
		t->status |= 1u << act->vector;
		return;
	}
	if (act->kind != LA_IPI_ACT_WRITE32)
		return;
	la_ipi_read(t, act->off, 4, &old);
	la_ipi_write(t, act->off, 4, ((u32)old & act->keep) | (act->data & ~act->keep), &none);
}

bool la_ipi_pending(const struct la_ipi *r)
{
	return (r->status & r->enable) != 0;
}

u64 la_ipi_line(u64 lines, const struct la_ipi *r)
{
	u64 bit = 1ULL << LA_IPI_IS_BIT;

	return la_ipi_pending(r) ? lines | bit : lines & ~bit;
}

/* ---- EIOINTC ---- */

void la_eio_reset(struct la_eiointc *e, u32 nr_cpus)
{
	*e = (struct la_eiointc){0};
	e->nr_cpus = nr_cpus > LA_MAX_VCPUS ? LA_MAX_VCPUS : nr_cpus;
}

static u32 eio_cpu(const struct la_eiointc *e, u32 vec)
{
	u32 cpu = lowest_bit(e->coremap[vec], 0);

	return cpu < e->nr_cpus ? cpu : 0;
}

static u32 eio_ip(const struct la_eiointc *e, u32 vec)
{
	u32 ip = lowest_bit(e->ipmap[vec / 32] & 0xf, 0);

	return ip;
}

static void eio_update(struct la_eiointc *e, u32 vec, bool level)
{
	u32 *cisr = e->coreisr[eio_cpu(e, vec)];
	u32 bit = 1u << (vec % 32);

	if (level && (e->enable[vec / 32] & bit))
		cisr[vec / 32] |= bit;
	else if (!level)
		cisr[vec / 32] &= ~bit;
}

void la_eio_set_irq(struct la_eiointc *e, u32 vec, bool level)
{
	if (vec >= LA_EIO_VECS)
		return;
	if (level)
		e->isr[vec / 32] |= 1u << (vec % 32);
	else
		e->isr[vec / 32] &= ~(1u << (vec % 32));
	eio_update(e, vec, level);
}

u32 la_eio_lines(const struct la_eiointc *e, u32 cpu)
{
	u32 lines = 0;

	if (cpu >= LA_MAX_VCPUS)
		return 0;
	for (u32 w = 0; w < 8; w++) {
		u32 pend = e->coreisr[cpu][w] & e->enable[w];

		if (pend)
			lines |= 1u << eio_ip(e, w * 32);
	}
	return lines;
}

/* EIOINTC registers: each a byte image of one field of the model. Accesses
 * inside [EIO_FIRST, LA_EIO_END) that fit no register read as zero and
 * ignore writes. */
#define EIO_FIRST 0x1400

enum eio_write { EIO_STORE, EIO_IGNORE, EIO_ENABLE, EIO_COREISR };

static const struct eio_reg {
	u16 base;
	u16 len;
	u16 field; /* offsetof() in struct la_eiointc */
	u8 banked; /* one per accessing CPU: the core ISR */
	u8 write;  /* enum eio_write */
} eio_regs[] = {
    {LA_EIO_NODETYPE, 32, offsetof(struct la_eiointc, nodetype), 0, EIO_STORE},
    {LA_EIO_IPMAP, 8, offsetof(struct la_eiointc, ipmap), 0, EIO_STORE},
    {LA_EIO_ENABLE, 32, offsetof(struct la_eiointc, enable), 0, EIO_ENABLE},
    {LA_EIO_BOUNCE, 32, offsetof(struct la_eiointc, bounce), 0, EIO_STORE},
    {LA_EIO_ISR, 32, offsetof(struct la_eiointc, isr), 0, EIO_IGNORE}, /* input levels */
    {LA_EIO_COREISR, 32, offsetof(struct la_eiointc, coreisr), 1, EIO_COREISR},
    {LA_EIO_COREMAP, LA_EIO_VECS, offsetof(struct la_eiointc, coremap), 0, EIO_STORE},
};

/* The register the whole access falls in, or NULL. */
static const struct eio_reg *eio_reg(u32 off, u8 width)
{
	for (u32 i = 0; i < sizeof(eio_regs) / sizeof(eio_regs[0]); i++)
		if (off >= eio_regs[i].base && off + width <= eio_regs[i].base + eio_regs[i].len)
			return &eio_regs[i];
	return NULL;
}

/* r's field in e, as 'cpu' sees it. */
static u8 *eio_field(const struct la_eiointc *e, const struct eio_reg *r, u32 cpu)
{
	return (u8 *)e + r->field + (r->banked ? cpu * sizeof(e->coreisr[0]) : 0);
}

bool la_eio_read(const struct la_eiointc *e, u32 cpu, u32 off, u8 width, u64 *val)
{
	const struct eio_reg *r;

	if (!valid_width(off, width) || cpu >= LA_MAX_VCPUS)
		return false;
	r = eio_reg(off, width);
	if (r)
		*val = bytes_get(eio_field(e, r, cpu), off - r->base, width);
	else if (off >= EIO_FIRST && off < LA_EIO_END)
		*val = 0;
	else
		return false;
	return true;
}

/* Enable changes re-evaluate the affected vectors against their levels. */
static void eio_write_enable(struct la_eiointc *e, u32 off, u8 width, u64 val)
{
	u32 old[8];

	for (int w = 0; w < 8; w++)
		old[w] = e->enable[w];
	bytes_put(e->enable, off, width, val);
	for (u32 vec = 0; vec < LA_EIO_VECS; vec++) {
		u32 w = vec / 32, bit = 1u << (vec % 32);

		if ((old[w] ^ e->enable[w]) & bit)
			eio_update(e, vec, (e->enable[w] & bit) && (e->isr[w] & bit));
	}
}

/* Write-1-to-clear of the accessing CPU's ISR. */
static void eio_write_coreisr(struct la_eiointc *e, u32 cpu, u32 off, u8 width, u64 val)
{
	u8 clr[32] = {0};

	bytes_put(clr, off, width, val);
	for (int w = 0; w < 8; w++)
		e->coreisr[cpu][w] &= ~(u32)bytes_get(clr, (u32)w * 4, 4);
}

bool la_eio_write(struct la_eiointc *e, u32 cpu, u32 off, u8 width, u64 val)
{
	const struct eio_reg *r;

	if (!valid_width(off, width) || cpu >= LA_MAX_VCPUS)
		return false;
	r = eio_reg(off, width);
	if (!r)
		return off >= EIO_FIRST && off < LA_EIO_END;
	if (r->write == EIO_STORE)
		bytes_put(eio_field(e, r, cpu), off - r->base, width, val);
	else if (r->write == EIO_ENABLE)
		eio_write_enable(e, off - r->base, width, val);
	else if (r->write == EIO_COREISR)
		eio_write_coreisr(e, cpu, off - r->base, width, val);
	return true;
}

/* ---- PCH-PIC ---- */

void la_pch_reset(struct la_pchpic *p, u32 nr_inputs)
{
	*p = (struct la_pchpic){0};
	p->nr_inputs = nr_inputs > 64 ? 64 : nr_inputs;
	p->mask = ~0ULL;
}

static u64 *pch_reg(struct la_pchpic *p, u32 off)
{
	switch (off & ~7u) {
	case LA_PCH_MASK:
		return &p->mask;
	case LA_PCH_HTMSI_EN:
		return &p->htmsi_en;
	case LA_PCH_EDGE:
		return &p->edge;
	case LA_PCH_AUTO0:
		return &p->auto0;
	case LA_PCH_AUTO1:
		return &p->auto1;
	case LA_PCH_IRR:
		return &p->irr;
	case LA_PCH_ISR:
		return &p->out;
	case LA_PCH_POLARITY:
		return &p->polarity;
	}
	return NULL;
}

bool la_pch_read(const struct la_pchpic *p, u32 off, u8 width, u64 *val)
{
	u64 id = 0x07000000ULL | (1ULL << 32) | ((u64)(p->nr_inputs - 1) << 48);
	const u64 *r;

	if (!valid_width(off, width) || off + width > LA_PCH_SIZE)
		return false;
	if (off < 8)
		*val = bytes_get(&id, off, width);
	else if (off >= LA_PCH_ROUTE && off < LA_PCH_ROUTE + 64)
		*val = bytes_get(p->route, off - LA_PCH_ROUTE, width);
	else if (off >= LA_PCH_HTMSI_VEC && off < LA_PCH_HTMSI_VEC + 64)
		*val = bytes_get(p->htmsi_vec, off - LA_PCH_HTMSI_VEC, width);
	else if ((r = pch_reg((struct la_pchpic *)p, off)))
		*val = bytes_get(r, off & 7, width);
	else
		*val = 0;
	return true;
}

static u64 pch_valid(const struct la_pchpic *p)
{
	return p->nr_inputs >= 64 ? ~0ULL : (1ULL << p->nr_inputs) - 1;
}

void la_pch_write(struct la_pchpic *p, u32 off, u8 width, u64 val)
{
	u64 *r;

	if (!valid_width(off, width) || off + width > LA_PCH_SIZE)
		return;
	if (off >= LA_PCH_ROUTE && off < LA_PCH_ROUTE + 64) {
		bytes_put(p->route, off - LA_PCH_ROUTE, width, val);
	} else if (off >= LA_PCH_HTMSI_VEC && off < LA_PCH_HTMSI_VEC + 64) {
		bytes_put(p->htmsi_vec, off - LA_PCH_HTMSI_VEC, width, val);
	} else if ((off & ~7u) == LA_PCH_CLEAR) {
		u64 clr = 0;

		bytes_put(&clr, off & 7, width, val);
		p->irr &= ~(clr & p->edge); /* edge acknowledge */
	} else if ((off & ~7u) != LA_PCH_IRR && (off & ~7u) != LA_PCH_ISR &&
		   (r = pch_reg(p, off))) {
		bytes_put(r, off & 7, width, val);
		*r &= pch_valid(p) | (r == &p->mask ? ~0ULL : 0);
	}
	/* Level inputs follow their line again after an edge/level switch. */
	p->irr = (p->irr & p->edge) | (p->level & ~p->edge);
}

void la_pch_set_irq(struct la_pchpic *p, u32 input, bool level)
{
	u64 bit;

	if (input >= p->nr_inputs)
		return;
	bit = 1ULL << input; /* after the check: input may be any number */
	if (level && !(p->level & bit) && (p->edge & bit))
		p->irr |= bit; /* rising edge latches */
	if (level)
		p->level |= bit;
	else
		p->level &= ~bit;
	p->irr = (p->irr & p->edge) | (p->level & ~p->edge);
}

void la_pch_sync(struct la_pchpic *p, struct la_eiointc *e)
{
	u64 want = p->irr & ~p->mask & pch_valid(p);
	u64 changed = want ^ p->out;

	for (u32 i = 0; changed && i < 64; i++) {
		if (!(changed & (1ULL << i)))
			continue;
		la_eio_set_irq(e, p->htmsi_vec[i], (want >> i) & 1);
		changed &= ~(1ULL << i);
	}
	p->out = want;
}
