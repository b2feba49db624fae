# The installed library and command: cmake --install into a temporary prefix; the installed
# stipend runs a scenario from another folder with the installed datasets; a C program
# (docs/examples/run_scenario.c) compiles against the installed library through pkg-config,
# prepares a scenario, runs it and reads its summary.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
build=$(dirname "$bin")
cmake --install "$build" --prefix "$tmp/usr" >/dev/null || { echo "FAIL: cmake --install" >&2; exit 1; }
pfx=$tmp/usr
for f in bin/stipend include/stipend/prepared.h include/stipend/rules/support.h \
  share/stipend/datasets/policy share/stipend/plots/common.gp \
  share/stipend/examples/baseline-2025-26.ini; do
  [ -e "$pfx/$f" ] || fail "not installed: $f"
done
pc=$(find "$pfx" -name stipend.pc | head -1)
[ -n "$pc" ] || fail "no stipend.pc"
[ -n "$(find "$pfx" -name 'libstipend.so*' | head -1)" ] || fail "no libstipend.so"
[ -n "$(find "$pfx" -name libstipend.a | head -1)" ] || fail "no libstipend.a"
[ -n "$(find "$pfx" -name stipendConfig.cmake | head -1)" ] || fail "no stipendConfig.cmake"

# The installed binary, from another folder, without STIPEND_DATASETS: the installed datasets.
mkdir -p "$tmp/work" && cd "$tmp/work" || exit 1
expect 0 "datasets: $pfx/share/stipend/datasets" -- env -u STIPEND_DATASETS "$pfx/bin/stipend" --version
expect 0 "students in" -- env -u STIPEND_DATASETS "$pfx/bin/stipend" run \
  "$pfx/share/stipend/examples/baseline-2025-26.ini" --size 300 --quiet --out out
[ -s out/summary.csv ] || fail "the installed stipend wrote no summary.csv"

# A researcher's program against the installed library, through pkg-config.
export PKG_CONFIG_PATH="$(dirname "$pc")"
libdir=$(pkg-config --variable=libdir stipend)
cc -std=c11 ${STP_EXTRA_CFLAGS:-} -o run_scenario "$src/../docs/examples/run_scenario.c" \
  $(pkg-config --cflags --libs stipend) -Wl,-rpath,"$libdir" || fail "compiling against the library"
if [ -x run_scenario ]; then
  expect 0 "^  paid_out_nok +[0-9]+\\.[0-9][0-9]$" -- env -u STIPEND_DATASETS ./run_scenario \
    "$pfx/share/stipend/examples/baseline-2025-26.ini" policy.basic_support=1.5G
  expect 2 "basic_suport" -- ./run_scenario "$pfx/share/stipend/examples/baseline-2025-26.ini" \
    policy.basic_suport=1
  # the program and the installed command agree on the same scenario and size
  env -u STIPEND_DATASETS ./run_scenario "$pfx/share/stipend/examples/baseline-2025-26.ini" \
    > prog.txt
  env -u STIPEND_DATASETS "$pfx/bin/stipend" run "$pfx/share/stipend/examples/baseline-2025-26.ini" \
    --size 2000 --quiet --out same > /dev/null
  want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "paid_out_nok") c = i } NR == 2 { print $c }' same/summary.csv)
  grep -q "paid_out_nok  *$want\$" prog.txt || fail "the program's paid_out_nok is not the command's ($want)"
fi

# The same program through CMake's find_package(stipend).
mkdir -p "$tmp/fp"
cat > "$tmp/fp/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.25)
project(fp C)
find_package(stipend REQUIRED)
add_executable(run_scenario $src/../docs/examples/run_scenario.c)
target_link_libraries(run_scenario PRIVATE stipend::stipend_shared)
CM
if cmake -S "$tmp/fp" -B "$tmp/fp/b" -DCMAKE_PREFIX_PATH="$pfx" \
     -DCMAKE_C_FLAGS="${STP_EXTRA_CFLAGS:-}" >/dev/null 2>&1 &&
   cmake --build "$tmp/fp/b" >/dev/null 2>&1; then
  expect 0 "^  students +2000$" -- env -u STIPEND_DATASETS "$tmp/fp/b/run_scenario" \
    "$pfx/share/stipend/examples/baseline-2025-26.ini"
else
  fail "find_package(stipend) and a build against stipend::stipend_shared"
fi
finish
