// Branded number types: a value's unit is part of its type, so a page index never passes for a byte offset.
// Conversions happen only through named functions (see units.ts).

declare const brand: unique symbol;

/** A `T` tagged with the unit `U`; the tag exists only for the type checker. */
export type Brand<T, U extends string> = T & { readonly [brand]: U };
