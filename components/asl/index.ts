export * from "./types";
export * from "./walk";
export * from "./integrations";
export * from "./retriers";
export * from "./execution-policy";
export * from "./intrinsics";
export * from "./lint";
