/* SPDX-License-Identifier: MIT */
/* Guest CSR classification and the software-emulated CSR bank (pure C). */
#include <arch/la_gcsr.h>

#define LA_GCSR_DESC(num, name, flags) {num, flags, #name},
const struct la_gcsr_desc la_gcsr_hw_table[LA_GCSR_HW_COUNT] = {LA_GCSR_HW_LIST(LA_GCSR_DESC)};
#undef LA_GCSR_DESC

/* Software CSR groups, in slot order: 'count' CSRs from 'first'; watchpoint
 * groups (DB0-7, IB0-7) are 8 x {ADDR, MASK, CTRL, ASID} at a stride of 8. */
static const struct {
	u16 first, count, stride;
} sw_ranges[] = {
    {0x080, 2, 0},  /* IMPCTL1, IMPCTL2 */
    {0x090, 6, 0},  /* MERRCTL, MERRINFO1/2, MERRENTRY, MERRERA, MERRSAVE */
    {0x098, 1, 0},  /* CTAG */
    {0x200, 8, 0},  /* PERFCTRL0, PERFCNTR0, ... PERFCTRL3, PERFCNTR3 */
    {0x300, 2, 0},  /* MWPC, MWPS */
    {0x310, 32, 8}, /* DB0-7 ADDR/MASK/CTRL/ASID: 0x310 + 8n + 0..3 */
    {0x380, 2, 0},  /* FWPC, FWPS */
    {0x390, 32, 8}, /* IB0-7 ADDR/MASK/CTRL/ASID: 0x390 + 8n + 0..3 */
    {0x500, 3, 0},  /* DEBUG, DERA, DESAVE */
};

/* Index of csr inside group g, or -1. */
static int sw_group_index(unsigned g, u32 csr)
{
	u32 off = csr - sw_ranges[g].first;
	u32 stride = sw_ranges[g].stride;

	if (csr < sw_ranges[g].first)
		return -1;
	if (!stride)
		return off < sw_ranges[g].count ? (int)off : -1;
	if (off % stride >= 4 || off / stride >= sw_ranges[g].count / 4u)
		return -1;
	return (int)(off / stride * 4 + off % stride);
}

int la_gcsr_sw_slot(u32 csr)
{
	int base = 0;

	for (unsigned g = 0; g < sizeof(sw_ranges) / sizeof(sw_ranges[0]); g++) {
		int i = sw_group_index(g, csr);

		if (i >= 0)
			return base + i;
		base += sw_ranges[g].count;
	}
	return -1;
}

int la_gcsr_hw_index(u32 csr)
{
	for (int i = 0; i < LA_GCSR_HW_COUNT; i++)
		if (la_gcsr_hw_table[i].csr == csr)
			return i;
	return -1;
}

enum la_gcsr_kind la_gcsr_kind(u32 csr)
{
	if (la_gcsr_hw_index(csr) >= 0)
		return LA_GCSR_HW;
	return la_gcsr_sw_slot(csr) >= 0 ? LA_GCSR_SW : LA_GCSR_NONE;
}

u64 la_gcsr_emulate(struct la_gcsr_sw *s, u32 csr, enum la_csr_op op, u64 val, u64 mask)
{
	int slot = la_gcsr_sw_slot(csr);
	u64 old;

	if (slot < 0)
		return 0;
	old = s->v[slot];
	if (op == LA_CSR_WR)
		s->v[slot] = val;
	else if (op == LA_CSR_XCHG)
		s->v[slot] = (old & ~mask) | (val & mask);
	return old;
}

void la_gcsr_reset_state(struct la_gcsr_hw_state *s, u32 vcpu_id, const u64 prcfg[3])
{
	for (int i = 0; i < LA_GCSR_HW_COUNT; i++)
		s->v[i] = 0;
	/* CRMD: DA=1 (bit 3), PLV0, IE=0 — the state Linux's head.S expects. */
	s->v[LA_GCSR_IDX_CRMD] = 1u << 3;
	s->v[LA_GCSR_IDX_CPUID] = vcpu_id;
	s->v[LA_GCSR_IDX_PRCFG1] = prcfg[0];
	s->v[LA_GCSR_IDX_PRCFG2] = prcfg[1];
	s->v[LA_GCSR_IDX_PRCFG3] = prcfg[2];
	/* TMID: timer id = vCPU id, as the guest's own rdtime.d reports it. */
	s->v[LA_GCSR_IDX_TMID] = vcpu_id;
}

u32 la_guest_cpucfg(u32 index, u32 host)
{
	switch (index) {
	case 0:
	case 4:
	case 5:
		return host;
	case 1:
		return host & 0x03ffffffu; /* bits 25:0 */
	case 2:
		/* FP, FPSP, FPDP, FPVERS, LSX, LASX (7:0), LLFTP, LLFTPREV (17:14),
		 * LSPW (21), LAM (22). Not: COMPLEX/CRYPTO, LVZ (13:10), BT. */
		return host & 0x0063c0ffu;
	case 3:
		return host & 0x0001ffffu;
	case 16:
		return host & 0x0001ffffu;
	case 17:
	case 18:
	case 19:
	case 20:
		return host & 0x7fffffffu;
	}
	return 0;
}
