# Hangar guest agent: flattens the block-style YAML subset of NoCloud documents into lines
#   <path><TAB><value>
# where <path> joins mapping keys and sequence indexes with '.', e.g. "users.1.name" or
# "runcmd.0.2", and <value> is the scalar with '\' written as '\\', newline as '\n' and tab as
# '\t' (decode with printf '%b'). A key without a value (null) prints an empty value; empty
# collections ("[]", "{}") print nothing.
#
# Supported (what cloud-init seeds written by Hangar's SeedGenerator or by hand use): block
# mappings and sequences, compact nested sequences ("- - a"), mappings inside sequence items
# ("- key: v"), plain scalars folded over several lines, single- and double-quoted scalars
# (escapes \\ \" \n \t \r \0 \/ \xHH and \uHHHH below 0x80; a quoted scalar may span lines),
# literal ("|", "|-", "|+", "|2") and folded (">") block scalars, flow sequences of scalars
# ("[a, 'b c', [d, e]]"), comments and "---"/"..." markers. Anchors, aliases, tags, flow
# mappings other than "{}" and multi-document streams are not supported.

function indent_of(s) { match(s, /^ */); return RLENGTH }

function esc(s) {
  gsub(/\\/, "\\\\", s); gsub(/\n/, "\\n", s); gsub(/\t/, "\\t", s); return s
}

function emit(path, value) { printf "%s\t%s\n", path, esc(value) }

function join(parent, key) { return parent == "" ? key : parent "." key }

function strip_comment(s,    i, c, q) {
  # Cuts a " #" comment from a plain scalar (quoted scalars handle their own text).
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "#" && (i == 1 || substr(s, i - 1, 1) ~ /[ \t]/)) return substr(s, 1, i - 1)
  }
  return s
}

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

function hexval(h,    i, v, c) {
  v = 0
  for (i = 1; i <= length(h); i++) {
    c = index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
    if (c < 0) return -1
    v = v * 16 + c
  }
  return v
}

function unescape_dq(s,    out, i, c, n, v) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c != "\\") { out = out c; continue }
    i++; n = substr(s, i, 1)
    if (n == "n") out = out "\n"
    else if (n == "t") out = out "\t"
    else if (n == "r") out = out "\r"
    else if (n == "0") out = out ""
    else if (n == "x" || n == "u") {
      v = hexval(substr(s, i + 1, n == "x" ? 2 : 4))
      if (v >= 0 && v < 128) out = out sprintf("%c", v)
      else out = out "?"
      i += (n == "x" ? 2 : 4)
    } else out = out n
  }
  return out
}

# Reads a scalar starting with text t on line L[i] whose continuation lines must be indented
# more than owner; advances the global i past what it consumed and returns the value.
function scalar(t, owner,    q, body, rest, j, nxt, s, k, c, closed) {
  t = trim(t)
  q = substr(t, 1, 1)
  if (q == "\"" || q == "'") {
    body = substr(t, 2)
    while (1) {
      closed = 0
      for (k = 1; k <= length(body); k++) {
        c = substr(body, k, 1)
        if (q == "\"" && c == "\\") { k++; continue }
        if (c == q) {
          if (q == "'" && substr(body, k + 1, 1) == "'") { k++; continue }
          closed = k; break
        }
      }
      if (closed) { body = substr(body, 1, closed - 1); break }
      if (i >= n) break
      i++
      nxt = trim(L[i])
      if (q == "\"" && body ~ /\\$/) body = substr(body, 1, length(body) - 1) nxt
      else body = body (nxt == "" ? "\n" : " " nxt)
    }
    if (q == "'") { gsub(/''/, "'", body); return body }
    return unescape_dq(body)
  }
  if (q == "|" || q == ">") return block(t, owner)
  s = trim(strip_comment(t))
  # Plain scalars continue on following lines indented deeper than their owner.
  while (i < n && L[i + 1] !~ /^[ \t]*(#.*)?$/ && indent_of(L[i + 1]) > owner) {
    i++
    s = s " " trim(strip_comment(L[i]))
  }
  if (s == "~" || s == "null") return ""
  return s
}

function block(header, owner,    chomp, explicit, bind, out, line, blanks, folded, first) {
  chomp = "clip"; explicit = 0; folded = substr(header, 1, 1) == ">"
  if (header ~ /-/) chomp = "strip"
  if (header ~ /\+/) chomp = "keep"
  if (match(header, /[1-9]/)) explicit = substr(header, RSTART, 1) + 0
  bind = explicit ? owner + explicit : -1
  out = ""; blanks = ""; first = 1
  while (i < n) {
    line = L[i + 1]
    if (line ~ /^[ ]*$/) { i++; blanks = blanks "\n"; continue }
    if (bind < 0) {
      if (indent_of(line) <= owner) break
      bind = indent_of(line)
    }
    if (indent_of(line) < bind) break
    i++
    line = substr(line, bind + 1)
    if (first) { out = blanks line; first = 0 }
    else if (folded && blanks == "" && line !~ /^[ \t]/) out = out " " line
    else if (folded && line !~ /^[ \t]/) out = out blanks line
    else out = out "\n" blanks line
    blanks = ""
  }
  if (first) return ""
  if (chomp == "strip") return out
  if (chomp == "keep") return out "\n" blanks
  return out "\n"
}

# Emits the scalars of a flow sequence such as [a, "b", [c, d]] below path.
function flow(s, path,    depth, idx, k, c, tok, q, paths, inq) {
  depth = 0; tok = ""; inq = ""
  for (k = 1; k <= length(s); k++) {
    c = substr(s, k, 1)
    if (inq != "") {
      if (inq == "\"" && c == "\\") { tok = tok c substr(s, k + 1, 1); k++; continue }
      if (c == inq) { inq = ""; tok = tok c; continue }
      tok = tok c; continue
    }
    if (c == "\"" || c == "'") { inq = c; tok = tok c; continue }
    if (c == "[") { depth++; paths[depth] = depth == 1 ? path : join(paths[depth - 1], idx[depth - 1]); idx[depth] = 0; tok = ""; continue }
    if (c == "," || c == "]") {
      tok = trim(tok)
      if (tok != "") { flow_scalar(tok, join(paths[depth], idx[depth])); idx[depth]++ }
      tok = ""
      if (c == "]") { depth--; if (depth > 0) idx[depth]++ }
      continue
    }
    tok = tok c
  }
}

function flow_scalar(tok, path,    q) {
  q = substr(tok, 1, 1)
  if (q == "'") { tok = substr(tok, 2, length(tok) - 2); gsub(/''/, "'", tok) }
  else if (q == "\"") tok = unescape_dq(substr(tok, 2, length(tok) - 2))
  emit(path, tok)
}

# Finds the ": " (or final ":") separating a plain or quoted key from its value; 0 if none.
function key_end(s,    k, c, q) {
  q = substr(s, 1, 1)
  if (q == "\"" || q == "'") {
    for (k = 2; k <= length(s); k++) if (substr(s, k, 1) == q) break
    return substr(s, k + 1, 1) == ":" && (k + 1 == length(s) || substr(s, k + 2, 1) == " ") ? k + 1 : 0
  }
  if (q == "-" && substr(s, 2, 1) == " ") return 0
  if (q == "[" || q == "{" || q == "#") return 0
  for (k = 1; k <= length(s); k++) {
    c = substr(s, k, 1)
    if (c == ":" && (k == length(s) || substr(s, k + 1, 1) == " ")) return k
    if (c == " " && substr(s, k + 1, 1) == "#") return 0
  }
  return 0
}

function unquote_key(k) {
  k = trim(k)
  if (k ~ /^".*"$/) return unescape_dq(substr(k, 2, length(k) - 2))
  if (k ~ /^'.*'$/) return substr(k, 2, length(k) - 2)
  return k
}

# Handles a value text v (after "key:" or "- ") owned by the node at path whose line is indented
# by owner; text_col is the column where v starts (for compact nested collections).
function value(v, path, owner, text_col,    t, k) {
  t = trim(v)
  if (t == "" || t ~ /^#/) {
    pending = path; pending_ind = owner; return
  }
  if (t == "[]" || t == "{}") return
  if (substr(t, 1, 1) == "[") {
    # A flow sequence may span lines until its brackets balance.
    while (gsub(/\[/, "[", t) > gsub(/\]/, "]", t) && i < n) { i++; t = t " " trim(L[i]) }
    flow(t, path); return
  }
  if (substr(t, 1, 1) == "&" || substr(t, 1, 1) == "*" || substr(t, 1, 1) == "!") {
    printf "hangar-yaml: line %d: anchors, aliases and tags are not supported\n", i > "/dev/stderr"
    errors++
    return
  }
  emit(path, scalar(t, owner))
}

# Processes content c found at column col of line i.
function content(c, col,    k, key, rest, item, top) {
  top = depth
  if (stype[top] == "seq") {
    if (c !~ /^-( |$)/) { printf "hangar-yaml: line %d: expected '- '\n", i > "/dev/stderr"; errors++; return }
    item = join(spath[top], scount[top]++)
    rest = substr(c, 3)
    k = indent_of(rest)
    rest = substr(rest, k + 1)
    if (rest ~ /^-( |$)/) {
      push(col + 2 + k, item, "seq"); content(rest, col + 2 + k); return
    }
    if (key_end(rest)) {
      push(col + 2 + k, item, "map"); content(rest, col + 2 + k); return
    }
    value(rest, item, col, col + 2 + k)
    return
  }
  k = key_end(c)
  if (!k) { printf "hangar-yaml: line %d: expected 'key: value'\n", i > "/dev/stderr"; errors++; return }
  key = unquote_key(substr(c, 1, k - 1))
  value(substr(c, k + 1), join(spath[top], key), col, col + k + 1)
}

function push(ind, path, type) { depth++; sind[depth] = ind; spath[depth] = path; stype[depth] = type; scount[depth] = 0 }

{ L[++n] = $0; sub(/\r$/, "", L[n]) }

END {
  depth = 0; sind[0] = 0; spath[0] = ""; stype[0] = ""; pending = ""; errors = 0
  for (i = 1; i <= n; i++) {
    line = L[i]
    if (line ~ /^[ \t]*(#.*)?$/ || line ~ /^(---|\.\.\.)[ ]*$/) continue
    ind = indent_of(line)
    c = substr(line, ind + 1)
    if (depth == 0 && stype[0] == "") { stype[0] = c ~ /^-( |$)/ ? "seq" : "map"; sind[0] = ind }
    if (pending != "") {
      if (ind > pending_ind || (ind == pending_ind && c ~ /^-( |$)/)) {
        push(ind, pending, c ~ /^-( |$)/ ? "seq" : "map")
      } else {
        emit(pending, "")
      }
      pending = ""
    }
    while (depth > 0 && sind[depth] > ind) depth--
    # A sequence at its parent key's indent ends when a key of that parent follows.
    if (depth > 0 && stype[depth] == "seq" && c !~ /^-( |$)/ && sind[depth] == ind) depth--
    content(c, ind)
  }
  if (pending != "") emit(pending, "")
  exit errors ? 1 : 0
}
