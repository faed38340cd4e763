# Sourced by build.sh before the build runs: prerequisites of targets that need a container engine.
# Kept apart from build.sh so bootstrapping stays small; every check here is cheap when all is in place.

# Targets that talk to a container engine (names compared without case and dashes, as the engine does).
PIPELINE_ENGINE_TARGETS="stop baseimage buildparallel verify rebuild"

_pl_normalise() { echo "$1" | tr -d '_-' | tr '[:upper:]' '[:lower:]'; }

# True when the invocation runs an engine target (explicitly, or the default target Rebuild when none is named).
_pl_needs_engine() {
  local arg named=0 i
  local -a args=("$@")
  # --help and --plan run nothing wherever they stand (`Rebuild --plan`), unless switched off (`--plan false`).
  for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
      --help|-h|-\?|--plan)
        [[ "$(_pl_normalise "${args[i + 1]:-}")" == false ]] || return 1 ;;
      --help=*|--plan=*)
        [[ "$(_pl_normalise "${args[i]#*=}")" == false ]] || return 1 ;;
    esac
  done
  for arg in "$@"; do
    case "$arg" in
      --*) break ;;
    esac
    named=1
    local part
    for part in ${arg//+/ }; do
      [[ " $PIPELINE_ENGINE_TARGETS " == *" $(_pl_normalise "$part") "* ]] && return 0
    done
  done
  [[ $named -eq 0 ]]   # no target named: the default (Rebuild) needs an engine
}

_pl_has_engine() {
  command -v podman >/dev/null 2>&1 && return 0
  command -v dockerd >/dev/null 2>&1 && return 0
  local socket
  for socket in "${DOCKER_HOST#unix://}" "${CONTAINER_HOST#unix://}" /run/podman/podman.sock "${XDG_RUNTIME_DIR:-/nonexistent}/podman/podman.sock" /var/run/docker.sock; do
    [[ -n "$socket" && -S "$socket" ]] && return 0
  done
  return 1
}

pipeline_prerequisites() {
  _pl_needs_engine "$@" || return 0
  _pl_has_engine && return 0
  local arg
  for arg in "$@"; do [[ "$(_pl_normalise "$arg")" == "noinstall" ]] && PIPELINE_NO_INSTALL=1; done
  if [[ "${PIPELINE_NO_INSTALL:-}" == 1 || "${PIPELINE_NO_INSTALL:-}" == true ]]; then
    fail "no container engine found and installing is forbidden (--no-install): install podman and runc (apt-get install podman runc) or Docker"
  fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    fail "no container engine found: install podman and runc (Debian/Ubuntu: sudo apt-get install podman runc) or Docker, then retry"
  fi
  echo "build.sh: no container engine found; installing podman and runc with apt-get (forbid with --no-install or PIPELINE_NO_INSTALL=1)" >&2
  mkdir -p "$TEMP_DIR"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc buildah uidmap slirp4netns fuse-overlayfs; } \
    >"$TEMP_DIR/install-podman.log" 2>&1 \
    || fail "installing podman failed (see .nuke/temp/install-podman.log)"
  echo "build.sh: podman $(podman --version | awk '{print $3}') installed" >&2
}
