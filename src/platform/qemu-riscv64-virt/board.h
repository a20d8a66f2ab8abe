/* SPDX-License-Identifier: MIT */
/* QEMU riscv64 'virt' board (its QEMU command line: board.mk). */
#ifndef ZV_PLATFORM_BOARD_H
#define ZV_PLATFORM_BOARD_H

/* CPUs, RAM and the hypervisor's part of it, the UART and the PLIC:
 * src/platform/qemu-riscv64-virt/board.mk. OpenSBI occupies the 2 MiB below
 * BOARD_HV_BASE. */
#include <board_facts/qemu-riscv64-virt.h>

#define BOARD_RAM_SIZE BOARD_QEMU_MEM

#define BOARD_CLINT_BASE 0x02000000UL
/* ACLINT SSWI (aclint=on): a 32-bit SETSSIP register per hart; writing 1
 * raises that hart's sip.SSIP, which the hart clears itself. */
#define BOARD_SSWI_BASE 0x02f00000UL
#define BOARD_TEST_BASE 0x00100000UL /* sifive_test: poweroff/reset */

/* Guest-physical space: all that hgatp Sv39x4 translates. */
#define BOARD_GPA_BITS 41

#endif
