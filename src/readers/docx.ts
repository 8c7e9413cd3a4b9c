// Word reader. The direct OOXML reader (./docx/) unzips the few parts the text
// needs and walks the WordprocessingML itself: about 20x faster than going
// through mammoth's HTML, with the same blocks (colspan from gridSpan, rowspan
// from vMerge, header rows from tblHeader, headings, lists). The mammoth-based
// reader stays in ./docx-mammoth.ts as the reference the equivalence test
// (test/docx-equivalence.test.ts) holds it to; docs/docx.md has the figures.
export { readDocxDirect as readDocx, type DocxOptions } from './docx/index.ts';
