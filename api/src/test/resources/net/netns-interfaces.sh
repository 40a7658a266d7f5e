# Interfaces of every kind psutil's net_if_addrs and net_if_stats tell apart, made in a new
# network namespace (run inside `unshare -n`, as root; the namespace goes with its last process):
# an IPv4 alias with a label, a veth pair (one end up without carrier, one down with a larger MTU;
# veth tells a speed and duplex even when down), an address without a broadcast address, a tun
# device (point-to-point, no hardware address) with IPv4 and IPv6 peers, a bridge, promiscuous
# mode set by hand.
set -e
ip link set lo up
ip addr add 127.0.0.2/8 dev lo label lo:two
ip link add v0 type veth peer name v1
ip addr add 192.0.2.10/24 brd + dev v0
ip addr add 198.51.100.7/25 dev v0
ip -6 addr add 2001:db8::10/64 dev v0 nodad
ip link set v1 mtu 9000
ip link set v0 up
ip tuntap add tun0 mode tun
ip addr add 10.9.0.1 peer 10.9.0.2/32 dev tun0
ip -6 addr add fd00::1 peer fd00::2/128 dev tun0 nodad
ip link set tun0 up
ip link add br0 type bridge
ip link set br0 promisc on
ip link set br0 up
