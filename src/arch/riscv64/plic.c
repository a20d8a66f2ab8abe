/* SPDX-License-Identifier: MIT */
/*
 * The physical PLIC belongs to the hypervisor. Each CPU uses its S-mode
 * context (2 * hart + 1 on QEMU virt). The console UART's source goes to
 * the boot CPU; a passthrough source goes to the CPU of the owning zone's
 * first vCPU, is forwarded into that zone's vPLIC, and is completed only
 * when the guest completes it there.
 */
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/console.h>
#include <zv/zone.h>

#include "board.h"
#include "rv.h"

#define PLIC_PRIORITY(irq) (BOARD_PLIC_BASE + 4 * (irq))
#define PLIC_ENABLE(ctx) (BOARD_PLIC_BASE + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (BOARD_PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)
#define PLIC_S_CTX(cpu) (2 * (cpu) + 1)

static volatile u32 *reg32(u64 addr)
{
	return (volatile u32 *)(uintptr_t)addr;
}

static bool console_irq_routed;
void rv_vplic_raise_hw(struct zone *z, u32 irq);

void rv_plic_enable(u32 irq, u32 cpu)
{
	*reg32(PLIC_PRIORITY(irq)) = 1;
	/* One 32-bit enable word per 32 sources. */
	reg32(PLIC_ENABLE(PLIC_S_CTX(cpu)))[irq / 32] |= 1u << (irq % 32);
}

void rv_plic_cpu_init(u32 cpu)
{
	for (u32 w = 0; w < BOARD_PLIC_SOURCES / 32; w++)
		reg32(PLIC_ENABLE(PLIC_S_CTX(cpu)))[w] = 0;
	*reg32(PLIC_THRESHOLD(PLIC_S_CTX(cpu))) = 0;
	if (!console_irq_routed) {
		console_irq_routed = true;
		rv_plic_enable(BOARD_UART_IRQ, cpu);
		uart_irq_enable();
	}
}

/* Complete a passthrough source on the context of 'cpu', the one it is
 * routed to (the owning zone's vCPU 0) and so the one that claimed it. */
void rv_plic_complete(u32 irq, u32 cpu)
{
	*reg32(PLIC_CLAIM(PLIC_S_CTX(cpu))) = irq;
}

void rv_plic_handle(void)
{
	u32 ctx = PLIC_S_CTX(arch_cpu_id());
	u32 irq;

	while ((irq = *reg32(PLIC_CLAIM(ctx))) != 0) {
		struct zone *z = zone_of_irq(irq);

		if (irq == BOARD_UART_IRQ) {
			console_rx();
			*reg32(PLIC_CLAIM(ctx)) = irq;
		} else if (z) {
			rv_vplic_raise_hw(z, irq);
		} else {
			*reg32(PLIC_CLAIM(ctx)) = irq;
		}
	}
}
