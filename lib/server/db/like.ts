/** A LIKE pattern matching `text` anywhere: `%`, `_` and `\` typed by a person are searched for, not wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
