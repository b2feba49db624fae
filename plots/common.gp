# common.gp: what every plot shares: the terminal for fmt ('png' or 'svg'), the output file
# out, CSV input with a header row, and the look. Loaded by each plot script after the
# variables are set (stipend plot sets them with -e; see plots/README.md).
if (!exists("fmt")) fmt = 'png'
if (!exists("out")) out = 'plot.'.fmt
if (fmt eq 'svg') {
  set terminal svg size 1000,620 dynamic font 'Sans,14' background rgb 'white'
} else {
  # pngcairo (anti-aliased) is in Debian's gnuplot-nox; plain png is the fallback.
  if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
    set terminal pngcairo size 1200,750 font 'Sans,13' background rgb 'white'
  } else {
    set terminal png size 1200,750 background rgb 'white'
  }
}
set output out
# Names such as baseline-2025-26 or debt_end_study must print as written.
set termoption noenhanced
set datafile separator ','
set datafile columnheaders
set datafile missing ''
set border 3
set tics nomirror
set grid ytics lc rgb '#d8d8d8' lw 1
set key top right box opaque reverse Left samplen 3 spacing 1.2 width 1
# One colour per scenario, in the order the file lists them (baseline first).
array palette[8] = ['#1f4e79', '#c0504d', '#2e8b57', '#e69f00', '#7f3f98', '#56b4e9', '#8c564b', '#444444']
colour(i) = palette[(i - 1) % 8 + 1]
# The sample and population under every chart (stipend plot sets note from summary.csv or
# sweep.csv).
if (exists("note") && note ne '') {
  set label 99 note at screen 0.01, screen 0.012 left font ',10' textcolor rgb '#444444'
  set bmargin 6
}
