// Writes a report to stdout or to a file created owner-only (reports say where secrets are, and may hold them).
import fs from 'node:fs';

export function writeReport(text: string, output: string | undefined): void {
  if (!output || output === '-') {
    process.stdout.write(text.endsWith('\n') || text.length === 0 ? text : `${text}\n`);
    return;
  }
  const fd = fs.openSync(output, 'w', 0o600);
  try {
    if (output !== '/dev/null') fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, text.endsWith('\n') || text.length === 0 ? text : `${text}\n`);
  } finally {
    fs.closeSync(fd);
  }
}
