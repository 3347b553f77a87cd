// Service files: the schema's types, the validator and the compiler to the solver's Problem.
export * from './types.ts';
export * from './validate.ts';
export * from './compile.ts';
export * from './load.ts';
