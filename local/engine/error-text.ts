/** How the simulator quotes a caught value in its own messages: the error's name and message, or the value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
