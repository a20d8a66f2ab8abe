/* SPDX-License-Identifier: MIT */
/* SBI: calls down to OpenSBI, and the SBI the hypervisor offers guests. */
#ifndef ARCH_RISCV64_SBI_H
#define ARCH_RISCV64_SBI_H

#include <zv/exit.h>

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434e
#define SBI_EXT_ZV 0x0a5a5600 /* firmware-specific range: zonevisor hypercalls */

#define SBI_SUCCESS 0
#define SBI_ERR_FAILED -1
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_DENIED -4
#define SBI_ERR_INVALID_ADDRESS -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED -7
#define SBI_ERR_ALREADY_STOPPED -8

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
		       unsigned long a1, unsigned long a2);

struct vcpu;
/* Serve one ecall from VS-mode. Fills *exit when the core must act. */
void rv_sbi_handle(struct vcpu *v, struct vcpu_exit *exit);

#endif
