# Sourced by build.sh (under `set -euo pipefail`) before the build runs: installs, once, the Debian packages the
# requested targets need. Kept apart from build.sh so bootstrapping stays small; every check here is cheap when all is
# in place, and every failure is one line naming what is missing and how to get it.

# Packages per need. Names are Debian's; each has a probe below that says whether it is usable already.
PIPELINE_ENGINE_PACKAGES="podman runc buildah uidmap slirp4netns fuse-overlayfs"
PIPELINE_BOOTSTRAP_PACKAGES="debootstrap"
# LockCpu resolves with the host's `python3 -m pip`; the tests also make venvs.
PIPELINE_PYTHON_PACKAGES="python3-pip"
# The test suite: a real podman service, static busybox for tiny test images, debootstrap for the base image tests,
# dockerd for the Docker smoke tests, a local registry for pull paths, patch for diffs, venv for real pip.
PIPELINE_TEST_PACKAGES="$PIPELINE_ENGINE_PACKAGES $PIPELINE_BOOTSTRAP_PACKAGES $PIPELINE_PYTHON_PACKAGES python3-venv busybox-static docker.io docker-registry patch"

# Targets (names compared without case, dashes and underscores, as the engine does) and what each needs.
# Dependencies are spelled out: BuildParallel runs BaseImage; Rebuild runs everything.
_pl_target_needs() {
  case "$1" in
    rebuild|baseimage|buildparallel) echo "engine bootstrap python" ;;
    stop|verify|cleanengine) echo "engine" ;;
    lockcpu) echo "python" ;;
    test) echo "test" ;;
    *) echo "" ;;
  esac
}

_pl_normalise() { printf '%s' "$1" | tr -d '_-' | tr '[:upper:]' '[:lower:]'; }

# The targets named on the command line (the default, Rebuild, when none is); nothing for --help/--plan, which run
# nothing wherever they stand (`Rebuild --plan`), unless switched off (`--plan false`).
_pl_requested_targets() {
  local -a args=("$@")
  local i arg part named=0
  for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
      --complete|--completion) return 0 ;;
      --help|-h|-\?|--plan)
        [[ "$(_pl_normalise "${args[i + 1]:-}")" == false ]] || return 0 ;;
      --help=*|--plan=*)
        [[ "$(_pl_normalise "${args[i]#*=}")" == false ]] || return 0 ;;
    esac
  done
  for arg in "$@"; do
    case "$arg" in --*) break ;; esac
    named=1
    for part in ${arg//+/ }; do _pl_normalise "$part"; echo; done
  done
  [[ $named -eq 1 ]] || echo rebuild
}

# The needs (engine, bootstrap, python, test) of the invocation, one per line, each once.
_pl_needs() {
  local target need
  for target in $(_pl_requested_targets "$@"); do
    for need in $(_pl_target_needs "$target"); do echo "$need"; done
  done | sort -u
}

# Kept for callers and tests: true when the invocation runs a target that talks to a container engine.
_pl_needs_engine() { _pl_needs "$@" | grep -qx -e engine -e test; }

# A usable container engine is already there: podman or dockerd installed, or a socket that exists.
_pl_has_engine() {
  command -v podman >/dev/null 2>&1 && return 0
  command -v dockerd >/dev/null 2>&1 && return 0
  local socket
  for socket in "${DOCKER_HOST:-}" "${CONTAINER_HOST:-}" /run/podman/podman.sock "${XDG_RUNTIME_DIR:-/nonexistent}/podman/podman.sock" /var/run/docker.sock; do
    socket="${socket#unix://}"
    [[ -n "$socket" && -S "$socket" ]] && return 0
  done
  return 1
}

# Whether one Debian package is in place, by what it provides (so an engine installed another way counts, and a
# PATH without it does not).
_pl_has_package() {
  case "$1" in
    uidmap) command -v newuidmap >/dev/null 2>&1 ;;
    busybox-static) command -v busybox >/dev/null 2>&1 ;;
    docker.io) command -v dockerd >/dev/null 2>&1 ;;
    python3-venv) python3 -c 'import ensurepip, venv' >/dev/null 2>&1 ;;
    python3-pip) python3 -m pip --version >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

# The packages the needs call for that are not in place, space-separated.
_pl_missing_packages() {
  local need package wanted=""
  for need in $(_pl_needs "$@"); do
    case "$need" in
      engine) _pl_has_engine || wanted+=" $PIPELINE_ENGINE_PACKAGES" ;;
      bootstrap) wanted+=" $PIPELINE_BOOTSTRAP_PACKAGES" ;;
      python) wanted+=" $PIPELINE_PYTHON_PACKAGES" ;;
      test) wanted+=" $PIPELINE_TEST_PACKAGES" ;;
    esac
  done
  local -a missing=()
  for package in $(printf '%s\n' $wanted | awk 'NF && !seen[$0]++'); do
    _pl_has_package "$package" || missing+=("$package")
  done
  echo "${missing[*]:-}"
}

_pl_install_forbidden() {
  local arg
  for arg in "$@"; do
    case "$(_pl_normalise "$arg")" in
      noinstall|noinstall=true) return 0 ;;
    esac
  done
  [[ "${PIPELINE_NO_INSTALL:-}" == 1 || "${PIPELINE_NO_INSTALL:-}" == true ]]
}

pipeline_prerequisites() {
  _pl_install_packages "$@"
  _pl_ensure_pwsh "$@"
}

_pl_install_packages() {
  local missing
  missing="$(_pl_missing_packages "$@")"
  [[ -n "$missing" ]] || return 0
  if _pl_install_forbidden "$@"; then
    fail "missing Debian packages and installing is forbidden (--no-install / PIPELINE_NO_INSTALL): install them with: apt-get install $missing"
  fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    fail "missing packages: $missing (Debian/Ubuntu: sudo apt-get install $missing; elsewhere your system's equivalents), then retry"
  fi
  echo "build.sh: installing $missing with apt-get, once (forbid with --no-install or PIPELINE_NO_INSTALL=1; log: .nuke/temp/install-packages.log)" >&2
  mkdir -p "$TEMP_DIR"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } \
    >"$TEMP_DIR/install-packages.log" 2>&1 \
    || fail "installing $missing failed: $(tail -n 1 "$TEMP_DIR/install-packages.log") (full output: .nuke/temp/install-packages.log)"
}

# PowerShell for the build.ps1 parity tests: a .NET tool under .nuke/temp/tools (Debian has no pwsh package).
PIPELINE_PWSH_VERSION="7.6.10"
_pl_ensure_pwsh() {
  _pl_needs "$@" | grep -qx test || return 0
  command -v pwsh >/dev/null 2>&1 && return 0
  [[ -x "$TEMP_DIR/tools/pwsh" ]] && return 0
  if _pl_install_forbidden "$@"; then
    fail "pwsh is missing and installing is forbidden (--no-install / PIPELINE_NO_INSTALL): install it with: dotnet tool install --tool-path .nuke/temp/tools PowerShell --version $PIPELINE_PWSH_VERSION"
  fi
  echo "build.sh: installing PowerShell $PIPELINE_PWSH_VERSION into .nuke/temp/tools, once (for the build.ps1 tests)" >&2
  mkdir -p "$TEMP_DIR"
  "$DOTNET" tool install --tool-path "$TEMP_DIR/tools" PowerShell --version "$PIPELINE_PWSH_VERSION" >"$TEMP_DIR/install-pwsh.log" 2>&1 \
    || fail "installing PowerShell failed: $(tail -n 1 "$TEMP_DIR/install-pwsh.log") (full output: .nuke/temp/install-pwsh.log)"
}
