// The PDF text helper thread: extracts text with pdf.js and signals the waiting scan thread through shared memory.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const flag = new Int32Array(signal);
const MAX_PAGES = 2000;

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

async function extract(data: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
  const pages: string[] = [];
  try {
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push((content.items as TextItem[]).map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : ' ')).join(''));
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

port.on('message', (msg: { id: number; data: Uint8Array }) => {
  const done = (reply: object): void => {
    port.postMessage({ id: msg.id, ...reply });
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  extract(msg.data).then((pages) => done({ pages }), (err: Error) => done({ error: err.message ?? String(err) }));
});
parentPort?.postMessage('ready');
