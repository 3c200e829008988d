export * from './app.js';
export * from './client.js';
export * from './enums.js';
export * from './frames.js';
export * from './methods.js';
export * from './result.js';
export * from './tasks.js';
export * from './bridge.js';
