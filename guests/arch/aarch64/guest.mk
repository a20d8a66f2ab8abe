GUEST_TARGET := aarch64-unknown-none
GUEST_ARCH_CFLAGS := -mgeneral-regs-only
GUEST_BASE := 0x48000000
