#!/bin/sh
# The main job: install what is missing, build, and run stipend on the bundled defaults.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "== stipend explain: a typical student, 2025-26 (living away, 60 credits passed, NOK 120 000 income)"
./build/stipend explain --year 2025-26 --income 120000
echo
echo "== stipend repay: a typical debt (NOK 434 000, the 2024 average at the end of study in Norway) at 5.175 %"
./build/stipend repay --debt 434000 --rate 5.175
