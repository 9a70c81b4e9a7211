# Liangshan — one non-recursive GNU Makefile (docs/ARCHITECTURE.md describes the tree).
#   make            install missing Debian packages, build build/release/liangshan
#   make demo       ... then generate the small demo county, its register and GEP account
#                   (make demo-data), and serve the API and web UI on 127.0.0.1:8080 (README
#                   command 1)
#   make test       build and run every test (README command 2); BUILD=asan for ASan+UBSan
#   make check      static checks: cppcheck, scripts/checksrc.sh (banned calls),
#                   scripts/include_graph.py (layers, cycles, internal headers), clang-format
#   make bench      benchmarks (bench/run.sh)
#   make deps       install the missing Debian packages (scripts/deps.sh), as `make` does
BUILD    ?= release
OUT      := build/$(BUILD)
PKGS     := gdal geos proj sqlite3 libpq jansson libcrypto xlsxwriter libmicrohttpd libcurl zlib \
            cairo pangocairo
TEST_PKGS := cmocka
VERSION  := $(shell cat VERSION)

CC       ?= cc
CSTD     := -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wundef -Wvla \
            -Wwrite-strings -Wimplicit-fallthrough -Wdate-time \
            -Werror=implicit-function-declaration -Werror=incompatible-pointer-types \
            -Werror=int-conversion -Werror=return-type -Werror=format-security \

# gcc only: messages and labels are cut to their fixed buffers on purpose (clang has no such
# warning and would reject the option).
ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null | head -1)),)
WARN     += -Wno-format-truncation
endif
ifeq ($(WERROR),1)
WARN     += -Werror
endif
# Dependency headers as system headers, so -Wconversion speaks only of our code.
DEP_CFLAGS := $(shell pkg-config --cflags-only-I $(PKGS) 2>/dev/null | sed 's/-I/-isystem /g') \
              $(shell pkg-config --cflags-only-other $(PKGS) 2>/dev/null)
DEP_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread
TEST_LIBS  := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

ifeq ($(BUILD),release)
OPT := -O2 -g -DNDEBUG
else ifeq ($(BUILD),debug)
OPT := -O0 -g3
else ifeq ($(BUILD),asan)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDOPT := -fsanitize=address,undefined
else
$(error BUILD must be release, debug or asan)
endif

CFLAGS_ALL := $(CSTD) $(WARN) $(OPT) -Isrc -DLS_VERSION='"$(VERSION)"' $(DEP_CFLAGS) \
              -ffile-prefix-map=$(CURDIR)=. -MMD -MP $(CFLAGS)
# The raster engine's per-cell loops are vectorized at -O3 (no fast-math: the same bits as at
# -O2); measured by bench/algebra_bench.
RASTER_OPT := $(if $(filter release,$(BUILD)),-O3)

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
# Terrain routing is written once over raster/elev's rs_elev: every file that includes
# raster/elev.h is compiled a second time, for Float64 DEMs (names suffixed _f64).
ELEV_SRC := $(shell grep -l '^\#include "raster/elev.h"' src/raster/*.c)
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))

GEN_SRC  := $(OUT)/gen/gep_methods.c $(OUT)/gen/zoning_rules.c $(OUT)/gen/zoning_landclasses.c \
            $(OUT)/gen/server_docs.c $(OUT)/gen/indicator_classes.c $(OUT)/gen/market_rules.c \
            $(OUT)/gen/valuation_schemes.c $(OUT)/gen/compensation_schemes.c \
            $(OUT)/gen/damage_schemes.c
LIB_OBJ  := $(LIB_SRC:%.c=$(OUT)/obj/%.o) $(ELEV_SRC:%.c=$(OUT)/obj/%_f64.o) \
            $(GEN_SRC:$(OUT)/gen/%.c=$(OUT)/obj/gen/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(OUT)/obj/%.o)
LIB      := $(OUT)/libliangshan.a
BIN      := $(OUT)/liangshan
TESTS    := $(TEST_SRC:tests/unit/%.c=$(OUT)/tests/%)
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(OUT)/tests/replay_%)
BENCHES  := $(BENCH_SRC:bench/%.c=$(OUT)/bench/%)
DEPS_OK  := build/deps.mk

.PHONY: all demo demo-data test check bench format format-check clean deps
all: $(BIN) $(OUT)/web/index.html

# The web UI (scripts/web.sh: npm ci of web/package-lock.json, then copies).
$(OUT)/web/index.html: $(wildcard web/src/* web/src/pages/*) web/package.json web/package-lock.json scripts/web.sh
	@scripts/web.sh $(OUT)

# Installing packages first: make builds this included file, then restarts and re-reads the
# pkg-config flags above with the packages present.
$(DEPS_OK): $(wildcard deps/*.txt) scripts/deps.sh
	@scripts/deps.sh
	@mkdir -p build && echo '# Debian packages checked by scripts/deps.sh' > $@
include $(DEPS_OK)

# Flags are a prerequisite so that changing them rebuilds (as Redis' persist-settings).
$(OUT)/flags: FORCE
	@mkdir -p $(OUT)
	@echo '$(CFLAGS_ALL) $(RASTER_OPT)' | cmp -s - $@ || echo '$(CFLAGS_ALL) $(RASTER_OPT)' > $@
FORCE:

$(OUT)/obj/%.o: %.c $(OUT)/flags
	@mkdir -p $(dir $@)
	@echo CC $<
	@$(CC) $(CFLAGS_ALL) $(if $(filter src/raster/%,$<),$(RASTER_OPT)) -c $< -o $@

$(OUT)/obj/%_f64.o: %.c $(OUT)/flags
	@mkdir -p $(dir $@)
	@echo CC $< '(Float64)'
	@$(CC) $(CFLAGS_ALL) $(RASTER_OPT) -DRS_ELEV_F64=1 -c $< -o $@

# Built-in GEP methods and zoning rule tables compiled in, so the binary needs no data directory.
GEP_METHODS := $(sort $(wildcard data/gep/methods/*.json))
ZONING_RULES := $(sort $(wildcard data/zoning/*.json))
$(OUT)/gen/gep_methods.c: $(GEP_METHODS) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh gep_builtin_methods $(GEP_METHODS) > $@.tmp && mv $@.tmp $@
$(OUT)/gen/zoning_rules.c: $(ZONING_RULES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh zoning_builtin_rules $(ZONING_RULES) > $@.tmp && mv $@.tmp $@
LANDCLASSES := $(sort $(wildcard data/landclass/*.json))
$(OUT)/gen/zoning_landclasses.c: $(LANDCLASSES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh zoning_builtin_landclasses $(LANDCLASSES) > $@.tmp && mv $@.tmp $@
INDICATOR_CLASSES := $(sort $(wildcard data/indicator/*.json))
$(OUT)/gen/indicator_classes.c: $(INDICATOR_CLASSES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh indicator_builtin_classes $(INDICATOR_CLASSES) > $@.tmp && mv $@.tmp $@
MARKET_RULES := $(sort $(wildcard data/market/*.json))
$(OUT)/gen/market_rules.c: $(MARKET_RULES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh market_builtin_rules $(MARKET_RULES) > $@.tmp && mv $@.tmp $@
VALUATION_SCHEMES := $(sort $(wildcard data/valuation/*.json))
$(OUT)/gen/valuation_schemes.c: $(VALUATION_SCHEMES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh valuation_builtin_schemes $(VALUATION_SCHEMES) > $@.tmp && mv $@.tmp $@
COMPENSATION_SCHEMES := $(sort $(wildcard data/compensation/*.json))
$(OUT)/gen/compensation_schemes.c: $(COMPENSATION_SCHEMES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh compensation_builtin_schemes $(COMPENSATION_SCHEMES) > $@.tmp && mv $@.tmp $@
DAMAGE_SCHEMES := $(sort $(wildcard data/damage/*.json))
$(OUT)/gen/damage_schemes.c: $(DAMAGE_SCHEMES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh damage_builtin_schemes $(DAMAGE_SCHEMES) > $@.tmp && mv $@.tmp $@
SERVER_DOCS := data/server/openapi.json
$(OUT)/gen/server_docs.c: $(SERVER_DOCS) scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh server_builtin_docs $(SERVER_DOCS) > $@.tmp && mv $@.tmp $@
$(OUT)/obj/gen/%.o: $(OUT)/gen/%.c $(OUT)/flags
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@echo AR $@
	@ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDOPT) -o $@ $(CLI_OBJ) $(LIB) $(DEP_LIBS)

$(OUT)/tests/%: tests/unit/%.c $(LIB) $(OUT)/flags
	@mkdir -p $(dir $@)
	@echo LD $@
	@$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(LIB) $(LDOPT) $(DEP_LIBS) $(TEST_LIBS)

$(OUT)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay_main.c $(LIB) $(OUT)/flags
	@mkdir -p $(dir $@)
	@echo LD $@
	@$(CC) $(CFLAGS_ALL) -o $@ $< tests/fuzz/replay_main.c $(LIB) $(LDOPT) $(DEP_LIBS)

$(OUT)/bench/%: bench/%.c $(wildcard bench/*.h) $(LIB) $(OUT)/flags
	@mkdir -p $(dir $@)
	@echo LD $@
	@$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB) $(LDOPT) $(DEP_LIBS)

# README command 1: the demo county, its register and GEP account, demo accounts, then the
# server with the web UI on http://$(LISTEN)/ until Ctrl-C.
LISTEN ?= 127.0.0.1:8080
demo-data: all
	$(BIN) demo --size small --seed 1 --out demo-county --force
	$(BIN) gep run demo-county/gep-account.json --out demo-county/gep-2023 --force
	$(BIN) gep attribute demo-county/gep-2023 --store demo-county/store.gpkg \
	    --out demo-county/gep-2023-units.csv --holders demo-county/gep-2023-holders.csv
	$(BIN) value units --store demo-county/store.gpkg --defaults demo-county/valuation/defaults.json \
	    --survey demo-county/county.gpkg --out demo-county/valuation/units --force
	@scripts/demo-sinks.sh $(BIN) demo-county
	@scripts/demo-market.sh $(BIN) demo-county
	@scripts/demo-bundle.sh $(BIN) demo-county
	@scripts/demo-contract.sh $(BIN) demo-county
	@scripts/demo-plan.sh $(BIN) demo-county
	@scripts/demo-compensation.sh $(BIN) demo-county
	@scripts/demo-damage.sh $(BIN) demo-county
	$(BIN) demo --province 4 --seed 1 --out demo-county/province --force > /dev/null
	@scripts/demo-province.sh $(BIN) demo-county/province demo-county/store.gpkg
	@scripts/demo-users.sh $(BIN) demo-county/store.gpkg
demo: demo-data
	$(BIN) serve --store demo-county/store.gpkg --data demo-county --web $(OUT)/web --listen $(LISTEN)

test: all $(TESTS) $(FUZZ_REPLAY)
	@BUILD=$(BUILD) tests/run.sh $(OUT)

# cppcheck's findings are errors; jansson's header is given so that its iteration macros
# (json_array_foreach) parse.
check: $(DEPS_OK)
	cppcheck -q --std=c11 -j2 --enable=warning,portability --inline-suppr --error-exitcode=1 \
	    -Isrc --suppress=missingIncludeSystem --include=/usr/include/jansson.h -D_DEFAULT_SOURCE src
	scripts/checksrc.sh
	scripts/include_graph.py
	$(MAKE) format-check

deps:
	@scripts/deps.sh

bench: $(BIN) $(BENCHES)
	@bench/run.sh $(OUT)

format:
	clang-format -i $(wildcard src/*/*.[ch] tests/*/*.[ch] bench/*.[ch])
format-check:
	@clang-format --dry-run -Werror $(wildcard src/*/*.[ch] tests/*/*.[ch] bench/*.[ch])

clean:
	rm -rf build

-include $(shell find $(OUT)/obj $(OUT)/tests -name '*.d' 2>/dev/null)

# Coverage-guided fuzzing with libFuzzer (clang): make fuzz [FUZZ_SECONDS=60]. Each target runs
# on its corpus in tests/fuzz/corpus/<name>/; new inputs go to build/fuzz/corpus-<name>/.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1 -Isrc \
               -DLS_VERSION='"$(VERSION)"' $(DEP_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined
.PHONY: fuzz
fuzz: $(GEN_SRC)
	@mkdir -p build/fuzz/f64
	@for s in $(ELEV_SRC); do \
	    clang $(FUZZ_CFLAGS) -DRS_ELEV_F64=1 -c $$s -o build/fuzz/f64/$$(basename $$s .c)_f64.o \
	        || exit 1; \
	done
	@for t in $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%); do \
	    echo "fuzz $$t for $(FUZZ_SECONDS) s"; \
	    clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o build/fuzz/fuzz_$$t \
	        tests/fuzz/fuzz_$$t.c $(LIB_SRC) $(GEN_SRC) build/fuzz/f64/*_f64.o $(DEP_LIBS) \
	        || exit 1; \
	    mkdir -p build/fuzz/corpus-$$t; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 \
	        -dict=tests/fuzz/$$t.dict build/fuzz/corpus-$$t tests/fuzz/corpus/$$t || exit 1; \
	done
