export * from './index.js';
export { default } from './index.js';
/** The package version. */
export declare const version: string;
