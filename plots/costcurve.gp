# costcurve.gp: a sweep's cost curve: the state's cost at each value of the swept parameter.
# Input: sweep.csv. With the budget columns (has_pv = 1): the net cost to the state over the
# cohort's life in present value (left axis) and in the first whole budget year (right axis,
# full_year); without them: the nominal stand-in state_cost_nok (grants + interest relief
# + write-offs) and grants_nok. Variables: data, out, fmt, param (the parameter), scenario,
# xcol ('value_nok' for money, else 'value'), xunit (axis label of the parameter), has_pv
# (0/1), full_year, pv_year (the kroner of the present value).
load dir.'/common.gp'
if (!exists("has_pv")) has_pv = 0
if (!exists("full_year")) full_year = 0
if (!exists("pv_year")) pv_year = ''
set title "Cost curve: ".scenario." (every value on the same students)"
# the parameter in words where the chart knows it
pname = param eq 'basic_support' ? 'basic support a year' : param eq 'support_months' ? 'months of support' : param eq 'conversion_max_share' ? 'share of the loan that can become a grant' : param
set xlabel pname." (".xunit.")"
# both axes from zero: a few per cent's rise must look like a few per cent
set yrange [0:*]
set y2range [0:*]
set format y '%.0f'
set key top left
if (xcol eq 'value_nok') { set format x '%.0f' }
if (has_pv) {
  set ylabel "over the cohort's life, NOK million (present value, ".pv_year." kroner)"
  set y2label sprintf("net cost in %d, NOK million", full_year)
  set ytics nomirror
  set y2tics
  set format y2 '%.0f'
  plot data using (column(xcol)):(column("net_cost_pv_nok") / 1e6) with linespoints lw 2 pt 7 lc rgb '#1f4e79' \
         title "net cost to the state over the cohort's life, present value (left axis)", \
       data using (column(xcol)):(column("full_year_cost_nok") / 1e6) axes x1y2 with linespoints lw 2 pt 5 dt 2 lc rgb '#c0504d' \
         title sprintf("net cost to the state in %d (right axis)", full_year)
} else {
  set ylabel "NOK million, whole cohort (nominal)"
  plot data using (column(xcol)):(column("state_cost_nok") / 1e6) with linespoints lw 2 pt 7 lc rgb '#c0504d' \
         title 'state cost: grants + interest relief + write-offs (nominal)', \
       data using (column(xcol)):(column("grants_nok") / 1e6) with linespoints lw 2 pt 5 lc rgb '#2e8b57' \
         title 'grants (nominal)'
}
