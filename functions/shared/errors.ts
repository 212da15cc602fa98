export const CONFIGURATION_ERROR = "ConfigurationError";

/** The function's environment is missing or malformed: retrying cannot help, so the workflow should not retry it. */
export class ConfigurationError extends Error {
  // Set explicitly because minification renames classes, and Lambda reports `name` as the errorType.
  override readonly name = CONFIGURATION_ERROR;
}
