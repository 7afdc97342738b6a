// The documented development key: what the mock accepts unless told otherwise, and what its pages may name (the
// inspector's key prompt, Swagger UI), since it is printed in the README and the banner, not a secret. No imports, so
// the inspector page can bundle it without any server code.
/** The key the mock accepts when SNAPENGAGE_API_KEYS is unset (config.ts re-exports it). */
export const DEFAULT_DEV_API_KEY = 'dev-api-key';
