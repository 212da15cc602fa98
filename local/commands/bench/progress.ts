import { Presets, SingleBar } from "cli-progress";

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** Plain lines at most this often when stderr is not a terminal (CI logs, pipes). */
const PLAIN_INTERVAL_MS = 5_000;

/** A bar on stderr when it is a terminal, else a line every few seconds; never on stdout, which holds the report. */
export function startProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format: "{bar} {value}/{total} executions | {percentage}% | {eta_formatted} left",
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      update: (done) => {
        bar.update(done);
      },
      stop: () => {
        bar.stop();
      },
    };
  }
  let last = Date.now();
  return {
    update: (done) => {
      const now = Date.now();
      if (now - last >= PLAIN_INTERVAL_MS || done === total) {
        last = now;
        stream.write(`bench: ${done}/${total} executions\n`);
      }
    },
    stop: () => undefined,
  };
}
