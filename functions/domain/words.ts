/** Numbers in running text: grouped digits, and the noun agreeing with them. */
export const fmt = (n: number) => n.toLocaleString('en-US');

/** `1 write-up`, `2 write-ups`; irregular plurals are given (`1 person`, `2 people`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}
