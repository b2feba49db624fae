# change.gp: reform minus baseline, one bar per reform in each band (or year), drawn against
# zero, so that reforms whose levels would overlap can be told apart. Input: a file that
# `stipend plot` computes from the results (series,from,to,value: a reform, a band or year
# from..to, the change). Variables: data, out, fmt, series (the reforms as gnuplot words),
# title, xlabel, ylabel, xlo, xhi, ylo, yhi, and xtics_list, ytics_list (the tick labels
# with thousands grouped, as gnuplot's ("label" position, ...) lists); errorbars=1: the file
# has lo and hi columns too, drawn as each bar's interval.
load dir.'/common.gp'
set title title
set xlabel xlabel
set ylabel ylabel
set xrange [xlo:xhi]
set yrange [ylo:yhi]
set border 3
set xzeroaxis lt -1 lw 1.5
set style fill solid 0.85 noborder
if (exists("xtics_list")) { eval('set xtics '.xtics_list) }
if (exists("ytics_list")) { eval('set ytics '.ytics_list) }
n = words(series)
# each band holds the reforms side by side in its middle 80 %
bw(i) = (column("to") - column("from")) * 0.8 / n
bx(i) = column("from") + (column("to") - column("from")) * 0.1 + bw(i) * (i - 0.5)
sel(i) = strcol("series") eq word(series, i)
if (exists("errorbars") && errorbars) {
  plot for [i=1:n] data using (sel(i) ? bx(i) : NaN):(column("value")):(bw(i)) \
         with boxes lc rgb colour(i) title word(series, i), \
       for [i=1:n] data using (sel(i) ? bx(i) : NaN):(column("value")):(column("lo")):(column("hi")) \
         with yerrorbars lc rgb '#000000' lw 1.5 pt 0 notitle
} else {
  plot for [i=1:n] data using (sel(i) ? bx(i) : NaN):(column("value")):(bw(i)) \
         with boxes lc rgb colour(i) title word(series, i)
}
