#!/bin/sh
# Every test: install what is missing, build with -Werror and run ctest, then build again
# with AddressSanitizer and UndefinedBehaviorSanitizer (and the fault-injection hooks, for
# tests/cli/test_faults_cli.sh) and run ctest again, then the Open MPI
# build and its tests (the same files at any ranks × threads as the plain build; a killed
# rank), then each fuzzer for 30 s. mpirun runs as root in CI: the MPI tests pass
# --allow-run-as-root --oversubscribe.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
jobs="$(nproc)"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTP_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
ctest --test-dir build-test --output-on-failure -j"$jobs"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSTP_WERROR=ON -DSTP_SANITIZE=ON \
  -DSTP_FAULT_INJECTION=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTP_WERROR=ON -DSTP_MPI=ON -DSTP_TESTS=ON \
  -DSTP_PLAIN_STIPEND="$(pwd)/build-test/stipend" >/dev/null
cmake --build build-mpi -j"$jobs" --target stipend
ctest --test-dir build-mpi --output-on-failure -L mpi
# The libFuzzer harnesses (tests/fuzz), 30 s each with the sanitizers (docs/testing.md).
sh scripts/fuzz.sh 30
