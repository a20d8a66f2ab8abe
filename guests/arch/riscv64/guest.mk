GUEST_TARGET := riscv64-unknown-none-elf
GUEST_ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax
GUEST_BASE := 0x88000000
