# Captures what the kernel answers to jpsutil's rtnetlink and ethtool requests, beside psutil's
# lines of the same moment, into the current directory (run inside the namespace that
# netns-interfaces.sh made):
#   unshare -n sh -c '. ./netns-interfaces.sh && /usr/bin/python3 capture-rtnetlink.py'
import array, fcntl, socket, struct, psutil

def dump(kind, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.send(struct.pack('=IHHII', 16 + len(body), kind, 0x301, 1, 0) + body)
    out = b''
    while True:
        d = s.recv(65536)
        out += d
        at = 0
        while at + 16 <= len(d):
            length, t = struct.unpack_from('=IH', d, at)
            if t in (2, 3):
                return out
            at += (length + 3) & ~3

open('rtnetlink-6.x-netns-links.bin', 'wb').write(dump(18, bytes(16)))  # RTM_GETLINK, ifinfomsg
open('rtnetlink-6.x-netns-addrs.bin', 'wb').write(dump(22, bytes(8)))   # RTM_GETADDR, ifaddrmsg
with open('ethtool-6.x-netns.txt', 'w') as f, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    for name in psutil.net_io_counters(pernic=True):
        cmd = array.array('B', struct.pack('=I', 1) + bytes(40))  # ETHTOOL_GSET, struct ethtool_cmd
        try:
            fcntl.ioctl(s.fileno(), 0x8946, struct.pack('16sQ16x', name.encode(), cmd.buffer_info()[0]))
            f.write('%s %s\n' % (name, cmd.tobytes().hex()))
        except OSError as e:
            f.write('%s errno %d\n' % (name, e.errno))
with open('psutil-6.x-netns.txt', 'w') as f:
    for n, l in psutil.net_if_addrs().items():
        for a in l:
            f.write('addr %s %d %s %s %s %s\n' % (n, a.family, a.address, a.netmask, a.broadcast, a.ptp))
    for n, s in psutil.net_if_stats().items():
        f.write('stats %s %s %d %d %d %s\n' % (n, s.isup, s.duplex, s.speed, s.mtu, s.flags))
