GUEST_TARGET := loongarch64-unknown-none
GUEST_ARCH_CFLAGS := -march=loongarch64 -mabi=lp64s -msoft-float -mno-lsx -mno-lasx \
	-mcmodel=normal
GUEST_BASE := 0x200000
