// Document tests: DOCX/XLSX text and markings, PDF text (and a PDF with a broken xref), without crashes.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { zipSync } from 'fflate';
import { stopPdfHelper } from './pdf-text.js';
import { deep } from './testing.js';

after(() => stopPdfHelper());

const docx = (body: string): Uint8Array => zipSync({
  '[Content_Types].xml': Buffer.from('<Types/>'),
  'word/document.xml': Buffer.from(`<w:document><w:body>${body}</w:body></w:document>`),
  'word/media/notes.txt': Buffer.from('nothing here\n'),
});
const para = (...runs: string[]): string => `<w:p>${runs.map((r) => `<w:r><w:t>${r}</w:t></w:r>`).join('')}</w:p>`;

test('docx: text across runs is scanned, the marking found, members named', () => {
  const r = deep('specs/ICD.docx', docx(para('CONFIDENTIAL') + para('Service account: svc-gseg') + para('pass', 'word: Ariane66*Ub3Ykw')));
  const got = r.matches.map((m) => `${m.inner?.kind === 'archive' ? m.inner.member : ''} ${m.ruleId}`).sort();
  assert.deepEqual(got, ['word/document.xml confidential-document', 'word/document.xml generic-password-assignment']);
  assert.equal(r.matches.find((m) => m.ruleId === 'generic-password-assignment')?.secret, 'Ariane66*Ub3Ykw');
});

const pdf = (lines: string[], xref: boolean): Buffer => {
  const text = lines.map((l, i) => `${i ? '0 -14 Td ' : ''}(${l}) Tj`).join(' ');
  const objs = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
    `<</Length ${text.length + 24}>>stream\nBT /F1 12 Tf 72 720 Td ${text} ET\nendstream`,
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
  ];
  let out = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj${o}endobj\n`; });
  const at = out.length;
  out += `xref\n0 6\n0000000000 65535 f \n${offs.map((o) => `${String(xref ? o : o + 7).padStart(10, '0')} 00000 n \n`).join('')}trailer<</Size 6/Root 1 0 R>>\nstartxref\n${xref ? at : at + 999}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
};

test('pdf: page text scanned for credentials and markings; a broken xref is recovered or reported, never a crash', () => {
  const ok = deep('docs/handover.pdf', pdf(['EXPORT CONTROLLED', 'password: Ariane66*Ub3Ykw'], true));
  assert.deepEqual(ok.matches.map((m) => m.ruleId).sort(), ['confidential-document', 'generic-password-assignment']);
  const broken = deep('docs/broken.pdf', pdf(['password: Ariane66*Ub3Ykw'], false));
  assert.ok(broken.matches.length > 0 || broken.issues.length > 0);
  const garbage = deep('docs/garbage.pdf', Buffer.from('%PDF-1.7\n\x00\x01 this is not a pdf at all', 'latin1'));
  assert.equal(garbage.matches.length, 0);
  assert.equal(garbage.issues[0]?.code, 'PDF_UNREADABLE');
  console.log(`# pdf: broken xref -> ${broken.matches.length} matches, ${broken.issues.map((i) => i.code).join(',') || 'no issue'}; garbage -> ${garbage.issues[0]?.message}`);
});
