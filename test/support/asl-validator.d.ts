// asl-validator ships no types; this is the part of its API the tests use.
declare module "asl-validator" {
  interface AslValidatorResult {
    readonly isValid: boolean;
    readonly errors: readonly unknown[];
    errorsText(separator?: string): string;
  }
  function aslValidator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): AslValidatorResult;
  export = aslValidator;
}
