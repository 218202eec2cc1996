# Hangar guest agent: NoCloud-net data source and the context broker protocol (sourced).
#
# The deployer puts "ds=nocloud-net;s=<base-url>/" into the SMBIOS system serial; every endpoint
# lives below that URL and is authenticated by the token in its path.

# nocloud_url: the s= URL of a "ds=nocloud-net" (or "ds=nocloud") source from the SMBIOS serial
# or the kernel command line, with a trailing '/'; nothing (exit 1) when there is none.
nocloud_url() {
  local source word url
  for source in "$(cat /sys/class/dmi/id/product_serial 2>/dev/null)" "$(cat /proc/cmdline)"; do
    for word in $source; do
      case "$word" in
        ds=nocloud*) ;;
        *) continue ;;
      esac
      url=$(echo "$word" | tr ';' '\n' | sed -n 's/^s=//p' | head -n 1)
      case "$url" in
        http://* | https://*) case "$url" in */) echo "$url" ;; *) echo "$url/" ;; esac; return 0 ;;
      esac
    done
  done
  return 1
}

# fetch_seed URL DIR: downloads meta-data, user-data and network-config (optional) into DIR.
fetch_seed() {
  mkdir -p "$2"
  timeout 10 wget -q -O "$2/meta-data" "${1}meta-data" || return 1
  timeout 10 wget -q -O "$2/user-data" "${1}user-data" || rm -f "$2/user-data"
  timeout 10 wget -q -O "$2/network-config" "${1}network-config" 2>/dev/null || rm -f "$2/network-config"
  [ -s "$2/network-config" ] || rm -f "$2/network-config"
  return 0
}

# broker_post URL ENDPOINT BODY: POSTs BODY (key=value lines) as text/plain; retries 5 times;
# wget's last complaint is left in /run/hangar/wget.err.
broker_post() {
  local t
  t=0
  while [ "$t" -lt 5 ]; do
    timeout 10 wget -q -O /dev/null --header 'Content-Type: text/plain' --post-data "$3" "$1$2" \
      2> /run/hangar/wget.err && return 0
    t=$((t + 1))
    sleep 1
  done
  return 1
}

# broker_exchange URL TIMEOUT: provides this VM's data, then polls the context until the broker
# answers 200 (it answers 503 while required roles have not provided), at most TIMEOUT seconds;
# writes it to /run/hangar/context, peer addresses to /etc/hosts and peer host keys to the
# known_hosts files (ssh.sh).
broker_exchange() {
  local body start
  # The broker itself records hostname and role (it refuses them here); the VM adds its address
  # and its SSH host key (start_sshd read it).
  body="address=$(first_address)"
  [ -n "$HOST_PUBLIC_KEY" ] && body="$body
ssh-host-key=$HOST_PUBLIC_KEY"
  broker_post "$1" provide "$body" \
    || { echo "cannot POST provide to the broker: $(tail -n 1 /run/hangar/wget.err)"; return 1; }
  say "HANGAR-CHECK broker provide ok"
  start=$(date +%s)
  while ! timeout 10 wget -q -O /run/hangar/context.tmp "${1}context" 2>/dev/null; do
    if [ $(($(date +%s) - start)) -ge "$2" ]; then
      echo "broker context not available within ${2}s"
      return 1
    fi
    sleep 1
  done
  mv /run/hangar/context.tmp /run/hangar/context
  # peer.<name>.address=<ip> lines become "<ip> <name>" host entries.
  sed -n 's/^peer\.\([A-Za-z0-9.-]*\)\.address=\(.*\)$/\2 \1/p' /run/hangar/context | while read -r ip name; do
    grep -q "^$ip $name\$" /etc/hosts || echo "$ip $name" >> /etc/hosts
  done
  say "HANGAR-CHECK broker context $(grep -c '=' /run/hangar/context) keys sha256=$(sha256_of /run/hangar/context)"
  # peer.<name>.ssh-host-key lines become known_hosts entries.
  write_known_hosts /run/hangar/context
}
