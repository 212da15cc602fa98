import { isRecord } from "../../model/json";
import { AwsError, validation } from "./aws-error";

/** The members of one JSON-protocol request, read with the checks the service's model makes. */
export class RequestFields {
  constructor(
    private readonly body: Readonly<Record<string, unknown>>,
    /** How the service names a failed check: ValidationException for Step Functions, InvalidParameterValue for SQS. */
    private readonly invalid: (message: string) => AwsError = validation,
  ) {}

  static parse(text: string, invalid?: (message: string) => AwsError): RequestFields {
    let body: unknown;
    try {
      // An empty body is an empty request, as the SDKs send for an operation without members.
      body = text.trim() === "" ? {} : JSON.parse(text);
    } catch (error) {
      throw new AwsError(
        "SerializationException",
        `The request body is not JSON (${error instanceof Error ? error.message : String(error)}); a JSON object of the operation's members is required`,
      );
    }
    if (!isRecord(body)) {
      throw new AwsError(
        "SerializationException",
        `The request body is ${Array.isArray(body) ? "an array" : JSON.stringify(body)}; a JSON object of the operation's members is required`,
      );
    }
    return new RequestFields(body, invalid);
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) {
      throw this.invalid(
        `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      throw this.invalid(
        `Value ${JSON.stringify(value)} at '${name}' failed to satisfy constraint: Member must be a string`,
      );
    }
    return value;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw this.invalid(
        `Value ${JSON.stringify(value)} at '${name}' failed to satisfy constraint: Member must be an integer from ${min} to ${max}`,
      );
    }
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") {
      throw this.invalid(
        `Value ${JSON.stringify(value)} at '${name}' failed to satisfy constraint: Member must be a boolean`,
      );
    }
    return value;
  }

  optionalEnum<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.optionalString(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.invalid(
        `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`,
      );
    }
    return value as T;
  }

  optionalStringList(name: string): string[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
      throw this.invalid(
        `Value ${JSON.stringify(value)} at '${name}' failed to satisfy constraint: Member must be a list of strings`,
      );
    }
    return value;
  }

  optionalRecord(name: string): Readonly<Record<string, unknown>> | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      throw this.invalid(
        `Value ${JSON.stringify(value)} at '${name}' failed to satisfy constraint: Member must be a map`,
      );
    }
    return value;
  }
}
