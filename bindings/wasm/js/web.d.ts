export * from './index.js';
export { default } from './index.js';
/** The package version (after init). */
export declare function version(): string;
