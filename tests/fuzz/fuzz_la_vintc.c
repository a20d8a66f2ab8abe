/* SPDX-License-Identifier: MIT */
/*
 * The loongarch64 interrupt side of two zones (virq.c over the vintc.c
 * models): zone A with 4 vCPUs and zone B with 2, under random IOCSR
 * accesses (misc/features, IPI and mailboxes with IPI_SEND, MAIL_SEND and
 * ANY_SEND to any CPU number, EIOINTC), PCH-PIC MMIO, device lines (any
 * input number), vCPU state changes and the per-CPU interrupt update.
 * After every step:
 *  - the other zone's interrupt state, vCPUs and lines are byte-identical;
 *  - only the acting zone's vCPUs are kicked or started, and a vCPU a
 *    mailbox started enters the zone's RAM (in the low PALEN bits);
 *  - each vCPU's posted lines are exactly its EIOINTC HWI lines and IPI;
 *    HWI lines exist only towards the zone's vCPUs;
 *  - PCH-PIC state stays within its inputs and forwards exactly the
 *    unmasked requests; EIOINTC per-core state exists only for the
 *    zone's vCPUs;
 *  - root GINTC.VIP and guest ESTAT.IPI follow the posted lines.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arch/asm_offsets.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/zone.h>

#include "board.h"
#include "fuzz_input.h"
#include "la.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define NR_A 4
#define NR_B 2

static struct zv_zone_cfg cfg[2];
static struct zone zz[2];
static struct vcpu vcpus[NR_A + NR_B];
static struct zone *acting;  /* the zone whose vCPU or device acts now */
static struct vcpu *current; /* whose CPU la_vcpu_update_irqs runs on */
static uint64_t gintc[NR_A + NR_B], estat[NR_A + NR_B];

/* ---- Stubs (the rest of what zone.c calls: stubs.c) ---- */

unsigned long la_host_csr_xchg(unsigned csr, unsigned long val, unsigned long mask)
{
	uint64_t *r = &gintc[current - vcpus], old = *r;

	CHECK(csr == CSR_GINTC && mask == GINTC_VIP_MASK);
	*r = (old & ~mask) | (val & mask);
	return old;
}

unsigned long la_host_gcsr_xchg(unsigned csr, unsigned long val, unsigned long mask)
{
	uint64_t *r = &estat[current - vcpus], old = *r;

	CHECK(csr == CSR_ESTAT && mask == 1UL << INT_IPI);
	*r = (old & ~mask) | (val & mask);
	return old;
}

void vcpu_kick(struct vcpu *v, u32 requests)
{
	CHECK(v->zone == acting);
	CHECK(v >= vcpus && v < vcpus + NR_A + NR_B);
}

struct vcpu *vcpu_current(void)
{
	return current;
}

/* pirq.c drives the physical PCH-PIC/EIOINTC: here only its bookkeeping. */
void la_pirq_zone_init(struct zone *z)
{
	z->arch.pt_held = 0;
	z->arch.pt_inputs = 0;
	for (u32 i = 0; i < z->cfg->nr_irqs; i++)
		if (z->cfg->irqs[i] < 32)
			z->arch.pt_inputs |= 1u << z->cfg->irqs[i];
}

u32 la_pirq_release(struct zone *z, u32 inputs)
{
	u32 rel = z->arch.pt_held & inputs;

	z->arch.pt_held &= ~inputs;
	return rel;
}

void la_pirq_set_trigger(u32 input, bool edge)
{
	if (input >= 32)
		abort(); /* the port only flips passthrough inputs */
}

void la_pirq_zone_reset(struct zone *z)
{
	la_pirq_release(z, ~0u);
}

/* As the port's (stage2.c): a vCPU starts in direct-address mode. */
u64 arch_entry_gpa(u64 entry)
{
	return entry & LA_PA_MASK;
}

/* ---- Input ---- */

/* An IOCSR offset, mostly at a register of one of the blocks. */
static u32 pick_iocsr(struct fuzz_input *in)
{
	static const u32 regs[] = {0x0,	   0x8,	   0x10,   0x20,   0x420,  0x1000, 0x1004,
				   0x1008, 0x100c, 0x1020, 0x1038, 0x1040, 0x1048, 0x1158,
				   0x14a0, 0x14c0, 0x1600, 0x1680, 0x1700, 0x1800, 0x1c00};
	u32 sel = (u32)fuzz_take(in, 1), a = (u32)fuzz_take(in, 1);

	if (sel < 0xc0)
		return regs[sel % (sizeof(regs) / sizeof(regs[0]))] + (sel & 0x40 ? a & 0xfc : 0);
	if (sel < 0xf0)
		return 0x1400 + (a | (u32)fuzz_take(in, 1) << 8) % 0x900;
	return (u32)fuzz_take(in, 4);
}

/* A value for a send register: mostly a CPU number near the zone's. */
static u64 pick_value(struct fuzz_input *in, u32 off)
{
	u64 v = fuzz_take(in, 8);

	if ((off == 0x1040 || off == 0x1048 || off == 0x1158) && (v & 0x8000))
		v = (v & ~(0x3ffULL << 16)) | ((v >> 40) % 8) << 16;
	return v;
}

/* ---- Checks ---- */

struct snapshot {
	struct arch_zone arch;
	struct arch_vcpu vcpu[NR_A];
	u32 state[NR_A];
};

static void snap(const struct zone *z, struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->arch = z->arch;
	for (u32 i = 0; i < z->nr_vcpus; i++) {
		s->vcpu[i] = z->vcpus[i]->arch;
		s->state[i] = z->vcpus[i]->state;
	}
}

static void check_zone(const struct zone *z)
{
	const struct la_eiointc *e = &z->arch.eiointc;
	const struct la_pchpic *p = &z->arch.pchpic;
	uint64_t valid = (1ULL << BOARD_PCH_PIC_INPUTS) - 1;

	CHECK(e->nr_cpus == z->nr_vcpus && p->nr_inputs == BOARD_PCH_PIC_INPUTS);
	CHECK(!(p->level & ~valid) && !(p->irr & ~valid) && !(p->edge & ~valid));
	CHECK(p->out == (p->irr & ~p->mask));
	for (u32 c = z->nr_vcpus; c < LA_MAX_VCPUS; c++) {
		CHECK(!la_eio_lines(e, c));
		for (u32 w = 0; w < 8; w++)
			CHECK(!e->coreisr[c][w]);
	}
	for (u32 i = 0; i < z->nr_vcpus; i++) {
		const struct vcpu *v = z->vcpus[i];
		u64 want = (u64)la_eio_lines(e, i) << INT_HWI0;

		if (la_ipi_pending(&v->arch.ipi))
			want |= 1UL << INT_IPI;
		CHECK(v->arch.irq_lines == want);
		if (v->state == VCPU_STARTING) /* only a mailbox starts one here */
			CHECK(arch_entry_gpa(v->start_entry) <= z->cfg->ram[0].size - 4);
		CHECK(!(want & ~(0xffUL << INT_HWI0 | 1UL << INT_IPI)));
	}
}

/* ---- Steps ---- */

static void iocsr_step(struct fuzz_input *in, struct vcpu *v, bool write)
{
	static const u8 widths[8] = {4, 4, 4, 8, 8, 1, 2, 4};
	u32 off = pick_iocsr(in);
	u8 width = widths[fuzz_take(in, 1) & 7];
	u64 val = write ? pick_value(in, off) : 0;

	la_iocsr_access(v, off, width, write, &val);
}

static void pch_step(struct fuzz_input *in, struct vcpu *v, bool write)
{
	static const u8 widths[8] = {4, 4, 4, 8, 8, 1, 2, 4};
	u32 sel = (u32)fuzz_take(in, 1);
	u64 off = sel < 0xc0 ? (fuzz_take(in, 1) * 4) % 0x400 : fuzz_take(in, 2) % 0x400;
	u8 width = widths[fuzz_take(in, 1) & 7];
	u64 val = fuzz_take(in, 8);
	int err = mmio_dispatch(v, BOARD_PCH_PIC_BASE + off, width, write, &val);

	CHECK(err == 0 || off + width > 0x400);
}

static void update_step(struct vcpu *v)
{
	u32 i = (u32)(v - vcpus);

	current = v;
	la_vcpu_update_irqs(v);
	CHECK(gintc[i] == ((v->arch.irq_lines >> INT_HWI0) & GINTC_VIP_MASK));
	CHECK(estat[i] == (v->arch.irq_lines & (1UL << INT_IPI)));
}

static void step(struct fuzz_input *in, u32 op, struct zone *z, struct vcpu *v)
{
	acting = z;
	switch (op & 7) {
	case 0:
	case 1:
	case 2:
		iocsr_step(in, v, op & 1);
		break;
	case 3:
	case 4:
		pch_step(in, v, op & 1);
		break;
	case 5: /* a device line: the zone's uart/testdev, or any input */
		arch_zone_irq_set(z,
				  op & 8 ? (op & 16 ? BOARD_UART_IRQ : BOARD_TESTDEV_IRQ)
					 : (u32)fuzz_take(in, 1) % 80,
				  op & 0x20);
		break;
	case 6:
		update_step(v);
		break;
	default: /* the vCPU stops or runs (an IPI may start a stopped one) */
		v->state = op & 8 ? VCPU_OFF : VCPU_RUNNING;
		break;
	}
}

static void setup_zone(u32 idx, u32 nr, struct vcpu *vs)
{
	struct zone *z = &zz[idx];

	memset(&cfg[idx], 0, sizeof(cfg[idx]));
	memset(z, 0, sizeof(*z));
	cfg[idx].devices = ZV_DEV_UART | ZV_DEV_TESTDEV;
	cfg[idx].nr_cpus = nr;
	cfg[idx].nr_ram = 1; /* where a mailbox may start a vCPU */
	cfg[idx].ram[0] = (struct zv_region){0x0, 0x80000000UL + idx * 0x10000000, 0x10000000};
	z->cfg = &cfg[idx];
	z->index = idx;
	z->nr_vcpus = nr;
	z->state = ZONE_RUNNING;
	for (u32 i = 0; i < nr; i++) {
		memset(&vs[i], 0, sizeof(vs[i]));
		vs[i].id = i, vs[i].pcpu = (u32)(&vs[i] - vcpus), vs[i].zone = z;
		vs[i].state = i == 0 ? VCPU_RUNNING : VCPU_OFF;
		z->vcpus[i] = &vs[i];
	}
	acting = z;
	CHECK(arch_zone_irq_init(z) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct snapshot before, after;

	setup_zone(0, NR_A, vcpus);
	setup_zone(1, NR_B, vcpus + NR_A);
	memset(gintc, 0, sizeof(gintc));
	memset(estat, 0, sizeof(estat));
	while (in.left) {
		u32 op = (u32)fuzz_take(&in, 1), sel = (u32)fuzz_take(&in, 1);
		u32 idx = (op >> 7) & (sel >> 7); /* mostly zone A */
		struct zone *z = &zz[idx];

		snap(&zz[!idx], &before);
		step(&in, op, z, z->vcpus[sel % z->nr_vcpus]);
		snap(&zz[!idx], &after);
		CHECK(!memcmp(&before, &after, sizeof(before)));
		check_zone(&zz[0]);
		check_zone(&zz[1]);
	}
	return 0;
}
