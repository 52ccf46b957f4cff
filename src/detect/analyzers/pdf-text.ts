// PDF text, synchronously: pdf.js runs in a helper thread; the scan thread waits on shared memory, with a time limit.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { workerUrl } from '../../core/assets.js';

interface Helper {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

let helper: Helper | undefined;
let seq = 0;

function start(): Helper {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const worker = new Worker(workerUrl('detect/analyzers/pdf-worker'), {
    workerData: { port: port2, signal },
    transferList: [port2],
    resourceLimits: { maxOldGenerationSizeMb: 512 },
    stdout: true,
    stderr: true,
  });
  worker.unref();
  port1.unref();
  worker.on('error', () => {});
  return { worker, port: port1, flag: new Int32Array(signal) };
}

export class PdfError extends Error {
  constructor(readonly code: 'PDF_UNREADABLE' | 'PDF_TIMEOUT', message: string) {
    super(message);
  }
}

/** The text of each page of a PDF. Throws PdfError when pdf.js cannot read it or takes longer than `timeoutMs`. */
export function pdfPages(data: Uint8Array, timeoutMs: number): string[] {
  helper ??= start();
  const h = helper;
  const id = ++seq;
  Atomics.store(h.flag, 0, 0);
  h.port.postMessage({ id, data: new Uint8Array(data) });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    Atomics.wait(h.flag, 0, 0, Math.min(left, 250));
    let msg = receiveMessageOnPort(h.port);
    while (msg && (msg.message as { id: number }).id !== id) msg = receiveMessageOnPort(h.port);
    if (msg) {
      const reply = msg.message as { pages?: string[]; error?: string };
      if (reply.error !== undefined) throw new PdfError('PDF_UNREADABLE', reply.error);
      return reply.pages ?? [];
    }
  }
  void h.worker.terminate();
  helper = undefined;
  throw new PdfError('PDF_TIMEOUT', `no text after ${timeoutMs} ms: not scanned`);
}

/** Stops the helper thread (tests; a scan worker just exits). */
export async function stopPdfHelper(): Promise<void> {
  const h = helper;
  helper = undefined;
  if (h) await h.worker.terminate();
}
