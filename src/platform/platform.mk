# Board facts, stated once per board in src/platform/<board>/board.mk.
# make reads the board built for here (QEMU, QEMU_MACHINE in arch.mk, the
# hypervisor's link address); tools/boardinfo.py reads them for Python and
# writes them as C: build/gen/board_facts/<board>.h, which each board.h
# includes (<board_facts/...>, with -I$(BOARD_GEN) in every C build). All
# boards' headers are made: the host tools link every board.
include src/platform/$(PLATFORM)/board.mk

BOARD_GEN := build/gen
BOARD_FACTS_H := $(patsubst src/platform/%/board.mk,$(BOARD_GEN)/board_facts/%.h,\
	$(wildcard src/platform/*/board.mk))

$(BOARD_GEN)/board_facts/%.h: src/platform/%/board.mk tools/boardinfo.py
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)python3 tools/boardinfo.py header $* > $@.tmp && mv $@.tmp $@
