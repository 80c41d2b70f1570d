// Debug adapter entry point (filled by the debugger work).
export {};
