// pdfjs-text.mjs PDF: prints the text PDF.js finds on each page (its legacy
// build, which needs no canvas for text), items joined as its viewer joins
// them for find and copy: a newline where an item ends a line, a form feed
// between pages.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

// PDFJS_DIR: the folder whose node_modules holds pdfjs-dist.
const require = createRequire(resolve(process.env.PDFJS_DIR ?? ".") + "/");
const pdfjs = await import(pathToFileURL(require.resolve("pdfjs-dist/legacy/build/pdf.mjs")));
const data = new Uint8Array(await readFile(process.argv[2]));
const doc = await pdfjs.getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
let out = "";
for (let n = 1; n <= doc.numPages; n++) {
	const page = await doc.getPage(n);
	const content = await page.getTextContent();
	for (const item of content.items) {
		out += item.str ?? "";
		if (item.hasEOL)
			out += "\n";
	}
	out += "\n\f";
}
process.stdout.write(out);
