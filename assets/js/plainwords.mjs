// Plain words: "use this" buttons that put a plain alternative in place of a flagged word.
export function initPlainWords() {}
