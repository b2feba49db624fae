# cashflow.gp: cash flow by calendar year, summed over the cohort: support paid out (solid)
# and repayments (dashed), one colour per scenario. Input: cashflow.csv (scenario,year,
# paid_out_nok,...,repaid_nok,...). Variables: data, out, fmt, scenarios.
load dir.'/common.gp'
set title "Cash flow by calendar year: support paid out (solid) and repaid (dashed)"
set xlabel "calendar year"
set ylabel "NOK million per year"
set format y '%.0f'
set yrange [0:*]
set key top right
n = words(scenarios)
plot for [i=1:n] data \
       using ((strcol("scenario") eq word(scenarios, i)) ? column("year") : NaN):(column("paid_out_nok") / 1e6) \
       with lines lw 2 dt 1 lc rgb colour(i) title word(scenarios, i).': paid out', \
     for [i=1:n] data \
       using ((strcol("scenario") eq word(scenarios, i)) ? column("year") : NaN):(column("repaid_nok") / 1e6) \
       with lines lw 2 dt 2 lc rgb colour(i) title word(scenarios, i).': repaid'
