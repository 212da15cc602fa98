import type { Policies } from "@pulumi/policy";
import { encryptionAtRest } from "./encryption-at-rest";
import { functionsLogWithRetention } from "./functions-log-with-retention";
import { noIamActionWildcards } from "./no-iam-action-wildcards";
import { prodHardening } from "./prod-hardening";
import { prodStartsOnlyThroughGradualAlias } from "./prod-starts-only-through-gradual-alias";
import { stateMachinesLogWithRetention } from "./state-machines-log-with-retention";
import { wildcardResourceOnlyForLogDeliveryAndXray } from "./wildcard-resource-only-for-log-delivery-and-xray";

export {
  encryptionAtRest,
  functionsLogWithRetention,
  noIamActionWildcards,
  prodHardening,
  prodStartsOnlyThroughGradualAlias,
  stateMachinesLogWithRetention,
  wildcardResourceOnlyForLogDeliveryAndXray,
};

/** Every rule of the pack, in the order a report lists them. */
export const POLICIES: Policies = [
  noIamActionWildcards,
  wildcardResourceOnlyForLogDeliveryAndXray,
  stateMachinesLogWithRetention,
  functionsLogWithRetention,
  prodHardening,
  prodStartsOnlyThroughGradualAlias,
  encryptionAtRest,
];
