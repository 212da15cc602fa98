import type { State, StateMachineDefinition, TaskState } from "./types";

/** A state together with its name, found anywhere in a definition, including Parallel branches and Map processors. */
export interface NamedState<T extends State = State> {
  readonly name: string;
  readonly state: T;
}

export function allStates(definition: StateMachineDefinition): NamedState[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const nested =
      state.Type === "Parallel"
        ? state.Branches.flatMap(allStates)
        : state.Type === "Map"
          ? allStates(state.ItemProcessor)
          : [];
    return [{ name, state }, ...nested];
  });
}

export function taskStates(definition: StateMachineDefinition): NamedState<TaskState>[] {
  return allStates(definition).filter((entry): entry is NamedState<TaskState> => entry.state.Type === "Task");
}
