#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw Ethernet frames for the cbr selftests (AF_PACKET).

  cbr_pkt.py send DEV DST SRC TAG [--count N] [--random-src]
      Send N test frames (EtherType 0x88b5, the IEEE local experimental
      type) out of DEV, each carrying TAG as its payload. With --random-src
      every frame gets a distinct locally administered unicast source MAC.

  cbr_pkt.py sniff DEV LOG
      Append one line "SRC DST TAG" to LOG for every test frame received on
      DEV (frames DEV itself sends are ignored). Writes "ready" first, once
      the socket is bound, so a test can wait for it. Runs until killed.

  cbr_pkt.py agent DEV LOG FIFO
      sniff, and also send: every line "DST SRC TAG COUNT RANDOM" written to
      FIFO sends like the send command (RANDOM 1 for --random-src). One
      process per host for the whole test, in order, without the start-up
      cost of python per frame (seconds in an emulated guest).

The shell tests count lines of a LOG with grep: exact per-port counts.
"""
import socket
import struct
import sys
import threading

ETH_P_ALL = 0x0003
ETH_P_TEST = 0x88B5
PACKET_OUTGOING = 4


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(':'))


def mac_text(raw):
    return ':'.join('%02x' % b for b in raw)


def send(dev, dst, src, tag, count, random_src):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((dev, 0))
    payload = tag.encode()
    for i in range(count):
        if random_src:
            # 02:xx:xx:xx:xx:xx: locally administered, unicast, unique.
            smac = bytes([0x02, 0xcb]) + struct.pack('!I', i + 1)
        else:
            smac = mac_bytes(src)
        frame = mac_bytes(dst) + smac + struct.pack('!H', ETH_P_TEST)
        frame += payload
        frame += bytes(max(0, 60 - len(frame)))
        sock.send(frame)
    sock.close()


def agent(dev, log, fifo):
    threading.Thread(target=sniff, args=(dev, log), daemon=True).start()
    while True:
        with open(fifo) as cmds:
            for line in cmds:
                dst, src, tag, count, rnd = line.split()
                send(dev, dst, src, tag, int(count), rnd == '1')


def sniff(dev, log):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(ETH_P_ALL))
    sock.bind((dev, 0))
    with open(log, 'a', buffering=1) as out:
        out.write('ready\n')
        while True:
            try:
                frame, addr = sock.recvfrom(65535)
            except OSError:
                return      # the device went away: the test deleted it
            if addr[2] == PACKET_OUTGOING or len(frame) < 14:
                continue
            if struct.unpack('!H', frame[12:14])[0] != ETH_P_TEST:
                continue
            tag = frame[14:].rstrip(b'\0').decode(errors='replace')
            out.write('%s %s %s\n' % (mac_text(frame[6:12]),
                                      mac_text(frame[0:6]), tag))


def main(argv):
    if len(argv) >= 6 and argv[1] == 'send':
        count = 1
        random_src = '--random-src' in argv
        if '--count' in argv:
            count = int(argv[argv.index('--count') + 1])
        send(argv[2], argv[3], argv[4], argv[5], count, random_src)
        return 0
    if len(argv) == 4 and argv[1] == 'sniff':
        sniff(argv[2], argv[3])
        return 0
    if len(argv) == 5 and argv[1] == 'agent':
        agent(argv[2], argv[3], argv[4])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
