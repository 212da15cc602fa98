/**
 * The subset of the Amazon States Language this project writes, typed so that a definition is data built by
 * functions rather than a string template. Field names are ASL's own.
 * @see https://states-language.net/spec.html
 */

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: "FULL" | "NONE";
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
}

interface Transition {
  readonly Next?: string;
  readonly End?: true;
}

interface Shaped {
  readonly Comment?: string;
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

export interface TaskState extends Shaped, Transition {
  readonly Type: "Task";
  readonly Resource: string;
  readonly Parameters?: JsonObject;
  readonly ResultSelector?: JsonObject;
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface PassState extends Shaped, Transition {
  readonly Type: "Pass";
  readonly Parameters?: JsonObject;
  readonly Result?: JsonValue;
  readonly ResultPath?: string | null;
}

export interface ChoiceRule {
  readonly Variable: string;
  readonly BooleanEquals?: boolean;
  readonly StringEquals?: string;
  readonly IsPresent?: boolean;
  readonly Next: string;
}

export interface ChoiceState extends Shaped {
  readonly Type: "Choice";
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

export interface SucceedState extends Shaped {
  readonly Type: "Succeed";
}

export interface FailState {
  readonly Type: "Fail";
  readonly Comment?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

export interface ParallelState extends Shaped, Transition {
  readonly Type: "Parallel";
  readonly Branches: readonly StateMachineDefinition[];
  readonly ResultPath?: string | null;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface MapState extends Shaped, Transition {
  readonly Type: "Map";
  readonly ItemsPath?: string;
  readonly ItemProcessor: StateMachineDefinition;
  readonly ResultPath?: string | null;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export type State = TaskState | PassState | ChoiceState | SucceedState | FailState | ParallelState | MapState;

export interface StateMachineDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly States: { readonly [name: string]: State };
  readonly TimeoutSeconds?: number;
}
