// Language server entry point (filled by the language-server work).
export {};
