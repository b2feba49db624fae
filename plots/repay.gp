# repay.gp: years from the first bill to the last payment among those who repaid in full,
# share by whole year, one line per scenario. Input: distribution.csv (rows with measure
# years_to_repay_years). Variables: data, out, fmt, scenarios.
load dir.'/common.gp'
set title "Years to repay: share of those who repaid in full, by whole year"
set xlabel "years from the first bill to the last payment"
set ylabel "share of those who repaid (%)"
set xrange [0:*]
set yrange [0:*]
# Room above the highest band for the legend.
set offsets 0, 0, graph 0.15, 0
n = words(scenarios)
# steps joins the bands; the vectors draw each band's top from its start to its end, so the
# last band keeps its width.
sel(i) = (strcol("scenario") eq word(scenarios, i) && strcol("measure") eq 'years_to_repay_years')
plot for [i=1:n] data using (sel(i) ? column("from") : NaN):(100.0 * column("share")) \
       with steps lw 2 lc rgb colour(i) title word(scenarios, i), \
     for [i=1:n] data using (sel(i) ? column("from") : NaN):(100.0 * column("share")): \
       ((column("to") - column("from"))):(0) with vectors nohead lw 2 lc rgb colour(i) notitle
