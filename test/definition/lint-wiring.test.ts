import { renderDefinition, type StateMachineDefinition } from "../../components";

const definition = (message: string): StateMachineDefinition => ({
  StartAt: "Notify",
  States: {
    Notify: {
      Type: "Task",
      Resource: "arn:aws:states:::sns:publish",
      Parameters: { TopicArn: "arn:aws:sns:us-east-1:123456789012:t", "Message.$": message },
      End: true,
    },
  },
});

test("renders a definition that passes the lint as its JSON", () => {
  expect(renderDefinition("ok", definition("States.Format('{}', $.a)"))).toBe(
    JSON.stringify(definition("States.Format('{}', $.a)")),
  );
});

test("fails when a definition breaks the lint: the state machine component refuses it before AWS sees it", () => {
  expect(() => renderDefinition("lint-check", definition("States.Format('{} {}', $.a)"))).toThrow(
    "The definition of `lint-check` has problems:\n  - State `Notify` field `Parameters.Message.$`: States.Format has 2 placeholder(s) for 1 value(s).",
  );
});
