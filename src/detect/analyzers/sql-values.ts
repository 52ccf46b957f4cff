// A small SQL tokenizer for INSERT statements: table, column list and the literal values of every row, with offsets.

export interface SqlValue {
  /** The literal's text (unquoted, unescaped) for strings; the raw token otherwise. */
  text: string;
  isString: boolean;
  /** Offsets of the token in the statement (quotes included). */
  start: number;
  end: number;
}

export interface SqlInsert {
  table: string;
  columns?: string[];
  rows: SqlValue[][];
}

const HEAD = /^\s*INSERT\s+(?:IGNORE\s+|LOW_PRIORITY\s+|DELAYED\s+)?INTO\s+((?:[`"[]?[\w$]+[`"\]]?\.)?[`"[]?[\w$]+[`"\]]?)\s*(?:\(([^)]*)\))?\s*VALUES\s*/i;

export const unquoteIdent = (s: string): string => s.trim().replace(/^[`"[]|[`"\]]$/g, '');

/** Reads one quoted string at `i` (quote char q), handling doubled quotes and backslash escapes. */
function readString(s: string, i: number, backslash: boolean): { text: string; end: number } {
  const q = s[i]!;
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (backslash && c === '\\' && j + 1 < s.length) {
      const n = s[j + 1]!;
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '0' ? '\0' : n;
      j += 2;
    } else if (c === q) {
      if (s[j + 1] === q) { out += q; j += 2; continue; }
      return { text: out, end: j + 1 };
    } else { out += c; j++; }
  }
  return { text: out, end: s.length };
}

/** Parses `INSERT INTO t (a, b) VALUES (...), (...)`; undefined when the statement is not one. */
export function parseInsert(stmt: string): SqlInsert | undefined {
  const h = HEAD.exec(stmt);
  if (!h) return undefined;
  const columns = h[2]?.split(',').map(unquoteIdent);
  const rows: SqlValue[][] = [];
  let i = h[0].length;
  const n = stmt.length;
  while (i < n) {
    while (i < n && /[\s,]/.test(stmt[i]!)) i++;
    if (stmt[i] !== '(') break;
    i++;
    const row: SqlValue[] = [];
    while (i < n) {
      while (i < n && /\s/.test(stmt[i]!)) i++;
      const c = stmt[i];
      if (c === ')') { i++; break; }
      if (c === ',') { i++; continue; }
      const start = i;
      if (c === "'" || ((c === 'E' || c === 'e' || c === 'N' || c === 'n') && stmt[i + 1] === "'")) {
        const q = c === "'" ? i : i + 1;
        const r = readString(stmt, q, true);
        row.push({ text: r.text, isString: true, start, end: r.end });
        i = r.end;
        continue;
      }
      // A number, NULL, a placeholder or a function call: up to the next top-level comma or paren.
      let depth = 0;
      while (i < n) {
        const d = stmt[i]!;
        if (d === "'") { i = readString(stmt, i, true).end; continue; }
        if (d === '(') depth++;
        else if (d === ')') { if (depth === 0) break; depth--; }
        else if (d === ',' && depth === 0) break;
        i++;
      }
      row.push({ text: stmt.slice(start, i).trim(), isString: false, start, end: i });
    }
    rows.push(row);
  }
  return { table: unquoteIdent(h[1]!.split('.').pop()!), ...(columns ? { columns } : {}), rows };
}

/** Column names of `CREATE TABLE t (...)` from its body text. */
export function parseCreateColumns(body: string): string[] {
  const cols: string[] = [];
  for (const line of body.split(/,\s*\n|\n/)) {
    const m = /^\s*([`"[]?[A-Za-z_][\w$]*[`"\]]?)\s+[A-Za-z]/.exec(line);
    if (m && !/^(?:PRIMARY|KEY|UNIQUE|CONSTRAINT|INDEX|FOREIGN|CHECK|FULLTEXT|SPATIAL)$/i.test(unquoteIdent(m[1]!))) cols.push(unquoteIdent(m[1]!));
  }
  return cols;
}
