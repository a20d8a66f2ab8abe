/* SPDX-License-Identifier: MIT */
/* void la_zero_lasx(u64 hpa, u64 end, void *save): zero.c. The LASX
 * instructions are written as words: the hypervisor is assembled without
 * LASX (arch.mk), and EUEN.ASXE is on only around this call. */
	.text
	.globl la_zero_lasx
la_zero_lasx:
	.word	0x2cc000c0		/* xvst    $xr0, $a2, 0: save the guest's */
	.word	0x75270000		/* xvxor.v $xr0, $xr0, $xr0 */
	addi.d	$t0, $a0, 256
	bltu	$a1, $t0, 2f
1:	.word	0x2cc00080		/* xvst $xr0, $a0, 0 ... 224 */
	.word	0x2cc08080
	.word	0x2cc10080
	.word	0x2cc18080
	.word	0x2cc20080
	.word	0x2cc28080
	.word	0x2cc30080
	.word	0x2cc38080
	addi.d	$a0, $a0, 256
	addi.d	$t0, $a0, 256
	bgeu	$a1, $t0, 1b
2:	bgeu	$a0, $a1, 3f
	.word	0x2cc00080		/* xvst $xr0, $a0, 0 */
	addi.d	$a0, $a0, 32
	b	2b
3:	.word	0x2c8000c0		/* xvld    $xr0, $a2, 0: restore it */
	jr	$ra
