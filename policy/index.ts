import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./rules";

// Constructing the pack starts the analyzer server the Pulumi CLI talks to; the rules live in rules/ so tests
// can run them without it.
new PolicyPack("order-workflow-guardrails", { policies: POLICIES, enforcementLevel: "mandatory" });
