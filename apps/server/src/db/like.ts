/** A LIKE pattern for "holds `text`", its wildcards escaped, so a search for "50%" finds "50%", not everything. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
