import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * A DynamoDB item as plain values, the way @aws-sdk/util-dynamodb's unmarshall gives it (that package is not
 * a dependency): N as number (bigint beyond the safe integers), B as Uint8Array, sets as Set, NULL as null.
 */
export function unmarshallItem(item: Readonly<Record<string, AttributeValue>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, unmarshallValue(value)]));
}

function unmarshallValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return toNumber(value.N);
  if (value.B !== undefined) return value.B;
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return unmarshallItem(value.M);
  if (value.L !== undefined) return value.L.map(unmarshallValue);
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(toNumber));
  if (value.BS !== undefined) return new Set(value.BS);
  throw new Error(`DynamoDB returned an attribute value of no known type: ${JSON.stringify(value)}`);
}

function toNumber(text: string): number | bigint {
  const number = Number(text);
  return Number.isInteger(number) && !Number.isSafeInteger(number) ? BigInt(text) : number;
}
