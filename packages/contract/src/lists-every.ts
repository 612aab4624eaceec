/**
 * `true` when the list type `L` names every member of `T`; otherwise a type naming those left out. A
 * list kept in its own order elsewhere (a menu, a help text) is checked against the contract's type by
 * `true satisfies ListsEvery<T, typeof LIST>`: leaving a member out is a compile error that names it.
 */
export type ListsEvery<T, L extends readonly unknown[]> = [Exclude<T, L[number]>] extends [never]
  ? true
  : { readonly missing: Exclude<T, L[number]> };
