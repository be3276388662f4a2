/**
 * `7490` → `7,490`. Not `toLocaleString('en-US')`: its first call loads the ICU locale data, about 10 ms of a CLI
 * start that is otherwise 50 ms.
 */
export function thousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
