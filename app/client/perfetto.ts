// "Open in Perfetto": Perfetto UI's documented hand-off (docs/visualization/deep-linking-to-perfetto-ui):
// open its page, send PING until it answers PONG, then post the trace as an ArrayBuffer with a title. The
// trace goes to Perfetto's own page in the user's browser, to no server.

export const PERFETTO_ORIGIN = 'https://ui.perfetto.dev';
const PING_MS = 250;
const GIVE_UP_MS = 30_000;

export interface PerfettoTrace {
  readonly buffer: ArrayBuffer;
  readonly title: string;
  readonly fileName: string;
  /** Where "Share" in Perfetto's sidebar leads: this view's link. */
  readonly url: string;
}

/** Opens Perfetto UI and hands it `trace`; resolves when it was handed over, rejects if it never answered. */
export function openInPerfetto(
  trace: PerfettoTrace,
  origin = PERFETTO_ORIGIN,
): Promise<void> {
  const win = window.open(origin);
  if (win === null)
    return Promise.reject(
      new Error('the browser blocked the new window (allow pop-ups)'),
    );
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > GIVE_UP_MS) {
        stop();
        reject(new Error('Perfetto UI did not answer'));
        return;
      }
      win.postMessage('PING', origin);
    }, PING_MS);
    const onMessage = (e: MessageEvent) => {
      if (e.source !== win || e.data !== 'PONG') return;
      stop();
      win.postMessage({ perfetto: trace }, origin, [trace.buffer]);
      resolve();
    };
    const stop = () => {
      clearInterval(timer);
      window.removeEventListener('message', onMessage);
    };
    window.addEventListener('message', onMessage);
  });
}
