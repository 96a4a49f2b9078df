#!/bin/sh
# Export one Croct window as N shards in parallel on this machine (or, with GNU parallel's --sshlogin,
# across machines), then concatenate them: the result is byte for byte one run over the whole window.
# Each shard has its own output and state file, so a shard that fails is simply run again: it resumes
# where it stopped. CROCT_API_KEY must be set in the environment (never on the command line).
#
#   CROCT_API_KEY=... sh examples/fan-out.sh
set -eu

N=${N:-8}
START=${START:-2026-11-01T00:00:00Z}
END=${END:-2026-12-01T00:00:00Z}
export START END N

# GNU parallel: one job per shard, N at a time; --halt stops the others when one fails.
if command -v parallel >/dev/null 2>&1; then
  seq 0 $((N - 1)) | parallel --halt now,fail=1 -j "$N" \
    'export-stream events --start "$START" --end "$END" --partition {}/$N --out events-{}.ndjson --state events-{}.state.json'
else
  # xargs -P: the same with POSIX tools.
  seq 0 $((N - 1)) | xargs -P "$N" -I{} sh -c \
    'export-stream events --start "$START" --end "$END" --partition {}/$N --out events-{}.ndjson --state events-{}.state.json'
fi

# Shard order is numeric order: 0, 1, ..., N-1.
i=0
: > events.ndjson
while [ "$i" -lt "$N" ]; do
  cat "events-$i.ndjson" >> events.ndjson
  i=$((i + 1))
done
echo "events.ndjson: $(wc -l < events.ndjson) events" >&2
