// TEST ONLY: the tone "language" and its deterministic recognizer (protocol tests; never a host default).
export * from './tone-recognizer.ts';
