#!/bin/sh
# A stand-in for the graded test product: it speaks Swift Testing's event
# stream for seven tests, one of each fate, so the runner's isolation can be
# tested without building anything.
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
line=0
run=""
for t in passes fails crashes hangs stub exits alsoPasses; do
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
    crashes)
      echo "Exercises/Fake.swift:9: Fatal error: Index out of range" >&2
      kill -ILL $$
      ;;
    hangs)
      exec sleep 30
      ;;
    exits)
      exit 3
      ;;
    stub)
      echo "Exercises/Fake.swift:3: Fatal error: not implemented yet: step(_:) — write it in Exercises/Fake.swift" >&2
      kill -ILL $$
      ;;
  esac
  event testEnded "$id"
done
