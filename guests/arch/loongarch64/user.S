/* SPDX-License-Identifier: MIT */
/*
 * The self test's user-mode check (g_arch_user_priv in arch.c): a program
 * at PLV3 tries the privileged operations the hypervisor emulates for the
 * guest kernel. The attack of issue 22: write a vCPU's start mailbox
 * (MAIL_SEND) with an entry and send it the IPI that boots it there, at
 * PLV0. Each privileged instruction must raise IPE in this guest; cpucfg
 * is not privileged and must work.
 *
 *   g_user_run(stack_top, cpu, entry): g_user_attack at PLV3 (interrupts
 *   off) on that stack; returns once it ends with syscall 0 (g_arch_trap
 *   then resumes at g_user_back at PLV0).
 */
#define IPI_STATUS 0x1000
#define IPI_SEND 0x1040
#define MAIL_SEND 0x1048

	.text
	.globl g_user_run
g_user_run:
	la.pcrel $t0, g_user_ctx
	st.d	$ra, $t0, 0
	st.d	$sp, $t0, 8
	st.d	$fp, $t0, 16
	st.d	$s0, $t0, 24
	st.d	$s1, $t0, 32
	st.d	$s2, $t0, 40
	st.d	$s3, $t0, 48
	st.d	$s4, $t0, 56
	st.d	$s5, $t0, 64
	st.d	$s6, $t0, 72
	st.d	$s7, $t0, 80
	st.d	$s8, $t0, 88
	st.d	$tp, $t0, 96
	move	$sp, $a0
	la.pcrel $t1, g_user_attack
	csrwr	$t1, 0x6		/* ERA */
	li.d	$t1, 3
	li.d	$t2, 7
	csrxchg	$t1, $t2, 0x1		/* PRMD: PPLV = 3, PIE = 0 */
	ertn

	.globl g_user_back
g_user_back:
	la.pcrel $t0, g_user_ctx
	ld.d	$ra, $t0, 0
	ld.d	$sp, $t0, 8
	ld.d	$fp, $t0, 16
	ld.d	$s0, $t0, 24
	ld.d	$s1, $t0, 32
	ld.d	$s2, $t0, 40
	ld.d	$s3, $t0, 48
	ld.d	$s4, $t0, 56
	ld.d	$s5, $t0, 64
	ld.d	$s6, $t0, 72
	ld.d	$s7, $t0, 80
	ld.d	$s8, $t0, 88
	ld.d	$tp, $t0, 96
	jr	$ra

/* PLV3, a1 = target vCPU, a2 = entry. Every instruction listed in
 * g_user_ipe_pcs must raise IPE (the handler steps over it). */
g_user_attack:
	slli.d	$t4, $a1, 16		/* target CPU, bits 25:16 */
	li.d	$t0, IPI_STATUS
.Lp0:	iocsrrd.w $t1, $t0
	li.d	$t0, MAIL_SEND
	srli.d	$t2, $a2, 32
	slli.d	$t2, $t2, 32
	or	$t2, $t2, $t4
	ori	$t2, $t2, 4		/* mailbox 0, high word */
.Lp1:	iocsrwr.d $t2, $t0
	bstrpick.d $t2, $a2, 31, 0
	slli.d	$t2, $t2, 32
	or	$t2, $t2, $t4		/* mailbox 0, low word */
.Lp2:	iocsrwr.d $t2, $t0
	li.d	$t0, IPI_SEND
.Lp3:	iocsrwr.w $t4, $t0		/* the IPI that would boot it */
.Lp4:	iocsrrd.d $t1, $t0
.Lp5:	csrrd	$t1, 0x0
.Lp6:	csrwr	$t1, 0x4
.Lp7:	idle	0
.Lp8:	hvcl	0
.Lp9:	cacop	0x0, $zero, 0		/* index class: privileged */
	cpucfg	$t1, $zero		/* not privileged: the hypervisor answers */
	la.pcrel $t0, g_user_cpucfg
	st.d	$t1, $t0, 0
	syscall	0

	.section .rodata
	.balign	8
	.globl g_user_ipe_pcs, g_user_ipe_count
g_user_ipe_pcs:
	.dword	.Lp0, .Lp1, .Lp2, .Lp3, .Lp4, .Lp5, .Lp6, .Lp7, .Lp8, .Lp9
g_user_ipe_count:
	.word	10

	.section .bss
	.balign	8
	.globl g_user_cpucfg
g_user_ctx:
	.space	13 * 8
g_user_cpucfg:
	.space	8
