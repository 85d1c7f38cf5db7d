#!/bin/sh
# Fills fuzz/corpus/check (git-ignored) with every YAML file of examples/ and the test
# fixtures, as the fuzzer's starting points. Run from anywhere; re-running adds new files.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus/check"
mkdir -p "$corpus"
n=0
for file in $(find "$root/examples" "$root/crates" "$root/tests" -path '*/target' -prune -o \
        \( -name '*.yaml' -o -name '*.yml' \) -type f -print | sort); do
    # Name each seed by its content, so that copies are not stored twice.
    sum=$(sha1sum "$file" | cut -c1-40)
    cp "$file" "$corpus/$sum"
    n=$((n + 1))
done
echo "seeded $corpus with $n files"
