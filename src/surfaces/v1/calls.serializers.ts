/** A domain object as JSON shows it: dates become ISO 8601 strings. */
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** Serializes the voice objects (calls, recordings, transcriptions, voice agents): their fields are already 003's. */
export function toWire<T>(value: T): Wire<T> {
  return JSON.parse(JSON.stringify(value)) as Wire<T>;
}
