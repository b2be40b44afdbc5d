/** Shared settings of one benchmark run. BENCH_QUICK=1: a smoke run (seconds per figure) whose numbers mean nothing. */
export const quick = process.env.BENCH_QUICK === "1";
