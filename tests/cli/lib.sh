# Helpers for the command-line tests: expect an exit status and a message.
fails=0
# expect STATUS PATTERN -- CMD...: run CMD, check its exit status and that stderr (status != 0)
# or stdout (status 0) matches PATTERN (grep -E); for errors, stderr must be exactly one line.
expect() {
  want=$1 pattern=$2
  shift 3
  out=$("$@" 2>/tmp/stp_cli_err.$$) && got=0 || got=$?
  err=$(cat /tmp/stp_cli_err.$$)
  rm -f /tmp/stp_cli_err.$$
  if [ "$got" != "$want" ]; then
    echo "FAIL: $* -> exit $got, expected $want; stderr: $err" >&2
    fails=$((fails + 1))
    return
  fi
  if [ "$want" = 0 ]; then text=$out; else text=$err; fi
  if ! printf '%s\n' "$text" | grep -Eq -- "$pattern"; then
    echo "FAIL: $* -> output does not match '$pattern': $text" >&2
    fails=$((fails + 1))
    return
  fi
  if [ "$want" != 0 ] && [ "$(printf '%s\n' "$err" | wc -l)" != 1 ]; then
    echo "FAIL: $* -> expected one line on stderr, got: $err" >&2
    fails=$((fails + 1))
  fi
}
finish() {
  if [ "$fails" -gt 0 ]; then echo "$fails failure(s)" >&2; exit 1; fi
  echo "all passed"
}
