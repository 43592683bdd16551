/** The answer to "is this service usable right now?", with a human reason either way. */
export type ProbeResult = { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly reason: string };

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
