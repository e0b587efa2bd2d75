#!/bin/sh
# A stand-in for the graded test product: it speaks Swift Testing's event
# stream for nine tests, one of each fate, so the runner's handling of each can
# be tested without building anything. A failed call into the learner's program
# is recorded as the real test product records it: one issue carrying the
# failure (gradkit-learner-failure: JSON), then either the end of that test
# alone (the test abandoned, the process going on) or exit status 86 (where the
# test could not be abandoned).
out=""
filters=""
while [ $# -gt 0 ]; do
  case "$1" in
    --event-stream-output-path) out="$2"; shift 2 ;;
    --filter) filters="$filters
$2"; shift 2 ;;
    *) shift ;;
  esac
done
selected() {
  printf '%s\n' "$filters" | while IFS= read -r f; do
    if [ -n "$f" ] && printf '%s' "$1" | grep -Eq -- "$f"; then echo yes; break; fi
  done
}
emit() { printf '%s\n' "$1" >> "$out"; }
event() {
  emit "{\"kind\":\"event\",\"payload\":{\"kind\":\"$1\",\"testID\":\"$2\"$3},\"version\":0}"
}
recordFailure() {
  # $1 test id, $2 status, $3 message: the learner failure the link records.
  inner="gradkit-learner-failure: {\\\"call\\\":\\\"step(_:)\\\",\\\"location\\\":\\\"exercises/01-Perceptron/Perceptron.swift:9:5\\\",\\\"message\\\":\\\"$3\\\",\\\"printed\\\":[],\\\"status\\\":\\\"$2\\\"}"
  event issueRecorded "$1" ",\"issue\":{\"isKnown\":false},\"messages\":[{\"symbol\":\"fail\",\"text\":\"Issue recorded\"},{\"symbol\":\"details\",\"text\":\"$inner\"}]"
}
failure() {
  recordFailure "$@"
  exit 86
}
line=0
run=""
for t in passes fails crashes hangs stub exits dies abandons alsoPasses; do
  line=$((line + 1))
  id="GradedTests.FakeTests/$t()/Fake.swift:$line:3"
  [ -n "$(selected "$id")" ] || continue
  emit "{\"kind\":\"test\",\"payload\":{\"kind\":\"function\",\"id\":\"$id\",\"name\":\"$t()\",\"displayName\":\"the test that $t\",\"sourceLocation\":{\"fileID\":\"Fake.swift\",\"line\":$line,\"column\":3}},\"version\":0}"
  run="$run $t:$id"
done
for entry in $run; do
  t="${entry%%:*}"
  id="${entry#*:}"
  event testStarted "$id"
  case "$t" in
    fails)
      event issueRecorded "$id" ',"issue":{"isKnown":false},"messages":[{"symbol":"fail","text":"Expectation failed"},{"symbol":"details","text":"expected 1, got 0"}]'
      ;;
    crashes) failure "$id" crashed "Fatal error: Index out of range" ;;
    stub) failure "$id" "not started" "not implemented yet: step(_:)" ;;
    abandons) recordFailure "$id" crashed "Fatal error: Division by zero" ;;
    hangs) exec sleep 30 ;;
    exits) exit 3 ;;
    dies)
      echo "Fatal error: the test process itself broke" >&2
      kill -ILL $$
      ;;
  esac
  event testEnded "$id"
done
