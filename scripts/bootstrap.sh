# Shared by ./run and ./test: find Python >= 3.11, make .venv, install from the lock file.
# Sourced, not executed. Call: bootstrap_venv "" (runtime) or bootstrap_venv "test".

say() { printf '%s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

find_python() {
  local candidate
  for candidate in "${TOWNHALL_PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

bootstrap_venv() {
  local extras="$1" python stamp want
  python=$(find_python) || die "Townhall needs Python 3.11 or newer. On Debian/Ubuntu: sudo apt-get install python3"
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
      local version
      version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      die "Python's venv module is missing. Install it with: sudo apt-get install python${version}-venv   (or python3-venv)"
    fi
    say "Creating the virtual environment in .venv ..."
    "$python" -m venv .venv || { rm -rf .venv; die "Could not create .venv; on Debian/Ubuntu: sudo apt-get install python3-venv"; }
  fi
  want="$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)-${extras:-runtime}"
  stamp=.venv/.townhall-installed
  # A test install also satisfies a runtime one.
  if [ -f "$stamp" ] && { [ "$(cat "$stamp")" = "$want" ] || { [ -z "$extras" ] && grep -q "^${want%-runtime}-test$" "$stamp"; }; }; then
    return 0
  fi
  say "Installing Townhall and its pinned dependencies (first run takes a minute or two) ..."
  local target="."
  [ -n "$extras" ] && target=".[$extras]"
  local log=.venv/install.log
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip \
         && .venv/bin/python -m pip install --disable-pip-version-check -c requirements.lock -e "$target"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "Installing dependencies failed (above; whole log in $log). Check the connection to the Python package index."
  fi
  echo "$want" > "$stamp"
}
