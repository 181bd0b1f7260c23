/**
 * A value placed in an LDAP search filter (RFC 4515 §3): `\`, `*`, `(`, `)` and NUL as `\XX`, so a typed username
 * such as `*)(uid=*` matches only itself.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/**
 * A value placed in a DN (RFC 4514 §2.4): `,` `+` `"` `\` `<` `>` `;` `=` escaped with a backslash, a leading `#` or
 * space and a trailing space too, NUL as `\00`.
 */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, (c) => '\\' + c)
    .replace(/\0/g, '\\00')
    .replace(/^([#\s])/, '\\$1')
    .replace(/(\s)$/, '\\$1');
}

/** `template` with every `{name}` replaced by `escape(values[name])`. */
export function fillTemplate(template: string, values: Record<string, string>, escape: (v: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? escape(values[name]) : whole));
}
