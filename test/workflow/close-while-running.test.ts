import { STATES } from "../../components/order-definition";
import { startDev } from "./harness";

test("closing the simulator stops the executions still running, as StopExecution would, then closes", async () => {
  const simulator = await startDev({ failureRate: "0", latencyMs: "300" });
  const running = simulator.start({ orderId: "o-closed", amount: 5 }, { executionName: "closed-mid-way" });
  while (!running.events().some((e) => e.type === "StateEntered" && e.stateName === STATES.authorize)) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await simulator.close();
  const report = await running.report;
  expect([report.status, report.statesEntered]).toEqual([
    "ABORTED",
    [STATES.validate, STATES.isValid, STATES.authorize],
  ]);
  expect(() => simulator.start({ orderId: "o-late", amount: 1 })).toThrow(
    new Error("The local simulator is closed; start a new one to run another execution"),
  );
});
