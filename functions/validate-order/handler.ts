import { isJsonObject } from "../shared/json-object";
import type { ValidateOrderEvent, ValidationResult } from "./types";
import { validateOrder } from "./validate-order";

// Returns a promise because the nodejs24.x runtime no longer supports callback handlers; validation itself is
// synchronous, so there is nothing to await.
export const handler = (event: ValidateOrderEvent): Promise<ValidationResult> => {
  // The input is whatever the execution was started with, so even a non-object event must not throw.
  const fields: ValidateOrderEvent = isJsonObject(event) ? event : {};
  return Promise.resolve(validateOrder(fields.order, fields.executionName));
};
