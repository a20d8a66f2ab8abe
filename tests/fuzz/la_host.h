/* SPDX-License-Identifier: MIT */
/*
 * Forced in (-include) when loongarch64 port code is built on the host:
 * the CSR accessors <arch/loongarch.h> keeps behind its ZV_HOST fence
 * become calls into the harness.
 */
#ifndef LA_HOST_H
#define LA_HOST_H

unsigned long la_host_csr_xchg(unsigned csr, unsigned long val, unsigned long mask);
unsigned long la_host_gcsr_xchg(unsigned csr, unsigned long val, unsigned long mask);

#define csr_xchg(csr, val, mask) la_host_csr_xchg(csr, (unsigned long)(val), (unsigned long)(mask))
#define gcsr_xchg(csr, val, mask)                                                                  \
	la_host_gcsr_xchg(csr, (unsigned long)(val), (unsigned long)(mask))

#endif
