# Hangar guest agent: network-config version 2 (ethernets) and DHCP fallback (sourced).

# iface_by_mac MAC: the interface whose address is MAC (case-insensitive).
iface_by_mac() {
  local want dev
  want=$(echo "$1" | tr 'A-F' 'a-f')
  for dev in /sys/class/net/*; do
    [ "$(cat "$dev/address" 2>/dev/null)" = "$want" ] && { basename "$dev"; return 0; }
  done
  return 1
}

# first_ethernet: the first interface other than lo, if any.
first_ethernet() {
  local dev name
  for dev in /sys/class/net/*; do
    name=$(basename "$dev")
    [ "$name" = lo ] || { echo "$name"; return 0; }
  done
  return 1
}

# dhcp IFACE: one DHCPv4 lease through busybox udhcpc (its script configures address and route).
dhcp() {
  ip link set "$1" up
  udhcpc -i "$1" -s /lib/hangar/udhcpc.script -n -q -f -t 5 -T 1 > /run/hangar/udhcpc-"$1".log 2>&1
}

# report_addresses IFACE: one "HANGAR-NET <iface> <addr>/<prefix>" line per IPv4 address.
report_addresses() {
  ip -4 -o addr show dev "$1" | awk -v i="$1" '{ for (f = 1; f < NF; f++) if ($f == "inet") print "HANGAR-NET " i " " $(f + 1) }' > /dev/console
}

# apply_ethernet FLAT NAME: configures ethernets.NAME; prints the interface name on success.
apply_ethernet() {
  local at iface mac target n k gw to via search
  at="ethernets.$2"
  iface=$2
  if mac=$(yget "$1" "$at.match.macaddress"); then
    iface=$(iface_by_mac "$mac") || { warn "network-config: no interface has MAC $mac"; return 1; }
    if target=$(yget "$1" "$at.set-name") && [ "$target" != "$iface" ]; then
      ip link set "$iface" down
      ip link set "$iface" name "$target" || { warn "network-config: cannot rename $iface to $target"; return 1; }
      iface=$target
    fi
  fi
  [ -e "/sys/class/net/$iface" ] || { warn "network-config: no interface $iface"; return 1; }
  ip link set "$iface" up
  if ytrue "$(yget "$1" "$at.dhcp4")"; then
    dhcp "$iface" || { warn "network-config: no DHCP lease on $iface"; return 1; }
  fi
  n=$(ycount "$1" "$at.addresses")
  k=0
  while [ "$k" -lt "$n" ]; do
    ip addr add "$(yget "$1" "$at.addresses.$k")" dev "$iface" || return 1
    k=$((k + 1))
  done
  if gw=$(yget "$1" "$at.gateway4"); then
    ip route add default via "$gw" dev "$iface" || return 1
  fi
  n=$(ycount "$1" "$at.routes")
  k=0
  while [ "$k" -lt "$n" ]; do
    to=$(yget "$1" "$at.routes.$k.to")
    via=$(yget "$1" "$at.routes.$k.via")
    case "$to" in 0.0.0.0/0 | default) to=default ;; esac
    ip route add "$to" via "$via" dev "$iface" || return 1
    k=$((k + 1))
  done
  if yhas "$1" "$at.nameservers"; then
    : > /etc/resolv.conf
    search=$(awk -F '\t' -v k="$at.nameservers.search." 'index($1, k) == 1 { printf "%s%s", s, $2; s = " " }' "$1")
    [ -n "$search" ] && echo "search $search" >> /etc/resolv.conf
    awk -F '\t' -v k="$at.nameservers.addresses." 'index($1, k) == 1 { print "nameserver " $2 }' "$1" >> /etc/resolv.conf
  fi
  echo "$iface"
}

# configure_network FLAT|"": applies network-config v2, or DHCP on the first NIC without one;
# prints HANGAR-NET lines and records the interfaces in /run/hangar/interfaces.
configure_network() {
  local version name iface
  : > /run/hangar/interfaces
  if [ -n "$1" ]; then
    version=$(yget "$1" version)
    [ "$version" = 2 ] || { warn "network-config version '$version' is not supported (only 2)"; return 1; }
    for name in $(ykeys "$1" ethernets); do
      iface=$(apply_ethernet "$1" "$name") || return 1
      echo "$iface" >> /run/hangar/interfaces
    done
  elif iface=$(first_ethernet); then
    # cloud-init's fallback: DHCP on the first NIC when the seed has no network-config.
    dhcp "$iface" || { warn "fallback DHCP on $iface got no lease"; return 0; }
    echo "$iface" >> /run/hangar/interfaces
  fi
  while read -r iface; do
    report_addresses "$iface"
  done < /run/hangar/interfaces
}

# first_address: the first IPv4 address (without prefix) of the configured interfaces.
first_address() {
  while read -r iface; do
    ip -4 -o addr show dev "$iface" | awk '{ for (f = 1; f < NF; f++) if ($f == "inet") { sub(/\/.*/, "", $(f + 1)); print $(f + 1); exit } }'
  done < /run/hangar/interfaces | head -n 1
}
