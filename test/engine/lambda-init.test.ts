import { LocalSimulator } from "../../local/engine/simulator";
import { SimulatorDefectError } from "../../local/engine/simulator-defect-error";
import { orderDeployment } from "../fixtures/local/order-fixture";

let simulator: LocalSimulator;

beforeAll(async () => {
  const deployment = orderDeployment();
  simulator = await LocalSimulator.start({
    ...deployment,
    // The archive has index.mjs; a handler setting that names another module is a deployment bug.
    functions: deployment.functions.map((fn) => ({ ...fn, handler: "main.handler" })),
  });
});

afterAll(async () => {
  await simulator.close();
});

test("fails when the handler's module is not in the archive, as Lambda's Runtime.ImportModuleError", async () => {
  const error = await simulator.run({ orderId: "o-1", amount: 1, subject: "s" }).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );

  expect(error).toBeInstanceOf(SimulatorDefectError);
  expect(error).toMatchObject({
    stateName: "ValidateOrder",
    errorName: "Runtime.ImportModuleError",
    message:
      "State `ValidateOrder` failed with the Lambda runtime error `Runtime.ImportModuleError`: Error: Cannot find " +
      "module 'main'. That means a bug in a handler, its build or the local simulator, not a service failure, so " +
      "the simulator does not let a Retry or Catch of the workflow absorb it.",
  });
});
