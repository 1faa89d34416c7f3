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

  cbr_pkt.py nd DEV SRCMAC ns SRCIP TARGET [--expect-na SECONDS]
      Send an IPv6 neighbour solicitation for TARGET from SRCIP (its source
      link-layer address option SRCMAC) to TARGET's solicited-node group.
      With --expect-na, wait that long for a neighbour advertisement for
      TARGET to arrive on DEV (the socket is bound before the solicitation
      leaves) and print it: "na ETHSRC ETHDST IPSRC IPDST FLAGS LLADDR
      CKSUM", FLAGS the R, S and O bits set, CKSUM "ok" or "bad"; exit 1
      if none comes.

  cbr_pkt.py nd DEV SRCMAC na TARGET
      Send an unsolicited advertisement (override) of TARGET at SRCMAC to
      all nodes.

  cbr_pkt.py arp DEV SRCMAC SRCIP TARGET [--expect-reply SECONDS]
      Broadcast an ARP request for TARGET from SRCIP at SRCMAC; with
      --expect-reply, wait for a reply from TARGET and print "arp ETHSRC
      ETHDST SHA SPA", exit 1 if none comes.

The shell tests count lines of a LOG with grep: exact per-port counts.
"""
import ipaddress
import select
import time
import socket
import struct
import sys
import threading

ETH_P_ALL = 0x0003
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
ND_NS = 135
ND_NA = 136
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


def csum16(data):
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return total


def icmp6(src, dst, body):
    """An ICMPv6 message (BODY with a zero checksum) with its checksum."""
    pseudo = src + dst + struct.pack('!I3xB', len(body), 58)
    cksum = 0xffff - csum16(pseudo + body)
    return body[:2] + struct.pack('!H', cksum) + body[4:]


def ip6_frame(dmac, smac, src, dst, body):
    hdr = struct.pack('!IHBB', 6 << 28, len(body), 58, 255) + src + dst
    return dmac + smac + struct.pack('!H', ETH_P_IPV6) + hdr + \
        icmp6(src, dst, body)


def recv_until(sock, seconds, match):
    """The first incoming frame for which MATCH returns a line, or None."""
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return None
        frame, addr = sock.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING:
            continue
        line = match(frame)
        if line:
            return line


def match_na(target):
    def match(frame):
        if len(frame) < 14 + 40 + 24 or \
                struct.unpack('!H', frame[12:14])[0] != ETH_P_IPV6:
            return None
        ip6, icmp = frame[14:54], frame[54:]
        plen = struct.unpack('!H', ip6[4:6])[0]
        icmp = icmp[:plen]
        if ip6[6] != 58 or icmp[0] != ND_NA or icmp[8:24] != target:
            return None
        flags = ''.join(c for c, bit in (('R', 0x80), ('S', 0x40),
                                         ('O', 0x20)) if icmp[4] & bit)
        lladdr = '-'
        if len(icmp) >= 32 and icmp[24] == 2 and icmp[25] == 1:
            lladdr = mac_text(icmp[26:32])
        pseudo = ip6[8:40] + struct.pack('!I3xB', len(icmp), 58)
        ok = 'ok' if csum16(pseudo + icmp) == 0xffff else 'bad'
        return 'na %s %s %s %s %s %s %s' % (
            mac_text(frame[6:12]), mac_text(frame[0:6]),
            ipaddress.IPv6Address(ip6[8:24]),
            ipaddress.IPv6Address(ip6[24:40]), flags or '-', lladdr, ok)
    return match


def nd(dev, smac, kind, args):
    smac = mac_bytes(smac)
    wait = None
    if '--expect-na' in args:
        wait = float(args[args.index('--expect-na') + 1])
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(ETH_P_IPV6))
    sock.bind((dev, ETH_P_IPV6))
    if kind == 'ns':
        src = ipaddress.IPv6Address(args[0]).packed
        target = ipaddress.IPv6Address(args[1]).packed
        group = ipaddress.IPv6Address('ff02::1:ff00:0').packed[:13] + \
            target[13:]
        body = struct.pack('!BBHI', ND_NS, 0, 0, 0) + target + \
            bytes([1, 1]) + smac
        frame = ip6_frame(b'\x33\x33' + group[12:], smac, src, group, body)
    else:
        target = ipaddress.IPv6Address(args[0]).packed
        allnodes = ipaddress.IPv6Address('ff02::1').packed
        body = struct.pack('!BBHI', ND_NA, 0, 0, 0x20000000) + target + \
            bytes([2, 1]) + smac
        frame = ip6_frame(b'\x33\x33\x00\x00\x00\x01', smac, target,
                          allnodes, body)
    sock.send(frame)
    if wait is None:
        return 0
    line = recv_until(sock, wait, match_na(target))
    if not line:
        return 1
    print(line)
    return 0


def arp(dev, smac, sip, tip, args):
    smac = mac_bytes(smac)
    sip = ipaddress.IPv4Address(sip).packed
    tip = ipaddress.IPv4Address(tip).packed
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(ETH_P_ARP))
    sock.bind((dev, ETH_P_ARP))
    frame = b'\xff' * 6 + smac + struct.pack('!H', ETH_P_ARP) + \
        struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + smac + sip + \
        bytes(6) + tip
    sock.send(frame + bytes(max(0, 60 - len(frame))))
    if '--expect-reply' not in args:
        return 0
    wait = float(args[args.index('--expect-reply') + 1])

    def match(f):
        if len(f) < 42 or struct.unpack('!H', f[12:14])[0] != ETH_P_ARP or \
                struct.unpack('!H', f[20:22])[0] != 2 or f[28:32] != tip:
            return None
        return 'arp %s %s %s %s' % (mac_text(f[6:12]), mac_text(f[0:6]),
                                    mac_text(f[22:28]),
                                    ipaddress.IPv4Address(f[28:32]))
    line = recv_until(sock, wait, match)
    if not line:
        return 1
    print(line)
    return 0


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
    if len(argv) >= 6 and argv[1] == 'nd' and argv[4] in ('ns', 'na'):
        return nd(argv[2], argv[3], argv[4], argv[5:])
    if len(argv) >= 6 and argv[1] == 'arp':
        return arp(argv[2], argv[3], argv[4], argv[5], argv[6:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
