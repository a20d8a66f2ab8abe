/* SPDX-License-Identifier: MIT */
/*
 * Stand-ins for what the core code a host test or fuzz harness links
 * (zone.c, hypercall.c, mmio.c, the device models) calls outside it: the
 * port's hooks, the console, the vCPU loop and the devices a zone attaches.
 * Each does nothing, answers success, or records its call (stubs.h);
 * arch_poweroff() aborts, since the hypervisor never comes back from it.
 *
 * All are weak: a test that checks a call, or links the real code (vuart.c,
 * a port's interrupt model), defines its own, and the linker takes that.
 */
#include <stdlib.h>
#include <string.h>

#include <zv/arch.h>
#include <zv/chan_port.h>
#include <zv/console.h>
#include <zv/mgmt.h>
#include <zv/mmio.h>
#include <zv/testdev.h>
#include <zv/vcpu.h>
#include <zv/virtio_zone.h>
#include <zv/zone.h>

#include "stubs.h"

#define STUB __attribute__((weak))

struct stub_irq_set stub_irq;

STUB void arch_zone_irq_set(struct zone *z, u32 irq, bool level)
{
	stub_irq.calls++;
	stub_irq.zone = z, stub_irq.irq = irq, stub_irq.level = level;
}

/* clang-format off */
STUB void printk(const char *fmt, ...) {}
STUB void console_putc(struct zone *z, char c) {}
STUB void console_input_attach(struct zone *z, const struct console_input *in) {}
STUB void console_rx_ready(struct zone *z) {}
STUB void console_zone_reset(struct zone *z) {}

/* The port (zv/arch.h); a zone's RAM is entered at its address as given. */
STUB int arch_stage2_init(struct zone *z) { return 0; }
STUB int stage2_zone_init(struct zone *z) { return 0; }
STUB int s2_map(struct s2_table *t, u64 gpa, u64 hpa, u64 size, u32 flags) { return 0; }
STUB void arch_stage2_flush(struct zone *z) {}
STUB void arch_cache_sync_range(u64 hpa, u64 size) {}
STUB u64 arch_zero_block(void) { return 0; }
STUB void arch_zero_blocks(u64 hpa, u64 size) { memset((void *)(uintptr_t)hpa, 0, size); }
STUB u64 arch_entry_gpa(u64 entry) { return entry; }
STUB int arch_zone_irq_init(struct zone *z) { return 0; }
STUB void arch_poweroff(void) { abort(); }
STUB u64 arch_time_ms(void) { return 0; }
STUB size_t arch_boot_entropy(void *buf, size_t len) { return 0; }
STUB u64 arch_vcpu_return_address(const struct vcpu *v) { return 0; }
STUB void arch_linux_handoff(const struct zone *z, struct arch_linux_handoff *h) { *h = (struct arch_linux_handoff){0}; }

/* The vCPU loop. */
STUB struct vcpu *vcpu_current(void) { return NULL; }
STUB void vcpu_kick(struct vcpu *v, u32 requests) {}
STUB void vcpu_handle_requests(void) {}

/* The zone's device table (mmio.c), for tests that do not link it. */
STUB struct mmio_dev *mmio_find(struct zone *z, u64 gpa, u8 width) { return NULL; }

/* The devices zone.c attaches. */
STUB int zone_uart_attach(struct zone *z) { return 0; }
STUB void zone_uart_reset(struct zone *z) {}
STUB int testdev_attach(struct zone *z, struct testdev *t, u64 gpa, u64 size, u32 irq) { return 0; }
STUB void testdev_reset(struct testdev *t) {}
STUB int virtio_zone_attach(struct zone *z) { return 0; }
STUB void virtio_zone_reset(struct zone *z) {}
/* chan.c's hook into the channel ports: no Linux member is bridged. */
STUB bool chan_port_owns(u32 ch, u32 m) { return false; }
STUB void chan_port_doorbell(u32 ch, u32 m) {}
STUB void chan_port_kicked(struct zone *z) {}

/* The management service's hypercall pipe: the caller is no root zone. */
STUB s64 mgmt_hc_write(struct vcpu *v, u64 gpa, u64 len) { return -ZV_EPERM; }
STUB s64 mgmt_hc_read(struct vcpu *v, u64 gpa, u64 size, u64 *value) { return -ZV_EPERM; }
/* clang-format on */
