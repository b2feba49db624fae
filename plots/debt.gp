# debt.gp: debt at end of study, share of borrowers by NOK 10 000 band, one line per scenario
# (baseline against reform). Input: distribution.csv (scenario,measure,from,to,students,share;
# rows with measure debt_end_study_nok). Variables: data, out, fmt, scenarios (the scenario
# names as gnuplot words, "a" "b"), xmax (NOK: the right end of the axis), xtics_list (the
# axis labels with thousands grouped, as a gnuplot ("label" position, ...) list; optional).
load dir.'/common.gp'
if (!exists("xmax")) xmax = 1500000
set title "Debt at end of study: share of borrowers in each NOK 10 000 band"
set xlabel "debt at end of study (NOK 1 000)"
set ylabel "share of borrowers (%)"
set xrange [0:xmax / 1000.0]
set yrange [0:*]
# Room above the highest band for the legend.
set offsets 0, 0, graph 0.15, 0
set format x '%.0f'
if (exists("xtics_list")) { eval('set xtics '.xtics_list) }
n = words(scenarios)
# steps joins the bands; the vectors draw each band's top from its start to its end, so the
# last band keeps its width.
sel(i) = (strcol("scenario") eq word(scenarios, i) && strcol("measure") eq 'debt_end_study_nok')
plot for [i=1:n] data using (sel(i) ? column("from") / 1000.0 : NaN):(100.0 * column("share")) \
       with steps lw 2 lc rgb colour(i) title word(scenarios, i), \
     for [i=1:n] data using (sel(i) ? column("from") / 1000.0 : NaN):(100.0 * column("share")): \
       ((column("to") - column("from")) / 1000.0):(0) with vectors nohead lw 2 lc rgb colour(i) notitle
