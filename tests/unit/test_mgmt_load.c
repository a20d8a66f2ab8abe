/* SPDX-License-Identifier: MIT */
/*
 * Loading a managed zone through the management service: zvcfg's image
 * checks on a load, a generated device tree, the port's Linux hand-off,
 * start of the loaded image or the configured one, and the errors of the
 * image stream. Answers are read back as zvctl reads them.
 */
#include "mgmt_fixture.h"

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
	    cmocka_unit_test_setup_teardown(test_load_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_start, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_gen_dtb, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_handoff, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_stream_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
