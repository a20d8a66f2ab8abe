/* SPDX-License-Identifier: MIT */
/*
 * The board's physical interrupts belong to the hypervisor: PCH-PIC input i
 * (MMIO) is sent as EIOINTC vector i (HTMSI_VEC[i] = i), and the EIOINTC
 * (IOCSR) delivers vector i on HWI0 (root ESTAT.IS bit 2) of one CPU: the
 * console UART to CPU 0, a zone's passthrough input to the CPU of its
 * vCPU 0. A passthrough input is level-triggered: when it fires it is
 * masked at the PCH-PIC and raised on the zone's virtual PCH-PIC; when the
 * guest unmasks or acknowledges it there, the virtual line drops and the
 * physical input is unmasked again, so a device still asserting it fires
 * once more. A guest that makes the input edge-triggered on its virtual
 * PCH-PIC makes it so physically too; each edge is then passed on as one.
 */
#include <arch/la_vintc.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/spinlock.h>
#include <zv/zone.h>

#include "board.h"
#include "la.h"

#define PCH_MASK 0x20	    /* 1 = masked, 64 bits */
#define PCH_EDGE 0x60	    /* 1 = edge-triggered */
#define PCH_HTMSI_VEC 0x200 /* one byte per input: EIOINTC vector */
#define PCH_CLEAR 0x80	    /* write 1: acknowledge a latched edge */
#define MISC_FUNC_EXTIOI_EN (1UL << 48)

static spinlock_t pirq_lock;
static u32 pirq_edge; /* inputs their zone set edge-triggered */

static volatile u32 *pch_reg32(u32 off)
{
	return (volatile u32 *)(BOARD_DMW_UC | BOARD_PCH_PIC_BASE | off);
}

/* Input's bit in a PCH-PIC bitmap register (MASK, EDGE), pirq_lock held. */
static void pch_set_bit(u32 reg, u32 input, bool on)
{
	volatile u32 *r = pch_reg32(reg + input / 32 * 4);
	u32 bit = 1u << (input % 32);

	*r = on ? *r | bit : *r & ~bit;
}

static void pch_set_masked(u32 input, bool masked)
{
	spin_lock(&pirq_lock);
	pch_set_bit(PCH_MASK, input, masked);
	spin_unlock(&pirq_lock);
}

/* Input 'input' as vector 'input', level-triggered, to HWI0 of 'cpu'. */
static void pirq_route(u32 input, u32 cpu)
{
	volatile u8 *vec = (volatile u8 *)(BOARD_DMW_UC | BOARD_PCH_PIC_BASE | PCH_HTMSI_VEC);
	u32 map_off = LA_EIO_COREMAP + (input & ~3u), shift = (input & 3) * 8;
	u32 en_off = LA_EIO_ENABLE + input / 32 * 4;
	u32 map;

	spin_lock(&pirq_lock);
	pch_set_bit(PCH_MASK, input, true);
	vec[input] = (u8)input;
	pch_set_bit(PCH_EDGE, input, false);
	/* COREMAP without CPU encoding: a CPU bitmask, CPUs 0-3. */
	map = iocsr_read32(map_off) & ~(0xffu << shift);
	iocsr_write32(map | ((1u << cpu) << shift), map_off);
	iocsr_write32(iocsr_read32(en_off) | 1u << (input % 32), en_off);
	pch_set_bit(PCH_MASK, input, false);
	spin_unlock(&pirq_lock);
}

/* Once, on CPU 0: every vector group on HWI0, the UART's receive interrupt. */
void la_pirq_init(void)
{
	iocsr_write64(iocsr_read64(IOCSR_MISC_FUNC) | MISC_FUNC_EXTIOI_EN, IOCSR_MISC_FUNC);
	/* IPMAP: a byte per 32 vectors, its lowest set bit the HWI line. */
	iocsr_write64(0x0101010101010101UL, LA_EIO_IPMAP);
	pirq_route(BOARD_UART_IRQ, 0);
	uart_irq_enable();
}

/* A passthrough input fired: an edge is passed on as one; a level is held
 * masked until the guest is done with it. */
static void pirq_forward(u32 input)
{
	struct zone *z = zone_of_irq(input);
	u32 bit = 1u << input;

	if (!z) {
		pch_set_masked(input, true); /* nobody's: keep it quiet */
		return;
	}
	if (__atomic_load_n(&pirq_edge, __ATOMIC_ACQUIRE) & bit) {
		*pch_reg32(PCH_CLEAR) = bit;
		arch_zone_irq_set(z, input, true);
		arch_zone_irq_set(z, input, false);
		return;
	}
	pch_set_masked(input, true);
	__atomic_fetch_or(&z->arch.pt_held, bit, __ATOMIC_ACQ_REL);
	arch_zone_irq_set(z, input, true);
}

/* HWI0: the vectors pending on this CPU. Acknowledged before handling: a
 * level input still asserted afterwards (UART with unread data) raises a
 * new edge at the EIOINTC only if its line changes, so clearing after the
 * handler could lose it. */
void la_pirq_handle(void)
{
	/* LA_EIO_COREISR: the reading CPU's pending vectors, write 1 to clear. */
	u32 isr = iocsr_read32(LA_EIO_COREISR);

	iocsr_write32(isr, LA_EIO_COREISR);
	while (isr) {
		u32 vec = (u32)__builtin_ctz(isr);

		isr &= isr - 1;
		if (vec == BOARD_UART_IRQ)
			console_rx();
		else if (vec < BOARD_PCH_PIC_INPUTS)
			pirq_forward(vec);
	}
}

/* The guest is done with the inputs in 'inputs' (held ones only): virtual
 * line down, physical input unmasked (called with the zone's intc lock). */
u32 la_pirq_release(struct zone *z, u32 inputs)
{
	u32 rel = __atomic_fetch_and(&z->arch.pt_held, ~inputs, __ATOMIC_ACQ_REL) & inputs;

	if (!rel)
		return 0;
	for (u32 i = 0; i < BOARD_PCH_PIC_INPUTS; i++)
		if (rel & (1u << i))
			pch_set_masked(i, false);
	return rel;
}

/* The zone set passthrough input 'input' edge- or level-triggered. */
void la_pirq_set_trigger(u32 input, bool edge)
{
	u32 bit = 1u << input;

	spin_lock(&pirq_lock);
	pch_set_bit(PCH_EDGE, input, edge);
	if (edge)
		__atomic_fetch_or(&pirq_edge, bit, __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&pirq_edge, ~bit, __ATOMIC_RELEASE);
	spin_unlock(&pirq_lock);
}

/* Zone (re)start: its inputs level-triggered and unmasked again. */
void la_pirq_zone_reset(struct zone *z)
{
	for (u32 i = 0; i < BOARD_PCH_PIC_INPUTS; i++)
		if (z->arch.pt_inputs & (1u << i))
			la_pirq_set_trigger(i, false);
	la_pirq_release(z, ~0u);
}

/* Route a zone's passthrough inputs to the CPU of its vCPU 0. config_check()
 * kept them in 1..max_irq and off the hypervisor's UART (its console) and
 * the zone's emulated devices. */
void la_pirq_zone_init(struct zone *z)
{
	const struct zv_zone_cfg *c = z->cfg;

	z->arch.pt_held = 0;
	z->arch.pt_inputs = 0;
	for (u32 i = 0; i < c->nr_irqs; i++) {
		u32 input = c->irqs[i];

		pirq_route(input, z->vcpus[0]->pcpu);
		z->arch.pt_inputs |= 1u << input;
	}
}
