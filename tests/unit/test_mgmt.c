/* SPDX-License-Identifier: MIT */
/*
 * The management service over the real zone.c: framing and its errors,
 * list, stop (memory scrubbed), load with zvcfg's image checks, start of
 * the loaded image or the configured one, restart, and the refusals
 * (the root itself, a zone it does not manage, wrong states, bad
 * payloads). Answers are read back as zvctl reads them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include <zv/arch.h>
#include <zv/config.h>
#include <zv/mgmt.h>
#include <zv/zone.h>

int zone_init(struct zone *z, u32 index, const struct zv_zone_cfg *cfg, struct vcpu *pcpu_vcpus);

#define ROOT_GPA 0x80000000ULL
#define BARE_GPA 0x88000000ULL
#define RAM_SIZE 0x4000ULL
#define KERNEL_SIZE 0x100ULL

static struct zv_config cfg;
static struct vcpu vcpus[4];
static u8 *ram[3], *staging;
static u8 out[1 << 16];
static u32 out_len, last_len; /* last_len: the last answer's */
static u8 seq;

/* zone.c's waits for vCPUs to go off end at once: a stop request is
 * taken as it is posted. */
void vcpu_kick(struct vcpu *v, u32 requests)
{
	if (requests & VCPU_REQ_STOP)
		v->state = VCPU_OFF;
}

/* The port's Linux hand-off (zv/arch.h): none unless a test sets one. */
static struct arch_linux_handoff handoff;

void arch_linux_handoff(const struct zone *z, struct arch_linux_handoff *h)
{
	*h = handoff;
}

static void tx(void *ctx, const u8 *d, u32 n)
{
	assert_true(out_len + n <= sizeof(out));
	memcpy(out + out_len, d, n);
	out_len += n;
}

static void zone_setup(u32 i, const char *name, u32 cpu, u64 gpa, u8 *mem)
{
	struct zv_zone_cfg *z = &cfg.zones[i];

	strcpy(z->name, name);
	z->id = i;
	z->nr_cpus = 1, z->cpus[0] = cpu;
	z->nr_ram = 1;
	z->ram[0] = (struct zv_region){gpa, (u64)(uintptr_t)mem, RAM_SIZE};
	z->entry = gpa;
	z->image[ZV_IMG_KERNEL] =
	    (struct zv_image){gpa, (u64)(uintptr_t)staging + i * KERNEL_SIZE, KERNEL_SIZE};
}

static int setup(void **state)
{
	for (int i = 0; i < 3; i++)
		ram[i] = aligned_alloc(64, RAM_SIZE);
	staging = malloc(3 * KERNEL_SIZE);
	memset(staging, 0x5a, 3 * KERNEL_SIZE);
	memset(&cfg, 0, sizeof(cfg));
	memset(zones, 0, sizeof(zones));
	memset(vcpus, 0, sizeof(vcpus));
	memset(&handoff, 0, sizeof(handoff));
	cfg.nr_zones = 3;
	zone_setup(0, "linux", 0, ROOT_GPA, ram[0]);
	zone_setup(1, "bare", 1, BARE_GPA, ram[1]);
	zone_setup(2, "other", 2, 0x90000000ULL, ram[2]);
	cfg.zones[0].flags = ZV_ZONE_ROOT;
	cfg.zones[0].manages = 1u << 1;
	nr_zones = 3;
	for (u32 i = 0; i < 3; i++)
		assert_int_equal(zone_init(&zones[i], i, &cfg.zones[i], vcpus), 0);
	zone_start_all();
	mgmt_init(&zones[0], tx, NULL);
	out_len = 0;
	return 0;
}

static int teardown(void **state)
{
	for (int i = 0; i < 3; i++)
		free(ram[i]);
	free(staging);
	return 0;
}

static void send_frame(u8 op, const void *payload, u32 len)
{
	u8 hdr[MGMT_HDR_SIZE] = {'Z', 'V', op, ++seq};

	mgmt_put32(hdr + 4, len);
	mgmt_rx(hdr, sizeof(hdr));
	if (len)
		mgmt_rx(payload, len);
}

/* The one answer in out: its status (and payload through data/len). */
static u32 answer(const u8 **data, u32 *len)
{
	u32 n;

	assert_true(out_len >= MGMT_HDR_SIZE + 4);
	assert_int_equal(out[0], 'Z');
	assert_int_equal(out[1], 'V');
	n = mgmt_get32(out + 4);
	assert_int_equal(out_len, MGMT_HDR_SIZE + n);
	if (data)
		*data = out + 12;
	if (len)
		*len = n - 4;
	last_len = out_len;
	out_len = 0;
	return mgmt_get32(out + 8);
}

static u32 request(u8 op, const void *payload, u32 len)
{
	u32 status;

	send_frame(op, payload, len);
	assert_int_equal(out[2], op | MGMT_ANSWER);
	assert_int_equal(out[3], seq);
	status = answer(NULL, NULL);
	return status;
}

static u32 zone_req(u8 op, const char *name)
{
	struct mgmt_zone_ref r = {0};

	strncpy(r.name, name, sizeof(r.name));
	return request(op, &r, sizeof(r));
}

static bool answer_says(const char *text)
{
	return memmem(out + 12, last_len - 12, text, strlen(text)) != NULL;
}

static void test_hello_list(void **state)
{
	const u8 *d;
	u32 len;

	send_frame(MGMT_OP_HELLO, NULL, 0);
	assert_int_equal(answer(&d, &len), MGMT_OK);
	assert_int_equal(len, 8);
	assert_int_equal(mgmt_get32(d), MGMT_VERSION);
	send_frame(MGMT_OP_LIST, NULL, 0);
	assert_int_equal(answer(&d, &len), MGMT_OK);
	assert_int_equal(mgmt_get32(d), 3);
	assert_int_equal(len, 4 + 3 * sizeof(struct mgmt_zone_info));
	d += 4;
	assert_string_equal((const char *)d, "linux");
	assert_int_equal(mgmt_get32(d + 36), MGMT_ZF_ROOT);
	assert_int_equal(mgmt_get32(d + 28), MGMT_ZONE_RUNNING);
	d += sizeof(struct mgmt_zone_info);
	assert_string_equal((const char *)d, "bare");
	assert_int_equal(mgmt_get32(d + 36), MGMT_ZF_MANAGED);
	assert_int_equal(mgmt_get64(d + 40), RAM_SIZE);
	assert_int_equal(mgmt_get64(d + 48), 1); /* boots */
	assert_int_equal(request(MGMT_OP_LIST, "x", 1), MGMT_EINVAL);
}

static void test_framing(void **state)
{
	u8 junk[] = "hello\nZZ";
	u8 big[MGMT_HDR_SIZE] = {'Z', 'V', MGMT_OP_LIST, 9};
	u8 hello[MGMT_HDR_SIZE] = {'Z', 'V', MGMT_OP_HELLO, 3, 0, 0, 0, 0};

	mgmt_rx(junk, sizeof(junk) - 1); /* one error for the run of junk */
	assert_int_equal(answer(NULL, NULL), MGMT_EPROTO);
	mgmt_rx(hello + 1, sizeof(hello) - 1); /* "ZZ" + "V..." is a frame */
	assert_int_equal(out[3], 3);
	assert_int_equal(answer(NULL, NULL), MGMT_OK);
	mgmt_put32(big + 4, MGMT_MAX_PAYLOAD + 1);
	mgmt_rx(big, sizeof(big));
	assert_int_equal(out[2], MGMT_OP_LIST | MGMT_ANSWER);
	assert_int_equal(out[3], 9);
	assert_int_equal(answer(NULL, NULL), MGMT_ETOOBIG);
	for (u32 i = 0; i < sizeof(hello); i++) /* a byte at a time */
		mgmt_rx(hello + i, 1);
	assert_int_equal(answer(NULL, NULL), MGMT_OK);
	assert_int_equal(request(0, NULL, 0), MGMT_EPROTO);
	assert_int_equal(request(200, NULL, 0), MGMT_EPROTO);
	/* a partial frame is dropped when the port is reopened */
	mgmt_rx(hello, 5);
	mgmt_reset();
	mgmt_rx(hello, sizeof(hello));
	assert_int_equal(answer(NULL, NULL), MGMT_OK);
}

static void test_refusals(void **state)
{
	struct mgmt_zone_ref r;

	assert_int_equal(zone_req(MGMT_OP_STOP, "linux"), MGMT_EPERM);
	assert_true(answer_says("zone 'linux' is the root: it cannot act on itself"));
	assert_int_equal(zone_req(MGMT_OP_STOP, "other"), MGMT_EPERM);
	assert_int_equal(zones[2].state, ZONE_RUNNING);
	assert_int_equal(zone_req(MGMT_OP_STOP, "nope"), MGMT_ENOZONE);
	assert_true(answer_says("no zone named 'nope'"));
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_ESTATE); /* running */
	assert_int_equal(zone_req(MGMT_OP_STOP, ""), MGMT_EINVAL);
	assert_int_equal(zone_req(MGMT_OP_STOP, "\033[2J"), MGMT_EINVAL); /* no escapes echoed */
	memset(&r, 'b', sizeof(r));					  /* not terminated */
	assert_int_equal(request(MGMT_OP_STOP, &r, sizeof(r)), MGMT_EINVAL);
	assert_int_equal(request(MGMT_OP_STOP, "bare", 5), MGMT_EINVAL); /* short */
	assert_int_equal(zone_req(MGMT_OP_STATS, "linux"), MGMT_OK);	 /* reading is fine */
	assert_int_equal(zone_req(MGMT_OP_CONSOLE, "bare"), MGMT_ENODEV);
	mgmt_init(NULL, tx, NULL); /* no root: nothing at all */
	assert_int_equal(zone_req(MGMT_OP_STATS, "bare"), MGMT_EPERM);
	assert_int_equal(request(MGMT_OP_LIST, NULL, 0), MGMT_EPERM);
}

static void test_stop_scrubs(void **state)
{
	memset(ram[1], 0xaa, RAM_SIZE);
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	assert_int_equal(zones[1].state, ZONE_STOPPED);
	assert_int_equal(vcpus[1].state, VCPU_OFF);
	for (u64 i = 0; i < RAM_SIZE; i++)
		assert_int_equal(ram[1][i], 0);
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_ESTATE);
	assert_int_equal(zone_req(MGMT_OP_RESTART, "bare"), MGMT_ESTATE);
	/* start: the configured image is copied in again */
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_OK);
	assert_int_equal(zones[1].state, ZONE_RUNNING);
	assert_int_equal(zones[1].boots, 2);
	assert_int_equal(ram[1][0], 0x5a);
	assert_int_equal(vcpus[1].state, VCPU_STARTING);
	assert_int_equal(vcpus[1].start_entry, BARE_GPA);
	vcpus[1].state = VCPU_RUNNING;
	memset(ram[1] + KERNEL_SIZE, 0xaa, 16);
	assert_int_equal(zone_req(MGMT_OP_RESTART, "bare"), MGMT_OK);
	assert_int_equal(zones[1].boots, 3);
	assert_int_equal(ram[1][KERNEL_SIZE], 0);
}

/* The zone's own restart won the race against the root's stop: the stop
 * is refused and the zone's memory left alone. Simulated through the
 * zone_stop() it loses: the state changes between the check and the stop. */
static void test_stop_loses_race(void **state)
{
	memset(ram[1], 0xaa, RAM_SIZE);
	zones[1].state = ZONE_RESTARTING; /* its vCPU is restarting it */
	assert_false(zone_stop(&zones[1], "by the root"));
	assert_int_equal(zones[1].state, ZONE_RESTARTING);
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_ESTATE);
	assert_int_equal(ram[1][0], 0xaa);
	zones[1].state = ZONE_RUNNING;
	assert_true(zone_stop(&zones[1], "by the root"));
}

static void begin(struct mgmt_load_begin *b, u64 entry, u64 kgpa, u64 ksize)
{
	memset(b, 0, sizeof(*b));
	strcpy(b->name, "bare");
	b->entry = entry;
	b->image[0] = (struct mgmt_image){kgpa, ksize};
}

static void chunk(u32 img, u64 off, const void *data, u32 n)
{
	u8 buf[sizeof(struct mgmt_load_data) + MGMT_CHUNK];

	memset(buf, 0, sizeof(struct mgmt_load_data));
	mgmt_put32(buf, img);
	mgmt_put64(buf + 8, off);
	memcpy(buf + sizeof(struct mgmt_load_data), data, n);
	send_frame(MGMT_OP_LOAD_DATA, buf, sizeof(struct mgmt_load_data) + n);
	assert_int_equal(out_len, 0); /* data is never answered */
}

static void test_load_checks(void **state)
{
	struct mgmt_load_begin b;

	begin(&b, BARE_GPA, BARE_GPA, 0x100);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ESTATE); /* running */
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	begin(&b, BARE_GPA, BARE_GPA, RAM_SIZE + 0x1000);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	assert_true(answer_says("kernel: image at 0x88000000 (0x5000 bytes) does not fit"));
	begin(&b, BARE_GPA, BARE_GPA - 0x1000, 0x2000); /* straddles the base */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	begin(&b, BARE_GPA, ~0ULL - 0x10, 0x100); /* wraps */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	begin(&b, BARE_GPA + RAM_SIZE - 2, BARE_GPA, 0x100); /* entry's 4 bytes out */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	begin(&b, BARE_GPA, BARE_GPA, 0);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	begin(&b, BARE_GPA, BARE_GPA, 0x100);
	b.image[2] = (struct mgmt_image){BARE_GPA + 0x80, 0x100}; /* overlaps the kernel */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	b.image[2] = (struct mgmt_image){BARE_GPA + 0x1000, 0}; /* empty with an address */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	/* --generate-dtb: bare's description has no tree to use */
	b.image[2] = (struct mgmt_image){MGMT_ADDR_CONFIGURED, MGMT_SIZE_GENERATED};
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	assert_true(answer_says("dtb: zone 'bare' has no configured device tree to use"));
	b.image[2] = (struct mgmt_image){BARE_GPA + 0x1000, 0};
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b) - 1), MGMT_EINVAL);
	strcpy(b.name, "other");
	b.image[2].gpa = 0;
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_EPERM);
	strcpy(b.name, "linux");
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_EPERM);
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_ESEQ); /* none under way */
}

/* --generate-dtb: the zone's configured tree goes in at the load's end
 * with the loaded initrd's range; without an initrd, with none. */
static void test_load_gen_dtb(void **state)
{
	static u8 tree[512];
	struct mgmt_load_begin b;
	u8 img[0x100] = {1}, rd[0x10] = {2};
	const u8 *v;
	int len;

	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	assert_int_equal(fdt_begin_node(tree, "chosen"), 0);
	assert_int_equal(fdt_property_u64(tree, "linux,initrd-start", 0x1000), 0);
	assert_int_equal(fdt_property_u64(tree, "linux,initrd-end", 0x2000), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
	cfg.zones[1].image[ZV_IMG_DTB] =
	    (struct zv_image){BARE_GPA + 0x3000, (u64)(uintptr_t)tree, fdt_totalsize(tree)};
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	begin(&b, BARE_GPA, BARE_GPA, sizeof(img));
	b.image[1] = (struct mgmt_image){BARE_GPA + 0x2000, sizeof(rd)};
	b.image[2] = (struct mgmt_image){MGMT_ADDR_CONFIGURED, MGMT_SIZE_GENERATED};
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0, img, sizeof(img));
	chunk(1, 0, rd, sizeof(rd));
	chunk(2, 0, img, 0x10); /* the hypervisor writes the tree: no data */
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_EINVAL);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0, img, sizeof(img));
	chunk(1, 0, rd, sizeof(rd));
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_OK);
	v = fdt_getprop(ram[1] + 0x3000, fdt_path_offset(ram[1] + 0x3000, "/chosen"),
			"linux,initrd-end", &len);
	assert_int_equal(len, 8);
	assert_int_equal(
	    ((u64)fdt32_ld((const fdt32_t *)v) << 32 | fdt32_ld((const fdt32_t *)(v + 4))),
	    BARE_GPA + 0x2000 + sizeof(rd));
	b.image[1] = (struct mgmt_image){0, 0}; /* no initrd: no range */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0, img, sizeof(img));
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_OK);
	assert_null(fdt_getprop(ram[1] + 0x3000, fdt_path_offset(ram[1] + 0x3000, "/chosen"),
				"linux,initrd-start", &len));
	assert_int_equal(fdt_check_full(ram[1] + 0x3000, fdt_totalsize(tree)), 0);
	assert_int_equal(memcmp(tree, ram[1] + 0x3000, 8), 0); /* the pristine copy's header */
}

/* A port with a Linux hand-off beside the tree (LoongArch's EFI tables):
 * no image may overlap what it writes; it, not the tree, names the
 * initrd, so --generate-dtb takes an initrd into a tree without a range;
 * and it names the loaded initrd for the loaded boot only. */
static void test_load_handoff(void **state)
{
	static u8 tree[256];
	struct mgmt_load_begin b;
	u8 img[0x100] = {1}, rd[0x10] = {2};

	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
	cfg.zones[1].image[ZV_IMG_DTB] =
	    (struct zv_image){BARE_GPA + 0x3000, (u64)(uintptr_t)tree, fdt_totalsize(tree)};
	cfg.zones[1].image[ZV_IMG_INITRD] =
	    (struct zv_image){BARE_GPA + 0x2800, (u64)(uintptr_t)staging, 0x10};
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	handoff = (struct arch_linux_handoff){BARE_GPA, 0x400, false};
	begin(&b, BARE_GPA + 0x1000, BARE_GPA + 0x1000, sizeof(img));
	b.image[1] = (struct mgmt_image){BARE_GPA + 0x3f0, sizeof(rd)}; /* its last bytes */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	assert_true(answer_says("initrd: overlaps the boot hand-off the hypervisor writes into "
				"zone 'bare' (0x88000000-0x880003ff)"));
	b.image[1] = (struct mgmt_image){BARE_GPA + 0x2000, sizeof(rd)};
	b.image[2] = (struct mgmt_image){MGMT_ADDR_CONFIGURED, MGMT_SIZE_GENERATED};
	/* the tree has no range, and the hand-off does not name the initrd */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_ERANGE);
	assert_true(answer_says("has no initrd range to set"));
	handoff.initrd = true;
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0, img, sizeof(img));
	chunk(1, 0, rd, sizeof(rd));
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_OK);
	assert_memory_equal(ram[1] + 0x3000, tree, fdt_totalsize(tree));
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_OK);
	assert_int_equal(zones[1].boot_initrd.gpa, BARE_GPA + 0x2000);
	assert_int_equal(zones[1].boot_initrd.size, sizeof(rd));
	/* the next start boots the configured images: their initrd */
	vcpus[1].state = VCPU_RUNNING;
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_OK);
	assert_int_equal(zones[1].boot_initrd.gpa, BARE_GPA + 0x2800);
	assert_int_equal(zones[1].boot_initrd.size, 0x10);
}

static void test_load_start(void **state)
{
	struct mgmt_load_begin b;
	u8 img[0x300];
	const u8 *d;

	for (u32 i = 0; i < sizeof(img); i++)
		img[i] = (u8)(i * 7 + 1);
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	memset(ram[1], 0xaa, RAM_SIZE); /* the load scrubs first */
	begin(&b, BARE_GPA + 0x1004, BARE_GPA + 0x1000, sizeof(img));
	b.image[2] = (struct mgmt_image){BARE_GPA + 0x3000, 0x10};
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	assert_int_equal(ram[1][0], 0);
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_ESTATE); /* under way */
	chunk(0, 0, img, 0x100);
	chunk(0, 0x100, img + 0x100, 0x200);
	chunk(2, 0, img, 0x10);
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_OK);
	assert_memory_equal(ram[1] + 0x1000, img, sizeof(img));
	assert_memory_equal(ram[1] + 0x3000, img, 0x10);
	send_frame(MGMT_OP_LIST, NULL, 0);
	assert_int_equal(answer(&d, NULL), MGMT_OK);
	assert_int_equal(mgmt_get32(d + 4 + sizeof(struct mgmt_zone_info) + 36),
			 MGMT_ZF_MANAGED | MGMT_ZF_LOADED);
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_OK);
	assert_memory_equal(ram[1] + 0x1000, img, sizeof(img)); /* not scrubbed */
	assert_int_equal(ram[1][0], 0);				/* nor configured image */
	assert_int_equal(vcpus[1].start_entry, BARE_GPA + 0x1004);
	assert_int_equal(vcpus[1].start_arg, BARE_GPA + 0x3000);
	/* a second start boots the configured image: the load ran once */
	vcpus[1].state = VCPU_RUNNING;
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	assert_int_equal(ram[1][0x1000], 0);
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_OK);
	assert_int_equal(ram[1][0], 0x5a);
	assert_int_equal(vcpus[1].start_entry, BARE_GPA);
}

static void test_load_stream_errors(void **state)
{
	struct mgmt_load_begin b;
	u8 img[0x200] = {1};

	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	begin(&b, BARE_GPA, BARE_GPA, 0x100);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0x80, img, 0x80); /* out of order: kept for the end */
	chunk(0, 0, img, 0x100);   /* dropped after the error */
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_ESEQ);
	assert_int_equal(ram[1][0], 0);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0, img, 0x200); /* beyond the image */
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_ERANGE);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(1, 0, img, 0x10); /* an image not announced */
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_EINVAL);
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0, img, 0x80); /* short */
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_ESEQ);
	/* a stop drops a load under way */
	assert_int_equal(request(MGMT_OP_LOAD_BEGIN, &b, sizeof(b)), MGMT_OK);
	chunk(0, 0, img, 0x100);
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_ESTATE);
	mgmt_reset(); /* the port closed */
	assert_int_equal(zone_req(MGMT_OP_LOAD_END, "bare"), MGMT_ESEQ);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hello_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_framing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stop_scrubs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stop_loses_race, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_start, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_gen_dtb, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_handoff, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_stream_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
