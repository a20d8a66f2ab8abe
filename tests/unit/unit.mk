# Host unit tests: every tests/unit/test_<name>.c becomes a cmocka runner
# build/host/unit/test_<name>, linked with the sources in TEST_<name>_SRCS
# (arch-neutral core code compiled for the host with -DZV_HOST) and the
# libraries in TEST_<name>_LIBS.
# `make unit` builds and runs them all, then the zone-description suite.
UNIT_CFLAGS := -std=c11 -D_GNU_SOURCE -DZV_HOST -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Isrc/core/include
UNIT_LDLIBS := -lcmocka

HOST_BOARDS := src/platform/boards.c $(wildcard src/platform/*/board.c)
TEST_config_SRCS := src/core/config.c $(HOST_BOARDS)
TEST_guest_dt_SRCS := tools/zvcfg/guest_dt.c $(HOST_BOARDS)
TEST_guest_dt_LIBS := -lfdt

UNIT_TESTS := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst %,$(HOSTBUILD)/unit/test_%,$(UNIT_TESTS))

define unit_test_rule
$(HOSTBUILD)/unit/test_$(1): tests/unit/test_$(1).c $$(TEST_$(1)_SRCS)
	@mkdir -p $$(dir $$@)
	$$(HOSTCC) $$(UNIT_CFLAGS) $$^ $$(TEST_$(1)_LIBS) $$(UNIT_LDLIBS) -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test_rule,$(t))))

.PHONY: unit unit-c unit-configs
unit: unit-c unit-configs

unit-c: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

unit-configs: $(HOSTBUILD)/zvcfg
	tests/configs/run-bad-configs.sh $(HOSTBUILD)/zvcfg
