/**
 * A deliberate failure of a Task, as the service would report it to Step Functions. aws-local-stepfunctions
 * turns a thrown error into the state's Error (`name`) and Cause (`message`), so both are set exactly.
 * Anything else a Task's local handler throws is a defect of the simulator.
 */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}
