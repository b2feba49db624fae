// STIPEND_DUCKDB_DIR=DIR node tests/result_types_duckdb.mjs FILE...: every result file as DuckDB reads it with
// read_csv_auto and no options (tests/cli/test_result_types_duckdb_cli.sh installs DuckDB's
// Node client, @duckdb/node-api, from npm). The rules of tests/cli/test_result_types_cli.sh
// (pandas) in DuckDB's types: calendar years, seeds, ids and counts an integer type (a seed
// beyond 2^63 would be HUGEINT or DOUBLE), academic years text "2021-22", money, shares and
// rates a number, no other column DOUBLE (an integer column with empty cells, or a mix), no
// text column mixing numbers and text. Every row is read, not only the sniffer's sample.
// A column with no value at all (an interval without replications) has no type to find:
// DuckDB reads it as VARCHAR, pandas as float; it is not checked.
import { createRequire } from "node:module";

// the client installed in STIPEND_DUCKDB_DIR (its node_modules), wherever this file is
const { DuckDBInstance } = createRequire(`${process.env.STIPEND_DUCKDB_DIR}/`)("@duckdb/node-api");

const FLOAT_SUFFIX = ["_nok", "_share", "_years", "_per_year"];
const FLOAT_NAMES = new Set(["discount_factor", "baseline_value", "reform_value", "difference",
  "mean", "sd", "ci95_low", "ci95_high", "min", "max", "from", "to", "share", "published",
  "simulated", "std_error", "value", "value_g", "steady_state_intake", "take_up_share",
  "earn_log_level", "earn_shock_sd", "defer_propensity", "p5", "p50", "p95", "first_order",
  "total_order", "difference_mean", "difference_ci95_low", "difference_ci95_high", "lo", "hi",
  "model", "rate_percent"]);
// a group's name ("1" to "10"); params' period; manifest.csv's hex checksum ("3477e23441342755"
// reads like a number)
const TEXT = new Set(["group", "period", "fnv1a64"]);
const ACADEMIC = new Set(["academic_year", "entry_year", "base_year", "entry_first",
  "entry_last"]);
const INT = new Set(["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER",
  "USMALLINT", "UTINYINT"]);
const NUM = new Set([...INT, "DOUBLE", "FLOAT", "DECIMAL"]);
const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

const con = await (await DuckDBInstance.create(":memory:")).connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRows();
const bad = [];
let n = 0;
for (const f of process.argv.slice(2)) {
  const src = "t";
  let cols;
  try {
    // every row, not only the sniffer's sample: a late cell that breaks the type fails here
    await con.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv_auto('${f.replaceAll("'", "''")}')`);
    cols = await rows(`DESCRIBE t`);
  } catch (e) {
    bad.push(`${f}: ${String(e.message).split("\n")[0]}`);
    continue;
  }
  n++;
  for (const [c, t] of cols) {
    const q = `"${c.replaceAll('"', '""')}"`;
    const [[values]] = await rows(`SELECT count(${q}) FROM ${src}`);
    if (Number(values) === 0) continue; // empty throughout: no type to find
    const type = String(t).replace(/\(.*$/, "");
    if (ACADEMIC.has(c)) {
      if (type !== "VARCHAR") bad.push(`${f}: ${c} is ${t}, not an academic year as text`);
      else {
        const [[odd]] = await rows(`SELECT count(*) FROM ${src} WHERE ${q} IS NOT NULL AND NOT regexp_full_match(${q}, '\\d{4}-\\d\\d')`);
        if (Number(odd) > 0) bad.push(`${f}: ${c} has values not written 2021-22`);
      }
    } else if (FLOAT_SUFFIX.some((s) => c.endsWith(s)) || FLOAT_NAMES.has(c) || c.includes(".")) {
      if (!NUM.has(type)) bad.push(`${f}: ${c} is ${t}, not a number`);
    } else if (c === "year" || c.endsWith("_year") || ["seed", "id", "students"].includes(c)) {
      if (!INT.has(type)) bad.push(`${f}: ${c} is ${t}, not an integer`);
    } else if (TEXT.has(c)) {
      // text by design
    } else if (type === "DOUBLE" || type === "FLOAT" || type === "HUGEINT") {
      bad.push(`${f}: ${c} is ${t} (an integer column with empty cells, or beyond 2^63?)`);
    } else if (type === "VARCHAR") {
      const vals = (await rows(`SELECT DISTINCT ${q} FROM ${src} WHERE ${q} IS NOT NULL`))
        .map((r) => String(r[0]));
      const nums = vals.filter((v) => number.test(v));
      if (nums.length > 0 && nums.length < vals.length)
        bad.push(`${f}: ${c} mixes numbers and text: ${nums.slice(0, 2)} and ` +
                 `${vals.filter((v) => !number.test(v)).slice(0, 2)}`);
    } else if (!NUM.has(type) && type !== "BOOLEAN") {
      bad.push(`${f}: ${c} is ${t}`);
    }
  }
}
for (const b of bad) console.error("FAIL:", b);
console.error(`${n} result files read by DuckDB`);
process.exit(bad.length > 0 || n === 0 ? 1 : 0);
