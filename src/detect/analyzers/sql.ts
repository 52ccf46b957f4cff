// SQL dumps: values of password/hash/token/secret columns in INSERT rows and COPY blocks, read line by line (large dumps stream).
import type { Match } from '../../core/types.js';
import { isPlaceholder } from '../filters.js';
import { makeMatchAt, ruleOf, type Place } from './match.js';
import { parseCreateColumns, parseInsert, unquoteIdent } from './sql-values.js';
import type { Analyzer, AnalyzerContext } from './types.js';

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const SECRET_COL = /(?:^|_)(?:pass(?:word|wd|phrase)?|pwd|secret|token|api_?key|apikey|access_?key|private_?key|auth_?key|credentials?|otp_?secret|password_?hash|hashed_?password|pass_?hash|pw_?hash|encrypted_?password)(?:_|$)/;
const NOT_COL = /(?:^|_)(?:id|type|expires?|expiry|at|created|updated|url|name|hint|reset|count|length|len|policy|changed|required|salt|algo|algorithm|version|ttl|scopes?|prefix|last4|hint)$/;
export const secretColumn = (name: string): boolean => SECRET_COL.test(snake(name)) && !NOT_COL.test(snake(name));

const CHUNK = 1 << 20;
const MAX_STATEMENT = 64 << 20;

/** Yields the lines of the input (latin1, so string offsets are byte offsets) with their byte offset and number. */
function* lines(ctx: AnalyzerContext): Generator<{ text: string; offset: number; line: number }> {
  let carry = '';
  let carryOffset = 0;
  let line = 1;
  for (let pos = 0; pos < ctx.input.size; pos += CHUNK) {
    const text = carry + Buffer.from(ctx.input.read(pos, CHUNK)).toString('latin1');
    let from = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', from)) !== -1) {
      yield { text: text.slice(from, nl + 1), offset: carryOffset + from, line: line++ };
      from = nl + 1;
    }
    carryOffset += from;
    carry = text.slice(from);
  }
  if (carry) yield { text: carry, offset: carryOffset, line };
}

export const sqlDump: Analyzer = {
  name: 'sql-dump',
  streaming: true,
  applies: (path) => /\.sql$/i.test(path),
  analyze(ctx: AnalyzerContext): Match[] {
    const out: Match[] = [];
    const tables = new Map<string, string[]>();
    const emit = (table: string, column: string, value: string, stmt: string, base: { offset: number; line: number }, at: number, end: number): void => {
      const secret = Buffer.from(value, 'latin1').toString('utf8');
      if (secret.trim().length < 4 || isPlaceholder(secret)) return;
      const before = stmt.slice(0, at);
      const nl = before.lastIndexOf('\n');
      const lineEnd = stmt.indexOf('\n', at);
      const lineText = stmt.slice(nl + 1, lineEnd < 0 ? stmt.length : lineEnd).replace(/\r$/, '');
      const place: Place = {
        start: base.offset + at, end: base.offset + end,
        line: base.line + (before.match(/\n/g)?.length ?? 0), column: at - nl,
        context: Buffer.from(lineText.length > 240 ? lineText.slice(Math.max(0, at - nl - 80), at - nl + 160) : lineText, 'latin1').toString('utf8'),
      };
      const detail = `${table}.${column}`;
      const specific = ctx.scanText(secret).filter((m) => !ruleOf(ctx.ruleSet, m.ruleId)?.generic);
      const picks = specific.length ? specific.map((m) => [m.ruleId, m.secret] as const) : [['sql-dump-credential', secret] as const];
      for (const [rule, s] of picks) {
        const m = makeMatchAt(ctx, rule, s, place, { detail });
        if (m) out.push(m);
      }
    };
    let stmt: string | undefined;
    let base = { offset: 0, line: 1 };
    let create: { table: string; body: string } | undefined;
    let copy: { table: string; columns: string[] } | undefined;
    for (const l of lines(ctx)) {
      if (copy) {
        if (/^\\\.\r?$/.test(l.text.trimEnd())) { copy = undefined; continue; }
        let at = 0;
        l.text.replace(/\r?\n$/, '').split('\t').forEach((field, i) => {
          const col = copy!.columns[i];
          if (col && field !== '\\N' && secretColumn(col)) emit(copy!.table, col, field.replace(/\\(.)/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c)), l.text, l, at, at + field.length);
          at += field.length + 1;
        });
        continue;
      }
      if (create) {
        create.body += l.text;
        if (/^\s*\)[^;]*;/.test(l.text) || create.body.length > 1 << 20) {
          tables.set(create.table, parseCreateColumns(create.body));
          create = undefined;
        }
        continue;
      }
      if (stmt === undefined) {
        const c = /^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:[`"[]?[\w$]+[`"\]]?\.)?[`"[]?[\w$]+[`"\]]?)\s*\(/i.exec(l.text);
        if (c) { create = { table: unquoteIdent(c[1]!.split('.').pop()!), body: l.text.slice(c[0].length) }; continue; }
        const cp = /^\s*COPY\s+((?:[\w"]+\.)?[\w"]+)\s*\(([^)]*)\)\s+FROM\s+stdin/i.exec(l.text);
        if (cp) { copy = { table: unquoteIdent(cp[1]!.split('.').pop()!), columns: cp[2]!.split(',').map(unquoteIdent) }; continue; }
        if (!/^\s*INSERT\s/i.test(l.text)) continue;
        stmt = '';
        base = l;
      }
      stmt += l.text;
      if (!/;\s*$/.test(l.text) && stmt.length < MAX_STATEMENT) continue;
      const ins = parseInsert(stmt);
      if (ins) {
        const cols = ins.columns ?? tables.get(ins.table) ?? [];
        for (const row of ins.rows) {
          row.forEach((v, i) => {
            const col = cols[i];
            if (col && v.isString && secretColumn(col)) emit(ins.table, col, v.text, stmt!, base, v.start + (stmt![v.start] === "'" ? 1 : 2), v.end - 1);
          });
        }
      }
      stmt = undefined;
    }
    return out;
  },
};
