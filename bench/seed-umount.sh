#!/bin/bash
# Benchmark baseline ONLY: the seed 004 vps.umount (one `ip route del` per address). It
# sources the CT config like the seed; run it only in the benchmark lab.
CTCONFIGFILE=/etc/vz/conf/$VEID.conf
ip=/sbin/ip
. $CTCONFIGFILE
[ -n "$VETH_IP_ADDRESS" ] || exit 0
[ -n "$BRIDGEDEV" ] || exit 0
for IP in $VETH_IP_ADDRESS; do
  IP_STRIP=${IP%%/*}
  $ip route del $IP_STRIP dev $BRIDGEDEV 2>/dev/null
done
exit 0
