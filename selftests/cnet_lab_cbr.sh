#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cnet_lab.sh on cveth + cbr: skips when the modules do not load.
exec "$(dirname "$0")/cnet_lab.sh" cveth cbr
