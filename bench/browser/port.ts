// The bench's own web server port (the e2e suite uses 4174; a bench can run beside it). BENCH_PORT moves
// it, so two checkouts (or two sessions) can run the browser bench at once.
export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 4190);
export const BENCH_URL = `http://127.0.0.1:${String(BENCH_PORT)}`;
