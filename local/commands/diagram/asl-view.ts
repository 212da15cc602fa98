import type { State } from "../../../components/asl";

/**
 * The definition as the diagram reads it: the project's typed ASL plus the Wait state, which the program does
 * not write but a definition may hold. Anything a `StateMachineDefinition` is, is one of these.
 * @see https://states-language.net/spec.html#wait-state
 */
export interface WaitState {
  readonly Type: "Wait";
  readonly Comment?: string;
  readonly Seconds?: number;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
  readonly Next?: string;
  readonly End?: true;
}

export type DiagramState = State | WaitState;

export interface DiagramDefinition {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: DiagramState };
}
