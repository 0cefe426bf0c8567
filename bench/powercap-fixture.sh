# Sourced by the bench scripts: make_powercap_tree DIR lays out the tree the benchmarks read, as
# RaplFixture does: 2 packages, each with a core and a dram sub-zone (6 energy counters), every zone
# at the top as the kernel links them, 12-digit counters that do not move.
make_powercap_tree() {
    local tree=$1
    mkdir -p "$tree/intel-rapl"
    _zone() { # path name max energy
        mkdir -p "$tree/$1"
        printf '%s\n' "$2" > "$tree/$1/name"
        printf '%s\n' "$3" > "$tree/$1/max_energy_range_uj"
        printf '%s\n' "$4" > "$tree/$1/energy_uj"
    }
    _zone intel-rapl:0 package-0 262143328850 123456789012
    _zone intel-rapl:0:0 core 262143328850 61728394506
    _zone intel-rapl:0:1 dram 65712999613 24691357802
    _zone intel-rapl:1 package-1 262143328850 124456789019
    _zone intel-rapl:1:0 core 262143328850 62228394509
    _zone intel-rapl:1:1 dram 65712999613 24891357803
}
