/*
 * Prints the CPU time, in ns, that each given process has used so far, all its threads together,
 * including threads that have already exited: the kernel's process CPU clock, read from outside
 * through clock_getcpuclockid. bench/cpu-per-tick.sh uses it beside the per-thread schedstat sums,
 * which lose the time of a thread that exits inside the window.
 *
 * usage: proc-cpu <pid>...
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        clockid_t clock;
        struct timespec ts;
        int err = clock_getcpuclockid((pid_t)atoi(argv[i]), &clock);
        if (err != 0) {
            fprintf(stderr, "%s: %s\n", argv[i], strerror(err));
            return 1;
        }

        if (clock_gettime(clock, &ts) != 0) {
            perror(argv[i]);
            return 1;
        }

        printf("%lld%c", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec, i + 1 < argc ? ' ' : '\n');
    }

    return 0;
}
