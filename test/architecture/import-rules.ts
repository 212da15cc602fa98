import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "..", "..");

/** Every .ts file below `dir` (relative to the root), as root-relative paths with forward slashes. */
export function sourceFiles(dir: string): string[] {
  const entries = readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

const specifiers = new Map<string, string[]>();

/**
 * What a file imports, as written: `./aws`, `@pulumi/aws/sfn`, `node:fs`; read once per file. ts.preProcessFile,
 * besides, misses a namespace re-export (`export * as sfn from "@pulumi/aws/sfn"`), which the syntax tree has.
 */
export function importSpecifiers(file: string): string[] {
  const known = specifiers.get(file);
  if (known !== undefined) return known;
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const reExports = /\bexport\s*\*/.test(text)
    ? ts
        .createSourceFile(file, text, ts.ScriptTarget.Latest)
        .statements.filter(ts.isExportDeclaration)
        .flatMap((statement) =>
          statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)
            ? [statement.moduleSpecifier.text]
            : [],
        )
    : [];
  const imports = ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
  const found = [...new Set([...imports, ...reExports])];
  specifiers.set(file, found);
  return found;
}

/** The project files a file imports (relative specifiers only), root-relative, without extension. */
export function projectImports(file: string): string[] {
  return importSpecifiers(file)
    .filter((spec) => spec.startsWith("."))
    .map((spec) =>
      path
        .relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec))
        .split(path.sep)
        .join("/"),
    )
    .sort();
}

/** The (file, import) pairs where a file under `from` imports something under one of `forbidden`. */
export function violations(from: string, forbidden: readonly string[]): string[] {
  return sourceFiles(from).flatMap((file) =>
    projectImports(file)
      .filter((target) => forbidden.some((area) => target === area || target.startsWith(`${area}/`)))
      .map((target) => `${file} imports ${target}`),
  );
}
