import { AwsError } from "./aws-error";

/**
 * An opaque nextToken for a paged list: the offset of the next page, bound to what is listed so that a token
 * of one list is refused by another, as AWS refuses a token it did not issue for the request.
 */
export function pageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString("base64url");
}

/** The offset a token names; InvalidToken when it is not one this endpoint issued for `scope`. */
export function offsetOf(scope: string, token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      Reflect.get(parsed, "scope") === scope &&
      Number.isInteger(Reflect.get(parsed, "offset"))
    ) {
      return Number(Reflect.get(parsed, "offset"));
    }
  } catch {
    // Falls through to the refusal.
  }
  throw new AwsError(
    "InvalidToken",
    `Invalid Token: '${token}' was not returned by a previous call with these parameters`,
  );
}

/** One page of `items` from `offset`, and the token of the next page when there is one. */
export function pageOf<T>(
  items: readonly T[],
  scope: string,
  offset: number,
  pageSize: number,
): { readonly page: T[]; readonly nextToken?: string } {
  const page = items.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return next < items.length ? { page, nextToken: pageToken(scope, next) } : { page };
}
