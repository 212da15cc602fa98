export interface Thrown {
  readonly type: unknown;
  readonly name: string;
  readonly message: string;
}

// Comparing class, name and message together; Jest's toThrow(error) compares the message alone.
function describeThrown(error: unknown): Thrown {
  if (!(error instanceof Error)) throw new Error(`expected an Error to be thrown, got ${String(error)}`);
  return { type: error.constructor, name: error.name, message: error.message };
}

export function thrownBy(run: () => unknown): Thrown {
  try {
    run();
  } catch (error) {
    return describeThrown(error);
  }
  throw new Error("expected the call to throw, but it returned");
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Thrown> {
  try {
    await promise;
  } catch (error) {
    return describeThrown(error);
  }
  throw new Error("expected the promise to reject, but it resolved");
}
