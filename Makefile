# SPDX-License-Identifier: GPL-2.0
#
# cveth & cbr: modules, iproute2 plugins, the cnet tool and the selftests.
#
#   make                      modules for KDIR + all userspace parts
#   make KDIR=/lib/modules/<v>/build
#   make check [KERNELS="<v> ..."] [T=<test>]   the suite in QEMU, per kernel
#                             (default: Debian's 6.1 and 6.12, and debug)
#   make check QUICK=1        Debian's 6.12 only, for development
#   make demo [KERNEL=<v>]    the README's demo: cnet lab in a guest
#   make lint                 checkpatch --strict, sparse (C=1), W=1
#   make bench [KERNEL=<v>]   cveth/cbr against veth/bridge/lo, one boot
#   make deps                 install what the project needs (apt-get)
#   make install [DESTDIR=]   modules, iproute2 plugins, cnet, docs
#   make uninstall            removes exactly what install put there
#   make dkms                 register with DKMS, build for every kernel

# The running kernel's build dir if it has one, else the newest installed.
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	  if [ -d $$d ]; then echo $$d; else \
	  ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1; fi)

CC ?= cc
CFLAGS ?= -O2 -g
USER_CFLAGS = $(CFLAGS) -Wall -Wextra -Wno-unused-parameter -I$(CURDIR)/include/uapi

IP_PLUGINS := $(patsubst %.c,%.so,$(wildcard tools/iproute2/link_*.c))
CNET_SRCS := $(wildcard tools/cnet/*.c)
CNET := $(if $(CNET_SRCS),tools/cnet/cnet)

KVER ?= $(notdir $(patsubst %/build,%,$(KDIR)))
VERSION := $(shell sed -n 's/^\#define CNET_VERSION "\(.*\)"/\1/p' include/cnet_version.h)

# Where Debian's iproute2 looks for link_<kind>.so. (Not IP_LIB_DIR: ip
# itself reads that from the environment, and the tests set it.)
IP_PLUGIN_DIR ?= /usr/lib/$(shell gcc -print-multiarch 2>/dev/null || echo .)/ip
PREFIX ?= /usr/local
MOD_DIR = $(DESTDIR)/lib/modules/$(KVER)/updates
DOC_DIR = $(DESTDIR)$(PREFIX)/share/doc/cveth-cbr
MODULES := drivers/cveth/cveth.ko drivers/cbr/cbr.ko
DOCS := README.md $(wildcard Documentation/*.rst)
# Kernels `make dkms` builds for: every installed kernel with headers.
DKMS_KERNELS ?= $(notdir $(patsubst %/build,%,$(wildcard /lib/modules/*/build)))
# DKMS_ROOT=DIR keeps DKMS's source and build trees in DIR instead of
# /usr/src and /var/lib/dkms (the tests build there, then install in the
# guest); DKMS_ACTION=build stops before installing.
DKMS_ROOT ?=
DKMS_ACTION ?= install
DKMS_OPTS = $(if $(DKMS_ROOT),--dkmstree $(DKMS_ROOT)/tree --sourcetree $(DKMS_ROOT)/src)
DKMS_SRC = $(if $(DKMS_ROOT),$(DKMS_ROOT)/src,$(DESTDIR)/usr/src)/cveth-cbr-$(VERSION)

.PHONY: all modules userspace selftests check deps lint bench demo install install-modules install-userspace uninstall dkms dkms-remove clean help

all: modules userspace

modules:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "No kernel build directory (KDIR='$(KDIR)'): run 'make deps' or set KDIR=/lib/modules/<version>/build" >&2; \
		exit 1; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# The packet blaster of `make bench`, which the stress tests use too.
UDPBLAST := build/bench/udpblast

# Plugins, cnet and the packet blaster: no kernel source needed. The
# selftests (their harness comes from linux-source) are built apart.
userspace: $(IP_PLUGINS) $(CNET) $(UDPBLAST)

$(UDPBLAST): tools/bench/udpblast.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

tools/iproute2/link_%.so: tools/iproute2/link_%.c tools/iproute2/iplink_plugin.h $(wildcard include/uapi/linux/*.h)
	$(CC) $(USER_CFLAGS) -fPIC -shared -o $@ $<

tools/cnet/cnet: $(CNET_SRCS) $(wildcard tools/cnet/*.h) $(wildcard include/uapi/linux/*.h)
	$(CC) $(USER_CFLAGS) -o $@ $(CNET_SRCS) -lmnl

selftests:
	$(MAKE) -C selftests

check:
	KERNELS="$(KERNELS)" T="$(T)" QUICK="$(QUICK)" tools/vm/check.sh

deps:
	tools/deps.sh

lint:
	tools/lint.sh

demo:
	KERNEL="$(KERNEL)" tools/vm/demo.sh

bench:
	KERNEL="$(KERNEL)" ROUNDS="$(ROUNDS)" tools/bench/run.sh

# Modules into /lib/modules/$(KVER)/updates, plugins where ip looks,
# cnet into $(PREFIX)/sbin, the docs. depmod only for a real install.
install: all install-modules install-userspace

install-modules: modules
	install -d $(MOD_DIR)
	install -m 0644 $(MODULES) $(MOD_DIR)/
	$(if $(DESTDIR),,depmod -a $(KVER))

install-userspace: userspace
	install -d $(DESTDIR)$(IP_PLUGIN_DIR) $(DOC_DIR)
	install -m 0644 $(IP_PLUGINS) $(DESTDIR)$(IP_PLUGIN_DIR)/
	$(if $(CNET),install -D -m 0755 $(CNET) $(DESTDIR)$(PREFIX)/sbin/cnet)
	install -m 0644 $(DOCS) $(DOC_DIR)/

# Exactly what install put there, nothing else.
uninstall:
	rm -f $(addprefix $(MOD_DIR)/,$(notdir $(MODULES)))
	$(if $(DESTDIR),,depmod -a $(KVER))
	rm -f $(addprefix $(DESTDIR)$(IP_PLUGIN_DIR)/,$(notdir $(IP_PLUGINS)))
	rm -f $(DESTDIR)$(PREFIX)/sbin/cnet
	rm -f $(addprefix $(DOC_DIR)/,$(notdir $(DOCS)))
	-rmdir $(DOC_DIR) 2>/dev/null

# Register the kernel sources with DKMS, build and install for
# $(DKMS_KERNELS); they rebuild by themselves on kernel upgrades.
dkms:
	@command -v dkms >/dev/null || { echo "dkms is not installed: apt-get install dkms" >&2; exit 1; }
	-dkms remove cveth-cbr/$(VERSION) --all $(DKMS_OPTS) >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC) $(if $(DKMS_ROOT),$(DKMS_ROOT)/tree)
	cp -a Kbuild include $(DKMS_SRC)/
	for d in drivers/*/; do install -d $(DKMS_SRC)/$$d; \
		cp -a $$d*.[ch] $$d/Kbuild $(DKMS_SRC)/$$d; done
	sed 's/@VERSION@/$(VERSION)/' dkms.conf >$(DKMS_SRC)/dkms.conf
	dkms add cveth-cbr/$(VERSION) $(DKMS_OPTS)
	for k in $(DKMS_KERNELS); do \
		dkms $(DKMS_ACTION) cveth-cbr/$(VERSION) -k $$k $(DKMS_OPTS) || exit 1; done

dkms-remove:
	-dkms remove cveth-cbr/$(VERSION) --all $(DKMS_OPTS)
	rm -rf $(DKMS_SRC)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f $(IP_PLUGINS) $(CNET)
	$(MAKE) -C selftests clean
	rm -rf build

help:
	@sed -n '3,15p' Makefile
