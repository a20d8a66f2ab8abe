# aarch64 with the virtualization extensions, non-VHE EL2, GICv3.
TARGET := aarch64-unknown-none
PLATFORM ?= qemu-aarch64-virt
ARCH_CFLAGS := -mgeneral-regs-only -mcmodel=small
ARCH_SRCS := $(wildcard src/arch/aarch64/*.c src/arch/aarch64/*.S)
LDFLAGS += --defsym=zv_board=zv_board_$(subst -,_,$(PLATFORM))
PLATFORM_SRCS := src/drivers/pl011.c
QEMU := qemu-system-aarch64
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -cpu max -smp 4 -m 2G -nographic
