export interface Order {
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
}

export type ValidationResult =
  | {
      readonly isValid: true;
      readonly orderKey: string;
      readonly order: Order;
      /** Always empty. */
      readonly errors: readonly string[];
    }
  | {
      readonly isValid: false;
      readonly orderKey: string;
      readonly order: null;
      /** At least one message, one per invalid field. */
      readonly errors: readonly string[];
    };

/** What the state machine sends: the raw execution input (any JSON value) and `$$.Execution.Name`. */
export type ValidateOrderEvent = {
  readonly order?: unknown;
  readonly executionName?: unknown;
};
