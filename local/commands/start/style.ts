/** ANSI styling for a terminal; every function returns the text unchanged when colour is off. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly good: (text: string) => string;
  readonly bad: (text: string) => string;
  readonly warn: (text: string) => string;
}

function sgr(code: number, enabled: boolean): (text: string) => string {
  return (text) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
}

export function createStyle(enabled: boolean): Style {
  return {
    bold: sgr(1, enabled),
    dim: sgr(2, enabled),
    good: sgr(32, enabled),
    bad: sgr(31, enabled),
    warn: sgr(33, enabled),
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colourWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY && (env.NO_COLOR ?? "") === "";
}
