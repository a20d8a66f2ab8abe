/* SPDX-License-Identifier: MIT */
/* The self test's exit-regs cases on riscv64 (exit_regs.S): SBI calls the
 * hypervisor answers on its trap path (its hypercalls, the base extension,
 * an unknown extension) and MMIO loads and stores it decodes (32- and
 * 64-bit, compressed). */
#include "guest.h"

void g_arch_exit_regs_hc(u64 addr, u64 out[32]);
void g_arch_exit_regs_sbi_base(u64 addr, u64 out[32]);
void g_arch_exit_regs_sbi_unknown(u64 addr, u64 out[32]);
void g_arch_exit_regs_load(u64 addr, u64 out[32]);
void g_arch_exit_regs_store(u64 addr, u64 out[32]);
void g_arch_exit_regs_load_c(u64 addr, u64 out[32]);
void g_arch_exit_regs_store_c(u64 addr, u64 out[32]);
void g_arch_exit_regs_load_w(u64 addr, u64 out[32]);

#define R(n) (1u << (n))
/* An SBI call: a0 (x10) error, a1 (x11) value; a6/a7 (x16/x17) held the
 * function and extension. */
#define SBI_REGS (R(10) | R(11) | R(16) | R(17))
#define SBI_ERR_NOT_SUPPORTED (-2)

static bool hc_results(const u64 *r, u64 addr) /* HC_NULL */
{
	return r[10] == 0 && r[11] == 0;
}

static bool base_results(const u64 *r, u64 addr) /* get_spec_version */
{
	return r[10] == 0 && r[11] == g_arch_firmware_version();
}

static bool unknown_results(const u64 *r, u64 addr)
{
	return r[10] == (u64)SBI_ERR_NOT_SUPPORTED;
}

static bool load_results(const u64 *r, u64 addr)
{
	return r[22] == G_EXIT_REGS_MEM;
}

static bool store_results(const u64 *r, u64 addr)
{
	return mmio_r64(addr) == GUEST_REG_PATTERN(8);
}

static bool load_c_results(const u64 *r, u64 addr)
{
	return r[15] == G_EXIT_REGS_MEM;
}

static bool store_c_results(const u64 *r, u64 addr)
{
	return mmio_r64(addr) == GUEST_REG_PATTERN(9);
}

static bool load_w_results(const u64 *r, u64 addr) /* lw sign-extends */
{
	return r[23] == (u64)(s64)(int32_t)G_EXIT_REGS_MEM;
}

/* a2 (x12) holds the address for the loads and stores. */
const struct g_exit_regs_case g_arch_exit_regs_cases[] = {
    {"sbi hypercall", g_arch_exit_regs_hc, SBI_REGS, hc_results},
    {"sbi base", g_arch_exit_regs_sbi_base, SBI_REGS, base_results},
    {"sbi unknown", g_arch_exit_regs_sbi_unknown, SBI_REGS, unknown_results},
    {"load", g_arch_exit_regs_load, R(12) | R(22), load_results},
    {"store", g_arch_exit_regs_store, R(12), store_results},
    {"c.ld", g_arch_exit_regs_load_c, R(12) | R(15), load_c_results},
    {"c.sd", g_arch_exit_regs_store_c, R(12), store_c_results},
    {"lw", g_arch_exit_regs_load_w, R(12) | R(23), load_w_results},
    {0},
};
