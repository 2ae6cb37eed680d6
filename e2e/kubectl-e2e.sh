#!/usr/bin/env bash
# End-to-end checks of testenv-operator through kubectl, the client test suites use.
# Runs against whatever KUBECONFIG points at: the playground (from KubectlEndToEndIT) or a real cluster
# with the operator deployed (the kind workflow in .github/workflows).
#
#   READY_SAMPLES   samples that must reach Ready (default: all but failing)
#   FAILING_SAMPLE  sample that must fail (default: failing; empty skips)
#   EXPECT_JOB_FAILURE=1   the failure must be the migrations Job failing (the playground simulates it)
#   WAIT_TIMEOUT    kubectl wait timeout per environment (default 120s)
#   OPERATOR_LOG    a file to print when a check fails (else: kubectl logs of deploy/testenv-operator)
#   GC_SAMPLE       a Ready sample to delete at the end: its namespaced objects and pods must be garbage-collected
#                   (default datastorage when it is among READY_SAMPLES; empty skips)
set -euo pipefail
cd "$(dirname "$0")/.."

READY_SAMPLES=${READY_SAMPLES:-"hello-world datastorage gateway signalprocessing"}
FAILING_SAMPLE=${FAILING_SAMPLE-failing}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-120s}
RUN=${E2E_RUN:-e2e-$$}
NS=$RUN
current=""

diagnose() {
  echo "---- e2e failed${current:+ on $current}; diagnostics ----"
  kubectl -n "$NS" get testenvironments -o yaml || true
  kubectl -n "$NS" get events --sort-by=.lastTimestamp || true
  kubectl -n "$NS" get all || true
  if [[ -n "${OPERATOR_LOG:-}" && -f "${OPERATOR_LOG}" ]]; then
    tail -n 200 "$OPERATOR_LOG"
  else
    kubectl -n testenv-system logs deploy/testenv-operator --tail=200 || true
  fi
}
trap diagnose ERR

fail() { echo "e2e: $*" >&2; false; }

seconds_between() {  # RFC 3339 timestamps -> seconds, to 0.1 s
  awk -v a="$(date -d "$1" +%s.%N)" -v b="$(date -d "$2" +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

# One namespace per environment, as test suites use them: environments in one namespace must not share objects.
use_namespace() {
  NS="$RUN-$1"
  kubectl apply -f - <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $NS
YAML
}

# A sample in this run's namespace: each sample file creates a namespace named like it (its first document) and
# puts everything in it, the RBAC of the samples that act as a ServiceAccount included; here the namespace is
# the run's own.
sample_in_namespace() {
  awk 'BEGIN { RS = "\n---\n"; ORS = "\n---\n" } !/\nkind: Namespace\n/' "samples/$1.yaml" \
    | sed "s/namespace: $1\$/namespace: $NS/"
}

# The API server publishes the CRD's schema: kubectl explain reads it.
explained=$(kubectl explain testenvironment.spec.components)
grep -q "dependsOn" <<<"$explained" || fail "kubectl explain testenvironment.spec.components does not describe dependsOn"

WATCH_LOG=$(mktemp)
watch_pid=""
cleanup() { if [[ -n "$watch_pid" ]]; then kill "$watch_pid" 2>/dev/null || true; fi; rm -f "$WATCH_LOG"; }
trap cleanup EXIT

first=true
for sample in $READY_SAMPLES; do
  current=$sample
  use_namespace "$sample"
  if $first; then
    # kubectl get -w streams the environment's transitions with the printer columns.
    kubectl -n "$NS" get te -w >"$WATCH_LOG" 2>&1 &
    watch_pid=$!
  fi
  sample_in_namespace "$sample" | kubectl apply -f -
  kubectl -n "$NS" wait --for=condition=Ready "testenvironment/$sample" --timeout="$WAIT_TIMEOUT"
  if $first; then
    for _ in $(seq 50); do grep -Eq "^$sample +Ready " "$WATCH_LOG" && break; sleep 0.1; done
    kill "$watch_pid" 2>/dev/null || true; wait "$watch_pid" 2>/dev/null || true; watch_pid=""
    echo "e2e: kubectl get te -w printed:"; cat "$WATCH_LOG"
    head -1 "$WATCH_LOG" | grep -Eq '^NAME +PHASE +READY +AGE$' || fail "kubectl get te -w lost the printer columns"
    grep -Eq "^$sample +Ready +[0-9]+/[0-9]+ " "$WATCH_LOG" || fail "kubectl get te -w never showed $sample Ready"
    first=false
  fi
  # The workloads' pods exist and run, as their controllers created them.
  workloads=$(kubectl -n "$NS" get deploy,sts,ds,job -l "testenv.io/environment=$sample" --no-headers 2>/dev/null | wc -l)
  if [[ "$workloads" -gt 0 ]]; then
    pods=$(kubectl -n "$NS" get pods --no-headers)
    echo "$pods"
    [[ -n "$pods" ]] || fail "kubectl get pods lists no pods for $sample's $workloads workloads"
    ! grep -Evq ' (Running|Completed) ' <<<"$pods" || fail "$sample is Ready but not all of its pods run or completed"
    # Every pod not of a Job is ready (a Job's pods have completed).
    kubectl -n "$NS" wait --for=condition=Ready pod -l "testenv.io/environment=$sample,!batch.kubernetes.io/job-name" \
      --timeout=10s >/dev/null || fail "$sample is Ready but a pod of it is not ready"
  fi
  for component in $(kubectl -n "$NS" get te "$sample" -o jsonpath='{.spec.components[*].name}'); do
    kubectl -n "$NS" wait --for=condition="component.testenv.io/$component" "testenvironment/$sample" --timeout=10s >/dev/null
  done
  table=$(kubectl -n "$NS" get te "$sample")
  echo "$table"
  head -1 <<<"$table" | grep -Eq '^NAME +PHASE +READY +AGE$' || fail "kubectl get te does not show the printer columns"
  total=$(kubectl -n "$NS" get te "$sample" -o jsonpath='{.spec.components[*].name}' | wc -w)
  grep -Eq "^$sample +Ready +$total/$total " <<<"$table" || fail "$sample is not shown Ready $total/$total"
  described=$(kubectl -n "$NS" describe te "$sample")
  grep -q "AllComponentsReady" <<<"$described" || fail "kubectl describe shows no Ready event"
  started=$(kubectl -n "$NS" get te "$sample" -o jsonpath='{.status.timing.startedAt}')
  ready=$(kubectl -n "$NS" get te "$sample" -o jsonpath='{.status.timing.readyAt}')
  path=$(kubectl -n "$NS" get te "$sample" -o jsonpath='{.status.timing.criticalPath}')
  [[ -n "$path" ]] || fail "$sample shows no critical path in status.timing"
  echo "e2e: $sample Ready in $(seconds_between "$started" "$ready")s;" \
    "critical path $path: $(kubectl -n "$NS" get te "$sample" -o jsonpath='{.status.timing.criticalPathSeconds}')s;" \
    "sequential: $(kubectl -n "$NS" get te "$sample" -o jsonpath='{.status.timing.sequentialSeconds}')s"
done

if [[ -n "$FAILING_SAMPLE" ]]; then
  current=$FAILING_SAMPLE
  use_namespace "$FAILING_SAMPLE"
  sample_in_namespace "$FAILING_SAMPLE" | kubectl apply -f -
  kubectl -n "$NS" wait --for=condition=Failed "testenvironment/$FAILING_SAMPLE" --timeout="$WAIT_TIMEOUT"
  message=$(kubectl -n "$NS" get te "$FAILING_SAMPLE" -o jsonpath='{.status.conditions[?(@.type=="Failed")].message}')
  echo "e2e: $FAILING_SAMPLE Failed: $message"
  grep -q "migrations" <<<"$message" || fail "the Failed message does not name the migrations component"
  if [[ "${EXPECT_JOB_FAILURE:-0}" == 1 ]]; then
    grep -q "Job migrations" <<<"$message" || fail "the Failed message does not name the Job"
    grep -q "BackoffLimitExceeded" <<<"$message" || fail "the Failed message does not give the Job's reason"
  fi
  # Output captured first: grep -q stops reading at the first match, which would SIGPIPE kubectl under pipefail.
  table=$(kubectl -n "$NS" get te "$FAILING_SAMPLE")
  grep -Eq "^$FAILING_SAMPLE +Failed " <<<"$table" || fail "kubectl get te does not show Failed"
  described=$(kubectl -n "$NS" describe te "$FAILING_SAMPLE")
  grep -Eq "Warning +(ComponentFailed|TimedOut)" <<<"$described" || fail "kubectl describe shows no failure event"
fi
if [[ -z ${GC_SAMPLE+set} ]]; then
  GC_SAMPLE=""
  if grep -qw datastorage <<<"$READY_SAMPLES"; then GC_SAMPLE=datastorage; fi
fi
if [[ -n "$GC_SAMPLE" ]]; then
  current="deleting $GC_SAMPLE"
  NS="$RUN-$GC_SAMPLE"
  objects=$(kubectl -n "$NS" get deploy,sts,job,cm,secret,svc -l "testenv.io/environment=$GC_SAMPLE" -o name)
  [[ -n "$objects" ]] || fail "$GC_SAMPLE has no labelled objects to garbage-collect"
  kubectl -n "$NS" delete te "$GC_SAMPLE" --timeout=60s
  left=$(kubectl -n "$NS" get deploy,sts,job,cm,secret,svc,pods -l "testenv.io/environment=$GC_SAMPLE" -o name)
  if [[ -n "$left" ]]; then
    # shellcheck disable=SC2086
    kubectl -n "$NS" wait --for=delete $left --timeout=60s >/dev/null || true
  fi
  left=$(kubectl -n "$NS" get deploy,sts,job,cm,secret,svc,pods -l "testenv.io/environment=$GC_SAMPLE" -o name)
  [[ -z "$left" ]] || fail "deleting $GC_SAMPLE left $left behind"
  echo "e2e: deleting $GC_SAMPLE garbage-collected $(wc -l <<<"$objects") objects and their pods"
fi
current=""
echo "e2e: all kubectl checks passed"
