# Hangar guest agent: the SSH server (dropbear) and its per-VM host key (sourced).
#
# The image carries dropbear but no host key (every VM of the image would share it): the first
# boot of each instance generates an ed25519 key. The public half is printed as
# "HANGAR-HOSTKEY <type> <base64>", provided to the broker as ssh-host-key, and the peers' keys the
# broker returns become known_hosts lines.

SSH_HOST_KEY=/etc/dropbear/dropbear_ed25519_host_key
SSH_KEY_INSTANCE=/var/lib/hangar/hostkey.instance
SSH_KNOWN_HOSTS=/etc/ssh/ssh_known_hosts
HOST_PUBLIC_KEY=

# uptime_ms: milliseconds since boot, from /proc/uptime.
uptime_ms() {
  awk '{ printf "%d", $1 * 1000 }' /proc/uptime
}

# public_key KEYFILE: "<type> <base64>" of a dropbear private key (no comment).
public_key() {
  dropbearkey -y -f "$1" 2>/dev/null | awk '/^(ssh-|ecdsa-)/ { print $1 " " $2; found = 1; exit } END { exit !found }'
}

# warm_up_random: on a boot that will make a host key, starts the kernel's wait for a ready CRNG
# in the background. A fresh VM without a hardware RNG has none for about a second of jitter
# entropy collection, which only starts when a reader blocks; dropbearkey would otherwise spend
# that second blocked in getrandom() on the boot's critical path.
warm_up_random() {
  [ -s "$SSH_HOST_KEY" ] || head -c 1 /dev/random > /dev/null 2>&1 &
}

# start_sshd: makes the host key if this instance has none yet (a disk reused under another
# instance id gets a new one, as cloud-init does), prints HANGAR-HOSTKEY, starts dropbear on
# port 22 with key-only logins. Fails (reason on stdout) when no key can be made.
start_sshd() {
  local started took
  mkdir -p /etc/dropbear /var/lib/hangar /dev/pts
  grep -q ' /dev/pts ' /proc/mounts || mount -t devpts -o gid=5,mode=620 devpts /dev/pts 2>/dev/null
  if [ ! -s "$SSH_HOST_KEY" ] || [ "$(cat "$SSH_KEY_INSTANCE" 2>/dev/null)" != "$INSTANCE_ID" ]; then
    rm -f "$SSH_HOST_KEY"
    started=$(uptime_ms)
    dropbearkey -t ed25519 -f "$SSH_HOST_KEY" > /run/hangar/dropbearkey.log 2>&1 \
      || { echo "dropbearkey could not make a host key: $(tail -n 1 /run/hangar/dropbearkey.log)"; return 1; }
    took=$(($(uptime_ms) - started))
    chmod 600 "$SSH_HOST_KEY"
    echo "$INSTANCE_ID" > "$SSH_KEY_INSTANCE"
    say "HANGAR-CHECK ssh host key ed25519 generated in ${took} ms"
  fi
  HOST_PUBLIC_KEY=$(public_key "$SSH_HOST_KEY") || { echo "cannot read the SSH host key $SSH_HOST_KEY"; return 1; }
  say "HANGAR-HOSTKEY $HOST_PUBLIC_KEY"
  # -s: no password logins (keys only); -E: log to stderr, kept in a file. dropbear forks itself.
  dropbear -r "$SSH_HOST_KEY" -p 22 -s -E > /dev/null 2>> /run/hangar/dropbear.log \
    || { echo "dropbear did not start: $(tail -n 1 /run/hangar/dropbear.log)"; return 1; }
}

# sshd_listening: whether something listens on TCP port 22 (IPv4 or IPv6).
sshd_listening() {
  awk '$2 ~ /:0016$/ && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# write_known_hosts CONTEXT: for every peer.<name>.ssh-host-key in the broker context, the line
# "<name>,<address> <type> <base64>" in /etc/ssh/ssh_known_hosts (rewritten: the broker is its only
# source), and "<name> <key>" and "<address> <key>" in the default user's ~/.ssh/known_hosts, which
# dropbear's client reads (one host per line; entries for other hosts are kept). Prints one
# "HANGAR-CHECK known-host ..." line per peer, read back from the file.
write_known_hosts() {
  local home user_file line
  mkdir -p /etc/ssh
  awk -F '=' '
    { key = $1; value = substr($0, length($1) + 2) }
    key ~ /^peer\.[A-Za-z0-9.-]+\.ssh-host-key$/ { h = substr(key, 6, length(key) - 18); k[h] = value }
    key ~ /^peer\.[A-Za-z0-9.-]+\.address$/ { h = substr(key, 6, length(key) - 13); a[h] = value }
    END {
      for (h in k) {
        split(k[h], f, " ")
        print h (a[h] == "" ? "" : "," a[h]) " " f[1] " " f[2]
      }
    }' "$1" | sort > "$SSH_KNOWN_HOSTS.tmp"
  mv "$SSH_KNOWN_HOSTS.tmp" "$SSH_KNOWN_HOSTS"
  chmod 644 "$SSH_KNOWN_HOSTS"
  while read -r line; do
    say "HANGAR-CHECK known-host $line"
  done < "$SSH_KNOWN_HOSTS"
  [ -s "$SSH_KNOWN_HOSTS" ] || return 0
  home=$(awk -F: -v n="$DEFAULT_USER" '$1 == n { print $6 }' /etc/passwd)
  user_file="$home/.ssh/known_hosts"
  mkdir -p "$home/.ssh"
  touch "$user_file"
  # Drop the lines of the names and addresses now known, then add one line per name and address.
  awk 'NR == FNR { split($1, n, ","); for (i in n) drop[n[i]] = 1; next } !($1 in drop)' \
    "$SSH_KNOWN_HOSTS" "$user_file" > "$user_file.tmp"
  awk '{ n = split($1, names, ","); for (i = 1; i <= n; i++) print names[i] " " $2 " " $3 }' \
    "$SSH_KNOWN_HOSTS" >> "$user_file.tmp"
  mv "$user_file.tmp" "$user_file"
  chown -R "$(name_to_uid "$DEFAULT_USER"):$(awk -F: -v n="$DEFAULT_USER" '$1 == n { print $4 }' /etc/passwd)" "$home/.ssh"
  chmod 700 "$home/.ssh"
  chmod 600 "$user_file"
}
