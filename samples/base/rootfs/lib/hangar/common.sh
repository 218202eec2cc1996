# Hangar guest agent: helpers shared by the agent's parts (sourced, busybox sh).
#
# Documents are flattened by /lib/hangar/yaml.awk into "<path><TAB><escaped value>" lines; the
# functions below read such a flat file.

say() {
  echo "$*" > /dev/console
}

warn() {
  say "hangar: $*"
}

# yget FLAT PATH: the decoded value at PATH, or nothing (exit 1) when absent.
yget() {
  _v=$(awk -F '\t' -v k="$2" '$1 == k { sub(/^[^\t]*\t/, ""); print; found = 1; exit } END { exit !found }' "$1") \
    || return 1
  printf '%b' "$_v"
}

# yhas FLAT PREFIX: whether any path equals PREFIX or lies below it.
yhas() {
  awk -F '\t' -v k="$2" 'index($1, k) == 1 && (length($1) == length(k) || substr($1, length(k) + 1, 1) == ".") { f = 1; exit } END { exit !f }' "$1"
}

# ycount FLAT PREFIX: number of items of the sequence at PREFIX (0 when absent).
ycount() {
  awk -F '\t' -v k="$2." 'index($1, k) == 1 { r = substr($1, length(k) + 1); sub(/\..*/, "", r); if (r ~ /^[0-9]+$/ && r + 1 > m) m = r + 1 } END { print m + 0 }' "$1"
}

# ykeys FLAT PREFIX: the distinct keys of the mapping at PREFIX, in document order.
ykeys() {
  awk -F '\t' -v k="${2:+$2.}" 'k == "" || index($1, k) == 1 { r = substr($1, length(k) + 1); sub(/\..*/, "", r); if (!(r in s)) { s[r] = 1; print r } }' "$1"
}

# ytrue VALUE: YAML 1.1 true.
ytrue() {
  case "$1" in true | True | TRUE | yes | Yes | on | On) return 0 ;; *) return 1 ;; esac
}

# shell_quote WORD: WORD quoted for eval.
shell_quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# name_to_uid NAME / name_to_gid NAME: numeric ids from /etc/passwd and /etc/group (static
# busybox cannot use NSS, so names are resolved here).
name_to_uid() {
  case "$1" in '' | *[!0-9]*) awk -F: -v n="$1" '$1 == n { print $3; f = 1; exit } END { exit !f }' /etc/passwd ;; *) echo "$1" ;; esac
}
name_to_gid() {
  case "$1" in '' | *[!0-9]*) awk -F: -v n="$1" '$1 == n { print $3; f = 1; exit } END { exit !f }' /etc/group ;; *) echo "$1" ;; esac
}
uid_to_name() {
  awk -F: -v u="$1" '$3 == u { print $1; f = 1; exit } END { if (!f) print u }' /etc/passwd
}
gid_to_name() {
  awk -F: -v g="$1" '$3 == g { print $1; f = 1; exit } END { if (!f) print g }' /etc/group
}

# sha256_of FILE: hex digest.
sha256_of() {
  sha256sum "$1" | cut -d ' ' -f 1
}

# yraw FLAT PATH: the decoded value at PATH written to stdout byte for byte, trailing newlines
# included (command substitution would drop them).
yraw() {
  awk -F '\t' -v k="$2" '
    $1 == k {
      v = $0; sub(/^[^\t]*\t/, "", v); out = ""
      for (j = 1; j <= length(v); j++) {
        c = substr(v, j, 1)
        if (c == "\\") {
          j++; c = substr(v, j, 1)
          if (c == "n") c = "\n"; else if (c == "t") c = "\t"
        }
        out = out c
      }
      printf "%s", out; exit
    }' "$1"
}
