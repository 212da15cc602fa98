import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, describeAll } from "../lib/describe";
import { elementList, grants, parseDocument, policyDocumentsOf } from "../lib/policy-documents";
import { isWildcardResourceAction, WILDCARD_RESOURCE_ACTIONS } from "../lib/wildcard-resource-actions";

const ALLOWED_ON_WILDCARD = `allowed on "*": only CloudWatch Logs delivery and X-Ray actions (${WILDCARD_RESOURCE_ACTIONS.join(", ")})`;

/**
 * `"Resource": "*"` grants on every resource of the account; AWS requires it only for actions that have no
 * resource-level permissions, which for this program are log delivery and X-Ray. KMS key policies are left out:
 * there `"*"` means the key the policy is attached to. Trust policies have no Resource.
 */
export const wildcardResourceOnlyForLogDeliveryAndXray: ResourceValidationPolicy = {
  name: "wildcard-resource-only-for-log-delivery-and-xray",
  description:
    'A statement on Resource "*" holds only CloudWatch Logs delivery and X-Ray actions, the ones AWS authorizes on no narrower resource; NotResource is refused.',
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const documents = policyDocumentsOf(args);
    if (documents === undefined) return args.notApplicable("The resource type holds no IAM policy document.");
    const scoped = documents.filter(
      (document) => document.kind === "identity" || document.kind === "resource",
    );
    for (const document of scoped) {
      const parsed = parseDocument(document);
      // no-iam-action-wildcards reports documents that cannot be parsed.
      if (parsed.problem !== undefined) continue;
      for (const statement of parsed.statements.filter(grants)) {
        if (elementList(statement.fields.Resource).includes("*")) {
          const others = elementList(statement.fields.Action).filter(
            (action) => !isWildcardResourceAction(action),
          );
          if (others.length > 0) {
            reportViolation(
              `${statement.where} allows ${describeAll(others)} on "*"; ${ALLOWED_ON_WILDCARD}.`,
            );
          }
        }
        if (statement.fields.NotResource !== undefined) {
          reportViolation(
            `${statement.where} uses NotResource ${describe(statement.fields.NotResource)}, which grants on every other resource; allowed: Resource with exact ARNs.`,
          );
        }
      }
    }
  },
};
