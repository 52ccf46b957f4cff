// Value filters: placeholders, references and documentation examples are not findings.

const REFERENCE = [
  /\$\{[^}]*\}?/, // ${VAR}, ${{ secrets.X }}
  /\{\{[^}]*\}?\}?/, // {{ var }}
  /\$\([^)]*\)?/, // $(VAR)
  /%\([^)]*\)s?/, // %(name)s
  /#\{[^}]*\}?/, // #{ruby}
  /<%[^%]*%?>?/, // <%= erb %>
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR%
  /^@[A-Za-z_][\w.]*$/, // @Value-like references
  /\b(?:process\.env|os\.environ|os\.getenv|getenv|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|env\()\b/,
  /^(?:var|local|locals|data|module|secrets|vars|env|inputs|needs|steps|matrix|github|params|values|each|self|this|settings|config|cfg|conf|options|opts|args|props)\.[A-Za-z_][\w.[\]'"-]*$/,
];

const PLACEHOLDER_WORDS = [
  'example', 'placeholder', 'changeme', 'change_me', 'change-me', 'replaceme', 'replace_me', 'replace-me', 'replace_with',
  'your_', 'your-', 'yourpass', 'yourtoken', 'yoursecret', 'yourkey', 'redacted', 'dummy', 'sample', 'insert_', 'enter_your',
  'notreal', 'not_real', 'not-a-real', 'fixme', 'put_your', 'goes_here', 'goeshere', 'secret_here', 'token_here',
];

/** True for values that are obviously not real secrets: references, templates and placeholders. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  for (const re of REFERENCE) if (re.test(v)) return true;
  const low = v.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (low.includes(w)) return true;
  if (/^<[^>]*>$|<[a-z_ -]{3,}>/i.test(v)) return true; // <your-token>, <password>
  if (/x{5,}|\*{4,}|\.{4,}|#{4,}|_{5,}|0{8,}/i.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true;
  if (/abcdef|123456|0123456|qwerty|9876543/i.test(v)) return true;
  return false;
}

const NOT_SECRET_WORDS = new Set([
  'true', 'false', 'null', 'none', 'nil', 'undefined', 'yes', 'no', 'on', 'off', 'string', 'str', 'int', 'bool', 'boolean',
  'required', 'optional', 'password', 'passwd', 'secret', 'token', 'empty', 'default', 'hidden', 'masked', 'sensitive',
  'variable', 'value', 'text', 'object', 'number', 'any', 'unknown', 'function', 'lambda', 'return', 'new',
]);

/**
 * Generic rules (a value assigned to a password-like key) must also look like a credential:
 * not an identifier, a type, a function call, a path, a number, a boolean or a reference.
 */
export function looksLikeCredential(value: string): boolean {
  const v = value.trim();
  if (v.length < 6 || v.length > 300) return false;
  if (NOT_SECRET_WORDS.has(v.toLowerCase())) return false;
  if (/\s/.test(v) && !/^[^\s]{6,}$/.test(v)) return false; // prose, not a secret
  if (/^[A-Z][A-Z0-9_]*$/.test(v) && !/[0-9]/.test(v)) return false; // ENV_VAR_NAME
  if (/^[A-Za-z_][A-Za-z_]*$/.test(v) && v.length < 16) return false; // a plain word or identifier without digits
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v) && !/[0-9]/.test(v)) return false; // dotted.identifier
  if (/^[\w$.]+\(.*\)?;?$/.test(v)) return false; // function call
  if (/^[\w.]+\[[^\]]*\]$/.test(v)) return false; // index expression
  if (/^\d{1,9}$/.test(v)) return false; // small number
  if (/^\d+(?:\.\d+)*$/.test(v)) return false; // version-like
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)[\w./\\-]*$/.test(v)) return false; // a path
  if (/^https?:\/\/[^@\s]*$/.test(v)) return false; // a URL without credentials
  if (/^[\w.-]+\.(?:pem|key|crt|cer|json|ya?ml|txt|p12|pfx|jks|env|properties|conf)$/i.test(v)) return false; // a file name
  if (/^(?:[A-Za-z][\w-]*\/)+[\w.-]+$/.test(v) && !/[0-9]/.test(v)) return false; // vault/secret/path
  if (TYPE_UNION.test(v)) return false; // Buffer|Uint8Array|string: a TypeScript union type
  if (/^[A-Za-z_$][\w$.]*\[\]?$/.test(v)) return false; // KeysList[] (an array type; `]` ends the value)
  return !isPlaceholder(v); // last: the structural tests above are cheaper and turn most values away
}

const TYPE_NAME = '(?:[A-Z][A-Za-z0-9_]*|string|number|boolean|bigint|symbol|object|null|undefined|void|never|any|unknown)';
const TYPE_UNION = new RegExp(`^${TYPE_NAME}(?:\\|${TYPE_NAME})+$`);

/**
 * True when the value is an identifier spelled from the setting's own name (`PrivateKeyAttributes:
 * PrivateKeyAttributesV3` in a type declaration, `clientSecretValue = clientSecretValueHolder`): a type
 * or a variable named after the field, not its secret. Short names (`pass: pass1234`) are left alone.
 */
export function valueNamesKey(key: string, value: string): boolean {
  const k = key.replace(/^["'`]|["'`]$/g, '');
  return k.length >= 10 && /^[A-Za-z_$][\w$]*$/.test(value) && value.toLowerCase().startsWith(k.toLowerCase());
}

const KEY_NOT_SECRET = /(?:^|[_.-])(?:name|names|file|filename|path|dir|url|uri|endpoint|length|len|min|max|minlength|maxlength|policy|policies|field|label|hint|prompt|type|format|regex|pattern|header|param|env|var|ref|reset|confirm|confirmation|required|enabled|enable|disabled|mode|strategy|store|provider|manager|service|host|user|username|id|ttl|expiry|expires|expiration|count|size|version|algorithm|algo|prefix|suffix|question|placeholder|example|description|desc|template|attempts|retries|timeout|age|lifetime|hash|salt|rounds|iterations|strength|validation|validator|rules|rule|valid|changed|updated|created|location|source|secret[_-]?ref|key[_-]?ref|keyref|id[_-]?ref)$/i;
const CAMEL_NOT_SECRET = /(?:Name|File|Path|Url|Uri|Length|Policy|Field|Label|Hint|Prompt|Type|Format|Regex|Pattern|Header|Param|Env|Ref|Reset|Confirm|Required|Enabled|Mode|Provider|Manager|Service|Host|User|Id|Ttl|Expiry|Expires|Count|Size|Version|Hash|Salt)$/;

/** True when a setting's name says its value is not the secret itself (password_file, tokenUrl, secret_name). */
export function keyIsNotSecret(key: string): boolean {
  const k = key.replace(/^["'`]|["'`]$/g, '');
  return KEY_NOT_SECRET.test(k) || CAMEL_NOT_SECRET.test(k);
}
