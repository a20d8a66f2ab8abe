# riscv64 with the H extension, HS-mode under OpenSBI.
TARGET := riscv64-unknown-none-elf
PLATFORM ?= qemu-riscv64-virt
ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax
ARCH_SRCS := $(wildcard src/arch/riscv64/*.c src/arch/riscv64/*.S)
LDFLAGS += --defsym=zv_board=zv_board_$(subst -,_,$(PLATFORM))
PLATFORM_SRCS := src/drivers/ns16550.c
QEMU := qemu-system-riscv64
QEMU_MACHINE := -M virt,aclint=on -smp 4 -m 2G -nographic -bios default
