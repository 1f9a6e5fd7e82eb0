// Validate an AsyncAPI document with the official parser (@asyncapi/parser), as
// tests/test_typed_pieces.py runs it: node asyncapi-validate.mjs <file>. Prints the diagnostics
// as JSON lines; exits 1 when any is an error (severity 0), 0 otherwise.
import { readFile } from "node:fs/promises";
import { Parser } from "@asyncapi/parser";

const text = await readFile(process.argv[2], "utf8");
const { document, diagnostics } = await new Parser().parse(text);
for (const d of diagnostics) {
  console.log(JSON.stringify({ severity: d.severity, code: d.code, message: d.message, path: d.path }));
}
const errors = diagnostics.filter((d) => d.severity === 0);
if (errors.length || !document) process.exit(1);
console.log(JSON.stringify({ valid: true, version: document.version(), messages: document.allMessages().length }));
