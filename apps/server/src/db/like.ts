/** `text` with LIKE's wildcards and its escape character escaped, so that they match themselves. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern for "holds `text`", its wildcards escaped, so a search for "50%" finds "50%", not everything. */
export const containing = (text: string) => `%${literal(text)}%`;

/** A LIKE pattern for "starts with `text`", its wildcards escaped. */
export const startingWith = (text: string) => `${literal(text)}%`;
