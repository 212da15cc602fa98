import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, describeAll } from "../lib/describe";
import { isKmsAccountRootStatement } from "../lib/kms-root-statement";
import { elementList, grants, parseDocument, policyDocumentsOf } from "../lib/policy-documents";

/**
 * A wildcard action grants every action that matches it, including ones AWS adds later; `NotAction` grants
 * everything it does not list. Both defeat the execution role being derived, action by action, from the
 * workflow. The only exception is the account-root admin statement of AWS's default KMS key policy.
 */
export const noIamActionWildcards: ResourceValidationPolicy = {
  name: "no-iam-action-wildcards",
  description:
    'IAM policy documents (role, inline, managed, trust, SQS, SNS and KMS key policies) name every action exactly: no "*", no action containing "*", no NotAction.',
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const documents = policyDocumentsOf(args);
    if (documents === undefined) return args.notApplicable("The resource type holds no IAM policy document.");
    for (const document of documents) {
      const parsed = parseDocument(document);
      // A document that is not one cannot be checked; this rule reports it, the others skip it.
      if (parsed.problem !== undefined) {
        reportViolation(parsed.problem);
        continue;
      }
      for (const statement of parsed.statements.filter(grants)) {
        if (document.kind === "kms-key" && isKmsAccountRootStatement(statement)) continue;
        const wildcards = elementList(statement.fields.Action).filter((action) => action.includes("*"));
        if (wildcards.length > 0) {
          reportViolation(
            `${statement.where} allows ${describeAll(wildcards)}; allowed: actions named exactly ("service:Action"), without "*".`,
          );
        }
        if (statement.fields.NotAction !== undefined) {
          reportViolation(
            `${statement.where} uses NotAction ${describe(statement.fields.NotAction)}, which allows every other action; allowed: Action with actions named exactly.`,
          );
        }
      }
    }
  },
};
