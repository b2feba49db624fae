#!/bin/sh
# stipend explain / params / --help: success paths and every bad-input path (exit 2, one line).
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

expect 0 "Usage: stipend COMMAND" -- "$bin" --help
expect 0 "^stipend [0-9]" -- "$bin" --version
expect 0 "Usage: stipend explain" -- "$bin" explain --help
expect 0 "Usage: stipend params" -- "$bin" params --help
expect 2 "unknown command" -- "$bin" frobnicate
expect 2 "missing command" -- "$bin"

expect 0 "stays loan" -- "$bin" explain --year 2024-25 --income 250000
expect 0 "^section,item,formula,amount_nok" -- "$bin" explain --year 2024-25 --csv
expect 0 "paid out,sum of the above,151690.00" -- "$bin" explain --year 2024-25 --csv
expect 0 "tuition.*240 000.00" -- "$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category C
expect 0 "basic_support" -- "$bin" params --year 2024-25
expect 0 "^set,year,parameter,value,unit,status,flag,source,note" -- "$bin" params --csv
expect 0 "academic,2026-27,basic_support,170368.00,NOK/year,projected,projected" -- "$bin" params --year 2026-27 --csv

expect 2 "unknown option --frobnicate" -- "$bin" explain --frobnicate
expect 2 "--income: -5 is negative" -- "$bin" explain --income -5
expect 2 "--income: 'abc' is not an amount" -- "$bin" explain --income abc
expect 2 "--credits-passed: 45 is more than the 30 credits taken" -- "$bin" explain --credits 30 --credits-passed 45
expect 2 "--credits: 61 is out of range" -- "$bin" explain --credits 61
expect 2 "--year: no parameter set for 2031-32" -- "$bin" explain --year 2031-32
expect 2 "--year: '2024' is not an academic year" -- "$bin" explain --year 2024
expect 2 "--institution: unknown institution 'Hogwarts'" -- "$bin" explain --institution Hogwarts
expect 2 "needs --institution and --category" -- "$bin" explain --year 2024-25 --citizenship non-eea
expect 2 "no tuition fee for USN category 'Z'" -- "$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category Z
expect 2 "--exemption: unknown ground 'wizard'" -- "$bin" explain --citizenship non-eea --exemption wizard
expect 2 "--citizenship: 'martian'" -- "$bin" explain --citizenship martian
expect 2 "--year needs a value" -- "$bin" params --year
expect 2 "--year: no parameter set" -- "$bin" params --year 1999-00
finish
