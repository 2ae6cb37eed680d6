#!/usr/bin/env bash
# Provisions the control-plane binaries the tests, the playground and the benchmark run on:
# kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (Kubernetes), etcd, kwok and kwokctl; and
# kstatus, sigs.k8s.io/cli-utils' status library as a command, which the tests judge readiness against.
#
# Lookup order, first that answers wins:
#   1. the cache, $TESTENV_BIN_CACHE (default ~/.cache/testenv-operator/bin), one directory per version set;
#   2. a build from the Go module proxy (needs Go >= 1.25 and the proxy): CGO_ENABLED=0, version ldflags;
#   3. the official release binaries (needs curl and internet: dl.k8s.io, github.com).
#
# Idempotent: a complete cache directory is used as it is. Prints each step and how long it took.
# Prints nothing else on stdout with --print-dir (the cache directory, for scripts).
# Nothing it writes is inside the repository.
set -euo pipefail

# The pinned versions; the environment may override them.
_pinned=$(dirname "$0")/control-plane.env
K8S_VERSION=${K8S_VERSION:-$(sed -n 's/^K8S_VERSION=//p' "$_pinned")}
ETCD_VERSION=${ETCD_VERSION:-$(sed -n 's/^ETCD_VERSION=//p' "$_pinned")}
KWOK_VERSION=${KWOK_VERSION:-$(sed -n 's/^KWOK_VERSION=//p' "$_pinned")}
CACHE_ROOT=${TESTENV_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/testenv-operator/bin}
DIR="$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl)

print_dir=false
case "${1:-}" in
  --print-dir) print_dir=true ;;
  --help|-h) sed -n '2,13p' "$0"; exit 0 ;;
  "") ;;
  *) echo "provision: unknown argument $1" >&2; exit 2 ;;
esac

log() { echo "provision: $*" >&2; }
step_start=0
begin() { step_start=$(date +%s); log "$*"; }
done_step() { log "  done in $(( $(date +%s) - step_start )) s"; }

complete() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$1/$b" ]] || return 1; done
  [[ -f "$1/.complete" ]]
}

# kube-api-test (io.fabric8:kube-api-test) wants <dir>/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}.
# Its etcd listens on 0.0.0.0; the wrapper keeps it on loopback.
kube_api_test_layout() {
  local k="$DIR/kubeapitest/k8s/$K8S_VERSION-linux-amd64"
  mkdir -p "$k"
  ln -sfn "$DIR/kube-apiserver" "$k/kube-apiserver"
  ln -sfn "$DIR/kubectl" "$k/kubectl"
  cat > "$k/etcd" <<EOF
#!/usr/bin/env bash
# kube-api-test passes http://0.0.0.0:<port> as etcd's client URLs: keep etcd on loopback
args=(); for a in "\$@"; do args+=("\${a//0.0.0.0/127.0.0.1}"); done
exec "$DIR/etcd" "\${args[@]}"
EOF
  chmod +x "$k/etcd"
}

# kstatus (sigs.k8s.io/cli-utils, pinned in hack/kstatus/go.mod): the tests ask it what Flux, kpt and Helm's
# --wait read from a TestEnvironment. Built once per cache directory, from the Go module proxy; without Go the
# tests that need it say so.
kstatus_tool() {
  [[ -x "$DIR/kstatus" ]] && return 0
  command -v go >/dev/null 2>&1 || { log "no Go: kstatus is not built (the kstatus tests need it)"; return 0; }
  begin "building kstatus (sigs.k8s.io/cli-utils) from the Go module proxy"
  if (cd "$(dirname "$0")/kstatus" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-local} \
      go build -trimpath -ldflags "-s -w" -o "$DIR/kstatus.tmp" .) >&2; then
    mv -f "$DIR/kstatus.tmp" "$DIR/kstatus"
    done_step
  else
    log "kstatus could not be built (the kstatus tests need it)"
  fi
}

finish() {
  kube_api_test_layout
  kstatus_tool
  "$DIR/kube-apiserver" --version >&2
  "$DIR/etcd" --version 2>&1 | sed -n 1p >&2
  "$DIR/kwokctl" --version >&2
  log "binaries in $DIR ($(du -sh "$DIR" | cut -f1))"
  if $print_dir; then echo "$DIR"; fi
}

total_start=$(date +%s)
if complete "$DIR"; then
  log "cached: $DIR"
  finish
  exit 0
fi

mkdir -p "$DIR"
TMP=$(mktemp -d "$CACHE_ROOT/.build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

build_from_proxy() {
  command -v go >/dev/null 2>&1 || { log "no Go toolchain"; return 1; }
  export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-local}
  begin "checking that the Go module proxy serves k8s.io/kubernetes v$K8S_VERSION, etcd v$ETCD_VERSION, kwok v$KWOK_VERSION"
  local versions
  versions=$(go list -m -versions k8s.io/kubernetes go.etcd.io/etcd/server/v3 sigs.k8s.io/kwok 2>>"$GOLOG") || { log "the Go module proxy does not answer"; return 1; }
  for want in "v$K8S_VERSION" "v$ETCD_VERSION" "v$KWOK_VERSION"; do
    grep -qw -- "$want" <<<"$versions" || { log "the proxy does not list $want"; return 1; }
  done
  done_step

  # Kubernetes: k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging;
  # a wrapper module replaces each with the published k8s.io/<m> v0.<minor>.<patch>. The list comes from
  # k8s.io/kubernetes' own go.mod, served by the proxy.
  begin "resolving the wrapper module for k8s.io/kubernetes v$K8S_VERSION"
  local w="$TMP/k8s"
  mkdir -p "$w" && cd "$w"
  go mod init local/k8s-binaries >>"$GOLOG" 2>&1
  local modfile staging
  modfile=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p') || return 1
  staging=$(sed -n 's|^[[:space:]]*\(k8s.io/[^[:space:]]*\) => \./staging/.*|\1|p' "$modfile")
  [[ -n "$staging" ]] || { log "no staging replaces found in $modfile"; return 1; }
  local m
  for m in $staging; do go mod edit -replace="$m=$m@v0.${K8S_VERSION#1.}"; done
  go mod edit -require="k8s.io/kubernetes@v$K8S_VERSION"
  cat > tools.go <<'EOF'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
EOF
  go mod tidy -e >>"$GOLOG" 2>&1 || true
  go get "k8s.io/kubernetes@v$K8S_VERSION" >>"$GOLOG" 2>&1 || return 1
  log "  $(wc -w <<<"$staging") staging modules replaced at v0.${K8S_VERSION#1.}"
  done_step

  local minor ldf bdate
  minor=$(cut -d. -f2 <<<"$K8S_VERSION")
  bdate=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  ldf="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=$bdate"
  done
  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    begin "building $c v$K8S_VERSION"
    go build -trimpath -tags=selinux,notest,grpcnotrace -ldflags "$ldf" -o "$TMP/out/$c" "k8s.io/kubernetes/cmd/$c" || return 1
    done_step
  done

  # etcd: the module root of go.etcd.io/etcd/server/v3 is package main; its replaces are ignored as a dependency.
  begin "building etcd v$ETCD_VERSION"
  local e="$TMP/etcd"
  mkdir -p "$e" && cd "$e"
  go mod init local/etcd-binary >>"$GOLOG" 2>&1
  go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" >>"$GOLOG" 2>&1 || return 1
  cat > tools.go <<'EOF'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
EOF
  go mod tidy -e >>"$GOLOG" 2>&1 || true
  go build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION" -o "$TMP/out/etcd" go.etcd.io/etcd/server/v3 || return 1
  done_step

  # kwok and kwokctl: no replace directives, so go install works as documented.
  begin "building kwok and kwokctl v$KWOK_VERSION"
  GOBIN="$TMP/out" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=v$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=v$K8S_VERSION" \
    "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@v$KWOK_VERSION" || return 1
  done_step
}

download_releases() {
  command -v curl >/dev/null 2>&1 || { log "no curl"; return 1; }
  local arch
  case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) log "unsupported architecture $(uname -m)"; return 1 ;; esac
  local c sum
  for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    begin "downloading $c v$K8S_VERSION"
    curl -fsSL --retry 3 -o "$TMP/out/$c" "https://dl.k8s.io/release/v$K8S_VERSION/bin/linux/$arch/$c" || return 1
    sum=$(curl -fsSL --retry 3 "https://dl.k8s.io/release/v$K8S_VERSION/bin/linux/$arch/$c.sha256") || return 1
    echo "$sum  $TMP/out/$c" | sha256sum -c --quiet - || { log "$c: checksum mismatch"; return 1; }
    done_step
  done
  begin "downloading etcd v$ETCD_VERSION"
  curl -fsSL --retry 3 "https://github.com/etcd-io/etcd/releases/download/v$ETCD_VERSION/etcd-v$ETCD_VERSION-linux-$arch.tar.gz" \
    | tar -xz -C "$TMP" && mv "$TMP/etcd-v$ETCD_VERSION-linux-$arch/etcd" "$TMP/out/etcd" || return 1
  done_step
  for c in kwok kwokctl; do
    begin "downloading $c v$KWOK_VERSION"
    curl -fsSL --retry 3 -o "$TMP/out/$c" "https://github.com/kubernetes-sigs/kwok/releases/download/v$KWOK_VERSION/$c-linux-$arch" || return 1
    done_step
  done
}

# Inside an if condition errexit is off, so each step returns 1 itself and every binary is checked after.
all_built() { local b; for b in "${BINARIES[@]}"; do [[ -s "$TMP/out/$b" ]] || return 1; done; }
mkdir -p "$TMP/out"
GOLOG="$TMP/go.log"
if ! (build_from_proxy) || ! all_built; then
  if [[ -s "$GOLOG" ]]; then log "the Go tool said, last:"; tail -n 15 "$GOLOG" >&2; fi
  log "building from the Go module proxy failed or is not possible; trying the official release downloads"
  rm -rf "$TMP/out"; mkdir -p "$TMP/out"
  { download_releases && all_built; } || { log "no way to get the binaries: no cache in $CACHE_ROOT, no Go module proxy, no download"; exit 1; }
fi
chmod +x "$TMP/out/"*
for b in "${BINARIES[@]}"; do mv -f "$TMP/out/$b" "$DIR/$b"; done
touch "$DIR/.complete"
log "provisioned in $(( $(date +%s) - total_start )) s"
finish
