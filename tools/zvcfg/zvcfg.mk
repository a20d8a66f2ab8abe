# Host tools: zvcfg (zone description -> zones.bin) and the initramfs images.
# HOST_CFLAGS, HOST_BOARD_SRCS, CONFIG_CHECK_SRCS: tools/host.mk.
HOST_LDLIBS := -lfdt

# The guest DT generators (guest_dt.c and one guest_dt_<isa>.c per ISA) and
# the tool's parts; unit tests and fuzzers link these lists too.
GUEST_DT_SRCS := $(wildcard tools/zvcfg/guest_dt*.c)
ZVCFG_TOOL_SRCS := tools/zvcfg/zvcfg.c tools/zvcfg/parse.c tools/zvcfg/chan.c tools/zvcfg/stage.c \
	tools/zvcfg/output.c tools/zvcfg/zvcfg_virtio.c tools/zvcfg/mgmt_props.c $(GUEST_DT_SRCS)
ZVCFG_SRCS := $(ZVCFG_TOOL_SRCS) $(CONFIG_CHECK_SRCS) $(HOST_BOARD_SRCS)
ZVCFG_OBJS := $(patsubst %,$(HOSTBUILD)/%.o,$(ZVCFG_SRCS))

.PHONY: tools initramfs
tools: $(HOSTBUILD)/zvcfg

$(HOSTBUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -c $< -o $@

$(HOSTBUILD)/zvcfg: $(ZVCFG_OBJS)
	$(call say,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $^ $(HOST_LDLIBS) -o $@

-include $(ZVCFG_OBJS:.o=.d)

# initramfs with busybox for the Linux zones (build/<arch>/initramfs.cpio),
# with the modules tools/setup.sh extracted from the kernel package (virtio
# and ext4, loaded by /init in dependency order) when they are there, and
# the small ext2
# disk the virtio-blk configs name (build/<arch>/disk.ext2).
initramfs: build/$(ARCH)/initramfs.cpio build/$(ARCH)/disk.ext2

# $(ZV_CACHE)/<debian arch>/modules/order: the modules, dependencies first.
initramfs_modules = $(foreach m,$(shell cat $(ZV_CACHE)/$(1)/modules/order 2>/dev/null),\
	$(ZV_CACHE)/$(1)/modules/$(m).ko)
initramfs_module_args = $(foreach m,$(call initramfs_modules,$(1)),--module $(m))

build/riscv64/initramfs.cpio: $(ZV_CACHE)/riscv64/busybox tools/mkinitramfs $(call initramfs_modules,riscv64) build/riscv64/zvctl build/riscv64/guests/banner.bin guests/zvctl/zvsoak.sh
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $< $(call initramfs_module_args,riscv64) --file bin/zvctl=build/riscv64/zvctl \
		--file lib/banner.bin=build/riscv64/guests/banner.bin --file bin/zvsoak=guests/zvctl/zvsoak.sh

build/aarch64/initramfs.cpio: $(ZV_CACHE)/arm64/busybox tools/mkinitramfs $(call initramfs_modules,arm64) build/aarch64/zvctl build/aarch64/guests/banner.bin guests/zvctl/zvsoak.sh
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $< $(call initramfs_module_args,arm64) --file bin/zvctl=build/aarch64/zvctl \
		--file lib/banner.bin=build/aarch64/guests/banner.bin --file bin/zvsoak=guests/zvctl/zvsoak.sh

build/loongarch64/initramfs.cpio: $(ZV_CACHE)/loong64/busybox tools/mkinitramfs $(call initramfs_modules,loong64) build/loongarch64/zvctl build/loongarch64/guests/banner.bin guests/zvctl/zvsoak.sh
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $< $(call initramfs_module_args,loong64) --file bin/zvctl=build/loongarch64/zvctl \
		--file lib/banner.bin=build/loongarch64/guests/banner.bin --file bin/zvsoak=guests/zvctl/zvsoak.sh

# 8 MiB of ext2 made by e2fsprogs' mke2fs -d from a directory holding a
# README: what a zone's disk starts with at every boot of the machine.
MKE2FS := $(or $(shell command -v mke2fs),/sbin/mke2fs)
build/%/disk.ext2:
	@mkdir -p $(dir $@)
	$(call say,MKE2FS,$@)
	$(Q)rm -rf $@.d && mkdir -p $@.d && echo "zonevisor disk for $*" >$@.d/README
	$(Q)$(MKE2FS) -q -F -t ext2 -L zvdisk -d $@.d $@ 8M >/dev/null && rm -rf $@.d

# The Linux root of configs/<board>/manage-linux.dts: initramfs.cpio with an
# archive appended (the kernel unpacks both) holding what the root loads
# into its managed Linux zone with zvctl load --generate-dtb: the Debian
# kernel, gzipped (the root unpacks it into /tmp first: half the archive),
# and a busybox initramfs without modules for it (docs/management.md).
initramfs-manage: build/$(ARCH)/initramfs-manage.cpio
MANAGE_DEB_ARCH := $(or $(filter-out aarch64 loongarch64,$(ARCH)),$(if $(filter aarch64,$(ARCH)),arm64,loong64))
build/$(ARCH)/guest-Image.gz: $(ZV_CACHE)/$(MANAGE_DEB_ARCH)/Image
	@mkdir -p $(dir $@)
	$(call say,GZIP,$@)
	$(Q)gzip -6 -n -c $< >$@.tmp && mv $@.tmp $@
build/$(ARCH)/guest-initramfs.cpio: $(ZV_CACHE)/$(MANAGE_DEB_ARCH)/busybox tools/mkinitramfs
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $<
build/$(ARCH)/initramfs-manage.cpio: build/$(ARCH)/initramfs.cpio build/$(ARCH)/guest-Image.gz \
		build/$(ARCH)/guest-initramfs.cpio tools/mkinitramfs
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@.extra --files-only \
		--file lib/guest-Image.gz=build/$(ARCH)/guest-Image.gz \
		--file lib/guest-initramfs.cpio=build/$(ARCH)/guest-initramfs.cpio
	$(Q)cat build/$(ARCH)/initramfs.cpio $@.extra >$@ && rm -f $@.extra
