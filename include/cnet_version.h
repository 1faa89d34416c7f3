/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The one version of this project: cveth's and cbr's MODULE_VERSION and
 * `ethtool -i`, `cnet --version`, dkms.conf (filled in by `make dkms`).
 */
#ifndef _CNET_VERSION_H
#define _CNET_VERSION_H

#define CNET_VERSION "0.1.0"

#endif /* _CNET_VERSION_H */
