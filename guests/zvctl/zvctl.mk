# zvctl: the root zone's management tool, a static Linux program without
# libc (guests/zvctl/sys.c has its system calls), for each ISA:
# build/<arch>/zvctl. The initramfs rules put it at /bin/zvctl.
ZVCTL_TRIPLE_riscv64 := riscv64-linux-gnu
ZVCTL_TRIPLE_aarch64 := aarch64-linux-gnu
ZVCTL_TRIPLE_loongarch64 := loongarch64-linux-gnu
ZVCTL_SRCS := guests/zvctl/zvctl.c guests/zvctl/proto.c guests/zvctl/load.c \
	guests/zvctl/console.c guests/zvctl/sys.c guests/zvctl/counter.c
ZVCTL_HDRS := guests/zvctl/sys.h guests/zvctl/zvctl.h guests/zvctl/counter.h src/core/include/zv/mgmt_abi.h

.PHONY: zvctl
zvctl: build/$(ARCH)/zvctl

build/%/zvctl: $(ZVCTL_SRCS) $(ZVCTL_HDRS)
	@mkdir -p $(dir $@)
	$(call say,CC,$@)
	$(Q)$(CC) --target=$(ZVCTL_TRIPLE_$*) -std=c11 -O2 -ffreestanding -fno-builtin \
		-nostdlib -static -fno-pic -fno-stack-protector -Wall -Wextra -Werror \
		-Isrc/core/include -fuse-ld=lld -Wl,-e,_start $(ZVCTL_SRCS) -o $@
