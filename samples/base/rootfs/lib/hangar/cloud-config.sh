# Hangar guest agent: the supported #cloud-config modules (sourced). Each apply_* function takes
# the flattened user-data; a non-zero status means the module failed (with a reason on stdout).

# The image's "default" user (cloud-init's users: [default] and top-level ssh_authorized_keys).
DEFAULT_USER=root

# add_keys USER FLAT PREFIX: appends the keys of the sequence at PREFIX to USER's authorized_keys.
add_keys() {
  local home keys n k key uid gid
  home=$(awk -F: -v n="$1" '$1 == n { print $6 }' /etc/passwd)
  [ -n "$home" ] || { echo "user $1 does not exist"; return 1; }
  mkdir -p "$home/.ssh"
  keys="$home/.ssh/authorized_keys"
  touch "$keys"
  n=$(ycount "$2" "$3")
  k=0
  while [ "$k" -lt "$n" ]; do
    key=$(yget "$2" "$3.$k")
    grep -qxF "$key" "$keys" || echo "$key" >> "$keys"
    k=$((k + 1))
  done
  uid=$(name_to_uid "$1")
  gid=$(awk -F: -v n="$1" '$1 == n { print $4 }' /etc/passwd)
  chown -R "$uid:$gid" "$home/.ssh"
  chmod 700 "$home/.ssh"
  chmod 600 "$keys"
}

# create_user NAME SHELL LOCKED: a user with its own group, uid/gid from 1000 up, home /home/NAME.
create_user() {
  local uid shell
  grep -q "^$1:" /etc/passwd && return 0
  uid=$(awk -F: 'BEGIN { m = 999 } $3 > m && $3 < 60000 { m = $3 } END { print m + 1 }' /etc/passwd /etc/group)
  shell=$2
  [ -x "$shell" ] || shell=/bin/sh
  echo "$1:x:$uid:$uid::/home/$1:$shell" >> /etc/passwd
  echo "$1:x:$uid:" >> /etc/group
  # "!" locks the password: the account is reachable by key only.
  if [ "$3" = locked ]; then echo "$1:!:0::::::" >> /etc/shadow; else echo "$1:*:0::::::" >> /etc/shadow; fi
  mkdir -p "/home/$1"
  chown "$uid:$uid" "/home/$1"
  chmod 755 "/home/$1"
}

apply_users() {
  local n i at name locked lock g sudo home keys
  touch /etc/shadow
  chmod 600 /etc/shadow
  if yhas "$1" ssh_authorized_keys; then
    add_keys "$DEFAULT_USER" "$1" ssh_authorized_keys || return 1
    say "HANGAR-CHECK user $DEFAULT_USER keys=$(sha256_of "$(awk -F: -v n="$DEFAULT_USER" '$1 == n { print $6 }' /etc/passwd)/.ssh/authorized_keys")"
  fi
  n=$(ycount "$1" users)
  i=0
  while [ "$i" -lt "$n" ]; do
    at="users.$i"
    i=$((i + 1))
    name=$(yget "$1" "$at") || name=$(yget "$1" "$at.name") || { echo "$at has no name"; return 1; }
    [ "$name" = default ] && continue
    locked=locked
    lock=$(yget "$1" "$at.lock_passwd") && ! ytrue "$lock" && locked=unlocked
    create_user "$name" "$(yget "$1" "$at.shell" || echo /bin/sh)" "$locked"
    for g in $(yget "$1" "$at.groups" | tr ',' ' '); do
      grep -q "^$g:" /etc/group || echo "$g:x:$(awk -F: 'BEGIN { m = 999 } $3 > m && $3 < 60000 { m = $3 } END { print m + 1 }' /etc/group):" >> /etc/group
      sed -i "/^$g:/ { /[:,]$name\$/! { s/:\$/:$name/; t; s/\$/,$name/ } }" /etc/group
    done
    if sudo=$(yget "$1" "$at.sudo") && [ -n "$sudo" ] && [ "$sudo" != false ]; then
      mkdir -p /etc/sudoers.d
      echo "$name $sudo" >> /etc/sudoers.d/90-hangar-users
      chmod 440 /etc/sudoers.d/90-hangar-users
    fi
    yhas "$1" "$at.ssh_authorized_keys" && { add_keys "$name" "$1" "$at.ssh_authorized_keys" || return 1; }
    home=$(awk -F: -v n="$name" '$1 == n { print $6 }' /etc/passwd)
    keys=none
    [ -f "$home/.ssh/authorized_keys" ] && keys=$(sha256_of "$home/.ssh/authorized_keys")
    say "HANGAR-CHECK user $name uid=$(name_to_uid "$name") home=$home keys=$keys"
  done
}

apply_write_files() {
  local n i at path tmp owner uid group gid
  n=$(ycount "$1" write_files)
  i=0
  while [ "$i" -lt "$n" ]; do
    at="write_files.$i"
    i=$((i + 1))
    path=$(yget "$1" "$at.path") || { echo "$at has no path"; return 1; }
    mkdir -p "$(dirname "$path")"
    tmp="$path.hangar-tmp"
    case "$(yget "$1" "$at.encoding")" in
      "" | text/plain) yraw "$1" "$at.content" > "$tmp" ;;
      b64 | base64) yraw "$1" "$at.content" | base64 -d > "$tmp" || { echo "$path: content is not base64"; return 1; } ;;
      gz | gzip | gz+b64 | gzip+base64 | gz+base64 | gzip+b64)
        yraw "$1" "$at.content" | base64 -d | gunzip > "$tmp" || { echo "$path: cannot decode gzip content"; return 1; } ;;
      *) echo "$path: encoding '$(yget "$1" "$at.encoding")' is not supported"; return 1 ;;
    esac
    if ytrue "$(yget "$1" "$at.append")"; then
      cat "$tmp" >> "$path"
      rm -f "$tmp"
    else
      mv "$tmp" "$path"
    fi
    chmod "$(yget "$1" "$at.permissions" || echo 0644)" "$path" || { echo "$path: bad permissions"; return 1; }
    owner=$(yget "$1" "$at.owner" || echo root:root)
    uid=$(name_to_uid "${owner%%:*}") || { echo "$path: unknown owner ${owner%%:*}"; return 1; }
    group=root
    case "$owner" in *:*) group=${owner#*:} ;; esac
    gid=$(name_to_gid "$group") || { echo "$path: unknown group $group"; return 1; }
    chown "$uid:$gid" "$path"
    say "HANGAR-CHECK file $path sha256=$(sha256_of "$path") mode=$(stat -c %a "$path") owner=$(uid_to_name "$(stat -c %u "$path")"):$(gid_to_name "$(stat -c %g "$path")")"
  done
}

# is_blank DEVICE: whether the first MiB of DEVICE is all zero bytes (a fresh blankspace).
is_blank() {
  [ "$(dd if="$1" bs=65536 count=16 2>/dev/null | tr -d '\000' | wc -c)" -eq 0 ]
}

apply_fs_setup() {
  local n i at device fs label partition
  n=$(ycount "$1" fs_setup)
  i=0
  while [ "$i" -lt "$n" ]; do
    at="fs_setup.$i"
    i=$((i + 1))
    device=$(yget "$1" "$at.device") || { echo "$at has no device"; return 1; }
    fs=$(yget "$1" "$at.filesystem") || { echo "$at has no filesystem"; return 1; }
    label=$(yget "$1" "$at.label")
    partition=$(yget "$1" "$at.partition" || echo none)
    [ "$partition" = none ] || { echo "$at: partition '$partition' is not supported (only none)"; return 1; }
    [ -b "$device" ] || { echo "$at: $device is not a block device"; return 1; }
    if ! ytrue "$(yget "$1" "$at.overwrite")" && ! is_blank "$device"; then
      say "HANGAR-CHECK fs $device kept"
      continue
    fi
    case "$fs" in
      ext2 | ext3 | ext4)
        # An absolute path: busybox sh prefers its own applets, and its mke2fs makes only ext2.
        /sbin/mke2fs -q -F -t "$fs" ${label:+-L "$label"} "$device" > /run/hangar/mke2fs.log 2>&1 \
          || { echo "$at: mke2fs -t $fs $device failed: $(tail -n 1 /run/hangar/mke2fs.log)"; return 1; } ;;
      swap) mkswap ${label:+-L "$label"} "$device" > /dev/null || { echo "$at: mkswap $device failed"; return 1; } ;;
      *) echo "$at: filesystem '$fs' is not supported (ext2, ext3, ext4, swap)"; return 1 ;;
    esac
    say "HANGAR-CHECK fs $device formatted $fs label=$label"
  done
}

apply_mounts() {
  local n i at device point fstype options nofail kept o
  n=$(ycount "$1" mounts)
  i=0
  while [ "$i" -lt "$n" ]; do
    at="mounts.$i"
    i=$((i + 1))
    device=$(yget "$1" "$at.0") || { echo "$at has no device"; return 1; }
    point=$(yget "$1" "$at.1") || { echo "$at has no mount point"; return 1; }
    fstype=$(yget "$1" "$at.2" || echo auto)
    options=$(yget "$1" "$at.3" || echo defaults,nofail)
    case "$device" in
      LABEL=* | UUID=*) device=$(findfs "$device") || { echo "$at: no device $device"; return 1; } ;;
    esac
    [ "$point" = none ] && [ "$fstype" = swap ] && { swapon "$device" || echo "$at: swapon $device failed"; continue; }
    grep -q "^[^ ]* $point " /etc/fstab 2>/dev/null \
      || echo "$device $point $fstype $options $(yget "$1" "$at.4" || echo 0) $(yget "$1" "$at.5" || echo 2)" >> /etc/fstab
    # busybox mount rejects systemd-only options; drop them and honour nofail ourselves.
    nofail=no
    kept=
    for o in $(echo "$options" | tr ',' ' '); do
      case "$o" in
        nofail) nofail=yes ;;
        defaults | _netdev | x-systemd.*) ;;
        *) kept="$kept${kept:+,}$o" ;;
      esac
    done
    mkdir -p "$point"
    grep -q " $point " /proc/mounts && continue
    if ! mount -t "$fstype" ${kept:+-o "$kept"} "$device" "$point"; then
      [ "$nofail" = yes ] && { warn "mounting $device on $point failed (nofail)"; continue; }
      echo "$at: cannot mount $device on $point"
      return 1
    fi
    say "HANGAR-CHECK mount $point $(awk -v p="$point" '$2 == p { print $1 " " $3 }' /proc/mounts)"
  done
}

# apply_runcmd FLAT: runs each command once per instance (string: through sh -c; list: argv),
# output on the console; prints "HANGAR-CHECK runcmd <n> ok" or the first failing index.
apply_runcmd() {
  local n i at cmd m argv k failed
  n=$(ycount "$1" runcmd)
  [ "$n" -gt 0 ] || return 0
  if [ -f /var/lib/hangar/runcmd.done ] && [ "$(cat /var/lib/hangar/runcmd.done)" = "$INSTANCE_ID" ]; then
    say "HANGAR-CHECK runcmd $n skipped (ran on first boot of $INSTANCE_ID)"
    return 0
  fi
  failed=
  i=0
  while [ "$i" -lt "$n" ]; do
    at="runcmd.$i"
    if cmd=$(yget "$1" "$at"); then
      sh -c "$cmd" < /dev/null > /dev/console 2>&1 || failed="${failed:-$i}"
    else
      m=$(ycount "$1" "$at")
      argv=
      k=0
      while [ "$k" -lt "$m" ]; do
        argv="$argv $(shell_quote "$(yget "$1" "$at.$k")")"
        k=$((k + 1))
      done
      eval "$argv" < /dev/null > /dev/console 2>&1 || failed="${failed:-$i}"
    fi
    i=$((i + 1))
  done
  mkdir -p /var/lib/hangar
  echo "$INSTANCE_ID" > /var/lib/hangar/runcmd.done
  if [ -n "$failed" ]; then
    say "HANGAR-CHECK runcmd $n failed=$failed"
  else
    say "HANGAR-CHECK runcmd $n ok"
  fi
}

# phone_home FLAT: POSTs instance_id and hostname to phone_home.url (cloud-init's module).
apply_phone_home() {
  local url tries body t
  url=$(yget "$1" phone_home.url) || return 0
  tries=$(yget "$1" phone_home.tries || echo 10)
  body="instance_id=$INSTANCE_ID&hostname=$(hostname)"
  t=0
  while [ "$t" -lt "$tries" ]; do
    timeout 5 wget -q -O /dev/null --post-data "$body" "$url" 2>/dev/null && return 0
    t=$((t + 1))
    sleep 1
  done
  warn "phone_home to $url failed after $tries tries"
}
