#!/bin/bash
# Benchmark baseline ONLY (never install it): the seed 004 vznetcfg.custom hook, one command per
# process as the seed does it, with its bugs fixed so it does the same work as ctnet-vznet:
# idempotent verbs (replace, master), the bridge MTU and pinned MAC, one `ip route` and one
# `vzctl exec` per address. Like the seed it SOURCES the config files, which is exactly the
# unsafe behaviour ctnet replaces: run it only in the benchmark lab on configs it wrote.
GLOBALCONFIGFILE=/etc/vz/vz.conf
CTCONFIGFILE=/etc/vz/conf/$VEID.conf
vzctl=/usr/sbin/vzctl
ip=/sbin/ip
. $GLOBALCONFIGFILE
. $CTCONFIGFILE
NETIF_OPTIONS=`echo $NETIF | sed 's/,/\n/g'`
for str in $NETIF_OPTIONS; do
  if echo "$str" | grep -q "^ifname="; then CTIFNAME=${str#*=}; fi
  if echo "$str" | grep -q "^host_ifname="; then VZHOSTIF=${str#*=}; fi
done
[ "$VZHOSTIF" = "$3" ] || { echo "CT$VEID has no veth $3 configured" >&2; exit 1; }
[ -n "$CTIFNAME" ] || { echo "no ifname for $VZHOSTIF" >&2; exit 1; }
CTROUTEDEV=$VZHOSTIF
if [ -n "$BRIDGEDEV" ]; then
  CTROUTEDEV=$BRIDGEDEV
  MTU=$(cat /sys/class/net/$BRIDGEDEV/mtu) || exit 1
  if [ "$(cat /sys/class/net/$BRIDGEDEV/addr_assign_type)" != 3 ]; then
    $ip link set dev $BRIDGEDEV address $(cat /sys/class/net/$BRIDGEDEV/address) || exit 1
  fi
  $ip link set dev $VZHOSTIF mtu $MTU master $BRIDGEDEV up || exit 1
else
  $ip link set dev $VZHOSTIF up || exit 1
fi
$vzctl exec $VEID $ip link set $CTIFNAME up || exit 1
for IP in $VETH_IP_ADDRESS; do
  $vzctl exec $VEID $ip address replace $IP dev $CTIFNAME || exit 1
  IP_STRIP=${IP%%/*}
  $ip route replace $IP_STRIP dev $CTROUTEDEV proto 213 || exit 1
done
if [ -n "$CT0_IP" ]; then
  $vzctl exec $VEID $ip route replace $CT0_IP dev $CTIFNAME || exit 1
fi
if [ -n "$VE_DEFAULT_GATEWAY" ]; then
  $vzctl exec $VEID $ip route replace default via $VE_DEFAULT_GATEWAY dev $CTIFNAME || exit 1
fi
exit 0
