/* SPDX-License-Identifier: MIT */
/*
 * Zone rng-seeds (zv/rng.h). Why it matters: a Linux guest that finds no
 * seed starts with its CRNG empty and, until enough interrupt timing has
 * been collected, every get_random_*() re-extracts the input pool
 * (BLAKE2s and ChaCha20 each call). Early boot asks for many: SLUB shuffles
 * each new cache's freelist (CONFIG_SLAB_FREELIST_RANDOM), one draw per
 * object. QEMU's virt boards give a native kernel /chosen/rng-seed; a zone
 * without one spent about 0.3 s more (riscv64, under -icount) in boot.
 */
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/fdt.h>
#include <zv/lib.h>
#include <zv/rng.h>
#include <zv/spinlock.h>

#define RNG_ENTROPY_MAX 64 /* bytes taken from the platform at boot */
#define RNG_MIN_CREDIT 16  /* fewer credited bytes do not seed zones */

static u32 rng_key[8];
static u64 rng_draws;
static u32 rng_credit; /* credited bytes mixed in, capped */
static spinlock_t rng_lock;

static u32 rng_rotl(u32 x, int n)
{
	return x << n | x >> (32 - n);
}

#define QR(a, b, c, d)                                                                             \
	do {                                                                                       \
		a += b, d ^= a, d = rng_rotl(d, 16);                                               \
		c += d, b ^= c, b = rng_rotl(b, 12);                                               \
		a += b, d ^= a, d = rng_rotl(d, 8);                                                \
		c += d, b ^= c, b = rng_rotl(b, 7);                                                \
	} while (0)

void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3], u8 out[64])
{
	u32 in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
	u32 x[16];

	memcpy(&in[4], key, 32);
	in[12] = counter;
	memcpy(&in[13], nonce, 12);
	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++) {
		u32 v = x[i] + in[i];

		out[4 * i] = (u8)v;
		out[4 * i + 1] = (u8)(v >> 8);
		out[4 * i + 2] = (u8)(v >> 16);
		out[4 * i + 3] = (u8)(v >> 24);
	}
}

static u32 rng_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* key = ChaCha20(key, nonce = 'domain' and the draw count)[0..31]; the
 * rest of the block, if 'out', is output. Called with rng_lock held. */
static void rng_step(u32 domain, u8 out[32])
{
	const u32 nonce[3] = {domain, (u32)rng_draws, (u32)(rng_draws >> 32)};
	u8 blk[64];

	chacha20_block(rng_key, 0, nonce, blk);
	for (int i = 0; i < 8; i++)
		rng_key[i] = rng_le32(blk + 4 * i);
	if (out)
		memcpy(out, blk + 32, 32);
	memset(blk, 0, sizeof(blk));
	rng_draws++;
}

void rng_mix(const void *buf, size_t len, bool credit)
{
	const u8 *p = buf;

	spin_lock(&rng_lock);
	for (size_t off = 0; off < len; off += 32) {
		u8 chunk[32] = {0};

		memcpy(chunk, p + off, len - off < 32 ? len - off : 32);
		for (int i = 0; i < 8; i++)
			rng_key[i] ^= rng_le32(chunk + 4 * i);
		rng_step(0x78696d, NULL); /* "mix" */
		memset(chunk, 0, sizeof(chunk));
	}
	if (credit)
		rng_credit = (u32)(rng_credit + len > 1024 ? 1024 : rng_credit + len);
	spin_unlock(&rng_lock);
}

void rng_boot(void)
{
	u8 buf[RNG_ENTROPY_MAX];
	size_t got = arch_boot_entropy(buf, sizeof(buf));
	u64 now = arch_time_ms();

	rng_mix(buf, got, true);
	memset(buf, 0, sizeof(buf));
	rng_mix(&now, sizeof(now), false);
	if (rng_credit < RNG_MIN_CREDIT)
		printk("rng: no entropy from the platform, zones get no rng-seed\n");
}

static void rng_fill(u8 *dst, size_t len)
{
	spin_lock(&rng_lock);
	for (size_t off = 0; off < len; off += 32) {
		u8 out[32];

		rng_step(0x646573, out); /* "sed" */
		memcpy(dst + off, out, len - off < 32 ? len - off : 32);
		memset(out, 0, sizeof(out));
	}
	spin_unlock(&rng_lock);
}

void rng_seed_dt(void *fdt, size_t size)
{
	struct fdt_prop_loc loc;

	if (fdt_chosen_prop(fdt, size, "rng-seed", &loc))
		return;
	if (rng_credit >= RNG_MIN_CREDIT)
		rng_fill((u8 *)fdt + loc.value, loc.len);
	else
		fdt_nop_prop(fdt, &loc);
}
