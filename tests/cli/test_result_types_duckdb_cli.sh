# Every result file (tests/result_files.sh) as DuckDB reads it with read_csv_auto and no
# options: the types of tests/cli/test_result_types_cli.sh (pandas) in DuckDB's terms
# (tests/result_types_duckdb.mjs). DuckDB is not a Debian package: this test installs its Node
# client (@duckdb/node-api, a pinned version) from the npm registry into a cache folder
# outside the build (STIPEND_DUCKDB_DIR, default ~/.cache/stipend/duckdb-node-VERSION) the
# first time, and is skipped (77) when node or npm is missing or the install fails (no
# network). scripts/setup.sh installs nothing for it.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
ver=1.5.6-r.1
dir=${STIPEND_DUCKDB_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/stipend/duckdb-node-$ver}
skip() {
  echo "SKIP: $*" >&2
  exit 77
}
command -v node >/dev/null 2>&1 || skip "no node (Debian's nodejs)"
if [ ! -f "$dir/node_modules/@duckdb/node-api/package.json" ]; then
  command -v npm >/dev/null 2>&1 || skip "no npm to install DuckDB's client"
  mkdir -p "$dir" 2>/dev/null || skip "cannot make $dir"
  # one install at a time (two test runs may share the folder)
  flock "$dir" timeout 300 npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    "@duckdb/node-api@$ver" >"$dir/install.log" 2>&1 ||
    skip "npm could not install @duckdb/node-api@$ver (no network?): $(tail -1 "$dir/install.log")"
fi
STIPEND_DUCKDB_DIR=$dir node -e 'require(process.env.STIPEND_DUCKDB_DIR + "/node_modules/@duckdb/node-api")' \
  2>/dev/null || skip "DuckDB's client in $dir does not load on this machine"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/result_files.sh"
result_files "$bin" "$src/../scenarios" "$tmp"
# shellcheck disable=SC2046
STIPEND_DUCKDB_DIR=$dir node "$src/result_types_duckdb.mjs" $(find "$tmp" -name '*.csv' | sort) ||
  fails=$((fails + 1))
finish
