#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# xdp_pass.py PATH: load the smallest XDP program there is ("return
# XDP_PASS") with the bpf() system call and pin it at PATH, on a bpf
# file system, for `ip link set dev DEV xdpgeneric pinned PATH`. No
# compiler, no libbpf: two instructions written out by hand.
import ctypes
import os
import struct
import sys

SYS_BPF = 321                   # x86_64
BPF_PROG_LOAD, BPF_OBJ_PIN = 5, 6
BPF_PROG_TYPE_XDP = 6
XDP_PASS = 2


def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack('<BBhi', code, dst | (src << 4), off, imm)


def bpf(cmd, attr):
    libc = ctypes.CDLL(None, use_errno=True)
    buf = ctypes.create_string_buffer(attr, 144)
    ret = libc.syscall(SYS_BPF, cmd, buf, 144)
    if ret < 0:
        err = ctypes.get_errno()
        sys.exit('bpf(%d): %s' % (cmd, os.strerror(err)))
    return ret


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: xdp_pass.py PIN-PATH')
    prog = insn(0xb7, imm=XDP_PASS) + insn(0x95)    # r0 = XDP_PASS; exit
    insns = ctypes.create_string_buffer(prog, len(prog))
    lic = ctypes.create_string_buffer(b'GPL')
    attr = struct.pack('<IIQQIIQII16s', BPF_PROG_TYPE_XDP, 2,
                       ctypes.addressof(insns), ctypes.addressof(lic),
                       0, 0, 0, 0, 0, b'cnet_xdp_pass')
    fd = bpf(BPF_PROG_LOAD, attr)
    path = ctypes.create_string_buffer(sys.argv[1].encode())
    bpf(BPF_OBJ_PIN, struct.pack('<QII', ctypes.addressof(path), fd, 0))


if __name__ == '__main__':
    main()
