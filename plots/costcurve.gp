# costcurve.gp: a sweep's cost curve: the state's cost at each value of the swept parameter.
# Input: sweep.csv (value_nok or value, state_cost_nok, grants_nok, pv_net_cost_nok when the
# budget module wrote it). Variables: data, out, fmt, param (the parameter), scenario, xcol
# ('value_nok' for money, else 'value'), xunit (axis label of the parameter), has_pv (0/1).
load dir.'/common.gp'
if (!exists("has_pv")) has_pv = 0
set title "Cost curve: ".param." (".scenario.", every value on the same students)"
set xlabel param." (".xunit.")"
set ylabel "NOK million, whole cohort"
set format y '%.0f'
set key top left
if (xcol eq 'value_nok') { set format x '%.0f' }
if (has_pv) {
  plot data using (column(xcol)):(column("state_cost_nok") / 1e6) with linespoints lw 2 pt 7 lc rgb '#c0504d' \
         title 'state cost: grants + interest relief + write-offs (nominal)', \
       data using (column(xcol)):(column("grants_nok") / 1e6) with linespoints lw 2 pt 5 lc rgb '#2e8b57' \
         title 'grants (nominal)', \
       data using (column(xcol)):(column("pv_net_cost_nok") / 1e6) with linespoints lw 2 pt 9 lc rgb '#1f4e79' \
         title 'net cost to the state, present value'
} else {
  plot data using (column(xcol)):(column("state_cost_nok") / 1e6) with linespoints lw 2 pt 7 lc rgb '#c0504d' \
         title 'state cost: grants + interest relief + write-offs (nominal)', \
       data using (column(xcol)):(column("grants_nok") / 1e6) with linespoints lw 2 pt 5 lc rgb '#2e8b57' \
         title 'grants (nominal)'
}
