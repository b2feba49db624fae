# winners.gp: winners and losers of one reform against the baseline by decile of earnings
# after study: share of the decile's students who gain (up) and lose (down), and the mean
# change per student (line, right axis). Input: winners.csv (reform,dimension,group,students,
# winners,losers,unchanged,winners_mean_gain_nok,losers_mean_loss_nok,mean_change_nok; rows
# with dimension earnings_decile). Variables: data, out, fmt, reform.
load dir.'/common.gp'
set title "Winners and losers by decile of earnings after study: ".reform." against the baseline"
set xlabel "decile of earnings after study (1 = lowest)"
set ylabel "students of the decile (%): winners above 0, losers below"
set y2label "mean change per student (NOK)"
set xrange [0.4:10.6]
set xtics 1,1,10
set ytics nomirror
set y2tics
set format y2 '%.0f'
set xzeroaxis lt -1
set boxwidth 0.6
set style fill solid 0.85 noborder
set bmargin 8
set key at screen 0.5, 0.045 center bottom horizontal maxrows 1
sel(c) = (strcol("reform") eq reform && strcol("dimension") eq 'earnings_decile') ? c : NaN
# Scaled to the data: the shares' axis reaches 10 % beyond the largest share of winners or
# losers (a reform that helps 0.2 % is not lost on a 100 % axis), and its lower half exists
# only if there are losers; the mean change's axis is the same shape, so that 0 is one line.
stats data using (sel(column("group"))):(100.0 * column("winners") / column("students")) nooutput
w = STATS_max_y
stats data using (sel(column("group"))):(100.0 * column("losers") / column("students")) nooutput
l = STATS_max_y
stats data using (sel(column("group"))):(abs(column("mean_change_nok"))) nooutput
m = STATS_max_y > 0 ? STATS_max_y * 1.1 : 1
s = (w > l ? w : l) * 1.1
s = s > 0 ? s : 1
if (l > 0) { set yrange [-s:s]; set y2range [-m:m] } else { set yrange [0:s]; set y2range [0:m] }
plot data using (sel(column("group"))):(100.0 * column("winners") / column("students")) \
          with boxes lc rgb '#2e8b57' title 'winners (% of the decile)', \
     data using (sel(column("group"))):(-100.0 * column("losers") / column("students")) \
          with boxes lc rgb '#c0504d' title 'losers (% of the decile)', \
     data using (sel(column("group"))):(column("mean_change_nok")) axes x1y2 \
          with linespoints lw 2 pt 7 ps 1.2 lc rgb '#1f4e79' title 'mean change per student (NOK, right axis)'
