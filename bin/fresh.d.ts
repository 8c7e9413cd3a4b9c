// Types for fresh.js (plain JavaScript: it runs before tsx is registered).
export function builtIsFresh(): boolean;
