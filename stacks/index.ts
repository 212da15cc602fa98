export * from "./settings";
export * from "./read-settings";
export * from "./define-stack";
