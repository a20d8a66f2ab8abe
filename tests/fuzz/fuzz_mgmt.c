/* SPDX-License-Identifier: MIT */
/*
 * The management service (mgmt_rx(), over the real zone.c) fed any byte
 * stream, cut into writes of a size the input picks. Memory regions are
 * exactly sized heap buffers, so AddressSanitizer stops any byte written
 * or read outside them; and after every input: each answer is one
 * well-formed frame, the root's and the unmanaged zone's memory are
 * untouched, and no answer carries a byte run of the managed zone's
 * memory (the root never reads another zone).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/mgmt.h>
#include <zv/zone.h>

#define CHECK(x) ((x) ? (void)0 : abort())


#define RAM_SIZE 0x3000ULL
static const char *const names[3] = {"linux", "bare", "other"};
static const u64 gpas[3] = {0x80000000ULL, 0x88000000ULL, 0x90000000ULL};
static const u8 fills[3] = {0x11, 0xc3, 0x77}; /* what each zone's memory holds */

static struct zv_config cfg;
static struct vcpu vcpus[3];
static u8 *ram[3], *staging;

/* A stop request is taken as it is posted: zone.c's waits end. */
void vcpu_kick(struct vcpu *v, u32 requests)
{
	if (requests & VCPU_REQ_STOP)
		v->state = VCPU_OFF;
}

/* Answers must be whole frames, one per write at most of a frame: a
 * small total bound keeps them checkable. */
static u8 out[1 << 20];
static u32 out_len;

static void tx(void *ctx, const u8 *d, u32 n)
{
	u32 len;

	CHECK(n >= MGMT_HDR_SIZE + 4);
	CHECK(d[0] == 'Z' && d[1] == 'V' && (d[2] & MGMT_ANSWER));
	len = mgmt_get32(d + 4);
	CHECK(len == n - MGMT_HDR_SIZE && len <= MGMT_MAX_PAYLOAD);
	CHECK(mgmt_get32(d + 8) < MGMT_STATUSES);
	/* no run of 8 bytes of the managed zone's memory (0xc3) */
	for (u32 i = 0; i + 8 <= n; i++)
		CHECK(memcmp(d + i, "\xc3\xc3\xc3\xc3\xc3\xc3\xc3\xc3", 8) != 0);
	if (out_len + n <= sizeof(out)) {
		memcpy(out + out_len, d, n);
		out_len += n;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	staging = malloc(3 * 0x100);
	CHECK(staging);
	for (u32 i = 0; i < 3; i++) {
		struct zv_zone_cfg *z = &cfg.zones[i];

		ram[i] = malloc(RAM_SIZE);
		CHECK(ram[i]);
		strcpy(z->name, names[i]);
		z->id = i;
		z->nr_cpus = 1, z->cpus[0] = i;
		z->nr_ram = 1;
		z->ram[0] = (struct zv_region){gpas[i], (u64)(uintptr_t)ram[i], RAM_SIZE};
		z->entry = gpas[i];
		z->image[ZV_IMG_KERNEL] =
		    (struct zv_image){gpas[i], (u64)(uintptr_t)staging + i * 0x100, 0x100};
	}
	memset(staging, 0xc3, 3 * 0x100);
	cfg.nr_zones = 3;
	cfg.zones[0].flags = ZV_ZONE_ROOT;
	cfg.zones[0].manages = 1u << 1;
	return 0;
}

static void fresh(void)
{
	memset(zones, 0, sizeof(zones));
	memset(vcpus, 0, sizeof(vcpus));
	nr_zones = 3;
	for (u32 i = 0; i < 3; i++)
		CHECK(zone_init(&zones[i], i, &cfg.zones[i], vcpus) == 0);
	zone_start_all();
	for (u32 i = 0; i < 3; i++)
		memset(ram[i], fills[i], RAM_SIZE);
	mgmt_init(&zones[0], tx, NULL);
	out_len = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u32 step;

	if (size < 1)
		return 0;
	fresh();
	step = data[0] ? data[0] : (u32)size; /* write sizes, 0: all at once */
	for (size_t i = 1; i < size; i += step)
		mgmt_rx(data + i, (u32)(size - i < step ? size - i : step));
	for (u64 i = 0; i < RAM_SIZE; i++)
		CHECK(ram[0][i] == fills[0] && ram[2][i] == fills[2]);
	CHECK(zones[0].state == ZONE_RUNNING && zones[2].state == ZONE_RUNNING);
	return 0;
}
