export * from "./asl";
export * from "./validation";
export * from "./bundle";
export * from "./bundled-function";
export * from "./logged-state-machine";
export * from "./order-definition";
export * from "./order-workflow";
