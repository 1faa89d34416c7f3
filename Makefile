# SPDX-License-Identifier: GPL-2.0
#
# cveth & cbr: modules, iproute2 plugins, the cnet tool and the selftests.
#
#   make                      modules for KDIR + all userspace parts
#   make KDIR=/lib/modules/<v>/build
#   make check [KERNELS="<v> ..."] [T=<test>]   the suite in QEMU, per kernel
#   make lint                 checkpatch --strict, sparse (C=1), W=1
#   make deps                 install what the project needs (apt-get)
#   make install              modules + iproute2 plugins + cnet

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

IP_LIB_DIR ?= $(shell pkg-config --variable=libdir libmnl 2>/dev/null || echo /usr/lib/x86_64-linux-gnu)/ip
PREFIX ?= /usr/local

.PHONY: all modules userspace selftests check deps lint install clean help

all: modules userspace

modules:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "No kernel build directory (KDIR='$(KDIR)'): run 'make deps' or set KDIR=/lib/modules/<version>/build" >&2; \
		exit 1; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userspace: $(IP_PLUGINS) $(CNET) selftests

tools/iproute2/link_%.so: tools/iproute2/link_%.c tools/iproute2/iplink_plugin.h $(wildcard include/uapi/linux/*.h)
	$(CC) $(USER_CFLAGS) -fPIC -shared -o $@ $<

tools/cnet/cnet: $(CNET_SRCS) $(wildcard tools/cnet/*.h) $(wildcard include/uapi/linux/*.h)
	$(CC) $(USER_CFLAGS) -o $@ $(CNET_SRCS) -lmnl

selftests:
	$(MAKE) -C selftests

check:
	KERNELS="$(KERNELS)" T="$(T)" tools/vm/check.sh

deps:
	tools/deps.sh

lint:
	tools/lint.sh

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(notdir $(patsubst %/build,%,$(KDIR)))
	install -d $(DESTDIR)$(IP_LIB_DIR)
	for p in $(IP_PLUGINS); do install -m 0644 $$p $(DESTDIR)$(IP_LIB_DIR)/; done
	$(if $(CNET),install -D -m 0755 $(CNET) $(DESTDIR)$(PREFIX)/sbin/cnet)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f $(IP_PLUGINS) $(CNET)
	$(MAKE) -C selftests clean
	rm -rf build

help:
	@sed -n '3,11p' Makefile
