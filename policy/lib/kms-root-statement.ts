import { elementList, type PolicyStatement } from "./policy-documents";
import { field, isRecord } from "./props";

/** The account root, as an ARN or as the bare account id IAM also accepts for it. */
const ACCOUNT_ROOT = /^(arn:aws[a-z-]*:iam::\d{12}:root|\d{12})$/;

/**
 * Whether a statement is the account-root admin statement of AWS's default key policy: it lets IAM policies of
 * the account govern the key, and without it a key can become unmanageable.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function isKmsAccountRootStatement(statement: PolicyStatement): boolean {
  const { fields } = statement;
  const principals = elementList(field(fields, "Principal", "AWS"));
  const principalKeys = isRecord(fields.Principal) ? Object.keys(fields.Principal) : [];
  return (
    fields.Effect === "Allow" &&
    principalKeys.length === 1 &&
    principals.length === 1 &&
    principals.every((principal) => ACCOUNT_ROOT.test(principal)) &&
    elementList(fields.Action).join() === "kms:*" &&
    elementList(fields.Resource).join() === "*" &&
    fields.NotAction === undefined &&
    fields.NotPrincipal === undefined &&
    fields.NotResource === undefined
  );
}
