/* SPDX-License-Identifier: MIT */
/*
 * Channels: a zone table with fuzzed channels goes through config_check();
 * a table it accepts must keep every channel region clear of the zones'
 * host RAM and of the other channels. Then fuzzed HC_CHAN_RING and
 * HC_CHAN_ACK calls from the table's zones are checked against a model:
 * refused exactly when the caller (or the rung zone) is not a member, a
 * raise only on a member's own doorbell in that member's zone, and a
 * pending doorbell never raised twice.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/chan.h>
#include <zv/config.h>
#include <zv/exit.h>
#include <zv/hypercall.h>
#include <zv/zone.h>

#include "fuzz_input.h"
#include "stubs.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define NZ 3

static struct zv_config cfg;
static struct vcpu vcpus[NZ];

static void base_table(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.magic = ZV_CFG_MAGIC;
	cfg.version = ZV_CFG_VERSION;
	cfg.size = sizeof(cfg);
	strcpy(cfg.platform, zv_board.name);
	cfg.nr_zones = NZ;
	for (u32 i = 0; i < NZ; i++) {
		struct zv_zone_cfg *z = &cfg.zones[i];

		z->name[0] = (char)('a' + i);
		z->id = i + 1;
		z->nr_cpus = 1;
		z->cpus[0] = i;
		z->nr_ram = 1;
		z->ram[0] =
		    (struct zv_region){0x88000000, 0x88000000 + 0x1000000ULL * i, 0x1000000};
		z->devices = ZV_DEV_UART;
		z->entry = 0x88000000;
		z->image[ZV_IMG_KERNEL] =
		    (struct zv_image){0x88000000, zv_board.staging.base + 0x1000ULL * i, 0x1000};
	}
}

static u64 pick(struct fuzz_input *in, u64 base, u64 step, u64 n)
{
	u64 sel = fuzz_take(in, 1);

	return sel < 0xf0 ? base + step * (sel % n) : fuzz_take(in, 8);
}

static void fuzz_channels(struct fuzz_input *in)
{
	cfg.nr_channels = fuzz_take(in, 1) % (ZV_MAX_CHANNELS + 2);
	for (u32 c = 0; c < ZV_MAX_CHANNELS; c++) {
		struct zv_chan_cfg *ch = &cfg.channels[c];

		ch->name[0] = 'c', ch->name[1] = (char)('0' + c);
		ch->id = (u32)fuzz_take(in, 1) % 6;
		ch->hpa = pick(in, 0x8b000000, 0x8000, 32);
		ch->size = pick(in, 0x1000, 0x1000, 16);
		ch->nr_members = (u32)fuzz_take(in, 1) % (ZV_MAX_CHAN_MEMBERS + 2);
		for (u32 m = 0; m < ZV_MAX_CHAN_MEMBERS; m++) {
			struct zv_chan_member *mb = &ch->members[m];

			mb->zone = (u32)fuzz_take(in, 1) % (NZ + 1);
			mb->rights = (u32)fuzz_take(in, 1) % 3;
			mb->gpa = pick(in, 0xa0000000, 0x8000, 64);
			mb->doorbell = (u32)pick(in, 20, 1, 12);
		}
	}
	cfg.checksum = zv_cfg_checksum(&cfg);
}

static bool overlap(u64 a, u64 as, u64 b, u64 bs)
{
	return (unsigned __int128)a < (unsigned __int128)b + bs &&
	       (unsigned __int128)b < (unsigned __int128)a + as;
}

/* What an accepted table must never hold. */
static void check_accepted(void)
{
	for (u32 c = 0; c < cfg.nr_channels; c++) {
		const struct zv_chan_cfg *ch = &cfg.channels[c];

		CHECK(ch->nr_members >= 2 && ch->nr_members <= ZV_MAX_CHAN_MEMBERS);
		for (u32 i = 0; i < NZ; i++)
			CHECK(!overlap(ch->hpa, ch->size, cfg.zones[i].ram[0].hpa,
				       cfg.zones[i].ram[0].size));
		CHECK(!overlap(ch->hpa, ch->size, zv_board.hv.base, zv_board.hv.size));
		for (u32 o = 0; o < c; o++) {
			CHECK(cfg.channels[o].id != ch->id);
			CHECK(
			    !overlap(ch->hpa, ch->size, cfg.channels[o].hpa, cfg.channels[o].size));
		}
		for (u32 m = 0; m < ch->nr_members; m++) {
			CHECK(ch->members[m].zone < NZ);
			CHECK(ch->members[m].rights == ZV_CHAN_RW ||
			      ch->members[m].rights == ZV_CHAN_RO);
			CHECK(ch->members[m].doorbell != zv_board.uart_irq);
		}
	}
}

static void setup_zones(void)
{
	zv_config = &cfg;
	nr_zones = NZ;
	for (u32 i = 0; i < NZ; i++) {
		memset(&zones[i], 0, sizeof(zones[i]));
		zones[i].index = i;
		zones[i].cfg = &cfg.zones[i];
		zones[i].nr_vcpus = 1;
		zones[i].vcpus[0] = &vcpus[i];
		vcpus[i] = (struct vcpu){.zone = &zones[i], .state = VCPU_RUNNING};
	}
	for (u32 i = 0; i < NZ; i++)
		chan_zone_reset(&zones[i]); /* a (re)start: nothing pending */
}

/* ---- The model ---- */

static bool pending[ZV_MAX_CHANNELS][ZV_MAX_CHAN_MEMBERS];

static int member_of(const struct zv_chan_cfg *ch, u32 zone)
{
	for (u32 m = 0; m < ch->nr_members; m++)
		if (ch->members[m].zone == zone)
			return (int)m;
	return -1;
}

static int chan_by_id(u64 id)
{
	for (u32 c = 0; c < cfg.nr_channels; c++)
		if (cfg.channels[c].id == id)
			return (int)c;
	return -1;
}

static void one_call(struct fuzz_input *in)
{
	u32 caller = (u32)fuzz_take(in, 1) % NZ;
	bool ring = fuzz_take(in, 1) & 1;
	u64 id = pick(in, 0, 1, 7), target = pick(in, 0, 1, 5);
	struct vcpu_exit e = {.reason = EXIT_HYPERCALL};
	int c = chan_by_id(id), self = c < 0 ? -1 : member_of(&cfg.channels[c], caller), t = -1;
	int calls = stub_irq.calls;

	e.hcall.nr = ring ? HC_CHAN_RING : HC_CHAN_ACK;
	e.hcall.arg[0] = id;
	e.hcall.arg[1] = target;
	hypercall_handle(&vcpus[caller], &e);
	if (self < 0) {
		CHECK(e.hcall.ret == -ZV_EPERM && stub_irq.calls == calls);
		return;
	}
	if (!ring) {
		CHECK(e.hcall.ret == 0 && e.hcall.value == pending[c][self]);
		CHECK(stub_irq.calls == calls + pending[c][self]);
		if (pending[c][self])
			CHECK(stub_irq.zone == &zones[caller] && !stub_irq.level &&
			      stub_irq.irq == cfg.channels[c].members[self].doorbell);
		pending[c][self] = false;
		return;
	}
	for (u32 m = 0; m < cfg.channels[c].nr_members; m++)
		if (cfg.channels[c].members[m].zone + 1 == target)
			t = (int)m;
	if (t < 0) {
		CHECK(e.hcall.ret == -ZV_EINVAL && stub_irq.calls == calls);
		return;
	}
	CHECK(e.hcall.ret == 0 && e.hcall.value == pending[c][t]);
	CHECK(stub_irq.calls == calls + !pending[c][t]);
	if (!pending[c][t])
		CHECK(stub_irq.zone == &zones[cfg.channels[c].members[t].zone] && stub_irq.level &&
		      stub_irq.irq == cfg.channels[c].members[t].doorbell);
	pending[c][t] = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	base_table();
	fuzz_channels(&in);
	if (config_check(&cfg, &zv_board, NULL, NULL))
		return 0;
	check_accepted();
	setup_zones();
	memset(pending, 0, sizeof(pending));
	while (in.left)
		one_call(&in);
	return 0;
}
