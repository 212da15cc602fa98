export interface Thrown {
  readonly type: unknown;
  readonly name: string;
  readonly message: string;
}

/** What `run` threw: its class, name and message, so a test compares all three. */
export function thrownBy(run: () => unknown): Thrown {
  try {
    run();
  } catch (error) {
    if (!(error instanceof Error)) {
      throw new Error(`Expected an Error to be thrown, got ${String(error)}.`, { cause: error });
    }
    return { type: error.constructor, name: error.name, message: error.message };
  }
  throw new Error("Expected the call to throw, but it returned.");
}
