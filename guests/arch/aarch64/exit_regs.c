/* SPDX-License-Identifier: MIT */
/* The self test's exit-regs cases on aarch64 (exit_regs.S): HVCs the
 * hypervisor answers (its hypercalls, PSCI, a function it does not know)
 * and MMIO loads and stores it emulates from the data abort's syndrome
 * (64- and 32-bit, sign-extending). */
#include "guest.h"

void g_arch_exit_regs_hc(u64 addr, u64 out[32]);
void g_arch_exit_regs_psci(u64 addr, u64 out[32]);
void g_arch_exit_regs_unknown(u64 addr, u64 out[32]);
void g_arch_exit_regs_load(u64 addr, u64 out[32]);
void g_arch_exit_regs_store(u64 addr, u64 out[32]);
void g_arch_exit_regs_load_w(u64 addr, u64 out[32]);
void g_arch_exit_regs_load_sb(u64 addr, u64 out[32]);

#define R(n) (1u << (n))

static bool hc_results(const u64 *r, u64 addr) /* HC_NULL: x0 error, x1 value */
{
	return r[0] == 0 && r[1] == 0;
}

static bool psci_results(const u64 *r, u64 addr) /* PSCI_VERSION */
{
	return r[0] == g_arch_firmware_version();
}

static bool unknown_results(const u64 *r, u64 addr) /* SMCCC NOT_SUPPORTED */
{
	return r[0] == (u64)-1;
}

static bool load_results(const u64 *r, u64 addr)
{
	return r[22] == G_EXIT_REGS_MEM;
}

static bool store_results(const u64 *r, u64 addr)
{
	return mmio_r64(addr) == GUEST_REG_PATTERN(8);
}

static bool load_w_results(const u64 *r, u64 addr) /* ldr w: zero-extends */
{
	return r[23] == (u32)G_EXIT_REGS_MEM;
}

static bool load_sb_results(const u64 *r, u64 addr) /* ldrsb x: sign-extends */
{
	return r[24] == (u64)(s64)(int8_t)G_EXIT_REGS_MEM;
}

/* x2 holds the address for the loads and stores. */
const struct g_exit_regs_case g_arch_exit_regs_cases[] = {
    {"hvc hypercall", g_arch_exit_regs_hc, R(0) | R(1), hc_results},
    {"hvc psci", g_arch_exit_regs_psci, R(0), psci_results},
    {"hvc unknown", g_arch_exit_regs_unknown, R(0), unknown_results},
    {"ldr x", g_arch_exit_regs_load, R(2) | R(22), load_results},
    {"str x", g_arch_exit_regs_store, R(2), store_results},
    {"ldr w", g_arch_exit_regs_load_w, R(2) | R(23), load_w_results},
    {"ldrsb", g_arch_exit_regs_load_sb, R(2) | R(24), load_sb_results},
    {0},
};
